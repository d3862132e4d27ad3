"""The main window on a fresh temporary database: pages, navigation, overview, settings, menus."""

from __future__ import annotations

import platform
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QSize, Qt, qVersion
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QAbstractButton, QLabel, QListWidget
from pytestqt.qtbot import QtBot

from beratung import __version__
from beratung.domain.enums import OrganisationKind
from beratung.domain.models import AppMeta, FollowUp, Organisation, Person
from beratung.gui.main_window import VIEW_NAMES, Dialogs, MainWindow
from beratung.gui.pages.base import Page
from beratung.gui.pages.overview import OverviewPage
from beratung.resources import MUNICIPALITY_DIRECTORY_ATTRIBUTION
from beratung.services import Services
from beratung.storage import migrate

PAGE_TITLES = [
    "Übersicht",
    "Kontakte",
    "Beratungen",
    "Veranstaltungen",
    "Presse",
    "Auswertungen",
    "Einstellungen",
]


def test_opens_on_fresh_database(window: MainWindow, services: Services) -> None:
    database = services.db.describe()
    assert window.windowTitle() == f"Beratung – {database}"
    assert "DEMO" not in window.windowTitle()
    assert window.current_key() == "overview"
    titles = [window.navigation.item(row).text() for row in range(window.navigation.count())]
    assert titles == PAGE_TITLES
    assert list(window.pages) == list(VIEW_NAMES)
    assert list(window.pages.built()) == ["overview"]  # the others are built on first visit
    assert all(isinstance(page, Page) for page in window.pages.values())
    # the navigation's titles, known before the pages are built, are the pages' own
    assert [page.title() for page in window.pages.values()] == PAGE_TITLES
    assert window.current_key() == "overview"
    assert window.stack.currentWidget().widget() is window.page("overview")  # in its scroller


def test_navigation_list_switches_pages(window: MainWindow) -> None:
    for row, key in enumerate(VIEW_NAMES):
        window.navigation.setCurrentRow(row)
        assert window.stack.currentWidget().widget() is window.page(key)  # in its scroller
        assert window.page_actions[key].isChecked()


def test_view_menu_actions_switch_pages_with_ctrl_numbers(window: MainWindow) -> None:
    for key in reversed(VIEW_NAMES):
        window.page_actions[key].trigger()
        assert window.current_key() == key
        assert window.navigation.currentRow() == VIEW_NAMES.index(key)
    for number, key in enumerate(VIEW_NAMES, start=1):
        assert window.page_actions[key].shortcut() == QKeySequence(f"Ctrl+{number}")


