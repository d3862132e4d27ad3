"""A read-only look into a current SQLite file without SQLAlchemy, for listing commands; and
making a database file private, which every opening does first (here so that neither needs
SQLAlchemy).

Why: ``beratung contacts list`` is scripted by IT staff; opening the database the one way
(:func:`beratung.services.database.open_database`) imports SQLAlchemy, its ORM and the mapped
models, which costs most of a second before the first row is read. A plain SQLite file that is
already at this program's schema revision needs none of that to be *read*: there is nothing
to migrate, back up or lock, and a read-only connection cannot change the file.

Everything else — a missing, empty, encrypted, damaged, older or newer file, a server
database — is not handled here: :func:`open_current_sqlite` answers ``None`` and the caller
opens the database the one way, which upgrades, asks for the key or says in German what is
wrong. Nothing here ever writes, so falling back after a look is always safe.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from beratung.domain.errors import UserError, os_error_text
from beratung.paths import private_file, private_folder
from beratung.storage import cipher, revisions

#: Seconds a read waits for a writer's lock (the engine's busy timeout, in seconds).
BUSY_TIMEOUT_S = 5.0


def open_current_sqlite(path: Path) -> sqlite3.Connection | None:
    """A read-only connection to ``path`` inside one read transaction (so every query sees the
    same snapshot), or ``None`` when the file is not a plain SQLite database at the head
    revision. The caller closes it."""
    try:
        if cipher.file_state(path) is not cipher.FileState.PLAIN:
            return None
        conn = sqlite3.connect(
            revisions.read_only_uri(path),
            uri=True,
            timeout=BUSY_TIMEOUT_S,
            isolation_level=None,  # transactions as written below, not the module's guesses
        )
    except (OSError, sqlite3.Error):
        return None
    try:
        conn.execute("PRAGMA trusted_schema = OFF")  # as every engine connection (docs/sqlite.md)
        conn.execute("BEGIN")
        stored = conn.execute(f"SELECT version_num FROM {revisions.VERSION_TABLE}").fetchall()
        if len(stored) == 1 and stored[0][0] == revisions.head_revision():
            return conn
    except sqlite3.Error:
        pass
    conn.close()
    return None


def prepare_database_file(path: Path, *, own_folder: bool = False) -> None:
    """The SQLite file and its folder, readable by the user only: a new file is made empty and
    private before SQLite opens it (SQLite gives its WAL and journal the same permissions), an
    existing one and its WAL/SHM are tightened. ``own_folder``: the app's data folder, tightened
    even when it exists; a folder the user chose is only made private when created here.
    Nothing else is created: commands on a database elsewhere never need the data folder."""
    for folder in (path.parent, *path.parent.parents):
        if folder.exists():
            if not folder.is_dir():
                raise UserError(
                    f"{folder} ist eine Datei, kein Ordner; die Datenbank {path} kann dort nicht "
                    "liegen. Es wurde nichts geändert.",
                    hint="Bitte mit --data-dir oder --db einen Ordner angeben.",
                )
            break
    try:
        private_folder(path.parent, tighten=own_folder)
        private_file(path, create=True)
        for suffix in ("-wal", "-shm", "-journal"):
            private_file(path.with_name(path.name + suffix))
    except OSError as exc:
        raise UserError(
            f"Die Datenbank {path} kann nicht angelegt oder geöffnet werden "
            f"({os_error_text(exc)}); es wurde nichts geändert.",
            hint="Bitte einen Ordner wählen, in dem Sie schreiben dürfen (--db oder --data-dir).",
        ) from exc
