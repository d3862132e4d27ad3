"""app.py: start-up (lock, opening the database, daily backup), screenshots, the gui script."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QImage

from beratung import settings
from beratung.app import Running, render_screenshot, run_gui, start, tell_about_upgrade
from beratung.domain.errors import UserError
from beratung.gui.errors import ErrorDialogs
from beratung.gui.main_window import Dialogs
from beratung.paths import AppPaths
from beratung.services.database import AutomaticBackup, DatabaseService
from beratung.storage import migrate
from beratung.storage.database import Database, sqlite_url
from beratung.storage.lock import InstanceLock


@pytest.fixture
def shown(monkeypatch: pytest.MonkeyPatch) -> list[tuple[UserError, bool]]:
    messages: list[tuple[UserError, bool]] = []
    monkeypatch.setattr(
        ErrorDialogs,
        "user_error",
        classmethod(lambda cls, parent, error, critical=False: messages.append((error, critical))),
    )
    return messages


@pytest.fixture
def started(paths: AppPaths) -> Iterator[list[Running]]:
    runs: list[Running] = []
    yield runs
    for running in runs:
        running.window.close()
        running.close()


def test_start_opens_window_and_makes_daily_backup(
    paths: AppPaths, started: list[Running], shown: list[tuple[UserError, bool]]
) -> None:
    running = start(paths)
    assert running is not None
    started.append(running)
    assert not shown
    assert running.backup is not None and running.backup.is_file()
    assert running.backup.parent == paths.backup_dir
    assert str(paths.database_file) in running.window.windowTitle()
    assert running.window.warning_label.isHidden()


def test_failed_daily_backup_is_a_warning_in_the_status_bar(
    paths: AppPaths,
    started: list[Running],
    shown: list[tuple[UserError, bool]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(self: DatabaseService, **_options: object) -> Path:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(DatabaseService, "automatic_backup", broken)
    running = start(paths)
    assert running is not None
    started.append(running)
    assert not shown
    assert not running.window.warning_label.isHidden()
    assert "tägliche Sicherung ist fehlgeschlagen" in running.window.warning_label.text()


def test_daily_backup_follows_the_options_in_qsettings(
    paths: AppPaths,
    started: list[Running],
    shown: list[tuple[UserError, bool]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    asked: list[int] = []
    original = DatabaseService.automatic_backup

    def counting(self: DatabaseService, **options: Any) -> AutomaticBackup | None:
        asked.append(options["rotation"].daily)
        return original(self, **options)

    monkeypatch.setattr(DatabaseService, "automatic_backup", counting)
    store = QSettings()
    store.setValue(settings.BACKUP_DAILY.key, 3)
    store.setValue(settings.AUTOMATIC_BACKUP.key, False)
    store.sync()
    running = start(paths)
    assert running is not None
    started.append(running)
    assert running.backup is None and asked == []
    assert not list(paths.backup_dir.glob("*automatisch*"))
    running.window.close()
    running.close()
    started.clear()

    store.setValue(settings.AUTOMATIC_BACKUP.key, True)
    store.sync()
    running = start(paths)
    assert running is not None
    started.append(running)
    assert running.backup is not None and asked == [3]
    assert not shown


def test_second_instance_gets_german_message(
    paths: AppPaths, shown: list[tuple[UserError, bool]]
) -> None:
    with InstanceLock(paths.database_file):
        assert start(paths) is None
    assert len(shown) == 1
    error, critical = shown[0]
    assert critical
    assert str(paths.database_file) in error.message
    assert "bereits" in error.message
    assert error.hint


def test_lock_is_released_when_the_gui_closes(
    paths: AppPaths, started: list[Running], shown: list[tuple[UserError, bool]]
) -> None:
    running = start(paths)
    assert running is not None
    running.window.close()
    running.close()
    with InstanceLock(paths.database_file):
        pass
    assert not shown


def test_non_database_file_is_refused_untouched(
    tmp_path: Path, paths: AppPaths, shown: list[tuple[UserError, bool]]
) -> None:
    not_a_database = tmp_path / "Adressen.sqlite"
    not_a_database.write_bytes(b"Name;Ort\nFischer;Stuttgart\n")
    before = not_a_database.read_bytes()

    assert start(paths, db_path=not_a_database) is None

    assert not_a_database.read_bytes() == before
    error, critical = shown[0]
    assert critical
    assert str(not_a_database) in error.message
    assert "keine Beratung-Datenbank" in error.message
    assert error.hint
    # and the lock taken before opening was released again
    with InstanceLock(not_a_database):
        pass


def test_run_gui_exits_1_for_a_non_database(
    tmp_path: Path, paths: AppPaths, shown: list[tuple[UserError, bool]]
) -> None:
    not_a_database = tmp_path / "notizen.txt"
    not_a_database.write_text("keine Datenbank", encoding="utf-8")
    assert run_gui(paths, db_path=not_a_database) == 1
    assert len(shown) == 1
    assert "Start abgebrochen" in paths.log_file.read_text(encoding="utf-8")


@pytest.mark.parametrize("view", ["overview", "settings"])
def test_screenshot_writes_png_of_requested_size(
    paths: AppPaths, tmp_path: Path, view: str
) -> None:
    out = tmp_path / f"{view}.png"
    render_screenshot(paths, view, out, (1024, 700))
    image = QImage(str(out))
    assert not image.isNull()
    assert (image.width(), image.height()) == (1024, 700)


def test_screenshot_unknown_view_lists_valid_names(paths: AppPaths, tmp_path: Path) -> None:
    with pytest.raises(UserError) as caught:
        render_screenshot(paths, "kalender", tmp_path / "x.png", (800, 600))
    assert "kalender" in caught.value.message
    assert caught.value.hint is not None
    for name in ("overview", "contacts", "consultations", "events", "press", "reports", "settings"):
        assert name in caught.value.hint
    assert not (tmp_path / "x.png").exists()


def test_bug_during_start_is_logged_and_shown(
    paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    bugs: list[BaseException] = []
    monkeypatch.setattr(
        ErrorDialogs, "bug", classmethod(lambda cls, parent, exc, log_file: bugs.append(exc))
    )

    def broken_window(services: object) -> None:
        raise RuntimeError("Fenster kaputt")

    monkeypatch.setattr("beratung.app.MainWindow", broken_window)
    assert run_gui(paths) == 1
    assert [str(exc) for exc in bugs] == ["Fenster kaputt"]
    log_text = paths.log_file.read_text(encoding="utf-8")
    # The bug's kind and frames are logged; its message only in the dialog (it may name people).
    assert "Unerwarteter Fehler: builtins.RuntimeError" in log_text
    with InstanceLock(paths.database_file):  # lock released after the failure
        pass


def test_start_on_an_older_database_tells_which_backup_it_made(
    paths: AppPaths,
    started: list[Running],
    shown: list[tuple[UserError, bool]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    script = migrate.script_directory()
    previous = [r.revision for r in script.walk_revisions()][1]
    old = Database(sqlite_url(paths.database_file))
    migrate._run_upgrade(old, previous)
    old.dispose()
    told: list[tuple[str, str]] = []
    monkeypatch.setattr(
        Dialogs,
        "information",
        classmethod(lambda cls, parent, text, informative="": told.append((text, informative))),
    )

    running = start(paths)
    assert running is not None
    started.append(running)
    tell_about_upgrade(running)

    assert not shown
    assert len(told) == 1
    text, details = told[0]
    assert "aktualisiert" in text
    upgraded = running.services.upgrade
    assert upgraded is not None and upgraded.backup is not None
    assert upgraded.backup.is_file()
    assert str(upgraded.backup) in details
    assert f"von Schema {previous}" in details


def test_start_on_a_new_database_says_nothing_about_upgrades(
    paths: AppPaths, started: list[Running], monkeypatch: pytest.MonkeyPatch
) -> None:
    told: list[str] = []
    monkeypatch.setattr(
        Dialogs,
        "information",
        classmethod(lambda cls, parent, text, informative="": told.append(text)),
    )
    running = start(paths)
    assert running is not None
    started.append(running)
    tell_about_upgrade(running)
    assert told == []
