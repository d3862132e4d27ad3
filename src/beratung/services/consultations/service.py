"""The consultation service as the GUI and the CLI use it: one object composed of the parts.

Each base class is a complete service of its own over the same context; they share no state and
call each other only through the module functions of their modules, so the order of the bases
does not matter.
"""

from __future__ import annotations

from beratung.services.consultations.attachments import AttachmentService
from beratung.services.consultations.entry import ConsultationEntryService
from beratung.services.consultations.queries import ConsultationQueryService
from beratung.services.consultations.recording import ConsultationRecordingService
from beratung.services.consultations.topics import TopicService


class ConsultationService(
    ConsultationQueryService,
    ConsultationRecordingService,
    ConsultationEntryService,
    AttachmentService,
    TopicService,
):
    """Record, change, find consultations; their attachments; the managed topic list."""
