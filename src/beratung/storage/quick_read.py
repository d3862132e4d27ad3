"""A read-only look into a current SQLite file without SQLAlchemy, for listing commands.

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
