"""Keyboard and screen reader over the whole main window with the demo data: every page, every
tab of every page (settings, the event's tabs, the report tables, the contact modes), each
checked for keyboard traps, unnamed focusable widgets and mnemonic clashes (see a11y_audit)."""

from __future__ import annotations

from collections import defaultdict

from a11y_audit import audit
from PySide6.QtWidgets import QApplication, QTabBar, QWidget
from pytestqt.qtbot import QtBot

from beratung.gui.main_window import VIEW_NAMES, MainWindow
from beratung.gui.operations import wait_for_operations
from beratung.services import Services
from beratung.services.demo import DemoService


def settle(qtbot: QtBot) -> None:
    """Let background loads finish and their results arrive."""
    for _round in range(3):
        wait_for_operations()
        QApplication.processEvents()
        qtbot.wait(20)


def _visible_tab_bars(window: QWidget) -> list[QTabBar]:
    return [bar for bar in window.findChildren(QTabBar) if bar.isVisible() and bar.count() > 1]


def explore(
    window: QWidget,
    label: str,
    qtbot: QtBot,
    found: dict[str, list[str]],
    explored: set[int] | None = None,
) -> list[str]:
    """Audit the window as it is, then every other tab of every visible tab bar not explored
    yet (a tab bar that appears on a tab is explored there)."""
    states = [label]
    for kind, problems in audit(window, label).items():
        found[kind].extend(problems)
    explored = set() if explored is None else explored
    bars = [bar for bar in _visible_tab_bars(window) if id(bar) not in explored]
    explored.update(id(bar) for bar in bars)
    for bar in bars:
        if not bar.isVisible():
            continue
        first = bar.currentIndex()
        for index in range(bar.count()):
            if index == first or not bar.isTabEnabled(index) or not bar.isTabVisible(index):
                continue
            bar.setCurrentIndex(index)
            settle(qtbot)
            sub = f"{label} › {bar.tabText(index).replace('&', '')}"
            states += explore(window, sub, qtbot, found, explored)
        bar.setCurrentIndex(first)
        settle(qtbot)
    return states


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


def assert_accessible(found: dict[str, list[str]], states: list[str]) -> None:
    """0 traps, 0 unnamed focusable widgets, 0 clashes, every button with a mnemonic; labels
    without one (more fields than free letters) are only counted."""
    counts = {kind: len(dict.fromkeys(problems)) for kind, problems in found.items()}
    print(f"{len(states)} states: {states}\n{counts}")
    report = "\n".join(
        dict.fromkeys(
            line
            for kind, problems in found.items()
            if kind != "labels without mnemonic"
            for line in problems
        )
    )
    assert not report, f"{counts}\n{report}"
