"""The figures on the Übersicht page."""

from __future__ import annotations

from dataclasses import dataclass

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
        today = self.ctx.today()
        now = self.ctx.now()
        with self.db.read() as s:

            def count(stmt: object) -> int:
                return int(s.scalar(stmt) or 0)

            municipality = Organisation.kind == OrganisationKind.MUNICIPALITY
            return OverviewCounts(
                organisations=count(select(func.count(Organisation.id))),
                municipalities=count(select(func.count(Organisation.id)).where(municipality)),
                member_municipalities=count(
                    select(func.count(Organisation.id)).where(
                        municipality, Organisation.is_member.is_(True)
                    )
                ),
                persons=count(select(func.count(Person.id)).where(Person.erased_at.is_(None))),
                distribution_lists=count(select(func.count(DistributionList.id))),
                consultations=count(select(func.count(Consultation.id))),
                events=count(select(func.count(Event.id))),
                upcoming_events=count(select(func.count(Event.id)).where(Event.starts_at >= now)),
                press_releases=count(
                    select(func.count(PressRelease.id)).where(
                        PressRelease.status == PressStatus.FINAL
                    )
                ),
                open_follow_ups=count(
                    select(func.count(FollowUp.id)).where(FollowUp.done_at.is_(None))
                ),
                due_follow_ups=count(
                    select(func.count(FollowUp.id)).where(
                        FollowUp.done_at.is_(None), FollowUp.due_on <= today
                    )
                ),
                is_demo=s.get(AppMeta, DEMO_META_KEY) is not None,
                database=self.db.describe(),
            )
