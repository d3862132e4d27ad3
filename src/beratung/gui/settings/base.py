"""Shared parts of the Einstellungen tabs: the tab base class with its save/error handling,
the dialog entry points tests replace, and small layout helpers."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QFileDialog,
    QFormLayout,
    QFrame,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from beratung.domain.errors import ConcurrentEditError, UserError, ValidationError
from beratung.gui.errors import report_exception
from beratung.gui.operations import run_operation
from beratung.gui.press_editor import INVALID_STYLE, mark_invalid
from beratung.gui.tablemodels import Column, SnapshotTableModel

if TYPE_CHECKING:
    from beratung.services import Services

#: The read-only snapshot table of the Einstellungen page (the shared model, under its old name).
RowTableModel = SnapshotTableModel

SETTINGS_STYLE = (
    INVALID_STYLE
    + """
QLabel[role="fieldOk"] { color: #1e6b3a; font-weight: 600; }
QLabel#logoPreview { background: #ffffff; border: 1px dashed #b7c1cc; border-radius: 4px; }
"""
)


class SettingsDialogs:
    """Modal dialogs of the page; tests replace these entry points."""

    @classmethod
    def open_logo_file(cls, parent: QWidget) -> str | None:
        name, _filter = QFileDialog.getOpenFileName(
            parent,
            parent.tr("Logo wählen"),
            "",
            parent.tr("Bilder (*.png *.jpg *.jpeg *.svg)"),
        )
        return name or None

    @classmethod
    def open_directory_file(cls, parent: QWidget) -> str | None:
        name, _filter = QFileDialog.getOpenFileName(
            parent,
            parent.tr("Gemeindeverzeichnis wählen"),
            "",
            parent.tr("Gemeindeverzeichnis (*.csv)"),
        )
        return name or None

    @classmethod
    def offer_reload(cls, parent: QWidget, error: UserError) -> bool:
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(parent.tr("Einstellungen"))
        box.setText(error.message)
        box.setInformativeText(
            parent.tr(
                "Möchten Sie die gespeicherten Daten neu laden? Ihre Eingaben gehen verloren."
            )
        )
        reload = box.addButton(parent.tr("Neu laden"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(parent.tr("Abbrechen"), QMessageBox.ButtonRole.RejectRole)
        box.exec()
        return box.clickedButton() is reload


class FormFeedback:
    """Shows a German validation message in a label and marks the field it names."""

    def __init__(self, label: QLabel, widgets: dict[str, QWidget]) -> None:
        self.label = label
        self.widgets = widgets
        label.setProperty("role", "fieldError")
        label.setWordWrap(True)
        label.hide()

    def show(self, error: ValidationError | str, field: str | None = None) -> None:
        self.clear()
        message = error.message if isinstance(error, ValidationError) else error
        if isinstance(error, ValidationError):
            field = error.field
        self.label.setText(message)
        self.label.setAccessibleName(message)
        self.label.show()
        widget = self.widgets.get(field or "")
        if widget is not None:
            mark_invalid(widget, True)
            widget.setToolTip(message)
            widget.setAccessibleDescription(message)
            widget.setFocus(Qt.FocusReason.OtherFocusReason)

    def show_success(self, message: str) -> None:
        self.clear()
        self.label.setProperty("role", "fieldOk")
        self.label.style().unpolish(self.label)
        self.label.style().polish(self.label)
        self.label.setText(message)
        self.label.setAccessibleName(message)
        self.label.show()

    def clear(self) -> None:
        if self.label.property("role") != "fieldError":
            self.label.setProperty("role", "fieldError")
            self.label.style().unpolish(self.label)
            self.label.style().polish(self.label)
        self.label.clear()
        self.label.hide()
        for widget in self.widgets.values():
            if widget.property("invalid"):
                mark_invalid(widget, False)
                widget.setToolTip("")
                widget.setAccessibleDescription("")

    def invalid_field(self) -> str | None:
        for name, widget in self.widgets.items():
            if widget.property("invalid"):
                return name
        return None


def make_table(name: str, accessible: str) -> QTableView:
    table = QTableView()
    table.setObjectName(name)
    table.setAccessibleName(accessible)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setSortingEnabled(True)
    table.setWordWrap(False)
    table.setTabKeyNavigation(False)
    table.setCornerButtonEnabled(False)
    for inner in table.findChildren(QAbstractButton):
        inner.setAccessibleName(QCoreApplication.translate("SettingsPage", "Alle auswählen"))
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(26)
    table.horizontalHeader().setHighlightSections(False)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def form_layout() -> QFormLayout:
    form = QFormLayout()
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    form.setHorizontalSpacing(12)
    form.setVerticalSpacing(7)
    return form


def make_card() -> tuple[QFrame, QVBoxLayout]:
    card = QFrame()
    card.setProperty("role", "card")
    layout = QVBoxLayout(card)
    layout.setContentsMargins(18, 14, 18, 14)
    layout.setSpacing(10)
    return card, layout


def stripped(widget: QLineEdit | QPlainTextEdit) -> str | None:
    value = widget.toPlainText() if isinstance(widget, QPlainTextEdit) else widget.text()
    return value.strip() or None


class SettingsTab(QWidget):
    """A tab with the page's services and the shared save/error handling."""

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.busy = False
        self.feedback: FormFeedback | None = None

    def load(self) -> None:
        raise NotImplementedError

    def run(self, fn: Callable[[], Any], done: Callable[[Any], None], progress: str) -> None:
        self.busy = True
        if self.feedback is not None:
            self.feedback.clear()

        def success(result: Any) -> None:
            self.busy = False
            done(result)

        run_operation(self, fn, success, on_failure=self.failed, progress_text=progress)

    def failed(self, exc: BaseException) -> None:
        self.busy = False
        if isinstance(exc, ConcurrentEditError):
            if SettingsDialogs.offer_reload(self, exc):
                self.load()
            return
        if isinstance(exc, ValidationError) and self.feedback is not None:
            self.feedback.show(exc)
            return
        report_exception(exc, self)

    def labelled(self, form: QFormLayout, text: str, widget: QWidget, accessible: str) -> None:
        label = QLabel(text)
        label.setBuddy(widget)
        widget.setAccessibleName(accessible)
        form.addRow(label, widget)

    def save_shortcut(self, slot: Callable[[], None]) -> None:
        action = QAction(self.tr("Speichern"), self)
        action.setShortcut(QKeySequence(QKeySequence.StandardKey.Save))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)


__all__ = [
    "Column",
    "FormFeedback",
    "RowTableModel",
    "SettingsDialogs",
    "SettingsTab",
    "form_layout",
    "make_card",
    "make_table",
    "stripped",
]
