"""What an event amounts to: counts per status, the municipalities it reached (members and
non-members, per Regierungsbezirk), who came how often over a series, and the needs to plan for
— summed without names for venue and caterer, named only for the organiser."""

from __future__ import annotations

from collections import Counter

from sqlalchemy import select
from sqlalchemy.orm import aliased

from beratung.domain.contacts import Affiliation, Organisation, Person
from beratung.domain.enums import NeedKind, OrganisationKind, RegistrationStatus, label
from beratung.domain.events import AccessibilityNeed, Event, Registration
from beratung.domain.rules.names import display_name
from beratung.domain.rules.registrations import HOLDING_PLACES
from beratung.services.base import Service
from beratung.services.events.common import load_event, office_rules, places_taken, status_counts
from beratung.services.events.snapshots import (
    Breakdown,
    EventFigures,
    NamedNeed,
    NeedCount,
    NeedSnapshot,
    NeedsSummary,
    SeriesAttendance,
)

#: Whose needs the venue and the caterer plan for: those with a place.
EXPECTED = tuple(HOLDING_PLACES)
#: Whom an event reached: those who registered (and came, or said they would).
REACHED = (RegistrationStatus.REGISTERED, RegistrationStatus.ATTENDED)


class EventFiguresService(Service):
    def needs_summary(self, event_id: int) -> NeedsSummary:
        """Counts per need for the venue and the caterer — no names."""
        with self.db.read() as s:
            load_event(s, event_id)
            rows = s.execute(
                select(
                    AccessibilityNeed.kind,
                    AccessibilityNeed.details,
                    AccessibilityNeed.delete_after,
                )
                .join(Registration, Registration.id == AccessibilityNeed.registration_id)
                .where(Registration.event_id == event_id, Registration.status.in_(EXPECTED))
            ).all()
        counts = Counter(kind for kind, _details, _delete in rows)
        others = sorted(
            {
                details.strip()
                for kind, details, _delete in rows
                if details and kind in (NeedKind.DIET, NeedKind.OTHER)
            }
        )
        deletes = [delete for _kind, _details, delete in rows if delete is not None]
        return NeedsSummary(
            event_id=event_id,
            counts=tuple(
                NeedCount(kind=kind, label=label(kind), count=counts[kind])
                for kind in NeedKind
                if counts[kind]
            ),
            other_details=tuple(others),
            delete_after=min(deletes) if deletes else None,
        )

    def named_needs(self, event_id: int) -> list[NamedNeed]:
        """Who needs what, for the organiser only (health data: the GUI asks first)."""
        with self.db.read() as s:
            load_event(s, event_id)
            registrations = list(
                s.scalars(
                    select(Registration)
                    .join(Person, Person.id == Registration.person_id)
                    .where(
                        Registration.event_id == event_id,
                        Registration.id.in_(select(AccessibilityNeed.registration_id)),
                    )
                    .order_by(Person.sort_name, Registration.id)
                )
            )
            named = []
            for registration in registrations:
                person = registration.person
                role = (
                    s.get(Affiliation, registration.affiliation_id)
                    if registration.affiliation_id
                    else None
                )
                named.append(
                    NamedNeed(
                        name=display_name(person.title, person.first_name, person.last_name),
                        organisation=role.organisation.name if role else None,
                        status_label=label(registration.status),
                        needs=tuple(
                            NeedSnapshot(
                                kind=need.kind,
                                label=label(need.kind),
                                details=need.details,
                                delete_after=need.delete_after,
                            )
                            for need in registration.needs
                        ),
                    )
                )
            return named

    def event_figures(self, event_id: int) -> EventFigures:
        with self.db.read() as s:
            event = load_event(s, event_id)
            assistants, _weeks = office_rules(s)
            role = aliased(Affiliation)
            org = aliased(Organisation)
            reached = s.execute(
                select(org.id, org.kind, org.is_member, org.regierungsbezirk)
                .select_from(Registration)
                .join(role, role.id == Registration.affiliation_id)
                .join(org, org.id == role.organisation_id)
                .where(Registration.event_id == event.id, Registration.status.in_(REACHED))
                .distinct()
            ).all()
            municipalities = [r for r in reached if r.kind is OrganisationKind.MUNICIPALITY]
            by_rb = Counter(r.regierungsbezirk or "(ohne Angabe)" for r in municipalities)
            return EventFigures(
                event_id=event.id,
                title=event.title,
                counts=status_counts(s, [event.id])[event.id],
                places_taken=places_taken(s, event.id, assistants),
                capacity=event.capacity,
                municipalities=len(municipalities),
                members=sum(1 for r in municipalities if r.is_member),
                non_members=sum(1 for r in municipalities if not r.is_member),
                by_regierungsbezirk=tuple(
                    Breakdown(label=name, count=count) for name, count in sorted(by_rb.items())
                ),
            )

    def series_attendance(self, series: str) -> list[SeriesAttendance]:
        """Who came how often to the events of a series (the network's regulars first)."""
        with self.db.read() as s:
            rows = s.execute(
                select(Person, Event.title, Registration.affiliation_id)
                .join(Registration, Registration.person_id == Person.id)
                .join(Event, Event.id == Registration.event_id)
                .where(Event.series == series, Registration.status == RegistrationStatus.ATTENDED)
                .order_by(Event.starts_at, Event.id)
            ).all()
            persons: dict[int, Person] = {}
            titles: dict[int, list[str]] = {}
            latest_role: dict[int, int | None] = {}
            for person, title, affiliation_id in rows:
                persons[person.id] = person
                titles.setdefault(person.id, []).append(title)
                latest_role[person.id] = affiliation_id or latest_role.get(person.id)
            out = []
            for person_id, person in persons.items():
                role_id = latest_role[person_id]
                role = s.get(Affiliation, role_id) if role_id is not None else None
                out.append(
                    SeriesAttendance(
                        person_id=person_id,
                        name=display_name(person.title, person.first_name, person.last_name),
                        organisation=role.organisation.name if role else None,
                        attended=len(titles[person_id]),
                        events=tuple(titles[person_id]),
                    )
                )
            out.sort(key=lambda a: (-a.attended, a.name))
            return out
