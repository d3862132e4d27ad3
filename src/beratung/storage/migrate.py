"""Schema migrations with Alembic, run from code (no alembic.ini, no separate tool).

Opening a database goes through :func:`prepare`: it refuses files that are newer than this
program, makes a backup before changing an older schema, and upgrades it to the head revision.
"""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, create_engine, event, inspect, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import NullPool

from beratung.domain.errors import DatabaseError
from beratung.storage import revisions
from beratung.storage.backup import backup_sqlite, prune_backups
from beratung.storage.database import (
    SQLITE_BUSY_TIMEOUT_MS,
    Database,
    DatabaseLocation,
    translate_database_error,
)
from beratung.storage.server_connection import peek_engine

if TYPE_CHECKING:  # Alembic is imported only when a migration or a schema comparison runs
    from alembic.config import Config
    from alembic.script import ScriptDirectory

log = logging.getLogger(__name__)

#: Where the revisions are (tests point it elsewhere); see :mod:`beratung.storage.revisions`.
SCRIPT_LOCATION = revisions.SCRIPT_LOCATION


#: Key of the PostgreSQL advisory lock that lets one session migrate at a time (two workstations
#: starting a new version at once: the second waits, then finds the schema current).
MIGRATION_LOCK_KEY = 0x42_65_72_61  # "Bera"
#: Backups made before upgrading from one revision that are kept (repeated attempts replace the
#: oldest instead of filling the disk).
KEEP_BEFORE_UPGRADE = 3


VERSION_TABLE = revisions.VERSION_TABLE


def alembic_config(location: str | None = None) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", location or SCRIPT_LOCATION)
    config.set_main_option("path_separator", "os")
    return config


@functools.cache
def _script_directory(location: str) -> ScriptDirectory:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config(location))


def script_directory() -> ScriptDirectory:
    """The revisions, read once per location (each read of a package resource registers an
    exit handler in Alembic, so the about box must not make a new one every time)."""
    return _script_directory(SCRIPT_LOCATION)


def versions_dir() -> Path:
    """The folder of the revision files, wherever the package is installed."""
    return Path(script_directory().versions)


def head_revision() -> str:
    return revisions.head_revision(SCRIPT_LOCATION)


def _stored_revision(connection: Connection, tables: list[str] | None = None) -> str | None:
    """The revision in Alembic's version table (``None`` without one), read with a plain query:
    opening a database must not import Alembic."""
    if tables is None:
        if not inspect(connection).has_table(VERSION_TABLE):
            return None
    elif VERSION_TABLE not in tables:
        return None
    rows = list(connection.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalars())
    if len(rows) > 1:
        raise DatabaseError(
            f"Die Datenbank hat mehrere Schemaversionen ({', '.join(sorted(rows))}).",
            hint="Bitte lassen Sie die Datenbank prüfen (beratung db check).",
        )
    return str(rows[0]) if rows else None


def current_revision(db: Database) -> str | None:
    with db.engine.connect() as connection:
        return _stored_revision(connection)


def known_revisions() -> set[str]:
    return revisions.known_revisions(SCRIPT_LOCATION)


@dataclass(frozen=True)
class SchemaState:
    current: str | None
    head: str
    has_tables: bool

    @property
    def is_current(self) -> bool:
        return self.current == self.head

    @property
    def is_empty(self) -> bool:
        return self.current is None and not self.has_tables


def schema_state(db: Database) -> SchemaState:
    with db.engine.connect() as connection:
        tables = inspect(connection).get_table_names()
        current = _stored_revision(connection, tables)
    return SchemaState(current=current, head=head_revision(), has_tables=bool(tables))


def check_file_schema(path: Path, *, key: str | None = None) -> None:
    """Refuse a SQLite file made by a newer version, or another program, before any connection
    with our pragmas touches it (setting WAL alone would rewrite its header)."""
    if not path.exists() or path.stat().st_size == 0:
        return
    current, has_tables = revisions.read_sqlite_file_revision(path, key)
    ensure_not_newer_revision(str(path), current, has_tables=has_tables)


