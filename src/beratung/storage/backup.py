"""Consistent copies of a SQLite database while it is in use (SQLite's online backup API)."""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from beratung.domain.errors import DatabaseError, UserError, os_error_text
from beratung.domain.rules.backup_rotation import Rotation, backups_to_keep
from beratung.paths import private_file, private_folder
from beratung.storage.revisions import read_only_uri as read_only_uri
from beratung.storage.sqlite_errors import disk_is_full, file_problem

if TYPE_CHECKING:
    from beratung.storage.database import Database

#: Backup names carry the moment they were made: ``beratung_2025-03-10_181500_automatisch.sqlite``.
_STAMP = re.compile(r"^beratung_(\d{4}-\d{2}-\d{2}_\d{6})_")
STAMP_FORMAT = "%Y-%m-%d_%H%M%S"

#: Seconds a restore waits, in all, for another program to release the database's write lock.
RESTORE_LOCK_TIMEOUT = 10.0

_BUSY = {5, 6}  # SQLITE_BUSY, SQLITE_LOCKED


class LockWait:
    """One time limit for everything a restore waits for, and one notice that it waits.

    Python's ``Connection.backup`` retries a busy destination for as long as the lock is held
    (each step also sits out the connection's busy timeout), so a restore used to wait silently
    for as long as another program kept a write transaction open (issue 14, defect 11). Every
    wait of the restore asks this object instead: it tells the caller once that it is waiting
    and gives up, in German, when the one deadline has passed.
    """

    def __init__(
        self,
        path: Path,
        *,
        seconds: float = RESTORE_LOCK_TIMEOUT,
        on_wait: Callable[[float], None] | None = None,
    ) -> None:
        self.path = path
        self.seconds = seconds
        self.on_wait = on_wait
        self._deadline = time.monotonic() + seconds
        self._told = False

    def busy(self) -> None:
        """The lock is still held: tell once, and fail when the time is up."""
        if time.monotonic() >= self._deadline:
            raise DatabaseError(
                f"Die Datenbank {self.path} ist seit {self.seconds:.0f} Sekunden durch ein "
                "anderes Programm zum Schreiben gesperrt; die Sicherung wurde nicht "
                "zurückgespielt, die Datenbank ist unverändert.",
                hint="Bitte beenden Sie zuerst das andere Programm (etwa einen laufenden Import "
                "oder ein anderes Beratung-Fenster) und versuchen Sie es dann erneut.",
            )
        if not self._told:
            self._told = True
            if self.on_wait is not None:
                self.on_wait(self.seconds)

    def until_writable(self) -> None:
        """Wait until no other connection holds the write lock, before anything is changed."""
        if not self.path.exists():
            return
        conn = sqlite3.connect(self.path, timeout=0, isolation_level=None)
        try:
            while True:
                try:
                    conn.execute("BEGIN IMMEDIATE")
                except sqlite3.OperationalError as exc:
                    if (getattr(exc, "sqlite_errorcode", 0) & 0xFF) not in _BUSY:
                        return  # damaged or unreadable: the restore itself says what is wrong
                    self.busy()
                    time.sleep(0.1)
                else:
                    conn.execute("ROLLBACK")
                    return
        except sqlite3.Error:
            return
        finally:
            conn.close()


def backup_sqlite(db: Database, target_dir: Path, *, reason: str = "manuell") -> Path:
    path = db.location.sqlite_path
    if path is None:
        raise UserError(
            "Sicherungen aus Beratung heraus gibt es nur für SQLite-Datenbanken.",
            hint="Für PostgreSQL sichern Sie bitte mit pg_dump.",
        )
    try:
        private_folder(target_dir)
    except OSError as exc:
        raise DatabaseError(
            f"Der Ordner für Sicherungen {target_dir} kann nicht angelegt werden "
            f"({os_error_text(exc)}). Die Datenbank selbst ist unverändert.",
            hint="Bitte prüfen Sie den Datenordner (--data-dir) oder wählen Sie mit --to ein "
            "anderes Ziel.",
        ) from exc
    stamp = datetime.now().strftime(STAMP_FORMAT)
    target = target_dir / f"beratung_{stamp}_{reason}.sqlite"
    counter = 1
    while target.exists():
        counter += 1
        target = target_dir / f"beratung_{stamp}_{reason}_{counter}.sqlite"
    copy_sqlite(path, target)
    return target


