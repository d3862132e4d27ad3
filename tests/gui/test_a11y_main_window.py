"""Keyboard and screen reader over the whole main window with the demo data: every page, every
tab of every page (settings, the event's tabs, the report tables, the contact modes), each
checked for keyboard traps, unnamed focusable widgets and mnemonic clashes (see a11y_audit)."""

from __future__ import annotations

from collections import defaultdict

from a11y_audit import assert_accessible, explore, mnemonic, settle
from PySide6.QtWidgets import QMenu
from pytestqt.qtbot import QtBot

from beratung.gui.consultations.charts import BarChart
from beratung.gui.main_window import VIEW_NAMES, MainWindow
from beratung.services import Services
from beratung.services.demo import DemoService


def test_every_page_and_tab_is_keyboard_and_screen_reader_ready(
    qtbot: QtBot, services: Services
) -> None:
    DemoService(services.context).create()
    window = MainWindow(services)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    found: dict[str, list[str]] = defaultdict(list)
    states: list[str] = []
    for key in VIEW_NAMES:
        window.show_page(key)
        settle(qtbot)
        states += explore(window, key, qtbot, found)
        if key == "reports":
            found["charts without their numbers"] += _charts_without_numbers(window)
    assert len(states) >= 30, states
    assert_accessible(found, states)


def _charts_without_numbers(window: MainWindow) -> list[str]:
    """A chart is read by its accessible description: every bar's label and number."""
    problems = []
    charts = window.page("reports").findChildren(BarChart)
    assert charts
    for chart in charts:
        description = chart.accessibleDescription()
        for bar in chart.bars:
            if chart.value_text(bar.value) not in description or bar.label not in description:
                problems.append(f"chart {chart.title!r}: {bar.label} missing in {description!r}")
    return problems


def test_the_view_menu_has_alt_letters_beside_the_shortcuts(window: MainWindow) -> None:
    view_menu = next(
        action.menu() for action in window.menuBar().actions() if action.text() == "&Ansicht"
    )
    assert isinstance(view_menu, QMenu)
    texts = [action.text() for action in view_menu.actions() if not action.isSeparator()]
    letters = [mnemonic(text) for text in texts]
    assert None not in letters and len(set(letters)) == len(letters), texts
    assert [window.page_actions[key].shortcut().toString() for key in VIEW_NAMES] == [
        f"Ctrl+{number}" for number in range(1, len(VIEW_NAMES) + 1)
    ]
    assert window.page_actions["overview"].text() == "&Übersicht"
