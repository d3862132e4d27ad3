"""Venues and the Werkstattgespräche "Inklusive Quartiere" of the demo.

A Werkstattgespräch is built by :func:`build_werkstattgespraech` from its inputs, a
:class:`WerkstattgespraechPlan`: what the advisor decides (day and hours, venue, host
municipality, capacity, registration deadline, agenda and speakers, whom she invites and when)
and how the invitees answered (:class:`HeldAnswers` for an event already held,
:class:`OpenRegistration` for one still ahead, with companions, accessibility needs and a
waiting list). :func:`build_events` adds the venues and the two events of 2017:

* Reutlingen, 17.05.2017: held during the application phase; who came and who did not.
* Ulm, 25.10.2017, the one of press release P 309/2017: invitations out, answers coming in.

A further event (such as a follow-up planned for 2018) is one more plan; a new way of answering
(attendance recorded after the day) is one more class with a ``record`` method.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Protocol

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
    Organisation,
    Registration,
    Venue,
)
from beratung.domain.rules.dates import OFFICE_TIME_ZONE
from beratung.domain.rules.names import display_name
from beratung.services.demo.common import DemoBuild, at, workdays
from beratung.services.demo.data import texts
from beratung.services.demo.lists import Lists
from beratung.services.demo.organisations import REUTLINGEN_AGS, ULM_AGS, Contact, Towns
from beratung.services.demo.people import People

SERIES = "Inklusive Quartiere"
TITLE = "Werkstattgespräch Inklusive Quartiere"
ULM_EVENT_DAY = date(2017, 10, 25)
REUTLINGEN_EVENT_DAY = date(2017, 5, 17)
#: Accessibility needs are health data: kept with consent and deleted this long after the event.
NEEDS_KEPT_FOR = timedelta(days=30)

#: One agenda line: start and end ("10:00"), title, speaker (may name a ``{placeholder}`` of
#: :attr:`WerkstattgespraechPlan.speakers`) or ``None``.
AgendaRow = tuple[str, str, str, str | None]


class Answers(Protocol):
    """How the invitees of one event answered; writes one registration per invitee."""

    def record(self, demo: DemoBuild, event: Event, plan: WerkstattgespraechPlan) -> None: ...


@dataclass(frozen=True, slots=True)
class WerkstattgespraechPlan:
    """The inputs of one Werkstattgespräch."""

    day: date
    #: Start and end, full hours, Berlin time.
    hours: tuple[int, int]
    venue: Venue
    host: Organisation
    #: Where it takes place, as the notes name it ("Ulm").
    place: str
    capacity: int
    registration_deadline: date
    description: str
    status: EventStatus
    agenda: Sequence[AgendaRow]
    #: Values of the ``{placeholders}`` in the agenda's speakers.
    speakers: Mapping[str, str]
    invitees: Sequence[Contact]
    invited_at: datetime
    answers: Answers


def build_werkstattgespraech(demo: DemoBuild, plan: WerkstattgespraechPlan) -> Event:
    """Add the event, its agenda and the invitees' registrations; return the event."""
    event = Event(
        title=TITLE,
        series=SERIES,
        starts_at=at(plan.day, plan.hours[0]),
        ends_at=at(plan.day, plan.hours[1]),
        venue=plan.venue,
        host_organisation=plan.host,
        capacity=plan.capacity,
        registration_deadline=plan.registration_deadline,
        description=plan.description,
        status=plan.status,
    )
    demo.add(event)
    demo.bump("events")
    for position, (start, end, title, speaker) in enumerate(plan.agenda, start=1):
        demo.add(
            AgendaItem(
                event=event,
                position=position,
                starts_at=time.fromisoformat(start),
                ends_at=time.fromisoformat(end),
                title=title,
                speaker=speaker.format(**plan.speakers) if speaker else None,
            )
        )
    plan.answers.record(demo, event, plan)
    return event


