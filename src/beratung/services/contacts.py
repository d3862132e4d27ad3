"""Organisations, persons, affiliations, distribution lists, duplicates and merging (issue 3)."""

from __future__ import annotations

from beratung.services.base import Service


class ContactService(Service):
    """Filled in by its issue; registered on :class:`beratung.services.Services` already."""
