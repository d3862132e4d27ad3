"""``db restore`` while another program holds the write lock (issue 14, defect 11).

It used to wait silently for as long as the lock was held (29.5 s seen, though the timeout is
10 s). Now it waits at most :data:`RESTORE_LOCK_TIMEOUT` seconds in all, says on a terminal that
it waits, and then fails in German with the database unchanged.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from beratung.cli import main
from beratung.storage.backup import RESTORE_LOCK_TIMEOUT

HOLD = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
print("gesperrt", flush=True)
time.sleep(float(sys.argv[2]))
conn.execute("ROLLBACK")
"""


@contextmanager
def write_lock(path: Path, seconds: float) -> Iterator[None]:
    """Another process holds ``BEGIN IMMEDIATE`` on ``path`` for ``seconds``."""
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(path), str(seconds)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "gesperrt"
        yield
    finally:
        holder.kill()
        holder.communicate()


@pytest.fixture
def database(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[Path, Path]:
    """A database with three people and a backup from before they were added."""
    path = tmp_path / "team.sqlite"
    backup = tmp_path / "leer.sqlite"
    assert main(["--db", str(path), "db", "upgrade"]) == 0
    assert main(["--db", str(path), "db", "backup", "--to", str(backup)]) == 0
    source = tmp_path / "k.csv"
    source.write_text(
        "Vorname;Nachname\nAnna;Arm\nBerta;Bein\nCarla;Copf\n", encoding="utf-8"
    )
    assert main(["--db", str(path), "contacts", "import", str(source)]) == 0
    capsys.readouterr()
    return path, backup


def _people(path: Path) -> int:
    with sqlite3.connect(path) as conn:
        return int(conn.execute("SELECT count(*) FROM person").fetchone()[0])


def test_restore_gives_up_after_the_timeout_and_says_so(
    database: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path, backup = database
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    with write_lock(path, 60):
        started = time.monotonic()
        assert main(["--db", str(path), "db", "restore", str(backup)]) == 1
        elapsed = time.monotonic() - started
    err = capsys.readouterr().err
    assert RESTORE_LOCK_TIMEOUT <= elapsed < RESTORE_LOCK_TIMEOUT + 3, elapsed
    assert "gesperrt; warte bis zu 10 Sekunden" in err
    assert "seit 10 Sekunden durch ein anderes Programm zum Schreiben gesperrt" in err
    assert "die Datenbank ist unverändert" in err
    assert "Traceback" not in err
    assert _people(path) == 3


def test_restore_waits_for_a_short_lock_and_then_restores(
    database: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    path, backup = database
    with write_lock(path, 2):
        assert main(["--db", str(path), "db", "restore", str(backup)]) == 0
    captured = capsys.readouterr()
    assert "wurde zurückgespielt" in captured.out
    assert "warte" not in captured.err  # not a terminal: no notice
    assert _people(path) == 0
