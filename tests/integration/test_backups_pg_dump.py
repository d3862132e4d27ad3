"""``db backup`` on PostgreSQL: pg_dump in custom format, or a clear German word without it."""

from __future__ import annotations

import os
import stat
import subprocess
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from beratung.cli import main
from beratung.domain.errors import UserError
from beratung.paths import AppPaths
from beratung.services.database import DatabaseService
from beratung.storage import pg_backup
from beratung.storage.database import Database


def test_without_pg_dump_the_backup_says_so_in_german(
    paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", "")
    monkeypatch.delenv(pg_backup.PG_DUMP_ENV, raising=False)
    monkeypatch.delenv(pg_backup.PG_BINDIR_ENV, raising=False)
    monkeypatch.setattr(pg_backup, "CANDIDATE_GLOBS", ())
    db = Database("postgresql+psycopg://niemand@127.0.0.1:1/beratung")
    try:
        with pytest.raises(UserError, match="pg_dump gebraucht; es wurde nicht gefunden") as err:
            DatabaseService(db, paths).backup()
    finally:
        db.dispose()
    assert pg_backup.PG_DUMP_ENV in (err.value.hint or "")
    assert not list(paths.backup_dir.glob("*"))


def test_a_named_pg_dump_that_is_missing_is_not_found(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(pg_backup.PG_DUMP_ENV, str(tmp_path / "pg_dump"))
    assert pg_backup.find_tool("pg_dump") is None


def test_the_password_goes_only_into_the_child_environment() -> None:
    conninfo, env = pg_backup.libpq_target(
        make_url("postgresql+psycopg://anna:geheim@server:5433/beratung?sslmode=require")
    )
    assert "geheim" not in conninfo
    assert conninfo == "postgresql://anna@server:5433/beratung?sslmode=require"
    assert env == {"PGPASSWORD": "geheim"}
    # without a password in the URL, libpq reads .pgpass itself
    assert pg_backup.libpq_target(make_url("postgresql+psycopg://anna@server/b"))[1] == {
        "PGSSLMODE": "prefer"
    }


def test_db_backup_of_postgres_writes_a_checked_custom_dump(
    database_url: str, paths: AppPaths, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    if not database_url.startswith("postgresql"):
        pytest.skip("PostgreSQL only (scripts/with-postgres.sh)")
    if pg_backup.find_tool("pg_dump") is None:
        pytest.skip("pg_dump not installed")
    assert main(["--database-url", database_url, "db", "backup"]) == 0
    out = capsys.readouterr().out
    (dump,) = paths.backup_dir.glob("beratung_*_manuell.dump")
    assert f"Sicherung geschrieben: {dump}" in out
    assert dump.read_bytes()[:5] == b"PGDMP"  # the custom format's signature
    if os.name == "posix":
        assert stat.S_IMODE(dump.stat().st_mode) == 0o600
    pg_restore = pg_backup.find_tool("pg_restore")
    assert pg_restore is not None
    listing = subprocess.run(
        [str(pg_restore), "--list", str(dump)], capture_output=True, text=True, check=True
    ).stdout
    assert "TABLE public organisation" in listing
    assert not list(paths.backup_dir.glob("*.partial"))

    # --to a folder and --to a file; an existing file is not overwritten
    target_dir = tmp_path / "ziel"
    target_dir.mkdir()
    assert main(["--database-url", database_url, "db", "backup", "--to", str(target_dir)]) == 0
    assert len(list(target_dir.glob("beratung_*.dump"))) == 1
    target = tmp_path / "team.dump"
    assert main(["--database-url", database_url, "db", "backup", "--to", str(target)]) == 0
    assert target.read_bytes()[:5] == b"PGDMP"
    assert main(["--database-url", database_url, "db", "backup", "--to", str(target)]) == 1
    assert "nicht überschrieben" in capsys.readouterr().err


def test_a_failing_pg_dump_leaves_no_file(
    database_url: str, paths: AppPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    if not database_url.startswith("postgresql"):
        pytest.skip("PostgreSQL only (scripts/with-postgres.sh)")
    if pg_backup.find_tool("pg_dump") is None:
        pytest.skip("pg_dump not installed")
    url = make_url(database_url)
    db = Database(url)
    try:
        service = DatabaseService(db, paths)
        # the server is there, but this database is not
        service.db.location = type(db.location)(url.set(database="gibt_es_nicht"))
        with pytest.raises(UserError, match="pg_dump konnte die Datenbank nicht sichern"):
            service.backup()
    finally:
        db.dispose()
    assert not list(paths.backup_dir.glob("*"))
