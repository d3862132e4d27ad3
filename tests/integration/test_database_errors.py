"""Database errors are told apart by their codes (SQLite result codes, PostgreSQL SQLSTATE),
never by message text: a PostgreSQL server with German messages must be understood too."""

from __future__ import annotations

import errno
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from beratung.domain.errors import ConcurrentEditError, DatabaseError
from beratung.storage.database import (
    Database,
    DbErrorKind,
    classify_database_error,
    translate_database_error,
)

# --------------------------------------------------------------------------- SQLite, real errors


def _raised(action: object) -> BaseException:
    try:
        action()  # type: ignore[operator]
    except Exception as exc:
        return exc
    raise AssertionError("no error raised")


def test_sqlite_errors_are_classified_by_result_code(tmp_path: Path) -> None:
    path = tmp_path / "a.sqlite"
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT UNIQUE)")
    holder.execute("INSERT INTO t (name) VALUES ('Ulm')")
    holder.execute("BEGIN IMMEDIATE")
    other = sqlite3.connect(path, timeout=0, isolation_level=None)
    locked = _raised(lambda: other.execute("BEGIN IMMEDIATE"))
    holder.execute("ROLLBACK")
    constraint = _raised(lambda: other.execute("INSERT INTO t (name) VALUES ('Ulm')"))
    reader = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
    read_only = _raised(lambda: reader.execute("INSERT INTO t (name) VALUES ('Aalen')"))
    garbage = tmp_path / "kaputt.sqlite"
    garbage.write_bytes(b"Name;Ort\n" * 200)
    not_a_db = _raised(lambda: sqlite3.connect(garbage).execute("SELECT 1 FROM sqlite_master"))
    cannot_open = _raised(lambda: sqlite3.connect(tmp_path / "fehlt" / "x.sqlite"))
    for conn in (holder, other, reader):
        conn.close()

    assert classify_database_error(locked) is DbErrorKind.LOCKED
    assert classify_database_error(constraint) is DbErrorKind.CONSTRAINT
    assert classify_database_error(read_only) is DbErrorKind.READ_ONLY
    assert classify_database_error(not_a_db) is DbErrorKind.CORRUPT
    assert classify_database_error(cannot_open) is DbErrorKind.CANNOT_OPEN
    assert classify_database_error(ValueError("database is locked")) is None


def _sqlite_error(message: str, code: int) -> sqlite3.Error:
    error = sqlite3.OperationalError(message)
    error.sqlite_errorcode = code  # type: ignore[attr-defined]
    return error


@pytest.mark.parametrize(
    ("message", "code", "kind"),
    [
        ("Datenbank ist gesperrt", 5, DbErrorKind.LOCKED),
        # SQLITE_READONLY_RECOVERY: an extended code, its low byte is SQLITE_READONLY
        (
            "Versuch, in eine schreibgeschützte Datenbank zu schreiben",
            8 | (1 << 8),
            DbErrorKind.READ_ONLY,
        ),
        ("Datenträger voll", 13, DbErrorKind.DISK_FULL),
        ("Ein-/Ausgabefehler", 10 | (3 << 8), DbErrorKind.IO_ERROR),  # SQLITE_IOERR_WRITE
        # the old text rule would have called this "locked"; the code says constraint
        ("database is locked", 19, DbErrorKind.CONSTRAINT),
    ],
)
def test_the_code_decides_not_the_text(message: str, code: int, kind: DbErrorKind) -> None:
    assert classify_database_error(_sqlite_error(message, code)) is kind


def test_a_full_disk_underneath_is_recognised_by_errno() -> None:
    error = RuntimeError("write failed")
    error.__cause__ = OSError(errno.ENOSPC, "Auf dem Gerät ist kein Speicherplatz mehr verfügbar")
    assert classify_database_error(error) is DbErrorKind.DISK_FULL


