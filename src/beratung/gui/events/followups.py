"""The Wiedervorlagen of one event: a box the event view embeds (issue 11).

It lists the event's follow-ups — the open ones first by due date (overdue ones red and bold,
"überfällig seit …" as on the Übersicht), then the done ones in grey, "erledigt am …" — and adds
one from a due date in German words ("in 2 Wochen", "nächsten Monat", "25.10.2017") and a note.

Keys as in the Übersicht's panel: Enter in "Fällig am" or "Notiz" adds; in the list Strg+E marks
the chosen follow-up done (or open again), F2 or Enter edits it (the shared
:class:`~beratung.gui.consultations.followups.FollowUpEditor`), Entf deletes it after asking.
Every service call runs through :func:`~beratung.gui.operations.run_operation`.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QLocale, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from beratung.domain.errors import UserError, ValidationError
from beratung.domain.rules.dates import format_date_de
from beratung.gui.consultations.fields import DateField, due_date
from beratung.gui.consultations.followups import (
    FollowUpDialogs,
    FollowUpEditor,
    bucket_label,
    delete_question,
)
from beratung.gui.consultations.models import Column, RecordTableModel, name_corner_button
from beratung.gui.errors import report_exception
from beratung.gui.feedback import FormFeedback, set_role
from beratung.gui.operations import run_operation
from beratung.gui.style import active_theme, scaled
from beratung.services.followups import FollowUpDraft

if TYPE_CHECKING:
    from collections.abc import Callable

    from beratung.services import Services
    from beratung.services.followups import FollowUpSnapshot

#: Rows the list shows before it scrolls; its row height.
VISIBLE_ROWS = 6
ROW_HEIGHT = 28


class EventFollowUps(QGroupBox):
    """The follow-ups of the event :meth:`show_event` was given (``None``: no event).

    ``changed`` is emitted after this box added, changed, completed, reopened or deleted a
    follow-up (the Übersicht's counts follow); ``loaded`` whenever the list shows the stored
    state of the current event.
    """

    changed = Signal()
    loaded = Signal()

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.event_id: int | None = None
        self._today = services.context.today()
        #: Counts the loads; a result of an older one (another event meanwhile) is dropped.
        self._generation = 0
        self._adding = False
        self.setObjectName("eventFollowUps")
        self.setTitle(self.tr("Wiedervorlagen"))
        self.setAccessibleName(self.tr("Wiedervorlagen zur Veranstaltung"))
        # as tall as its content: the event view's layout, not this box, takes spare height
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        layout = QVBoxLayout(self)
        layout.setSpacing(8)

        self.summary_label = QLabel()
        self.summary_label.setObjectName("eventFollowUpSummary")
        self.summary_label.setProperty("role", "muted")
        layout.addWidget(self.summary_label)

        self.model: RecordTableModel[FollowUpSnapshot] = RecordTableModel(
            [
                Column(self.tr("Fällig"), lambda f: format_date_de(f.due_on), foreground=_grey),
                Column(self.tr("Stand"), self.state_text, foreground=_grey),
                Column(self.tr("Wiedervorlage"), lambda f: f.note, foreground=_grey),
            ],
            id_of=lambda f: f.id,
            alert=lambda f: f.is_overdue(self._today),
            alert_columns=(0, 1),
            parent=self,
        )
        self.table = QTableView()
        self.table.setObjectName("eventFollowUpTable")
        self.table.setAccessibleName(self.tr("Liste der Wiedervorlagen"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)  # Tab leaves the list for the buttons
        self.table.setShowGrid(False)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(scaled(ROW_HEIGHT))
        name_corner_button(self.table)
        header = self.table.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setHighlightSections(False)
        header.resizeSection(0, scaled(92))
        header.resizeSection(1, scaled(210))
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.activated.connect(lambda _index: self.edit_current())
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.done_action = self._table_action(self.tr("Erledigt"), "Ctrl+E", self.toggle_done)
        self.edit_action = self._table_action(self.tr("Bearbeiten …"), "F2", self.edit_current)
        self.delete_action = self._table_action(
            self.tr("Löschen …"), QKeySequence.StandardKey.Delete, self.delete_current
        )
        layout.addWidget(self.table)

        self.empty_label = QLabel()
        self.empty_label.setObjectName("eventFollowUpEmpty")
        self.empty_label.setProperty("role", "muted")
        layout.addWidget(self.empty_label)

        buttons = QHBoxLayout()
        self.done_button = QPushButton(self.tr("Wieder öffnen"))
        self.done_button.setObjectName("eventFollowUpDone")
        # wide enough for both of its texts: the row does not jump when the choice changes
        self.done_button.setMinimumWidth(self.done_button.sizeHint().width())
        self.done_button.clicked.connect(self.toggle_done)
        self.edit_button = QPushButton(self.tr("Bearbeiten …"))
        self.edit_button.setObjectName("eventFollowUpEdit")
        self.edit_button.setAccessibleName(self.tr("Wiedervorlage bearbeiten"))
        self.edit_button.setToolTip(
            self.tr("Fälligkeit und Notiz ändern, erledigen oder löschen (F2)")
        )
        self.edit_button.clicked.connect(self.edit_current)
        self.delete_button = QPushButton(self.tr("Löschen …"))
        self.delete_button.setObjectName("eventFollowUpDelete")
        self.delete_button.setAccessibleName(self.tr("Wiedervorlage löschen"))
        self.delete_button.setToolTip(self.tr("Die gewählte Wiedervorlage löschen (Entf)"))
        self.delete_button.clicked.connect(self.delete_current)
        #: The buttons for the chosen follow-up (hidden while the list is empty).
        self.list_buttons = QWidget()
        self.list_buttons.setObjectName("eventFollowUpButtons")
        buttons = QHBoxLayout(self.list_buttons)
        buttons.setContentsMargins(0, 0, 0, 0)
        for button in (self.done_button, self.edit_button, self.delete_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addWidget(self.list_buttons)

        # the new follow-up: due date in words (the understood date beside it), note, button
        add = QGridLayout()
        add.setHorizontalSpacing(8)
        add.setVerticalSpacing(6)
        add.setContentsMargins(0, 6, 0, 0)
        new_heading = QLabel(self.tr("Neue Wiedervorlage"))
        new_heading.setObjectName("eventFollowUpNewHeading")
        new_heading.setProperty("role", "muted")
        add.addWidget(new_heading, 0, 0, 1, 3)
        self.due = DateField(
            services.context.today,
            due_date,
            field="due",
            placeholder=self.tr("z. B. in 2 Wochen oder 25.10.2017"),
            accessible_name=self.tr("Fällig am"),
        )
        self.due.setObjectName("eventFollowUpDue")
        self.due.edit.setObjectName("eventFollowUpDueEdit")
        self.due.edit.setFixedWidth(scaled(240))
        self.due.edit.returnPressed.connect(self.add)
        due_label = QLabel(self.tr("&Fällig am"))
        due_label.setBuddy(self.due.edit)
        add.addWidget(due_label, 1, 0)
        add.addWidget(self.due, 1, 1, 1, 2)
        self.note = QLineEdit()
        self.note.setObjectName("eventFollowUpNote")
        self.note.setAccessibleName(self.tr("Notiz"))
        self.note.setPlaceholderText(self.tr("Worum es geht, z. B. Fotos an die Presse"))
        self.note.returnPressed.connect(self.add)
        note_label = QLabel(self.tr("No&tiz"))
        note_label.setBuddy(self.note)
        self.add_button = QPushButton(self.tr("Hinzuf&ügen"))
        self.add_button.setObjectName("eventFollowUpAdd")
        self.add_button.setAccessibleName(self.tr("Wiedervorlage hinzufügen"))
        self.add_button.setToolTip(self.tr("Die neue Wiedervorlage speichern (Eingabetaste)"))
        self.add_button.clicked.connect(self.add)
        add.addWidget(note_label, 2, 0)
        add.addWidget(self.note, 2, 1)
        add.addWidget(self.add_button, 2, 2)
        #: Errors at "due" and "note" (the follow-up service's names); others below the form.
        self.feedback = FormFeedback(self, tracks_changes=False)
        self.feedback.register("due", self.due.message)
        note_message = self.feedback.register("note", self.note).label
        add.addWidget(note_message, 3, 1, 1, 2)
        add.setColumnStretch(1, 1)
        layout.addLayout(add)
        self.error_label = QLabel()
        self.error_label.setObjectName("eventFollowUpError")
        self.error_label.setWordWrap(True)
        set_role(self.error_label, "formError")
        self.error_label.hide()
        layout.addWidget(self.error_label)

        self.setTabOrder(self.table, self.done_button)
        self.setTabOrder(self.done_button, self.edit_button)
        self.setTabOrder(self.edit_button, self.delete_button)
        self.setTabOrder(self.delete_button, self.due.edit)
        self.setTabOrder(self.due.edit, self.note)
        self.setTabOrder(self.note, self.add_button)
        self._show([])

    def _table_action(
        self,
        text: str,
        key: str | QKeySequence.StandardKey,
        slot: Callable[[], None],
    ) -> QAction:
        action = QAction(text, self.table)
        action.setShortcut(QKeySequence(key))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(slot)
        self.table.addAction(action)
        return action

    # ----------------------------------------------------------------- data
    def show_event(self, event_id: int | None) -> None:
        """Show the follow-ups of ``event_id`` (``None``: none). A new follow-up begun for the
        previous event is discarded."""
        changed_event = event_id != self.event_id
        self.event_id = event_id
        if changed_event:
            self._clear_input()
        if event_id is None:
            self._generation += 1
            self._show([])
            return
        self.refresh()

    def refresh(self, select_id: int | None = None, select_row: int | None = None) -> None:
        """Load the current event's follow-ups again; keep (or move) the selection."""
        event_id = self.event_id
        if event_id is None:
            return
        if select_id is None and select_row is None:
            current = self.current()
            select_id = current.id if current is not None else None
        self._generation += 1
        generation = self._generation
        services = self.services

        def load() -> tuple[date, list[FollowUpSnapshot]]:
            today = services.context.today()
            return today, services.followups.list_follow_ups(event_id=event_id, include_done=True)

        def show(result: tuple[date, list[FollowUpSnapshot]]) -> None:
            if generation != self._generation:
                return  # another event (or a newer load) meanwhile
            self._today, items = result
            self._show(items, select_id, select_row)
            self.loaded.emit()

        run_operation(self, load, show)

    def _show(
        self,
        items: list[FollowUpSnapshot],
        select_id: int | None = None,
        select_row: int | None = None,
    ) -> None:
        open_items = [f for f in items if not f.is_done]
        done_items = [f for f in items if f.is_done]
        rows = [*open_items, *done_items]  # each part by due date, as the service sorts
        self.model.set_rows(rows)
        overdue = sum(1 for f in open_items if f.is_overdue(self._today))
        has_event = self.event_id is not None
        if not has_event:
            summary = ""
        else:
            summary = self._summary_text(len(open_items), overdue, len(done_items))
        self.summary_label.setText(summary)
        self.summary_label.setAccessibleName(summary)
        self.summary_label.setVisible(bool(rows))
        set_role(self.summary_label, "alertText" if overdue else "muted")
        empty = (
            self.tr("Noch keine Wiedervorlagen zu dieser Veranstaltung.")
            if has_event
            else self.tr("Keine Veranstaltung gewählt.")
        )
        self.empty_label.setText(empty)
        self.empty_label.setAccessibleName(empty)
        self.table.setVisible(bool(rows))
        self.list_buttons.setVisible(bool(rows))
        self.empty_label.setVisible(not rows)
        shown = max(1, min(len(rows), VISIBLE_ROWS))
        self.table.setFixedHeight(30 + shown * ROW_HEIGHT)
        for widget in (self.due, self.note, self.add_button):
            widget.setEnabled(has_event)
        if select_id is not None:
            row = next((r for r, f in enumerate(rows) if f.id == select_id), -1)
            if row >= 0:
                self.table.selectRow(row)
        elif select_row is not None and rows:
            self.table.selectRow(min(select_row, len(rows) - 1))
        self._update_buttons()

    def _summary_text(self, open_count: int, overdue: int, done: int) -> str:
        locale = QLocale()
        if overdue:
            return self.tr("{open} offen, davon {overdue} überfällig · {done} erledigt").format(
                open=locale.toString(open_count),
                overdue=locale.toString(overdue),
                done=locale.toString(done),
            )
        return self.tr("{open} offen · {done} erledigt").format(
            open=locale.toString(open_count), done=locale.toString(done)
        )

    def state_text(self, item: FollowUpSnapshot) -> str:
        """ "erledigt am …" or the overview's words: overdue since, today, this week, later."""
        if item.done_at is not None:
            return self.tr("erledigt am {date}").format(date=format_date_de(item.done_at))
        return bucket_label(item, self._today)

    # ----------------------------------------------------------------- selection
    def current(self) -> FollowUpSnapshot | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.model.row_at(rows[0].row())

    def select_row(self, row: int) -> None:
        self.table.selectRow(row)

    def _update_buttons(self) -> None:
        item = self.current()
        for widget in (self.done_button, self.edit_button, self.delete_button):
            widget.setEnabled(item is not None)
        for action in (self.done_action, self.edit_action, self.delete_action):
            action.setEnabled(item is not None)
        if item is not None and item.is_done:
            self.done_button.setText(self.tr("Wieder öffnen"))
            self.done_button.setAccessibleName(self.tr("Wiedervorlage wieder öffnen"))
            self.done_button.setToolTip(
                self.tr("Die gewählte Wiedervorlage wieder als offen führen (Strg+E)")
            )
            self.done_action.setText(self.tr("Wieder öffnen"))
        else:
            self.done_button.setText(self.tr("Erledigt"))
            self.done_button.setAccessibleName(self.tr("Wiedervorlage erledigt"))
            self.done_button.setToolTip(
                self.tr("Die gewählte Wiedervorlage als erledigt markieren (Strg+E)")
            )
            self.done_action.setText(self.tr("Erledigt"))

    # ----------------------------------------------------------------- actions
    def add(self) -> None:
        """Save the new follow-up (Enter in either field, or "Hinzufügen")."""
        event_id = self.event_id
        if event_id is None or self._adding:
            return
        self.feedback.clear_errors()
        self._hide_error()
        try:
            due = self.due.value()
        except ValidationError as exc:  # not a date: said at the field, nothing is written
            self.feedback.show_error(exc)
            return
        # an empty field goes as "" and comes back as the service's "Bitte angeben, wann …"
        draft = FollowUpDraft(due=due or "", note=self.note.text(), event_id=event_id)
        followups = self.services.followups
        self._adding = True

        def added(created: FollowUpSnapshot) -> None:
            self._adding = False
            self._clear_input()
            self.due.edit.setFocus(Qt.FocusReason.OtherFocusReason)
            self.refresh(select_id=created.id)
            self.changed.emit()

        def failed(exc: BaseException) -> None:
            self._adding = False
            if isinstance(exc, UserError):
                if not self.feedback.show_error(exc):  # no field of ours: the event is gone
                    self._show_error(exc.message)
            else:
                report_exception(exc, self)

        run_operation(self, lambda: followups.create_follow_up(draft), added, on_failure=failed)

    def toggle_done(self) -> None:
        """Strg+E: the chosen follow-up done, or open again if it is done."""
        item = self.current()
        if item is None:
            return
        followups = self.services.followups
        change = followups.reopen if item.is_done else followups.mark_done
        self._run(lambda: change(item.id), select_id=item.id)

    def edit_current(self) -> None:
        """F2 / Enter: the shared editor for the chosen follow-up; the list follows."""
        item = self.current()
        if item is None:
            return
        row = self.table.selectionModel().selectedRows()[0].row()
        outcome = FollowUpEditor.edit(self, self.services, item.id)
        if outcome is None:
            return
        if outcome == "deleted":
            self.refresh(select_row=row)
        else:
            self.refresh(select_id=item.id)
        self.changed.emit()
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def delete_current(self) -> None:
        """Entf: delete the chosen follow-up after asking."""
        item = self.current()
        if item is None:
            return
        if not FollowUpDialogs.confirm_delete(self, delete_question(item)):
            return
        row = self.table.selectionModel().selectedRows()[0].row()
        followups = self.services.followups
        self._run(lambda: followups.delete_follow_up(item.id), select_row=row)

    def _run(
        self,
        fn: Callable[[], object],
        *,
        select_id: int | None = None,
        select_row: int | None = None,
    ) -> None:
        self._hide_error()

        def done(_result: object) -> None:
            self.refresh(select_id=select_id, select_row=select_row)
            self.changed.emit()

        def failed(exc: BaseException) -> None:
            if isinstance(exc, UserError):  # deleted meanwhile, say: say so and show what is
                self._show_error(exc.message)
                self.refresh()
            else:
                report_exception(exc, self)

        run_operation(self, fn, done, on_failure=failed)

    # ----------------------------------------------------------------- internals
    def _clear_input(self) -> None:
        self.feedback.clear_errors()
        self._hide_error()
        self.due.setText("")
        self.note.clear()

    def _show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.setAccessibleName(message)
        self.error_label.show()

    def _hide_error(self) -> None:
        self.error_label.clear()
        self.error_label.setAccessibleName("")
        self.error_label.hide()


def _grey(item: FollowUpSnapshot) -> str | None:
    """Done follow-ups in the muted colour (their state column says "erledigt am …")."""
    return active_theme().muted if item.is_done else None


__all__ = ["EventFollowUps"]