def peek_revision(location: DatabaseLocation, *, key: str | None = None) -> str | None:
    """The schema revision of a database without opening it for work: a SQLite file is read
    read-only (a missing file is ``None`` and is not created), a server through a connection
    that only reads. For ``--version`` and the about box. An encrypted file without its key
    (``key``, else the environment's or the keyring's) is ``KeyRequiredError``: it is not
    asked for here."""
    path = location.sqlite_path
    if path is not None:
        return revisions.peek_sqlite_revision(path, key)
    engine = peek_engine(location.url)
    try:
        with engine.connect() as connection:
            return _stored_revision(connection)
    finally:
        engine.dispose()


def ensure_not_newer_revision(where: str, current: str | None, *, has_tables: bool) -> None:
    if current is not None and current not in known_revisions():
        raise DatabaseError(
            f"Die Datenbank {where} wurde mit einer neueren Version von Beratung "
            f"angelegt (Schema {current}). Sie wurde nicht verändert.",
            hint="Bitte installieren Sie die aktuelle Version von Beratung.",
        )
    if current is None and has_tables:
        raise DatabaseError(
            f"Die Datenbank {where} enthält Tabellen, aber keine Beratung-Schemaversion. "
            "Sie wurde nicht verändert.",
            hint="Bitte wählen Sie eine Beratung-Datenbank oder eine leere Datei.",
        )


def ensure_not_newer(db: Database, state: SchemaState) -> None:
    ensure_not_newer_revision(db.describe(), state.current, has_tables=state.has_tables)


@dataclass(frozen=True, slots=True)
class UpgradeResult:
    """What opening or ``db upgrade`` did to an existing schema: the user is told all of it."""

    database: str
    from_revision: str | None
    to_revision: str
    backup: Path | None

    @property
    def created(self) -> bool:
        """A new, empty database got its schema (nothing to back up, nothing to report)."""
        return self.from_revision is None

    def message(self) -> str:
        if self.created:
            return f"Die Datenbank {self.database} wurde neu angelegt (Schema {self.to_revision})."
        text = (
            f"Die Datenbank {self.database} wurde von Schema {self.from_revision} "
            f"auf {self.to_revision} aktualisiert."
        )
        if self.backup is not None:
            text += f" Der vorherige Stand ist gesichert: {self.backup}"
        return text


def upgrade(db: Database, *, backup_dir: Path | None = None) -> UpgradeResult | None:
    """Bring the schema to head; ``None`` when it already was.

    An existing SQLite database is backed up into ``backup_dir`` first. The migrations run in one
    transaction: if one fails, nothing of the upgrade stays, which is checked, and the German
    error says so and names the backup.
    """
    state = schema_state(db)
    ensure_not_newer(db, state)
    if state.is_current:
        return None
    backup: Path | None = None
    if not state.is_empty and db.is_sqlite and backup_dir is not None:
        reason = f"vor-upgrade-{state.current}"
        backup = backup_sqlite(db, backup_dir, reason=reason)
        prune_backups(backup_dir, reason=reason, keep=KEEP_BEFORE_UPGRADE)
        log.info("backup before upgrade written to %s", backup)
    try:
        _run_upgrade(db, "head")
    except Exception as exc:
        if _revision_or_none(db) != state.head:
            raise _failed_upgrade(db, state, backup, exc) from exc
        # Another session (a second workstation) finished the same upgrade meanwhile.
        log.info("schema upgraded by another session while this one tried", exc_info=exc)
    return UpgradeResult(
        database=db.describe(), from_revision=state.current, to_revision=state.head, backup=backup
    )


def _revision_or_none(db: Database) -> str | None:
    try:
        return current_revision(db)
    except Exception:  # the database cannot even be read any more
        return None


