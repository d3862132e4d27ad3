"""What the list of an event needed beyond the first events service: notes with a new
registration, and taking several people off the list at once with the waiting list served."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime

import pytest

from beratung.domain.enums import RegistrationStatus
from beratung.domain.rules.dates import OFFICE_TIME_ZONE
from beratung.services import Services
from beratung.services.contacts import AffiliationInput, OrganisationInput, PersonInput
from beratung.services.events import EventService
from beratung.services.events.snapshots import EventInput, Invitee

R = RegistrationStatus


@pytest.fixture
def events(services: Services) -> EventService:
    clock = datetime(2017, 10, 1, 9, 0, tzinfo=UTC)
    return EventService(dataclasses.replace(services.context, clock=lambda: clock))


@pytest.fixture
def people(services: Services) -> dict[str, int]:
    contacts = services.contacts
    ulm = contacts.create_organisation(
        OrganisationInput(name="Stadt Ulm", street="Marktplatz 1", postcode="89073", town="Ulm")
    ).id
    return {
        key: contacts.create_person(
            PersonInput(last_name=key.title(), email=f"{key}@ulm.de"),
            affiliation=AffiliationInput(organisation_id=ulm, role="Sozialplanung"),
        ).id
        for key in ("anna", "ben", "cem", "dora")
    }


def _event(events: EventService, capacity: int) -> int:
    return events.create_event(
        EventInput(
            title="Werkstattgespräch Ulm",
            starts_at=datetime(2017, 10, 25, 10, tzinfo=OFFICE_TIME_ZONE),
            capacity=capacity,
            registration_deadline=date(2017, 10, 13),
        )
    ).id


def test_a_registration_keeps_its_notes_and_an_invitation_keeps_them_when_none_are_given(
    events: EventService, people: dict[str, int]
) -> None:
    event_id = _event(events, 5)
    outcome = events.register_person(event_id, people["anna"], notes="  kommt später  ")
    assert events.get_registration(outcome.registration.id).notes == "kommt später"
    events.invite_persons(event_id, [Invitee(people["ben"])])
    ben = next(r for r in events.list_registrations(event_id) if r.person_id == people["ben"])
    events.update_registration(ben.id, notes="rief an")
    events.register_person(event_id, people["ben"])
    assert events.get_registration(ben.id).notes == "rief an"


def test_taking_several_off_the_list_serves_the_waiting_list_and_keeps_who_attended(
    events: EventService, people: dict[str, int]
) -> None:
    event_id = _event(events, 2)
    for key in ("anna", "ben", "cem", "dora"):
        events.register_person(event_id, people[key])
    rows = {r.person_id: r for r in events.list_registrations(event_id)}
    events.check_in_registration(rows[people["anna"]].id)
    outcome = events.remove_invitations([rows[people["anna"]].id, rows[people["ben"]].id])
    assert (outcome.changed, outcome.unchanged) == (1, 1)
    assert outcome.notes == ("1 mit Teilnahme bleiben auf der Liste.",)
    assert [r.name for r in outcome.promoted] == ["Cem"]
    after = {r.person_id: r for r in events.list_registrations(event_id)}
    assert people["ben"] not in after
    assert after[people["anna"]].status is R.ATTENDED
    assert after[people["cem"]].status is R.REGISTERED and after[people["cem"]].notify_pending
    assert after[people["dora"]].waitlist_position == 1
    assert events.remove_invitations([]).changed == 0
