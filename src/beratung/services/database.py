"""Opening, upgrading, checking, backing up and restoring the database."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from enum import StrEnum
from pathlib import Path
from typing import Any

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import DBAPIError, NoSuchModuleError

from beratung import settings
from beratung.domain.errors import DatabaseError, UserError, os_error_text
from beratung.domain.rules.backup_rotation import Rotation
from beratung.paths import AppPaths, private_folder
from beratung.storage import audit_log, cipher, migrate, pg_backup, server_connection
from beratung.storage import backup as backups

# Re-exported for the faces, which catch them to ask for the key (they never import storage).
from beratung.storage.cipher import KEY_ENV as KEY_ENV
from beratung.storage.cipher import EncryptionUnavailableError as EncryptionUnavailableError
from beratung.storage.cipher import KeyRequiredError as KeyRequiredError
from beratung.storage.cipher import WrongKeyError as WrongKeyError
from beratung.storage.database import (
    Database,
    DatabaseLocation,
    check_sqlite_file,
    sqlite_url,
    translate_database_error,
)
from beratung.storage.lock import InstanceLock
from beratung.storage.quick_read import prepare_database_file as prepare_database_file

# The audit chain's report as storage builds it: frozen, German findings, nothing of storage's.
AuditLogReport = audit_log.ChainReport

log = logging.getLogger(__name__)

AUTOMATIC = "automatisch"


def resolve_url(
    paths: AppPaths, *, db_path: str | os.PathLike[str] | None = None, url: str | None = None
) -> URL:
    """The engine URL of the database the options name (:meth:`AppPaths.chosen_database`)."""
    chosen = paths.chosen_database(db_path=db_path, url=url)
    if isinstance(chosen, Path):
        return sqlite_url(chosen)
    try:
        return make_url(chosen)
    except Exception as exc:  # sqlalchemy raises ArgumentError with English text
        raise UserError(
            f"Die Datenbank-URL „{server_connection.masked(chosen)}“ ist ungültig.",
            hint="Beispiel: postgresql+psycopg://benutzer@server/beratung",
        ) from exc


def explain_database_error(exc: BaseException, where: str) -> UserError | None:
    """A German message for any database driver error that reached the surface (the CLI's last
    resort); ``None`` when ``exc`` did not come from the database."""
    return explain(exc, where) if isinstance(exc, DBAPIError) else None


def explain(exc: DBAPIError, where: str) -> UserError:
    """The known condition in German, or what the database said."""
    return translate_database_error(exc, where) or DatabaseError(
        f"Die Datenbank {where} meldet: {exc.orig}"
    )


def describe_target(
    paths: AppPaths, *, db_path: str | os.PathLike[str] | None = None, url: str | None = None
) -> str:
    """The database these options name, in words for messages (password hidden)."""
    try:
        return DatabaseLocation(resolve_url(paths, db_path=db_path, url=url)).describe()
    except UserError:
        return server_connection.masked(url) if url else str(db_path or paths.database_file)


PGPASS_HINT = (
    "Ohne Schlüsselbund gehört das Kennwort in die .pgpass des Benutzers (Windows: "
    "%APPDATA%\\postgresql\\pgpass.conf), Zeile server:5432:datenbank:benutzer:kennwort."
)


def server_account(
    paths: AppPaths, *, db_path: str | os.PathLike[str] | None = None, url: str | None = None
) -> URL:
    """The team server these options name, for ``db password set|clear``; a SQLite file has
    no password and is refused in German."""
    target = resolve_url(paths, db_path=db_path, url=url)
    if not server_connection.is_server(target):
        raise UserError(
            "Ein Kennwort gibt es nur für eine PostgreSQL-Datenbank; die gewählte Datenbank ist "
            f"die Datei {DatabaseLocation(target).describe()}.",
            hint="Bitte die Teamdatenbank mit --database-url oder BERATUNG_DATABASE_URL nennen.",
        )
    if target.password is not None:
        raise UserError(
            "Die Datenbank-URL enthält schon ein Kennwort. Im Schlüsselbund wird nur das "
            "Kennwort einer URL ohne Kennwort gespeichert.",
            hint="Bitte das Kennwort aus der URL entfernen (postgresql+psycopg://benutzer@server/"
            "datenbank).",
        )
    return target


def account_name(account: URL) -> str:
    """The keyring entry's name for messages (``anna@server:5432/beratung``)."""
    return server_connection.keyring_user(account)