def test_page_is_refreshed_when_shown_and_on_f5(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []
    page = window.page("press")
    monkeypatch.setattr(page, "refresh", lambda: calls.append("press"))
    window.show_page("press")
    assert calls == ["press"]
    window.refresh_action.trigger()
    assert calls == ["press", "press"]
    assert window.refresh_action.shortcut() == QKeySequence(QKeySequence.StandardKey.Refresh)


def _tile(window: MainWindow, key: str) -> str:
    label = window.page("overview").findChild(QLabel, f"value_{key}")
    assert label is not None
    return label.text()


def _detail(window: MainWindow, key: str) -> str:
    label = window.page("overview").findChild(QLabel, f"detail_{key}")
    assert label is not None
    return label.text()


def test_overview_shows_counts_from_services(window: MainWindow, services: Services) -> None:
    overview = window.page("overview")
    assert isinstance(overview, OverviewPage)
    assert _tile(window, "municipalities") == "0"
    assert not overview.tiles["follow_ups"].property("alert")
    assert overview.demo_banner.isHidden()

    with services.db.transaction() as session:
        ulm = Organisation(kind=OrganisationKind.MUNICIPALITY, name="Ulm", is_member=True)
        session.add_all(
            [
                ulm,
                Organisation(kind=OrganisationKind.MUNICIPALITY, name="Altdorf", is_member=False),
                Person(last_name="Fischer", first_name="Simone"),
            ]
        )
        session.flush()
        session.add_all(
            [
                FollowUp(
                    due_on=date.today() - timedelta(days=1), note="anrufen", organisation_id=ulm.id
                ),
                FollowUp(
                    due_on=date.today() + timedelta(days=30), note="später", organisation_id=ulm.id
                ),
            ]
        )
    window.refresh_action.trigger()

    assert _tile(window, "municipalities") == "2"
    assert _detail(window, "municipalities") == "davon ein Mitglied"
    assert _tile(window, "persons") == "1"
    assert _tile(window, "follow_ups") == "1"
    assert _detail(window, "follow_ups") == "2 offen insgesamt"
    assert overview.tiles["follow_ups"].property("alert") is True
    assert services.db.describe() in overview.database_label.text()


def test_demo_database_is_marked(window: MainWindow, services: Services) -> None:
    with services.db.transaction() as session:
        session.add(AppMeta(key="demo", value="1"))
    window.refresh_action.trigger()
    assert window.windowTitle().endswith("DEMO-DATEN")
    overview = window.page("overview")
    assert isinstance(overview, OverviewPage)
    assert overview.demo_banner.isVisible()


def test_large_numbers_use_german_grouping(window: MainWindow) -> None:
    overview = window.page("overview")
    assert isinstance(overview, OverviewPage)
    overview.tiles["municipalities"].set_value(1101)
    assert _tile(window, "municipalities") == "1.101"


def test_geometry_is_restored_from_qsettings(qtbot: QtBot, services: Services) -> None:
    first = MainWindow(services)
    qtbot.addWidget(first)
    first.restore_settings()
    first.show()
    first.resize(QSize(760, 530))
    qtbot.waitUntil(lambda: first.size() == QSize(760, 530))
    first.close()

    assert QSettings().value("MainWindow/geometry") is not None
    assert Path(QSettings().fileName()).is_file()

    second = MainWindow(services)
    qtbot.addWidget(second)
    assert second.size() != QSize(760, 530)
    second.restore_settings()
    assert second.size() == QSize(760, 530)


def test_settings_are_not_saved_without_restore(qtbot: QtBot, services: Services) -> None:
    window = MainWindow(services)
    qtbot.addWidget(window)
    window.show()
    window.close()
    assert QSettings().value("MainWindow/geometry") is None


def test_about_box_shows_version_office_and_attribution(
    window: MainWindow, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(Dialogs, "about", classmethod(lambda cls, parent, html: shown.append(html)))
    window.about_action.trigger()
    assert len(shown) == 1
    assert MUNICIPALITY_DIRECTORY_ATTRIBUTION in shown[0]
    assert f"Beratung {__version__}" in shown[0]
    assert "Städtetag Baden-Württemberg" in shown[0]
    # where her data lives, which schema it has, and what it runs on
    assert f"{migrate.head_revision()} (aktuell)" in shown[0]
    for folder in (services.paths.data_dir, services.paths.backup_dir, services.paths.log_dir):
        assert str(folder) in shown[0]
    assert qVersion() in shown[0]
    assert platform.python_version() in shown[0]


def test_backup_action_runs_in_background_and_shows_the_path(
    qtbot: QtBot, window: MainWindow, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not services.db.is_sqlite:
        pytest.skip("Sicherungen aus dem Programm heraus gibt es nur für SQLite")
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(
        Dialogs,
        "information",
        classmethod(lambda cls, parent, text, informative="": shown.append((text, informative))),
    )
    window.backup_action.trigger()
    assert window.is_busy()
    assert not window.backup_action.isEnabled()
    qtbot.waitUntil(lambda: bool(shown), timeout=10_000)
    assert shown[0][0] == "Die Datenbank wurde gesichert."
    backups = list(services.paths.backup_dir.glob("*"))
    assert backups
    assert any(str(b) in shown[0][1] for b in backups)
    assert not window.is_busy()
    assert window.backup_action.isEnabled()


def test_menus_use_standard_shortcuts(window: MainWindow) -> None:
    assert window.quit_action.shortcuts()
    menus = [action.text() for action in window.menuBar().actions()]
    assert menus == ["&Datei", "&Bearbeiten", "&Ansicht", "&Hilfe"]


def test_navigation_model(qtmodeltester: object, window: MainWindow) -> None:
    qtmodeltester.check(window.navigation.model())  # type: ignore[attr-defined]


def test_controls_have_accessible_names(window: MainWindow) -> None:
    for key in VIEW_NAMES:
        window.show_page(key)
        page = window.page(key)
        assert page.accessibleName()
        for button in page.findChildren(QAbstractButton):
            assert button.accessibleName() or button.text(), button
    lists = window.findChildren(QListWidget)
    assert all(widget.accessibleName() for widget in lists)


def test_keyboard_only_navigation(qtbot: QtBot, window: MainWindow) -> None:
    window.navigation.setFocus()
    qtbot.keyClick(window.navigation, Qt.Key.Key_Down)
    assert window.current_key() == "contacts"
    qtbot.keyClick(window.navigation, Qt.Key.Key_End)
    assert window.current_key() == "settings"
    qtbot.keyClick(window.navigation, Qt.Key.Key_Home)
    assert window.current_key() == "overview"
