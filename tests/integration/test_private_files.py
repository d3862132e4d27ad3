"""Personal data is readable by its user only, and a data folder that cannot be used is a
German sentence, not a traceback (issue 14, defects 1, 2, 8 and the English fragments of 12).

The permission checks are POSIX (Windows' per-user profile protects the files there); the
faults are injected where the operating system would refuse, because the tests may run as root,
for whom permission bits do not hold.
"""

from __future__ import annotations

import errno
import logging
import os
import stat
from pathlib import Path

import pytest

from beratung.cli import main
from beratung.domain.errors import os_error_text
from beratung.paths import AppPaths, private_folder
from beratung.services import Services

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_database_its_wal_lock_backups_and_folders_are_private(tmp_path: Path) -> None:
    old_umask = os.umask(0o022)  # the usual desktop umask: new files 0644, folders 0755
    try:
        data = tmp_path / "daten"
        services = Services.open(AppPaths(data), lock=True)
        try:
            db = data / "beratung.sqlite"
            wal = db.with_name(db.name + "-wal")
            shm = db.with_name(db.name + "-shm")
            with services.context.db.engine.connect() as connection:  # WAL/SHM while open
                connection.exec_driver_sql("SELECT count(*) FROM person")
                assert wal.exists() and shm.exists()
                files = (db, wal, shm, db.with_name(db.name + ".lock"))
                assert {p.name: mode(p) for p in files} == {
                    "beratung.sqlite": 0o600,
                    "beratung.sqlite-wal": 0o600,
                    "beratung.sqlite-shm": 0o600,
                    "beratung.sqlite.lock": 0o600,
                }
            assert mode(data) == 0o700
            backup = services.database.backup()
            assert mode(backup) == 0o600 and mode(backup.parent) == 0o700
        finally:
            services.close()
    finally:
        os.umask(old_umask)


def test_an_existing_world_readable_installation_is_tightened_on_open(tmp_path: Path) -> None:
    data = tmp_path / "daten"
    assert main(["--data-dir", str(data), "db", "upgrade"]) == 0
    db = data / "beratung.sqlite"
    db.chmod(0o644)
    data.chmod(0o755)
    (data / "Sicherungen").mkdir(mode=0o755)
    (data / "Sicherungen").chmod(0o755)
    assert main(["--data-dir", str(data), "contacts", "list", "--json"]) == 0
    assert mode(db) == 0o600 and mode(data) == 0o700
    assert main(["--data-dir", str(data), "db", "backup"]) == 0
    assert mode(data / "Sicherungen") == 0o700
    assert all(mode(p) == 0o600 for p in (data / "Sicherungen").iterdir())


def test_a_folder_the_user_chose_for_the_database_is_left_as_it_is(tmp_path: Path) -> None:
    shared = tmp_path / "Dokumente"
    shared.mkdir(mode=0o755)
    shared.chmod(0o755)
    assert main(["--db", str(shared / "team.sqlite"), "db", "upgrade"]) == 0
    assert mode(shared) == 0o755  # her folder, her choice; the file in it is private
    assert mode(shared / "team.sqlite") == 0o600


def test_the_log_and_its_rotated_files_are_private(tmp_path: Path) -> None:
    from beratung.app import configure_logging, remove_logging

    old_umask = os.umask(0o022)
    paths = AppPaths(tmp_path / "daten")
    handler = configure_logging(paths)
    try:
        assert isinstance(handler, logging.handlers.RotatingFileHandler)
        logging.getLogger("beratung.test").warning("Eintrag")
        handler.doRollover()
        logging.getLogger("beratung.test").warning("nach dem Wechsel")
        handler.flush()
        files = sorted(paths.log_dir.iterdir())
        assert len(files) == 2
        assert {mode(p) for p in files} == {0o600} and mode(paths.log_dir) == 0o700
    finally:
        remove_logging(handler)
        handler.close()
        os.umask(old_umask)


