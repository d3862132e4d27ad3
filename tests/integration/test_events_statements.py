"""The events service asks the database a fixed number of questions, however long the list: a
bulk step over the selection, an invitation of a distribution list, a cancellation that moves
the waiting list up. Counted statements, not time (the benchmark in ``bench/events_bench.py``
measures time); on SQLite and PostgreSQL.

Writes are allowed to grow with the rows they write (SQLite inserts one row per statement when
the new keys are needed, PostgreSQL batches them); reads are not."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import event

from beratung.domain.enums import RegistrationStatus
from beratung.services import Services
from beratung.services.contacts import AffiliationInput, OrganisationInput, PersonInput
from beratung.services.events import EventService
from beratung.services.events.snapshots import EventInput, Invitee

R = RegistrationStatus
NOW = datetime(2017, 10, 1, 9, 0, tzinfo=UTC)


@contextmanager
def reads(events: EventService) -> Iterator[list[str]]:
    """The SELECTs the service's engine sends inside the block."""
    seen: list[str] = []
    engine = events.db.engine

    def listener(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            seen.append(statement)

    event.listen(engine, "before_cursor_execute", listener)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", listener)


@pytest.fixture
def events(services: Services) -> EventService:
    return EventService(dataclasses.replace(services.context, clock=lambda: NOW))


@pytest.fixture
def persons(services: Services) -> list[int]:
    contacts = services.contacts
    town = contacts.create_organisation(
        OrganisationInput(name="Stadt Ulm", street="Marktplatz 1", postcode="89073", town="Ulm")
    ).id
    return [
        contacts.create_person(
            PersonInput(last_name=f"Person{index:02d}", first_name="Eva"),
            affiliation=AffiliationInput(organisation_id=town, role="Sozialplanung"),
        ).id
        for index in range(SIZES[-1])
    ]


SIZES = (12, 36)


def _invited(events: EventService, persons: list[int], size: int) -> int:
    event_id = events.create_event(
        EventInput(
            title=f"Werkstattgespräch mit {size}",
            starts_at=datetime(2017, 11, 22, 9, 0, tzinfo=UTC),
            ends_at=datetime(2017, 11, 22, 15, 0, tzinfo=UTC),
            capacity=size // 3,
        )
    ).id
    events.invite_persons(event_id, [Invitee(p) for p in persons[:size]])
    return event_id


def test_inviting_reads_as_often_for_twelve_as_for_thirtysix(
    events: EventService, persons: list[int]
) -> None:
    counts = []
    for size in SIZES:
        event_id = events.create_event(
            EventInput(title=f"Fachtag {size}", starts_at=datetime(2017, 11, 22, 9, tzinfo=UTC))
        ).id
        with reads(events) as seen:
            result = events.invite_persons(event_id, [Invitee(p) for p in persons[:size]])
        assert result.invited == size
        counts.append(len(seen))
    assert counts[0] == counts[1], counts


def test_a_bulk_step_and_a_cancellation_read_as_often_for_any_length(
    events: EventService, persons: list[int]
) -> None:
    bulk_reads, cancel_reads = [], []
    for size in SIZES:
        event_id = _invited(events, persons, size)
        ids = [row.id for row in events.list_registrations(event_id)]
        with reads(events) as seen:
            outcome = events.set_registration_status_many(ids, R.REGISTERED)
        bulk_reads.append(len(seen))
        assert outcome.changed == size
        rows = events.list_registrations(event_id)
        registered = [r for r in rows if r.status is R.REGISTERED]
        waiting = [r for r in rows if r.status is R.WAITLISTED]
        # A third gets places, the rest wait in the order of the selection, numbered 1, 2, 3 …
        assert len(registered) == size // 3
        assert [r.waitlist_position for r in waiting] == list(range(1, len(waiting) + 1))
        assert [r.id for r in waiting] == ids[size // 3 :]

        with reads(events) as seen:
            cancelled = events.decline_registration(event_id, registered[0].person_id)
        cancel_reads.append(len(seen))
        # The first in line moves up; the line closes up behind them.
        assert [p.id for p in cancelled.promoted] == [waiting[0].id]
        after = [r for r in events.list_registrations(event_id) if r.status is R.WAITLISTED]
        assert [r.waitlist_position for r in after] == list(range(1, len(waiting)))
    assert bulk_reads[0] == bulk_reads[1], bulk_reads
    assert cancel_reads[0] == cancel_reads[1], cancel_reads
