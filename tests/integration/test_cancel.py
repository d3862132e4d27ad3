"""Cancelling a long step (domain/cancel.py): the next statement fails, the transaction rolls
back, nothing is half-written — on SQLite and PostgreSQL. The GUI's "Abbrechen" relies on it."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import event

from beratung.domain.cancel import CancelToken, OperationCancelledError, cancellable
from beratung.domain.enums import RegistrationStatus
from beratung.domain.rules.dates import OFFICE_TIME_ZONE
from beratung.services import Services
from beratung.services.contacts import OrganisationInput, PersonInput
from beratung.services.events import EventService
from beratung.services.events.snapshots import EventInput, Invitee
from beratung.storage.database import Database

R = RegistrationStatus


@pytest.fixture
def events(services: Services) -> EventService:
    clock = datetime(2017, 10, 1, 9, 0, tzinfo=UTC)
    return EventService(dataclasses.replace(services.context, clock=lambda: clock))


@pytest.fixture
def people(services: Services) -> list[int]:
    contacts = services.contacts
    ulm = contacts.create_organisation(
        OrganisationInput(name="Stadt Ulm", street="Marktplatz 1", postcode="89073", town="Ulm")
    ).id
    assert ulm
    return [
        contacts.create_person(PersonInput(last_name=f"Person {n:02d}", email=f"p{n}@ulm.de")).id
        for n in range(20)
    ]


def _event(events: EventService, capacity: int | None = None) -> int:
    return events.create_event(
        EventInput(
            title="Werkstattgespräch Ulm",
            starts_at=datetime(2017, 10, 25, 10, tzinfo=OFFICE_TIME_ZONE),
            capacity=capacity,
            registration_deadline=date(2017, 10, 13),
        )
    ).id


@contextmanager
def cancel_after(db: Database, token: CancelToken, statements: int) -> Iterator[list[int]]:
    """Cancel ``token`` once ``statements`` statements have gone out (the user's click, in the
    middle of the work); yields the running count."""
    count = [0]

    def counted(*_args: Any) -> None:
        count[0] += 1
        if count[0] == statements:
            token.cancel()

    event.listen(db.engine, "before_cursor_execute", counted)
    try:
        yield count
    finally:
        event.remove(db.engine, "before_cursor_execute", counted)


def statements_of(db: Database, work: Any) -> int:
    """How many statements ``work()`` sends: the twin run tells where "half way" is on this
    database (PostgreSQL batches the history inserts that SQLite sends one by one)."""
    count = [0]

    def counted(*_args: Any) -> None:
        count[0] += 1

    event.listen(db.engine, "before_cursor_execute", counted)
    try:
        work()
    finally:
        event.remove(db.engine, "before_cursor_execute", counted)
    return count[0]


def test_a_bulk_status_change_cancelled_half_way_changes_nothing(
    events: EventService, people: list[int], db: Database
) -> None:
    twin = _event(events, capacity=10)
    events.invite_persons(twin, [Invitee(p) for p in people])
    twin_ids = [row.id for row in events.list_registrations(twin)]
    total = statements_of(
        db, lambda: events.set_registration_status_many(twin_ids, R.REGISTERED)
    )
    half = total // 2
    event_id = _event(events, capacity=10)
    events.invite_persons(event_id, [Invitee(p) for p in people])
    before = events.list_registrations(event_id)
    ids = [row.id for row in before]
    token = CancelToken()
    with (
        cancel_after(db, token, half) as count,
        pytest.raises(OperationCancelledError),
        cancellable(token),
    ):
        events.set_registration_status_many(ids, R.REGISTERED)
    assert half >= 5 and count[0] == half  # under way when the next statement was refused
    assert events.list_registrations(event_id) == before
    history = events.get_registration(ids[0]).history
    assert [change.to_status for change in history] == [R.INVITED]
    # the same step, not cancelled, goes through (the connection is fine afterwards)
    with cancellable(CancelToken()):
        outcome = events.set_registration_status_many(ids, R.REGISTERED)
    assert (outcome.changed, outcome.unchanged) == (20, 0)
    statuses = [row.status for row in events.list_registrations(event_id)]
    assert (statuses.count(R.REGISTERED), statuses.count(R.WAITLISTED)) == (10, 10)


def test_inviting_cancelled_half_way_invites_nobody(
    events: EventService, people: list[int], db: Database
) -> None:
    twin = _event(events)
    half = statements_of(db, lambda: events.invite_persons(twin, [Invitee(p) for p in people]))
    half //= 2
    assert half >= 3
    event_id = _event(events)
    token = CancelToken()
    with (
        cancel_after(db, token, half),
        pytest.raises(OperationCancelledError) as raised,
        cancellable(token),
    ):
        events.invite_persons(event_id, [Invitee(p) for p in people])
    assert raised.value.message == "Abgebrochen – es wurde nichts geändert."
    assert events.list_registrations(event_id) == []


def test_a_cancelled_token_stops_work_before_it_starts_and_outside_it_nothing_is_checked(
    events: EventService, people: list[int]
) -> None:
    event_id = _event(events)
    token = CancelToken()
    token.cancel()
    with pytest.raises(OperationCancelledError), cancellable(token):
        events.invite_persons(event_id, [Invitee(people[0])])
    # the token belongs to the block it was given to: later work is not affected
    events.invite_persons(event_id, [Invitee(people[0])])
    assert len(events.list_registrations(event_id)) == 1
