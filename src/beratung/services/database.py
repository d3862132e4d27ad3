"""Opening, upgrading, checking, backing up and restoring the database."""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import DBAPIError, NoSuchModuleError

from beratung.domain.errors import DatabaseError, UserError
from beratung.paths import DATABASE_URL_ENV, AppPaths
from beratung.storage import backup as backups
from beratung.storage import migrate
from beratung.storage.database import (
    Database,
    check_sqlite_file,
    sqlite_url,
    translate_database_error,
)
from beratung.storage.lock import InstanceLock

log = logging.getLogger(__name__)

AUTOMATIC = "automatisch"


def resolve_url(
    paths: AppPaths, *, db_path: str | os.PathLike[str] | None = None, url: str | None = None
) -> URL:
    """``--database-url`` beats ``--db`` beats ``BERATUNG_DATABASE_URL`` beats the default file."""
    if url:
        try:
            return make_url(url)
        except Exception as exc:  # sqlalchemy raises ArgumentError with English text
            raise UserError(
                f"Die Datenbank-URL „{url}“ ist ungültig.",
                hint="Beispiel: postgresql+psycopg://benutzer@server/beratung",
            ) from exc
    if db_path:
        return sqlite_url(Path(db_path).expanduser().resolve())
    env = os.environ.get(DATABASE_URL_ENV)
    if env:
        return resolve_url(paths, url=env)
    return sqlite_url(paths.database_file)


def connect(url: URL) -> Database:
    """A :class:`Database` for ``url``, after the checks that must not touch the file.

    A SQLite file that is not a database, read-only, made by a newer version or by another
    program is refused here with a German message, before our connection pragmas (WAL) could
    change its header.
    """
    path = sqlite_path_of(url)
    if path is not None:
        check_sqlite_file(path)
        migrate.check_file_schema(path)
        path.parent.mkdir(parents=True, exist_ok=True)
    try:
        return Database(url)
    except (ModuleNotFoundError, NoSuchModuleError) as exc:
        raise UserError(
            f"Für die Datenbank-URL „{url.render_as_string(hide_password=True)}“ fehlt der "
            "Datenbanktreiber.",
            hint="Unterstützt sind SQLite und PostgreSQL (postgresql+psycopg://…).",
        ) from exc


def sqlite_path_of(url: URL) -> Path | None:
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    return Path(url.database)


def open_database(
    url: URL, paths: AppPaths, *, upgrade: bool = True
) -> tuple[Database, migrate.UpgradeResult | None]:
    """Check, open and (with a backup first) upgrade a database; the file is untouched on error.

    Returns the database and what the upgrade did, so that the GUI and the CLI can tell the user
    which backup was made."""
    db = connect(url)
    result: migrate.UpgradeResult | None = None
    try:
        state = migrate.schema_state(db)
        migrate.ensure_not_newer(db, state)
        if upgrade and not state.is_current:
            result = migrate.upgrade(db, backup_dir=paths.backup_dir)
        elif not state.is_current:
            raise DatabaseError(
                f"Die Datenbank {db.describe()} hat ein älteres Schema ({state.current}).",
                hint="Bitte führen Sie „beratung db upgrade“ aus.",
            )
    except DBAPIError as exc:
        db.dispose()
        raise translate_database_error(exc, db.describe()) or DatabaseError(
            f"Die Datenbank {db.describe()} kann nicht geöffnet werden: {exc.orig}"
        ) from exc
    except Exception:
        db.dispose()
        raise
    return db, result


@dataclass(frozen=True, slots=True)
class CheckReport:
    database: str
    revision: str | None
    head: str
    integrity: str
    foreign_key_problems: int
    schema_differences: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return (
            self.revision == self.head
            and self.integrity == "ok"
            and self.foreign_key_problems == 0
            and not self.schema_differences
        )


def _describe_difference(difference: object) -> str:
    """Alembic's comparison tuples in a line a person can read."""
    if isinstance(difference, tuple) and difference:
        kind = str(difference[0])
        subject = difference[1] if len(difference) > 1 else ""
        name = getattr(subject, "name", None) or getattr(subject, "key", None) or subject
        table = getattr(getattr(subject, "table", None), "name", None)
        where = f"{table}.{name}" if table else str(name)
        return f"{kind}: {where}"
    if isinstance(difference, list):  # modify_* entries come as a list of tuples
        return "; ".join(_describe_difference(d) for d in difference)
    return str(difference)


