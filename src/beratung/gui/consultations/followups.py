"""The Wiedervorlagen panel of the Übersicht: overdue (red, bold), today, this week; and the
editor of one follow-up (also opened from a consultation's detail).

Each entry says what it belongs to; "Erledigt" (button, Strg+E or the context menu) marks the
selected one done; "Bearbeiten …" (F2) changes its due date ("in 2 Wochen", "nächsten Monat",
"25.10.2017") and note, marks it done or open again, or deletes it (Entf); a double-click (or
Enter) opens what it belongs to.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QLocale, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from beratung.domain.errors import UserError, ValidationError
from beratung.domain.rules.dates import format_date_de
from beratung.gui.consultations.fields import DateField, due_date
from beratung.gui.consultations.models import Column, RecordTableModel, name_corner_button
from beratung.gui.errors import report_exception
from beratung.gui.feedback import FormFeedback
from beratung.gui.fit import keep_minimum_width
from beratung.gui.operations import run_operation
from beratung.gui.pages.base import heading
from beratung.gui.style import scaled
from beratung.services.followups import FollowUpDraft

if TYPE_CHECKING:
    from collections.abc import Callable

    from beratung.services import Services
    from beratung.services.followups import FollowUpOverview, FollowUpSnapshot


def _tr(text: str) -> str:
    return QCoreApplication.translate("FollowUpPanel", text)


def bucket_label(item: FollowUpSnapshot, today: date) -> str:
    """The open follow-up's state in words: overdue (since when), today, this week, later."""
    if item.due_on < today:
        days = (today - item.due_on).days
        if days == 1:
            return _tr("überfällig seit 1 Tag")
        if days <= 60:
            return _tr("überfällig seit {days} Tagen").format(days=days)
        # "seit 3269 Tagen" is a number nobody reads (the date stands in the column beside it).
        if days < 365:
            return _tr("überfällig seit {months} Monaten").format(months=days // 30)
        years = days // 365
        if years == 1:
            return _tr("überfällig seit über einem Jahr")
        return _tr("überfällig seit über {years} Jahren").format(years=years)
    if item.due_on == today:
        return _tr("heute")
    if item.due_on <= today + timedelta(days=6 - today.weekday()):
        return _tr("diese Woche")
    return _tr("später")


def delete_question(item: FollowUpSnapshot) -> str:
    """The question before a follow-up is deleted (the panel, the editor, an event's list)."""
    return _tr("Die Wiedervorlage vom {date} („{note}“) wirklich löschen?").format(
        date=format_date_de(item.due_on), note=item.note
    )


class FollowUpDialogs:
    """Confirmations around follow-ups; tests replace these entry points."""

    @classmethod
    def confirm_delete(cls, parent: QWidget, text: str) -> bool:
        answer = QMessageBox.question(
            parent,
            _tr("Wiedervorlage löschen"),
            text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes


class FollowUpEditor(QDialog):
    """One follow-up: its due date (German text) and note, done or open again, or deleted.

    Every action goes through :class:`FollowUpService` (``update_follow_up``, ``mark_done``,
    ``reopen``, ``delete_follow_up``) and closes the dialog once saved; ``outcome`` says what
    happened ("saved", "done", "reopened", "deleted") or stays ``None``.
    """

    def __init__(
        self, services: Services, follow_up: FollowUpSnapshot, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.follow_up = follow_up
        self.outcome: str | None = None
        self.setObjectName("followUpEditor")
        self.setWindowTitle(_tr("Wiedervorlage bearbeiten"))
        layout = QVBoxLayout(self)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        belongs = QLabel(follow_up.subject_label)
        belongs.setObjectName("followUpSubject")
        belongs.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow(_tr("Gehört zu"), belongs)
        self.status_label = QLabel(
            _tr("erledigt am {date}").format(
                date=format_date_de(follow_up.done_at)
            )
            if follow_up.done_at is not None
            else _tr("offen")
        )
        self.status_label.setProperty("role", "muted")
        form.addRow(_tr("Stand"), self.status_label)
        self.due = DateField(
            services.context.today,
            due_date,
            field="due",
            placeholder=_tr("in 2 Wochen, nächsten Monat, 25.10.2017"),
            accessible_name=_tr("Fällig am"),
        )
        self.due.edit.setFixedWidth(scaled(210))
        self.due.set_date(follow_up.due_on)
        due_label = QLabel(_tr("&Fällig am"))
        due_label.setBuddy(self.due.edit)
        form.addRow(due_label, self.due)
        self.note = QLineEdit(follow_up.note)
        self.note.setAccessibleName(_tr("Notiz"))
        note_label = QLabel(_tr("&Notiz"))
        note_label.setBuddy(self.note)
        form.addRow(note_label, self.note)
        layout.addLayout(form)
        self.error_label = QLabel()
        self.error_label.setObjectName("followUpError")
        layout.addWidget(self.error_label)
        #: Errors at "due" and "note" (the follow-up service's names) and under the form.
        self.feedback = FormFeedback(self, summary=self.error_label, tracks_changes=False)
        self.feedback.register("due", self.due.message)
        form.addRow("", self.feedback.register("note", self.note).label)

        buttons = QHBoxLayout()
        self.delete_button = QPushButton(_tr("&Löschen …"))
        self.delete_button.clicked.connect(self.delete)
        self.done_button = QPushButton(
            _tr("Wieder ö&ffnen") if follow_up.is_done else _tr("&Erledigt")
        )
        self.done_button.setToolTip(
            _tr("Die Wiedervorlage wieder als offen führen")
            if follow_up.is_done
            else _tr("Die Wiedervorlage als erledigt markieren")
        )
        self.done_button.clicked.connect(self.toggle_done)
        self.cancel_button = QPushButton(_tr("Abbrechen"))
        self.cancel_button.clicked.connect(self.reject)
        self.save_button = QPushButton(_tr("&Speichern"))
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        for button in (self.delete_button, self.done_button, self.cancel_button):
            button.setAutoDefault(False)
        buttons.addWidget(self.delete_button)
        buttons.addWidget(self.done_button)
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.save_button)
        layout.addLayout(buttons)
        keep_minimum_width(self, 560)
        self.due.edit.setFocus()
        self.due.edit.selectAll()

    # ----------------------------------------------------------------- actions
    def save(self) -> None:
        self.feedback.clear_errors()
        try:
            due = self.due.value()
            if due is None:
                raise ValidationError(
                    _tr("Bitte angeben, wann die Wiedervorlage fällig ist."), field="due"
                )
        except ValidationError as exc:
            self.feedback.show_error(exc)
            return
        f = self.follow_up
        draft = FollowUpDraft(
            due=due,
            note=self.note.text(),
            consultation_id=f.consultation_id,
            organisation_id=f.organisation_id,
            person_id=f.person_id,
            event_id=f.event_id,
        )
        services = self.services
        self._run(lambda: services.followups.update_follow_up(f.id, draft), "saved")

    def toggle_done(self) -> None:
        followups = self.services.followups
        ident = self.follow_up.id
        if self.follow_up.is_done:
            self._run(lambda: followups.reopen(ident), "reopened")
        else:
            self._run(lambda: followups.mark_done(ident), "done")

    def delete(self) -> None:
        f = self.follow_up
        if not FollowUpDialogs.confirm_delete(self, delete_question(f)):
            return
        followups = self.services.followups
        self._run(lambda: followups.delete_follow_up(f.id), "deleted")

    def _run(self, fn: Callable[[], object], outcome: str) -> None:
        def done(_result: object) -> None:
            self.outcome = outcome
            self.accept()

        def failed(exc: BaseException) -> None:
            if isinstance(exc, UserError):  # at its field if it has one; under the form
                self.feedback.show_error(exc)
            else:
                report_exception(exc, self)

        run_operation(self, fn, done, on_failure=failed)

    # ----------------------------------------------------------------- entry point
    @classmethod
    def edit(cls, parent: QWidget | None, services: Services, follow_up_id: int) -> str | None:
        """Open the editor modally for ``follow_up_id``; what happened, or ``None``.

        Tests replace this classmethod."""
        try:
            follow_up = services.followups.get_follow_up(follow_up_id)
        except UserError as exc:
            report_exception(exc, parent)
            return None
        dialog = cls(services, follow_up, parent)
        dialog.exec()
        outcome = dialog.outcome
        dialog.deleteLater()
        return outcome


class FollowUpPanel(QFrame):
    """Open follow-ups due up to the end of this week. ``open_requested(kind, id)`` asks the
    window to show what a follow-up belongs to ("consultation", "organisation", "person",
    "event")."""

    open_requested = Signal(str, int)
    changed = Signal()

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.overview: FollowUpOverview | None = None
        self._today = services.context.today()
        self.setObjectName("followUpPanel")
        self.setProperty("role", "card")
        self.setAccessibleName(_tr("Wiedervorlagen"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 14)
        layout.setSpacing(8)

        top = QHBoxLayout()
        top.addWidget(heading(_tr("Wiedervorlagen"), role="sectionTitle"))
        self.summary_label = QLabel()
        self.summary_label.setObjectName("followUpSummary")
        self.summary_label.setProperty("role", "muted")
        self.summary_label.setWordWrap(True)  # wraps at 200 % instead of widening the page
        top.addSpacing(12)
        top.addStretch(1)
        self.done_button = QPushButton(_tr("&Erledigt"))
        self.done_button.setAccessibleName(_tr("Wiedervorlage erledigt"))
        self.done_button.setToolTip(
            _tr("Die gewählte Wiedervorlage als erledigt markieren (Strg+E)")
        )
        self.done_button.clicked.connect(self.mark_current_done)
        self.open_button = QPushButton(_tr("Ö&ffnen"))
        self.open_button.setToolTip(_tr("Zeigt, wozu die Wiedervorlage gehört (Doppelklick)"))
        self.open_button.clicked.connect(self.open_current)
        self.edit_button = QPushButton(_tr("Bearbei&ten …"))
        self.edit_button.setAccessibleName(_tr("Wiedervorlage bearbeiten"))
        self.edit_button.setToolTip(_tr("Fälligkeit und Notiz ändern, erledigen oder löschen (F2)"))
        self.edit_button.clicked.connect(self.edit_current)
        top.addWidget(self.open_button)
        top.addWidget(self.edit_button)
        top.addWidget(self.done_button)
        layout.addLayout(top)
        # its own line under the heading: beside the buttons it widened the page at 200 %
        layout.addWidget(self.summary_label)

        self.model: RecordTableModel[FollowUpSnapshot] = RecordTableModel(
            [
                Column(_tr("Fällig"), lambda f: format_date_de(f.due_on)),
                Column(_tr("Stand"), lambda f: bucket_label(f, self._today)),
                Column(_tr("Wiedervorlage"), lambda f: f.note),
                Column(_tr("Gehört zu"), lambda f: f.subject_label),
            ],
            id_of=lambda f: f.id,
            alert=lambda f: f.due_on < self._today,
            alert_columns=(0, 1),
            parent=self,
        )
        self.table = QTableView()
        self.table.setObjectName("followUpTable")
        self.table.setAccessibleName(_tr("Fällige Wiedervorlagen"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setShowGrid(False)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        name_corner_button(self.table)
        self.table.verticalHeader().setDefaultSectionSize(scaled(28))
        header = self.table.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setHighlightSections(False)
        header.resizeSection(0, scaled(92))
        header.resizeSection(1, scaled(215))
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(3, scaled(320))
        self.table.doubleClicked.connect(lambda _i: self.open_current())
        self.table.activated.connect(lambda _i: self.open_current())
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.done_action = QAction(_tr("Erledigt"), self.table)
        self.done_action.setShortcut(QKeySequence("Ctrl+E"))
        self.done_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.done_action.triggered.connect(self.mark_current_done)
        self.table.addAction(self.done_action)
        self.edit_action = QAction(_tr("Bearbeiten …"), self.table)
        self.edit_action.setShortcut(QKeySequence("F2"))
        self.edit_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.edit_action.triggered.connect(self.edit_current)
        self.table.addAction(self.edit_action)
        self.delete_action = QAction(_tr("Löschen …"), self.table)
        self.delete_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.delete_action.triggered.connect(self.delete_current)
        self.table.addAction(self.delete_action)
        open_action = QAction(_tr("Öffnen"), self.table)
        open_action.triggered.connect(self.open_current)
        self.table.addAction(open_action)
        layout.addWidget(self.table)

        self.empty_label = QLabel(
            _tr("Keine Wiedervorlagen fällig – bis Sonntag ist alles erledigt.")
        )
        self.empty_label.setProperty("role", "muted")
        layout.addWidget(self.empty_label)
        self._update_buttons()

    # ----------------------------------------------------------------- data
    def refresh(self) -> None:
        self.show_overview(self.services.followups.due_overview(self.services.context.today()))

    def show_overview(self, overview: FollowUpOverview) -> None:
        self.overview = overview
        self._today = overview.today
        items = [*overview.overdue, *overview.due_today, *overview.this_week]
        self.model.set_rows(items)
        locale = QLocale()
        summary = _tr(
            "{overdue} überfällig · {today} heute · {week} diese Woche · {later} später"
        ).format(
            overdue=locale.toString(len(overview.overdue)),
            today=locale.toString(len(overview.due_today)),
            week=locale.toString(len(overview.this_week)),
            later=locale.toString(len(overview.later)),
        )
        self.summary_label.setText(summary)
        self.summary_label.setAccessibleName(summary)
        self.table.setVisible(bool(items))
        self.empty_label.setVisible(not items)
        rows = max(1, min(len(items), 10))
        self.table.setFixedHeight(30 + rows * 28)
        self._update_buttons()

    def counts(self) -> tuple[int, int, int]:
        if self.overview is None:
            return (0, 0, 0)
        o = self.overview
        return (len(o.overdue), len(o.due_today), len(o.this_week))

    # ----------------------------------------------------------------- actions
    def current(self) -> FollowUpSnapshot | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.model.row_at(rows[0].row())

    def select_row(self, row: int) -> None:
        self.table.selectRow(row)

    def _update_buttons(self) -> None:
        has = self.current() is not None
        for widget in (self.done_button, self.open_button, self.edit_button):
            widget.setEnabled(has)
        for action in (self.done_action, self.edit_action, self.delete_action):
            action.setEnabled(has)

    def mark_current_done(self) -> None:
        item = self.current()
        if item is None:
            return
        services = self.services

        def done(_result: object) -> None:
            self.refresh()
            self.changed.emit()

        run_operation(self, lambda: services.followups.mark_done(item.id), done)

    def edit_current(self) -> None:
        """Bearbeiten …: the editor for the selected follow-up; the list follows."""
        item = self.current()
        if item is None:
            return
        if FollowUpEditor.edit(self, self.services, item.id) is not None:
            self.refresh()
            self.changed.emit()

    def delete_current(self) -> None:
        item = self.current()
        if item is None:
            return
        if not FollowUpDialogs.confirm_delete(self, delete_question(item)):
            return
        services = self.services

        def deleted(_result: object) -> None:
            self.refresh()
            self.changed.emit()

        run_operation(self, lambda: services.followups.delete_follow_up(item.id), deleted)

    def open_current(self) -> None:
        item = self.current()
        if item is None:
            return
        ident = {
            "consultation": item.consultation_id,
            "organisation": item.organisation_id,
            "person": item.person_id,
            "event": item.event_id,
        }.get(item.subject_kind)
        if ident is None:
            report_exception(RuntimeError(f"unknown follow-up subject {item.subject_kind}"), self)
            return
        self.open_requested.emit(item.subject_kind, int(ident))
