"""No N+1 queries (issue 16): the main lists and details issue a small, fixed number of SQL
statements however many rows they show — counted with SQLAlchemy's ``before_cursor_execute``
on the demo database, then again with more rows (more persons shown, more events, more
registrations)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import event, func, select

from beratung.domain.models import Affiliation, Consultation, Person, Registration
from beratung.services import Services
from beratung.services.consultations import ConsultationFilter
from beratung.services.contacts import ContactFilter

#: Upper bound of statements for one list or detail; the point is that it does not grow.
SMALL = 12


@contextmanager
def _counting(services: Services) -> Iterator[list[str]]:
    statements: list[str] = []

    def before(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.strip().upper() not in {"BEGIN", "COMMIT", "ROLLBACK"}:
            statements.append(statement)

    event.listen(services.db.engine, "before_cursor_execute", before)
    try:
        yield statements
    finally:
        event.remove(services.db.engine, "before_cursor_execute", before)


def _count(services: Services, call: Callable[[], object]) -> int:
    with _counting(services) as statements:
        call()
    return len(statements)


def _most_and_fewest(services: Services, stmt: Any) -> tuple[int, int]:
    """The ids with the most and the fewest related rows, at least one (``stmt`` selects id
    and count; a record without any related row may skip a loader's query altogether)."""
    with services.db.read() as s:
        rows = sorted(
            (row for row in s.execute(stmt).all() if row[1] > 0), key=lambda row: (row[1], row[0])
        )
    assert rows[-1][1] > rows[0][1], "the demo has no records to compare"
    return rows[-1][0], rows[0][0]


@pytest.mark.db
def test_lists_and_details_issue_a_fixed_number_of_statements(services: Services) -> None:
    services.demo.create()
    contacts, consultations, events = services.contacts, services.consultations, services.events

    # contacts list: a page of 5 rows and one of all rows
    few = _count(services, lambda: contacts.list_persons(ContactFilter(), limit=5))
    many = _count(services, lambda: contacts.list_persons(ContactFilter(), limit=10_000))
    assert few == many <= SMALL

    # person detail: the person with the most affiliations and one with the fewest
    most, fewest = _most_and_fewest(
        services,
        select(Person.id, func.count(Affiliation.id))
        .outerjoin(Affiliation, Affiliation.person_id == Person.id)
        .group_by(Person.id),
    )
    busy = _count(services, lambda: contacts.get_person(most))
    quiet = _count(services, lambda: contacts.get_person(fewest))
    assert busy == quiet <= SMALL

    # person detail by registrations (their events are listed on the person)
    most, fewest = _most_and_fewest(
        services,
        select(Person.id, func.count(Registration.id))
        .outerjoin(Registration, Registration.person_id == Person.id)
        .group_by(Person.id),
    )
    assert _count(services, lambda: contacts.get_person(most)) == _count(
        services, lambda: contacts.get_person(fewest)
    )

    # consultations list: 5 rows and all rows
    few = _count(services, lambda: consultations.list_consultations(ConsultationFilter(), limit=5))
    many = _count(
        services, lambda: consultations.list_consultations(ConsultationFilter(), limit=10_000)
    )
    assert few == many <= SMALL

    # consultation detail: the one with the most participants and one with the fewest
    with services.db.read() as s:
        ids = list(s.scalars(select(Consultation.id)))
    detail_counts = {_count(services, lambda i=i: consultations.get_consultation(i)) for i in ids}
    # a consultation without participants or attachments skips their loaders: two at most
    assert max(detail_counts) <= SMALL, detail_counts
    assert max(detail_counts) - min(detail_counts) <= 2, detail_counts

    # events, the event detail and its registrations, and the overview's figures …
    busiest = max(events.list_events(), key=lambda row: len(events.list_registrations(row.id)))

    def measure() -> dict[str, int]:
        biggest = max(
            (e.id for e in events.list_events()),
            key=lambda i: len(events.list_registrations(i)),
        )
        return {
            "events": _count(services, events.list_events),
            "event": _count(services, lambda: events.get_event(biggest)),
            "registrations": _count(services, lambda: events.list_registrations(biggest)),
            "overview": _count(services, services.overview.counts),
        }

    before = measure()
    # … again with more rows: copies of an event (with its invitees) and everybody invited
    source = events.get_event(busiest.id)
    for week in range(1, 4):
        events.copy_event(source.id, source.starts_at + timedelta(weeks=week))
    with services.db.read() as s:
        registrations_before = int(s.scalar(select(func.count(Registration.id))) or 0)
    events.invite_contacts(busiest.id, ContactFilter())
    with services.db.read() as s:
        assert int(s.scalar(select(func.count(Registration.id))) or 0) > registrations_before
    after = measure()
    assert after == before, (before, after)
    assert max(after.values()) <= SMALL, after