def copy_sqlite(source: Path, target: Path) -> None:
    """Copy through a temporary file so a failed copy (full disk) never leaves a half file."""
    partial = target.with_name(target.name + ".partial")
    try:
        src = sqlite3.connect(read_only_uri(source), uri=True)
        try:
            private_file(partial, create=True)  # a backup holds the same personal data
            dst = sqlite3.connect(partial)
            try:
                src.backup(dst)
                dst.execute("PRAGMA journal_mode = DELETE")
                problems = integrity_problems(dst)
            finally:
                dst.close()
        finally:
            src.close()
        if problems:
            # A damaged source must never become a backup that rotates a good one away.
            partial.unlink(missing_ok=True)
            raise DatabaseError(
                f"Die Datenbank {source} ist beschädigt; es wurde keine Sicherung geschrieben, "
                f"die vorhandenen Sicherungen bleiben erhalten (Integritätsprüfung: "
                f"{problems[0]}).",
                hint="„beratung db check“ nennt die neueste gute Sicherung; „beratung db "
                "restore DATEI“ spielt sie zurück.",
            )
        partial.replace(target)
    except sqlite3.Error as exc:
        partial.unlink(missing_ok=True)
        problem = file_problem(exc, target if disk_is_full(target) else source,
                               doing="Sichern")
        raise DatabaseError(
            f"Die Sicherung nach {target} ist fehlgeschlagen: {problem.message}",
            hint=problem.hint,
        ) from exc
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise DatabaseError(
            f"Die Sicherung nach {target} ist fehlgeschlagen ({os_error_text(exc)}). "
            "Die Datenbank selbst ist unverändert.",
            hint="Bitte prüfen Sie, ob am Zielort genug Platz ist und geschrieben werden darf.",
        ) from exc


def integrity_problems(conn: sqlite3.Connection, limit: int = 20) -> list[str]:
    """What ``PRAGMA integrity_check`` finds (empty when intact); a database too damaged to be
    checked gives SQLite's reason as its one problem instead of raising."""
    try:
        rows = [str(row[0]) for row in conn.execute(f"PRAGMA integrity_check({int(limit)})")]
    except sqlite3.DatabaseError as exc:
        return [f"nicht prüfbar: {exc}"]
    if rows == ["ok"]:
        return []
    # One row may hold several findings, under a "*** in database main ***" heading.
    return [
        line.strip() for row in rows for line in row.splitlines()
        if line.strip() and not line.startswith("*** in database")
    ]


def backups_newest_first(target_dir: Path) -> list[Path]:
    """Every backup in the folder, of any kind, newest first."""
    if not target_dir.is_dir():
        return []
    files = list(target_dir.glob("beratung_*.sqlite"))
    return sorted(files, key=lambda p: (p.stat().st_mtime_ns, p.name), reverse=True)


def _oldest_first(target_dir: Path, reason: str) -> list[Path]:
    """Backups of one kind, oldest first. By modification time, then name: two backups made
    in the same second differ only by a counter, and a pruned name is reused."""
    files = list(target_dir.glob(f"beratung_*_{reason}*.sqlite"))
    return sorted(files, key=lambda p: (p.stat().st_mtime_ns, p.name))


def prune_backups(target_dir: Path, *, reason: str, keep: int) -> list[Path]:
    """Keep the newest ``keep`` backups of one kind (the backups before schema upgrades)."""
    files = _oldest_first(target_dir, reason)
    removed = files[:-keep] if keep > 0 else files
    for old in removed:
        old.unlink(missing_ok=True)
    return removed


def made_at(path: Path) -> datetime:
    """When a backup was made: from its name, which survives copying to a second folder; the
    file's modification time for a name that carries none."""
    match = _STAMP.match(path.name)
    if match is not None:
        try:
            return datetime.strptime(match.group(1), STAMP_FORMAT)
        except ValueError:
            pass
    return datetime.fromtimestamp(path.stat().st_mtime)


def rotate_backups(target_dir: Path, *, reason: str, rotation: Rotation) -> list[Path]:
    """Delete the backups of one kind that the day/week/month rule no longer keeps.

    Call only after the newest backup was written and checked: the rule always keeps the
    newest, so a good backup is never removed in favour of a copy that does not exist."""
    if not target_dir.is_dir():
        return []
    files = _oldest_first(target_dir, reason)
    keep = backups_to_keep(((path, made_at(path)) for path in files), rotation)
    removed = [path for path in files if path not in keep]
    for old in removed:
        old.unlink(missing_ok=True)
    return removed


