"""How the app connects to the team's PostgreSQL server: password and TLS.

The password never lives in a file of this app. A URL may carry one (the user typed it), but
the documented ways are the OS keyring (``beratung db password set``; Windows Credential
Manager, macOS Keychain, the Secret Service on Linux) and libpq's own ``.pgpass`` /
``PGPASSFILE``, which psycopg reads by itself when no password is passed. So the keyring is
asked only when the URL has no password, and when it has no entry either, libpq takes over.

TLS: libpq's default ``sslmode=prefer`` already encrypts when the server offers it; it is
passed explicitly so the choice is visible and not left to an environment variable
(``PGSSLMODE``) someone may have set. A URL may ask for more (``?sslmode=require`` or
``verify-full``), which is then left as it is.

Everything that shows a URL uses :func:`masked`, so a password typed into a URL is never
printed, logged or shown in a message.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, text
from sqlalchemy.engine import URL
from sqlalchemy.pool import NullPool

log = logging.getLogger(__name__)

#: The keyring "service" under which the server passwords are kept.
KEYRING_SERVICE = "beratung"
#: libpq's default, named explicitly (see the module docstring).
DEFAULT_SSLMODE = "prefer"
DEFAULT_PORT = 5432

#: ``scheme://user:password@`` in a URL that could not even be parsed.
_PASSWORD_IN_URL = re.compile(r"(://[^/:@\s]*:)[^@\s]*@")


def is_server(url: URL) -> bool:
    return url.get_backend_name() == "postgresql"


def masked(url: URL | str) -> str:
    """The URL for people and logs: a password becomes ``***``. Works on text that is not a
    valid URL too (an error message must not repeat the password of a mistyped URL)."""
    if isinstance(url, URL):
        return url.render_as_string(hide_password=True)
    return _PASSWORD_IN_URL.sub(r"\1***@", url)


def keyring_user(url: URL) -> str:
    """The keyring entry's user name: one password per server account and database
    (``anna@server:5432/beratung``), so two team databases on one server can differ."""
    return f"{url.username or ''}@{url.host or 'localhost'}:{url.port or DEFAULT_PORT}/" + (
        url.database or ""
    )


class KeyringUnavailableError(Exception):
    """No usable keyring: the package is missing or the system has no backend."""


def _keyring() -> Any:
    try:
        import keyring
    except ImportError as exc:
        raise KeyringUnavailableError(
            "Das Python-Paket „keyring“ ist nicht installiert (pip install 'beratung[postgres]')."
        ) from exc
    return keyring


def password_from_keyring(url: URL) -> str | None:
    """The stored password for this server account, or ``None`` (no keyring, no entry, the
    keyring locked or broken: libpq's ``.pgpass`` applies then). Never logs the password."""
    try:
        keyring = _keyring()
        password = keyring.get_password(KEYRING_SERVICE, keyring_user(url))
    except KeyringUnavailableError:
        return None
    except Exception as exc:  # keyring.errors.KeyringError, a D-Bus failure …
        if type(exc).__name__ == "NoKeyringError":
            return None  # a system without a keyring service: the usual .pgpass case
        log.warning("Schlüsselbund nicht lesbar (%s); .pgpass wird verwendet", type(exc).__name__)
        return None
    return password if isinstance(password, str) and password else None


def refused(exc: Exception) -> str:
    return f"Der Schlüsselbund hat abgelehnt ({type(exc).__name__})."


def store_password(url: URL, password: str) -> None:
    """Keep the password in the OS keyring (``beratung db password set``)."""
    keyring = _keyring()
    try:
        keyring.set_password(KEYRING_SERVICE, keyring_user(url), password)
    except Exception as exc:
        raise KeyringUnavailableError(refused(exc)) from exc


def clear_password(url: URL) -> bool:
    """Remove the stored password; ``False`` when there was none."""
    keyring = _keyring()
    try:
        if keyring.get_password(KEYRING_SERVICE, keyring_user(url)) is None:
            return False
        keyring.delete_password(KEYRING_SERVICE, keyring_user(url))
    except Exception as exc:
        raise KeyringUnavailableError(refused(exc)) from exc
    return True


def connect_args(url: URL) -> dict[str, Any]:
    """Extra arguments for the driver's ``connect()``: ``sslmode=prefer`` unless the URL names
    one, and the keyring's password when the URL has none. Empty for SQLite."""
    if not is_server(url):
        return {}
    args: dict[str, Any] = {}
    if "sslmode" not in url.query:
        args["sslmode"] = DEFAULT_SSLMODE
    if url.password is None:
        password = password_from_keyring(url)
        if password is not None:
            args["password"] = password
    return args


@dataclass(frozen=True, slots=True)
class ConnectionSecurity:
    encrypted: bool
    protocol: str | None = None
    cipher: str | None = None

    def describe(self) -> str:
        """German, for ``--version`` and the about box."""
        if not self.encrypted:
            return "unverschlüsselt"
        details = ", ".join(part for part in (self.protocol, self.cipher) if part)
        return f"verschlüsselt (TLS{': ' + details if details else ''})"


def connection_security(connection: Connection) -> ConnectionSecurity:
    """Whether this server connection is encrypted, as the server itself sees it."""
    row = connection.execute(
        text("SELECT ssl, version, cipher FROM pg_stat_ssl WHERE pid = pg_backend_pid()")
    ).first()
    if row is None or not row[0]:
        return ConnectionSecurity(encrypted=False)
    return ConnectionSecurity(encrypted=True, protocol=row[1], cipher=row[2])


#: Seconds a look at the server (``--version``, the about box) waits for it to answer: the
#: about box asks on the GUI thread, and a server that does not answer must not hang it.
PEEK_TIMEOUT_S = 5


def peek_engine(url: URL) -> Engine:
    """A one-connection engine for a short look (no pool, a connect timeout), with the same
    password and TLS settings as the working connection."""
    args = connect_args(url)
    if is_server(url):
        args["connect_timeout"] = PEEK_TIMEOUT_S
    return create_engine(url, poolclass=NullPool, connect_args=args)


def peek_security(url: URL) -> ConnectionSecurity:
    """Whether a new connection to this server would be encrypted (``--version``)."""
    engine = peek_engine(url)
    try:
        with engine.connect() as connection:
            return connection_security(connection)
    finally:
        engine.dispose()
