"""Shared parts of the Einstellungen tabs: the tab base class with its save/error handling,
the dialog entry points tests replace, and small layout helpers.

Every tab with a form gives it a :class:`~beratung.gui.feedback.FormFeedback`: a
``ValidationError`` is shown at the field it names (and repeated under the form), a
``ConcurrentEditError`` as the banner with "Neu laden". The tabs do not ask about unsaved
edits (each tab saves on its own button; nothing is tracked).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QCoreApplication, QSettings, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from beratung.domain.errors import ConcurrentEditError, ValidationError
from beratung.domain.rules.text import clean_text
from beratung.gui.errors import report_exception
from beratung.gui.feedback import FormFeedback
from beratung.gui.operations import run_operation
from beratung.gui.pages.base import heading
from beratung.gui.passphrase import KeyAnswer, NewKeyDialog
from beratung.gui.style import scaled
from beratung.gui.tablemodels import Column, SnapshotTableModel

if TYPE_CHECKING:
    from beratung.services import Services

T = TypeVar("T")

#: The read-only snapshot table of the Einstellungen page (the shared model, under its old name).
RowTableModel = SnapshotTableModel

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
    def choose_folder(cls, parent: QWidget, title: str, start: str) -> str | None:
        name = QFileDialog.getExistingDirectory(parent, title, start)
        return name or None

    @classmethod
    def confirm(cls, parent: QWidget, title: str, text: str) -> bool:
        box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent)
        box.setAccessibleName(title)
        yes = box.addButton(parent.tr("&Ja"), QMessageBox.ButtonRole.AcceptRole)
        no = box.addButton(parent.tr("&Nein"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(no)
        box.exec()
        return box.clickedButton() is yes

    @classmethod
    def new_database_key(
        cls, parent: QWidget, explanation: str, min_length: int
    ) -> KeyAnswer | None:
        """The explanation of a lost key, the new key twice and the confirmation."""
        dialog = NewKeyDialog(explanation, min_length=min_length, parent=parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.answer()


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
    table.verticalHeader().setDefaultSectionSize(scaled(26))
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


@dataclass(frozen=True, slots=True)
class ExplainedCard:
    """What :func:`explained_card` built: the tabs keep adding to ``box`` and ``form``."""

    frame: QFrame
    box: QVBoxLayout
    #: The muted paragraph under the heading (``None`` for a card without one).
    explanation: QLabel | None
    #: Already placed under the explanation; rows added later appear there.
    form: QFormLayout


def explained_card(title: str, text: str = "") -> ExplainedCard:
    """A card with its section heading, a muted explanation (when ``text`` is given) and an
    empty form below: the opening every single-card tab (Darstellung, Sicherungen, Datenschutz)
    builds, so the tabs look and read alike."""
    card, box = make_card()
    box.addWidget(heading(title, "sectionTitle"))
    explanation: QLabel | None = None
    if text:
        explanation = QLabel(text)
        explanation.setWordWrap(True)
        explanation.setProperty("role", "muted")
        box.addWidget(explanation)
    form = form_layout()
    box.addLayout(form)
    return ExplainedCard(card, box, explanation, form)


def stripped(widget: QLineEdit | QPlainTextEdit) -> str | None:
    """The widget's text as :func:`~beratung.domain.rules.text.clean_text` cleans it."""
    return clean_text(
        widget.toPlainText() if isinstance(widget, QPlainTextEdit) else widget.text()
    )


class SettingsTab(QWidget):
    """A tab with the page's services and the shared save/error handling."""

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.busy = False
        self.feedback: FormFeedback | None = None

    def load(self) -> None:
        raise NotImplementedError

    def reload(self) -> None:
        """ "Neu laden" after a conflict: the stored state again (tabs with a selection override
        it to show the selected record afresh)."""
        self.load()

    def make_feedback(self, summary: QLabel) -> FormFeedback:
        """The tab's form feedback with ``summary`` under the form (for "gespeichert" too)."""
        feedback = FormFeedback(self, summary=summary, conflicts=True, tracks_changes=False)
        feedback.reload_requested.connect(self.reload)
        self.feedback = feedback
        return feedback

    def run(self, fn: Callable[[], T], done: Callable[[T], None], progress: str) -> None:
        self.busy = True
        if self.feedback is not None:
            self.feedback.clear_errors()
            self.feedback.hide_conflict()

        def success(result: T) -> None:
            self.busy = False
            done(result)

        run_operation(self, fn, success, on_failure=self.failed, progress_text=progress)

    def failed(self, exc: BaseException) -> None:
        self.busy = False
        if self.feedback is not None:
            if isinstance(exc, ConcurrentEditError) and self.feedback.show_conflict(exc):
                return
            if isinstance(exc, ValidationError):
                self.feedback.show_error(exc)  # at its field, and always under the form
                return
        report_exception(exc, self)

    def labelled(
        self,
        form: QFormLayout,
        text: str,
        widget: QWidget,
        accessible: str,
        field: str | None = None,
    ) -> None:
        """A form row with its buddy label; with ``field`` (the service's name for it) the
        field is registered with the tab's feedback and its message row added underneath."""
        label = QLabel(text)
        label.setBuddy(widget)
        widget.setAccessibleName(accessible)
        form.addRow(label, widget)
        if field is not None:
            assert self.feedback is not None, "make_feedback() first"
            form.addRow("", self.feedback.register(field, widget).label)

    def save_shortcut(self, slot: Callable[[], None]) -> None:
        action = QAction(self.tr("Speichern"), self)
        action.setShortcut(QKeySequence(QKeySequence.StandardKey.Save))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)


class WorkstationTab(SettingsTab):
    """A tab whose options live in QSettings, per user and workstation (Darstellung,
    Sicherungen): not in the shared data. ``store`` opens the QSettings (tests give their
    own); ``columns`` holds the cards :meth:`build` puts side by side."""

    def __init__(
        self,
        services: Services,
        parent: QWidget | None = None,
        store: Callable[[], QSettings] = QSettings,
    ) -> None:
        super().__init__(services, parent)
        self.store = store
        self.columns = QHBoxLayout(self)
        self.columns.setContentsMargins(0, 12, 0, 0)
        self.build()

    def build(self) -> None:
        raise NotImplementedError


__all__ = [
    "Column",
    "ExplainedCard",
    "RowTableModel",
    "SettingsDialogs",
    "SettingsTab",
    "WorkstationTab",
    "explained_card",
    "form_layout",
    "make_card",
    "make_table",
    "stripped",
]
