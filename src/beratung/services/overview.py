"""The figures on the Übersicht page."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from beratung.domain.enums import OrganisationKind, PressStatus
from beratung.domain.models import (
    AppMeta,
    Consultation,
    DistributionList,
    Event,
    FollowUp,
    Organisation,
    Person,
    PressRelease,
)
from beratung.services.base import Service

DEMO_META_KEY = "demo"


@dataclass(frozen=True, slots=True)
class OverviewCounts:
    organisations: int
    municipalities: int
    member_municipalities: int
    persons: int
    distribution_lists: int
    consultations: int
    events: int
    upcoming_events: int
    press_releases: int
    open_follow_ups: int
    due_follow_ups: int
    is_demo: bool
    database: str


class OverviewService(Service):
    def counts(self) -> OverviewCounts:
        """All figures of the Übersicht in one statement (one round trip to a server; the
        window's first paint waits for it)."""
        today = self.ctx.today()
        now = self.ctx.now()

        def count(column: Any, *where: Any) -> Any:
            return select(func.count(column)).where(*where).scalar_subquery()

        municipality = Organisation.kind == OrganisationKind.MUNICIPALITY
        open_follow_up = FollowUp.done_at.is_(None)
        stmt = select(
            count(Organisation.id),
            count(Organisation.id, municipality),
            count(Organisation.id, municipality, Organisation.is_member.is_(True)),
            count(Person.id, Person.erased_at.is_(None)),
            count(DistributionList.id),
            count(Consultation.id),
            count(Event.id),
            count(Event.id, Event.starts_at >= now),
            count(PressRelease.id, PressRelease.status == PressStatus.FINAL),
            count(FollowUp.id, open_follow_up),
            count(FollowUp.id, open_follow_up, FollowUp.due_on <= today),
            select(AppMeta.key).where(AppMeta.key == DEMO_META_KEY).exists(),
        )
        with self.db.read() as s:
            row = s.execute(stmt).one()
        (
            organisations,
            municipalities,
            member_municipalities,
            persons,
            distribution_lists,
            consultations,
            events,
            upcoming_events,
            press_releases,
            open_follow_ups,
            due_follow_ups,
            is_demo,
        ) = row
        return OverviewCounts(
            organisations=int(organisations or 0),
            municipalities=int(municipalities or 0),
            member_municipalities=int(member_municipalities or 0),
            persons=int(persons or 0),
            distribution_lists=int(distribution_lists or 0),
            consultations=int(consultations or 0),
            events=int(events or 0),
            upcoming_events=int(upcoming_events or 0),
            press_releases=int(press_releases or 0),
            open_follow_ups=int(open_follow_ups or 0),
            due_follow_ups=int(due_follow_ups or 0),
            is_demo=bool(is_demo),
            database=self.db.describe(),
        )

    def is_demo(self) -> bool:
        """Whether the database holds the demo scenario (the window title says so)."""
        with self.db.read() as s:
            return s.get(AppMeta, DEMO_META_KEY) is not None
