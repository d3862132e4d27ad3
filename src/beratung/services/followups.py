"""Follow-ups (Wiedervorlagen): due today, overdue, this week (issue 4)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from beratung.services.base import Service


@dataclass(frozen=True, slots=True)
class FollowUpDraft:
    """``due`` is a date or German text: "in 2 Wochen", "nächsten Monat", "morgen", "25.10.2017".

    Exactly one subject is usual; at least one is required.
    """

    due: date | str
    note: str
    consultation_id: int | None = None
    organisation_id: int | None = None
    person_id: int | None = None
    event_id: int | None = None


@dataclass(frozen=True, slots=True)
class FollowUpSnapshot:
    id: int
    due_on: date
    note: str
    done_at: datetime | None
    consultation_id: int | None
    organisation_id: int | None
    person_id: int | None
    event_id: int | None
    #: "consultation", "organisation", "person" or "event": what a click opens.
    subject_kind: str
    #: What it is attached to in German words: "Beratung 12.05.2017 – Stadt Ulm",
    #: "Stadt Ulm", "Person Dr. Anna Muster", "Veranstaltung 25.10.2017 Werkstattgespräch …".
    subject_label: str
    created_at: datetime
    updated_at: datetime

    @property
    def is_done(self) -> bool:
        return self.done_at is not None

    def is_overdue(self, today: date) -> bool:
        return self.done_at is None and self.due_on < today


@dataclass(frozen=True, slots=True)
class FollowUpOverview:
    """Open follow-ups in four buckets, each sorted by due date (then id).

    ``this_week`` holds the rest of the ISO week after today (Monday–Sunday); ``later`` all after.
    """

    today: date
    overdue: tuple[FollowUpSnapshot, ...]
    due_today: tuple[FollowUpSnapshot, ...]
    this_week: tuple[FollowUpSnapshot, ...]
    later: tuple[FollowUpSnapshot, ...]

    @property
    def open_count(self) -> int:
        return len(self.overdue) + len(self.due_today) + len(self.this_week) + len(self.later)


class FollowUpService(Service):
    def parse_due(self, text: str) -> date:
        """German due text ("in 2 Wochen", "nächsten Monat", "25.10.2017") relative to today."""
        raise NotImplementedError

    def create(self, draft: FollowUpDraft) -> FollowUpSnapshot:
        raise NotImplementedError

    def update(self, follow_up_id: int, draft: FollowUpDraft) -> FollowUpSnapshot:
        raise NotImplementedError

    def get(self, follow_up_id: int) -> FollowUpSnapshot:
        raise NotImplementedError

    def delete(self, follow_up_id: int) -> None:
        raise NotImplementedError

    def mark_done(self, follow_up_id: int) -> FollowUpSnapshot:
        raise NotImplementedError

    def reopen(self, follow_up_id: int) -> FollowUpSnapshot:
        raise NotImplementedError

    def list_for(
        self,
        *,
        consultation_id: int | None = None,
        organisation_id: int | None = None,
        person_id: int | None = None,
        event_id: int | None = None,
        include_done: bool = False,
    ) -> list[FollowUpSnapshot]:
        raise NotImplementedError

    def due_overview(self, today: date | None = None) -> FollowUpOverview:
        raise NotImplementedError