class DatabaseService:
    """Maintenance operations; not a :class:`Service` because some run before the schema exists."""

    def __init__(self, db: Database, paths: AppPaths) -> None:
        self.db = db
        self.paths = paths

    def upgrade(self) -> migrate.UpgradeResult | None:
        return migrate.upgrade(self.db, backup_dir=self.paths.backup_dir)

    def check(self) -> CheckReport:
        state = migrate.schema_state(self.db)
        integrity = "ok"
        fk_problems = 0
        if self.db.is_sqlite:
            with self.db.engine.connect() as conn:
                integrity = str(conn.execute(text("PRAGMA integrity_check")).scalar())
                fk_problems = len(conn.execute(text("PRAGMA foreign_key_check")).fetchall())
        differences = (
            ()
            if state.is_empty
            else tuple(_describe_difference(d) for d in migrate.schema_differences(self.db))
        )
        return CheckReport(
            database=self.db.describe(),
            revision=state.current,
            head=state.head,
            integrity=integrity,
            foreign_key_problems=fk_problems,
            schema_differences=differences,
        )

    def backup(self, to: Path | None = None) -> Path:
        if to is None:
            return backups.backup_sqlite(self.db, self.paths.backup_dir, reason="manuell")
        source = self.db.location.sqlite_path
        if source is None:
            backups.backup_sqlite(self.db, self.paths.backup_dir)  # raises the PostgreSQL hint
            raise AssertionError("unreachable")
        target = to.expanduser().resolve()
        if target.is_dir():
            target = target / f"beratung_{datetime.now():%Y-%m-%d_%H%M%S}.sqlite"
        if target == source.resolve():
            raise UserError("Die Sicherung kann nicht die Datenbank selbst überschreiben.")
        if target.exists():
            raise UserError(
                f"Die Datei {target} gibt es schon; sie wird nicht überschrieben.",
                hint="Bitte wählen Sie einen anderen Namen oder einen Ordner.",
            )
        backups.copy_sqlite(source, target)
        return target

    def automatic_backup(
        self, *, keep: int = backups.KEEP_AUTOMATIC, min_age: timedelta = timedelta(hours=20)
    ) -> Path | None:
        """The daily backup the advisor never has to think about (called at GUI start).

        ``keep``: how many automatic backups stay (older ones are deleted); at least one, the
        one just made, is always kept (``settings.BACKUPS_KEPT``)."""
        if not self.db.is_sqlite:
            return None
        latest = backups.latest_backup(self.paths.backup_dir, reason=AUTOMATIC)
        if latest is not None:
            age = datetime.now() - datetime.fromtimestamp(latest.stat().st_mtime)
            if age < min_age:
                return None
        made = backups.backup_sqlite(self.db, self.paths.backup_dir, reason=AUTOMATIC)
        backups.prune_backups(self.paths.backup_dir, reason=AUTOMATIC, keep=max(1, keep))
        return made

    def restore(self, source: Path) -> Path | None:
        """Replace the database with a backup.

        The current state is backed up first (or, when it is unreadable, moved aside) and its
        path returned. The backup must be intact and not newer than this program. The copy goes
        through SQLite's backup API into the live file, and the instance lock is held until the
        restored data has been upgraded, so no other Beratung window can work in between.
        """
        target = self.db.location.sqlite_path
        if target is None:
            raise UserError(
                "Wiederherstellen aus Beratung heraus gibt es nur für SQLite-Datenbanken.",
                hint="Für PostgreSQL verwenden Sie bitte pg_restore.",
            )
        source = source.expanduser().resolve()
        if not source.is_file():
            raise UserError(f"Die Sicherungsdatei {source} gibt es nicht.")
        if source == target.resolve():
            raise UserError("Die Sicherung ist die Datenbank selbst.")
        backups.validate_sqlite_copy(source, migrate.known_revisions())
        with InstanceLock(target):
            self.db.dispose()
            safety: Path | None = None
            if target.exists() and target.stat().st_size > 0:
                try:
                    backups.validate_sqlite_copy(target, migrate.known_revisions())
                except DatabaseError:
                    safety = backups.move_aside(target, reason="defekt")
                else:
                    safety = backups.backup_sqlite(
                        self.db, self.paths.backup_dir, reason="vor-restore"
                    )
            target.parent.mkdir(parents=True, exist_ok=True)
            backups.restore_into(source, target)
            migrate.upgrade(self.db, backup_dir=self.paths.backup_dir)
        return safety
