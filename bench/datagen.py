"""The benchmark databases: the demo (1×) and, on top of it, generated data at 10× and 100×.

Why one generator: every figure of ``python -m bench`` must be measured on the same data at each
size, and the data must be what the services would have written (sort names, ``search_text`` by
the rules the ``before_flush`` listener applies, the consultations' full-text index), or the
figures would time queries the app never runs. The derived columns are computed with the same
rules as :mod:`beratung.storage.derived`, the index rows are those
:func:`beratung.storage.search.rebuild` writes (``tests/integration/test_bench_runner.py``
compares both).

Why it is written the way it is: 100× (1,000,000 consultations) must be generated within the
runner's 10 minutes on a shared 2-core machine. Through SQLAlchemy Core and a rebuild of the
full-text index it took ~45 s at 10× (the index alone two thirds: folding every consultation's
whole text), so 100× missed its budget. Now rows go in as tuples by ``executemany`` on the raw
DB-API connection, in one transaction with the journal and fsyncs off and the filled tables'
indexes created after the load, and the index text is folded once per phrase (the texts are
built from a few hundred): 10× takes ~12 s, 100× ~2 minutes.

Scale ``n`` adds ``2,000·n`` persons (each with a primary role), ``200·n`` organisations,
``10,000·n`` consultations (2015–2017, one to three topics, a person for every second one) and
``20·n`` events with 100 registrations each. Size 1 is the demo as ``beratung demo`` makes it
(278 persons, 222 consultations, 3 events); 10 is the issue's 10× (20,000 persons, 2,000
organisations, 100,000 consultations, 200 events). The generated rows are the same for a seed
(the demo's own rows carry the clock of the day they were made); databases are cached under
``$BENCH_CACHE`` (default ``~/.cache/beratung-bench``) by size and :data:`VERSION`.
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
import time
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from bench.consultations_bench import DETAILS, OPENINGS, OUTCOMES, SUBJECTS
from bench.contacts_bench import BEZIRKE, FIRST, KREISE, LAST, ROLES, TOWNS
from beratung.domain.contacts import Affiliation, Organisation, Person
from beratung.domain.enums import (
    AddressPreference,
    Anrede,
    ConsultationMode,
    OrganisationKind,
    RegistrationStatus,
)
from beratung.domain.events import Event, Registration, RegistrationChange
from beratung.domain.rules.registrations import CODE_ALPHABET, CODE_LENGTH
from beratung.domain.rules.search import (
    full_text_fold,
    full_text_transliterations,
    organisation_search_text,
    person_search_text,
)
from beratung.domain.rules.sorting import name_sort_key, sort_key
from beratung.domain.work import Consultation, consultation_person, consultation_topic
from beratung.paths import AppPaths
from beratung.services import Services
from beratung.storage import search

#: Bump when the generated data changes: cached databases of another version are not reused.
#: 2: the roles' and registrations' timestamps are :data:`NOW` instead of the generation's
#: clock; every other generated value is as in version 1 (the 10× figures stay comparable).
VERSION = 2
SEED = 16
BATCH = 20_000
NOW = datetime(2017, 11, 1, 8, tzinfo=UTC)


def cache_dir() -> Path:
    folder = Path(os.environ.get("BENCH_CACHE", Path.home() / ".cache" / "beratung-bench"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def counts(size: int) -> dict[str, int]:
    """What scale ``size`` adds to the demo (nothing at 1)."""
    if size <= 1:
        return {"persons": 0, "organisations": 0, "consultations": 0, "events": 0}
    return {
        "persons": 2000 * size,
        "organisations": 200 * size,
        "consultations": 10_000 * size,
        "events": 20 * size,
    }


def cache_file(size: int) -> Path:
    """Where the database of ``size`` is cached: by generator version *and* schema revision,
    so a new migration makes a new file instead of the app upgrading (and backing up) a
    cached one in the middle of a timed start."""
    from beratung.storage.revisions import head_revision

    return cache_dir() / f"bench-v{VERSION}-{head_revision()}-x{size}.sqlite"


def database(size: int) -> Path:
    """The cached database of this size, generated first if missing.

    Generated beside the target under a name of its own and renamed when complete (not
    copied: at 100× the file has 2 GB), so a run stopped half-way leaves no database that
    looks finished."""
    target = cache_file(size)
    if target.exists():
        return target
    partial = target.with_name(f"{target.stem}.partial.sqlite")
    companions = [partial.with_name(partial.name + end) for end in ("-wal", "-shm", ".lock")]
    for stale in (partial, *companions):
        stale.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory(prefix="bench-gen-") as folder:
        services = Services.open(AppPaths(Path(folder)), db_path=partial)
        try:
            services.demo.create()
            if size > 1:
                generate(services, size)
        finally:
            services.close()
    partial.replace(target)
    for leftover in companions:
        leftover.unlink(missing_ok=True)
    return target


def _bind(column: Any, dialect: Any) -> Callable[[Any], Any]:
    """The column type's own SQLAlchemy bind processor (enum → value, UTC datetime → naive
    text, bool → int …), so a raw insert stores exactly what an ORM or Core insert would."""
    processor = column.type.dialect_impl(dialect).bind_processor(dialect)
    return processor if processor is not None else _same


def _same(value: Any) -> Any:
    return value


class _Insert:
    """A raw ``executemany`` INSERT of ``columns`` into one table, the columns' Python-side
    defaults appended as constants (timestamps: :data:`NOW`) the way Core fills what a row
    leaves out, so a column added with a default later is still filled."""

    def __init__(self, cursor: Any, table: Any, columns: Sequence[str], dialect: Any) -> None:
        self.cursor = cursor
        names = list(columns)
        tail: list[Any] = []
        for column in table.columns:
            if column.name in names or column.default is None:
                continue
            default = column.default
            if default.is_scalar:
                value = default.arg
            elif default.is_callable and column.name in ("created_at", "updated_at"):
                value = NOW
            else:
                raise ValueError(f"{table.name}.{column.name}: the generator must give a value")
            names.append(column.name)
            tail.append(_bind(column, dialect)(value))
        self.tail = tuple(tail)
        self.sql = (
            f"INSERT INTO {table.name} ({', '.join(names)}) "
            f"VALUES ({', '.join('?' for _ in names)})"
        )

    def __call__(self, rows: Sequence[tuple[Any, ...]]) -> None:
        if rows:
            tail = self.tail
            self.cursor.executemany(self.sql, [row + tail for row in rows] if tail else rows)


class _Writer:
    """The load's statements run in order on one thread of their own while the main thread
    generates the next batch: SQLite lets go of the GIL while it works (tokenizing the
    full-text index above all), so both cores work. ``execute`` (reads, DDL) waits for the
    writes before it; at most a few batches wait, so memory stays flat."""

    AHEAD = 3

    def __init__(self, cursor: Any) -> None:
        self.cursor = cursor
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="bench-writer")
        self.pending: deque[Future[Any]] = deque()

    def executemany(self, sql: str, rows: Sequence[tuple[Any, ...]]) -> None:
        self.pending.append(self.pool.submit(self.cursor.executemany, sql, rows))
        while len(self.pending) > self.AHEAD:
            self.pending.popleft().result()

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        self.drain()
        return self.cursor.execute(sql, params)

    def drain(self) -> None:
        while self.pending:
            self.pending.popleft().result()

    def close(self) -> None:
        try:
            self.drain()
        finally:
            self.pool.shutdown(cancel_futures=True)
            self.cursor.close()


class _Memo(dict[str, str]):
    """A rule applied once per distinct text: the generated texts are made of a few hundred
    phrases, so folding each phrase once instead of every consultation's whole text is what
    makes the full-text index of 1,000,000 consultations affordable."""

    def __init__(self, rule: Callable[[str], str]) -> None:
        super().__init__()
        self.rule = rule

    def __missing__(self, text: str) -> str:
        value = self[text] = self.rule(text)
        return value


def generate(services: Services, size: int, seed: int = SEED) -> float:
    """Add scale ``size``'s rows to the (demo) database; returns the seconds it took.

    The load runs on the engine's raw DB-API connection, alone (the pool is emptied first), in
    one transaction with the journal and fsyncs off and the filled tables' secondary indexes
    dropped; the indexes are created again, the full-text index optimised and the statistics
    gathered before WAL and ``synchronous = FULL`` come back. Leaving WAL needs the file to
    have no other connection ("database is locked" otherwise). A crash half-way leaves a broken
    file, which is why :func:`database` generates into a temporary folder."""
    began = time.perf_counter()
    engine = services.db.engine
    engine.dispose()
    raw = engine.raw_connection()
    try:
        _load(raw.driver_connection, engine.dialect, size, seed)
    finally:
        raw.close()
        engine.dispose()  # that connection's bulk-load pragmas go with it
    return time.perf_counter() - began


#: The tables the generator fills: their ``CREATE INDEX`` indexes are built after the load.
FILLED = (
    "organisation",
    "person",
    "affiliation",
    "consultation",
    "consultation_topic",
    "consultation_person",
    "event",
    "registration",
    "registration_change",
)


def _load(db: Any, dialect: Any, size: int, seed: int) -> None:
    cur = _Writer(db.cursor())
    for pragma in (
        "journal_mode = OFF",
        "synchronous = OFF",
        "foreign_keys = OFF",
        "cache_size = -1048576",  # 1 GiB: the full-text index merges stay in memory
        "temp_store = MEMORY",
    ):
        cur.execute(f"PRAGMA {pragma}").fetchall()
    try:
        cur.execute("BEGIN")
        rng = random.Random(seed * 1000 + size)
        n = counts(size)

        def next_id(table: str) -> int:
            return int(cur.execute(f"SELECT coalesce(max(id), 0) + 1 FROM {table}").fetchone()[0])

        first_org, first_person = next_id("organisation"), next_id("person")
        first_consultation, first_event = next_id("consultation"), next_id("event")
        # In the order SQLite returns them (by name, through the unique index): the order
        # the topics are drawn from, as when the generator asked through SQLAlchemy.
        topic_names = dict(cur.execute("SELECT topic.id, topic.name FROM topic").fetchall())
        filled = ", ".join(f"'{t}'" for t in FILLED)
        indexes = cur.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
            f"AND tbl_name IN ({filled}) ORDER BY rowid"
        ).fetchall()
        for name, _sql in indexes:
            cur.execute(f'DROP INDEX "{name}"')
        lap = _Laps(size, cur)
        orgs = _organisations(cur, dialect, rng, n["organisations"], first_org)
        lap("Organisationen")
        persons = _persons(cur, dialect, rng, n["persons"], first_person, orgs)
        lap("Personen")
        role_of = dict(
            cur.execute(
                "SELECT person_id, id FROM affiliation WHERE person_id >= ?", (first_person,)
            ).fetchall()
        )
        _consultations(
            cur,
            dialect,
            rng,
            n["consultations"],
            first_consultation,
            orgs,
            len(persons),
            first_person,
            topic_names,
        )
        lap("Beratungen mit Volltextindex")
        _events(cur, dialect, rng, n["events"], first_event, first_person, len(persons), role_of)
        lap("Veranstaltungen")
        for _name, sql in indexes:
            cur.execute(sql)
        cur.execute("COMMIT")
        lap("Indizes")
    except BaseException:
        cur.close()
        if db.in_transaction:
            db.rollback()
        raise
    cur.execute("INSERT INTO consultation_fts(consultation_fts) VALUES ('optimize')")
    lap("Volltextindex optimiert")
    cur.execute("ANALYZE")
    lap("ANALYZE")
    for pragma in ("journal_mode = WAL", "synchronous = FULL", "foreign_keys = ON"):
        cur.execute(f"PRAGMA {pragma}").fetchall()
    cur.close()


class _Laps:
    """Each phase's seconds on stderr (from 10× on), so a slow generation shows where."""

    def __init__(self, size: int, writer: _Writer) -> None:
        self.quiet = size < 10
        self.writer = writer
        self.last = time.perf_counter()
        self.cpu = time.process_time()

    def __call__(self, phase: str) -> None:
        self.writer.drain()
        now, cpu = time.perf_counter(), time.process_time()
        if not self.quiet:
            print(f"    {phase}: {now - self.last:.1f} s (CPU {cpu - self.cpu:.1f} s)",
                  file=sys.stderr, flush=True)  # fmt: skip
        self.last, self.cpu = now, cpu


