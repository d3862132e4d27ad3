"""Venues and the Werkstattgespräche "Inklusive Quartiere" of the demo.

A Werkstattgespräch is built by :func:`build_werkstattgespraech` from its inputs, a
:class:`WerkstattgespraechPlan`: what the advisor decides (day and hours, venue, host
municipality, capacity, registration deadline, agenda and speakers, whom she invites and when)
and how the invitees answered (:class:`HeldAnswers`: the replies before the deadline, the
cancellations after it, and the day itself). :func:`build_events` adds the venues and three
events:

* Reutlingen, 17.05.2017: held during the application phase; who came and who did not.
* Ulm, 25.10.2017, the one of press release P 309/2017, held: about 100 invited, the places
  taken up to the capacity, a waiting list, one cancellation after the deadline with the first
  on the waiting list moving up, companions, assistants and accessibility needs with the
  health-data consent, attendance with no-shows and a walk-in.
* Freiburg im Breisgau, 18.04.2018: the next one, planned. Copied from Ulm as the events
  service's ``copy_event`` does (agenda, invitees only invited, no answers), then moved to
  another town and partly re-planned.

The registrations follow the rules the events service enforces, because they are written by
a :class:`RegistrationLedger` (``registration_ledger.py``) that takes the service's steps
(``services/events``: ``Places.admit``, ``Places.serve``, the check-in) in the order they
happened, with the same pure rules (``domain/rules/registrations.py``: places, admission,
promotion), the same history notes and
the office's rules (assistants taking places, weeks needs are kept), every step dated in 2017
and recorded by the clerk "Co". Everything is decided in memory before the first flush of a
registration, so no row is updated afterwards (no wall-clock ``updated_at``), and registration
codes and calendar UIDs come from the demo's random source (the models' defaults draw from
``secrets`` and ``uuid4``): the same seed gives the same rows.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Protocol

from beratung.domain.enums import (
    ConsentMethod,
    ConsentPurpose,
    EventKind,
    EventStatus,
    NeedKind,
    RegistrationStatus,
)
from beratung.domain.models import (
    AccessibilityNeed,
    AgendaItem,
    Clerk,
    Consent,
    Event,
    Organisation,
    Person,
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
from beratung.services.demo.registration_ledger import (
    NO_EXTRAS,
    DemoCodes,
    Extras,
    RegistrationLedger,
)
from beratung.services.events.common import (
    office_rules,
)

R = RegistrationStatus

SERIES = "Inklusive Quartiere"
TITLE = "Werkstattgespräch Inklusive Quartiere"
ULM_EVENT_DAY = date(2017, 10, 25)
REUTLINGEN_EVENT_DAY = date(2017, 5, 17)
FOLLOW_UP_DAY = date(2018, 4, 18)
FREIBURG_AGS = "08311000"
#: Who records the registrations in the demo's histories: the clerk of the events.
CLERK_INITIALS = "Co"
#: How often the service raised an event's calendar SEQUENCE on the way to its status: each
#: status change is one (planned → invited → held); each agenda item added is one more.
STATUS_CHANGES = {
    EventStatus.PLANNED: 0,
    EventStatus.INVITED: 1,
    EventStatus.HELD: 2,
    EventStatus.CANCELLED: 2,
}

#: One agenda line: start and end ("10:00"), title, speaker (may name a ``{placeholder}`` of
#: :attr:`WerkstattgespraechPlan.speakers`) or ``None``.
AgendaRow = tuple[str, str, str, str | None]


# --------------------------------------------------------------------------------------------
# The plan of a Werkstattgespräch and how its invitees answered


class Answers(Protocol):
    """How the invitees of one event answered; takes their registrations' steps."""

    def record(
        self, demo: DemoBuild, ledger: RegistrationLedger, plan: WerkstattgespraechPlan
    ) -> None: ...


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
    #: The speakers who are persons of the demo: invited first (if the list lacks them) and
    #: registered on the first day of replies.
    speaker_contacts: Sequence[Contact]
    invitees: Sequence[Contact]
    invited_at: datetime
    answers: Answers
    clerk: Clerk
    notes: str


def _calendar_sequence(agenda_items: int, status: EventStatus) -> int:
    return agenda_items + STATUS_CHANGES[status]


