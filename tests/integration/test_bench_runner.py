"""The benchmark runner (``python -m bench``) stays runnable, and its generator writes what the
services would have written.

Why: a benchmark that is run only now and then rots unnoticed (a renamed page attribute, a new
required column), and a generator that fills derived columns differently from the services
would time queries the app never runs. The smoke run uses ``--quick`` on the GUI figures only,
one repeat, in a cache of its own: well under a minute.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.orm import selectinload

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from bench import datagen  # noqa: E402

from beratung.domain.contacts import Affiliation, Organisation, Person  # noqa: E402
from beratung.domain.rules.search import (  # noqa: E402
    organisation_search_text,
    person_search_text,
)
from beratung.domain.rules.sorting import sort_key  # noqa: E402
from beratung.domain.work import Consultation  # noqa: E402
from beratung.paths import AppPaths  # noqa: E402
from beratung.services import Services  # noqa: E402
from beratung.services.contacts import ContactFilter  # noqa: E402
from beratung.storage import search  # noqa: E402


@pytest.mark.slow
def test_quick_run_writes_json_table_and_plot(tmp_path: Path) -> None:
    env = dict(os.environ, BENCH_CACHE=str(tmp_path / "cache"), QT_QPA_PLATFORM="offscreen")
    out = tmp_path / "results"
    done = subprocess.run(
        [sys.executable, "-m", "bench", "--quick", "--only", "gui", "--out", str(out)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    run = json.loads((out / "latest.json").read_text(encoding="utf-8"))
    keys = {item["key"] for item in run["figures"]}
    assert {"contacts_search", "consultations_search", "registrations_open"} <= keys
    assert all(item["value"] > 0 and item["baseline"] > 0 for item in run["figures"])
    table = (out / "latest.md").read_text(encoding="utf-8")
    assert "Kontakte: ein Suchtastendruck" in table and "×" in table
    assert (out / "latest.png").stat().st_size > 1000


def test_generated_rows_carry_the_services_derived_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        datagen,
        "counts",
        lambda size: {"persons": 150, "organisations": 12, "consultations": 300, "events": 2},
    )
    services = Services.open(AppPaths(tmp_path / "data"), db_path=tmp_path / "bench.sqlite")
    try:
        datagen.generate(services, 2)
        with services.db.transaction(write=False) as s:
            persons = s.scalars(
                select(Person).options(
                    selectinload(Person.affiliations).selectinload(Affiliation.organisation)
                )
            ).all()
            assert len(persons) == 150
            for person in persons:
                roles = [(a, a.organisation) for a in person.affiliations]
                assert person.search_text == person_search_text(person, roles)
                assert person.sort_name == sort_key(person.last_name, person.first_name)
            for organisation in s.scalars(select(Organisation)):
                assert organisation.search_text == organisation_search_text(organisation)
            indexed = s.scalar(text("SELECT count(*) FROM consultation_fts"))
            assert indexed == s.scalar(select(func.count(Consultation.id))) == 300
            registrations = s.scalar(text("SELECT count(*) FROM registration"))
            assert registrations == 200
        name = persons[0].last_name
        assert services.contacts.count_persons(ContactFilter(search=name)) > 0
        assert services.consultations.search_consultations("Förderung", limit=5)
    finally:
        services.close()


def _schema(conn: sqlite3.Connection) -> list[tuple[str, ...]]:
    rows = conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master")
    return sorted(row for row in rows if not str(row[1]).startswith("sqlite_stat"))


def _fts_rows(path: Path) -> list[tuple[object, ...]]:
    with closing(sqlite3.connect(path)) as conn:
        return conn.execute(
            f"SELECT rowid, {', '.join(search.FTS_COLUMNS)} FROM {search.FTS_TABLE} ORDER BY rowid"
        ).fetchall()


def test_bulk_load_writes_the_index_and_schema_the_app_would(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The generator folds the full-text index per phrase and drops and recreates indexes
    around its load (to make 100× fit its budget): the index rows must be exactly those
    ``search.rebuild`` writes, the schema and journal mode as the migrations left them, and
    the same seed must give the same rows."""
    monkeypatch.setattr(
        datagen,
        "counts",
        lambda size: {"persons": 300, "organisations": 20, "consultations": 3000, "events": 3},
    )
    made = []
    for name in ("a", "b"):
        path = tmp_path / f"{name}.sqlite"
        services = Services.open(AppPaths(tmp_path / name), db_path=path)
        with closing(sqlite3.connect(path)) as conn:
            schema = _schema(conn)
        try:
            datagen.generate(services, 2)
        finally:
            services.close()
        with closing(sqlite3.connect(path)) as conn:
            assert _schema(conn) == schema
            assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
            assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        made.append(path)
    generated = _fts_rows(made[0])
    assert len(generated) == 3000
    services = Services.open(AppPaths(tmp_path / "a"), db_path=made[0])
    try:
        with services.db.transaction() as s:
            search.rebuild(s.connection())
    finally:
        services.close()
    assert _fts_rows(made[0]) == generated
    with closing(sqlite3.connect(made[0])) as a, closing(sqlite3.connect(made[1])) as b:
        for table in ("person", "organisation", "consultation", "consultation_topic",
                      "registration", "registration_change"):  # fmt: skip
            query = f"SELECT * FROM {table} ORDER BY rowid"
            assert a.execute(query).fetchall() == b.execute(query).fetchall(), table


def test_a_group_not_measured_is_a_row_of_its_size() -> None:
    """A group skipped at a size (too slow there, or past its time limit) must show in that
    size's table, not vanish from it."""
    from bench.__main__ import markdown

    run = {
        "started": "2026-12-04 02:00 UTC",
        "command": "python -m bench --sizes 10,100",
        "seconds": 60.0,
        "repeat": 3,
        "machine": {"cpu": "x", "cores": 2, "memory_mb": 24000, "system": "Linux",
                    "python": "3.11", "pyside6": "6", "sqlalchemy": "2", "sqlite": "3",
                    "reportlab": "4", "load_before": [1.0, 1.0, 1.0]},
        "load_after": [1.0, 1.0, 1.0],
        "sizes": [10, 100],
        "data": {"10": {}, "100": {}},
        "figures": [],
        "skipped": [{"size": 100, "group": "memory", "reason": "nach 5 Minuten abgebrochen"}],
        "notes": [],
    }  # fmt: skip
    table = markdown(run)
    section = table[table.index("## 100×") :]
    assert "| Spitzenspeicher (RSS), jede Seite besucht | nicht gemessen: nach 5 Minuten" in section
    assert "nicht gemessen" not in table[: table.index("## 100×")]


def test_a_measured_process_past_its_limit_is_ended() -> None:
    from bench import figures

    with pytest.raises(figures.TooLongError):
        figures.run_process([sys.executable, "-c", "import time; time.sleep(30)"], timeout=0.5)
