"""The one place that opens a SQLite file: plain ``sqlite3``, or SQLCipher with ``PRAGMA key``.

Encryption at rest is optional (extra ``[encryption]``: ``sqlcipher3``). An encrypted file has
no SQLite header, and the standard ``sqlite3`` module reads it as "file is not a database", so
every reader of the file — the engine, the checks before opening, the backup API, the
integrity check of every backup copy, restore — comes through :func:`connect` with the key of
the database (``None``: a plain file). Backups of an encrypted database are encrypted with the
same key. Why SQLCipher and which binding: docs/decisions.md, decision 24.
"""

from __future__ import annotations

import functools
import os
import sqlite3
from enum import StrEnum
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

from beratung.domain.errors import DatabaseError, UserError

if TYPE_CHECKING:  # the engine's URL; --version reads files without importing SQLAlchemy
    from sqlalchemy.engine import URL

SQLITE_HEADER = b"SQLite format 3\x00"
#: The keyring service under which each encrypted database's key is kept, one entry per
#: absolute database path.
KEYRING_SERVICE = "beratung-sqlcipher"
#: The passphrase from the environment (scripts, a CLI run without a terminal).
KEY_ENV = "BERATUNG_DB_KEY"
#: SQLCipher's smallest page size: an encrypted file's size is a multiple of it, a random
#: file's almost never (so garbage is called garbage instead of asking for a key).
_MIN_PAGE = 512


class FileState(StrEnum):
    """What the first bytes of a database file say about it."""

    MISSING = "missing"  # no file, or an empty one (SQLite makes a new database)
    PLAIN = "plain"  # the SQLite header
    ENCRYPTED = "encrypted"  # no header, but the shape of a SQLCipher file: needs a key
    FOREIGN = "foreign"  # neither: not a database at all


def file_state(path: Path) -> FileState:
    """Reads 16 bytes and the size; raises ``OSError`` (``PermissionError``) like ``open``."""
    if not path.exists():
        return FileState.MISSING
    size = path.stat().st_size
    if size == 0:
        return FileState.MISSING
    with path.open("rb") as handle:
        header = handle.read(len(SQLITE_HEADER))
    if header == SQLITE_HEADER:
        return FileState.PLAIN
    if size % _MIN_PAGE == 0:
        return FileState.ENCRYPTED
    return FileState.FOREIGN


@functools.cache
def _sqlcipher() -> ModuleType | None:
    try:
        from sqlcipher3 import dbapi2
    except ImportError:
        return None
    # SQLCipher logs every failed page decryption (a wrong key) to stderr, in English, next to
    # our German message; its log level is process-wide.
    conn = dbapi2.connect(":memory:")
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
    finally:
        conn.close()
    module: ModuleType = dbapi2
    return module


def available() -> bool:
    """Whether the optional SQLCipher binding is installed."""
    return _sqlcipher() is not None


def error_types() -> tuple[type[Exception], ...]:
    """Every driver error a file operation can raise: ``sqlite3``'s and, when installed,
    ``sqlcipher3``'s (which does not derive from ``sqlite3.Error``)."""
    module = _sqlcipher()
    if module is None:
        return (sqlite3.Error,)
    return (sqlite3.Error, module.Error)


def database_error_types() -> tuple[type[Exception], ...]:
    module = _sqlcipher()
    if module is None:
        return (sqlite3.DatabaseError,)
    return (sqlite3.DatabaseError, module.DatabaseError)


def operational_error_types() -> tuple[type[Exception], ...]:
    module = _sqlcipher()
    if module is None:
        return (sqlite3.OperationalError,)
    return (sqlite3.OperationalError, module.OperationalError)


class EncryptionUnavailableError(DatabaseError):
    def __init__(self, path: Path | None = None) -> None:
        where = f"Die Datenbank {path} ist verschlüsselt, aber " if path else ""
        super().__init__(
            f"{where}die Verschlüsselung (SQLCipher) ist in dieser Installation nicht "
            "vorhanden.",
            hint="Bitte installieren Sie Beratung mit der Erweiterung „encryption“ "
            "(pip install 'beratung[encryption]').",
        )


class KeyRequiredError(DatabaseError):
    """The file looks encrypted and no key was given: the face asks for one."""

    def __init__(self, path: Path) -> None:
        self.path = path
        super().__init__(
            f"Die Datenbank {path} ist verschlüsselt (oder keine SQLite-Datei); zum Öffnen "
            "wird ihr Schlüssel gebraucht. Sie wurde nicht verändert.",
            hint=f"Bitte den Schlüssel eingeben, in der Umgebungsvariable {KEY_ENV} angeben "
            "oder im Schlüsselbund des Systems hinterlegen.",
        )