def _organisation(
    name: str,
    town: str,
    kreis: str | None = None,
    bezirk: str | None = None,
    email: str | None = None,
) -> SimpleNamespace:
    """The fields the search-text rules read of an organisation."""
    return SimpleNamespace(
        name=name, department=None, town=town, kreis=kreis, regierungsbezirk=bezirk,
        email=email, ags=None,
    )  # fmt: skip


def _organisations(
    cur: Any, dialect: Any, rng: random.Random, count: int, first: int
) -> list[tuple[int, str, str]]:
    """``count`` organisations; returns (id, name, town) of each."""
    table = Organisation.__table__
    columns = (
        "id",
        "kind",
        "name",
        "town",
        "postcode",
        "street",
        "kreis",
        "regierungsbezirk",
        "is_member",
        "email",
        "version",
        "created_at",
        "updated_at",
        "search_text",
        "sort_name",
    )
    insert = _Insert(cur, table, columns, dialect)
    kind_value = {k: _bind(table.c.kind, dialect)(k) for k in OrganisationKind}
    member = _bind(table.c.is_member, dialect)
    now = _bind(table.c.created_at, dialect)(NOW)
    kinds = list(OrganisationKind)
    rows: list[tuple[Any, ...]] = []
    made: list[tuple[int, str, str]] = []
    for i in range(count):
        ident = first + i
        town = rng.choice(TOWNS)
        kind = rng.choice(kinds)
        prefix = "Stadt" if kind is OrganisationKind.MUNICIPALITY else "Verein"
        name = f"{prefix} {town} {ident}"
        kreis, bezirk, is_member = rng.choice(KREISE), rng.choice(BEZIRKE), rng.random() < 0.5
        email = f"info{ident}@example.org"
        fields = _organisation(name, town, kreis, bezirk, email)
        rows.append(
            (
                ident,
                kind_value[kind],
                name,
                town,
                "70173",
                "Marktplatz 1",
                kreis,
                bezirk,
                member(is_member),
                email,
                1,
                now,
                now,
                organisation_search_text(fields),
                name_sort_key(name),
            )
        )
        made.append((ident, name, town))
    insert(rows)
    return made


