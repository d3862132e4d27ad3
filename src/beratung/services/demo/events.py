"""Venues and the Werkstattgespräche "Inklusive Quartiere" of 2017.

Reutlingen on 17.05.2017 (held: who came and who did not) and Ulm on 25.10.2017, the one of
press release P 309/2017 (invitations out, registrations with companions, accessibility needs
with the health-data consent they require, and a waiting list coming in).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, time, timedelta

from beratung.domain.enums import (
    ConsentMethod,
    ConsentPurpose,
    EventStatus,
    NeedKind,
    RegistrationStatus,
)
from beratung.domain.models import (
    AccessibilityNeed,
    AgendaItem,
    Consent,
    Event,
    Registration,
    Venue,
)
from beratung.services.demo.common import BERLIN, DemoBuild, at, workdays
from beratung.services.demo.data import texts
from beratung.services.demo.lists import Lists
from beratung.services.demo.organisations import REUTLINGEN_AGS, ULM_AGS, Contact, Towns
from beratung.services.demo.people import People

ULM_EVENT_DAY = date(2017, 10, 25)
REUTLINGEN_EVENT_DAY = date(2017, 5, 17)


def _speaker(contact: Contact) -> str:
    person = contact.person
    name = " ".join(p for p in (person.title, person.first_name, person.last_name) if p)
    return f"{name}, {contact.affiliation.role}, {contact.org.name}"


def _agenda(
    demo: DemoBuild,
    event: Event,
    items: Sequence[tuple[str, str, str, str | None]],
    **values: str,
) -> None:
    for position, (start, end, title, speaker) in enumerate(items, start=1):
        demo.add(
            AgendaItem(
                event=event,
                position=position,
                starts_at=time.fromisoformat(start),
                ends_at=time.fromisoformat(end),
                title=title,
                speaker=speaker.format(**values) if speaker else None,
            )
        )


def build_events(demo: DemoBuild, towns: Towns, people: People, lists: Lists) -> Event:
    """Add the venues and both Werkstattgespräche; return the one in Ulm."""
    rng = demo.rng
    ulm = towns.by_ags[ULM_AGS]
    reutlingen = towns.by_ags[REUTLINGEN_AGS]
    ulm_venue = Venue(
        name="Haus der Begegnung",
        room="Großer Saal",
        street="Grüner Hof 7",
        postcode="89073",
        town="Ulm",
        capacity=120,
        directions="Vom Hauptbahnhof 15 Minuten zu Fuß oder Straßenbahnlinie 1 bis "
        "Haltestelle Rathaus; Parkhaus Frauenstraße in der Nähe.",
        step_free_access=True,
        lift=True,
        accessible_wc=True,
        hearing_loop=True,
        accessible_parking=True,
        public_transport_step_free=True,
        tactile_guidance=False,
        quiet_room=True,
        accessibility_notes="Mobile Induktionsschleife im Großen Saal; zwei "
        "Behindertenparkplätze im Hof, bitte vorher anmelden.",
    )
    reutlingen_venue = Venue(
        name="Rathaus Reutlingen",
        room="Großer Sitzungssaal",
        street="Marktplatz 22",
        postcode="72764",
        town="Reutlingen",
        organisation=reutlingen.org,
        capacity=80,
        step_free_access=True,
        lift=True,
        accessible_wc=True,
        hearing_loop=None,
        accessible_parking=True,
        public_transport_step_free=True,
        tactile_guidance=None,
        quiet_room=False,
    )
    demo.add(ulm_venue, reutlingen_venue)
    demo.bump("venues", 2)

    held = Event(
        title="Werkstattgespräch Inklusive Quartiere",
        series="Inklusive Quartiere",
        starts_at=at(REUTLINGEN_EVENT_DAY, 10),
        ends_at=at(REUTLINGEN_EVENT_DAY, 13),
        venue=reutlingen_venue,
        host_organisation=reutlingen.org,
        capacity=40,
        registration_deadline=date(2017, 5, 5),
        description="Erfahrungsaustausch zur Beteiligung im Quartier während der "
        "Bewerbungsphase „Quartier 2020“.",
        status=EventStatus.HELD,
    )
    reporters = [t.contacts[0] for t in towns.advised[2:6]]
    _agenda(
        demo,
        held,
        texts.REUTLINGEN_AGENDA,
        reports="; ".join(_speaker(c) for c in reporters[:2]),
    )
    ulm_event = Event(
        title="Werkstattgespräch Inklusive Quartiere",
        series="Inklusive Quartiere",
        starts_at=at(ULM_EVENT_DAY, 10),
        ends_at=at(ULM_EVENT_DAY, 16),
        venue=ulm_venue,
        host_organisation=ulm.org,
        capacity=60,
        registration_deadline=date(2017, 10, 11),
        description="Erfahrungsaustausch nach der Bewerbungsphase „Quartier 2020“: "
        "Beteiligung, Barrierefreiheit und Finanzierung inklusiver Quartiere.",
        status=EventStatus.PLANNED,
    )
    demo.add(held, ulm_event)
    demo.bump("events", 2)
    host = next((c for c in ulm.contacts if c.role == "sozdez"), ulm.contacts[0])
    professor = people.professor
    _agenda(
        demo,
        ulm_event,
        texts.ULM_AGENDA,
        host=_speaker(host),
        professor=f"Prof. Dr. {professor.first_name} {professor.last_name}, Hochschule Esslingen",
        reports="; ".join(_speaker(c) for c in reporters[1:4]),
    )

    # Reutlingen: held; who came and who did not.
    invitees = [c for t in towns.advised[:40] for c in t.contacts[:1]][:30]
    for index, contact in enumerate(invitees):
        status = (
            RegistrationStatus.DECLINED
            if index % 8 == 7
            else (RegistrationStatus.NO_SHOW if index % 13 == 12 else RegistrationStatus.ATTENDED)
        )
        demo.add(
            Registration(
                event=held,
                person=contact.person,
                affiliation_id=contact.affiliation.id,
                status=status,
                invited_at=at(date(2017, 4, 10), 9),
                responded_at=at(date(2017, 4, rng.randint(11, 28)), rng.randint(8, 17)),
            )
        )
        demo.bump("registrations")

    # Ulm: invitations out, answers coming in; 52 registered + 8 companions = 60 seats.
    plan = (
        [RegistrationStatus.REGISTERED] * 52
        + [RegistrationStatus.WAITLISTED] * 5
        + [RegistrationStatus.DECLINED] * 9
        + [RegistrationStatus.INVITED] * 6
    )
    statuses = plan[: len(lists.ulm_invitees)]
    rng.shuffle(statuses)
    companions = [2, 1, 1, 1, 1, 1, 1]
    needs = [
        (NeedKind.STEP_FREE, "Rollstuhlnutzerin, bitte Platz am Gang"),
        (NeedKind.SIGN_LANGUAGE, "Gebärdensprachdolmetschung für den ganzen Tag"),
        (NeedKind.HEARING_LOOP, "Hörgerät mit T-Spule"),
        (NeedKind.DIET, "vegetarisch, laktosefrei"),
        (NeedKind.ASSISTANCE, "kommt mit Assistenzperson"),
    ]
    invited_at = at(date(2017, 9, 6), 9)
    delete_after = ULM_EVENT_DAY + timedelta(days=30)
    answer_days = workdays(date(2017, 9, 7), date(2017, 10, 11))
    waitlist = 0
    pending_needs: list[tuple[Registration, NeedKind, str, Consent]] = []
    for contact, status in zip(lists.ulm_invitees, statuses, strict=True):
        registration = Registration(
            event=ulm_event,
            person=contact.person,
            affiliation_id=contact.affiliation.id,
            status=status,
            invited_at=invited_at,
        )
        if status is not RegistrationStatus.INVITED:
            day = rng.choice(answer_days)
            registration.responded_at = at(day, rng.randint(8, 17), rng.randint(0, 59))
        if status is RegistrationStatus.WAITLISTED:
            waitlist += 1
            registration.waitlist_position = waitlist
        if status is RegistrationStatus.REGISTERED:
            if companions:
                registration.companions = companions.pop()
                registration.companion_names = (
                    "Begleitperson" if registration.companions == 1 else "zwei Kolleginnen"
                )
            if needs:
                kind, details = needs.pop()
                consent = Consent(
                    person=contact.person,
                    purpose=ConsentPurpose.HEALTH_DATA,
                    method=ConsentMethod.FORM,
                    given_on=(registration.responded_at or invited_at).astimezone(BERLIN).date(),
                    valid_until=delete_after,
                    event_id=None,
                    notes="Einwilligung auf dem Anmeldeformular zum Werkstattgespräch Ulm",
                )
                demo.add(consent)
                demo.bump("consents")
                pending_needs.append((registration, kind, details, consent))
        demo.add(registration)
        demo.bump("registrations")
    demo.s.flush()
    for registration, kind, details, consent in pending_needs:
        consent.event_id = ulm_event.id
        demo.add(
            AccessibilityNeed(
                registration=registration,
                kind=kind,
                details=details,
                consent_id=consent.id,
                delete_after=delete_after,
            )
        )
        demo.bump("needs")
    return ulm_event
