"""A damaged database and a full disk, told apart and handled (issue 14, defects 3 and 4).

``db check`` reports the damage instead of failing and names the newest intact backup; a
damaged database is never backed up, so its copies cannot rotate the good backups away; a full
disk is a full disk, not "restore a backup".
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

import beratung.storage.sqlite_errors as sqlite_errors
from beratung.cli import main
from beratung.domain.rules.backup_rotation import Rotation
from beratung.paths import AppPaths
from beratung.services.database import DatabaseService, Schema, open_database

PAGE = 4096


def damage(path: Path) -> None:
    """Overwrite two pages in the middle of the file, as a failing disk would."""
    with path.open("r+b") as handle:
        handle.seek(PAGE * 60)
        handle.write(os.urandom(PAGE))
        handle.seek(PAGE * 80 + 100)
        handle.write(b"\x00" * 2000)


@pytest.fixture
def installation(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> AppPaths:
    """The demo in a data folder with one good backup, then damaged."""
    data = tmp_path / "daten"
    assert main(["--data-dir", str(data), "demo"]) == 0
    assert main(["--data-dir", str(data), "db", "backup"]) == 0
    capsys.readouterr()
    paths = AppPaths(data)
    with sqlite3.connect(paths.database_file) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    damage(paths.database_file)
    return paths


def test_check_reports_the_damage_and_names_the_newest_good_backup(
    installation: AppPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    good = sorted(installation.backup_dir.iterdir())
    assert len(good) == 1
    assert main(["--data-dir", str(installation.data_dir), "db", "check"]) == 1
    out = capsys.readouterr().out
    assert "Befunde – die Datei ist beschädigt" in out
    assert "Ergebnis: PROBLEME gefunden" in out
    assert f"Neueste intakte Sicherung: {good[0]}" in out
    assert "beratung db restore" in out


def test_a_damaged_database_is_not_backed_up_and_old_backups_stay(
    installation: AppPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    before = sorted(installation.backup_dir.iterdir())
    assert main(["--data-dir", str(installation.data_dir), "db", "backup"]) == 1
    err = capsys.readouterr().err
    assert "ist beschädigt; es wurde keine Sicherung geschrieben" in err
    assert sorted(installation.backup_dir.iterdir()) == before

    # The daily backup at start refuses the same way, before it would prune anything.
    opened = open_database(installation, schema=Schema.AS_IS, read_only=True)
    try:
        service = DatabaseService(opened.db, installation)
        with pytest.raises(Exception, match="beschädigt"):
            service.automatic_backup(
                rotation=Rotation(daily=0, weekly=0, monthly=0),
                min_age=__import__("datetime").timedelta(0),
            )
    finally:
        opened.close()
    assert sorted(installation.backup_dir.iterdir()) == before
    assert not list(installation.backup_dir.glob("*.partial"))


def test_a_backup_is_checked_after_copying(tmp_path: Path) -> None:
    """The copy itself is checked, not only the source: what lands in Sicherungen is intact."""
    data = tmp_path / "daten"
    assert main(["--data-dir", str(data), "db", "upgrade"]) == 0
    assert main(["--data-dir", str(data), "db", "backup"]) == 0
    (made,) = AppPaths(data).backup_dir.iterdir()
    with sqlite3.connect(made) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_a_full_disk_is_called_full_not_damaged(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "voll.sqlite"
    assert main(["--db", str(db), "db", "upgrade"]) == 0
    capsys.readouterr()
    # SQLite cannot make its shared-memory file on a full disk and says "disk I/O error".
    real_connect = sqlite3.connect

    def no_room(*args: object, **kwargs: object) -> sqlite3.Connection:
        error = sqlite3.OperationalError("disk I/O error")
        error.sqlite_errorcode = 10  # type: ignore[attr-defined]
        raise error

    monkeypatch.setattr(sqlite_errors, "disk_is_full", lambda path: True)
    monkeypatch.setattr(sqlite3, "connect", no_room)
    try:
        assert main(["--db", str(db), "contacts", "list"]) == 1
    finally:
        monkeypatch.setattr(sqlite3, "connect", real_connect)
    err = capsys.readouterr().err
    assert "ist voll" in err and "nicht beschädigt" in err
    assert "Sicherung wieder her" not in err and "db restore" not in err


def test_a_read_error_on_a_disk_with_room_is_not_called_full(tmp_path: Path) -> None:
    error = sqlite3.OperationalError("disk I/O error")
    error.sqlite_errorcode = 10  # type: ignore[attr-defined]
    problem = sqlite_errors.file_problem(error, tmp_path / "x.sqlite", doing="Öffnen")
    assert "Lese- oder Schreibfehler" in problem.message and "voll" not in problem.message


def fill(folder: Path) -> None:
    """Write zeros into ``folder`` until its disk refuses."""
    for number in range(1000):
        try:
            (folder / f"fuellung-{number}").write_bytes(b"\0" * 65536)
        except OSError:
            return


def test_on_a_real_full_disk_nothing_is_called_damaged(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """With a small tmpfs when the test may mount one (root in CI), else skipped."""
    import subprocess

    mount = tmp_path / "klein"
    mount.mkdir()
    if os.geteuid() != 0 or subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=2M", "tmpfs", str(mount)], capture_output=True
    ).returncode != 0:
        pytest.skip("kein tmpfs (nur als root)")
    try:
        db = mount / "x.sqlite"
        assert main(["--db", str(db), "db", "upgrade"]) == 0
        fill(mount)
        capsys.readouterr()
        assert main(["--db", str(db), "contacts", "list"]) == 1
        err = capsys.readouterr().err
        assert "voll" in err and "beschädigt oder" not in err and "Traceback" not in err
        assert main(["--db", str(db), "db", "restore", str(db)]) == 1
        assert "Traceback" not in capsys.readouterr().err
    finally:
        subprocess.run(["umount", str(mount)], check=False)
