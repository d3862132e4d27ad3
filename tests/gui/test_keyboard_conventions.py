"""gui/keyboard: the conventions reach a widget when its window first has the focus, and free
Alt letters are found for texts that come from data."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import (
    QCheckBox,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from pytestqt.qtbot import QtBot

from beratung.gui.keyboard import assign_missing_mnemonics, with_free_mnemonic


def test_a_window_gets_the_conventions_with_its_first_focus(qtbot: QtBot) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    layout = QVBoxLayout(window)
    edit = QLineEdit()
    table = QTableView()
    table.setModel(QStandardItemModel(2, 2, table))
    notes = QPlainTextEdit()
    area = QScrollArea()
    inner = QWidget()
    QVBoxLayout(inner).addWidget(QLineEdit())
    area.setWidget(inner)
    for widget in (edit, table, notes, area):
        layout.addWidget(widget)
    assert table.tabKeyNavigation()
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    edit.setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.waitUntil(lambda: not table.tabKeyNavigation())
    assert notes.tabChangesFocus()
    assert area.focusPolicy() == Qt.FocusPolicy.NoFocus


def test_free_letters_are_found_in_order() -> None:
    taken = {"n", "a"}
    assert with_free_mnemonic("Name", taken) == "Na&me"
    assert with_free_mnemonic("&Titel", taken) == "&Titel"
    assert with_free_mnemonic("Nat", taken) == "Nat"  # all taken: n, a, t
    assert taken == {"n", "a", "m", "t"}


def test_data_named_check_boxes_get_letters_the_window_does_not_use(qtbot: QtBot) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    layout = QVBoxLayout(window)
    layout.addWidget(QPushButton("&Vorschau …"))
    boxes = [QCheckBox(text) for text in ("Vorname", "Name", "Nr.")]
    for box in boxes:
        layout.addWidget(box)
    assign_missing_mnemonics(window, boxes)
    assert [box.text() for box in boxes] == ["V&orname", "&Name", "N&r."]
