"""Registrations of an event with 2,000 invitees (events issue, item 14).

Run: ``.venv/bin/python bench/events_bench.py [--invitees 2000] [--repeat 15]``; with
``BERATUNG_TEST_POSTGRES_URL`` set (``scripts/with-postgres.sh .venv/bin/python
bench/events_bench.py``) the same runs on a throwaway PostgreSQL database afterwards.
Writes ``bench/results/events.md``; nothing is asserted.

:func:`make_event` generates (deterministically, bulk Core inserts) municipalities, persons
with a role in one of them, and an event with every person invited (code and history as the
service writes them), some with accessibility needs under a health-data consent. The
registrations tab of the GUI is measured on top of the service calls measured here by
``bench/events_gui_bench.py`` (which calls :func:`make_event`); the calls are what the tab does:

* opening the tab: ``list_registrations(event)`` (every row);
* a filter change: ``list_registrations(event, statuses=…)``;
* a bulk status change: ``set_registration_status_many`` of 500 invitees → registered, with
  a capacity that leaves about 300 of them on the waiting list (the event is reset to
  "everybody invited" after each run, untimed);
* a cancellation with promotion: ``decline_registration`` of a registered person, the first
  on the waiting list moving up;
* ``needs_summary`` and ``event_figures``.

Each is timed as median and p90 over ``--repeat`` runs after a warm-up, next to a baseline in
the same run: bare SQL (``text()``) fetching the same rows, or writing the same rows, without
the ORM or the service's rules. And each call's SQL statements are counted (cursor executions,
transaction control excluded), at two sizes, to show that none issues a query per row.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import platform
import random
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy
from sqlalchemy import Engine, create_engine, event, func, insert, select, text
from sqlalchemy.engine import make_url

from beratung.domain.enums import (
    AddressPreference,
    Anrede,
    ConsentMethod,
    ConsentPurpose,
    NeedKind,
    OrganisationKind,
    RegistrationStatus,
)
from beratung.domain.models import (
    AccessibilityNeed,
    Affiliation,
    Consent,
    Organisation,
    Person,
    Registration,
    RegistrationChange,
)
from beratung.domain.rules.registrations import CODE_ALPHABET, CODE_LENGTH
from beratung.domain.rules.search import search_key
from beratung.domain.rules.sorting import name_sort_key, sort_key
from beratung.paths import AppPaths
from beratung.services import Services
from beratung.services.events import EventService
from beratung.services.events.snapshots import EventInput, Invitee, VenueInput

RESULTS = Path(__file__).resolve().parent / "results" / "events.md"
#: The services' clock: before the event and its registration deadline.
NOW = datetime(2017, 10, 2, 8, 0, tzinfo=UTC)
EVENT_START = datetime(2017, 11, 22, 9, 0, tzinfo=UTC)

FIRST = (
    "Anna", "Jürgen", "Sabine", "Klaus", "Özlem", "Jan", "Eva", "Hans-Peter", "Marie", "Lukas",
    "Sophie", "Thomas", "Ülkü", "Petra", "Stefan", "Julia", "Andreas", "Katrin",
)  # fmt: skip
LAST = (
    "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz",
    "Hoffmann", "Schäfer", "Koch", "Bauer", "Richter", "Klein", "Wolf", "Schröder", "Neumann",
    "Schwarz", "Zimmermann", "Braun", "Krüger", "Hofmann", "Hartmann", "Lange", "Weiß",
    "Dreßler", "Köhler", "Maier", "Mayer", "Özdemir", "Yılmaz",
)  # fmt: skip
ROLES = (
    "Oberbürgermeisterin", "Bürgermeister", "Sozialdezernentin", "Inklusionsbeauftragte",
    "Quartiersmanager", "Behindertenbeauftragter", "Sozialplanerin", "Seniorenbeauftragte",
)  # fmt: skip
TOWNS = (
    "Ulm", "Reutlingen", "Tübingen", "Heilbronn", "Esslingen am Neckar", "Ludwigsburg",
    "Freiburg im Breisgau", "Konstanz", "Aalen", "Biberach an der Riß", "Ravensburg",
    "Schwäbisch Gmünd", "Heidelberg", "Karlsruhe", "Mannheim", "Pforzheim",
)  # fmt: skip
BEZIRKE = ("Stuttgart", "Karlsruhe", "Freiburg", "Tübingen")
NEEDS = (
    (NeedKind.STEP_FREE, None),
    (NeedKind.WHEELCHAIR_PLACE, "Platz am Gang"),
    (NeedKind.HEARING_LOOP, None),
    (NeedKind.SIGN_LANGUAGE, None),
    (NeedKind.DIET, "vegetarisch"),
    (NeedKind.DIET, "glutenfrei"),
    (NeedKind.EASY_LANGUAGE, None),
    (NeedKind.GUIDE_DOG, None),
)


@dataclass(frozen=True, slots=True)
class BenchEvent:
    """What :func:`make_event` made: the event, its registrations in list order, the persons
    (same order), and the selection a bulk change works on."""

    event_id: int
    registration_ids: tuple[int, ...]
    person_ids: tuple[int, ...]
    #: ``bulk`` registrations drawn at random, for the bulk status change.
    selection: tuple[int, ...]
    #: The highest history row after generation (a reset deletes everything above it).
    last_change_id: int


def make_event(
    services: Services,
    invitees: int = 2000,
    *,
    capacity: int = 200,
    bulk: int = 500,
    organisations: int = 400,
    needs_every: int = 4,
    seed: int = 14,
) -> BenchEvent:
    """An event with ``invitees`` persons invited (each with a role in one of
    ``organisations`` municipalities), ``capacity`` places, and accessibility needs with a
    health-data consent for every ``needs_every``-th person of the ``bulk`` selection.
    Deterministic for a seed; the venue and the event go through the service, the rest is
    bulk-inserted as the service would have written it (codes, history, consents)."""
    rng = random.Random(seed)
    events = EventService(dataclasses.replace(services.context, clock=lambda: NOW))
    with services.db.transaction() as s:
        first_org = int(s.scalar(select(func.max(Organisation.id))) or 0) + 1
        first_person = int(s.scalar(select(func.max(Person.id))) or 0) + 1
    org_rows: list[dict[str, Any]] = []
    for offset in range(organisations):
        town = TOWNS[offset % len(TOWNS)]
        name = f"Stadt {town} {offset + 1}"
        bezirk = BEZIRKE[offset % len(BEZIRKE)]
        org_rows.append(
            {
                "id": first_org + offset,
                "kind": OrganisationKind.MUNICIPALITY,
                "name": name,
                "town": town,
                "postcode": "70173",
                "street": "Marktplatz 1",
                "regierungsbezirk": bezirk,
                "is_member": rng.random() < 0.7,
                "version": 1,
                "search_text": search_key(name, town, bezirk),
                "sort_name": name_sort_key(name),
            }
        )
    person_rows: list[dict[str, Any]] = []
    role_rows: list[dict[str, Any]] = []
    for offset in range(invitees):
        ident = first_person + offset
        first, last = rng.choice(FIRST), rng.choice(LAST)
        org = org_rows[rng.randrange(organisations)]
        role = rng.choice(ROLES)
        email = f"{first}.{last}.{ident}@example.org".lower()
        person_rows.append(
            {
                "id": ident,
                "anrede": rng.choice((Anrede.FRAU, Anrede.HERR)),
                "first_name": first,
                "last_name": last,
                "email": email,
                "version": 1,
                "address_preference": AddressPreference.ORGANISATION,
                "search_text": search_key(first, last, email, org["name"], role, org["town"]),
                "sort_name": sort_key(last, first),
            }
        )
        role_rows.append(
            {
                "person_id": ident,
                "organisation_id": org["id"],
                "role": role,
                "email": email,
                "is_primary": True,
            }
        )
    with services.db.transaction() as s:
        s.execute(insert(Organisation), org_rows)
        s.execute(insert(Person), person_rows)
        s.execute(insert(Affiliation), role_rows)
    venue = events.create_venue(
        VenueInput(name="Stadthalle", town="Ulm", postcode="89073", capacity=400)
    )
    event_id = events.create_event(
        EventInput(
            title="Fachtag Inklusive Quartiere (Benchmark)",
            starts_at=EVENT_START,
            ends_at=EVENT_START + timedelta(hours=7),
            venue_id=venue.id,
            capacity=capacity,
            registration_deadline=date(2017, 11, 8),
        )
    ).id
    invited_at = datetime(2017, 9, 4, 7, 0, tzinfo=UTC)
    codes: set[str] = set()
    with services.db.transaction() as s:
        roles = dict(
            s.execute(
                select(Affiliation.person_id, Affiliation.id).where(
                    Affiliation.person_id >= first_person
                )
            ).all()
        )
        registration_rows = []
        for row in person_rows:
            code = ""
            while not code or code in codes:
                raw = "".join(rng.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
                code = f"{raw[:4]}-{raw[4:]}"
            codes.add(code)
            registration_rows.append(
                {
                    "event_id": event_id,
                    "person_id": row["id"],
                    "affiliation_id": roles[row["id"]],
                    "status": RegistrationStatus.INVITED,
                    "invited_at": invited_at,
                    "code": code,
                    "companions": 0,
                    "assistants": 0,
                    "notify_pending": False,
                    "walk_in": False,
                    "version": 1,
                }
            )
        s.execute(insert(Registration), registration_rows)
        registrations = s.execute(
            select(Registration.id, Registration.person_id)
            .where(Registration.event_id == event_id)
            .order_by(Registration.id)
        ).all()
        s.execute(
            insert(RegistrationChange),
            [
                {
                    "registration_id": ident,
                    "changed_at": invited_at,
                    "user_name": "bench",
                    "from_status": None,
                    "to_status": RegistrationStatus.INVITED,
                }
                for ident, _person in registrations
            ],
        )
        selection = tuple(rng.sample([ident for ident, _person in registrations], bulk))
        person_of = dict(registrations)
        with_needs = selection[::needs_every]
        consent_rows = [
            {
                "person_id": person_of[ident],
                "purpose": ConsentPurpose.HEALTH_DATA,
                "method": ConsentMethod.FORM,
                "given_on": date(2017, 9, 20),
                "valid_until": date(2017, 12, 20),
                "event_id": event_id,
            }
            for ident in with_needs
        ]
        s.execute(insert(Consent), consent_rows)
        consent_of = dict(
            s.execute(
                select(Consent.person_id, Consent.id).where(Consent.event_id == event_id)
            ).all()
        )
        need_rows: list[dict[str, Any]] = []
        for ident in with_needs:
            for kind, details in rng.sample(NEEDS, rng.choice((1, 1, 2))):
                if any(n["registration_id"] == ident and n["kind"] is kind for n in need_rows):
                    continue
                need_rows.append(
                    {
                        "registration_id": ident,
                        "kind": kind,
                        "details": details,
                        "consent_id": consent_of[person_of[ident]],
                        "delete_after": date(2017, 12, 20),
                    }
                )
        s.execute(insert(AccessibilityNeed), need_rows)
        last_change = int(s.scalar(select(func.max(RegistrationChange.id))) or 0)
    return BenchEvent(
        event_id=event_id,
        registration_ids=tuple(ident for ident, _person in registrations),
        person_ids=tuple(person for _ident, person in registrations),
        selection=selection,
        last_change_id=last_change,
    )


# --------------------------------------------------------------------------------------------
# Resetting between runs


def reset_to_invited(services: Services, bench: BenchEvent) -> None:
    """Everybody back to "invited" without answers, history after generation removed."""
    with services.db.engine.begin() as conn:
        conn.execute(
            text(
                "UPDATE registration SET status = 'invited', waitlist_position = NULL, "
                "responded_at = NULL, promoted_at = NULL, notify_pending = :false, "
                "attended_at = NULL WHERE event_id = :event"
            ),
            {"event": bench.event_id, "false": False},
        )
        conn.execute(
            text("DELETE FROM registration_change WHERE id > :last"),
            {"last": bench.last_change_id},
        )


# --------------------------------------------------------------------------------------------
# Counting statements


TRANSACTION_CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE")


class StatementCounter:
    """Counts the SQL statements the engine sends (one per cursor execution, an executemany
    counts once; transaction control not counted), with the statements' first words."""

    def __init__(self, engine: Engine) -> None:
        self.active = False
        self.statements: list[str] = []
        event.listen(engine, "before_cursor_execute", self._seen)

    def _seen(self, _conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if self.active and not statement.lstrip().upper().startswith(TRANSACTION_CONTROL):
            self.statements.append(" ".join(statement.split()))

    @contextmanager
    def counting(self) -> Iterator[list[str]]:
        self.statements = []
        self.active = True
        try:
            yield self.statements
        finally:
            self.active = False


def head_of(statement: str) -> str:
    """``UPDATE registration``, ``SELECT count … FROM registration``: what a statement does."""
    words = statement.split()
    if words[0] in ("UPDATE", "DELETE"):
        return " ".join(words[:2])
    if words[0] == "INSERT":
        return " ".join(words[:3])
    columns, _, rest = statement.partition(" FROM ")
    table = rest.split()[0] if rest else ""
    kinds = [k for k in ("count", "sum", "max") if f"{k}(" in columns]
    return f"SELECT {' '.join(kinds) or '…'} FROM {table}"


def repeated(statements: Sequence[str], top: int = 4) -> list[tuple[str, int]]:
    """The statements sent more than once, by what they do, most frequent first."""
    heads: dict[str, int] = {}
    for statement in statements:
        head = head_of(statement)
        heads[head] = heads.get(head, 0) + 1
    return sorted(((h, n) for h, n in heads.items() if n > 1), key=lambda x: -x[1])[:top]


def de(number: int) -> str:
    """2000 → "2.000" (German thousands)."""
    return f"{number:,}".replace(",", ".")


def decimal(number: float) -> str:
    """9.0 → "9,0" (German decimal comma, for prose; the tables keep the point)."""
    return f"{number:.1f}".replace(".", ",")


# --------------------------------------------------------------------------------------------
# Baselines: bare SQL for the same rows


LIST_SQL = """
SELECT r.id, r.person_id, r.status, r.companions, r.assistants, r.waitlist_position, r.code,
       r.invited_at, r.responded_at, r.promoted_at, r.notify_pending, r.attended_at, r.walk_in,
       p.title, p.first_name, p.last_name, p.sort_name, p.email, p.town,
       a.role, a.email, o.name, o.town,
       (SELECT count(*) FROM accessibility_need n WHERE n.registration_id = r.id) AS needs
FROM registration r
JOIN person p ON p.id = r.person_id
LEFT JOIN affiliation a ON a.id = r.affiliation_id
LEFT JOIN organisation o ON o.id = a.organisation_id
WHERE r.event_id = :event {filter}
ORDER BY r.waitlist_position IS NULL, r.waitlist_position, p.sort_name, r.id
"""
NEED_KINDS_SQL = """
SELECT n.registration_id, n.kind FROM accessibility_need n
JOIN registration r ON r.id = n.registration_id
WHERE r.event_id = :event {filter}
ORDER BY n.registration_id, n.id
"""
HOLDING = ("registered", "attended")


def _in(name: str) -> sqlalchemy.BindParameter[Any]:
    return sqlalchemy.bindparam(name, expanding=True)


def baseline_list(services: Services, event_id: int, statuses: Sequence[str] = ()) -> int:
    where = "AND r.status IN :statuses" if statuses else ""
    params: dict[str, Any] = {"event": event_id}
    rows_sql = text(LIST_SQL.format(filter=where))
    needs_sql = text(NEED_KINDS_SQL.format(filter=where))
    if statuses:
        params["statuses"] = list(statuses)
        rows_sql = rows_sql.bindparams(_in("statuses"))
        needs_sql = needs_sql.bindparams(_in("statuses"))
    with services.db.engine.connect() as conn:
        rows = conn.execute(rows_sql, params).all()
        conn.execute(needs_sql, params).all()
    return len(rows)


def baseline_bulk(services: Services, bench: BenchEvent, ids: Sequence[int], capacity: int) -> None:
    """The same writes as the bulk step, set-based: read the places once, decide in Python
    with the same rule, write the rows in a few statements."""
    now = NOW
    with services.db.engine.begin() as conn:
        event_params = {"event": bench.event_id, "holding": list(HOLDING)}
        taken = int(
            conn.execute(
                text(
                    "SELECT coalesce(sum(1 + companions + assistants), 0) FROM registration "
                    "WHERE event_id = :event AND status IN :holding"
                ).bindparams(_in("holding")),
                event_params,
            ).scalar_one()
        )
        last = int(
            conn.execute(
                text(
                    "SELECT coalesce(max(waitlist_position), 0) FROM registration "
                    "WHERE event_id = :event AND status = 'waitlisted'"
                ),
                event_params,
            ).scalar_one()
        )
        rows = conn.execute(
            text(
                "SELECT id, companions, assistants FROM registration WHERE id IN :ids "
                "AND status = 'invited' ORDER BY id"
            ).bindparams(_in("ids")),
            {"ids": list(ids)},
        ).all()
        admitted: list[int] = []
        waiting: list[dict[str, Any]] = []
        for ident, companions, assistants in rows:
            needed = 1 + companions + assistants
            if not waiting and last == 0 and taken + needed <= capacity:
                admitted.append(ident)
                taken += needed
            else:
                last += 1
                waiting.append({"id": ident, "position": last, "now": now})
        if admitted:
            conn.execute(
                text(
                    "UPDATE registration SET status = 'registered', responded_at = :now, "
                    "version = version + 1 WHERE id IN :ids"
                ).bindparams(_in("ids")),
                {"ids": admitted, "now": now},
            )
        if waiting:
            conn.execute(
                text(
                    "UPDATE registration SET status = 'waitlisted', waitlist_position = :position,"
                    " responded_at = :now, version = version + 1 WHERE id = :id"
                ),
                waiting,
            )
        changes = [
            {"id": ident, "now": now, "to": "registered", "note": None} for ident in admitted
        ] + [{"id": w["id"], "now": now, "to": "waitlisted", "note": "Warteliste"} for w in waiting]
        conn.execute(
            text(
                "INSERT INTO registration_change (registration_id, changed_at, user_name, "
                "from_status, to_status, note) VALUES (:id, :now, 'bench', 'invited', :to, :note)"
            ),
            changes,
        )


def baseline_decline(services: Services, bench: BenchEvent, registration_id: int) -> None:
    """A cancellation set-based: the row, the first in line if they fit, the line closed up."""
    now = NOW
    params: dict[str, Any] = {"event": bench.event_id, "id": registration_id, "now": now}
    with services.db.engine.begin() as conn:
        conn.execute(
            text(
                "UPDATE registration SET status = 'declined', responded_at = :now, "
                "waitlist_position = NULL, version = version + 1 WHERE id = :id"
            ),
            params,
        )
        taken = int(
            conn.execute(
                text(
                    "SELECT coalesce(sum(1 + companions + assistants), 0) FROM registration "
                    "WHERE event_id = :event AND status IN ('registered', 'attended')"
                ),
                params,
            ).scalar_one()
        )
        first = conn.execute(
            text(
                "SELECT r.id, 1 + r.companions + r.assistants, e.capacity "
                "FROM registration r JOIN event e ON e.id = r.event_id "
                "WHERE r.event_id = :event AND r.status = 'waitlisted' "
                "ORDER BY r.waitlist_position, r.id LIMIT 1"
            ),
            params,
        ).first()
        changes = [{"id": registration_id, "now": now, "from": "registered", "to": "declined"}]
        if first is not None and taken + first[1] <= first[2]:
            conn.execute(
                text(
                    "UPDATE registration SET status = 'registered', waitlist_position = NULL, "
                    "promoted_at = :now, notify_pending = :true, version = version + 1 "
                    "WHERE id = :first"
                ),
                {"first": first[0], "now": now, "true": True},
            )
            conn.execute(
                text(
                    "UPDATE registration SET waitlist_position = waitlist_position - 1 "
                    "WHERE event_id = :event AND status = 'waitlisted'"
                ),
                params,
            )
            changes.append({"id": first[0], "now": now, "from": "waitlisted", "to": "registered"})
        conn.execute(
            text(
                "INSERT INTO registration_change (registration_id, changed_at, user_name, "
                "from_status, to_status) VALUES (:id, :now, 'bench', :from, :to)"
            ),
            changes,
        )


def baseline_needs(services: Services, event_id: int) -> int:
    with services.db.engine.connect() as conn:
        return len(
            conn.execute(
                text(
                    "SELECT n.kind, n.details, n.delete_after FROM accessibility_need n "
                    "JOIN registration r ON r.id = n.registration_id "
                    "WHERE r.event_id = :event AND r.status IN ('registered', 'attended')"
                ),
                {"event": event_id},
            ).all()
        )


def baseline_figures(services: Services, event_id: int) -> None:
    params = {"event": event_id}
    with services.db.engine.connect() as conn:
        conn.execute(
            text(
                "SELECT status, count(*) FROM registration WHERE event_id = :event GROUP BY status"
            ),
            params,
        ).all()
        conn.execute(
            text(
                "SELECT coalesce(sum(1 + companions + assistants), 0) FROM registration "
                "WHERE event_id = :event AND status IN ('registered', 'attended')"
            ),
            params,
        ).scalar_one()
        conn.execute(
            text(
                "SELECT DISTINCT o.id, o.kind, o.is_member, o.regierungsbezirk "
                "FROM registration r JOIN affiliation a ON a.id = r.affiliation_id "
                "JOIN organisation o ON o.id = a.organisation_id "
                "WHERE r.event_id = :event AND r.status IN ('registered', 'attended')"
            ),
            params,
        ).all()


# --------------------------------------------------------------------------------------------
# Timing


def measure(
    fn: Callable[[], object], repeat: int, before: Callable[[], object] | None = None
) -> tuple[float, float]:
    """Median and p90 in ms over ``repeat`` runs after one warm-up; ``before`` runs untimed
    ahead of each."""
    times = []
    for run in range(repeat + 1):
        if before is not None:
            before()
        began = time.perf_counter()
        fn()
        elapsed = (time.perf_counter() - began) * 1000
        if run:
            times.append(elapsed)
    times.sort()
    return statistics.median(times), times[min(len(times) - 1, int(len(times) * 0.9))]


@dataclass
class Row:
    name: str
    rows: str
    median: float
    p90: float
    base_median: float
    base_p90: float
    statements: int
    base_statements: int


@dataclass
class Scaling:
    name: str
    small: str
    small_count: int
    large: str
    large_count: int
    per_row: float
    repeated: list[tuple[str, int]]


@dataclass
class BackendResult:
    backend: str
    version: str
    setup_ms: float
    rows: list[Row]
    scaling: list[Scaling]
    invite_ms: float
    invite_statements: list[str]


def run(services: Services, args: argparse.Namespace, backend: str, version: str) -> BackendResult:
    events = EventService(dataclasses.replace(services.context, clock=lambda: NOW))
    counter = StatementCounter(services.db.engine)
    began = time.perf_counter()
    bench = make_event(services, args.invitees, capacity=args.capacity, bulk=args.bulk)
    setup_ms = (time.perf_counter() - began) * 1000
    event_id = bench.event_id
    R = RegistrationStatus  # noqa: N806 (as the tests call it)

    def counted(fn: Callable[[], object]) -> list[str]:
        with counter.counting() as statements:
            fn()
        return list(statements)

    def bulk(ids: Sequence[int]) -> Callable[[], object]:
        return lambda: events.set_registration_status_many(ids, R.REGISTERED)

    def reset() -> None:
        reset_to_invited(services, bench)

    results: list[Row] = []
    scaling: list[Scaling] = []

    # State A: a smaller bulk (the capacity filled, a short waiting list) for the counts.
    small = bench.selection[: args.capacity + args.capacity // 4]
    reset()
    small_bulk = counted(bulk(small))
    small_waiting = len(events.list_registrations(event_id, statuses=[R.WAITLISTED]))
    #: For the counts at two sizes: what grows from A to B, and the statements in A.
    small_state: dict[str, tuple[str, list[str]]] = {
        "list": (
            f"{de(small_waiting)} Zeilen (Filter Warteliste)",
            counted(lambda: events.list_registrations(event_id, statuses=[R.WAITLISTED])),
        ),
        "needs": (
            f"{baseline_needs(services, event_id)} Bedarfe",
            counted(lambda: events.needs_summary(event_id)),
        ),
        "figures": (
            f"{de(len(small))} ausgewählt, Warteliste {small_waiting}",
            counted(lambda: events.event_figures(event_id)),
        ),
    }
    registered = events.list_registrations(event_id, statuses=[R.REGISTERED])
    small_decline = counted(lambda: events.decline_registration(event_id, registered[0].person_id))

    # The bulk step, timed from "everybody invited" each run.
    selection = bench.selection
    med, p90 = measure(bulk(selection), args.bulk_repeat, before=reset)
    bmed, bp90 = measure(
        lambda: baseline_bulk(services, bench, selection, args.capacity),
        args.bulk_repeat,
        before=reset,
    )
    reset()
    bulk_statements = counted(bulk(selection))
    reset()
    with counter.counting() as base_statements:
        baseline_bulk(services, bench, selection, args.capacity)
    base_bulk_count = len(base_statements)
    reset()
    outcome = events.set_registration_status_many(selection, R.REGISTERED)  # state B
    waiting = len(events.list_registrations(event_id, statuses=[R.WAITLISTED]))
    results.append(
        Row(
            f"Sammeländerung: {len(selection)} → angemeldet",
            f"{outcome.changed} geändert, davon {waiting} auf der Warteliste",
            med,
            p90,
            bmed,
            bp90,
            len(bulk_statements),
            base_bulk_count,
        )
    )
    scaling.append(
        Scaling(
            "set_registration_status_many",
            f"{de(len(small))} ausgewählt",
            len(small_bulk),
            f"{de(len(selection))} ausgewählt",
            len(bulk_statements),
            (len(bulk_statements) - len(small_bulk)) / (len(selection) - len(small)),
            repeated(bulk_statements),
        )
    )

    # Reading, in state B.
    total = len(bench.registration_ids)
    waiting_rows = len(events.list_registrations(event_id, statuses=[R.WAITLISTED]))
    registered_rows = len(events.list_registrations(event_id, statuses=[R.REGISTERED]))
    expected_needs = baseline_needs(services, event_id)
    large_sizes = {
        "list": f"{de(total)} Zeilen (alle)",
        "needs": f"{expected_needs} Bedarfe",
        "figures": f"{de(len(bench.selection))} ausgewählt, Warteliste {waiting_rows}",
    }
    reading: list[tuple[str, str, str, Callable[[], object], Callable[[], object]]] = [
        (
            "list",
            "Reiter öffnen: list_registrations",
            de(total),
            lambda: events.list_registrations(event_id),
            lambda: baseline_list(services, event_id),
        ),
        (
            "",
            "Filter „Warteliste“",
            de(waiting_rows),
            lambda: events.list_registrations(event_id, statuses=[R.WAITLISTED]),
            lambda: baseline_list(services, event_id, ["waitlisted"]),
        ),
        (
            "",
            "Filter „angemeldet“",
            de(registered_rows),
            lambda: events.list_registrations(event_id, statuses=[R.REGISTERED]),
            lambda: baseline_list(services, event_id, ["registered"]),
        ),
        (
            "needs",
            "needs_summary",
            f"{expected_needs} Bedarfe der Angemeldeten",
            lambda: events.needs_summary(event_id),
            lambda: baseline_needs(services, event_id),
        ),
        (
            "figures",
            "event_figures",
            de(total),
            lambda: events.event_figures(event_id),
            lambda: baseline_figures(services, event_id),
        ),
    ]
    for key, name, rows, service_call, baseline_call in reading:
        med, p90 = measure(service_call, args.repeat)
        bmed, bp90 = measure(baseline_call, args.repeat)
        statements = counted(service_call)
        base = counted(baseline_call)
        results.append(Row(name, rows, med, p90, bmed, bp90, len(statements), len(base)))
        if key in small_state:
            small_size, small_statements = small_state[key]
            scaling.append(
                Scaling(
                    name.split(": ")[-1],
                    small_size,
                    len(small_statements),
                    large_sizes[key],
                    len(statements),
                    0.0,
                    repeated(statements),
                )
            )

    # A cancellation with promotion, in state B: each run declines the next registered person
    # (the first in line takes the place, the line gets one shorter).
    queue = [row.person_id for row in events.list_registrations(event_id, statuses=[R.REGISTERED])]
    queue_ids = {
        row.person_id: row.id
        for row in events.list_registrations(event_id, statuses=[R.REGISTERED])
    }
    people = iter(queue)

    def decline() -> object:
        outcome = events.decline_registration(event_id, next(people))
        assert len(outcome.promoted) == 1
        return outcome

    def decline_baseline() -> None:
        baseline_decline(services, bench, queue_ids[next(people)])

    before = len(events.list_registrations(event_id, statuses=[R.WAITLISTED]))
    med, p90 = measure(decline, args.repeat)
    bmed, bp90 = measure(decline_baseline, args.repeat)
    waiting_now = len(events.list_registrations(event_id, statuses=[R.WAITLISTED]))
    decline_statements = counted(decline)
    with counter.counting() as base_statements:
        decline_baseline()
    results.append(
        Row(
            "Absage mit Nachrücken: decline_registration",
            f"Warteliste {before} → {waiting_now}",
            med,
            p90,
            bmed,
            bp90,
            len(decline_statements),
            len(base_statements),
        )
    )
    scaling.append(
        Scaling(
            "decline_registration (mit Nachrücken)",
            f"Warteliste {small_waiting}",
            len(small_decline),
            f"Warteliste {waiting_now}",
            len(decline_statements),
            (len(decline_statements) - len(small_decline)) / max(1, waiting_now - small_waiting),
            repeated(decline_statements),
        )
    )

    # Once: inviting everybody into a second, empty event through the service.
    second = events.create_event(
        EventInput(title="Zweite Veranstaltung (Benchmark)", starts_at=EVENT_START, capacity=50)
    ).id
    invitees = [Invitee(person) for person in bench.person_ids]
    with counter.counting() as invite_statements:
        began = time.perf_counter()
        events.invite_persons(second, invitees)
        invite_ms = (time.perf_counter() - began) * 1000
    return BackendResult(
        backend=backend,
        version=version,
        setup_ms=setup_ms,
        rows=results,
        scaling=scaling,
        invite_ms=invite_ms,
        invite_statements=list(invite_statements),
    )


# --------------------------------------------------------------------------------------------
# Backends and the report


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


@contextmanager
def postgres_database(admin_url: str) -> Iterator[str]:
    """A throwaway database on the server ``admin_url`` points at (dropped afterwards)."""
    admin = make_url(admin_url)
    name = f"beratung_bench_{os.getpid()}"
    engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        conn.execute(text(f"CREATE DATABASE \"{name}\" ENCODING 'UTF8' TEMPLATE template0"))
    try:
        yield admin.set(database=name).render_as_string(hide_password=False)
    finally:
        with engine.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        engine.dispose()


def run_sqlite(args: argparse.Namespace) -> BackendResult:
    with tempfile.TemporaryDirectory() as tmp:
        services = Services.open(
            AppPaths(Path(tmp) / "data"), db_path=Path(tmp) / "bench.sqlite", user="bench"
        )
        try:
            return run(services, args, "SQLite (Datei)", f"SQLite {sqlite3.sqlite_version}")
        finally:
            services.close()


def run_postgres(args: argparse.Namespace, admin_url: str) -> BackendResult:
    with tempfile.TemporaryDirectory() as tmp, postgres_database(admin_url) as url:
        services = Services.open(AppPaths(Path(tmp) / "data"), url=url, user="bench")
        try:
            with services.db.engine.connect() as conn:
                version = str(conn.execute(text("SHOW server_version")).scalar_one())
            host = make_url(url).host or "lokal"
            return run(services, args, f"PostgreSQL ({host})", f"PostgreSQL {version.split()[0]}")
        finally:
            services.close()


def report(args: argparse.Namespace, results: Sequence[BackendResult]) -> str:
    today = datetime.now(UTC).date()
    lines = [
        f"# Veranstaltungen: Anmeldungen einer Veranstaltung mit {de(args.invitees)} Eingeladenen",
        "",
        f"Erzeugt von `bench/events_bench.py` am {today:%d.%m.%Y}: "
        f"{de(args.invitees)} Eingeladene (Personen mit Funktion in 400 Kommunen), "
        f"{args.capacity} Plätze, Bedarfe mit Einwilligung bei jeder vierten der "
        f"{args.bulk} ausgewählten Personen. Python {platform.python_version()}, "
        f"SQLAlchemy {sqlalchemy.__version__}, {cpu_model()}, {os.cpu_count()} Kerne, "
        f"{platform.system()} {platform.release()}. Zeiten in ms: Median und 90. Perzentil "
        f"aus {args.repeat} Läufen nach einem Aufwärmlauf (Sammeländerung: "
        f"{args.bulk_repeat} Läufe, vor jedem Lauf ungemessen auf „alle eingeladen“ "
        "zurückgesetzt).",
        "",
        "Gemessen werden die Aufrufe des Dienstes, die der Reiter „Einladungen und "
        "Anmeldungen“ der Oberfläche macht (den Reiter selbst misst "
        "`bench/events_gui_bench.py`, Ergebnis `bench/results/events_gui.md`). Baseline im "
        "selben Lauf: rohes SQL (`text()`), das dieselben Zeilen liest bzw. dieselben Zeilen "
        "mengenweise schreibt, ohne ORM-Objekte und ohne die Regeln des Dienstes – eine "
        "Untergrenze. „Faktor“ = Dienst ÷ Baseline. „Anweisungen“ = SQL-Anweisungen je "
        "Aufruf (Cursor-Ausführungen; ein executemany zählt einmal; BEGIN/COMMIT nicht "
        "gezählt).",
    ]
    for result in results:
        lines += [
            "",
            f"## {result.backend}",
            "",
            f"{result.version}; Aufbau der Daten {result.setup_ms / 1000:.1f} s.",
            "",
            "| Messung | Zeilen | Median | p90 | Baseline Median | Baseline p90 | Faktor "
            "| Anweisungen | Anweisungen Baseline |",
            "|---|---|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for row in result.rows:
            lines.append(
                f"| {row.name} | {row.rows} | {row.median:.1f} | {row.p90:.1f} | "
                f"{row.base_median:.1f} | {row.base_p90:.1f} | "
                f"{row.median / row.base_median:.1f}× | {row.statements} | "
                f"{row.base_statements} |"
            )
        lines += [
            "",
            "Anweisungen bei zwei Größen (Zustand A: "
            f"{args.capacity + args.capacity // 4} ausgewählt → angemeldet, kurze Warteliste; "
            f"Zustand B: {args.bulk} ausgewählt, lange Warteliste):",
            "",
            "| Aufruf | A | Anweisungen A | B | Anweisungen B | je weitere Zeile "
            "| häufigste Anweisungen in B |",
            "|---|---|---:|---|---:|---:|---|",
        ]
        for item in result.scaling:
            common = "; ".join(f"`{head}` ×{n}" for head, n in item.repeated) or "–"
            per_row = f"{item.per_row:.1f}" if item.per_row else "0"
            lines.append(
                f"| {item.name} | {item.small} | {item.small_count} | {item.large} | "
                f"{item.large_count} | {per_row} | {common} |"
            )
        constant = [s.name for s in result.scaling if s.large_count == s.small_count]
        growing = [s for s in result.scaling if s.large_count > s.small_count]
        lines += ["", "Ohne Abfrage je Zeile (gleich viele Anweisungen bei beiden Größen): "]
        lines[-1] += ", ".join(f"`{name}`" for name in constant) + "."
        if growing:
            lines[-1] += (
                " **Mit Anweisungen je Zeile:** "
                + "; ".join(
                    f"`{s.name}` ({decimal(s.per_row)} je weitere Zeile: {s.small} → {s.large})"
                    for s in growing
                )
                + "."
            )
        lines += [
            "",
            f"Einmalig: `invite_persons` mit {de(args.invitees)} Personen in eine leere "
            f"Veranstaltung: {result.invite_ms:.0f} ms, {de(len(result.invite_statements))} "
            "Anweisungen; die häufigsten: "
            + "; ".join(f"`{head}` ×{n}" for head, n in repeated(result.invite_statements))
            + ".",
        ]
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--invitees", type=int, default=2000)
    parser.add_argument("--capacity", type=int, default=200)
    parser.add_argument("--bulk", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--bulk-repeat", type=int, default=7)
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument(
        "--no-postgres", action="store_true", help="SQLite only, even with the variable set"
    )
    args = parser.parse_args()
    results = [run_sqlite(args)]
    admin_url = os.environ.get("BERATUNG_TEST_POSTGRES_URL")
    if admin_url and not args.no_postgres:
        results.append(run_postgres(args, admin_url))
    text_out = report(args, results)
    print(text_out)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text_out, encoding="utf-8")
    print(f"geschrieben: {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
