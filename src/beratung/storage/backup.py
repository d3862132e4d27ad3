"""Consistent copies of a SQLite database while it is in use (SQLite's online backup API)."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from beratung.domain.errors import DatabaseError, UserError

if TYPE_CHECKING:
    from beratung.storage.database import Database

#: Automatic backups kept per kind; older ones are deleted.
KEEP_AUTOMATIC = 14


def backup_sqlite(db: Database, target_dir: Path, *, reason: str = "manuell") -> Path:
    path = db.location.sqlite_path
    if path is None:
        raise UserError(
            "Sicherungen aus Beratung heraus gibt es nur für SQLite-Datenbanken.",
            hint="Für PostgreSQL sichern Sie bitte mit pg_dump.",
        )
    target_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y-%m-%d_%H%M%S")
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
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            dst = sqlite3.connect(partial)
            try:
                src.backup(dst)
                dst.execute("PRAGMA journal_mode = DELETE")
            finally:
                dst.close()
        finally:
            src.close()
        partial.replace(target)
    except (sqlite3.Error, OSError) as exc:
        partial.unlink(missing_ok=True)
        raise DatabaseError(
            f"Die Sicherung nach {target} ist fehlgeschlagen: {exc}. "
            "Die Datenbank selbst ist unverändert.",
            hint="Bitte prüfen Sie, ob am Zielort genug Platz ist und geschrieben werden darf.",
        ) from exc


def prune_backups(target_dir: Path, *, reason: str, keep: int = KEEP_AUTOMATIC) -> list[Path]:
    files = sorted(target_dir.glob(f"beratung_*_{reason}*.sqlite"))
    removed = files[:-keep] if keep > 0 else files
    for old in removed:
        old.unlink(missing_ok=True)
    return removed


def latest_backup(target_dir: Path, *, reason: str) -> Path | None:
    files = sorted(target_dir.glob(f"beratung_*_{reason}*.sqlite"))
    return files[-1] if files else None


def validate_sqlite_copy(path: Path) -> None:
    """A file about to replace the database must be an intact SQLite database."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            result = conn.execute("PRAGMA integrity_check").fetchone()
            tables = {
                r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise DatabaseError(
            f"Die Datei {path} ist keine lesbare SQLite-Datenbank ({exc})."
        ) from exc
    if not result or result[0] != "ok":
        raise DatabaseError(f"Die Sicherung {path} ist beschädigt (Integritätsprüfung: {result}).")
    if "alembic_version" not in tables:
        raise DatabaseError(f"Die Datei {path} ist keine Beratung-Datenbank (keine Schemaversion).")


def replace_file(source: Path, target: Path) -> None:
    """Copy ``source`` over ``target`` atomically (temporary file, then rename)."""
    partial = target.with_name(target.name + ".restoring")
    try:
        shutil.copyfile(source, partial)
        for suffix in ("-wal", "-shm"):
            Path(str(target) + suffix).unlink(missing_ok=True)
        partial.replace(target)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise DatabaseError(f"Wiederherstellen nach {target} fehlgeschlagen: {exc}") from exc
