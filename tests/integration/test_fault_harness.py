"""Fault harness, CI size (issue 14, deliverable 2): SIGKILL at random points, nothing lost,
nothing half there.

The harness itself is ``bench/fault_harness.py`` (its large run is documented in
``docs/reliability.md``); a forked child writes through the real services, among them the
calls the GUI's forms save with (``contacts.create_person``/``update_person`` of the person
form, ``consultations.create_consultation`` of the consultation form, ``events.register_person``
of the registration dialog), and the parent kills it and checks the file after every kill.
"""

from __future__ import annotations

import importlib.util
import os
import sqlite3
import sys
from pathlib import Path
from types import ModuleType

import pytest

pytestmark = pytest.mark.skipif(os.name != "posix", reason="fork() und SIGKILL")

HARNESS = Path(__file__).resolve().parents[2] / "bench" / "fault_harness.py"


@pytest.fixture(scope="module")
def harness() -> ModuleType:
    spec = importlib.util.spec_from_file_location("beratung_fault_harness", HARNESS)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_random_kills_lose_nothing_and_leave_nothing_half_written(
    harness: ModuleType, tmp_path: Path
) -> None:
    outcome = harness.run(tmp_path, kills=8, seed=14, max_delay=1.2)
    assert outcome.integrity == []
    assert outcome.lost == []
    assert outcome.partial == []
    assert outcome.unreported <= outcome.kills
    assert outcome.reported >= 20, "the child hardly wrote anything; the harness proves nothing"
    committed = harness.reported(tmp_path / "committed.txt")
    assert {kind for kind, _tag in committed} == set(harness.KINDS)

    # The checker is not blind: take a row out of each kind of transaction and a whole one.
    database = tmp_path / "harness.sqlite"
    with sqlite3.connect(database) as conn:
        conn.execute("PRAGMA foreign_keys = OFF")
        person = conn.execute(
            "SELECT min(person_id) FROM affiliation JOIN person ON person.id = person_id "
            "WHERE last_name LIKE 'Fehler r%'"
        ).fetchone()[0]
        conn.execute("DELETE FROM affiliation WHERE person_id = ?", (person,))
        conn.execute(
            "DELETE FROM consultation_topic WHERE rowid = (SELECT min(rowid) "
            "FROM consultation_topic)"
        )
        registered = min(tag for kind, tag in committed if kind == "registration")
        conn.execute("DELETE FROM registration WHERE notes = ?", (f"Anmeldung {registered}",))
    broken = harness.Outcome(kills=outcome.kills)
    harness.verify(database, tmp_path / "committed.txt", broken)
    assert len(broken.partial) == 2, broken.partial
    assert broken.lost == [f"registration {registered}"]
    assert not broken.ok
