"""``DemoService``: refuses a non-empty database, then runs the parts of the scenario in order.

The order of the parts is part of the data: they share one random source (see
:mod:`.common`), and the applications are dated after the consultations, the events invite
from the lists, the follow-ups point at the Ulm event. Each part is one module; this one only
wires them together and counts what was made.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from beratung.domain.enums import AuditAction, OrganisationKind
from beratung.domain.errors import UserError
from beratung.domain.models import AppMeta, Organisation, Person
from beratung.services.base import Service
from beratung.services.demo.common import DemoBuild
from beratung.services.demo.consultations import (
    build_consultations,
    build_follow_ups_around_today,
)
from beratung.services.demo.events import build_events
from beratung.services.demo.lists import build_lists
from beratung.services.demo.office import build_office
from beratung.services.demo.organisations import ULM_AGS, build_organisations, choose_towns
from beratung.services.demo.people import build_people
from beratung.services.demo.press import build_press_releases
from beratung.services.demo.programmes import (
    Q2020_NAME,
    build_applications,
    build_programme,
)
from beratung.services.demo.topics import build_organisation_topics, build_topics
from beratung.services.masterdata import (
    DirectoryRow,
    MasterDataService,
    parse_directory,
    shipped_directory_bytes,
)
from beratung.services.overview import DEMO_META_KEY

DEMO_CREATED_META_KEY = "demo_created_at"


@dataclass(frozen=True, slots=True)
class DemoSummary:
    directory_entries: int
    organisations: int
    municipalities: int
    member_municipalities: int
    counties: int
    persons: int
    affiliations: int
    distribution_lists: int
    topics: int
    organisation_topics: int
    programmes: int
    applications: int
    members_advised_q2020: int
    non_members_advised_q2020: int
    consultations: int
    follow_ups: int
    open_follow_ups: int
    venues: int
    events: int
    registrations: int
    accessibility_needs: int
    consents: int
    press_releases: int
    forced: bool

    def describe(self) -> str:
        return (
            f"Demodaten angelegt: {self.organisations} Organisationen "
            f"({self.municipalities} Kommunen, davon {self.member_municipalities} Mitglieder; "
            f"{self.counties} Landkreise), {self.persons} Personen, "
            f"{self.distribution_lists} Verteiler, {self.consultations} Beratungen, "
            f"{self.applications} Bewerbungen „{Q2020_NAME}“ "
            f"({self.members_advised_q2020} Mitgliedskommunen beraten), "
            f"{self.events} Veranstaltungen mit {self.registrations} Einladungen, "
            f"{self.press_releases} Presseinformationen"
            + (" (ausdrücklich in eine nicht leere Datenbank)" if self.forced else "")
            + "."
        )


class DemoService(Service):
    def create(self, *, force: bool = False) -> DemoSummary:
        """Fill an empty database with the demo scenario (see :mod:`beratung.services.demo`)."""
        rows = parse_directory(shipped_directory_bytes())
        with self.db.transaction() as s:
            organisations = int(s.scalar(select(func.count(Organisation.id))) or 0)
            persons = int(s.scalar(select(func.count(Person.id))) or 0)
            is_demo = s.get(AppMeta, DEMO_META_KEY) is not None
            if (organisations or persons) and not force:
                what = "bereits Demodaten" if is_demo else "bereits Daten"
                raise UserError(
                    f"Die Datenbank ist nicht leer: sie enthält {what} "
                    f"({organisations} Organisationen, {persons} Personen). Demodaten werden "
                    "nie ungefragt mit echten Daten vermischt; es wurde nichts geändert.",
                    hint="Bitte verwenden Sie eine neue, leere Datenbank (z. B. mit --data-dir) "
                    "oder geben Sie ausdrücklich --force an.",
                )
            return self._build(s, rows, forced=bool(organisations or persons))

    def _build(self, s: Session, rows: Sequence[DirectoryRow], *, forced: bool) -> DemoSummary:
        demo = DemoBuild(s, self.ctx)
        MasterDataService(self.ctx).apply_directory(
            s,
            rows,
            source_label="Demodaten (mitgeliefertes Gemeindeverzeichnis)",
            audit=False,
        )
        clerk = build_office(demo)
        orgs = build_organisations(demo, rows)
        topics = build_topics(demo)
        programme = build_programme(demo)
        towns = choose_towns(demo, rows, orgs)
        people = build_people(demo, orgs, towns)
        lists = build_lists(demo, towns, people)
        build_consultations(demo, towns, topics, programme)
        build_applications(demo, towns, programme)
        build_organisation_topics(demo, towns, topics)
        ulm_event = build_events(demo, towns, people, lists, clerk)
        build_press_releases(demo, clerk)
        build_follow_ups_around_today(demo, ulm_event, towns.by_ags[ULM_AGS].org, orgs.ministry)
        _mark_as_demo(demo)
        s.flush()
        summary = _summary(
            demo,
            directory_entries=len(rows),
            distribution_lists=len(lists.by_name),
            topics=len(topics),
            forced=forced,
        )
        self.audit(s, AuditAction.IMPORT, "demo", None, summary.describe())
        return summary


def _mark_as_demo(demo: DemoBuild) -> None:
    """The marker the Übersicht and the title bar show (also on a forced run)."""
    for key, value in ((DEMO_META_KEY, "1"), (DEMO_CREATED_META_KEY, demo.now.isoformat())):
        row = demo.s.get(AppMeta, key)
        if row is None:
            demo.add(AppMeta(key=key, value=value))
        else:
            row.value = value


def _summary(
    demo: DemoBuild, *, directory_entries: int, distribution_lists: int, topics: int, forced: bool
) -> DemoSummary:
    """Organisations are counted in the database (a forced run adds to the user's own); the
    rest is what this run made."""
    s = demo.s
    municipality = Organisation.kind == OrganisationKind.MUNICIPALITY

    def count(stmt: Any) -> int:
        return int(s.scalar(stmt) or 0)

    c = demo.counts.get
    return DemoSummary(
        directory_entries=directory_entries,
        organisations=count(select(func.count(Organisation.id))),
        municipalities=count(select(func.count(Organisation.id)).where(municipality)),
        member_municipalities=count(
            select(func.count(Organisation.id)).where(
                municipality, Organisation.is_member.is_(True)
            )
        ),
        counties=count(
            select(func.count(Organisation.id)).where(Organisation.kind == OrganisationKind.COUNTY)
        ),
        persons=c("persons", 0),
        affiliations=c("affiliations", 0),
        distribution_lists=distribution_lists,
        topics=topics,
        organisation_topics=c("organisation_topics", 0),
        programmes=1,
        applications=c("applications", 0),
        members_advised_q2020=c("members_advised", 0),
        non_members_advised_q2020=c("non_members_advised", 0),
        consultations=c("consultations", 0),
        follow_ups=c("follow_ups", 0),
        open_follow_ups=c("open_follow_ups", 0),
        venues=c("venues", 0),
        events=c("events", 0),
        registrations=c("registrations", 0),
        accessibility_needs=c("needs", 0),
        consents=c("consents", 0),
        press_releases=c("press", 0),
        forced=forced,
    )
