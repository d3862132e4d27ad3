"""The one object through which the application reaches its database.

A :class:`Database` is created once (by ``app.py`` or the CLI) and passed into the services that
need it — never looked up from a global. Its :meth:`transaction` is the only place where sessions
begin and commit, so a service call is one transaction and a failure leaves nothing half-written.
"""

from __future__ import annotations

import errno
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, make_url
from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError, DisconnectionError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError
from sqlalchemy.pool import NullPool, QueuePool

from beratung.domain.cancel import raise_if_cancelled
from beratung.domain.errors import ConcurrentEditError, DatabaseError, UserError
from beratung.storage import cipher, server_connection

log = logging.getLogger(__name__)

SQLITE_HEADER = cipher.SQLITE_HEADER
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
        return server_connection.masked(self.url)


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


def _refuse_when_cancelled(*_args: Any) -> None:
    raise_if_cancelled()


#: Key in a pooled connection's ``info``: the (device, inode) of the file it opened.
FILE_IDENTITY = "beratung_file_identity"


def _file_identity(path: Path) -> tuple[int, int] | None:
    """Which file is at ``path`` now (``None``: none). A file deleted or renamed over while a
    connection has it open keeps its identity for that connection, not for the path."""
    try:
        status = path.stat()
    except OSError:
        return None
    return (status.st_dev, status.st_ino)


