"""The team server connection (issue 14, deliver 7): the password from the OS keyring or libpq's
.pgpass, never shown or stored by the app; TLS when the server offers it (``sslmode=prefer``),
and ``--version`` says whether the connection is encrypted."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, text
from sqlalchemy.engine import make_url

from beratung.cli import main
from beratung.domain.errors import UserError
from beratung.paths import AppPaths
from beratung.services.about import about
from beratung.services.database import describe_target, resolve_url
from beratung.storage import server_connection
from beratung.storage.database import Database
from beratung.storage.server_connection import KEYRING_SERVICE, connect_args, masked

#: Nobody listens on port 1: every connection attempt fails at once.
UNREACHABLE = "postgresql+psycopg://anna:geheim123@127.0.0.1:1/beratung"
ACCOUNT = "anna@127.0.0.1:1/beratung"


def test_a_password_in_a_url_is_masked_in_every_description(paths: AppPaths) -> None:
    assert "geheim123" not in masked(make_url(UNREACHABLE))
    assert masked(make_url(UNREACHABLE)) == "postgresql+psycopg://anna:***@127.0.0.1:1/beratung"
    # text that is no valid URL (the port is not a number) still loses its password
    broken = "postgresql+psycopg://anna:geheim123@server:abc/beratung"
    assert masked(broken) == "postgresql+psycopg://anna:***@server:abc/beratung"
    with pytest.raises(UserError) as err:
        resolve_url(paths, url=broken)
    assert "geheim123" not in str(err.value)
    assert "geheim123" not in describe_target(paths, url=broken)
    assert "geheim123" not in Database(UNREACHABLE).describe()


def test_version_and_errors_never_show_the_password(
    paths: AppPaths, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    assert main(["--database-url", UNREACHABLE, "--version"]) == 0
    assert main(["--database-url", UNREACHABLE, "db", "check"]) == 1
    assert main(["--database-url", UNREACHABLE.replace(":1/", ":x/"), "db", "check"]) == 1
    assert main(["--database-url", UNREACHABLE, "-v", "contacts", "list"]) != 0
    out, err = capsys.readouterr()
    assert "anna:***@127.0.0.1:1" in out  # --version names the database, masked
    assert "Keine Verbindung" in err
    for shown in (out, err, caplog.text):
        assert "geheim123" not in shown


def test_nothing_the_app_writes_holds_the_password(
    paths: AppPaths, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Settings, logs and everything else under the data and config folders."""
    main(["--database-url", UNREACHABLE, "db", "check"])
    main(["--database-url", UNREACHABLE, "--version"])
    capsys.readouterr()
    for file in tmp_path.rglob("*"):
        if file.is_file():
            assert b"geheim123" not in file.read_bytes(), file


def test_connect_args_prefer_tls_unless_the_url_names_a_mode() -> None:
    assert connect_args(make_url("postgresql+psycopg://anna@server/b")) == {"sslmode": "prefer"}
    assert connect_args(make_url("postgresql+psycopg://anna@server/b?sslmode=verify-full")) == {}
    assert connect_args(make_url("sqlite+pysqlite:///x.sqlite")) == {}


def test_the_password_comes_from_the_keyring_when_the_url_has_none(memory_keyring: Any) -> None:
    url = make_url("postgresql+psycopg://anna@127.0.0.1:1/beratung")
    assert "password" not in connect_args(url)  # nothing stored: libpq reads .pgpass
    memory_keyring.set_password(KEYRING_SERVICE, ACCOUNT, "aus-dem-schluesselbund")
    assert connect_args(url)["password"] == "aus-dem-schluesselbund"
    # a password in the URL wins; the keyring is not asked
    assert "password" not in connect_args(make_url(UNREACHABLE))
    # another database on the same server is another entry
    assert "password" not in connect_args(url.set(database="andere"))


