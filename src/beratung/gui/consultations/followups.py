"""The Wiedervorlagen panel of the Übersicht: overdue (red, bold), today, this week.

Each entry says what it belongs to; "Erledigt" (button, Strg+E or the context menu) marks the
selected one done; a double-click (or Enter) opens what it belongs to.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QLocale, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from beratung.domain.rules.dates import format_date_de
from beratung.gui.consultations.models import Column, RecordTableModel, name_corner_button
from beratung.gui.errors import report_exception
from beratung.gui.operations import run_operation
from beratung.gui.pages.base import heading

if TYPE_CHECKING:
    from beratung.services import Services
    from beratung.services.followups import FollowUpOverview, FollowUpSnapshot


def _tr(text: str) -> str:
    return QCoreApplication.translate("FollowUpPanel", text)


def bucket_label(item: FollowUpSnapshot, today: date) -> str:
    if item.due_on < today:
        days = (today - item.due_on).days
        return (
            _tr("überfällig seit 1 Tag")
            if days == 1
            else _tr("überfällig seit {days} Tagen").format(days=days)
        )
    if item.due_on == today:
        return _tr("heute")
    return _tr("diese Woche")


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
        top.addSpacing(12)
        top.addWidget(self.summary_label, 1)
        self.done_button = QPushButton(_tr("&Erledigt"))
        self.done_button.setAccessibleName(_tr("Wiedervorlage erledigt"))
        self.done_button.setToolTip(
            _tr("Die gewählte Wiedervorlage als erledigt markieren (Strg+E)")
        )
        self.done_button.clicked.connect(self.mark_current_done)
        self.open_button = QPushButton(_tr("Ö&ffnen"))
        self.open_button.setToolTip(_tr("Zeigt, wozu die Wiedervorlage gehört (Doppelklick)"))
        self.open_button.clicked.connect(self.open_current)
        top.addWidget(self.open_button)
        top.addWidget(self.done_button)
        layout.addLayout(top)

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
        self.table.verticalHeader().setDefaultSectionSize(28)
        header = self.table.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setHighlightSections(False)
        header.resizeSection(0, 92)
        header.resizeSection(1, 215)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(3, 320)
        self.table.doubleClicked.connect(lambda _i: self.open_current())
        self.table.activated.connect(lambda _i: self.open_current())
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.done_action = QAction(_tr("Erledigt"), self.table)
        self.done_action.setShortcut(QKeySequence("Ctrl+E"))
        self.done_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.done_action.triggered.connect(self.mark_current_done)
        self.table.addAction(self.done_action)
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
        self.done_button.setEnabled(has)
        self.open_button.setEnabled(has)

    def mark_current_done(self) -> None:
        item = self.current()
        if item is None:
            return
        services = self.services

        def done(_result: object) -> None:
            self.refresh()
            self.changed.emit()

        run_operation(self, lambda: services.followups.mark_done(item.id), done)

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
