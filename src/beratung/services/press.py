"""Press releases: drafts, numbering per year, freezing, new versions (issue 5)."""

from __future__ import annotations

from beratung.services.base import Service


class PressService(Service):
    """Filled in by its issue; registered on :class:`beratung.services.Services` already."""