def _add_agenda(
    demo: DemoBuild, event: Event, rows: Sequence[AgendaRow], speakers: Mapping[str, str]
) -> None:
    for position, (start, end, title, speaker) in enumerate(rows, start=1):
        demo.add(
            AgendaItem(
                event=event,
                position=position,
                starts_at=time.fromisoformat(start),
                ends_at=time.fromisoformat(end),
                title=title,
                speaker=speaker.format(**speakers) if speaker else None,
            )
        )


def build_werkstattgespraech(
    demo: DemoBuild, codes: DemoCodes, plan: WerkstattgespraechPlan
) -> RegistrationLedger:
    """Add the event, its agenda, the invitees' registrations with their history, and the
    needs with their consents; return the ledger (the event and its registrations)."""
    assistants_take_places, needs_weeks = office_rules(demo.s)
    event = Event(
        title=TITLE,
        series=SERIES,
        kind=EventKind.WORKSHOP,
        starts_at=at(plan.day, plan.hours[0]),
        ends_at=at(plan.day, plan.hours[1]),
        venue=plan.venue,
        host_organisation=plan.host,
        capacity=plan.capacity,
        registration_deadline=plan.registration_deadline,
        description=plan.description,
        status=plan.status,
        clerk_id=plan.clerk.id,
        notes=plan.notes,
        calendar_uid=codes.calendar_uid(),
        calendar_sequence=_calendar_sequence(len(plan.agenda), plan.status),
    )
    demo.add(event)
    demo.bump("events")
    _add_agenda(demo, event, plan.agenda, plan.speakers)
    demo.s.flush()  # the event's id, for the consents
    ledger = RegistrationLedger(
        demo,
        event,
        codes,
        user=CLERK_INITIALS,
        assistants_take_places=assistants_take_places,
    )
    plan.answers.record(demo, ledger, plan)
    delete_after = plan.day + timedelta(weeks=needs_weeks)
    pending: list[tuple[Registration, Extras, Consent]] = []
    for registration in ledger.registrations:
        wanted = ledger.extras_of(registration)
        if not wanted.needs:
            continue
        assert registration.responded_at is not None  # needs come with the reply
        consent = Consent(
            person=registration.person,
            purpose=ConsentPurpose.HEALTH_DATA,
            method=wanted.consent,
            given_on=registration.responded_at.astimezone(OFFICE_TIME_ZONE).date(),
            valid_until=delete_after,
            event_id=event.id,
            notes=_CONSENT_NOTES[wanted.consent].format(place=plan.place),
        )
        demo.add(consent)
        demo.bump("consents")
        pending.append((registration, wanted, consent))
    # A need points at its consent by id (no relationship): the consents exist after the flush.
    demo.s.flush()
    for registration, wanted, consent in pending:
        for kind, details in wanted.needs:
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
    return ledger


_CONSENT_NOTES = {
    ConsentMethod.FORM: "Einwilligung auf dem Anmeldeformular zum Werkstattgespräch {place}",
    ConsentMethod.EMAIL: "Einwilligung per E-Mail mit der Anmeldung zum Werkstattgespräch {place}",
    ConsentMethod.VERBAL: "Einwilligung am Telefon bei der Anmeldung zum Werkstattgespräch "
    "{place}, Gesprächsnotiz liegt vor",
    ConsentMethod.WRITTEN: "schriftliche Einwilligung zum Werkstattgespräch {place}",
}


