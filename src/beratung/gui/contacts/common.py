"""Small shared pieces of the contacts widgets: their style rules, field and table makers, the
dialog entry points tests replace."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QAbstractItemModel, QCoreApplication, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QFrame,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from beratung.gui.style import scaled


def tr(text: str) -> str:
    return QCoreApplication.translate("Contacts", text)


def line_edit(name: str, accessible: str, placeholder: str = "") -> QLineEdit:
    edit = QLineEdit()
    edit.setObjectName(name)
    edit.setAccessibleName(accessible)
    if placeholder:
        edit.setPlaceholderText(placeholder)
    return edit


def read_only(name: str, accessible: str) -> QLineEdit:
    edit = line_edit(name, accessible)
    edit.setReadOnly(True)
    edit.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
    return edit


def text_of(widget: QWidget) -> str:
    if isinstance(widget, QLineEdit):
        return widget.text().strip()
    if isinstance(widget, QPlainTextEdit):
        return widget.toPlainText().strip()
    if isinstance(widget, QComboBox):
        return widget.currentText()
    raise TypeError(widget)


def table_view(name: str, accessible: str, model: QAbstractItemModel) -> QTableView:
    view = QTableView()
    view.setObjectName(name)
    view.setAccessibleName(accessible)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setShowGrid(False)
    view.setWordWrap(False)
    view.setTabKeyNavigation(False)
    view.setCornerButtonEnabled(False)
    corner = view.findChild(QAbstractButton, "qt_tableview_cornerbutton")
    if corner is not None:
        corner.setAccessibleName(tr("Alle auswählen"))
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(scaled(26))
    header = view.horizontalHeader()
    header.setHighlightSections(False)
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(True)
    return view


class WrapLabel(QLabel):
    """A word-wrapping label that is always as tall as its text needs at its width (inside a
    scroll area a plain QLabel is laid out at its unwrapped height and cuts the last lines)."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setWordWrap(True)

    def _fit(self) -> None:
        needed = self.heightForWidth(max(self.width(), 1))
        if needed > 0 and needed != self.minimumHeight():
            self.setMinimumHeight(needed)

    def setText(self, text: str) -> None:
        super().setText(text)
        self._fit()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()


def section(title: str) -> QLabel:
    label = QLabel(title)
    label.setProperty("role", "sectionTitle")
    label.setAccessibleName(title)
    return label


def muted(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setProperty("role", "muted")
    label.setWordWrap(True)
    return label


def card(*widgets: QWidget) -> QFrame:
    frame = QFrame()
    frame.setProperty("role", "card")
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(14, 12, 14, 12)
    for widget in widgets:
        layout.addWidget(widget)
    return frame


class ContactDialogs:
    """Modal questions of the contacts page; tests replace these classmethods."""

    @classmethod
    def confirm(cls, parent: QWidget | None, text: str, informative: str, ok_text: str) -> bool:
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(tr("Beratung"))
        box.setText(text)
        if informative:
            box.setInformativeText(informative)
        ok = box.addButton(ok_text, QMessageBox.ButtonRole.AcceptRole)
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(cancel)
        box.setEscapeButton(cancel)
        box.exec()
        return box.clickedButton() is ok

    @classmethod
    def information(cls, parent: QWidget | None, text: str, informative: str = "") -> None:
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Information)
        box.setWindowTitle(tr("Beratung"))
        box.setText(text)
        if informative:
            box.setInformativeText(informative)
        box.exec()

    @classmethod
    def open_file(cls, parent: QWidget | None, title: str, filters: Sequence[str]) -> str | None:
        path, _selected = QFileDialog.getOpenFileName(parent, title, "", ";;".join(filters))
        return path or None

    @classmethod
    def save_file(
        cls, parent: QWidget | None, title: str, suggested: str, filters: Sequence[str]
    ) -> str | None:
        path, _selected = QFileDialog.getSaveFileName(parent, title, suggested, ";;".join(filters))
        return path or None

    @classmethod
    def text(cls, parent: QWidget | None, title: str, prompt: str, value: str = "") -> str | None:
        text, ok = QInputDialog.getText(parent, title, prompt, QLineEdit.EchoMode.Normal, value)
        return text.strip() if ok and text.strip() else None