@dataclass(frozen=True, slots=True)
class HeldAnswers:
    """An event already held: every invitee answered between two days (at a full hour);
    every eighth declined, every thirteenth registered but did not come, the rest attended."""

    answered_from: date
    answered_until: date

    def record(self, demo: DemoBuild, event: Event, plan: WerkstattgespraechPlan) -> None:
        rng = demo.rng
        span = (self.answered_until - self.answered_from).days
        for index, contact in enumerate(plan.invitees):
            status = (
                RegistrationStatus.DECLINED
                if index % 8 == 7
                else (
                    RegistrationStatus.NO_SHOW if index % 13 == 12 else RegistrationStatus.ATTENDED
                )
            )
            answered_on = self.answered_from + timedelta(days=rng.randint(0, span))
            demo.add(
                Registration(
                    event=event,
                    person=contact.person,
                    affiliation_id=contact.affiliation.id,
                    status=status,
                    invited_at=plan.invited_at,
                    responded_at=at(answered_on, rng.randint(8, 17)),
                )
            )
            demo.bump("registrations")


@dataclass(frozen=True, slots=True)
class OpenRegistration:
    """An event still ahead: the answers so far, shuffled over the invitees.

    The registered bring the given companions and accessibility needs, in this order, one each
    until they run out; every need comes with the health-data consent it requires (given on the
    registration form, valid until the need is deleted). The waiting list is numbered in the
    order of the invitation list.
    """

    #: How many invitees gave which answer (cut to the number of invitees).
    mix: Sequence[tuple[RegistrationStatus, int]]
    #: The days the answers came in (one drawn per answer, at a random time of day).
    answer_days: Sequence[date]
    companions: Sequence[int]
    needs: Sequence[tuple[NeedKind, str]]

    def record(self, demo: DemoBuild, event: Event, plan: WerkstattgespraechPlan) -> None:
        rng = demo.rng
        statuses = [status for status, count in self.mix for _ in range(count)]
        statuses = statuses[: len(plan.invitees)]
        rng.shuffle(statuses)
        companions = iter(self.companions)
        needs = iter(self.needs)
        delete_after = plan.day + NEEDS_KEPT_FOR
        waitlist = 0
        pending_needs: list[tuple[Registration, NeedKind, str, Consent]] = []
        for contact, status in zip(plan.invitees, statuses, strict=True):
            registration = Registration(
                event=event,
                person=contact.person,
                affiliation_id=contact.affiliation.id,
                status=status,
                invited_at=plan.invited_at,
            )
            if status is not RegistrationStatus.INVITED:
                day = rng.choice(self.answer_days)
                registration.responded_at = at(day, rng.randint(8, 17), rng.randint(0, 59))
            if status is RegistrationStatus.WAITLISTED:
                waitlist += 1
                registration.waitlist_position = waitlist
            if status is RegistrationStatus.REGISTERED:
                companion_count = next(companions, None)
                if companion_count is not None:
                    registration.companions = companion_count
                    registration.companion_names = (
                        "Begleitperson" if companion_count == 1 else "zwei Kolleginnen"
                    )
                need = next(needs, None)
                if need is not None:
                    kind, details = need
                    consent = Consent(
                        person=contact.person,
                        purpose=ConsentPurpose.HEALTH_DATA,
                        method=ConsentMethod.FORM,
                        given_on=(registration.responded_at or plan.invited_at)
                        .astimezone(OFFICE_TIME_ZONE)
                        .date(),
                        valid_until=delete_after,
                        event_id=None,
                        notes="Einwilligung auf dem Anmeldeformular zum Werkstattgespräch "
                        f"{plan.place}",
                    )
                    demo.add(consent)
                    demo.bump("consents")
                    pending_needs.append((registration, kind, details, consent))
            demo.add(registration)
            demo.bump("registrations")
        # Consent and need point at ids (no relationships): they exist after the flush.
        demo.s.flush()
        for registration, kind, details, consent in pending_needs:
            consent.event_id = event.id
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


# --------------------------------------------------------------------------------------------
# The two Werkstattgespräche of 2017


def _speaker(contact: Contact) -> str:
    """ "Dr. Anna Beispiel, Sozialdezernentin, Stadt Ulm" (as the agenda names speakers)."""
    person = contact.person
    name = display_name(person.title, person.first_name, person.last_name)
    return f"{name}, {contact.affiliation.role}, {contact.org.name}"