@dataclass(frozen=True, slots=True)
class HeldAnswers:
    """An event already held, as it happened.

    Before the deadline: the invitees reply on the given days (at a random time); the speakers
    first, then in random order ``declined`` say no, ``unanswered`` never answer, and the rest
    register, in the order of their replies: places while they last, then the waiting list.
    The ``extras`` go, in this order, to registering replies drawn from the first two thirds.
    After the deadline: at each of ``late_cancellations`` one registered person cancels (one
    whose places let exactly one move up, if someone waits), the waiting list moves up, and the
    office tells those promoted by phone the same day. On the day: the registered check in
    within ``check_in`` (Berlin time), the ``walk_ins`` come 40 minutes after the start,
    ``no_shows`` of the registered (speakers and people with needs excepted) do not come and
    are marked so half an hour after the end.
    """

    answer_days: Sequence[date]
    declined: int
    unanswered: int
    extras: Sequence[Extras] = ()
    late_cancellations: Sequence[datetime] = ()
    check_in: tuple[time, time] = (time(9, 30), time(10, 15))
    no_shows: int = 0
    walk_ins: Sequence[Contact] = ()

    def record(
        self, demo: DemoBuild, ledger: RegistrationLedger, plan: WerkstattgespraechPlan
    ) -> None:
        rng = demo.rng
        listed = {c.person.id for c in plan.invitees}
        invitees = [c for c in plan.speaker_contacts if c.person.id not in listed]
        invitees += list(plan.invitees)
        registrations = [ledger.invite(contact, plan.invited_at) for contact in invitees]
        speakers = {c.person.id for c in plan.speaker_contacts}

        # Replies before the deadline.
        others = [r for r in registrations if r.person.id not in speakers]
        answers: list[RegistrationStatus | None] = [R.DECLINED] * self.declined
        answers += [None] * self.unanswered
        answers += [R.REGISTERED] * (len(others) - len(answers))
        answers = answers[: len(others)]
        rng.shuffle(answers)
        replies: list[tuple[datetime, int, Registration, RegistrationStatus]] = []
        first_day = self.answer_days[0]
        for registration in registrations:
            if registration.person.id in speakers:
                moment = at(first_day, 9, rng.randint(0, 59))
                replies.append((moment, len(replies), registration, R.REGISTERED))
        for registration, answer in zip(others, answers, strict=True):
            if answer is None:
                continue
            day = rng.choice(self.answer_days)
            moment = at(day, rng.randint(8, 17), rng.randint(0, 59))
            replies.append((moment, len(replies), registration, answer))
        replies.sort(key=lambda reply: (reply[0], reply[1]))
        yes = [
            reg
            for _moment, _order, reg, answer in replies
            if answer is R.REGISTERED and reg.person.id not in speakers
        ]
        chosen = sorted(rng.sample(range(max(1, len(yes) * 2 // 3)), len(self.extras)))
        extras = {id(yes[index]): wanted for index, wanted in zip(chosen, self.extras, strict=True)}
        for moment, _order, registration, answer in replies:
            if answer is R.DECLINED:
                ledger.decline(registration, moment)
            else:
                ledger.register(registration, moment, extras.get(id(registration), NO_EXTRAS))

        # Cancellations after the deadline; the waiting list moves up.
        for moment in self.late_cancellations:
            candidates = [
                r
                for r in ledger.with_status(R.REGISTERED)
                if r.person.id not in speakers
                and ledger.extras_of(r) == NO_EXTRAS
                and r.promoted_at is None
            ]
            rng.shuffle(candidates)
            wanted_moves = 1 if ledger.waiting() else 0
            leaving = next(
                (r for r in candidates if ledger.would_promote(r) == wanted_moves), candidates[0]
            )
            leaving.notes = "Absage nach dem Anmeldeschluss per E-Mail."
            for promoted in ledger.decline(leaving, moment):
                ledger.told(promoted, moment.astimezone(OFFICE_TIME_ZONE).date(), "telefonisch")

        # The day itself.
        if plan.status is not EventStatus.HELD:
            return
        start, end = ledger.event.starts_at, ledger.event.ends_at or ledger.event.starts_at
        registered = ledger.with_status(R.REGISTERED)
        absent_pool = [
            r for r in registered if r.person.id not in speakers and not ledger.extras_of(r).needs
        ]
        absent = set(map(id, rng.sample(absent_pool, min(self.no_shows, len(absent_pool)))))
        opens = datetime.combine(plan.day, self.check_in[0], OFFICE_TIME_ZONE)
        closes = datetime.combine(plan.day, self.check_in[1], OFFICE_TIME_ZONE)
        window = int((closes - opens).total_seconds() // 60)
        arrivals = sorted(
            (opens + timedelta(minutes=rng.randint(0, window)), index, r)
            for index, r in enumerate(registered)
            if id(r) not in absent
        )
        for moment, _index, registration in arrivals:
            ledger.check_in(registration, moment.astimezone(UTC))
        for contact in self.walk_ins:
            ledger.walk_in(contact, start + timedelta(minutes=40))
        for registration in registered:
            if id(registration) in absent:
                ledger.no_show(registration, end + timedelta(minutes=30))


# --------------------------------------------------------------------------------------------
# The next one, copied


@dataclass(frozen=True, slots=True)
class FollowUpPlan:
    """The next Werkstattgespräch, copied from one already held as the events service's
    ``copy_event`` does (kind, series, capacity, clerk, agenda; the registration deadline and
    the end moved by as much as the start; every invitee again, only invited: no answers, no
    companions, no needs; status planned), then changed in one edit (venue, host town,
    description) and in some agenda items — each change raising the calendar SEQUENCE, as in
    the service."""

    source: RegistrationLedger
    day: date
    copied_at: datetime
    venue: Venue
    host: Organisation
    description: str
    #: Position → (title, speaker with ``{placeholders}``).
    agenda_changes: Mapping[int, tuple[str, str | None]]
    speakers: Mapping[str, str]
    notes: str


def copy_werkstattgespraech(demo: DemoBuild, codes: DemoCodes, plan: FollowUpPlan) -> Event:
    source = plan.source.event
    starts_at = at(plan.day, source.starts_at.astimezone(OFFICE_TIME_ZONE).hour)
    shift = starts_at - source.starts_at
    event = Event(
        title=source.title,
        series=source.series,
        kind=source.kind,
        starts_at=starts_at,
        ends_at=source.ends_at + shift if source.ends_at else None,
        venue=plan.venue,
        host_organisation=plan.host,
        capacity=source.capacity,
        registration_deadline=(
            source.registration_deadline + timedelta(days=shift.days)
            if source.registration_deadline
            else None
        ),
        description=plan.description,
        status=EventStatus.PLANNED,
        clerk_id=source.clerk_id,
        notes=plan.notes,
        calendar_uid=codes.calendar_uid(),
        # The copy starts at 0; the edit of venue, host and description is one change, and
        # each agenda item changed is one more.
        calendar_sequence=1 + len(plan.agenda_changes),
    )
    demo.add(event)
    demo.bump("events")
    for item in source.agenda_items:
        title, speaker = item.title, item.speaker
        if item.position in plan.agenda_changes:
            title, template = plan.agenda_changes[item.position]
            speaker = template.format(**plan.speakers) if template else None
        demo.add(
            AgendaItem(
                event=event,
                position=item.position,
                starts_at=item.starts_at,
                ends_at=item.ends_at,
                title=title,
                speaker=speaker,
                notes=item.notes,
            )
        )
    ledger = RegistrationLedger(
        demo,
        event,
        codes,
        user=CLERK_INITIALS,
        assistants_take_places=plan.source.assistants_take_places,
    )
    for registration in plan.source.registrations:
        ledger.copy_invitation(registration, plan.copied_at, source.title)
    return event


# --------------------------------------------------------------------------------------------
# The three Werkstattgespräche


def _speaker(contact: Contact) -> str:
    """ "Dr. Anna Beispiel, Sozialdezernentin, Stadt Ulm" (as the agenda names speakers)."""
    person = contact.person
    name = display_name(person.title, person.first_name, person.last_name)
    return f"{name}, {contact.affiliation.role}, {contact.org.name}"


def _contact_of(person: Person) -> Contact:
    """A person outside the towns (ministry, university) as a contact in their first role."""
    affiliation = person.affiliations[0]
    return Contact(
        person=person, affiliation=affiliation, role="extern", org=affiliation.organisation
    )


def _ulm_venue() -> Venue:
    return Venue(
        name="Haus der Begegnung",
        room="Großer Saal",
        street="Grüner Hof 7",
        postcode="89073",
        town="Ulm",
        capacity=120,
        directions="Vom Hauptbahnhof etwa 15 Minuten zu Fuß; Parkhaus Frauenstraße in der Nähe. "
        "Eingang mit Rampe auf der Hofseite.",
        public_transport="Straßenbahnlinie 1 bis Haltestelle Rathaus (Niederflurbahn, "
        "stufenlos), von dort 5 Minuten zu Fuß.",
        contact_name="Frau Kächele, Hausverwaltung",
        contact_phone="0731 1537-42",
        step_free_access=True,
        lift=True,
        accessible_wc=True,
        hearing_loop=True,
        accessible_parking=True,
        public_transport_step_free=True,
        tactile_guidance=None,
        quiet_room=None,
        accessibility_notes="Mobile Induktionsschleife im Großen Saal; zwei "
        "Behindertenparkplätze im Hof, bitte vorher anmelden. Taktiles Leitsystem und "
        "Ruheraum noch bei der Hausverwaltung erfragen.",
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
        directions="Vom Hauptbahnhof etwa 10 Minuten zu Fuß durch die Fußgängerzone.",
        public_transport="Stadtbusse bis Haltestelle Rathaus.",
        contact_name="Pforte Rathaus",
        step_free_access=True,
        lift=True,
        accessible_wc=True,
        hearing_loop=None,
        accessible_parking=True,
        public_transport_step_free=True,
        tactile_guidance=None,
        quiet_room=False,
    )


def _freiburg_venue(town_hall_of: Organisation) -> Venue:
    return Venue(
        name="Rathaus im Stühlinger",
        room="Sitzungssaal",
        street="Fehrenbachallee 12",
        postcode="79106",
        town="Freiburg im Breisgau",
        organisation=town_hall_of,
        capacity=90,
        directions="Vom Hauptbahnhof etwa 5 Minuten zu Fuß (Ausgang Stühlinger).",
        public_transport="Hauptbahnhof Freiburg (Züge, Straßenbahn und Busse), von dort "
        "stufenlos über die Stühlinger Brücke.",
        step_free_access=True,
        lift=True,
        accessible_wc=True,
        hearing_loop=None,
        accessible_parking=None,
        public_transport_step_free=True,
        tactile_guidance=None,
        quiet_room=None,
        accessibility_notes="Noch zu klären: Induktionsschleife, Behindertenparkplätze, "
        "taktiles Leitsystem und Ruheraum.",
    )


#: Ulm: what the registering invitees bring (companions, assistants, needs with consent).
ULM_EXTRAS = (
    Extras(
        assistants=1,
        needs=(
            (NeedKind.WHEELCHAIR_PLACE, "Rollstuhlnutzerin, bitte Platz am Gang"),
            (NeedKind.ASSISTANCE, "kommt mit persönlicher Assistenz"),
        ),
    ),
    Extras(companions=1, companion_names="Kollegin aus dem Quartiersmanagement"),
    Extras(needs=((NeedKind.SIGN_LANGUAGE, "Gebärdensprachdolmetschung für den ganzen Tag"),)),
    Extras(needs=((NeedKind.DIET, "vegetarisch, laktosefrei"),), consent=ConsentMethod.EMAIL),
    Extras(companions=1, companion_names="Mitglied des Behindertenbeirats"),
    Extras(needs=((NeedKind.HEARING_LOOP, "Hörgerät mit T-Spule"),)),
    Extras(
        needs=(
            (NeedKind.GUIDE_DOG, "kommt mit Blindenführhund"),
            (NeedKind.OTHER, "Unterlagen vorab als barrierefreies PDF per E-Mail"),
        ),
        consent=ConsentMethod.VERBAL,
    ),
    Extras(companions=2, companion_names="zwei Kolleginnen aus dem Sozialamt"),
    Extras(
        assistants=1,
        needs=(
            (NeedKind.ASSISTANCE, "Arbeitsassistenz"),
            (NeedKind.EASY_LANGUAGE, "Tischvorlagen in Leichter Sprache"),
        ),
    ),
    Extras(needs=((NeedKind.DIET, "glutenfrei"),), consent=ConsentMethod.EMAIL),
    Extras(companions=1, companion_names="Praktikantin der Sozialplanung"),
    Extras(needs=((NeedKind.STEP_FREE, "Gehhilfe, Sitzplatz nahe am Ausgang"),)),
)


def build_events(
    demo: DemoBuild, towns: Towns, people: People, lists: Lists, clerk: Clerk
) -> Event:
    """Add the venues and the three Werkstattgespräche; return the one in Ulm."""
    ulm = towns.by_ags[ULM_AGS]
    reutlingen = towns.by_ags[REUTLINGEN_AGS]
    freiburg = towns.by_ags[FREIBURG_AGS]
    ulm_venue = _ulm_venue()
    reutlingen_venue = _reutlingen_venue(reutlingen.org)
    freiburg_venue = _freiburg_venue(freiburg.org)
    demo.add(ulm_venue, reutlingen_venue, freiburg_venue)
    demo.bump("venues", 3)
    codes = DemoCodes(demo)
    # Speakers reporting from their towns: two in Reutlingen, three in Ulm (one of them twice).
    reporters = [t.contacts[0] for t in towns.advised[2:6]]

    build_werkstattgespraech(
        demo,
        codes,
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
            speaker_contacts=reporters[:2],
            invitees=[c for t in towns.advised[:40] for c in t.contacts[:1]][:30],
            invited_at=at(date(2017, 4, 10), 9),
            answers=HeldAnswers(
                answer_days=workdays(date(2017, 4, 11), date(2017, 5, 5)),
                declined=4,
                unanswered=0,
                extras=(Extras(companions=1, companion_names="Begleitperson"),),
                check_in=(time(9, 40), time(10, 10)),
                no_shows=2,
            ),
            clerk=clerk,
            notes="Demodaten: Werkstattgespräch während der Bewerbungsphase (erfunden).",
        ),
    )

    host = next((c for c in ulm.contacts if c.role == "sozdez"), ulm.contacts[0])
    professor = people.professor
    ministry = _contact_of(people.ministry_speaker)
    speakers = {
        "host": _speaker(host),
        "ministry": _speaker(ministry),
        "professor": f"Prof. Dr. {professor.first_name} {professor.last_name}, "
        "Hochschule Esslingen",
        "reports": "; ".join(_speaker(c) for c in reporters[1:4]),
    }
    invited = {c.person.id for c in lists.ulm_invitees}
    walk_in = next(
        c
        for t in towns.advised[6:]
        for c in t.contacts
        if c.person.id not in invited and c.role not in ("ob", "bm")
    )
    ulm_event = build_werkstattgespraech(
        demo,
        codes,
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
            status=EventStatus.HELD,
            agenda=texts.ULM_AGENDA,
            speakers=speakers,
            speaker_contacts=[host, ministry, _contact_of(professor), *reporters[1:4]],
            invitees=lists.ulm_invitees,
            invited_at=at(date(2017, 9, 6), 9),
            answers=HeldAnswers(
                answer_days=workdays(date(2017, 9, 7), date(2017, 10, 11)),
                declined=28,
                unanswered=14,
                extras=ULM_EXTRAS,
                # A week before the day someone cancels; the first on the waiting list moves up.
                late_cancellations=(at(date(2017, 10, 18), 11, 20),),
                check_in=(time(9, 30), time(10, 20)),
                no_shows=4,
                walk_ins=(walk_in,),
            ),
            clerk=clerk,
            notes="Demodaten: Tag und Ort nach der Presseinformation P 309/2017; "
            "Tagesordnung, Teilnehmende und Bedarfe sind erfunden. Gebärdensprachdolmetschung "
            "für den ganzen Tag bestellt.",
        ),
    )

    freiburg_host = next((c for c in freiburg.contacts if c.role == "sozdez"), freiburg.contacts[0])
    copy_werkstattgespraech(
        demo,
        codes,
        FollowUpPlan(
            source=ulm_event,
            day=FOLLOW_UP_DAY,
            copied_at=at(date(2017, 11, 15), 10, 5),
            venue=freiburg_venue,
            host=freiburg.org,
            description="Erfahrungsaustausch bei der Umsetzung der Konzepte vor Ort: die "
            "praktische Arbeit und die Entwicklung weiterer Ideen.",
            agenda_changes=texts.FOLLOW_UP_AGENDA_CHANGES,
            speakers={"host": _speaker(freiburg_host), "ministry": _speaker(ministry)},
            notes="Demodaten: aus dem Werkstattgespräch Ulm kopiert; Einladungen noch nicht "
            "verschickt, Referentinnen und Referenten angefragt.",
        ),
    )
    return ulm_event.event
