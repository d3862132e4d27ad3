"""Data protection (GDPR/BDSG): a person's data report (Art. 15), erasure (Art. 17), deletion
when retention periods end, and the record of processing activities (Art. 30).

Everything about a person is found through the one reference walker
(:mod:`beratung.storage.references`) plus a scan of the audit log and the document log
(:mod:`.gather`). Import from this package, not from its modules.
"""

from __future__ import annotations

from beratung.domain.rules.retention import ConsultationRetention, RetentionSettings
from beratung.services.privacy.consents import ConsentInput
from beratung.services.privacy.retention import (
    DueConsultation,
    DueContact,
    DueNeeds,
    DueReport,
)
from beratung.services.privacy.service import (
    EraseResult,
    ExportResult,
    PrivacyService,
    PurgeResult,
    export_paths,
)

__all__ = [
    "ConsentInput",
    "ConsultationRetention",
    "DueConsultation",
    "DueContact",
    "DueNeeds",
    "DueReport",
    "EraseResult",
    "ExportResult",
    "PrivacyService",
    "PurgeResult",
    "RetentionSettings",
    "export_paths",
]