class FileIdentityGuard:
    """Notices that the SQLite file was deleted or replaced under an open connection.

    SQLite keeps writing into the file it opened, even after it was deleted or another file was
    renamed over its name: such a commit "succeeds" into a file nobody will ever open again, and
    an import would report "Import gespeichert." while its data is gone (issue 14, defect 7).
    So the identity of the file is noted when a connection opens it and compared with the file
    at the path right before every commit; a mismatch fails the transaction, which rolls back.
    A connection taken from the pool for a *new* transaction reconnects to the file now at the
    path instead (another program restored a copy there); a missing file is left to the commit
    check, since reconnecting would silently create a new, empty database.
    """

    def __init__(self, path: Path) -> None:
        self.path = path.absolute()  # as SQLite opened it, whatever the working folder later

    def install(self, engine: Engine) -> None:
        event.listen(engine, "connect", self._remember)
        event.listen(engine, "checkout", self._on_checkout)
        event.listen(engine, "commit", self._before_commit)

    def _remember(self, _dbapi_connection: Any, record: Any) -> None:
        record.info[FILE_IDENTITY] = _file_identity(self.path)

    def _on_checkout(self, _dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        held = record.info.get(FILE_IDENTITY)
        now = _file_identity(self.path)
        if held is not None and now is not None and now != held:
            raise DisconnectionError("database file replaced")

    def _before_commit(self, conn: Any) -> None:
        held = conn.info.get(FILE_IDENTITY)
        if held is not None and _file_identity(self.path) != held:
            raise FileReplacedError(self.path)


class FileReplacedError(DatabaseError):
    """The database file went away under a running transaction; nothing of it was kept."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            f"Die Datenbankdatei {path} wurde gelöscht oder ersetzt, während dieser Vorgang "
            "lief (etwa ein Import); es wurde nichts gespeichert.",
            hint="Bitte prüfen Sie, ob die Datenbankdatei noch da ist (sonst die neueste "
            "Sicherung mit „beratung db restore“ zurückspielen), und wiederholen Sie den "
            "Vorgang dann.",
        )


class Database:
    """Engine plus session factory for one database URL."""

    def __init__(
        self,
        url: URL | str,
        *,
        echo: bool = False,
        read_only: bool = False,
        key: str | None = None,
    ) -> None:
        """``read_only``: a SQLite file is opened ``mode=ro`` without our pragmas, so looking at
        it (``db check``, ``db backup``) changes nothing, not even its journal mode.
        ``key``: the SQLite file is encrypted with SQLCipher (storage/cipher.py); the same
        pragmas, WAL and locking apply, through SQLAlchemy's ``sqlite+pysqlcipher`` dialect."""
        self.location = DatabaseLocation(make_url(url) if isinstance(url, str) else url)
        self._echo = echo
        self._read_only = read_only
        self._build(key)

    def _build(self, key: str | None) -> None:
        """The engine and session factories for the file as it is now (see :meth:`rekey`)."""
        echo, read_only = self._echo, self._read_only
        #: The SQLCipher key of the file (``None``: plain); backups are encrypted with it too.
        self.key = key if self.location.is_sqlite else None
        url_obj = cipher.engine_url(self.location.url, self.key)
        # hide_parameters: a failed statement's message (logged with a bug report) must not carry
        # the names and addresses it was writing.
        kwargs: dict[str, Any] = {"echo": echo, "future": True, "hide_parameters": True}
        path = self.location.sqlite_path
        if read_only and path is not None:
            uri = path.resolve().as_uri() + "?mode=ro"
            module = cipher.connect_module(self.key)
            # No key here even when encrypted: the pysqlcipher dialect sends it on connect.
            kwargs["creator"] = lambda: module.connect(
                uri, uri=True, timeout=SQLITE_BUSY_TIMEOUT_MS / 1000, check_same_thread=False
            )
            kwargs["poolclass"] = NullPool
        elif self.location.is_sqlite:
            # Autocommit at the driver level; SQLAlchemy's BEGIN handler below takes over.
            kwargs["connect_args"] = {"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}
            if self.key is not None:
                # The pool pysqlite uses for a file; the pysqlcipher dialect would pick a
                # SingletonThreadPool (one connection per thread, never returned).
                kwargs["poolclass"] = QueuePool
        else:
            kwargs["pool_pre_ping"] = True
            # sslmode=prefer unless the URL says otherwise, the keyring's password when the
            # URL has none (else libpq reads .pgpass): storage/server_connection.py.
            kwargs["connect_args"] = server_connection.connect_args(url_obj)
        self.engine: Engine = create_engine(url_obj, **kwargs)
        # A cancelled operation fails at its next statement and rolls back (domain/cancel.py).
        event.listen(self.engine, "before_cursor_execute", _refuse_when_cancelled)
        if self.location.is_sqlite and not read_only:
            event.listen(self.engine, "connect", _apply_sqlite_pragmas)
            event.listen(self.engine, "connect", _disable_pysqlite_begin)
            event.listen(self.engine, "begin", _begin_sqlite)
            if path is not None:
                FileIdentityGuard(path).install(self.engine)
        self._write_sessions = sessionmaker(
            self.engine.execution_options(**{WRITE_OPTION: True}),
            expire_on_commit=False,
            autoflush=True,
        )
        self._read_sessions = sessionmaker(self.engine, expire_on_commit=False, autoflush=False)

    def rekey(self, key: str | None) -> None:
        """After ``db encrypt|decrypt`` replaced the file: dispose every connection to the old
        one and open the new one with its key (``None``: plain)."""
        self.engine.dispose()
        self._build(key)

    @property
    def is_sqlite(self) -> bool:
        return self.location.is_sqlite

    @property
    def dialect_name(self) -> str:
        return self.engine.dialect.name

    def describe(self) -> str:
        return self.location.describe()

    #: The day that decides which roles are current when derived data is kept (set by the
    #: services from their clock, so tests with a pinned clock see their own "today").
    today: Callable[[], date] | None = None

    #: Write transactions committed through this object (all threads): a cheap measure of how
    #: much changed since the last backup (``DatabaseService.backup_after_changes``). A plain
    #: int under the GIL; an occasional lost increment only delays a backup by one change.
    committed_writes: int = 0
    #: ``committed_writes`` when the last backup started. Kept here, not in the service that
    #: makes backups, because services are built on first use: writes saved before that
    #: service existed must count too.
    writes_at_backup: int = 0

    @contextmanager
    def transaction(self, *, write: bool = True) -> Iterator[Session]:
        """One unit of work: commits on success, rolls back on any error.

        Expected database failures become German :class:`DatabaseError` messages here, in one
        place, instead of in every service. ``write=False`` is for pure reads (no write lock).
        """
        session = (self._write_sessions if write else self._read_sessions)()
        if self.today is not None:
            derived.set_today(session, self.today())
        try:
            with session.begin():
                yield session
            if write:
                self.committed_writes += 1
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


class DbErrorKind(StrEnum):
    """What went wrong, decided by the driver's error code, never by its message text:
    PostgreSQL localises messages (``lc_messages``), so a German server reads "Datenbank …
    existiert nicht" where an English one reads "database … does not exist"."""

    LOCKED = "locked"
    READ_ONLY = "read_only"
    DISK_FULL = "disk_full"
    IO_ERROR = "io_error"
    CANNOT_OPEN = "cannot_open"
    CORRUPT = "corrupt"
    CONNECTION = "connection"
    AUTHENTICATION = "authentication"
    CONSTRAINT = "constraint"
    SERIALIZATION = "serialization"


#: SQLite primary result codes (the low byte of the extended code; sqlite.org/rescode.html).
_SQLITE_KINDS: dict[int, DbErrorKind] = {
    5: DbErrorKind.LOCKED,  # SQLITE_BUSY: another connection holds the lock past busy_timeout
    6: DbErrorKind.LOCKED,  # SQLITE_LOCKED
    8: DbErrorKind.READ_ONLY,  # SQLITE_READONLY (and _DBMOVED, _CANTLOCK …)
    10: DbErrorKind.IO_ERROR,  # SQLITE_IOERR
    11: DbErrorKind.CORRUPT,  # SQLITE_CORRUPT
    13: DbErrorKind.DISK_FULL,  # SQLITE_FULL
    14: DbErrorKind.CANNOT_OPEN,  # SQLITE_CANTOPEN
    19: DbErrorKind.CONSTRAINT,  # SQLITE_CONSTRAINT
    23: DbErrorKind.READ_ONLY,  # SQLITE_AUTH: access denied by the authorizer
    26: DbErrorKind.CORRUPT,  # SQLITE_NOTADB
}

#: PostgreSQL SQLSTATEs (postgresql.org/docs/current/errcodes-appendix.html), exact codes first,
#: then classes (the first two characters).
_SQLSTATE_KINDS: dict[str, DbErrorKind] = {
    "40001": DbErrorKind.SERIALIZATION,  # serialization_failure
    "40P01": DbErrorKind.SERIALIZATION,  # deadlock_detected
    "55P03": DbErrorKind.LOCKED,  # lock_not_available
    "57014": DbErrorKind.LOCKED,  # query_canceled (lock or statement timeout)
    "25006": DbErrorKind.READ_ONLY,  # read_only_sql_transaction (a standby, a read-only user)
    "42501": DbErrorKind.READ_ONLY,  # insufficient_privilege
    "53100": DbErrorKind.DISK_FULL,  # disk_full
    "58030": DbErrorKind.IO_ERROR,  # io_error
    "XX001": DbErrorKind.CORRUPT,  # data_corrupted
    "XX002": DbErrorKind.CORRUPT,  # index_corrupted
    "3D000": DbErrorKind.CANNOT_OPEN,  # invalid_catalog_name: the database does not exist
    "57P01": DbErrorKind.CONNECTION,  # admin_shutdown
    "57P02": DbErrorKind.CONNECTION,  # crash_shutdown
    "57P03": DbErrorKind.CONNECTION,  # cannot_connect_now
    "23": DbErrorKind.CONSTRAINT,  # integrity_constraint_violation
    "08": DbErrorKind.CONNECTION,  # connection_exception
    "28": DbErrorKind.AUTHENTICATION,  # invalid_authorization_specification
}


def classify_database_error(exc: BaseException) -> DbErrorKind | None:
    """The kind of a driver error (wrapped by SQLAlchemy or not); ``None`` when it is a bug.

    SQLite: ``sqlite_errorcode`` of :mod:`sqlite3` exceptions (Python 3.11+). PostgreSQL:
    psycopg's ``sqlstate``; a connection that failed before the server answered has none and is
    a connection problem. An ``OSError`` with ``ENOSPC`` underneath is a full disk.
    """
    orig = exc.orig if isinstance(exc, DBAPIError) else exc
    code = getattr(orig, "sqlite_errorcode", None)
    if isinstance(code, int):
        return _SQLITE_KINDS.get(code & 0xFF)
    sqlstate = getattr(orig, "sqlstate", None)
    if isinstance(sqlstate, str) and sqlstate:
        return _SQLSTATE_KINDS.get(sqlstate) or _SQLSTATE_KINDS.get(sqlstate[:2])
    if _is_psycopg_operational_error(orig):
        # psycopg 3 raises connection failures (refused, timeout, wrong password, unknown
        # database) before any result exists, so there is no SQLSTATE to read.
        return DbErrorKind.CONNECTION
    cause: BaseException | None = orig
    while cause is not None:
        if isinstance(cause, OSError) and cause.errno == errno.ENOSPC:
            return DbErrorKind.DISK_FULL
        cause = cause.__cause__ or cause.__context__
    return None


def _is_psycopg_operational_error(error: object) -> bool:
    """``psycopg.OperationalError`` or a subclass (``ConnectionTimeout`` …), without importing
    psycopg, which a single workstation may not have installed."""
    return any(
        cls.__module__.split(".")[0] == "psycopg" and cls.__name__ == "OperationalError"
        for cls in type(error).__mro__
    )


def translate_database_error(exc: DBAPIError, where: str) -> UserError | None:
    """Known, user-fixable database conditions as German messages; ``None`` for bugs (a
    constraint violation means a service forgot to validate: the bug dialog, not a message)."""
    kind = classify_database_error(exc)
    if kind is None or kind is DbErrorKind.CONSTRAINT:
        return None
    if kind is DbErrorKind.SERIALIZATION:
        return ConcurrentEditError(
            "Jemand anderes hat gleichzeitig dieselben Daten geändert; Ihre Änderung wurde nicht "
            "gespeichert.",
            hint="Bitte versuchen Sie es noch einmal.",
        )
    message, hint = _MESSAGES[kind]
    text = message.format(where=where)
    if kind is DbErrorKind.CONNECTION and getattr(exc.orig, "sqlstate", None) is None:
        # Refused, timed out, wrong password or unknown database: only the server's own words
        # (in its language) tell which; IT needs them.
        detail = " ".join(str(exc.orig).split())
        text = (
            f"Keine Verbindung zum Datenbankserver {where}, oder die Anmeldung wurde abgelehnt. "
            f"Der Server meldet: {detail}"
        )
        hint = "Bitte prüfen Sie Adresse, Datenbankname, Benutzer und Kennwort (.pgpass)."
    return DatabaseError(text, hint=hint)


_MESSAGES: dict[DbErrorKind, tuple[str, str | None]] = {
    DbErrorKind.LOCKED: (
        "Die Datenbank {where} ist gerade durch ein anderes Programm gesperrt.",
        "Bitte warten Sie einen Moment und versuchen Sie es erneut.",
    ),
    DbErrorKind.READ_ONLY: (
        "Die Datenbank {where} ist schreibgeschützt; es wurde nichts gespeichert.",
        "Bitte prüfen Sie die Zugriffsrechte der Datei und ihres Ordners bzw. des "
        "Datenbankbenutzers.",
    ),
    DbErrorKind.DISK_FULL: (
        "Der Datenträger der Datenbank {where} ist voll; es wurde nichts gespeichert.",
        "Bitte schaffen Sie Platz und speichern Sie dann erneut.",
    ),
    DbErrorKind.IO_ERROR: (
        "Beim Schreiben der Datenbank {where} ist ein Ein-/Ausgabefehler aufgetreten; es wurde "
        "nichts gespeichert.",
        "Bitte prüfen Sie den Datenträger.",
    ),
    DbErrorKind.CANNOT_OPEN: (
        "Die Datenbank {where} kann nicht geöffnet werden.",
        "Bitte prüfen Sie, ob es die Datenbank gibt und ob ihr Ordner beschreibbar ist.",
    ),
    DbErrorKind.CORRUPT: (
        "Die Datei {where} ist keine gültige Beratung-Datenbank oder beschädigt.",
        "Bitte stellen Sie eine Sicherung wieder her (beratung db restore).",
    ),
    DbErrorKind.CONNECTION: (
        "Keine Verbindung zum Datenbankserver {where}.",
        "Bitte prüfen Sie die Datenbank-URL und ob der Server läuft.",
    ),
    DbErrorKind.AUTHENTICATION: (
        "Der Datenbankserver {where} hat die Anmeldung abgelehnt.",
        "Bitte prüfen Sie Benutzername und Kennwort (z. B. in der .pgpass).",
    ),
}


def check_sqlite_file(path: Path, *, for_writing: bool = True, key: str | None = None) -> None:
    """Refuse files that would be damaged or misread, before SQLite touches them
    (``for_writing=False``: a read-only file is fine for looking at it).

    Opening a non-database with WAL pragmas could write to it; this check only reads. A file
    without the SQLite header is an encrypted database when a ``key`` is given (the key itself
    is checked when the file is opened) and when it has SQLCipher's shape but no key is given
    (:class:`~beratung.storage.cipher.KeyRequiredError`: the face asks for the key); anything
    else is not a database.
    """
    if path.exists():
        if path.is_dir():
            raise DatabaseError(f"{path} ist ein Ordner, keine Datenbankdatei.")
        try:
            state = cipher.file_state(path)
        except PermissionError as exc:
            raise DatabaseError(
                f"Die Datenbank {path} kann nicht gelesen werden (keine Berechtigung).",
                hint="Bitte prüfen Sie die Zugriffsrechte der Datei.",
            ) from exc
        if state is cipher.FileState.ENCRYPTED and key is None:
            raise cipher.KeyRequiredError(path)
        if state is cipher.FileState.FOREIGN:
            raise DatabaseError(
                f"Die Datei {path} ist keine Beratung-Datenbank (kein SQLite-Format). "
                "Sie wurde nicht verändert.",
                hint="Bitte wählen Sie die richtige Datei oder starten Sie mit einer neuen "
                "Datenbank.",
            )
        if for_writing and (not _writable(path) or not _writable(path.parent)):
            raise DatabaseError(
                f"Die Datenbank {path} ist schreibgeschützt. Sie wurde nicht verändert.",
                hint="Bitte geben Sie der Datei und ihrem Ordner Schreibrechte oder kopieren Sie "
                "sie an einen beschreibbaren Ort.",
            )
    else:
        parent = path.parent
        if for_writing and parent.exists() and not _writable(parent):
            raise DatabaseError(
                f"Im Ordner {parent} kann keine Datenbank angelegt werden (schreibgeschützt)."
            )


def _writable(path: Path) -> bool:
    import os

    return os.access(path, os.W_OK)


# Derived data (sort keys, search texts, one primary role, the full-text index) and the seal of
# new audit entries are kept by session listeners; every program path that opens a database
# comes through this module.
from beratung.storage import audit_log, derived  # noqa: E402  (the models import nothing here)

derived.install()
audit_log.install()
