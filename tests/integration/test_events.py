"""Events: planning, invitations, registrations with the waiting list, needs with consent, the
check-in — through the services, on SQLite and PostgreSQL."""

from __future__ import annotations

import dataclasses
import threading
from datetime import UTC, date, datetime, time
from typing import Any

import pytest

from beratung.domain.enums import ConsentMethod, EventStatus, NeedKind, RegistrationStatus
from beratung.domain.errors import UserError, ValidationError
from beratung.domain.rules.dates import OFFICE_TIME_ZONE
from beratung.services import Services
from beratung.services.contacts import (
    AffiliationInput,
    ContactFilter,
    OrganisationInput,
    PersonInput,
)
from beratung.services.events import EventService
from beratung.services.events.snapshots import (
    AgendaItemInput,
    EventInput,
    HealthConsentInput,
    Invitee,
    NeedInput,
    VenueInput,
)

R = RegistrationStatus


def berlin(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=OFFICE_TIME_ZONE)


#: The services' clock: 1 October 2017, before the Werkstattgespräch (and its deadline).
BEFORE = datetime(2017, 10, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def events(services: Services) -> EventService:
    return EventService(dataclasses.replace(services.context, clock=lambda: BEFORE))


@pytest.fixture
def people(services: Services) -> dict[str, int]:
    """Ulm with four people (one without any address), and a venue."""
    contacts = services.contacts
    ulm = contacts.create_organisation(
        OrganisationInput(name="Stadt Ulm", street="Marktplatz 1", postcode="89073", town="Ulm")
    ).id
    ids: dict[str, int] = {"ulm": ulm}
    for key, first, last, email in (
        ("anna", "Anna", "Müller", "anna.mueller@ulm.de"),
        ("ben", "Ben", "Becker", None),
        ("cem", "Cem", "Yilmaz", "cem@ulm.de"),
        ("dora", "Dora", "Dietz", "dora@ulm.de"),
    ):
        ids[key] = contacts.create_person(
            PersonInput(last_name=last, first_name=first, email=email),
            affiliation=AffiliationInput(organisation_id=ulm, role="Sozialplanung"),
        ).id
    ids["ohne"] = contacts.create_person(PersonInput(last_name="Ohneanschrift")).id
    return ids


def _event(events: EventService, capacity: int | None = 3, **extra: Any) -> int:
    venue = events.create_venue(
        VenueInput(
            name="Stadthaus Ulm",
            room="Saal",
            street="Münsterplatz 50",
            postcode="89073",
            town="Ulm",
            capacity=120,
            checklist={"step_free_access": True, "hearing_loop": False},
        )
    )
    values: dict[str, Any] = {
        "title": "Werkstattgespräch Ulm",
        "starts_at": berlin(2017, 10, 25, 10),
        "ends_at": berlin(2017, 10, 25, 16),
        "series": "Inklusive Quartiere",
        "venue_id": venue.id,
        "capacity": capacity,
        "registration_deadline": date(2017, 10, 13),
    }
    values.update(extra)
    return events.create_event(EventInput(**values)).id


# --------------------------------------------------------------------------------------------
# Planning


def test_an_event_with_venue_agenda_and_its_unknown_checks(
    services: Services, events: EventService
) -> None:
    event_id = _event(events)
    for title, start in (("Begrüßung", time(10)), ("Austausch", time(11)), ("Pause", time(12))):
        events.add_agenda_item(event_id, AgendaItemInput(title=title, starts_at=start))
    detail = events.get_event(event_id)
    pause = detail.agenda[2]
    detail = events.move_agenda_item(pause.id, 1)
    assert [a.title for a in detail.agenda] == ["Pause", "Begrüßung", "Austausch"]
    assert [a.position for a in detail.agenda] == [1, 2, 3]
    detail = events.delete_agenda_item(detail.agenda[0].id)
    assert [a.title for a in detail.agenda] == ["Begrüßung", "Austausch"]
    assert detail.venue is not None
    assert "Aufzug" in detail.venue.unknown and "Stufenloser Zugang" not in detail.venue.unknown
    assert {i.key: i.text for i in detail.venue.checklist}["hearing_loop"] == "nein"
    assert detail.calendar_sequence == 5  # three additions, one move, one deletion
    assert detail.calendar_uid.endswith("@beratung.staedtetag-bw.de")


def test_bad_plans_are_refused_with_the_field_named(
    services: Services, events: EventService
) -> None:
    with pytest.raises(ValidationError) as caught:
        _event(events, ends_at=berlin(2017, 10, 24, 16))
    assert caught.value.field == "ends_at"
    with pytest.raises(ValidationError) as caught:
        _event(events, registration_deadline=date(2017, 10, 30))
    assert caught.value.field == "registration_deadline" and "30.10.2017" in caught.value.message
    with pytest.raises(ValidationError) as caught:
        _event(events, capacity=0)
    assert caught.value.field == "capacity"
    event_id = _event(events)
    detail = events.get_event(event_id)
    with pytest.raises(ValidationError) as caught:
        events.update_event(
            event_id, {"ends_at": berlin(2017, 10, 24)}, expected_version=detail.version
        )
    assert caught.value.field == "ends_at"


def test_a_venue_in_use_is_not_deleted(services: Services, events: EventService) -> None:
    event_id = _event(events)
    venue = events.get_event(event_id).venue
    assert venue is not None
    with pytest.raises(UserError) as caught:
        events.delete_venue(venue.id)
    assert "Werkstattgespräch Ulm" in caught.value.message


def test_an_event_with_registrations_is_deleted_only_when_asked_twice(
    services: Services, events: EventService, people: dict[str, int]
) -> None:
    event_id = _event(events)
    events.invite_persons(event_id, [Invitee(people["anna"])])
    with pytest.raises(UserError) as caught:
        events.delete_event(event_id)
    assert "1 Einladung(en)" in caught.value.message
    events.delete_event(event_id, force=True)
    assert events.list_events() == []


def test_copying_takes_agenda_venue_and_invitees_but_no_answers(
    services: Services, events: EventService, people: dict[str, int]
) -> None:
    event_id = _event(events)
    events.add_agenda_item(event_id, AgendaItemInput(title="Begrüßung", starts_at=time(10)))
    events.invite_persons(event_id, [Invitee(people["anna"]), Invitee(people["ben"])])
    events.register_person(event_id, people["anna"])
    copy = events.copy_event(event_id, berlin(2018, 3, 21, 10), title="Werkstattgespräch 2018")
    assert copy.title == "Werkstattgespräch 2018"
    assert copy.registration_deadline == date(2018, 3, 9)
    assert copy.ends_at == berlin(2018, 3, 21, 16)
    assert [a.title for a in copy.agenda] == ["Begrüßung"]
    assert copy.venue is not None and copy.venue.name == "Stadthaus Ulm"
    assert copy.counts.invited == 2 and copy.counts.registered == 0
    assert copy.calendar_uid != events.get_event(event_id).calendar_uid


# --------------------------------------------------------------------------------------------
# Invitations


def test_nobody_is_invited_twice_and_the_unreachable_are_named(
    services: Services, events: EventService, people: dict[str, int]
) -> None:
    event_id = _event(events)
    result = events.invite_persons(
        event_id,
        [Invitee(people["anna"]), Invitee(people["anna"]), Invitee(people["ohne"])],
    )
    assert result.invited == 2 and result.already_invited == ("Anna Müller",)
    problems = {(p.name, p.problem.split(":")[0]) for p in result.problems}
    assert ("Ohneanschrift", "keine Postanschrift") in problems
    assert ("Ohneanschrift", "keine E-Mail-Adresse") in problems
    again = events.invite_contacts(event_id, ContactFilter(search="sozialplanung"))
    assert again.invited == 3  # Ben, Cem, Dora; Anna was there already
    assert "Anna Müller" in again.already_invited
    assert any(p.name == "Ben Becker" and "E-Mail" in p.problem for p in again.problems)
    rows = events.list_registrations(event_id)
    assert {r.name for r in rows} >= {"Anna Müller", "Ben Becker", "Ohneanschrift"}
    assert all(r.status is R.INVITED for r in rows)
    assert next(r for r in rows if r.name == "Anna Müller").organisation == "Stadt Ulm"


# --------------------------------------------------------------------------------------------
# Registrations and the waiting list


def test_the_waiting_list_fills_in_order_and_moves_up_when_a_place_frees(
    services: Services, events: EventService, people: dict[str, int]
) -> None:
    event_id = _event(events, capacity=3)
    assert events.register_person(event_id, people["anna"], companions=1).registration.status is (
        R.REGISTERED
    )
    events.register_person(event_id, people["ben"])
    cem = events.register_person(event_id, people["cem"])
    assert cem.registration.status is R.WAITLISTED
    assert cem.registration.waitlist_position == 1
    assert "Platz 1 auf der Warteliste" in cem.notes[0]
    dora = events.register_person(event_id, people["dora"])
    assert dora.registration.waitlist_position == 2

    outcome = events.decline_registration(event_id, people["ben"])
    assert [p.name for p in outcome.promoted] == ["Cem Yilmaz"]
    promoted = outcome.promoted[0]
    assert promoted.status is R.REGISTERED and promoted.promoted_at is not None
    assert promoted.notify_pending
    assert "nachgerückt" in outcome.notes[-1]
    rows = {r.name: r for r in events.list_registrations(event_id)}
    assert rows["Dora Dietz"].waitlist_position == 1  # renumbered without a gap
    history = events.get_registration(promoted.id).history
    assert [h.to_status for h in history] == [R.WAITLISTED, R.REGISTERED]
    assert history[-1].text == "von der Warteliste nachgerückt"
    assert events.get_event(event_id).places_taken == 3
    assert events.mark_promotions_notified([promoted.id]) == 1


def test_nobody_overtakes_the_waiting_list(
    services: Services, events: EventService, people: dict[str, int]
) -> None:
    """Anna (2 places) waits first; Ben's one place fits, but he must queue behind her."""
    event_id = _event(events, capacity=2)
    events.register_person(event_id, people["cem"])
    events.register_person(event_id, people["dora"])
    events.register_person(event_id, people["anna"], companions=1)  # waits (needs 2)
    events.decline_registration(event_id, people["dora"])  # 1 place free: not enough for Anna
    ben = events.register_person(event_id, people["ben"])
    assert ben.registration.status is R.WAITLISTED and ben.registration.waitlist_position == 2


def test_capacity_below_the_places_given_is_refused_or_moves_the_last_ones(
    services: Services, events: EventService, people: dict[str, int]
) -> None:
    event_id = _event(events, capacity=10)
    for key in ("anna", "ben", "cem", "dora"):
        events.register_person(event_id, people[key])
    version = events.get_event(event_id).version
    with pytest.raises(ValidationError) as caught:
        events.update_event(event_id, {"capacity": 2}, expected_version=version)
    assert caught.value.field == "capacity"
    assert "4 Plätze vergeben" in caught.value.message and "mindestens 4" in (
        caught.value.hint or ""
    )
    detail = events.update_event(
        event_id, {"capacity": 2}, expected_version=version, overbooked="waitlist_last"
    )
    assert detail.counts.registered == 2 and detail.counts.waitlisted == 2
    waiting = events.list_registrations(event_id, statuses=[R.WAITLISTED])
    assert [w.waitlist_position for w in waiting] == [1, 2]
    detail = events.update_event(event_id, {"capacity": 3}, expected_version=detail.version)
    assert detail.counts.registered == 3 and detail.counts.waitlisted == 1


def test_late_registration_works_and_says_so(
    services: Services, events: EventService, people: dict[str, int]
) -> None:
    event_id = _event(events)
    outcome = events.register_person(event_id, people["anna"], on=date(2017, 10, 20))
    assert outcome.registration.status is R.REGISTERED
    assert outcome.notes[0] == "Angemeldet nach dem Anmeldeschluss (13.10.2017)."


def test_assistants_take_places_only_when_the_office_says_so(
    services: Services, events: EventService, people: dict[str, int], office: Any
) -> None:
    event_id = _event(events, capacity=2)
    events.register_person(event_id, people["anna"], assistants=1)
    assert events.get_event(event_id).places_taken == 1
    assert events.register_person(event_id, people["ben"]).registration.status is R.REGISTERED
    services.office.set_event_rules(assistants_take_places=True, needs_retention_weeks=4)
    assert events.get_event(event_id).places_taken == 3


def test_status_steps_that_make_no_sense_are_refused(
    services: Services, events: EventService, people: dict[str, int]
) -> None:
    event_id = _event(events)
    events.invite_persons(event_id, [Invitee(people["anna"])])
    row = events.list_registrations(event_id)[0]
    with pytest.raises(UserError) as caught:
        events.set_registration_status(row.id, R.NO_SHOW)
    assert "„eingeladen“ kann nicht direkt zu „nicht erschienen“" in caught.value.message


def test_many_at_once(services: Services, events: EventService, people: dict[str, int]) -> None:
    event_id = _event(events, capacity=2)
    events.invite_persons(
        event_id, [Invitee(people[k]) for k in ("anna", "ben", "cem", "dora", "ohne")]
    )
    ids = [r.id for r in events.list_registrations(event_id)]
    outcome = events.set_registration_status_many(ids, R.REGISTERED)
    assert outcome.changed == 5
    detail = events.get_event(event_id)
    assert detail.counts.registered == 2 and detail.counts.waitlisted == 3
    assert outcome.notes == ("3 davon auf der Warteliste (ausgebucht).",)
    again = events.set_registration_status_many(ids, R.REGISTERED)
    assert again.changed == 0 and again.unchanged == 5


# --------------------------------------------------------------------------------------------
# Needs


def test_needs_are_stored_only_with_consent_and_deleted_after_the_event(
    services: Services, events: EventService, people: dict[str, int]
) -> None:
    event_id = _event(events)
    reg = events.register_person(event_id, people["anna"]).registration
    needs = [NeedInput(NeedKind.SIGN_LANGUAGE), NeedInput(NeedKind.DIET, "vegetarisch")]
    with pytest.raises(ValidationError) as caught:
        events.record_needs(reg.id, needs, consent=None)
    assert caught.value.field == "needs_consent" and "nichts gespeichert" in caught.value.message
    assert events.get_registration(reg.id).needs == ()
    detail = events.record_needs(
        reg.id, needs, HealthConsentInput(ConsentMethod.FORM, date(2017, 10, 2))
    )
    assert [n.label for n in detail.needs] == ["Gebärdensprachdolmetschung", "Ernährung"]
    assert {n.delete_after for n in detail.needs} == {date(2017, 11, 22)}  # +4 weeks
    assert detail.consent_method is ConsentMethod.FORM
    assert detail.row.needs == ("Gebärdensprachdolmetschung", "Ernährung")
    cleared = events.record_needs(reg.id, [], consent=None)
    assert cleared.needs == ()


# --------------------------------------------------------------------------------------------
# The day itself


def test_check_in_by_code_or_name_walk_ins_and_the_rest_did_not_come(
    services: Services, events: EventService, people: dict[str, int]
) -> None:
    events = EventService(
        dataclasses.replace(services.context, clock=lambda: datetime(2017, 10, 1, 9, 0, tzinfo=UTC))
    )
    event_id = _event(events, capacity=10)
    for key in ("anna", "ben", "cem"):
        events.register_person(event_id, people[key])
    rows = {r.name: r for r in events.list_registrations(event_id)}
    code = rows["Anna Müller"].code
    (match,) = events.find_check_in_matches(event_id, code.lower().replace("-", " "))
    assert match.name == "Anna Müller"
    assert events.check_in_code(event_id, code).registration.status is R.ATTENDED
    matches = events.find_check_in_matches(event_id, "beck")
    assert [m.name for m in matches] == ["Ben Becker"]
    events.check_in_registration(matches[0].registration_id)
    walk_in = events.add_walk_in(event_id, people["dora"]).registration
    assert walk_in.status is R.ATTENDED and walk_in.walk_in
    with pytest.raises(UserError):
        events.mark_remaining_no_show(event_id)  # 1 October: the event has not begun
    after = EventService(
        dataclasses.replace(
            services.context, clock=lambda: datetime(2017, 10, 26, 9, 0, tzinfo=UTC)
        )
    )
    assert after.mark_remaining_no_show(event_id) == 1
    counts = events.get_event(event_id).counts
    assert (counts.attended, counts.no_show) == (3, 1)


# --------------------------------------------------------------------------------------------
# Two clerks, one last place


@pytest.mark.slow
def test_two_clerks_taking_the_last_place_at_once_one_gets_it(
    services: Services, events: EventService, people: dict[str, int]
) -> None:
    event_id = _event(events, capacity=2)
    events.register_person(event_id, people["anna"])
    results: list[RegistrationStatus | Exception] = []
    start = threading.Barrier(2)

    def register(key: str) -> None:
        other = Services.open(
            services.paths, url=services.db.location.url.render_as_string(hide_password=False)
        )
        try:
            start.wait()
            results.append(other.events.register_person(event_id, people[key]).registration.status)
        except Exception as exc:  # pragma: no cover - shown by the assertion
            results.append(exc)
        finally:
            other.close()

    threads = [threading.Thread(target=register, args=(k,)) for k in ("ben", "cem")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(map(str, results)) == sorted([str(R.REGISTERED), str(R.WAITLISTED)])
    assert events.get_event(event_id).places_taken == 2


def test_cancelled_events_take_no_registrations(
    services: Services, events: EventService, people: dict[str, int]
) -> None:
    event_id = _event(events, status=EventStatus.CANCELLED)
    with pytest.raises(UserError) as caught:
        events.register_person(event_id, people["anna"])
    assert "abgesagt" in caught.value.message


# --------------------------------------------------------------------------------------------
# Warnings, calendar, figures


def test_planning_warnings_come_with_the_event_and_while_typing(
    services: Services, events: EventService
) -> None:
    event_id = _event(events)
    other = events.check_event_plan(
        EventInput(
            title="Fachtag",
            starts_at=berlin(2017, 10, 25, 9),
            capacity=200,
            venue_id=events.get_event(event_id).venue.id,
        )  # type: ignore[union-attr]
    )
    codes = {w.code for w in other}
    assert {"same_day", "over_capacity"} <= codes
    assert any("Werkstattgespräch Ulm" in w.message for w in other)
    holiday = events.check_event_plan(EventInput(title="X", starts_at=berlin(2017, 10, 3)))
    assert any(w.code == "holiday" and "Tag der Deutschen Einheit" in w.message for w in holiday)
    assert events.get_event(event_id).warnings == ()
    proposals = events.propose_event_dates(
        "jeden 1. Dienstag im Oktober", start=date(2017, 1, 1), count=2
    )
    assert [p.day for p in proposals if not p.skipped] == [date(2018, 10, 2), date(2019, 10, 1)]
    assert proposals[0].skipped and "Feiertag" in (proposals[0].note or "")  # 3.10.2017


def test_the_calendar_file_keeps_its_uid_and_counts_changes(
    services: Services, events: EventService
) -> None:
    from icalendar import Calendar

    event_id = _event(events)
    events.add_agenda_item(event_id, AgendaItemInput(title="Begrüßung", starts_at=time(10)))
    first = Calendar.from_ical(events.event_calendar(event_id))
    (vevent,) = first.walk("VEVENT")
    uid, sequence = str(vevent["UID"]), int(vevent["SEQUENCE"])
    assert "Stadthaus Ulm" in str(vevent["LOCATION"]) and "Begrüßung" in str(vevent["DESCRIPTION"])
    assert vevent.decoded("DTSTART") == berlin(2017, 10, 25, 10)
    detail = events.get_event(event_id)
    events.update_event(
        event_id, {"starts_at": berlin(2017, 10, 25, 9)}, expected_version=detail.version
    )
    (later,) = Calendar.from_ical(events.event_calendar(event_id)).walk("VEVENT")
    assert str(later["UID"]) == uid and int(later["SEQUENCE"]) == sequence + 1


def test_figures_count_municipalities_members_and_regular_guests(
    services: Services, events: EventService, people: dict[str, int]
) -> None:
    contacts = services.contacts
    services.masterdata.load_directory(source_label="mitgeliefert")
    aalen = services.masterdata.create_municipality("08136088", is_member=True).id
    gast = contacts.create_person(
        PersonInput(last_name="Gast", first_name="Gerda"),
        affiliation=AffiliationInput(organisation_id=aalen, role="Bürgermeisterin"),
    ).id
    event_id = _event(events, capacity=10)
    for key in ("anna", "ben"):
        events.register_person(event_id, people[key])
    events.register_person(event_id, gast)
    events.decline_registration(event_id, people["ben"])
    figures = events.event_figures(event_id)
    assert figures.counts.registered == 2 and figures.counts.declined == 1
    assert (
        figures.municipalities == 1 and figures.members == 1
    )  # Aalen (Ulm is not from the directory)
    assert [(b.label, b.count) for b in figures.by_regierungsbezirk] == [("Stuttgart", 1)]
    first_anna = next(r for r in events.list_registrations(event_id) if r.name == "Anna Müller")
    events.check_in_code(event_id, first_anna.code)
    second = events.copy_event(event_id, berlin(2018, 3, 21))
    events.register_person(second.id, people["anna"])
    anna = next(r for r in events.list_registrations(second.id) if r.name == "Anna Müller")
    events.check_in_registration(anna.id)
    regulars = events.series_attendance("Inklusive Quartiere")
    assert regulars[0].name == "Anna Müller" and regulars[0].attended == 2


def test_the_needs_summary_has_no_names_and_the_named_list_has(
    services: Services, events: EventService, people: dict[str, int]
) -> None:
    event_id = _event(events, capacity=10)
    consent = HealthConsentInput(ConsentMethod.FORM, date(2017, 10, 2))
    for key, needs in (
        ("anna", [NeedInput(NeedKind.SIGN_LANGUAGE), NeedInput(NeedKind.DIET, "vegetarisch")]),
        ("ben", [NeedInput(NeedKind.SIGN_LANGUAGE), NeedInput(NeedKind.WHEELCHAIR_PLACE)]),
    ):
        reg = events.register_person(event_id, people[key]).registration
        events.record_needs(reg.id, needs, consent)
    summary = events.needs_summary(event_id)
    assert [(c.label, c.count) for c in summary.counts] == [
        ("Gebärdensprachdolmetschung", 2),
        ("Rollstuhlplatz", 1),
        ("Ernährung", 1),
    ]
    assert summary.other_details == ("vegetarisch",)
    assert summary.delete_after == date(2017, 11, 22)
    assert "Müller" not in repr(summary)
    named = events.named_needs(event_id)
    assert [n.name for n in named] == ["Ben Becker", "Anna Müller"]


def test_registering_with_needs_stores_both_or_neither(
    services: Services, events: EventService, people: dict[str, int]
) -> None:
    event_id = _event(events)
    with pytest.raises(ValidationError):
        events.register_person(
            event_id, people["anna"], needs=[NeedInput(NeedKind.STEP_FREE)], consent=None
        )
    assert events.list_registrations(event_id) == []  # no registration left behind
    outcome = events.register_person(
        event_id,
        people["anna"],
        needs=[NeedInput(NeedKind.STEP_FREE)],
        consent=HealthConsentInput(ConsentMethod.WRITTEN, date(2017, 10, 2)),
    )
    assert outcome.registration.needs == ("stufenloser Zugang",)
