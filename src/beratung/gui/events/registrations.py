"""The event view's tab "Einladungen und Anmeldungen".

The event's list in one table (one ``list_registrations`` call per load, filtered by status and
search text in memory), the counts above it, and what the advisor does with it: invite (from a
distribution list, a contacts filter or single persons), register someone, open a registration
(Leertaste or Enter), change many at once (anmelden, absagen, teilgenommen, nicht erschienen,
von der Liste nehmen) with a summary of what happened, the needs of one registration, and
"benachrichtigt" for those who moved up from the waiting list. Every action is also in the
context menu (the menu key). Tab leaves the table.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import (
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QPoint,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QContextMenuEvent, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from beratung.domain.cancel import OperationCancelledError, cancellable
from beratung.domain.enums import RegistrationStatus
from beratung.domain.rules.registrations import HOLDING_PLACES
from beratung.gui.errors import report_exception
from beratung.gui.events.base import EventTab
from beratung.gui.events.invite_dialog import InviteDialog
from beratung.gui.events.needs_dialog import NeedsDialog, saved_text
from beratung.gui.events.registration_common import (
    EventDialogs,
    Notice,
    WorkInProgress,
    buddy_label,
    bulk_text,
    button,
    counts_text,
    late_text,
    line_edit,
    outcome_text,
    places_text,
    tab_chain,
    tr,
)
from beratung.gui.events.registration_dialog import RegistrationDialog, outcome_head
from beratung.gui.events.registration_models import (
    NOTIFY,
    WAITLIST,
    RegistrationFilterProxy,
    RegistrationTableModel,
)
from beratung.gui.flow import FlowLayout
from beratung.gui.operations import run_operation
from beratung.gui.style import light_grid, scaled
from beratung.services.events.snapshots import (
    BulkOutcome,
    EventDetail,
    InvitationResult,
    RegistrationRow,
    StatusCounts,
)

if TYPE_CHECKING:
    from beratung.services import Services

T = TypeVar("T")

#: Debounce of the search field (ms).
SEARCH_DELAY = 150
#: Column widths at 1280 pixels (the last column, Hinweise, stretches): Status wide enough for
#: "nicht erschienen", Nachgerückt am for "12.10.2017 – noch zu benachrichtigen".
WIDTHS = (165, 220, 135, 70, 75, 95, 215, 135)


class RegistrationsTable(QTableView):
    """The list: Leertaste or Enter opens the current registration, the menu key opens the
    context menu at the current row, Tab moves on (no keyboard trap)."""

    open_requested = Signal()
    menu_requested = Signal(QPoint)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        plain = event.modifiers() in (
            Qt.KeyboardModifier.NoModifier,
            Qt.KeyboardModifier.KeypadModifier,
        )
        opening = key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space)
        if plain and opening and self.currentIndex().isValid():
            self.open_requested.emit()
            return
        super().keyPressEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        if event.reason() == QContextMenuEvent.Reason.Keyboard and self.currentIndex().isValid():
            rect = self.visualRect(self.currentIndex())
            point = self.viewport().mapToGlobal(rect.bottomLeft())
        else:
            point = event.globalPos()
        self.menu_requested.emit(point)
        event.accept()


class RegistrationsTab(EventTab):
    #: Show this person on the contacts page (the page turns it into a ``PageRequest``).
    open_person = Signal(int)

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(services, parent)
        self.setObjectName("registrationsTab")
        light_grid(self)
        self.model = RegistrationTableModel(self)
        self.proxy = RegistrationFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        #: How many times the list was loaded (one ``list_registrations`` call each).
        self.loads = 0
        self._build()
        self.set_event(None)

    def tab_title(self) -> str:
        return self.tr("Einladungen und Anmeldungen")

    # ================================================================= building

    def _build(self) -> None:
        root = QVBoxLayout(self)
        root.setContentsMargins(16, 12, 16, 12)
        root.setSpacing(8)

        self.counts_label = QLabel()
        self.counts_label.setObjectName("registrationCounts")
        self.counts_label.setProperty("role", "sectionTitle")
        self.counts_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.places_label = QLabel()
        self.places_label.setObjectName("registrationPlaces")
        self.places_label.setProperty("role", "count")
        self.counts_label.setWordWrap(True)
        self.places_label.setWordWrap(True)
        root.addWidget(self.counts_label)
        root.addWidget(self.places_label)

        self.search = line_edit(
            "registrationSearch",
            tr("Anmeldungen durchsuchen"),
            tr("Name, Organisation, Ort oder Code"),
        )
        self.search.setClearButtonEnabled(True)
        for clear in self.search.findChildren(QAbstractButton):
            clear.setAccessibleName(tr("Suche leeren"))
        self.search.setMinimumWidth(260)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY)
        self._search_timer.timeout.connect(self.apply_search)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        self.status_filter = QComboBox()
        self.status_filter.setObjectName("registrationStatusFilter")
        self.status_filter.setAccessibleName(tr("Status anzeigen"))
        for text, value in (
            (tr("alle"), None),
            (tr("eingeladen (noch ohne Antwort)"), RegistrationStatus.INVITED),
            (tr("angemeldet"), RegistrationStatus.REGISTERED),
            (tr("Warteliste"), RegistrationStatus.WAITLISTED),
            (tr("abgesagt"), RegistrationStatus.DECLINED),
            (tr("teilgenommen"), RegistrationStatus.ATTENDED),
            (tr("nicht erschienen"), RegistrationStatus.NO_SHOW),
            (tr("nachgerückt, noch zu benachrichtigen"), NOTIFY),
        ):
            self.status_filter.addItem(text, value)
        self.status_filter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.status_filter.currentIndexChanged.connect(lambda _i: self.apply_status())
        self.invite_button = button(
            "inviteButton",
            tr("E&inladen …"),
            tooltip=tr("Aus einem Verteiler, nach Filter oder einzelne Personen einladen"),
        )
        self.invite_button.clicked.connect(self.invite)
        self.register_button = button(
            "registerButton",
            tr("&Person anmelden …"),
            tooltip=tr("Eine Anmeldung erfassen (auch ohne Einladung)"),
        )
        self.register_button.clicked.connect(self.register)
        # rows that wrap at 200 % text rather than widen the page (WCAG 1.4.10)
        filter_row = FlowLayout()
        filter_row.add_widget(buddy_label(tr("Su&chen:"), self.search), keep_with_next=True)
        self.search.setMaximumWidth(scaled(420))
        filter_row.add_widget(self.search, 1)
        filter_row.addSpacing(8)
        filter_row.add_widget(buddy_label(tr("Stat&us:"), self.status_filter), keep_with_next=True)
        filter_row.addWidget(self.status_filter)
        self.shown_label = QLabel()
        self.shown_label.setObjectName("registrationShown")
        self.shown_label.setProperty("role", "count")
        filter_row.addWidget(self.shown_label)
        filter_row.addStretch(1)
        filter_row.add_widget(self.invite_button, keep_with_next=True)
        filter_row.addWidget(self.register_button)
        root.addLayout(filter_row)

        self.table = RegistrationsTable()
        self.table.setObjectName("registrationTable")
        self.table.setAccessibleName(tr("Einladungen und Anmeldungen"))
        self.table.setAccessibleDescription(
            tr(
                "Leertaste oder Eingabe öffnet die Anmeldung, die Menütaste zeigt alle "
                "Aktionen; mehrere Zeilen mit Umschalt oder Strg wählen."
            )
        )
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.setSortingEnabled(True)
        self.table.setCornerButtonEnabled(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(scaled(26))
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        for column, width in enumerate(WIDTHS):
            self.table.setColumnWidth(column, scaled(width))
        self.table.open_requested.connect(self.open_current)
        self.table.menu_requested.connect(self.show_context_menu)
        self.table.doubleClicked.connect(lambda _i: self.open_current())
        root.addWidget(self.table, 1)

        self._build_actions()
        actions_row = FlowLayout()
        self.selection_label = QLabel()
        self.selection_label.setObjectName("registrationSelection")
        self.selection_label.setProperty("role", "count")
        actions_row.addWidget(self.selection_label)
        for widget in self.bulk_buttons:
            actions_row.addWidget(widget)
        actions_row.addStretch(1)
        root.addLayout(actions_row)
        # The actions on the current row on a line of their own: on one line with the bulk steps
        # they made the page wider than a 1280-pixel screen.
        single_row = FlowLayout()
        single_row.addStretch(1)
        for widget in self.single_buttons:
            single_row.addWidget(widget)
        root.addLayout(single_row)

        self.work = WorkInProgress("registrationWork")
        root.addWidget(self.work)
        self.notice = Notice("registrationNotice")
        root.addWidget(self.notice)

        self.empty_label = QLabel(tr("Bitte wählen Sie eine Veranstaltung."))
        self.empty_label.setObjectName("registrationEmpty")
        self.empty_label.setProperty("role", "muted")
        root.addWidget(self.empty_label)

        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._update_actions())
        self.table.selectionModel().currentChanged.connect(lambda *_a: self._update_actions())
        order: list[QWidget] = [
            self.search,
            self.status_filter,
            self.invite_button,
            self.register_button,
            self.table,
            *self.bulk_buttons,
            *self.single_buttons,
            self.work.cancel_button,
            self.notice.close_button,
        ]
        tab_chain(order)

    def _action(
        self, name: str, text: str, slot: Callable[[], None], tooltip: str = ""
    ) -> tuple[QAction, QPushButton]:
        action = QAction(text.replace("&", ""), self)
        action.setObjectName(f"{name}Action")
        action.triggered.connect(lambda _c=False: slot())
        if tooltip:
            action.setToolTip(tooltip)
        push = button(name, text, tooltip=tooltip)
        push.clicked.connect(lambda _c=False: slot())
        self.actions_by_name[name] = (action, push)
        return action, push

    def _build_actions(self) -> None:
        self.actions_by_name: dict[str, tuple[QAction, QPushButton]] = {}
        statuses: tuple[tuple[str, str, RegistrationStatus, str], ...] = (
            ("markRegistered", tr("Anme&lden"), RegistrationStatus.REGISTERED,
             tr("Die ausgewählten anmelden (ist kein Platz frei: Warteliste)")),
            ("markDeclined", tr("Ab&sagen"), RegistrationStatus.DECLINED,
             tr("Die ausgewählten sagen ab; frei werdende Plätze gehen an die Warteliste")),
            ("markAttended", tr("Teilgeno&mmen"), RegistrationStatus.ATTENDED,
             tr("Die ausgewählten haben teilgenommen")),
            ("markNoShow", tr("Nicht e&rschienen"), RegistrationStatus.NO_SHOW,
             tr("Die ausgewählten sind nicht gekommen")),
        )  # fmt: skip
        self.bulk_buttons: list[QPushButton] = []
        for name, text, status, tooltip in statuses:

            def slot(status: RegistrationStatus = status, text: str = text) -> None:
                self.set_status_of_selection(status, text.replace("&", ""))

            self.bulk_buttons.append(self._action(name, text, slot, tooltip)[1])
        self.bulk_buttons.append(
            self._action(
                "removeInvitation",
                tr("Von der Liste &nehmen"),
                self.remove_selection,
                tr("Versehentlich Eingeladene streichen (fragt vorher)"),
            )[1]
        )
        self.single_buttons: list[QPushButton] = [
            self._action(
                "openRegistration",
                tr("Anmeldun&g bearbeiten …"),
                self.open_current,
                tr("Begleitpersonen, Assistenz, Funktion und Notizen (Leertaste oder Eingabe)"),
            )[1],
            self._action(
                "editNeeds",
                tr("Bedar&fe …"),
                self.edit_needs,
                tr("Bedarfe mit Einwilligung festhalten"),
            )[1],
            self._action(
                "markNotified",
                tr("Als benachrich&tigt markieren"),
                self.mark_notified,
                tr("Die Nachgerückten wissen Bescheid (Brief, E-Mail oder Telefon)"),
            )[1],
        ]

    # ================================================================= loading

    def set_event(self, detail: EventDetail | None) -> None:
        same = detail is not None and self.detail is not None and detail.id == self.detail.id
        super().set_event(detail)
        if not same:
            self.notice.clear()
        has_event = detail is not None
        self.empty_label.setVisible(not has_event)
        for widget in (self.search, self.status_filter, self.invite_button, self.table):
            widget.setEnabled(has_event)
        self.register_button.setEnabled(has_event)
        if detail is None:
            self.model.set_rows([])
            self.notice.clear()
            self._update_counts()
            self._update_actions()
            return
        self.reload()

    def reload(self, rows: list[RegistrationRow] | None = None) -> None:
        """Load the event's list again (one service call, unless the caller read it off the
        GUI thread already), keeping selection and position."""
        if self.detail is None:
            return
        selected = set(self.selected_ids())
        current = self.current_row()
        if rows is None:
            rows = self.services.events.list_registrations(self.detail.id)
        self.loads += 1
        self.model.set_rows(rows)
        self._restore(selected, current.id if current else None)
        self._update_counts()
        self._update_actions()

    def _restore(self, selected: set[int], current_id: int | None) -> None:
        current = None
        if current_id is not None:
            found = self.proxy.mapFromSource(self.model.index(self.model.row_of_id(current_id), 0))
            current = found if found.isValid() else None
        self._select(selected, current)

    def _select(self, wanted: set[int], current: QModelIndex | None) -> None:
        """Select the rows of ``wanted`` in one step: runs of neighbouring rows become one
        range, and the selection changes (and is announced) once, not once per row — which
        kept the tab busy for seconds with 500 rows and, row by row, upset PySide6 6.12."""
        selection = self.table.selectionModel()
        ranges = QItemSelection()
        last = self.proxy.columnCount() - 1
        start: int | None = None
        count = self.proxy.rowCount()
        for proxy_row in range(count + 1):
            inside = proxy_row < count and self.proxy.row_at(proxy_row).id in wanted
            if inside and start is None:
                start = proxy_row
            elif not inside and start is not None:
                ranges.select(self.proxy.index(start, 0), self.proxy.index(proxy_row - 1, last))
                start = None
        if current is not None:
            selection.setCurrentIndex(current, QItemSelectionModel.SelectionFlag.NoUpdate)
        selection.select(ranges, QItemSelectionModel.SelectionFlag.ClearAndSelect)

    def rows(self) -> list[RegistrationRow]:
        return self.model.rows()

    def counts(self) -> StatusCounts:
        """Per status, from the loaded list (the same numbers the table shows)."""
        found = Counter(row.status.value for row in self.model.rows())
        return StatusCounts(**found)

    def _update_counts(self) -> None:
        if self.detail is None:
            self.counts_label.clear()
            self.places_label.clear()
            self.shown_label.clear()
            return
        rows = self.model.rows()
        text = counts_text(self.counts())
        self.counts_label.setText(text)
        self.counts_label.setAccessibleName(text)
        taken = sum(row.places for row in rows if row.status in HOLDING_PLACES)
        places = places_text(taken, self.detail.capacity)
        pending = sum(1 for row in rows if row.notify_pending)
        if pending:
            places += " · " + (
                tr("{n} Nachgerückte noch zu benachrichtigen").format(n=pending)
                if pending != 1
                else tr("1 Nachgerückte(r) noch zu benachrichtigen")
            )
        self.places_label.setText(places)
        self.places_label.setAccessibleName(places)
        self._update_shown()

    def _update_shown(self) -> None:
        total, shown = self.model.rowCount(), self.proxy.rowCount()
        text = (
            ""
            if shown == total
            else tr("{shown} von {total} angezeigt").format(shown=shown, total=total)
        )
        self.shown_label.setText(text)
        self.shown_label.setAccessibleName(text)

    # ================================================================= filter

    def apply_search(self) -> None:
        self._search_timer.stop()
        self.proxy.set_search(self.search.text())
        self._update_shown()
        self._update_actions()

    def apply_status(self) -> None:
        status = self.status_filter.currentData()
        self.proxy.set_status(status)
        if status == RegistrationStatus.WAITLISTED:  # the waiting list in its order
            self.table.sortByColumn(WAITLIST, Qt.SortOrder.AscendingOrder)
        self._update_shown()
        self._update_actions()

    def set_status_filter(self, value: RegistrationStatus | str | None) -> None:
        self.status_filter.setCurrentIndex(max(0, self.status_filter.findData(value)))

    # ================================================================= selection

    def selected_rows(self) -> list[RegistrationRow]:
        rows = self.table.selectionModel().selectedRows()
        return [self.proxy.row_at(index.row()) for index in sorted(rows, key=QModelIndex.row)]

    def selected_ids(self) -> list[int]:
        return [row.id for row in self.selected_rows()]

    def current_row(self) -> RegistrationRow | None:
        index = self.table.currentIndex()
        if not index.isValid():
            selected = self.selected_rows()
            return selected[0] if len(selected) == 1 else None
        return self.proxy.row_at(index.row())

    def select_ids(self, ids: set[int] | list[int]) -> None:
        """Select these registrations, the first of them current (tests use it too)."""
        wanted = set(ids)
        first = next(
            (r for r in range(self.proxy.rowCount()) if self.proxy.row_at(r).id in wanted), None
        )
        self._select(wanted, None if first is None else self.proxy.index(first, 0))

    def _update_actions(self) -> None:
        """Enable what applies to the selection; nothing changes while a long step runs (it
        would only queue behind it and act on a list about to change)."""
        idle = not self.work.running
        selected = self.selected_rows() if self.detail is not None and idle else []
        current = self.current_row() if self.detail is not None and idle else None
        for widget in (self.invite_button, self.register_button):
            widget.setEnabled(self.detail is not None and idle)
        for name in ("markRegistered", "markDeclined", "markAttended", "markNoShow",
                     "removeInvitation"):  # fmt: skip
            self._enable(name, bool(selected))
        self._enable("openRegistration", current is not None)
        self._enable("editNeeds", current is not None)
        self._enable("markNotified", any(row.notify_pending for row in selected))
        chosen = len(self.selected_rows()) if self.detail is not None else 0
        self.selection_label.setText(tr("{n} ausgewählt:").format(n=chosen) if chosen else "")

    def _enable(self, name: str, enabled: bool) -> None:
        action, push = self.actions_by_name[name]
        action.setEnabled(enabled)
        push.setEnabled(enabled)

    def context_menu(self) -> QMenu:
        """The table's context menu: every action of the tab for the selected rows."""
        menu = QMenu(self)
        menu.setObjectName("registrationMenu")
        menu.setAccessibleName(tr("Aktionen für die ausgewählten Anmeldungen"))
        for name in ("openRegistration", "editNeeds"):
            menu.addAction(self.actions_by_name[name][0])
        menu.addSeparator()
        for name in ("markRegistered", "markDeclined", "markAttended", "markNoShow"):
            menu.addAction(self.actions_by_name[name][0])
        menu.addAction(self.actions_by_name["markNotified"][0])
        menu.addSeparator()
        current = self.current_row()
        show = menu.addAction(tr("Person in Kontakten öffnen"))
        show.setObjectName("openPersonAction")
        show.setEnabled(current is not None)
        if current is not None:
            person_id = current.person_id
            show.triggered.connect(lambda _c=False: self.open_person.emit(person_id))
        menu.addSeparator()
        menu.addAction(self.actions_by_name["removeInvitation"][0])
        return menu

    def show_context_menu(self, point: QPoint) -> None:
        if self.detail is None:
            return
        menu = self.context_menu()
        menu.aboutToHide.connect(menu.deleteLater)
        menu.popup(point)

    # ================================================================= actions

    def _done(self, text: str, tone: str = "ok", rows: list[RegistrationRow] | None = None) -> None:
        """After a change: reload the list (or show ``rows``, read already on the worker
        thread), say what happened, tell the page."""
        self.reload(rows)
        if text:
            self.notice.show_text(text, tone)
        self.changed.emit()

    def invite(self) -> None:
        if self.detail is None:
            return
        result = InviteDialog.run(self, self.services, self.detail.id, self.open_person.emit)
        if result is not None:
            self._done(invitation_text(result), "warning" if result.problems else "ok")

    def register(self) -> None:
        if self.detail is None:
            return
        answer = RegistrationDialog.run(self, self.services, self.detail.id, None)
        if answer is None:
            return
        outcome, new = answer
        waiting = outcome.registration.status is RegistrationStatus.WAITLISTED
        self._done(
            outcome_text(outcome_head(outcome, new=new), outcome.notes, outcome.promoted),
            "warning" if waiting or outcome.notes else "ok",
        )

    def open_current(self) -> None:
        row = self.current_row()
        if self.detail is None or row is None:
            return
        answer = RegistrationDialog.run(self, self.services, self.detail.id, row.id)
        if answer is None:
            return
        outcome, new = answer
        self._done(
            outcome_text(outcome_head(outcome, new=new), outcome.notes, outcome.promoted),
            "warning" if outcome.promoted else "ok",
        )

    def edit_needs(self) -> None:
        row = self.current_row()
        if self.detail is None or row is None:
            return
        saved = NeedsDialog.run(self, self.services, row.id)
        if saved is not None:
            self._done(saved_text(saved))

    def run_long(self, work: Callable[[], T], done: Callable[[T], None], text: str) -> None:
        """A step over many rows on the worker thread, with the busy row and "Abbrechen"
        (Escape too); cancelled, its transaction rolls back and the notice says so."""
        token = self.work.start(text)
        self._update_actions()

        def succeeded(result: T) -> None:
            self.work.finish()
            done(result)

        def failed(exc: BaseException) -> None:
            self.work.finish()
            self._update_actions()
            if isinstance(exc, OperationCancelledError):
                self.notice.show_text(exc.message, "info")
            else:
                report_exception(exc, self)

        run_operation(self, work, succeeded, on_failure=failed, progress_text=text, cancel=token)

    def _then_list(
        self, write: Callable[[], BulkOutcome]
    ) -> Callable[[], tuple[BulkOutcome, list[RegistrationRow]]]:
        """``write``, then the event's list read on the worker thread too, so that the GUI
        thread only shows it (reading 2,000 rows took a third of a second)."""
        events = self.services.events
        assert self.detail is not None
        event_id = self.detail.id

        def work() -> tuple[BulkOutcome, list[RegistrationRow]]:
            outcome = write()
            with cancellable(None):  # committed: a late "Abbrechen" must not fail the read
                return outcome, events.list_registrations(event_id)

        return work

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and self.work.running:
            self.work.cancel()
            return
        super().keyPressEvent(event)

    def set_status_of_selection(self, status: RegistrationStatus, action: str) -> None:
        ids = self.selected_ids()
        if self.detail is None or not ids or self.work.running:
            return
        events = self.services.events

        late = (
            late_text(self.detail.registration_deadline, self.services.context.today())
            if status is RegistrationStatus.REGISTERED
            else ""
        )

        def done(answer: tuple[BulkOutcome, list[RegistrationRow]]) -> None:
            outcome, rows = answer
            text = bulk_text(action, outcome)
            if late and outcome.changed:  # the service notes it per row; say it once here
                text += " " + late
            warn = outcome.promoted or outcome.notes or outcome.unchanged or late
            self._done(text, "warning" if warn else "ok", rows)

        self.run_long(
            self._then_list(lambda: events.set_registration_status_many(ids, status)),
            done,
            tr("{action}: {n} Anmeldungen werden geändert …").format(action=action, n=len(ids)),
        )

    def remove_selection(self) -> None:
        rows = self.selected_rows()
        if self.detail is None or not rows or self.work.running:
            return
        question = (
            tr("{name} von der Liste nehmen?").format(name=rows[0].name)
            if len(rows) == 1
            else tr("{n} Personen von der Liste nehmen?").format(n=len(rows))
        )
        if not EventDialogs.confirm(
            self,
            question,
            tr(
                "Das ist für versehentlich Eingeladene gedacht; eine Absage halten Sie mit "
                "„Absagen“ fest. Wer teilgenommen hat, bleibt auf der Liste. Frei werdende "
                "Plätze gehen an die Warteliste."
            ),
            tr("Von der Liste nehmen"),
        ):
            return
        ids = [row.id for row in rows]
        events = self.services.events

        def done(answer: tuple[BulkOutcome, list[RegistrationRow]]) -> None:
            outcome, rows = answer
            self._done(
                bulk_text(tr("Von der Liste genommen"), outcome),
                "warning" if outcome.promoted or outcome.unchanged else "ok",
                rows,
            )

        self.run_long(
            self._then_list(lambda: events.remove_invitations(ids)),
            done,
            tr("{n} Einladungen werden gestrichen …").format(n=len(ids)),
        )

    def mark_notified(self) -> None:
        pending = [row for row in self.selected_rows() if row.notify_pending]
        if not pending:
            return
        count = self.services.events.mark_promotions_notified([row.id for row in pending])
        self._done(
            tr("Als benachrichtigt vermerkt: {names}.").format(
                names=", ".join(row.name for row in pending)
            )
            if count
            else ""
        )


def invitation_text(result: InvitationResult) -> str:
    parts = [
        tr("{n} Personen eingeladen.").format(n=result.invited)
        if result.invited != 1
        else tr("1 Person eingeladen.")
    ]
    if result.already_invited:
        parts.append(
            tr("{n} standen schon auf der Liste (nicht doppelt eingeladen).").format(
                n=len(result.already_invited)
            )
        )
    if result.problems:
        people = len({problem.person_id for problem in result.problems})
        parts.append(
            tr(
                "{n} ohne Postanschrift oder E-Mail-Adresse: vor dem Druck klären "
                "(Spalte „Hinweise“)."
            ).format(n=people)
        )
    return " ".join(parts)


__all__ = ["RegistrationsTab", "RegistrationsTable", "invitation_text"]
