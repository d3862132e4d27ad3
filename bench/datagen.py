"""The benchmark databases: the demo (1×) and, on top of it, generated data at 10× and 100×.

Why one generator: every figure of ``python -m bench`` must be measured on the same data at each
size, and the data must be what the services would have written (sort names, ``search_text`` by
the rules the ``before_flush`` listener applies, the consultations' full-text index), or the
figures would time queries the app never runs. Rows go in by SQLAlchemy Core ``executemany``
(seconds instead of minutes for 100,000 consultations); the derived columns are computed with
the same rules as :mod:`beratung.storage.derived` and the index is rebuilt once at the end.

Scale ``n`` adds ``2,000·n`` persons (each with a primary role), ``200·n`` organisations,
``10,000·n`` consultations (2015–2017, one to three topics, a person for every second one) and
``20·n`` events with 100 registrations each. Size 1 is the demo as ``beratung demo`` makes it
(278 persons, 222 consultations, 3 events); 10 is the issue's 10× (20,000 persons, 2,000
organisations, 100,000 consultations, 200 events). Deterministic for a seed; databases are cached
under ``$BENCH_CACHE`` (default ``~/.cache/beratung-bench``) by size and :data:`VERSION`.
"""

from __future__ import annotations

import os
import random
import shutil
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from sqlalchemy import func, insert, select

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
from beratung.domain.rules.search import organisation_search_text, person_search_text
from beratung.domain.rules.sorting import name_sort_key, sort_key
from beratung.domain.work import Consultation, Topic, consultation_person, consultation_topic
from beratung.paths import AppPaths
from beratung.services import Services
from beratung.storage import search

#: Bump when the generated data changes: cached databases of another version are not reused.
VERSION = 1
SEED = 16
BATCH = 5000
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


def database(size: int) -> Path:
    """The cached database of this size, generated first if missing."""
    target = cache_dir() / f"bench-v{VERSION}-x{size}.sqlite"
    if target.exists():
        return target
    with tempfile.TemporaryDirectory(prefix="bench-gen-") as folder:
        path = Path(folder) / "beratung.sqlite"
        services = Services.open(AppPaths(Path(folder)), db_path=path)
        try:
            services.demo.create()
            if size > 1:
                generate(services, size)
        finally:
            services.close()
        partial = target.with_suffix(".partial")
        shutil.copyfile(path, partial)
        partial.replace(target)
    return target