def store_server_password(account: URL, password: str) -> None:
    """``beratung db password set``: into the OS keyring, never into a file of the app."""
    if not password:
        raise UserError("Ein leeres Kennwort wird nicht gespeichert.")
    try:
        server_connection.store_password(account, password)
    except server_connection.KeyringUnavailableError as exc:
        raise UserError(
            f"Das Kennwort kann nicht im Schlüsselbund gespeichert werden: {exc}",
            hint=PGPASS_HINT,
        ) from exc


def clear_server_password(account: URL) -> bool:
    """``beratung db password clear``; ``False`` when none was stored."""
    try:
        return server_connection.clear_password(account)
    except server_connection.KeyringUnavailableError as exc:
        raise UserError(f"Der Schlüsselbund ist nicht erreichbar: {exc}") from exc


class Schema(StrEnum):
    """What opening does about the schema revision."""

    #: Normal opening (the program, every command): a SQLite file at an older revision is backed
    #: up, then migrated; a server database is created when empty, but an existing one is never
    #: migrated by whichever workstation happens to start a new version first.
    UPGRADE = "upgrade"
    #: ``beratung db upgrade``: migrate, whatever the backend (the team's one explicit step).
    MIGRATE = "migrate"
    #: Leave it as it is (``db check``, ``db backup``, ``db restore`` look at or copy the file).
    AS_IS = "as_is"


@dataclass
class OpenedDatabase:
    """An open database with what opening did: the instance lock it holds and the upgrade."""

    db: Database
    lock: InstanceLock | None = None
    upgrade: migrate.UpgradeResult | None = None

    def close(self) -> None:
        try:
            self.db.dispose()
        finally:
            if self.lock is not None:
                self.lock.release()
                self.lock = None


def open_database(
    paths: AppPaths,
    *,
    db_path: str | os.PathLike[str] | None = None,
    url: str | None = None,
    schema: Schema = Schema.UPGRADE,
    lock: bool = False,
    must_exist: bool = False,
    check_file: bool = True,
    read_only: bool = False,
    key: str | None = None,
) -> OpenedDatabase:
    """The one way from the user's options to an open database — GUI, CLI and tests alike.

    The order is the point: nothing that could write (our WAL pragmas, a migration) happens
    before the file was checked, and nothing is migrated before a backup exists. Whatever
    fails, the lock is released, the engine disposed, and the file left as it was.

    ``lock``: hold the one-instance lock on a SQLite file (the GUI, ``db upgrade``).
    ``must_exist``: refuse a missing SQLite file instead of creating it (``db check``).
    ``check_file=False``: skip the file checks (``db restore`` replaces a damaged file).
    ``read_only``: look without changing anything (``db check``, ``db backup``; implies
    ``Schema.AS_IS``), so a read-only file or a backup copy can be checked too.
    ``key``: the passphrase of an encrypted SQLite file (asked by the face); without it the
    key comes from ``BERATUNG_DB_KEY`` or the OS keyring, and when neither has one,
    :class:`KeyRequiredError` tells the face to ask. A wrong key is :class:`WrongKeyError`,
    raised before anything touched the file.
    """
    if read_only:
        schema = Schema.AS_IS
    location = DatabaseLocation(resolve_url(paths, db_path=db_path, url=url))
    held = take_instance_lock(location) if lock else None
    try:
        key = database_key(location, key)
        if check_file:
            refuse_unusable_file(
                location, must_exist=must_exist, for_writing=not read_only, key=key
            )
        elif key is None and database_is_encrypted(paths, db_path=db_path, url=url):
            # ``db restore`` onto an encrypted database: its backups need the key too
            raise KeyRequiredError(location.sqlite_path or Path())
        if location.sqlite_path is not None and not read_only:
            prepare_database_file(
                location.sqlite_path, own_folder=location.sqlite_path.parent == paths.data_dir
            )
        db = connect(location, read_only=read_only, key=key)
        try:
            upgraded = bring_schema_to_head(db, paths, schema, lock_held=held is not None)
        except BaseException:
            db.dispose()
            raise
    except BaseException:
        if held is not None:
            held.release()
        raise
    return OpenedDatabase(db=db, lock=held, upgrade=upgraded)