def test_a_data_dir_that_is_a_file_is_a_german_error_and_does_not_block_db_elsewhere(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    not_a_folder = tmp_path / "daten"
    not_a_folder.write_text("kein Ordner")
    elsewhere = tmp_path / "andere.sqlite"
    assert main(["--db", str(elsewhere), "db", "upgrade"]) == 0
    capsys.readouterr()

    # A command on a database elsewhere never needs the data folder.
    assert main(["--data-dir", str(not_a_folder), "--db", str(elsewhere),
                 "contacts", "list", "--json"]) == 0
    assert capsys.readouterr().out.strip() == "[]"

    assert main(["--data-dir", str(not_a_folder), "contacts", "list"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("Fehler: ") and "ist eine Datei, kein Ordner" in err
    assert "Traceback" not in err and "Errno" not in err
    assert not_a_folder.read_text() == "kein Ordner"


def test_an_unwritable_data_folder_is_said_in_german(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import beratung.storage.quick_read as database_file  # prepare_database_file lives there

    def refuse(folder: Path, *, tighten: bool = True) -> Path:
        raise PermissionError(errno.EACCES, "Permission denied", str(folder))

    monkeypatch.setattr(database_file, "private_folder", refuse)
    data = tmp_path / "gesperrt"
    assert main(["--data-dir", str(data), "contacts", "list"]) == 1
    err = capsys.readouterr().err
    assert "kann nicht angelegt oder geöffnet werden (keine Berechtigung)" in err
    assert "Permission denied" not in err and "Traceback" not in err


def test_a_mistyped_db_path_creates_nothing_and_imports_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "kontakte.csv"
    source.write_text("Nachname;Vorname\nMüller;Anna\n", encoding="utf-8")
    typo = tmp_path / "Beratunng" / "beratung.sqlite"
    assert main(["--db", str(typo), "contacts", "import", str(source)]) == 1
    err = capsys.readouterr().err
    assert "gibt es nicht; es wurde nichts angelegt" in err and "db upgrade" in err
    assert not typo.parent.exists()
    # Making it on purpose still works, and then the import does.
    assert main(["--db", str(typo), "db", "upgrade"]) == 0
    assert main(["--db", str(typo), "contacts", "import", str(source)]) == 0


def test_a_backup_folder_that_cannot_be_made_keeps_the_database_and_says_why(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "daten"
    assert main(["--data-dir", str(data), "db", "upgrade"]) == 0
    (data / "Sicherungen").write_text("eine Datei, wo der Ordner sein sollte")
    assert main(["--data-dir", str(data), "db", "backup"]) == 1
    err = capsys.readouterr().err
    assert "Der Ordner für Sicherungen" in err and "Die Datenbank selbst ist unverändert" in err
    assert "Errno" not in err and "Traceback" not in err


@pytest.mark.parametrize(
    ("error", "words"),
    [
        (PermissionError(errno.EACCES, "Permission denied"), "keine Berechtigung"),
        (OSError(errno.ENOSPC, "No space left on device"), "der Datenträger ist voll"),
        (OSError(errno.EROFS, "Read-only file system"), "schreibgeschützt"),
        (OSError(4242, "Something odd"), "Systemfehler 4242"),
    ],
)
def test_os_errors_are_german(error: OSError, words: str) -> None:
    assert words in os_error_text(error)


def test_private_folder_leaves_an_existing_foreign_folder_when_not_asked(tmp_path: Path) -> None:
    folder = tmp_path / "vorhanden"
    folder.mkdir(mode=0o755)
    folder.chmod(0o755)
    private_folder(folder, tighten=False)
    assert mode(folder) == 0o755
    private_folder(folder)
    assert mode(folder) == 0o700


@pytest.mark.usefixtures("demo_cli_database")
def test_report_refuses_a_file_name_that_lies_about_its_format(
    demo_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for name, options in (("bericht.docx", []), ("bericht.pdf", ["--format", "xlsx"])):
        target = tmp_path / name
        assert main(["--db", demo_db, "report", "consultations", "--out", str(target),
                     *options]) == 1
        err = capsys.readouterr().err
        assert "passt nicht zum Format" in err and not target.exists()
    assert main(["--db", demo_db, "report", "consultations", "--out",
                 str(tmp_path / "bericht.csv")]) == 0


@pytest.mark.usefixtures("demo_cli_database")
def test_print_refuses_a_missing_out_folder_like_every_other_command(
    demo_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "gibt-es-nicht" / "p.pdf"
    assert main(["--db", demo_db, "print", "press-release", "P 309/2017",
                 "--out", str(target)]) == 1
    assert "Den Ordner" in capsys.readouterr().err
    assert not target.parent.exists()


@pytest.fixture
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    return str(tmp_path_factory.mktemp("demo") / "demo.sqlite")


@pytest.fixture
def demo_cli_database(demo_db: str) -> None:
    assert main(["--db", demo_db, "demo"]) == 0


def test_without_a_display_the_gui_says_so_in_german(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Qt would abort the process with an English message (issue 14, defect 12)."""
    import sys as system

    from beratung.app import refuse_without_display

    monkeypatch.setattr(system, "platform", "linux")
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    assert main(["--data-dir", str(tmp_path / "d")]) == 1
    err = capsys.readouterr().err
    assert "keine grafische Oberfläche" in err and "QT_QPA_PLATFORM=offscreen" in err
    refuse_without_display({"DISPLAY": ":0"})
    refuse_without_display({"QT_QPA_PLATFORM": "offscreen"})