class WrongKeyError(DatabaseError):
    """The key does not open the file (or the file is no database at all)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        super().__init__(
            f"Der Schlüssel passt nicht zur Datenbank {path} (oder die Datei ist keine "
            "Beratung-Datenbank). Sie wurde nicht verändert.",
            hint="Bitte den richtigen Schlüssel eingeben. Ohne ihn sind die Daten nicht "
            "lesbar; auch die Sicherungen sind mit demselben Schlüssel verschlüsselt.",
        )


def connect_module(key: str | None) -> Any:
    """The DBAPI module for a file with this key (for an engine's ``creator``)."""
    if key is None:
        return sqlite3
    module = _sqlcipher()
    if module is None:
        raise EncryptionUnavailableError()
    return module


def quote_key(key: str) -> str:
    """The passphrase as an SQL string literal (``PRAGMA key`` takes no parameters)."""
    return "'" + key.replace("'", "''") + "'"


def connect(
    target: Path | str,
    *,
    key: str | None = None,
    uri: bool = False,
    verify: bool = True,
    **kwargs: Any,
) -> Any:
    """A DBAPI connection to ``target`` (a path, or a ``file:`` URI with ``uri=True``).

    ``key=None``: the standard ``sqlite3`` module. With a key: ``sqlcipher3`` and ``PRAGMA
    key`` before anything else; ``verify`` reads the schema once so a wrong key fails here, as
    :class:`WrongKeyError`, instead of at the first query (a new, empty file has nothing to
    verify and gets the key)."""
    if key is None:
        return sqlite3.connect(target, uri=uri, **kwargs)
    module = _sqlcipher()
    if module is None:
        raise EncryptionUnavailableError(_path_of(target))
    conn = module.connect(str(target), uri=uri, **kwargs)
    try:
        conn.execute(f"PRAGMA key = {quote_key(key)}")
        if verify:
            try:
                conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            except module.DatabaseError as exc:
                if (getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF == 26:  # SQLITE_NOTADB
                    raise WrongKeyError(_path_of(target)) from exc
                raise
    except BaseException:
        conn.close()
        raise
    return conn


def _path_of(target: Path | str) -> Path:
    text = str(target)
    if text.startswith("file:"):
        from urllib.parse import unquote, urlparse

        return Path(unquote(urlparse(text).path))
    return Path(text)


def engine_url(url: URL, key: str | None) -> URL:
    """The SQLAlchemy URL for an engine on this file: SQLAlchemy's own ``sqlite+pysqlcipher``
    dialect when there is a key (it sends ``PRAGMA key`` first on every new connection, and its
    DBAPI is ``sqlcipher3``, so driver errors are wrapped and translated as with ``sqlite3``).
    The key is the URL's password, which SQLAlchemy never shows when it prints a URL."""
    if key is None:
        return url
    if _sqlcipher() is None:
        raise EncryptionUnavailableError(Path(url.database or ""))
    return url.set(drivername="sqlite+pysqlcipher", password=key)


def check_key(path: Path, key: str | None) -> None:
    """Refuse a wrong key before an engine with our pragmas touches the file."""
    if key is None or file_state(path) is not FileState.ENCRYPTED:
        return
    connect(read_only_uri(path), key=key, uri=True).close()


def read_only_uri(path: Path) -> str:
    """A ``file:`` URI for SQLite; ``as_uri`` escapes ``#``, ``%`` and ``?`` in folder names,
    which SQLite would otherwise read as URI syntax and open a different (empty) file."""
    return path.resolve().as_uri() + "?mode=ro"


# --- keys from the OS keyring and the environment -------------------------------------------


def keyring_entry(path: Path) -> str:
    """The keyring user name of a database: its absolute path."""
    return str(path.absolute())


def _keyring() -> ModuleType | None:
    try:
        import keyring
    except ImportError:
        return None
    return keyring


def stored_key(path: Path) -> str | None:
    """The key from ``BERATUNG_DB_KEY``, else from the OS keyring; ``None`` when neither has
    one (a keyring that cannot be reached counts as none: the face then asks)."""
    env = os.environ.get(KEY_ENV)
    if env:
        return env
    keyring = _keyring()
    if keyring is None:
        return None
    try:
        value = keyring.get_password(KEYRING_SERVICE, keyring_entry(path))
    except Exception:  # no backend, locked, D-Bus missing: ask instead
        return None
    return str(value) if value else None


def remember_key(path: Path, key: str) -> None:
    """Keep the key in the OS keyring (``im Schlüsselbund merken``)."""
    keyring = _keyring()
    if keyring is None:
        raise UserError(
            "Der Schlüsselbund des Systems ist nicht verfügbar (Paket „keyring“ fehlt); der "
            "Schlüssel wurde nicht gespeichert."
        )
    try:
        keyring.set_password(KEYRING_SERVICE, keyring_entry(path), key)
    except Exception as exc:
        raise UserError(
            f"Der Schlüssel konnte nicht im Schlüsselbund gespeichert werden ({exc})."
        ) from exc


def forget_key(path: Path) -> None:
    """Remove a stored key (after ``db decrypt``); nothing stored is fine."""
    keyring = _keyring()
    if keyring is None:
        return
    try:
        keyring.delete_password(KEYRING_SERVICE, keyring_entry(path))
    except Exception:  # PasswordDeleteError when none was stored
        return


# --- encrypting and decrypting a whole file -------------------------------------------------


def export(source: Path, target: Path, *, source_key: str | None, target_key: str | None) -> None:
    """Copy every table, index, trigger and row of ``source`` into the new file ``target``
    with ``sqlcipher_export()``: encrypted with ``target_key``, or plain when it is ``None``.
    ``target`` must not exist. The caller checks and renames it."""
    module = _sqlcipher()
    if module is None:
        raise EncryptionUnavailableError(source)
    # Not mode=ro: an attached database inherits the main one's open flags. Nothing is written
    # to ``source`` (only read by sqlcipher_export).
    conn = module.connect(str(source), isolation_level=None)
    try:
        if source_key is not None:
            conn.execute(f"PRAGMA key = {quote_key(source_key)}")
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except module.DatabaseError as exc:
            raise WrongKeyError(source) from exc
        conn.execute(
            f"ATTACH DATABASE ? AS target KEY {quote_key(target_key or '')}", (str(target),)
        )
        conn.execute("SELECT sqlcipher_export('target')")
        version = conn.execute("PRAGMA main.user_version").fetchone()[0]
        conn.execute(f"PRAGMA target.user_version = {int(version)}")
        conn.execute("DETACH DATABASE target")
    finally:
        conn.close()
