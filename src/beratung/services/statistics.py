"""Statistics for the Auswertungen page and the annual report; municipality networking (issue 4)."""

from __future__ import annotations

from beratung.services.base import Service


class StatisticsService(Service):
    """Filled in by its issue; registered on :class:`beratung.services.Services` already."""