def test_a_broken_keyring_falls_back_to_pgpass(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    import keyring

    def fail(*_args: object) -> None:
        raise keyring.errors.KeyringLocked("locked")

    monkeypatch.setattr(keyring, "get_password", fail)
    url = make_url("postgresql+psycopg://anna@127.0.0.1:1/beratung")
    assert connect_args(url) == {"sslmode": "prefer"}
    assert "Schlüsselbund nicht lesbar" in caplog.text


def test_db_password_set_and_clear_use_the_keyring_and_never_echo(
    paths: AppPaths,
    memory_keyring: Any,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    url = "postgresql+psycopg://anna@127.0.0.1:1/beratung"
    prompts: list[str] = []

    def fake_getpass(prompt: str = "") -> str:
        prompts.append(prompt)
        return "s3cret-Kennwort"

    monkeypatch.setattr("getpass.getpass", fake_getpass)
    assert main(["--database-url", url, "db", "password", "set"]) == 0
    assert memory_keyring.entries == {(KEYRING_SERVICE, ACCOUNT): "s3cret-Kennwort"}
    assert prompts == [f"Kennwort für {ACCOUNT}: ", "Kennwort wiederholen: "]
    assert main(["--database-url", url, "db", "password", "clear"]) == 0
    assert memory_keyring.entries == {}
    assert main(["--database-url", url, "db", "password", "clear"]) == 0
    out, err = capsys.readouterr()
    assert "s3cret" not in out + err
    assert "im Schlüsselbund des Systems gespeichert" in out
    assert "war kein Kennwort" in out


def test_db_password_set_refuses_mismatch_sqlite_and_urls_with_a_password(
    paths: AppPaths,
    memory_keyring: Any,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    answers = iter(["eins", "zwei"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    url = "postgresql+psycopg://anna@127.0.0.1:1/beratung"
    assert main(["--database-url", url, "db", "password", "set"]) == 1
    assert main(["db", "password", "set"]) == 1  # the SQLite file has no password
    assert main(["--database-url", UNREACHABLE, "db", "password", "set"]) == 1
    assert memory_keyring.entries == {}
    err = capsys.readouterr().err
    assert "stimmen nicht überein" in err
    assert "nur für eine PostgreSQL-Datenbank" in err
    assert "enthält schon ein Kennwort" in err
    assert "geheim123" not in err


def test_without_the_keyring_package_set_says_how_to_use_pgpass(
    paths: AppPaths, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def missing() -> None:
        raise server_connection.KeyringUnavailableError("keyring fehlt")

    monkeypatch.setattr(server_connection, "_keyring", missing)
    monkeypatch.setattr("getpass.getpass", lambda prompt="": "x")
    url = "postgresql+psycopg://anna@127.0.0.1:1/beratung"
    assert main(["--database-url", url, "db", "password", "set"]) == 1
    assert ".pgpass" in capsys.readouterr().err
    # and opening simply goes on without it (libpq's .pgpass)
    assert connect_args(make_url(url)) == {"sslmode": "prefer"}


# ------------------------------------------------------------------ on the PostgreSQL server


def _postgres_only(database_url: str) -> None:
    if not database_url.startswith("postgresql"):
        pytest.skip("PostgreSQL only (scripts/with-postgres.sh)")


def test_the_server_connection_passes_prefer_and_the_keyring_password(
    database_url: str, memory_keyring: Any
) -> None:
    """The test cluster trusts local connections, so any password is accepted: what counts
    is that the driver was given the keyring's password and sslmode=prefer."""
    _postgres_only(database_url)
    url = make_url(database_url)
    memory_keyring.set_password(
        KEYRING_SERVICE, server_connection.keyring_user(url), "aus-dem-schluesselbund"
    )
    db = Database(url)
    passed: dict[str, Any] = {}
    event.listen(
        db.engine, "do_connect", lambda _d, _r, _args, params: passed.update(params)
    )
    try:
        with db.engine.connect() as connection:
            raw: Any = connection.connection.dbapi_connection
            assert passed["sslmode"] == "prefer"  # explicit, not left to libpq or PGSSLMODE
            assert passed["password"] == "aus-dem-schluesselbund"
            assert raw.info.password == "aus-dem-schluesselbund"
            assert connection.execute(text("SELECT 1")).scalar() == 1
            security = server_connection.connection_security(connection)
    finally:
        db.dispose()
    assert security.encrypted is False  # the throwaway cluster has no TLS
    assert security.describe() == "unverschlüsselt"


def test_version_says_whether_the_connection_is_encrypted(
    database_url: str, paths: AppPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    _postgres_only(database_url)
    info = about(paths, url=database_url)
    assert info.connection == "unverschlüsselt (sslmode=prefer)"
    assert main(["--database-url", database_url, "--version"]) == 0
    assert "Verbindung:" in capsys.readouterr().out
    required = about(paths, url=database_url + "?sslmode=require")
    # the cluster offers no TLS, so "require" cannot connect: said in German, no traceback
    assert required.connection is None
    assert required.schema_problem is not None


def test_an_encrypted_connection_names_protocol_and_cipher() -> None:
    security = server_connection.ConnectionSecurity(
        encrypted=True, protocol="TLSv1.3", cipher="TLS_AES_256_GCM_SHA384"
    )
    assert security.describe() == "verschlüsselt (TLS: TLSv1.3, TLS_AES_256_GCM_SHA384)"
    assert server_connection.ConnectionSecurity(encrypted=True).describe() == "verschlüsselt (TLS)"
