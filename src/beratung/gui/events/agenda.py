"""The event view's tab "Tagesordnung": the agenda items in order (time from–to, title,
speaker), added and edited in a small dialog, deleted after asking, and reordered from the
keyboard — Alt+↑ / Alt+↓ in the table or the buttons "Nach oben" / "Nach unten"; the moved
item stays the current one, so pressing again moves it further.

Every change goes through the services off the GUI thread (``add_agenda_item``,
``update_agenda_item``, ``delete_agenda_item``, ``move_agenda_item``); the tab then shows the
event the service returned and emits ``changed``, so the page refreshes the other tabs.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from beratung.domain.errors import ValidationError
from beratung.domain.rules.dates import parse_time_de
from beratung.gui.errors import report_exception
from beratung.gui.events.base import EventTab
from beratung.gui.events.common import PlanningDialogs, clock, text_width, tr
from beratung.gui.feedback import FormFeedback
from beratung.gui.fit import keep_minimum_width
from beratung.gui.flow import FlowLayout
from beratung.gui.operations import run_operation
from beratung.gui.style import light_grid, scaled
from beratung.gui.tablemodels import Column, SnapshotTableModel
from beratung.services.events.snapshots import AgendaItemInput, AgendaItemSnapshot, EventDetail

if TYPE_CHECKING:
    from beratung.services import Services


def _time_range(item: AgendaItemSnapshot) -> str:
    if item.starts_at is None and item.ends_at is None:
        return ""
    if item.ends_at is None:
        return clock(item.starts_at)
    return f"{clock(item.starts_at)}–{clock(item.ends_at)}"


def agenda_columns() -> list[Column[AgendaItemSnapshot]]:
    return [
        Column(
            tr("Nr."), lambda i: str(i.position), sort_key=lambda i: i.position, align_right=True
        ),
        Column(tr("Zeit"), _time_range, sort_key=lambda i: i.position),
        Column(tr("Titel"), lambda i: i.title),
        Column(tr("Referent/in"), lambda i: i.speaker or ""),
    ]


class AgendaModel(SnapshotTableModel[AgendaItemSnapshot]):
    def __init__(self) -> None:
        super().__init__(agenda_columns())

    def row_of(self, item_id: int) -> int | None:
        return next((n for n, item in enumerate(self._rows) if item.id == item_id), None)


class AgendaItemDialog(QDialog):
    """One agenda item, new (``item`` None) or existing; saves through the services itself."""

    def __init__(
        self,
        services: Services,
        event_id: int,
        item: AgendaItemSnapshot | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.event_id = event_id
        self.item = item
        self.result_value: EventDetail | None = None
        self._busy = False
        self.setObjectName("agendaItemDialog")
        light_grid(self)
        self.setWindowTitle(
            tr("Tagesordnungspunkt bearbeiten") if item else tr("Neuer Tagesordnungspunkt")
        )
        self.setAccessibleName(self.windowTitle())
        self._build()
        keep_minimum_width(self, 520)
        if item is not None:
            self.starts.setText(clock(item.starts_at))
            self.ends.setText(clock(item.ends_at))
            self.title.setText(item.title)
            self.speaker.setText(item.speaker or "")
            self.notes.setPlainText(item.notes or "")
        self.feedback.reset()
        (self.title if item else self.starts).setFocus()

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(20, 16, 20, 14)
        outer.setSpacing(8)
        self.feedback = FormFeedback(self, tracks_changes=False)
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        form.setVerticalSpacing(4)

        self.starts = QLineEdit()
        self.starts.setAccessibleName(tr("Beginn"))
        self.starts.setPlaceholderText(tr("10:00"))
        self.starts.setFixedWidth(text_width(self.starts, "00:00"))
        self.ends = QLineEdit()
        self.ends.setAccessibleName(tr("Ende"))
        self.ends.setPlaceholderText(tr("10:30"))
        self.ends.setFixedWidth(text_width(self.ends, "00:00"))
        row = QHBoxLayout()
        row.setSpacing(8)
        row.addWidget(self.starts)
        ends_label = QLabel(tr("&Ende"))
        ends_label.setBuddy(self.ends)
        row.addWidget(ends_label)
        row.addWidget(self.ends)
        row.addStretch(1)
        starts_label = QLabel(tr("&Beginn"))
        starts_label.setBuddy(self.starts)
        form.addRow(starts_label, row)
        form.addRow("", self.feedback.register("agenda_starts", self.starts).label)
        form.addRow("", self.feedback.register("agenda_ends", self.ends).label)

        self.title = QLineEdit()
        self.title.setObjectName("agendaTitle")
        self.title.setAccessibleName(tr("Titel"))
        self.title.setMaxLength(300)
        title_label = QLabel(tr("&Titel"))
        title_label.setBuddy(self.title)
        form.addRow(title_label, self.title)
        form.addRow("", self.feedback.register("agenda_title", self.title).label)
        self.speaker = QLineEdit()
        self.speaker.setAccessibleName(tr("Referent/in"))
        self.speaker.setMaxLength(300)
        speaker_label = QLabel(tr("&Referent/in"))
        speaker_label.setBuddy(self.speaker)
        form.addRow(speaker_label, self.speaker)
        form.addRow("", self.feedback.register("agenda_speaker", self.speaker).label)
        self.notes = QPlainTextEdit()
        self.notes.setAccessibleName(tr("Notizen"))
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(64)
        notes_label = QLabel(tr("&Notizen"))
        notes_label.setBuddy(self.notes)
        form.addRow(notes_label, self.notes)
        form.addRow("", self.feedback.register("agenda_notes", self.notes).label)
        outer.addLayout(form)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.cancel_button = QPushButton(tr("Abbre&chen"))
        self.cancel_button.setAccessibleName(tr("Abbrechen"))
        self.cancel_button.setAutoDefault(False)
        self.cancel_button.clicked.connect(self.reject)
        self.save_button = QPushButton(tr("&Speichern"))
        self.save_button.setAccessibleName(tr("Speichern"))
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.save_button)
        outer.addLayout(buttons)

    def values(self) -> AgendaItemInput:
        starts = (
            parse_time_de(self.starts.text(), field="agenda_starts")
            if self.starts.text().strip()
            else None
        )
        ends = (
            parse_time_de(self.ends.text(), field="agenda_ends")
            if self.ends.text().strip()
            else None
        )
        if starts is not None and ends is not None and ends < starts:
            raise ValidationError(tr("Das Ende liegt vor dem Beginn."), field="agenda_ends")
        return AgendaItemInput(
            title=self.title.text(),
            starts_at=starts,
            ends_at=ends,
            speaker=self.speaker.text(),
            notes=self.notes.toPlainText(),
        )

    def save(self) -> None:
        if self._busy:
            return
        self.feedback.clear_errors()
        try:
            data = self.values()
        except ValidationError as exc:
            self.feedback.show_error(exc)
            return
        events = self.services.events
        event_id, item = self.event_id, self.item

        def work() -> EventDetail:
            if item is None:
                return events.add_agenda_item(event_id, data)
            return events.update_agenda_item(item.id, data)

        def done(detail: EventDetail) -> None:
            self._busy = False
            self.result_value = detail
            self.accept()

        def failed(exc: BaseException) -> None:
            self._busy = False
            if not (isinstance(exc, ValidationError) and self.feedback.show_error(exc)):
                report_exception(exc, self)

        self._busy = True
        run_operation(
            self, work, done, on_failure=failed, progress_text=tr("Tagesordnung wird gespeichert …")
        )

    @classmethod
    def edit(
        cls,
        parent: QWidget | None,
        services: Services,
        event_id: int,
        item: AgendaItemSnapshot | None = None,
    ) -> EventDetail | None:
        """Open the dialog modally; the event as saved, or None. Tests replace this."""
        dialog = cls(services, event_id, item, parent)
        dialog.exec()
        result = dialog.result_value
        dialog.deleteLater()
        return result


class AgendaDialogs:
    """The tab's question; tests replace it."""

    @classmethod
    def confirm_delete(cls, parent: QWidget, title: str) -> bool:
        return PlanningDialogs.ask(
            parent,
            tr("Tagesordnungspunkt „{title}“ entfernen?").format(title=title),
            tr("Die folgenden Punkte rücken auf."),
            tr("Entfernen"),
        )


