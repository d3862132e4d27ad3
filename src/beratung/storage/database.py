"""The one object through which the application reaches its database.

A :class:`Database` is created once (by ``app.py`` or the CLI) and passed into the services that
need it — never looked up from a global. Its :meth:`transaction` is the only place where sessions
begin and commit, so a service call is one transaction and a failure leaves nothing half-written.
"""

from __future__ import annotations

import errno
import logging
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, make_url
from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from beratung.domain.errors import ConcurrentEditError, DatabaseError

log = logging.getLogger(__name__)

SQLITE_HEADER = b"SQLite format 3\x00"
#: Milliseconds a writer waits for another connection's lock before giving up.
SQLITE_BUSY_TIMEOUT_MS = 5000


def sqlite_url(path: Path) -> URL:
    return URL.create("sqlite+pysqlite", database=str(path))


@dataclass(frozen=True)
class DatabaseLocation:
    """Where the database is, in words a user understands (for messages and the title bar)."""

    url: URL

    @property
    def is_sqlite(self) -> bool:
        return self.url.get_backend_name() == "sqlite"

    @property
    def sqlite_path(self) -> Path | None:
        if not self.is_sqlite or not self.url.database or self.url.database == ":memory:":
            return None
        return Path(self.url.database)

    def describe(self) -> str:
        path = self.sqlite_path
        if path is not None:
            return str(path)
        return self.url.render_as_string(hide_password=True)


def _apply_sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    """Per-connection SQLite settings; see docs/sqlite.md for why each is chosen."""
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys = ON")
        mode = cursor.execute("PRAGMA journal_mode = WAL").fetchone()
        if mode and str(mode[0]).lower() != "wal":
            log.warning("SQLite refused WAL journal mode (got %s)", mode[0])
        # FULL: with WAL, NORMAL may lose the last transactions on power loss; FULL fsyncs the
        # WAL on every commit so a committed consultation survives a crash.
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.execute("PRAGMA trusted_schema = OFF")
    finally:
        cursor.close()


WRITE_OPTION = "beratung_write"


def _begin_sqlite(conn: Any) -> None:
    """Start SQLite write transactions eagerly (BEGIN IMMEDIATE) so concurrent writers queue on
    busy_timeout instead of failing with "database is locked" halfway through a transaction;
    reads stay deferred so they never wait for a writer in WAL mode."""
    if conn.get_execution_options().get(WRITE_OPTION):
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        conn.exec_driver_sql("BEGIN")