def database_key(location: DatabaseLocation, given: str | None = None) -> str | None:
    """The SQLCipher key for this database: ``None`` for a server, a plain or a new file;
    for an encrypted file ``given`` (typed by the user), else the environment's or the
    keyring's; ``None`` when none is known (the file check then asks for one)."""
    path = location.sqlite_path
    if path is None:
        return None
    try:
        state = cipher.file_state(path)
    except OSError:
        return None  # the file check says what is wrong with it
    if state is not cipher.FileState.ENCRYPTED:
        return None
    return given or cipher.stored_key(path)


def database_is_encrypted(
    paths: AppPaths, *, db_path: str | os.PathLike[str] | None = None, url: str | None = None
) -> bool:
    """Whether the SQLite file these options name is encrypted (looked at, not opened)."""
    path = DatabaseLocation(resolve_url(paths, db_path=db_path, url=url)).sqlite_path
    try:
        return path is not None and cipher.file_state(path) is cipher.FileState.ENCRYPTED
    except OSError:
        return False


def encryption_available() -> bool:
    """Whether this installation has SQLCipher (the optional extra ``[encryption]``)."""
    return cipher.available()


def remember_database_key(path: Path, key: str) -> None:
    """``im Schlüsselbund merken``: the key under the keyring service ``beratung-sqlcipher``."""
    cipher.remember_key(path, key)


def take_instance_lock(location: DatabaseLocation) -> InstanceLock | None:
    """One program instance per SQLite file; a server database needs no file lock."""
    path = location.sqlite_path
    if path is None:
        return None
    held = InstanceLock(path)
    held.acquire()
    return held


def refuse_unusable_file(
    location: DatabaseLocation,
    *,
    must_exist: bool = False,
    for_writing: bool = True,
    key: str | None = None,
) -> None:
    """Refuse, by reading only, a SQLite file that is missing (when it must exist), not a
    database, read-only, or made by a newer version or another program: before our connection
    pragmas (WAL) could change its header."""
    path = location.sqlite_path
    if path is None:
        return
    if must_exist and not path.exists():
        raise UserError(
            f"Die Datenbank {path} gibt es nicht; es wurde nichts angelegt.",
            hint="Bitte den Pfad prüfen. Eine neue Datenbank legt „beratung --db PFAD db "
            "upgrade“ (leer) oder „beratung --db PFAD demo“ (mit Beispieldaten) an.",
        )
    check_sqlite_file(path, for_writing=for_writing, key=key)
    cipher.check_key(path, key)
    migrate.check_file_schema(path, key=key)


def connect(
    location: DatabaseLocation, *, read_only: bool = False, key: str | None = None
) -> Database:
    """The engine with our settings; a missing driver is a German message, not a traceback."""
    try:
        return Database(location.url, read_only=read_only, key=key)
    except (ModuleNotFoundError, NoSuchModuleError) as exc:
        raise UserError(
            f"Für die Datenbank-URL „{location.describe()}“ fehlt der Datenbanktreiber.",
            hint="Unterstützt sind SQLite und PostgreSQL (postgresql+psycopg://…).",
        ) from exc


def bring_schema_to_head(
    db: Database, paths: AppPaths, schema: Schema, *, lock_held: bool = False
) -> migrate.UpgradeResult | None:
    """Backup then migrate, or leave as it is (see :class:`Schema`); a newer schema is always
    refused, untouched. A SQLite file is migrated only under the one-instance lock, so a
    command never changes the schema under a running program window."""
    if schema is Schema.AS_IS:
        return None
    try:
        state = migrate.schema_state(db)
        migrate.ensure_not_newer(db, state)
        if state.is_current:
            return None
        if schema is Schema.UPGRADE and not db.is_sqlite and not state.is_empty:
            raise DatabaseError(
                f"Die Datenbank {db.describe()} hat ein älteres Schema ({state.current}) als "
                f"dieses Programm ({state.head}). Eine gemeinsame Datenbank wird nicht beim "
                "Öffnen aktualisiert.",
                hint="Bitte sichern Sie sie (pg_dump) und aktualisieren Sie sie dann einmal mit "
                "„beratung db upgrade“.",
            )
        path = db.location.sqlite_path
        if path is None or lock_held:
            return migrate.upgrade(db, backup_dir=paths.backup_dir)
        try:
            lock = InstanceLock(path)
            lock.acquire()
        except DatabaseError as exc:
            raise DatabaseError(
                f"Die Datenbank {path} muss für diese Programmversion aktualisiert werden, ist "
                "aber in einem laufenden Beratung-Fenster geöffnet.",
                hint="Bitte schließen Sie Beratung und versuchen Sie es dann erneut.",
            ) from exc
        try:
            return migrate.upgrade(db, backup_dir=paths.backup_dir)
        finally:
            lock.release()
    except DBAPIError as exc:
        raise explain(exc, db.describe()) from exc


