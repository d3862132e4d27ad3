"""GUI test setup: offscreen Qt, one shared QApplication, and nothing of the real user's.

``QT_QPA_PLATFORM`` is set before anything imports Qt (Picard's conftest does the same). Every
test gets its own data directory and its own QSettings location, so neither the user's database
nor their window geometry is ever read or written.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from beratung.app import application
from beratung.gui.main_window import MainWindow
from beratung.gui.operations import wait_for_operations
from beratung.paths import DATA_DIR_ENV, DATABASE_URL_ENV
from beratung.services import Services


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.gui)


@pytest.fixture(autouse=True)
def _isolated(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qapp: QApplication
) -> Iterator[None]:
    """Temporary QSettings and data directory; the shared qapp named, styled, translated."""
    settings_dir = tmp_path / "qsettings"
    settings_dir.mkdir()
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    for scope in (QSettings.Scope.UserScope, QSettings.Scope.SystemScope):
        QSettings.setPath(QSettings.Format.IniFormat, scope, str(settings_dir))
    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path / "default-data"))
    monkeypatch.delenv(DATABASE_URL_ENV, raising=False)
    application()
    yield
    wait_for_operations()


@pytest.fixture(autouse=True)
def _no_unreplaced_modal_dialogs(monkeypatch: pytest.MonkeyPatch) -> None:
    """A modal dialog nobody answers would hang the suite forever (offscreen, no user); fail
    the test at once instead. Tests replace the dialog entry points they expect."""

    def refuse(dialog: QDialog, *args: object) -> int:
        title = dialog.windowTitle() if isinstance(dialog, QDialog) else type(dialog).__name__
        text = dialog.text() if isinstance(dialog, QMessageBox) else ""
        raise AssertionError(f"unreplaced modal dialog in a test: {title!r} {text!r}")

    for cls in (QDialog, QMessageBox, QFileDialog):
        monkeypatch.setattr(cls, "exec", refuse)
    for name in ("critical", "warning", "information", "question"):
        monkeypatch.setattr(QMessageBox, name, staticmethod(lambda *a, **k: refuse(QDialog())))


@pytest.fixture
def services(services: Services) -> Iterator[Services]:
    """The shared ``services`` of tests/conftest.py (a fresh database per test, on SQLite or on
    PostgreSQL in the test command's second pass), plus one GUI rule for its teardown.

    The test's widgets are deleted only later; their debounce timers (search, letter preview)
    must not fire after the database is gone — on PostgreSQL it is dropped at teardown, and a
    timer firing in the next test read a database that no longer existed.
    """
    yield services
    wait_for_operations()
    # From the top-level widgets (findChildren searches the whole tree below them, so every
    # timer is still reached). Walking QApplication.allWidgets() segfaulted in this loop now
    # and then (in test_gui_main_window's first teardown, before and after migration 0005);
    # not understood, probably a stale PySide wrapper of a widget deleted since.
    for widget in QApplication.topLevelWidgets():
        for timer in widget.findChildren(QTimer):
            timer.stop()


@pytest.fixture
def window(qtbot: QtBot, services: Services) -> Iterator[MainWindow]:
    main_window = MainWindow(services)
    qtbot.addWidget(main_window)
    main_window.show()
    yield main_window