def _chunks(rows: list[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    for start in range(0, len(rows), BATCH):
        yield rows[start : start + BATCH]


def generate(services: Services, size: int, seed: int = SEED) -> float:
    """Add scale ``size``'s rows to the (demo) database; returns the seconds it took."""
    began = time.perf_counter()
    rng = random.Random(seed * 1000 + size)
    n = counts(size)
    with services.db.transaction() as s:
        conn = s.connection()
        first_org = int(conn.scalar(select(func.max(Organisation.id))) or 0) + 1
        first_person = int(conn.scalar(select(func.max(Person.id))) or 0) + 1
        first_consultation = int(conn.scalar(select(func.max(Consultation.id))) or 0) + 1
        first_event = int(conn.scalar(select(func.max(Event.id))) or 0) + 1
        topic_ids = list(conn.scalars(select(Topic.id)))
        kinds = list(OrganisationKind)
        orgs: list[dict[str, Any]] = []
        for i in range(n["organisations"]):
            town = rng.choice(TOWNS)
            kind = rng.choice(kinds)
            prefix = "Stadt" if kind is OrganisationKind.MUNICIPALITY else "Verein"
            name = f"{prefix} {town} {first_org + i}"
            row: dict[str, Any] = {
                "id": first_org + i,
                "kind": kind,
                "name": name,
                "department": None,
                "town": town,
                "postcode": "70173",
                "street": "Marktplatz 1",
                "kreis": rng.choice(KREISE),
                "regierungsbezirk": rng.choice(BEZIRKE),
                "is_member": rng.random() < 0.5,
                "email": f"info{first_org + i}@example.org",
                "ags": None,
                "version": 1,
                "created_at": NOW,
                "updated_at": NOW,
            }
            row["search_text"] = organisation_search_text(SimpleNamespace(**row))
            row["sort_name"] = name_sort_key(name)
            orgs.append(row)
        for chunk in _chunks(orgs):
            conn.execute(insert(Organisation), [_without(r, "department", "ags") for r in chunk])
        persons: list[dict[str, Any]] = []
        roles: list[dict[str, Any]] = []
        for i in range(n["persons"]):
            ident = first_person + i
            first, last = rng.choice(FIRST), rng.choice(LAST)
            org = orgs[rng.randrange(len(orgs))]
            role = rng.choice(ROLES)
            email = f"{first}.{last}.{ident}@example.org".lower()
            person = SimpleNamespace(
                title=None, first_name=first, last_name=last, email=email,
                phone="0711 22921-33", mobile=None, town=None,
            )
            affiliation = SimpleNamespace(
                role=role, department=None, email=None, phone=None, is_primary=True
            )
            persons.append(
                {
                    "id": ident,
                    "anrede": rng.choice((Anrede.FRAU, Anrede.HERR)),
                    "first_name": first,
                    "last_name": last,
                    "email": email,
                    "phone": "0711 22921-33",
                    "version": 1,
                    "address_preference": AddressPreference.ORGANISATION,
                    "search_text": person_search_text(
                        person, [(affiliation, SimpleNamespace(**org))]
                    ),
                    "sort_name": sort_key(last, first),
                    "created_at": NOW,
                    "updated_at": NOW,
                }
            )
            roles.append(
                {"person_id": ident, "organisation_id": org["id"], "role": role, "is_primary": True}
            )
        for chunk in _chunks(persons):
            conn.execute(insert(Person), chunk)
        for chunk in _chunks(roles):
            conn.execute(insert(Affiliation), chunk)
        role_of = dict(
            conn.execute(
                select(Affiliation.person_id, Affiliation.id).where(
                    Affiliation.person_id >= first_person
                )
            ).all()
        )
        _consultations(conn, rng, n["consultations"], first_consultation, orgs, persons, topic_ids)
        _events(conn, rng, n["events"], first_event, persons, role_of)
        search.rebuild(conn)
    with services.db.engine.connect() as c:
        c.exec_driver_sql("INSERT INTO consultation_fts(consultation_fts) VALUES ('optimize')")
        c.exec_driver_sql("ANALYZE")
        c.commit()
    return time.perf_counter() - began


def _without(row: dict[str, Any], *names: str) -> dict[str, Any]:
    return {k: v for k, v in row.items() if k not in names}


def _consultations(
    conn: Any,
    rng: random.Random,
    count: int,
    first: int,
    orgs: list[dict[str, Any]],
    persons: list[dict[str, Any]],
    topic_ids: list[int],
) -> None:
    modes = list(ConsultationMode)
    start = datetime(2015, 1, 1, 7, tzinfo=UTC)
    span = (datetime(2018, 1, 1, tzinfo=UTC) - start).total_seconds()
    batch: list[dict[str, Any]] = []
    topics: list[dict[str, int]] = []
    people: list[dict[str, int]] = []
    for i in range(count):
        ident = first + i
        at = start + timedelta(seconds=int(rng.random() * span))
        summary = " ".join(
            [
                rng.choice(OPENINGS),
                rng.choice(SUBJECTS) + ".",
                *rng.sample(DETAILS, rng.randint(1, 3)),
                *(["Vorbild ist das Zwiefaltener Modell."] if rng.random() < 0.001 else []),
            ]
        )
        subject = rng.choice(SUBJECTS)
        batch.append(
            {
                "id": ident,
                "occurred_at": at,
                "duration_minutes": rng.choice([15, 30, 45, 60, 90, 120, None]),
                "mode": rng.choice(modes),
                "organisation_id": orgs[rng.randrange(len(orgs))]["id"],
                "subject": subject[:1].upper() + subject[1:],
                "summary": summary,
                "outcome": rng.choice(OUTCOMES),
                "file_reference": f"047.{rng.randint(10, 99)}",
                "version": 1,
                "created_at": at,
                "updated_at": at,
            }
        )
        for topic in rng.sample(topic_ids, min(len(topic_ids), rng.randint(1, 3))):
            topics.append({"consultation_id": ident, "topic_id": topic})
        if i % 2 == 0:
            people.append(
                {"consultation_id": ident, "person_id": persons[rng.randrange(len(persons))]["id"]}
            )
        if len(batch) >= BATCH:
            _flush(conn, batch, topics, people)
            batch, topics, people = [], [], []
    if batch:
        _flush(conn, batch, topics, people)


def _flush(conn: Any, batch: list[Any], topics: list[Any], people: list[Any]) -> None:
    conn.execute(insert(Consultation), batch)
    if topics:
        conn.execute(insert(consultation_topic), topics)
    if people:
        conn.execute(insert(consultation_person), people)


def _events(
    conn: Any,
    rng: random.Random,
    count: int,
    first: int,
    persons: list[dict[str, Any]],
    role_of: dict[int, int],
) -> None:
    if not count:
        return
    events = []
    for i in range(count):
        starts = datetime(2016, 1, 12, 8, tzinfo=UTC) + timedelta(days=7 * i)
        events.append(
            {
                "id": first + i,
                "title": f"Werkstattgespräch Quartier {first + i}",
                "starts_at": starts,
                "ends_at": starts + timedelta(hours=6),
                "capacity": 120,
                "registration_deadline": (starts - timedelta(days=14)).date(),
                "calendar_uid": f"bench-{first + i}@beratung.invalid",
                "calendar_sequence": 0,
                "version": 1,
                "created_at": NOW,
                "updated_at": NOW,
            }
        )
    conn.execute(insert(Event), events)
    codes: set[str] = set()
    registrations: list[dict[str, Any]] = []
    for event in events:
        invited_at = event["starts_at"] - timedelta(days=40)
        for person in rng.sample(persons, 100):
            code = ""
            while not code or code in codes:
                raw = "".join(rng.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
                code = f"{raw[:4]}-{raw[4:]}"
            codes.add(code)
            registered = rng.random() < 0.6
            registrations.append(
                {
                    "event_id": event["id"],
                    "person_id": person["id"],
                    "affiliation_id": role_of[person["id"]],
                    "status": RegistrationStatus.REGISTERED
                    if registered
                    else RegistrationStatus.INVITED,
                    "invited_at": invited_at,
                    "responded_at": invited_at + timedelta(days=5) if registered else None,
                    "code": code,
                    "companions": 0,
                    "assistants": 0,
                    "notify_pending": False,
                    "walk_in": False,
                    "version": 1,
                }
            )
    for chunk in _chunks(registrations):
        conn.execute(insert(Registration), chunk)
    rows = conn.execute(
        select(Registration.id, Registration.status, Registration.invited_at).where(
            Registration.event_id >= first
        )
    ).all()
    changes: list[dict[str, Any]] = []
    for ident, status, invited_at in rows:
        changes.append(
            {
                "registration_id": ident,
                "changed_at": invited_at,
                "user_name": "bench",
                "from_status": None,
                "to_status": RegistrationStatus.INVITED,
            }
        )
        if status is RegistrationStatus.REGISTERED:
            changes.append(
                {
                    "registration_id": ident,
                    "changed_at": invited_at + timedelta(days=5),
                    "user_name": "bench",
                    "from_status": RegistrationStatus.INVITED,
                    "to_status": RegistrationStatus.REGISTERED,
                }
            )
    for chunk in _chunks(changes):
        conn.execute(insert(RegistrationChange), chunk)