def head_revision() -> str:
    """The schema revision this program writes."""
    return migrate.head_revision()


@dataclass(frozen=True, slots=True)
class CheckReport:
    database: str
    revision: str | None
    head: str
    #: "ok", or what ``PRAGMA integrity_check`` found, one finding per line.
    integrity: str
    #: ``None`` when the damage kept the check from running.
    foreign_key_problems: int | None
    schema_differences: tuple[str, ...]
    #: The newest backup that passed its own integrity check, named when this one did not.
    good_backup: Path | None = None
    #: The audit log's hash chain (decision 25); ``None`` when it could not be checked
    #: (older schema, damaged file).
    audit_log: AuditLogReport | None = None

    @property
    def ok(self) -> bool:
        return (
            self.revision == self.head
            and self.integrity == "ok"
            and self.foreign_key_problems == 0
            and not self.schema_differences
            and (self.audit_log is None or self.audit_log.ok)
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


@dataclass(frozen=True, slots=True)
class AutomaticBackup:
    """What one automatic backup did."""

    path: Path
    #: Older automatic backups the rotation removed (from the backup folder).
    removed: tuple[Path, ...] = ()
    #: The copy in the second folder, when one is set and the copy worked.
    mirror: Path | None = None
    #: Why the second folder did not get its copy (German), the backup itself is fine.
    warning: str | None = None


@dataclass(frozen=True, slots=True)
class BackupOptions:
    """The automatic-backup settings (``settings.BACKUP_*``) as one value."""

    automatic: bool = True
    #: A further backup after this many saved changes (0: only at start).
    after_changes: int = 50
    rotation: Rotation = field(default_factory=Rotation)
    second_folder: Path | None = None

    @classmethod
    def read(cls, store: settings.Store) -> BackupOptions:
        folder = settings.read_str(settings.BACKUP_SECOND_FOLDER, store).strip()
        return cls(
            automatic=settings.read_bool(settings.AUTOMATIC_BACKUP, store),
            after_changes=max(0, settings.read_int(settings.BACKUP_AFTER_CHANGES, store)),
            rotation=Rotation(
                daily=max(0, settings.read_int(settings.BACKUP_DAILY, store)),
                weekly=max(0, settings.read_int(settings.BACKUP_WEEKLY, store)),
                monthly=max(0, settings.read_int(settings.BACKUP_MONTHLY, store)),
            ),
            second_folder=Path(folder).expanduser() if folder else None,
        )


class DatabaseService:
    """Maintenance operations; not a :class:`Service` because some run before the schema exists."""

    def __init__(self, db: Database, paths: AppPaths) -> None:
        self.db = db
        self.paths = paths

    def upgrade(self) -> migrate.UpgradeResult | None:
        return migrate.upgrade(self.db, backup_dir=self.paths.backup_dir)

    def check(self) -> CheckReport:
        """Integrity, foreign keys and schema, reported even when the file is damaged (each
        part that cannot run says so instead of raising); a damaged SQLite file names the
        newest backup that is itself intact, so the advisor knows what to restore."""
        integrity = "ok"
        fk_problems: int | None = 0
        if self.db.is_sqlite:
            with self.db.engine.connect() as conn:
                raw: Any = conn.connection.dbapi_connection  # sqlite3's or sqlcipher3's
                problems = backups.integrity_problems(raw, limit=50)
                integrity = "\n".join(problems) if problems else "ok"
                try:
                    fk_problems = len(raw.execute("PRAGMA foreign_key_check").fetchall())
                except cipher.database_error_types():
                    fk_problems = None
        try:
            state = migrate.schema_state(self.db)
            differences = (
                ()
                if state.is_empty
                else tuple(_describe_difference(d) for d in migrate.schema_differences(self.db))
            )
            revision = state.current
        except DBAPIError:
            if integrity == "ok" and fk_problems is not None:
                raise  # not the damage found above (a server gone): its own message
            revision, differences = None, ("Das Schema ist nicht lesbar (Datei beschädigt).",)
        report = CheckReport(
            database=self.db.describe(),
            revision=revision,
            head=migrate.head_revision(),
            integrity=integrity,
            foreign_key_problems=fk_problems,
            schema_differences=differences,
        )
        if integrity != "ok" or fk_problems is None:
            report = replace(report, good_backup=self.newest_good_backup())
        elif revision == report.head:
            report = replace(report, audit_log=self.verify_audit_log())
        return report

    def verify_audit_log(self) -> AuditLogReport:
        """Walk the audit log's hash chain (decision 25): gaps, reordering, changed entries
        and missing protection triggers, each finding in German naming the entry."""
        with self.db.read() as s:
            return audit_log.verify(s)

    def newest_good_backup(self, *, look_at: int = 10) -> Path | None:
        """The newest of the last ``look_at`` backups that passes its integrity check."""
        known = migrate.known_revisions()
        for candidate in backups.backups_newest_first(self.paths.backup_dir)[:look_at]:
            try:
                backups.validate_sqlite_copy(candidate, known, key=self.db.key)
            except DatabaseError:
                continue
            return candidate
        return None

    def backup(self, to: Path | None = None) -> Path:
        """A backup now (``db backup``, Datei → Datenbank sichern): SQLite through its online
        backup API, PostgreSQL through ``pg_dump --format=custom``; into the backup folder, or
        ``to`` (a file, or a folder for a file with the usual name)."""
        source = self.db.location.sqlite_path
        if source is None:
            return self._dump_postgres(to)
        if to is None:
            made = backups.backup_sqlite(self.db, self.paths.backup_dir, reason="manuell")
            self.db.writes_at_backup = self.db.committed_writes
            return made
        target = self._explicit_target(to, suffix=".sqlite")
        if target == source.resolve():
            raise UserError("Die Sicherung kann nicht die Datenbank selbst überschreiben.")
        backups.copy_sqlite(source, target, key=self.db.key)
        return target

    @staticmethod
    def _explicit_target(to: Path, *, suffix: str) -> Path:
        target = to.expanduser().resolve()
        if target.is_dir():
            target = target / f"beratung_{datetime.now():%Y-%m-%d_%H%M%S}{suffix}"
        if target.exists():
            raise UserError(
                f"Die Datei {target} gibt es schon; sie wird nicht überschrieben.",
                hint="Bitte wählen Sie einen anderen Namen oder einen Ordner.",
            )
        return target

    def _dump_postgres(self, to: Path | None) -> Path:
        if to is not None:
            return pg_backup.dump_postgres(
                self.db.location.url, self._explicit_target(to, suffix=".dump")
            )
        folder = self.paths.backup_dir
        try:
            private_folder(folder)
        except OSError as exc:
            raise DatabaseError(
                f"Der Ordner für Sicherungen {folder} kann nicht angelegt werden "
                f"({os_error_text(exc)}).",
                hint="Bitte wählen Sie mit --to ein anderes Ziel.",
            ) from exc
        stamp = datetime.now().strftime(backups.STAMP_FORMAT)
        target = folder / f"beratung_{stamp}_manuell.dump"
        counter = 1
        while target.exists():
            counter += 1
            target = folder / f"beratung_{stamp}_manuell_{counter}.dump"
        return pg_backup.dump_postgres(self.db.location.url, target)

    def automatic_backup(
        self,
        *,
        rotation: Rotation | None = None,
        second_folder: Path | None = None,
        min_age: timedelta = timedelta(hours=20),
    ) -> AutomaticBackup | None:
        """The backup the advisor never has to think about (GUI start: once a day).

        The new copy is written and integrity-checked first; only then does the day/week/month
        rotation remove older automatic backups, so a damaged database (which raises here)
        never rotates a good backup away. ``second_folder``: each backup is also copied there
        and rotated there the same way; a failure there is a warning, the backup still counts.
        ``None`` when no backup was due (or the database is not SQLite: the team server is
        backed up by its administrator, or with ``db backup``)."""
        if not self.db.is_sqlite:
            return None
        latest = backups.latest_backup(self.paths.backup_dir, reason=AUTOMATIC)
        if latest is not None:
            age = datetime.now() - backups.made_at(latest)
            if timedelta(0) <= age < min_age:
                return None
        return self._automatic(rotation or Rotation(), second_folder)

    @property
    def backs_up_automatically(self) -> bool:
        """Automatic backups are for a SQLite file; a team server has its administrator."""
        return self.db.is_sqlite

    def changes_since_backup(self) -> int:
        """Write transactions committed through this program since its last backup."""
        return self.db.committed_writes - self.db.writes_at_backup

    def backup_after_changes(
        self,
        threshold: int,
        *,
        rotation: Rotation | None = None,
        second_folder: Path | None = None,
    ) -> AutomaticBackup | None:
        """A further automatic backup once ``threshold`` changes were saved since the last
        one (0 or less: never). Runs on the operations worker, between two saves."""
        if threshold <= 0 or not self.db.is_sqlite or self.changes_since_backup() < threshold:
            return None
        return self._automatic(rotation or Rotation(), second_folder)

    def _automatic(self, rotation: Rotation, second_folder: Path | None) -> AutomaticBackup:
        writes = self.db.committed_writes
        made = backups.backup_sqlite(self.db, self.paths.backup_dir, reason=AUTOMATIC)
        self.db.writes_at_backup = writes
        removed = backups.rotate_backups(self.paths.backup_dir, reason=AUTOMATIC, rotation=rotation)
        mirror: Path | None = None
        warning: str | None = None
        if second_folder is not None:
            try:
                mirror = backups.mirror_backup(made, second_folder, key=self.db.key)
                backups.rotate_backups(second_folder, reason=AUTOMATIC, rotation=rotation)
            except UserError as exc:
                log.warning("Zweiter Sicherungsordner: %s", exc.message)
                warning = exc.message
        return AutomaticBackup(path=made, removed=tuple(removed), mirror=mirror, warning=warning)

    def restore(
        self, source: Path, *, on_wait: Callable[[float], None] | None = None
    ) -> Path | None:
        """Replace the database with a backup.

        The current state is backed up first (or, when it is unreadable, moved aside) and its
        path returned. The backup must be intact and not newer than this program. The copy goes
        through SQLite's backup API into the live file, and the instance lock is held until the
        restored data has been upgraded, so no other Beratung window can work in between.

        Another program's write lock is waited for at most
        :data:`~beratung.storage.backup.RESTORE_LOCK_TIMEOUT` seconds in all; ``on_wait`` is
        called once (with that limit) when the restore has to wait, so a terminal can say so.
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
        if self.db.key is None and cipher.file_state(target) is cipher.FileState.ENCRYPTED:
            raise KeyRequiredError(target)  # else it would be moved aside as damaged
        backups.validate_sqlite_copy(source, migrate.known_revisions(), key=self.db.key)
        wait = backups.LockWait(target, on_wait=on_wait, key=self.db.key)
        with InstanceLock(target):
            self.db.dispose()
            wait.until_writable()
            safety: Path | None = None
            if target.exists() and target.stat().st_size > 0:
                try:
                    backups.validate_sqlite_copy(
                        target, migrate.known_revisions(), key=self.db.key
                    )
                except DatabaseError:
                    safety = backups.move_aside(target, reason="defekt")
                else:
                    safety = backups.backup_sqlite(
                        self.db, self.paths.backup_dir, reason="vor-restore"
                    )
            prepare_database_file(target)
            backups.restore_into(source, target, wait=wait, key=self.db.key)
            try:
                migrate.upgrade(self.db, backup_dir=self.paths.backup_dir)
            except DatabaseError as exc:
                kept = f" Der vorherige Stand ist gesichert: {safety}." if safety else ""
                raise DatabaseError(
                    f"Die Sicherung {source} wurde zurückgespielt, konnte aber nicht auf den "
                    f"Stand dieses Programms gebracht werden: {exc.message}{kept}",
                    hint=exc.hint,
                ) from exc
        return safety
