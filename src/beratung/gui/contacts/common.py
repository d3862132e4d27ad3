"""Small shared pieces of the contacts widgets: field errors, dialog entry points, file writing."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
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

from beratung.gui.style import ALERT, ALERT_BG, BORDER, MUTED, WARNING_BG, WARNING_BORDER

#: Extra rules for the contacts widgets, built from the colours of ``gui/style.py``.
CONTACTS_STYLE = f"""
QLineEdit[invalid="true"], QComboBox[invalid="true"], QPlainTextEdit[invalid="true"] {{
    border: 1px solid {ALERT};
    background: {ALERT_BG};
}}
QLineEdit[readOnly="true"] {{
    background: #f7f9fb;
    color: {MUTED};
}}
QLabel[role="fieldError"] {{
    color: {ALERT};
}}
QLabel[role="letterPreview"] {{
    background: #fbfcfd;
    border: 1px solid {BORDER};
    border-radius: 4px;
    padding: 8px 10px;
}}
QLabel[role="letterPreview"][problem="true"] {{
    color: {ALERT};
    background: {ALERT_BG};
    border: 1px solid {ALERT};
}}
QLabel[role="count"] {{
    color: {MUTED};
}}
QFrame[role="conflict"] {{
    background: {WARNING_BG};
    border: 1px solid {WARNING_BORDER};
    border-radius: 6px;
}}
QFrame[role="conflict"] QLabel {{
    background: transparent;
    border: none;
}}
QTableView {{
    gridline-color: #eef1f4;
}}
"""


def tr(text: str) -> str:
    return QCoreApplication.translate("Contacts", text)


def repolish(widget: QWidget) -> None:
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)
    widget.update()


class FieldErrors:
    """Validation messages shown at the named field: a red frame and the text below it."""

    def __init__(self) -> None:
        self.widgets: dict[str, QWidget] = {}
        self.labels: dict[str, QLabel] = {}

    def error_label(self, key: str) -> QLabel:
        label = QLabel()
        label.setObjectName(f"error_{key}")
        label.setProperty("role", "fieldError")
        label.setWordWrap(True)
        label.hide()
        self.labels[key] = label
        return label

    def register(self, key: str, widget: QWidget) -> None:
        self.widgets[key] = widget

    def show(self, key: str | None, message: str) -> bool:
        """Mark the field ``key``; False when there is no such field (show the error elsewhere)."""
        if key is None or key not in self.widgets:
            return False
        widget = self.widgets[key]
        widget.setProperty("invalid", True)
        repolish(widget)
        widget.setToolTip(message)
        label = self.labels.get(key)
        if label is not None:
            label.setText(message)
            label.setAccessibleName(message)
            label.show()
        widget.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def message(self, key: str) -> str:
        label = self.labels.get(key)
        return label.text() if label is not None and not label.isHidden() else ""

    def is_marked(self, key: str) -> bool:
        widget = self.widgets.get(key)
        return bool(widget is not None and widget.property("invalid"))

    def clear(self) -> None:
        for key, widget in self.widgets.items():
            if widget.property("invalid"):
                widget.setProperty("invalid", False)
                widget.setToolTip("")
                repolish(widget)
            label = self.labels.get(key)
            if label is not None:
                label.clear()
                label.hide()


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


def table_view(name: str, accessible: str, model: Any) -> QTableView:
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
    view.verticalHeader().setDefaultSectionSize(26)
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
    def unsaved_changes(cls, parent: QWidget | None, name: str) -> str:
        """ "save", "discard" or "cancel"."""
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(tr("Beratung"))
        box.setText(tr("Die Änderungen an „{name}“ sind noch nicht gespeichert.").format(name=name))
        box.setInformativeText(tr("Möchten Sie sie speichern?"))
        buttons = QMessageBox.StandardButton
        box.setStandardButtons(buttons.Save | buttons.Discard | buttons.Cancel)
        box.setDefaultButton(buttons.Save)
        answer = box.exec()
        if answer == buttons.Save:
            return "save"
        if answer == buttons.Discard:
            return "discard"
        return "cancel"

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
