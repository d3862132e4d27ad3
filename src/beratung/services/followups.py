"""Follow-ups (Wiedervorlagen): due today, overdue, this week (issue 4)."""

from __future__ import annotations

from beratung.services.base import Service


class FollowUpService(Service):
    """Filled in by its issue; registered on :class:`beratung.services.Services` already."""