class Database:
    """Engine plus session factory for one database URL."""

    def __init__(self, url: URL | str, *, echo: bool = False) -> None:
        self.location = DatabaseLocation(make_url(url) if isinstance(url, str) else url)
        url_obj = self.location.url
        kwargs: dict[str, Any] = {"echo": echo, "future": True}
        if self.location.is_sqlite:
            # Autocommit at the driver level; SQLAlchemy's BEGIN handler below takes over.
            kwargs["connect_args"] = {"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}
        else:
            kwargs["pool_pre_ping"] = True
        self.engine: Engine = create_engine(url_obj, **kwargs)
        if self.location.is_sqlite:
            event.listen(self.engine, "connect", _apply_sqlite_pragmas)
            event.listen(self.engine, "connect", _disable_pysqlite_begin)
            event.listen(self.engine, "begin", _begin_sqlite)
        self._write_sessions = sessionmaker(
            self.engine.execution_options(**{WRITE_OPTION: True}),
            expire_on_commit=False,
            autoflush=True,
        )
        self._read_sessions = sessionmaker(self.engine, expire_on_commit=False, autoflush=False)

    @property
    def is_sqlite(self) -> bool:
        return self.location.is_sqlite

    @property
    def dialect_name(self) -> str:
        return self.engine.dialect.name

    def describe(self) -> str:
        return self.location.describe()

    @contextmanager
    def transaction(self, *, write: bool = True) -> Iterator[Session]:
        """One unit of work: commits on success, rolls back on any error.

        Expected database failures become German :class:`DatabaseError` messages here, in one
        place, instead of in every service. ``write=False`` is for pure reads (no write lock).
        """
        session = (self._write_sessions if write else self._read_sessions)()
        try:
            with session.begin():
                yield session
        except StaleDataError as exc:
            raise ConcurrentEditError(
                "Der Datensatz wurde inzwischen von jemand anderem geändert oder gelöscht. "
                "Ihre Änderung wurde nicht gespeichert.",
                hint="Bitte laden Sie den Datensatz neu und tragen Sie Ihre Änderung erneut ein.",
            ) from exc
        except DBAPIError as exc:
            translated = translate_database_error(exc, self.describe())
            if translated is None:
                raise
            raise translated from exc
        finally:
            session.close()

    def read(self) -> Any:
        """A read-only unit of work (``with db.read() as session``)."""
        return self.transaction(write=False)

    def dispose(self) -> None:
        self.engine.dispose()


def _disable_pysqlite_begin(dbapi_connection: Any, _record: Any) -> None:
    # pysqlite's own implicit BEGIN would defeat BEGIN IMMEDIATE (SQLAlchemy docs, "Serializable
    # isolation / Savepoints / Transactional DDL" for pysqlite).
    dbapi_connection.isolation_level = None


def translate_database_error(exc: DBAPIError, where: str) -> DatabaseError | None:
    """Known, user-fixable database conditions as German messages; ``None`` for bugs."""
    orig = exc.orig
    text = str(orig).lower()
    if isinstance(orig, sqlite3.OperationalError) or isinstance(exc, OperationalError):
        if "database is locked" in text or "database table is locked" in text:
            return DatabaseError(
                f"Die Datenbank {where} ist gerade durch ein anderes Programm gesperrt.",
                hint="Bitte warten Sie einen Moment und versuchen Sie es erneut.",
            )
        if "readonly database" in text or "read-only" in text:
            return DatabaseError(
                f"Die Datenbank {where} ist schreibgeschützt; es wurde nichts gespeichert.",
                hint="Bitte prüfen Sie die Zugriffsrechte der Datei und ihres Ordners.",
            )
        if "database or disk is full" in text or "disk is full" in text:
            return DatabaseError(
                f"Der Datenträger der Datenbank {where} ist voll; es wurde nichts gespeichert.",
                hint="Bitte schaffen Sie Platz und speichern Sie dann erneut.",
            )
        if "disk i/o error" in text:
            return DatabaseError(
                f"Beim Schreiben der Datenbank {where} ist ein Ein-/Ausgabefehler aufgetreten; "
                "es wurde nichts gespeichert.",
                hint="Bitte prüfen Sie den Datenträger.",
            )
        if "unable to open database" in text:
            return DatabaseError(
                f"Die Datenbank {where} kann nicht geöffnet werden.",
                hint="Bitte prüfen Sie, ob der Ordner existiert und beschreibbar ist.",
            )
        if "not a database" in text or "malformed" in text:
            return DatabaseError(
                f"Die Datei {where} ist keine gültige Beratung-Datenbank oder beschädigt.",
                hint="Bitte stellen Sie eine Sicherung wieder her (beratung db restore).",
            )
        if "connection refused" in text or "could not connect" in text:
            return DatabaseError(
                f"Keine Verbindung zum Datenbankserver {where}.",
                hint="Bitte prüfen Sie die Datenbank-URL und ob der Server läuft.",
            )
    err = getattr(orig, "errno", None) or getattr(getattr(orig, "__cause__", None), "errno", None)
    if err == errno.ENOSPC:
        return DatabaseError(f"Der Datenträger der Datenbank {where} ist voll.")
    return None


def check_sqlite_file(path: Path) -> None:
    """Refuse files that would be damaged or misread, before SQLite touches them.

    Opening a non-database with WAL pragmas could write to it; this check only reads.
    """
    if path.exists():
        if path.is_dir():
            raise DatabaseError(f"{path} ist ein Ordner, keine Datenbankdatei.")
        try:
            with path.open("rb") as handle:
                header = handle.read(len(SQLITE_HEADER))
        except PermissionError as exc:
            raise DatabaseError(
                f"Die Datenbank {path} kann nicht gelesen werden (keine Berechtigung).",
                hint="Bitte prüfen Sie die Zugriffsrechte der Datei.",
            ) from exc
        if header and header != SQLITE_HEADER:
            raise DatabaseError(
                f"Die Datei {path} ist keine Beratung-Datenbank (kein SQLite-Format). "
                "Sie wurde nicht verändert.",
                hint="Bitte wählen Sie die richtige Datei oder starten Sie mit einer neuen "
                "Datenbank.",
            )
        if not _writable(path) or not _writable(path.parent):
            raise DatabaseError(
                f"Die Datenbank {path} ist schreibgeschützt. Sie wurde nicht verändert.",
                hint="Bitte geben Sie der Datei und ihrem Ordner Schreibrechte oder kopieren Sie "
                "sie an einen beschreibbaren Ort.",
            )
    else:
        parent = path.parent
        if parent.exists() and not _writable(parent):
            raise DatabaseError(
                f"Im Ordner {parent} kann keine Datenbank angelegt werden (schreibgeschützt)."
            )


def _writable(path: Path) -> bool:
    import os

    return os.access(path, os.W_OK)
