"""Overview tiles open what they count: a click or Enter on a focused tile."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from beratung.gui.main_window import MainWindow
from beratung.gui.pages.overview import OverviewPage


def _click(widget: object) -> None:
    from PySide6.QtWidgets import QWidget

    assert isinstance(widget, QWidget)
    centre = QPointF(widget.rect().center())
    for kind in (QMouseEvent.Type.MouseButtonPress, QMouseEvent.Type.MouseButtonRelease):
        event = QMouseEvent(
            kind,
            centre,
            widget.mapToGlobal(centre),
            Qt.MouseButton.LeftButton,
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier,
        )
        QApplication.sendEvent(widget, event)


@pytest.mark.parametrize(
    ("tile", "page"),
    [
        ("persons", "contacts"),
        ("organisations", "contacts"),
        ("municipalities", "contacts"),
        ("distribution_lists", "contacts"),
        ("consultations", "consultations"),
        ("events", "events"),
        ("press_releases", "press"),
    ],
)
def test_clicking_a_tile_opens_its_page(window: MainWindow, tile: str, page: str) -> None:
    overview = window.show_page("overview")
    assert isinstance(overview, OverviewPage)
    _click(overview.tiles[tile])
    assert window.current_key() == page


def test_enter_on_a_focused_tile_opens_its_page(qtbot: QtBot, window: MainWindow) -> None:
    overview = window.show_page("overview")
    assert isinstance(overview, OverviewPage)
    tile = overview.tiles["consultations"]
    assert tile.focusPolicy() == Qt.FocusPolicy.StrongFocus
    qtbot.keyClick(tile, Qt.Key.Key_Return)
    assert window.current_key() == "consultations"
    window.show_page("overview")
    qtbot.keyClick(overview.tiles["press_releases"], Qt.Key.Key_Space)
    assert window.current_key() == "press"


def test_the_follow_up_tile_goes_to_the_follow_up_panel(qtbot: QtBot, window: MainWindow) -> None:
    window.activateWindow()
    qtbot.waitActive(window)
    overview = window.show_page("overview")
    assert isinstance(overview, OverviewPage)
    overview.follow_ups.table.show()  # as when follow-ups are open (hidden while none are)
    _click(overview.tiles["follow_ups"])
    assert window.current_key() == "overview"
    qtbot.waitUntil(lambda: overview.follow_ups.table.hasFocus(), timeout=10_000)