def _ulm_venue() -> Venue:
    return Venue(
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


def _reutlingen_venue(town_hall_of: Organisation) -> Venue:
    return Venue(
        name="Rathaus Reutlingen",
        room="Großer Sitzungssaal",
        street="Marktplatz 22",
        postcode="72764",
        town="Reutlingen",
        organisation=town_hall_of,
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


def build_events(demo: DemoBuild, towns: Towns, people: People, lists: Lists) -> Event:
    """Add the venues and the Werkstattgespräche of 2017; return the one in Ulm."""
    ulm = towns.by_ags[ULM_AGS]
    reutlingen = towns.by_ags[REUTLINGEN_AGS]
    ulm_venue = _ulm_venue()
    reutlingen_venue = _reutlingen_venue(reutlingen.org)
    demo.add(ulm_venue, reutlingen_venue)
    demo.bump("venues", 2)
    # Speakers reporting from their towns: two in Reutlingen, three in Ulm (one of them twice).
    reporters = [t.contacts[0] for t in towns.advised[2:6]]

    build_werkstattgespraech(
        demo,
        WerkstattgespraechPlan(
            day=REUTLINGEN_EVENT_DAY,
            hours=(10, 13),
            venue=reutlingen_venue,
            host=reutlingen.org,
            place="Reutlingen",
            capacity=40,
            registration_deadline=date(2017, 5, 5),
            description="Erfahrungsaustausch zur Beteiligung im Quartier während der "
            "Bewerbungsphase „Quartier 2020“.",
            status=EventStatus.HELD,
            agenda=texts.REUTLINGEN_AGENDA,
            speakers={"reports": "; ".join(_speaker(c) for c in reporters[:2])},
            invitees=[c for t in towns.advised[:40] for c in t.contacts[:1]][:30],
            invited_at=at(date(2017, 4, 10), 9),
            answers=HeldAnswers(answered_from=date(2017, 4, 11), answered_until=date(2017, 4, 28)),
        ),
    )

    host = next((c for c in ulm.contacts if c.role == "sozdez"), ulm.contacts[0])
    professor = people.professor
    return build_werkstattgespraech(
        demo,
        WerkstattgespraechPlan(
            day=ULM_EVENT_DAY,
            hours=(10, 16),
            venue=ulm_venue,
            host=ulm.org,
            place="Ulm",
            capacity=60,
            registration_deadline=date(2017, 10, 11),
            description="Erfahrungsaustausch nach der Bewerbungsphase „Quartier 2020“: "
            "Beteiligung, Barrierefreiheit und Finanzierung inklusiver Quartiere.",
            status=EventStatus.PLANNED,
            agenda=texts.ULM_AGENDA,
            speakers={
                "host": _speaker(host),
                "professor": f"Prof. Dr. {professor.first_name} {professor.last_name}, "
                "Hochschule Esslingen",
                "reports": "; ".join(_speaker(c) for c in reporters[1:4]),
            },
            invitees=lists.ulm_invitees,
            invited_at=at(date(2017, 9, 6), 9),
            # 52 registered + 8 companions = the 60 seats; the next ones wait.
            answers=OpenRegistration(
                mix=(
                    (RegistrationStatus.REGISTERED, 52),
                    (RegistrationStatus.WAITLISTED, 5),
                    (RegistrationStatus.DECLINED, 9),
                    (RegistrationStatus.INVITED, 6),
                ),
                answer_days=workdays(date(2017, 9, 7), date(2017, 10, 11)),
                companions=(1, 1, 1, 1, 1, 1, 2),
                needs=(
                    (NeedKind.ASSISTANCE, "kommt mit Assistenzperson"),
                    (NeedKind.DIET, "vegetarisch, laktosefrei"),
                    (NeedKind.HEARING_LOOP, "Hörgerät mit T-Spule"),
                    (NeedKind.SIGN_LANGUAGE, "Gebärdensprachdolmetschung für den ganzen Tag"),
                    (NeedKind.STEP_FREE, "Rollstuhlnutzerin, bitte Platz am Gang"),
                ),
            ),
        ),
    )