class AgendaTab(EventTab):
    def tab_title(self) -> str:
        return self.tr("Tagesordnung")

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(services, parent)
        self.setObjectName("eventAgenda")
        light_grid(self)
        self._busy = False
        self._build()
        self.set_event(None)

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(8)
        self.placeholder = QLabel(
            self.tr("Die Tagesordnung gibt es, sobald die Veranstaltung gespeichert ist.")
        )
        self.placeholder.setProperty("role", "placeholder")
        self.placeholder.setWordWrap(True)
        layout.addWidget(self.placeholder)

        self.model = AgendaModel()
        self.table = QTableView()
        self.table.setObjectName("agendaTable")
        self.table.setAccessibleName(self.tr("Punkte der Tagesordnung"))
        self.table.setAccessibleDescription(
            self.tr("Alt+Pfeil nach oben oder unten verschiebt den gewählten Punkt.")
        )
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setCornerButtonEnabled(False)
        for inner in self.table.findChildren(QAbstractButton):
            inner.setAccessibleName(self.tr("Alle auswählen"))
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(scaled(26))
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        for column, width in ((0, 44), (1, 100), (3, 330)):
            self.table.setColumnWidth(column, scaled(width))
        self.table.doubleClicked.connect(lambda _index: self.edit_item())
        self.table.activated.connect(lambda _index: self.edit_item())
        self.table.selectionModel().currentRowChanged.connect(lambda *_a: self._update_state())
        self.list_label = QLabel(self.tr("Tagesordnungs&punkte"))
        self.list_label.setBuddy(self.table)
        layout.addWidget(self.list_label)
        layout.addWidget(self.table, 1)

        buttons = FlowLayout(spacing=6)  # wraps at 200 % text rather than widen the page
        self.add_button = self._button(
            self.tr("Hin&zufügen …"), self.tr("Punkt hinzufügen"), self.add_item
        )
        self.edit_button = self._button(
            self.tr("Bea&rbeiten …"), self.tr("Punkt bearbeiten"), self.edit_item
        )
        self.delete_button = self._button(
            self.tr("Ent&fernen …"), self.tr("Punkt entfernen"), self.delete_item
        )
        self.up_button = self._button(
            self.tr("Na&ch oben"), self.tr("Nach oben"), lambda: self.move_current(-1)
        )
        self.up_button.setToolTip(self.tr("Den Punkt eine Stelle nach oben schieben (Alt+↑)"))
        self.down_button = self._button(
            self.tr("Nach &unten"), self.tr("Nach unten"), lambda: self.move_current(1)
        )
        self.down_button.setToolTip(self.tr("Den Punkt eine Stelle nach unten schieben (Alt+↓)"))
        for button in (self.add_button, self.edit_button, self.delete_button):
            buttons.addWidget(button)
        buttons.addSpacing(14)
        buttons.addWidget(self.up_button)
        buttons.addWidget(self.down_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)

        self.up_action = self._action(QKeySequence("Alt+Up"), lambda: self.move_current(-1))
        self.down_action = self._action(QKeySequence("Alt+Down"), lambda: self.move_current(1))
        self.delete_action = QAction(self.table)
        self.delete_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.delete_action.triggered.connect(self.delete_item)
        self.table.addAction(self.delete_action)
        self.insert_action = QAction(self.table)
        self.insert_action.setShortcut(QKeySequence("Ins"))
        self.insert_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.insert_action.triggered.connect(self.add_item)
        self.table.addAction(self.insert_action)

        order = [
            self.table,
            self.add_button,
            self.edit_button,
            self.delete_button,
            self.up_button,
            self.down_button,
        ]
        for first, second in pairwise(order):
            QWidget.setTabOrder(first, second)

    def _button(self, text: str, accessible: str, slot: Callable[[], None]) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(accessible)
        button.setAutoDefault(False)
        button.clicked.connect(lambda _checked=False: slot())
        return button

    def _action(self, key: QKeySequence, slot: Callable[[], None]) -> QAction:
        action = QAction(self)
        action.setShortcut(key)
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        return action

    # ----------------------------------------------------------------- showing

    def set_event(self, detail: EventDetail | None) -> None:
        current = self.current_item()
        super().set_event(detail)
        shown = detail is not None
        self.placeholder.setVisible(not shown)
        for widget in (self.list_label, self.table):
            widget.setVisible(shown)
        self.model.set_rows(detail.agenda if detail else ())
        if current is not None:
            self.select_item(current.id)
        elif self.model.rowCount():
            self.table.setCurrentIndex(self.model.index(0, 0))
        self._update_state()

    def current_item(self) -> AgendaItemSnapshot | None:
        index = self.table.currentIndex()
        if not index.isValid() or index.row() >= self.model.rowCount():
            return None
        return self.model.row_at(index.row())

    def select_item(self, item_id: int) -> None:
        row = self.model.row_of(item_id)
        if row is None:
            return
        index = self.model.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.scrollTo(index)

    def titles(self) -> list[str]:
        return [item.title for item in self.model.rows()]

    def _update_state(self) -> None:
        shown = self.detail is not None
        idle = not self._busy
        item = self.current_item()
        count = self.model.rowCount()
        self.add_button.setEnabled(shown and idle)
        self.edit_button.setEnabled(shown and idle and item is not None)
        self.delete_button.setEnabled(shown and idle and item is not None)
        row = self.table.currentIndex().row()
        self.up_button.setEnabled(shown and idle and item is not None and row > 0)
        self.down_button.setEnabled(shown and idle and item is not None and row < count - 1)

    def is_busy(self) -> bool:
        return self._busy

    # ----------------------------------------------------------------- changes

    def _run(self, work: Callable[[], EventDetail], keep: int | None, progress: str) -> None:
        self._busy = True
        self._update_state()

        def done(detail: EventDetail) -> None:
            self._busy = False
            had_focus = self.table.hasFocus()
            super(AgendaTab, self).set_event(detail)
            self.model.set_rows(detail.agenda)
            if keep is not None:
                self.select_item(keep)
            self._update_state()
            focused = self.focusWidget()
            if had_focus or (focused is not None and not focused.isEnabled()):
                self.table.setFocus(Qt.FocusReason.OtherFocusReason)
            self.changed.emit()

        def failed(exc: BaseException) -> None:
            self._busy = False
            self._update_state()
            report_exception(exc, self)

        run_operation(self, work, done, on_failure=failed, progress_text=progress)

    def _after_dialog(self, detail: EventDetail, keep: int | None) -> None:
        super().set_event(detail)
        self.model.set_rows(detail.agenda)
        if keep is not None:
            self.select_item(keep)
        elif detail.agenda:
            self.select_item(detail.agenda[-1].id)
        self._update_state()
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        self.changed.emit()

    def add_item(self) -> None:
        if self._busy or self.detail is None:
            return
        detail = AgendaItemDialog.edit(self, self.services, self.detail.id)
        if detail is not None:
            self._after_dialog(detail, None)

    def edit_item(self) -> None:
        item = self.current_item()
        if self._busy or self.detail is None or item is None:
            return
        detail = AgendaItemDialog.edit(self, self.services, self.detail.id, item)
        if detail is not None:
            self._after_dialog(detail, item.id)

    def delete_item(self) -> None:
        item = self.current_item()
        if self._busy or item is None:
            return
        if not AgendaDialogs.confirm_delete(self, item.title):
            return
        events = self.services.events
        item_id = item.id
        row = self.table.currentIndex().row()
        following = self.model.row_at(row + 1).id if row + 1 < self.model.rowCount() else None
        before = self.model.row_at(row - 1).id if row > 0 else None
        self._run(
            lambda: events.delete_agenda_item(item_id),
            following if following is not None else before,
            self.tr("Tagesordnungspunkt wird entfernt …"),
        )

    def move_current(self, delta: int) -> None:
        """Move the current item ``delta`` places (−1 up, +1 down); it stays the current one."""
        item = self.current_item()
        if self._busy or item is None:
            return
        row = self.table.currentIndex().row()
        target = row + delta
        if not 0 <= target < self.model.rowCount():
            return
        events = self.services.events
        item_id = item.id
        self._run(
            lambda: events.move_agenda_item(item_id, target + 1),
            item_id,
            self.tr("Tagesordnung wird umgestellt …"),
        )


__all__ = ["AgendaDialogs", "AgendaItemDialog", "AgendaModel", "AgendaTab"]