def test_translations_are_german_and_constraints_stay_bugs() -> None:
    wrapped = DBAPIError("INSERT …", {}, _sqlite_error("Datenbank ist gesperrt", 5))
    translated = translate_database_error(wrapped, "beratung.sqlite")
    assert isinstance(translated, DatabaseError)
    assert translated.message == (
        "Die Datenbank beratung.sqlite ist gerade durch ein anderes Programm gesperrt."
    )
    assert translated.hint
    constraint = DBAPIError("INSERT …", {}, _sqlite_error("UNIQUE constraint failed", 19))
    assert translate_database_error(constraint, "x") is None  # a bug: the service must validate


class _FakePsycopgError(Exception):
    """Stands in for psycopg errors where no German PostgreSQL is at hand: same attribute."""

    def __init__(self, message: str, sqlstate: str | None) -> None:
        super().__init__(message)
        self.sqlstate = sqlstate


@pytest.mark.parametrize(
    ("message", "sqlstate", "kind"),
    [
        ("FEHLER:  doppelter Schlüsselwert verletzt Unique-Constraint", "23505", "constraint"),
        ("FEHLER:  konnte Zugriff nicht serialisieren", "40001", "serialization"),
        ("FEHLER:  Verklemmung (Deadlock) entdeckt", "40P01", "serialization"),
        ("FEHLER:  konnte Sperre nicht setzen", "55P03", "locked"),
        (
            "FEHLER:  kann INSERT nicht in einer Read-only-Transaktion ausführen",
            "25006",
            "read_only",
        ),
        ("FEHLER:  keine Berechtigung für Tabelle organisation", "42501", "read_only"),
        (
            "FEHLER:  konnte Datei nicht erweitern: Auf dem Gerät ist kein Speicherplatz",
            "53100",
            "disk_full",
        ),
        ("FATAL:  Datenbank »beratung« existiert nicht", "3D000", "cannot_open"),
        (
            "FATAL:  Passwort-Authentifizierung für Benutzer »x« fehlgeschlagen",
            "28P01",
            "authentication",
        ),
        ("FATAL:  Verbindung wurde beendet", "08006", "connection"),
    ],
)
def test_postgresql_sqlstates_whatever_the_language(message: str, sqlstate: str, kind: str) -> None:
    assert classify_database_error(_FakePsycopgError(message, sqlstate)) == DbErrorKind(kind)


def test_serialization_failures_ask_to_try_again() -> None:
    wrapped = DBAPIError("UPDATE …", {}, _FakePsycopgError("konnte nicht serialisieren", "40001"))
    translated = translate_database_error(wrapped, "server")
    assert isinstance(translated, ConcurrentEditError)
    assert "noch einmal" in (translated.hint or "")


# --------------------------------------------------------------------------- PostgreSQL, real


GERMAN = "de_DE.UTF-8"


@pytest.fixture
def german_engine(database_url: str) -> Iterator[Engine]:
    """Connections of a server that answers in German (``lc_messages``), if it can."""
    url = make_url(database_url)
    if url.get_backend_name() != "postgresql":
        pytest.skip("nur PostgreSQL lokalisiert seine Meldungen")
    locales = subprocess.run(["locale", "-a"], capture_output=True, text=True, check=False)
    if "de_de.utf8" not in locales.stdout.lower().replace("utf-8", "utf8"):
        pytest.skip("Locale de_DE.UTF-8 fehlt (scripts/test-tools.sh erzeugt sie in der CI)")
    engine = create_engine(url, connect_args={"options": f"-c lc_messages={GERMAN}"})
    yield engine
    engine.dispose()


