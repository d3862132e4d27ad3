"""The database file deleted or replaced while an import runs (issue 14, defect 7).

SQLite keeps writing into the file it opened even after it was deleted or another file was
renamed over its name; the import then "succeeded" into a file nobody opens again. The commit
now checks that the file at the path is still the one the connection holds.
"""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from beratung.cli import main
from beratung.services.contact_io.run import ContactImportService
from beratung.storage.database import Database, FileReplacedError, sqlite_url

CSV = "Vorname;Nachname;E-Mail\n" + "".join(
    f"Vera{n};Verschwunden{n};vera{n}@example.org\n" for n in range(30)
)


@pytest.fixture
def database(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    path = tmp_path / "team.sqlite"
    assert main(["--db", str(path), "db", "upgrade"]) == 0
    capsys.readouterr()
    return path


def _during_import(monkeypatch: pytest.MonkeyPatch, action: Callable[[], None]) -> None:
    """Run ``action`` after the import has written its rows, before it commits (where a user
    deleting the file in a file manager would hit a long import)."""
    original = ContactImportService._process

    def process(self: ContactImportService, *args: Any, **kwargs: Any) -> Any:
        report = original(self, *args, **kwargs)
        if kwargs.get("apply", False):
            action()
        return report

    monkeypatch.setattr(ContactImportService, "_process", process)


def _import(database: Path, tmp_path: Path) -> int:
    source = tmp_path / "kontakte.csv"
    source.write_text(CSV, encoding="utf-8")
    return main(["--db", str(database), "contacts", "import", str(source)])


def _people(path: Path) -> int:
    with sqlite3.connect(path) as conn:
        return int(conn.execute("SELECT count(*) FROM person").fetchone()[0])


def test_deleted_during_import_is_an_error_not_saved(
    database: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    def delete() -> None:
        for suffix in ("", "-wal", "-shm"):
            Path(str(database) + suffix).unlink(missing_ok=True)

    _during_import(monkeypatch, delete)
    assert _import(database, tmp_path) == 1
    captured = capsys.readouterr()
    assert "Import gespeichert" not in captured.out
    assert "wurde gelöscht oder ersetzt" in captured.err
    assert "es wurde nichts gespeichert" in captured.err
    assert "Traceback" not in captured.err


def test_replaced_during_import_is_an_error_and_the_new_file_untouched(
    database: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    copy = tmp_path / "kopie.sqlite"
    with sqlite3.connect(database) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    shutil.copyfile(database, copy)
    _during_import(monkeypatch, lambda: copy.replace(database))
    assert _import(database, tmp_path) == 1
    captured = capsys.readouterr()
    assert "Import gespeichert" not in captured.out
    assert f"Die Datenbankdatei {database} wurde gelöscht oder ersetzt" in captured.err
    assert _people(database) == 0
    with sqlite3.connect(database) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_without_interference_the_import_is_saved(
    database: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _import(database, tmp_path) == 0
    assert "Import gespeichert." in capsys.readouterr().out
    assert _people(database) == 30


def test_a_pooled_connection_follows_a_file_replaced_between_transactions(
    tmp_path: Path,
) -> None:
    """The GUI keeps connections in a pool: a copy put in place by another program between two
    saves is used from the next transaction on, instead of the deleted file."""
    path = tmp_path / "a.sqlite"
    db = Database(sqlite_url(path))
    try:
        with db.transaction() as session:
            session.execute(text("CREATE TABLE t (n INTEGER)"))
            session.execute(text("INSERT INTO t VALUES (1)"))
        with sqlite3.connect(path) as conn:  # a clean hand-over; a stale WAL is another story
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        other = tmp_path / "b.sqlite"
        with sqlite3.connect(other) as conn:
            conn.execute("CREATE TABLE t (n INTEGER)")
            conn.execute("INSERT INTO t VALUES (42)")
        other.replace(path)
        with db.transaction() as session:
            session.execute(text("INSERT INTO t VALUES (2)"))
        with db.read() as session:
            assert [r[0] for r in session.execute(text("SELECT n FROM t ORDER BY n"))] == [2, 42]
    finally:
        db.dispose()


def test_a_file_replaced_inside_a_transaction_fails_its_commit(tmp_path: Path) -> None:
    path = tmp_path / "a.sqlite"
    db = Database(sqlite_url(path))
    try:
        with db.transaction() as session:
            session.execute(text("CREATE TABLE t (n INTEGER)"))
        with (
            pytest.raises(FileReplacedError, match="es wurde nichts gespeichert"),
            db.transaction() as session,
        ):
            session.execute(text("INSERT INTO t VALUES (1)"))
            path.unlink()
    finally:
        db.dispose()
