"""Keyboard and screen reader over the whole main window with the demo data: every page, every
tab of every page (settings, the event's tabs, the report tables, the contact modes), each
checked for keyboard traps, unnamed focusable widgets and mnemonic clashes (see a11y_audit)."""

from __future__ import annotations

from collections import defaultdict

from a11y_audit import assert_accessible, explore, settle
from pytestqt.qtbot import QtBot

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
    assert len(states) >= 30, states
    assert_accessible(found, states)
