"""Import of contacts from CSV, Excel and vCard with dry run; export to the same formats (issue 3)."""

from __future__ import annotations

from beratung.services.base import Service


class ContactTransferService(Service):
    """Filled in by its issue; registered on :class:`beratung.services.Services` already."""