def _persons(
    cur: Any,
    dialect: Any,
    rng: random.Random,
    count: int,
    first: int,
    orgs: list[tuple[int, str, str]],
) -> list[int]:
    """``count`` persons with a primary role each; returns their ids."""
    table = Person.__table__
    columns = (
        "id",
        "anrede",
        "first_name",
        "last_name",
        "email",
        "phone",
        "version",
        "address_preference",
        "search_text",
        "sort_name",
        "created_at",
        "updated_at",
    )
    insert = _Insert(cur, table, columns, dialect)
    roles = _Insert(
        cur, Affiliation.__table__, ("person_id", "organisation_id", "role", "is_primary"), dialect
    )
    anrede = {a: _bind(table.c.anrede, dialect)(a) for a in (Anrede.FRAU, Anrede.HERR)}
    preference = _bind(table.c.address_preference, dialect)(AddressPreference.ORGANISATION)
    primary = _bind(Affiliation.__table__.c.is_primary, dialect)(True)
    now = _bind(table.c.created_at, dialect)(NOW)
    sort_keys: dict[tuple[str, str], str] = {}
    rows: list[tuple[Any, ...]] = []
    role_rows: list[tuple[Any, ...]] = []
    for i in range(count):
        ident = first + i
        first_name, last = rng.choice(FIRST), rng.choice(LAST)
        org_id, org_name, org_town = orgs[rng.randrange(len(orgs))]
        role = rng.choice(ROLES)
        email = f"{first_name}.{last}.{ident}@example.org".lower()
        person = SimpleNamespace(
            title=None,
            first_name=first_name,
            last_name=last,
            email=email,
            phone="0711 22921-33",
            mobile=None,
            town=None,
        )
        affiliation = SimpleNamespace(
            role=role, department=None, email=None, phone=None, is_primary=True
        )
        organisation = _organisation(org_name, org_town)
        key = sort_keys.get((last, first_name))
        if key is None:
            key = sort_keys[last, first_name] = sort_key(last, first_name)
        rows.append(
            (
                ident,
                anrede[rng.choice((Anrede.FRAU, Anrede.HERR))],
                first_name,
                last,
                email,
                "0711 22921-33",
                1,
                preference,
                person_search_text(person, [(affiliation, organisation)]),
                key,
                now,
                now,
            )
        )
        role_rows.append((ident, org_id, role, primary))
    insert(rows)
    roles(role_rows)
    return list(range(first, first + count))