def mirror_backup(backup: Path, folder: Path) -> Path:
    """Copy a finished backup into a second folder (a network share, a USB disk).

    Plain file copy instead of SQLite's backup API: the source is a closed, checked file, and
    SQLite's locking is unreliable on network shares, so nothing is locked there. The copy
    goes through a ``.partial`` file that is synced and integrity-checked before it is renamed,
    so the folder never holds a half or damaged backup under a backup's name.

    The folder must exist: it is not created, because a share that is not mounted would
    otherwise silently become a local folder under the mount point."""
    if not folder.is_dir():
        raise DatabaseError(
            f"Der zweite Sicherungsordner {folder} ist nicht erreichbar (nicht vorhanden, kein "
            "Ordner oder das Netzlaufwerk ist nicht verbunden)."
        )
    target = folder / backup.name
    partial = target.with_name(target.name + ".partial")
    try:
        private_file(partial, create=True)
        with backup.open("rb") as src, partial.open("wb") as dst:
            shutil.copyfileobj(src, dst, 1024 * 1024)
            dst.flush()
            os.fsync(dst.fileno())
        conn = sqlite3.connect(read_only_uri(partial), uri=True)
        try:
            problems = integrity_problems(conn, limit=1)
        finally:
            conn.close()
        if problems:
            raise DatabaseError(
                f"Die Kopie der Sicherung in {folder} ist beschädigt angekommen "
                f"(Integritätsprüfung: {problems[0]}); sie wurde verworfen."
            )
        partial.replace(target)
    except sqlite3.Error as exc:
        partial.unlink(missing_ok=True)
        raise DatabaseError(
            f"Die Kopie der Sicherung nach {folder} ließ sich nicht prüfen ({exc}); sie wurde "
            "verworfen."
        ) from exc
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise DatabaseError(
            f"Die Sicherung konnte nicht nach {folder} kopiert werden ({os_error_text(exc)})."
        ) from exc
    except DatabaseError:
        partial.unlink(missing_ok=True)
        raise
    return target


def latest_backup(target_dir: Path, *, reason: str) -> Path | None:
    files = _oldest_first(target_dir, reason)
    return files[-1] if files else None


def validate_sqlite_copy(path: Path, known_revisions: set[str]) -> str:
    """A file about to replace the database must be an intact Beratung database this program
    understands; returns its schema revision."""
    try:
        conn = sqlite3.connect(read_only_uri(path), uri=True)
        try:
            problems = integrity_problems(conn, limit=1)
            tables = {
                r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            revision = (
                conn.execute("SELECT version_num FROM alembic_version").fetchone()
                if "alembic_version" in tables
                else None
            )
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise file_problem(exc, path, doing="Prüfen") from exc
    if problems:
        raise DatabaseError(
            f"Die Sicherung {path} ist beschädigt (Integritätsprüfung: {problems[0]})."
        )
    if revision is None:
        raise DatabaseError(f"Die Datei {path} ist keine Beratung-Datenbank (keine Schemaversion).")
    if revision[0] not in known_revisions:
        raise DatabaseError(
            f"Die Sicherung {path} stammt von einer neueren Version von Beratung "
            f"(Schema {revision[0]}) und kann hier nicht zurückgespielt werden.",
            hint="Bitte installieren Sie zuerst die aktuelle Version von Beratung.",
        )
    return str(revision[0])


def restore_into(source: Path, target: Path, *, wait: LockWait | None = None) -> None:
    """Copy ``source`` into the live database with SQLite's backup API.

    Unlike renaming a file over it, this goes through SQLite's locking: a connection another
    process still holds waits, then sees the restored content instead of writing into a file
    that is no longer there. The copy is one step (all pages), so a busy destination means
    nothing was written yet; ``wait`` bounds how long that may last.
    """
    wait = wait or LockWait(target)

    def progress(status: int, _remaining: int, _total: int) -> None:
        if status in _BUSY:
            wait.busy()

    try:
        src = sqlite3.connect(read_only_uri(source), uri=True)
        try:
            dst = sqlite3.connect(target, timeout=0.2)
            try:
                src.backup(dst, progress=progress)
            finally:
                dst.close()
        finally:
            src.close()
    except sqlite3.Error as exc:
        problem = file_problem(exc, target, doing="Zurückspielen")
        raise DatabaseError(
            f"Wiederherstellen nach {target} fehlgeschlagen: {problem.message}",
            hint=problem.hint,
        ) from exc
    except OSError as exc:
        raise DatabaseError(
            f"Wiederherstellen nach {target} fehlgeschlagen ({os_error_text(exc)}); die "
            "Datenbank ist unverändert."
        ) from exc


def move_aside(path: Path, *, reason: str) -> Path:
    """Keep an unreadable database for inspection instead of overwriting it."""
    stamp = datetime.now().strftime(STAMP_FORMAT)
    aside = path.with_name(f"{path.name}.{reason}-{stamp}")
    path.replace(aside)
    for suffix in ("-wal", "-shm"):
        companion = Path(str(path) + suffix)
        if companion.exists():
            companion.replace(Path(str(aside) + suffix))
    return aside
