"""Consultations: recording, listing, full-text search, attachments and topics (issue 4).

Every public method of :class:`ConsultationService` is one transaction and returns frozen
snapshots; a consultation, its follow-up and its attachments are saved together or not at all.
Bad input raises a German :class:`~beratung.domain.errors.ValidationError` whose ``field`` is the
name of the :class:`ConsultationDraft` field (or parameter) it concerns, the name the entry form
registers its widget under.

The package, by concern:

* ``snapshots`` — inputs, filters, rows and details (frozen dataclasses), ``mode_label``;
* ``records`` — one consultation inside a caller's session: loading, describing, its detail;
* ``queries`` — one consultation, the filtered list and its count, the full-text search;
* ``entry`` — fast entry: pre-filled drafts, recently used topics and programmes, date parsing;
* ``recording`` — creating, changing, deleting, with follow-up and attachments;
* ``attachments`` — files copied into the data folder with their records;
* ``topics`` — the managed topic list;
* ``service`` — :class:`ConsultationService`, composed of the services above.

Import from this package, not from its modules: the split between them may change.
"""

from __future__ import annotations

from beratung.services.consultations.attachments import AttachmentService
from beratung.services.consultations.entry import ConsultationEntryService
from beratung.services.consultations.queries import ConsultationQueryService
from beratung.services.consultations.recording import ConsultationRecordingService
from beratung.services.consultations.service import ConsultationService
from beratung.services.consultations.snapshots import (
    AttachmentSnapshot,
    ConsultationDetail,
    ConsultationDraft,
    ConsultationFilter,
    ConsultationFollowUp,
    ConsultationPrefill,
    ConsultationRow,
    OrganisationRef,
    PersonRef,
    ProgrammeRef,
    TopicRef,
    TopicSnapshot,
    mode_label,
)
from beratung.services.consultations.topics import TopicService

__all__ = [
    "AttachmentService",
    "AttachmentSnapshot",
    "ConsultationDetail",
    "ConsultationDraft",
    "ConsultationEntryService",
    "ConsultationFilter",
    "ConsultationFollowUp",
    "ConsultationPrefill",
    "ConsultationQueryService",
    "ConsultationRecordingService",
    "ConsultationRow",
    "ConsultationService",
    "OrganisationRef",
    "PersonRef",
    "ProgrammeRef",
    "TopicRef",
    "TopicService",
    "TopicSnapshot",
    "mode_label",
]