def _failed_upgrade(
    db: Database, before: SchemaState, backup: Path | None, exc: Exception
) -> DatabaseError:
    """The German error for a migration that failed, after checking whether the database is as
    before. A known, fixable cause (locked, disk full …) is said as such, not as a bug."""
    log.error("schema upgrade from %s to %s failed", before.current, before.head, exc_info=exc)
    where = db.describe()
    known = translate_database_error(exc, where) if isinstance(exc, DBAPIError) else None
    if known is not None:
        reason, hint = known.message.rstrip("."), known.hint
    else:
        if isinstance(exc, DatabaseError):
            reason = exc.message
        elif isinstance(exc, DBAPIError):
            reason = str(exc.orig)
        else:
            reason = f"{type(exc).__name__}: {exc}"
        hint = "Bitte melden Sie diesen Fehler; bis dahin hilft die vorherige Programmversion."
    saved = f" Eine Sicherung des vorherigen Stands liegt unter {backup}." if backup else ""
    if _revision_or_none(db) == before.current:
        return DatabaseError(
            f"Die Datenbank {where} konnte nicht von Schema {before.current or '(leer)'} auf "
            f"{before.head} aktualisiert werden ({reason}). Sie ist unverändert.{saved}",
            hint=hint,
        )
    return DatabaseError(
        f"Die Aktualisierung der Datenbank {where} ist fehlgeschlagen ({reason}), und ihr "
        f"Zustand ist unklar.{saved}",
        hint=(
            "Bitte spielen Sie die Sicherung zurück (beratung db restore) und melden Sie den "
            "Fehler."
            if backup
            else "Bitte lassen Sie die Datenbank prüfen (beratung db check) und bei Bedarf aus "
            "der Sicherung des Servers wiederherstellen."
        ),
    )


def _run_upgrade(db: Database, target: str) -> None:
    """Run the migrations in one transaction on a connection of their own.

    On SQLite that connection has foreign keys OFF (see :func:`migration_engine`); they are
    checked before the commit instead, and any violation rolls the whole upgrade back.
    """
    from alembic import command

    config = alembic_config()
    engine = migration_engine(db)
    try:
        with engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                # Held until this transaction ends: a concurrent upgrader waits here and then
                # finds nothing left to do.
                connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK_KEY})")
            config.attributes["connection"] = connection
            command.upgrade(config, target)
            if db.is_sqlite:
                problems = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if problems:
                    # A short reason: upgrade() wraps it into the whole German message.
                    raise DatabaseError(
                        f"sie hätte {len(problems)} Verweise zwischen Datensätzen zerstört"
                    )
    finally:
        if engine is not db.engine:
            engine.dispose()
    db.dispose()  # pooled connections may have cached the old schema


def migration_engine(db: Database) -> Engine:
    """The engine migrations run on.

    SQLite: a separate connection with foreign keys OFF. Alembic's batch mode rebuilds a table
    by dropping the old one, and with foreign keys on, SQLite would fire every ON DELETE CASCADE
    on the child tables and silently empty them.
    """
    if not db.is_sqlite:
        return db.engine
    # The engine's URL, not the location's: it carries the SQLCipher key of an encrypted file.
    engine = create_engine(db.engine.url, poolclass=NullPool)
    event.listen(engine, "connect", _migration_pragmas)
    event.listen(engine, "begin", lambda conn: conn.exec_driver_sql("BEGIN IMMEDIATE"))
    return engine


def _migration_pragmas(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # SQLAlchemy's "begin" listener starts transactions
    dbapi_connection.execute("PRAGMA foreign_keys = OFF")
    dbapi_connection.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
    dbapi_connection.execute("PRAGMA synchronous = FULL")


def include_object(
    obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any
) -> bool:
    """Leave out objects the models do not describe on purpose: full-text index tables (SQLite
    FTS5 creates shadow tables ``*_fts_data`` …) and their triggers live only in migrations."""
    return not (type_ == "table" and name is not None and "_fts" in name)


def schema_differences(db: Database) -> list[Any]:
    """What differs between the database and the models (empty when they match)."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from beratung.domain.models import Base

    with db.engine.connect() as connection:
        context = MigrationContext.configure(
            connection,
            opts={
                "compare_type": True,
                "render_as_batch": True,
                "include_object": include_object,
            },
        )
        return list(compare_metadata(context, Base.metadata))
