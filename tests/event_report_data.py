"""A small, hand-made year of events whose figures are known exactly, for the tests of the
events report (service, command line, Auswertungen page) on SQLite and PostgreSQL.

Municipalities: Ulm and Tübingen (members, RB Tübingen), Aalen (not a member, RB Stuttgart),
Kehl (member, RB Freiburg), Irgendwo (member, no Regierungsbezirk); the Landkreis Böblingen is
no municipality. People: Anna Adler and Hans Huber (Ulm), Ben Becker (Tübingen), Cem Çelik
(Aalen), Dora Dietz (Kehl), Emil Engel (Landkreis), Fritz Fuchs (Irgendwo), Gina Graf (no
organisation). Hans Huber is erased after the events.

2017, series "Inklusive Quartiere":
  E1 22.03. Werkstattgespräch Stuttgart — Fritz invited (no answer), Dora declined, Cem did
     not come; Anna, Ben, Emil and Gina attended.
  E2 25.10. Werkstattgespräch Ulm (4 places) — Anna and Hans attended, Ben and Cem registered,
     Fritz waits, Dora declined.
2017, no series:
  E3 06.07. Fachtag Karlsruhe — Dora and Fritz registered, then the Fachtag was cancelled.
2018, series "Inklusive Quartiere":
  E4 21.03. Werkstattgespräch Reutlingen — Anna attended (outside the year 2017).
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime

from beratung.domain.contacts import Person
from beratung.domain.enums import EventStatus, OrganisationKind
from beratung.domain.rules.dates import OFFICE_TIME_ZONE
from beratung.services import Services
from beratung.services.contacts import AffiliationInput, OrganisationInput, PersonInput
from beratung.services.events import EventService
from beratung.services.events.snapshots import EventInput

SERIES = "Inklusive Quartiere"
YEAR = (date(2017, 1, 1), date(2017, 12, 31))
#: The services' clock while the data is made.
CLOCK = datetime(2017, 3, 1, 9, 0, tzinfo=UTC)


def _at(year: int, month: int, day: int, hour: int = 10) -> datetime:
    return datetime(year, month, day, hour, tzinfo=OFFICE_TIME_ZONE)


def build(services: Services) -> dict[str, int]:
    """Make the data; returns the ids of the events ("e1" …) and the people ("anna" …)."""
    contacts = services.contacts
    municipality = OrganisationKind.MUNICIPALITY
    orgs = {
        key: contacts.create_organisation(
            OrganisationInput(
                name=name, kind=kind, regierungsbezirk=region, is_member=member, town=town
            )
        ).id
        for key, name, kind, region, member, town in (
            ("ulm", "Stadt Ulm", municipality, "Tübingen", True, "Ulm"),
            ("tue", "Universitätsstadt Tübingen", municipality, "Tübingen", True, "Tübingen"),
            ("aalen", "Stadt Aalen", municipality, "Stuttgart", False, "Aalen"),
            ("kehl", "Stadt Kehl", municipality, "Freiburg", True, "Kehl"),
            ("irgendwo", "Gemeinde Irgendwo", municipality, None, True, "Irgendwo"),
            ("lkbb", "Landkreis Böblingen", OrganisationKind.COUNTY, "Stuttgart", False,
             "Böblingen"),
        )
    }
    ids: dict[str, int] = {}
    for key, first, last, org in (
        ("anna", "Anna", "Adler", "ulm"),
        ("ben", "Ben", "Becker", "tue"),
        ("cem", "Cem", "Çelik", "aalen"),
        ("dora", "Dora", "Dietz", "kehl"),
        ("emil", "Emil", "Engel", "lkbb"),
        ("fritz", "Fritz", "Fuchs", "irgendwo"),
        ("gina", "Gina", "Graf", None),
        ("hans", "Hans", "Huber", "ulm"),
    ):
        affiliation = AffiliationInput(organisation_id=orgs[org], role="Sozialplanung") if org \
            else None
        ids[key] = contacts.create_person(
            PersonInput(first_name=first, last_name=last, email=f"{key}@example.org"),
            affiliation=affiliation,
        ).id

    events = EventService(dataclasses.replace(services.context, clock=lambda: CLOCK))

    def event(title: str, when: datetime, series: str | None, capacity: int | None) -> int:
        return events.create_event(
            EventInput(
                title=title,
                starts_at=when,
                ends_at=when.replace(hour=16),
                series=series,
                capacity=capacity,
            )
        ).id

    e1 = event("Werkstattgespräch Stuttgart", _at(2017, 3, 22), SERIES, 20)
    e2 = event("Werkstattgespräch Ulm", _at(2017, 10, 25), SERIES, 4)
    e3 = event("Fachtag Karlsruhe", _at(2017, 7, 6), None, 50)
    e4 = event("Werkstattgespräch Reutlingen", _at(2018, 3, 21), SERIES, 20)
    ids.update(e1=e1, e2=e2, e3=e3, e4=e4)

    from beratung.services.events.snapshots import Invitee

    events.invite_persons(e1, [Invitee(ids["fritz"]), Invitee(ids["dora"])])
    for key in ("anna", "ben", "cem", "emil", "gina"):
        events.register_person(e1, ids[key])
    events.decline_registration(e1, ids["dora"])
    for key in ("anna", "ben", "emil", "gina"):
        events.mark_attended(e1, ids[key])
    events.mark_no_show(e1, ids["cem"])

    for key in ("anna", "hans", "ben", "cem", "fritz"):  # four places: Fritz waits
        events.register_person(e2, ids[key])
    events.invite_persons(e2, [Invitee(ids["dora"])])
    events.decline_registration(e2, ids["dora"])
    for key in ("anna", "hans"):
        events.mark_attended(e2, ids[key])

    for key in ("dora", "fritz"):
        events.register_person(e3, ids[key])
    detail = events.get_event(e3)
    events.update_event(e3, {"status": EventStatus.CANCELLED}, expected_version=detail.version)

    events.register_person(e4, ids["anna"])
    events.mark_attended(e4, ids["anna"])

    with services.db.transaction() as s:
        hans = s.get(Person, ids["hans"])
        assert hans is not None
        hans.erased_at = CLOCK
    return ids