def _consultations(
    cur: Any,
    dialect: Any,
    rng: random.Random,
    count: int,
    first: int,
    orgs: list[tuple[int, str, str]],
    persons: int,
    first_person: int,
    topic_names: dict[int, str],
) -> None:
    """``count`` consultations with their topics, persons and full-text index rows.

    The index rows are what :func:`beratung.storage.search.rebuild` would write (the test
    compares them), folded per phrase: folding a text joined by spaces is joining its folded
    phrases, and its transliterated words are the union of theirs."""
    table = Consultation.__table__
    insert = _Insert(
        cur,
        table,
        (
            "id",
            "occurred_at",
            "duration_minutes",
            "mode",
            "organisation_id",
            "subject",
            "summary",
            "outcome",
            "file_reference",
            "version",
            "created_at",
            "updated_at",
        ),
        dialect,
    )
    topic_insert = _Insert(cur, consultation_topic, ("consultation_id", "topic_id"), dialect)
    person_insert = _Insert(cur, consultation_person, ("consultation_id", "person_id"), dialect)
    fts_sql = (
        f"INSERT INTO {search.FTS_TABLE}(rowid, {', '.join(search.FTS_COLUMNS)}) "
        "VALUES (?, ?, ?, ?, ?, ?)"
    )
    stamp = _bind(table.c.occurred_at, dialect)
    mode_value = {m: _bind(table.c.mode, dialect)(m) for m in ConsultationMode}
    fold = _Memo(full_text_fold)
    umlaut_words = _Memo(full_text_transliterations)
    topic_ids = list(topic_names)
    topic_texts: dict[tuple[int, ...], str] = {}
    org_name = {ident: name for ident, name, _town in orgs}
    modes = list(ConsultationMode)
    start = datetime(2015, 1, 1, 7, tzinfo=UTC)
    span = (datetime(2018, 1, 1, tzinfo=UTC) - start).total_seconds()
    model = ["Vorbild ist das Zwiefaltener Modell."]
    batch: list[tuple[Any, ...]] = []
    topics: list[tuple[Any, ...]] = []
    people: list[tuple[Any, ...]] = []
    documents: list[tuple[Any, ...]] = []
    for i in range(count):
        ident = first + i
        at = stamp(start + timedelta(seconds=int(rng.random() * span)))
        phrases = [
            rng.choice(OPENINGS),
            rng.choice(SUBJECTS) + ".",
            *rng.sample(DETAILS, rng.randint(1, 3)),
            *(model if rng.random() < 0.001 else []),
        ]
        subject = rng.choice(SUBJECTS)
        subject = subject[:1].upper() + subject[1:]
        duration = rng.choice([15, 30, 45, 60, 90, 120, None])
        mode = mode_value[rng.choice(modes)]
        organisation = orgs[rng.randrange(len(orgs))][0]
        outcome = rng.choice(OUTCOMES)
        file_reference = f"047.{rng.randint(10, 99)}"
        batch.append(
            (
                ident,
                at,
                duration,
                mode,
                organisation,
                subject,
                " ".join(phrases),
                outcome,
                file_reference,
                1,
                at,
                at,
            )
        )
        chosen = rng.sample(topic_ids, min(len(topic_ids), rng.randint(1, 3)))
        for topic in chosen:
            topics.append((ident, topic))
        if i % 2 == 0:
            people.append((ident, first_person + rng.randrange(persons)))
        # The index's topics come in topic id order (the primary key the rebuild reads).
        order = tuple(sorted(chosen))
        topic_text = topic_texts.get(order)
        if topic_text is None:
            topic_text = topic_texts[order] = " ".join(topic_names[t] for t in order)
        name = org_name[organisation]
        body = [" ".join(fold[p] for p in phrases)]
        body += [fold[v] for v in (outcome, file_reference) if v]
        words: set[str] = set()
        for text in (subject, *phrases, outcome, file_reference, name, topic_text):
            if text:
                words.update(umlaut_words[text].split())
        documents.append(
            (
                ident,
                fold[subject],
                " ".join(body),
                fold[name],
                fold[topic_text] if topic_text else "",
                " ".join(sorted(words)),
            )
        )
        if len(batch) >= BATCH:
            insert(batch)
            topic_insert(topics)
            person_insert(people)
            cur.executemany(fts_sql, documents)
            batch, topics, people, documents = [], [], [], []
    insert(batch)
    topic_insert(topics)
    person_insert(people)
    cur.executemany(fts_sql, documents)


