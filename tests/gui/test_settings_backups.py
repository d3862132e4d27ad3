"""Einstellungen → Sicherungen, and the backup after many changes while the window is open."""

from __future__ import annotations

from pathlib import Path

import pytest
from events_helpers import mnemonics, unnamed_focus_widgets
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from beratung import settings
from beratung.domain.enums import OrganisationKind
from beratung.domain.models import Organisation
from beratung.domain.rules.backup_rotation import Rotation
from beratung.gui.backups import ChangeBackups
from beratung.gui.main_window import MainWindow
from beratung.gui.pages.settings import SettingsDialogs, SettingsPage
from beratung.services import Services
from beratung.services.database import AutomaticBackup, BackupOptions

MENU_LETTERS = {"d", "b", "a", "h"}  # Datei, Bearbeiten, Ansicht, Hilfe


@pytest.fixture
def page(qtbot: QtBot, services: Services) -> SettingsPage:
    widget = SettingsPage(services)
    qtbot.addWidget(widget)
    widget.resize(1060, 720)
    widget.show()
    widget.show_tab(widget.backups_tab)
    return widget


def test_the_tab_shows_the_defaults_and_saves_to_qsettings(
    page: SettingsPage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tab = page.backups_tab
    assert tab.automatic.isChecked()
    assert (tab.daily.value(), tab.weekly.value(), tab.monthly.value()) == (7, 4, 12)
    assert tab.after_changes.value() == 50
    assert str(page.services.paths.backup_dir) in tab.folder_note.text()

    share = tmp_path / "netz"
    share.mkdir()
    monkeypatch.setattr(SettingsDialogs, "choose_folder", classmethod(lambda *_a: str(share)))
    tab.choose_button.click()
    assert tab.second_folder.text() == str(share)
    tab.daily.setValue(3)
    tab.after_changes.setValue(0)
    tab.save_button.click()
    assert "gespeichert" in tab.message.text()
    options = BackupOptions.read(QSettings())
    assert options.rotation == Rotation(daily=3, weekly=4, monthly=12)
    assert options.after_changes == 0 and options.second_folder == share
    assert tab.after_changes.text() == "nur beim Start"


def test_a_second_folder_that_is_not_there_is_not_saved(page: SettingsPage, tmp_path: Path) -> None:
    tab = page.backups_tab
    tab.second_folder.setText(str(tmp_path / "nicht-verbunden"))
    tab.save_button.click()
    assert "nicht erreichbar" in tab.message.text()
    assert QSettings().value(settings.BACKUP_SECOND_FOLDER.key) is None


def test_switching_off_disables_the_details(page: SettingsPage) -> None:
    tab = page.backups_tab
    tab.automatic.setChecked(False)
    assert not tab.daily.isEnabled() and not tab.second_folder.isEnabled()
    tab.save_button.click()
    assert not BackupOptions.read(QSettings()).automatic


def test_every_control_is_named_and_mnemonics_are_free(page: SettingsPage) -> None:
    tab = page.backups_tab
    assert unnamed_focus_widgets(tab) == []
    letters = mnemonics(tab)
    assert len(letters) == len(set(letters)) == 10  # 8 + Verschlüsseln, Entschlüsseln
    assert not set(letters) & MENU_LETTERS


def test_enough_changes_make_a_backup_while_the_window_is_open(
    qtbot: QtBot, window: MainWindow, services: Services
) -> None:
    if not services.db.is_sqlite:
        pytest.skip("automatic backups are for SQLite")
    store = QSettings()
    store.setValue(settings.BACKUP_AFTER_CHANGES.key, 2)
    store.sync()
    watcher = ChangeBackups(services, window)
    assert watcher.timer.interval() == 60_000
    assert not watcher.check()  # nothing changed yet
    for name in ("eins", "zwei"):
        with services.db.transaction() as s:
            s.add(Organisation(kind=OrganisationKind.OTHER, name=name))
    window.busy_started("Speichern …")
    assert not watcher.check()  # not while an operation runs
    window.busy_finished()
    with qtbot.waitSignal(watcher.made, timeout=20_000) as made:
        assert watcher.check()
    result = made.args[0]
    assert isinstance(result, AutomaticBackup) and result.path.is_file()
    assert "automatisch" in result.path.name
    assert "Automatische Sicherung angelegt" in window.statusBar().currentMessage()
    assert services.database.changes_since_backup() == 0
    assert not watcher.check()


def test_a_failing_second_folder_is_shown_as_a_warning(
    qtbot: QtBot, window: MainWindow, services: Services, tmp_path: Path
) -> None:
    if not services.db.is_sqlite:
        pytest.skip("automatic backups are for SQLite")
    store = QSettings()
    store.setValue(settings.BACKUP_AFTER_CHANGES.key, 1)
    store.setValue(settings.BACKUP_SECOND_FOLDER.key, str(tmp_path / "weg"))
    store.sync()
    watcher = ChangeBackups(services, window)
    with services.db.transaction() as s:
        s.add(Organisation(kind=OrganisationKind.OTHER, name="eins"))
    with qtbot.waitSignal(watcher.made, timeout=20_000):
        assert watcher.check()
    assert not window.warning_label.isHidden()
    assert "nicht im zweiten Ordner" in window.warning_label.text()


def test_the_tab_renders(page: SettingsPage, tmp_path: Path) -> None:
    out = tmp_path / "sicherungen.png"
    assert page.grab().save(str(out))
    assert out.stat().st_size > 0