@pytest.mark.db
def test_a_german_postgresql_is_understood_by_its_codes(german_engine: Engine) -> None:
    errors: dict[str, DBAPIError] = {}
    with german_engine.connect() as conn:
        conn.execute(text("CREATE TABLE probe (id int PRIMARY KEY)"))
        conn.execute(text("INSERT INTO probe VALUES (1)"))
        conn.commit()
        try:
            conn.execute(text("INSERT INTO probe VALUES (1)"))
        except DBAPIError as exc:
            errors["constraint"] = exc
        conn.rollback()
        conn.execute(text("SET TRANSACTION READ ONLY"))
        try:
            conn.execute(text("INSERT INTO probe VALUES (2)"))
        except DBAPIError as exc:
            errors["read_only"] = exc
        conn.rollback()

    with german_engine.connect() as holder, german_engine.connect() as waiter:
        holder.execute(text("LOCK TABLE probe IN ACCESS EXCLUSIVE MODE"))
        waiter.execute(text("SET lock_timeout = '50ms'"))
        try:
            waiter.execute(text("SELECT * FROM probe"))
        except DBAPIError as exc:
            errors["locked"] = exc
        holder.rollback()
        waiter.rollback()

    with german_engine.connect() as first, german_engine.connect() as second:
        first.execute(text("SET TRANSACTION ISOLATION LEVEL SERIALIZABLE"))
        first.execute(text("SELECT * FROM probe")).all()
        second.execute(text("UPDATE probe SET id = 3 WHERE id = 1"))
        second.commit()
        try:
            first.execute(text("UPDATE probe SET id = 4 WHERE id = 1"))
        except DBAPIError as exc:
            errors["serialization"] = exc
        first.rollback()

    english = {
        "constraint": "duplicate key",
        "read_only": "read-only transaction",
        "locked": "could not obtain lock",
        "serialization": "could not serialize",
    }
    assert set(errors) == set(english)
    for kind, error in errors.items():
        # the server really answered in German, and the code still decided
        assert english[kind] not in str(error.orig), str(error.orig)
        assert classify_database_error(error) is DbErrorKind(kind)
    locked = translate_database_error(errors["locked"], "server")
    assert locked is not None and "gesperrt" in locked.message


@pytest.mark.db
def test_database_transaction_translates_a_german_lock_timeout(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    if make_url(database_url).get_backend_name() != "postgresql":
        pytest.skip("PostgreSQL")
    monkeypatch.setenv("PGOPTIONS", f"-c lc_messages={GERMAN} -c lock_timeout=50ms")
    db = Database(database_url)
    holder = db.engine.connect()
    try:
        holder.execute(text("LOCK TABLE organisation IN ACCESS EXCLUSIVE MODE"))
        with pytest.raises(DatabaseError) as caught, db.transaction() as session:
            session.execute(text("SELECT count(*) FROM organisation"))
        assert "gesperrt" in caught.value.message
    finally:
        holder.rollback()
        holder.close()
        db.dispose()


@pytest.mark.db
def test_a_connection_that_fails_says_what_the_server_said(database_url: str) -> None:
    """psycopg gives connection failures no SQLSTATE: an unknown database and a closed port
    are connection problems, and the message carries the server's own reason."""
    url = make_url(database_url)
    if url.get_backend_name() != "postgresql":
        pytest.skip("PostgreSQL")
    missing = Database(url.set(database="gibt_es_nicht"))
    with pytest.raises(DBAPIError) as caught, missing.engine.connect():
        pass
    missing.dispose()
    assert classify_database_error(caught.value) is DbErrorKind.CONNECTION
    translated = translate_database_error(caught.value, "server")
    assert translated is not None and "gibt_es_nicht" in translated.message
    assert "Der Server meldet" in translated.message

    closed = Database(url.set(port=1, query={"connect_timeout": "2"}))
    with pytest.raises(DBAPIError) as caught, closed.engine.connect():
        pass
    closed.dispose()
    assert classify_database_error(caught.value) is DbErrorKind.CONNECTION


def test_subclasses_of_psycopgs_operational_error_count_as_connection_problems() -> None:
    psycopg = pytest.importorskip("psycopg")
    assert classify_database_error(psycopg.errors.ConnectionTimeout("zu langsam")) is (
        DbErrorKind.CONNECTION
    )
