"""The office profile, clerks, file plan and editable letter text templates (issue 5)."""

from __future__ import annotations

from beratung.services.base import Service


class OfficeService(Service):
    """Filled in by its issue; registered on :class:`beratung.services.Services` already."""
