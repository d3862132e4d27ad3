"""The command line contract of cli.md: German messages, exit 1 for bad input, 2 for usage."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from beratung import __version__
from beratung.cli import main
from beratung.resources import MUNICIPALITY_DIRECTORY_ATTRIBUTION
from beratung.storage import migrate


def test_version_names_program_database_schema_and_folders_without_touching_anything(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "daten"
    assert main(["--data-dir", str(data), "--version"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"Beratung {__version__}\n")
    assert "Datenbank:" in out and str(data / "beratung.sqlite") in out
    assert "noch nicht angelegt" in out
    assert str(data / "Sicherungen") in out and str(data / "Protokolle") in out
    assert "Python:" in out and "Qt (PySide6):" in out
    assert MUNICIPALITY_DIRECTORY_ATTRIBUTION in out
    assert not data.exists()  # asking for the version creates no folder and no database

    assert main(["--data-dir", str(data), "db", "upgrade"]) == 0
    capsys.readouterr()
    before = (data / "beratung.sqlite").read_bytes()
    assert main(["--data-dir", str(data), "--version"]) == 0
    assert f"Datenbankschema: {migrate.head_revision()} (aktuell)" in capsys.readouterr().out
    assert (data / "beratung.sqlite").read_bytes() == before


def test_version_reports_a_damaged_database_instead_of_failing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "kaputt.sqlite"
    broken.write_bytes(b"SQLite format 3\x00" + b"\xff" * 200)
    assert main(["--db", str(broken), "--data-dir", str(tmp_path / "d"), "--version"]) == 0
    assert "Datenbankschema: nicht lesbar" in capsys.readouterr().out


def test_usage_errors_are_german_and_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["db", "zaubern"])
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert "Fehler" in err and "ungültige Auswahl" in err


def test_db_upgrade_then_check(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "neu.sqlite"
    assert main(["--db", str(db), "db", "upgrade"]) == 0
    assert "neu angelegt (Schema " in capsys.readouterr().out
    assert main(["--db", str(db), "db", "upgrade"]) == 0
    assert "bereits aktuell" in capsys.readouterr().out
    assert main(["--db", str(db), "db", "check"]) == 0
    assert "Ergebnis: in Ordnung" in capsys.readouterr().out


def test_db_check_of_a_missing_file_does_not_create_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "gibt-es-nicht.sqlite"
    assert main(["--db", str(missing), "db", "check"]) == 1
    assert "gibt es nicht" in capsys.readouterr().err
    assert not missing.exists()


def test_not_a_database_exits_1_with_the_file_named_and_untouched(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bogus = tmp_path / "Kontakte.xlsx"
    bogus.write_bytes(b"PK\x03\x04 eine Excel-Datei")
    digest = hashlib.sha256(bogus.read_bytes()).hexdigest()
    assert main(["--db", str(bogus), "db", "backup"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("Fehler: ") and str(bogus) in err
    assert "Traceback" not in err
    assert hashlib.sha256(bogus.read_bytes()).hexdigest() == digest


def test_backup_to_a_file_and_restore_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "b.sqlite"
    target = tmp_path / "sicherung.sqlite"
    assert main(["--db", str(db), "db", "backup", "--to", str(target)]) == 1
    assert "gibt es nicht" in capsys.readouterr().err
    assert not db.exists()  # a backup never creates the database it should copy
    assert main(["--db", str(db), "db", "upgrade"]) == 0
    assert main(["--db", str(db), "db", "backup", "--to", str(target)]) == 0
    assert target.exists()
    assert main(["--db", str(db), "db", "restore", str(target)]) == 0
    out = capsys.readouterr().out
    assert "zurückgespielt" in out and "vorherige Stand" in out


def test_postgres_url_that_is_malformed_is_a_german_error(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["--database-url", "kein://::url", "db", "check"]) == 1
    assert "Datenbank-URL" in capsys.readouterr().err


def test_an_unreachable_server_is_one_german_sentence(capsys: pytest.CaptureFixture[str]) -> None:
    url = "postgresql+psycopg://niemand@127.0.0.1:1/beratung"
    assert main(["--database-url", url, "db", "check"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("Fehler: ") and "Traceback" not in err


def test_an_unsupported_database_driver_is_named(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--database-url", "mysql://x@localhost/beratung", "db", "check"]) == 1
    assert "Datenbanktreiber" in capsys.readouterr().err


def test_db_and_database_url_together_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["--db", "a.sqlite", "--database-url", "sqlite:///b.sqlite", "db", "check"])
    assert info.value.code == 2
    assert "schließen sich aus" in capsys.readouterr().err


def test_db_check_and_backup_only_look_at_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A backup copy is in rollback-journal mode: checking it must not switch it to WAL or
    leave -wal/-shm files beside it."""
    db = tmp_path / "arbeit.sqlite"
    data = ["--data-dir", str(tmp_path / "daten")]
    assert main([*data, "--db", str(db), "db", "upgrade"]) == 0
    copy = tmp_path / "kopie.sqlite"
    assert main([*data, "--db", str(db), "db", "backup", "--to", str(copy)]) == 0
    before = copy.read_bytes()
    assert main([*data, "--db", str(copy), "db", "check"]) == 0
    assert (
        main([*data, "--db", str(copy), "db", "backup", "--to", str(tmp_path / "k2.sqlite")]) == 0
    )
    capsys.readouterr()
    assert copy.read_bytes() == before
    assert not copy.with_name(copy.name + "-wal").exists()
    assert not copy.with_name(copy.name + "-shm").exists()
