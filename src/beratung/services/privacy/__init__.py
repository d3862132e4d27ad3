"""Data protection (GDPR/BDSG): a person's data report (Art. 15), erasure (Art. 17), deletion
when retention periods end, and the record of processing activities (Art. 30).

Everything about a person is found through the one reference walker
(:mod:`beratung.storage.references`) plus a scan of the audit log and the document log
(:mod:`.gather`). Import from this package, not from its modules.
"""

from __future__ import annotations

from beratung.services.privacy.service import (
    EraseResult,
    ExportResult,
    PrivacyService,
    export_paths,
)

__all__ = ["EraseResult", "ExportResult", "PrivacyService", "export_paths"]