def _events(
    cur: Any,
    dialect: Any,
    rng: random.Random,
    count: int,
    first: int,
    first_person: int,
    persons: int,
    role_of: dict[int, int],
) -> None:
    """``count`` events with 100 invitations each (60 % registered) and their history."""
    if not count:
        return
    table = Event.__table__
    columns = (
        "id",
        "title",
        "starts_at",
        "ends_at",
        "capacity",
        "registration_deadline",
        "calendar_uid",
        "calendar_sequence",
        "version",
        "created_at",
        "updated_at",
    )
    stamp = _bind(table.c.starts_at, dialect)
    day = _bind(table.c.registration_deadline, dialect)
    now = stamp(NOW)
    events: list[tuple[Any, ...]] = []
    starts: list[datetime] = []
    for i in range(count):
        begins = datetime(2016, 1, 12, 8, tzinfo=UTC) + timedelta(days=7 * i)
        starts.append(begins)
        events.append(
            (
                first + i,
                f"Werkstattgespräch Quartier {first + i}",
                stamp(begins),
                stamp(begins + timedelta(hours=6)),
                120,
                day((begins - timedelta(days=14)).date()),
                f"bench-{first + i}@beratung.invalid",
                0,
                1,
                now,
                now,
            )
        )
    _Insert(cur, table, columns, dialect)(events)
    reg = Registration.__table__
    insert = _Insert(
        cur,
        reg,
        (
            "event_id",
            "person_id",
            "affiliation_id",
            "status",
            "invited_at",
            "responded_at",
            "code",
            "companions",
            "assistants",
            "notify_pending",
            "walk_in",
            "version",
            "created_at",
            "updated_at",
        ),
        dialect,
    )
    status = _bind(reg.c.status, dialect)
    registered, invited = status(RegistrationStatus.REGISTERED), status(RegistrationStatus.INVITED)
    false = _bind(reg.c.walk_in, dialect)(False)
    codes: set[str] = set()
    rows: list[tuple[Any, ...]] = []
    people = range(first_person, first_person + persons)
    for i, begins in enumerate(starts):
        invited_at = begins - timedelta(days=40)
        invited_text, responded = stamp(invited_at), stamp(invited_at + timedelta(days=5))
        for person in rng.sample(people, 100):
            code = ""
            while not code or code in codes:
                raw = "".join(rng.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
                code = f"{raw[:4]}-{raw[4:]}"
            codes.add(code)
            yes = rng.random() < 0.6
            rows.append(
                (
                    first + i,
                    person,
                    role_of[person],
                    registered if yes else invited,
                    invited_text,
                    responded if yes else None,
                    code,
                    0,
                    0,
                    false,
                    false,
                    1,
                    now,
                    now,
                )
            )
    insert(rows)
    # In the order the generator used to read them back (SQLite chose the unique index on
    # event and person): the history's ids follow it.
    history = cur.execute(
        "SELECT id, status, invited_at FROM registration WHERE event_id >= ? "
        "ORDER BY event_id, person_id",
        (first,),
    ).fetchall()
    change = RegistrationChange.__table__
    changes_insert = _Insert(
        cur,
        change,
        ("registration_id", "changed_at", "user_name", "from_status", "to_status"),
        dialect,
    )
    answered = {stamp(b - timedelta(days=40)): stamp(b - timedelta(days=35)) for b in starts}
    changes: list[tuple[Any, ...]] = []
    for ident, state, invited_text in history:
        changes.append((ident, invited_text, "bench", None, invited))
        if state == registered:
            changes.append((ident, answered[invited_text], "bench", invited, registered))
    changes_insert(changes)
