"""Switching SQLCipher encryption of the SQLite file on and off (``db encrypt|decrypt``,
Einstellungen → Sicherungen).

The file is never changed in place: a backup of the current state comes first, then
``sqlcipher_export()`` writes the whole database into a new, private file next to it, that copy
is integrity-checked and compared table by table with the original, and only then renamed over
it (atomically). A failure anywhere leaves the database as it was. Why and how: docs/decisions.md,
decision 24.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from beratung.domain.errors import DatabaseError, UserError, os_error_text
from beratung.paths import AppPaths, private_file
from beratung.storage import backup as backups
from beratung.storage import cipher, migrate
from beratung.storage.database import Database
from beratung.storage.lock import InstanceLock

log = logging.getLogger(__name__)

#: What a lost key means, said before encryption is switched on (CLI and GUI alike).
LOST_KEY_EXPLANATION = (
    "Die Datenbank wird mit einem Schlüssel (Passwort) verschlüsselt. Ohne diesen Schlüssel "
    "kann niemand die Daten lesen – auch Sie nicht und auch kein Support. Geht der Schlüssel "
    "verloren, sind alle Daten unwiederbringlich verloren. Die Sicherungen helfen dann nicht: "
    "sie werden mit demselben Schlüssel verschlüsselt. Bewahren Sie den Schlüssel deshalb an "
    "einem sicheren zweiten Ort auf (etwa im Passwort-Manager oder versiegelt im Büro). Die "
    "Sicherungen, die vor dem Verschlüsseln entstanden sind, bleiben unverschlüsselt; löschen "
    "Sie sie, wenn sie nicht mehr gebraucht werden."
)

DECRYPT_EXPLANATION = (
    "Die Datenbank wird entschlüsselt und liegt danach wieder lesbar auf dem Datenträger; "
    "künftige Sicherungen sind ebenfalls unverschlüsselt. Ein gespeicherter Schlüssel wird aus "
    "dem Schlüsselbund entfernt."
)

#: The shortest passphrase accepted: SQLCipher derives the key with PBKDF2, but a short
#: passphrase is still guessed quickly from a stolen laptop.
MIN_KEY_LENGTH = 8


@dataclass(frozen=True, slots=True)
class EncryptionChange:
    """What ``encrypt``/``decrypt`` did."""

    database: Path
    encrypted: bool
    #: The backup of the state before (encrypted as the database was).
    backup: Path
    #: Whether the key is (still) in the OS keyring.
    remembered: bool = False
    #: Why the key asked to be remembered is not in the keyring (German; none reachable, a
    #: locked one) — the file is encrypted all the same, and both faces must say so.
    keyring_problem: str | None = None


def validate_new_key(key: str) -> None:
    if len(key) < MIN_KEY_LENGTH:
        raise UserError(
            f"Der Schlüssel ist zu kurz; er muss mindestens {MIN_KEY_LENGTH} Zeichen haben."
        )


class EncryptionService:
    """Encrypt or decrypt the SQLite file of ``db``; not a :class:`Service` (no session)."""

    def __init__(self, db: Database, paths: AppPaths, *, holds_lock: bool = False) -> None:
        """``holds_lock``: the caller (the GUI window) holds the instance lock; otherwise it
        is taken for the change, which refuses while a Beratung window has the file open."""
        self.db = db
        self.paths = paths
        self.holds_lock = holds_lock

    @property
    def available(self) -> bool:
        return cipher.available()

    @property
    def applies(self) -> bool:
        """A team server is not a file on this laptop: it has its own protection."""
        return self.db.location.sqlite_path is not None

    @property
    def is_encrypted(self) -> bool:
        return self.db.key is not None

    def encrypt(self, key: str, *, remember: bool = False) -> EncryptionChange:
        """Encrypt the database with ``key``; ``remember``: keep the key in the OS keyring."""
        if self.is_encrypted:
            raise UserError(f"Die Datenbank {self.db.describe()} ist bereits verschlüsselt.")
        validate_new_key(key)
        change = self._change(key)
        if remember:
            # After the change, not before: a keyring that cannot be reached must not hide that
            # the file is now encrypted and where the backup is.
            try:
                cipher.remember_key(change.database, key)
            except UserError as exc:
                return replace(change, keyring_problem=exc.message)
            change = replace(change, remembered=True)
        return change

    def decrypt(self) -> EncryptionChange:
        """Store the database unencrypted again; the keyring entry is removed."""
        if not self.is_encrypted:
            raise UserError(f"Die Datenbank {self.db.describe()} ist nicht verschlüsselt.")
        change = self._change(None)
        cipher.forget_key(change.database)
        return change

    def _change(self, new_key: str | None) -> EncryptionChange:
        path = self.db.location.sqlite_path
        if path is None:
            raise UserError(
                "Verschlüsseln gibt es nur für eine SQLite-Datei; die Teamdatenbank schützt "
                "ihr Server (TLS, Zugriffsrechte)."
            )
        if not cipher.available():
            raise cipher.EncryptionUnavailableError()
        if not path.exists():
            raise UserError(f"Die Datenbank {path} gibt es nicht.")
        lock = None if self.holds_lock else InstanceLock(path)
        if lock is not None:
            try:
                lock.acquire()
            except DatabaseError as exc:
                raise DatabaseError(
                    f"Die Datenbank {path} ist in einem laufenden Beratung-Fenster geöffnet; "
                    "sie wurde nicht verändert.",
                    hint="Bitte schließen Sie Beratung und versuchen Sie es dann erneut, oder "
                    "verwenden Sie Einstellungen → Sicherungen im geöffneten Fenster.",
                ) from exc
        try:
            return self._replace(path, new_key)
        finally:
            if lock is not None:
                lock.release()

    def _replace(self, path: Path, new_key: str | None) -> EncryptionChange:
        old_key = self.db.key
        self.db.dispose()
        reason = "vor-verschluesselung" if new_key is not None else "vor-entschluesselung"
        made = backups.backup_sqlite(self.db, self.paths.backup_dir, reason=reason)
        _fold_wal(path, old_key)
        partial = path.with_name(path.name + ".umschluesseln.partial")
        partial.unlink(missing_ok=True)
        # The write lock from before the copy until after the rename: a save from elsewhere
        # (another thread of the window, another program) waits and then fails on the
        # replaced file (FileIdentityGuard) instead of landing in the old file after the copy.
        holder = _write_lock(path, old_key)
        try:
            private_file(partial, create=True)
            cipher.export(path, partial, source_key=old_key, target_key=new_key)
            backups.validate_sqlite_copy(partial, migrate.known_revisions(), key=new_key)
            if _row_counts(partial, new_key) != _row_counts(path, old_key):
                raise DatabaseError(
                    "Die umgeschriebene Kopie enthält nicht dieselben Datensätze; die "
                    f"Datenbank {path} wurde nicht verändert."
                )
            with partial.open("rb+") as handle:
                os.fsync(handle.fileno())
            if os.name == "nt":
                holder.close()  # Windows renames nothing over a file that is still open
            partial.replace(path)
        except OSError as exc:
            partial.unlink(missing_ok=True)
            raise DatabaseError(
                f"Die Datenbank {path} konnte nicht umgeschrieben werden "
                f"({os_error_text(exc)}); sie ist unverändert.",
                hint=f"Der vorherige Stand ist außerdem gesichert: {made}",
            ) from exc
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        finally:
            holder.close()  # a rollback of nothing: the copy was read by its own connection
        private_file(path)
        self.db.rekey(new_key)
        log.info("database %s now %s", "encrypted" if new_key else "decrypted", path)
        return EncryptionChange(database=path, encrypted=new_key is not None, backup=made)


def _fold_wal(path: Path, key: str | None) -> None:
    """Write the WAL back into the file and leave rollback mode, so no ``-wal`` of the old
    file lies next to the new one (SQLite would apply it to the wrong file). Needs the file
    to itself: another program reading it makes this fail, and nothing is changed."""
    try:
        conn = cipher.connect(path, key=key, timeout=2, isolation_level=None)
        try:
            mode = conn.execute("PRAGMA journal_mode = DELETE").fetchone()
        finally:
            conn.close()
    except cipher.error_types() as exc:
        raise DatabaseError(
            f"Die Datenbank {path} wird gerade von einem anderen Programm benutzt; sie wurde "
            f"nicht verändert ({exc}).",
            hint="Bitte schließen Sie andere Programme, die sie geöffnet haben.",
        ) from exc
    if not mode or str(mode[0]).lower() != "delete":
        raise DatabaseError(
            f"Die Datenbank {path} wird gerade von einem anderen Programm benutzt; sie wurde "
            "nicht verändert.",
        )


def _write_lock(path: Path, key: str | None) -> Any:
    """A connection holding ``BEGIN IMMEDIATE`` on the file (readers, such as the copy, go
    on; writers wait); refused when another program is writing."""
    try:
        conn = cipher.connect(path, key=key, timeout=2, isolation_level=None)
        try:
            conn.execute("BEGIN IMMEDIATE")
        except BaseException:
            conn.close()
            raise
    except cipher.error_types() as exc:
        raise DatabaseError(
            f"Die Datenbank {path} wird gerade von einem anderen Programm beschrieben; sie "
            f"wurde nicht verändert ({exc}).",
            hint="Bitte warten Sie, bis es fertig ist, und versuchen Sie es dann erneut.",
        ) from exc
    return conn


def _row_counts(path: Path, key: str | None) -> dict[str, int]:
    conn: Any = cipher.connect(cipher.read_only_uri(path), key=key, uri=True)
    try:
        tables = [
            str(row[0])
            for row in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE "
                "'CREATE VIRTUAL TABLE%' ORDER BY name"
            )
        ]
        return {
            table: int(conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0])
            for table in tables
        }
    finally:
        conn.close()
