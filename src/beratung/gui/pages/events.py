"""Veranstaltungen: Werkstattgespräche planen und durchführen.

The list of events on top (upcoming, past or all; date, title, series, place, status, the
answers so far and the places as a bar), the chosen event below in tabs (``TAB_CLASSES``:
Details, Tagesordnung, Einladungen und Anmeldungen, Bedarfe, Teilnahme, Dokumente).

* Strg+N or "Neue Veranstaltung" opens an empty form on the tab "Details" (the other tabs wait
  until it is saved); "Kopieren …" makes the next event from the chosen one (``copy_event``,
  asking for the new start); "Löschen …" asks first, and with invitations or registrations names
  how many and deletes (``force=True``) only after a second confirmation.
* A tab that changed something emits ``changed``: the page reloads the event into every tab and
  the list's figures. Before another event is shown (or the page is left) unsaved edits of the
  form are asked about: Speichern / Verwerfen / Abbrechen.
* ``show_event(event_id)`` is what ``PageRequest("events", "show_event", {"event_id": …})``
  calls (the overview's follow-ups, other pages); an event that is gone is said on the page,
  without a dialog.

Changes run through :func:`~beratung.gui.operations.run_operation`; reading the list and one
event is quick and done directly, as on the other pages.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QSplitter,
    QTabBar,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from beratung.domain.errors import NotFoundError
from beratung.gui.errors import report_exception
from beratung.gui.events.base import EventTab
from beratung.gui.events.common import PlanningDialogs, when_text
from beratung.gui.events.copy_dialog import CopyDialog
from beratung.gui.events.details import DetailsTab
from beratung.gui.events.documents import DocumentsTab
from beratung.gui.events.list import PLACES_COLUMN, CapacityDelegate, EventTableModel
from beratung.gui.events.registrations import RegistrationsTab
from beratung.gui.events.tabs import TAB_CLASSES
from beratung.gui.flow import FlowLayout
from beratung.gui.operations import run_operation
from beratung.gui.pages.base import Page, heading
from beratung.gui.style import light_grid, scaled

if TYPE_CHECKING:
    from beratung.services import Services
    from beratung.services.events.snapshots import EventDetail, EventRow

#: The list's periods, in the order of the period bar.
PERIODS = ("upcoming", "past", "all")


class EventsPage(Page):
    def title(self) -> str:
        return self.tr("Veranstaltungen")

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(services, parent)
        light_grid(self)
        self._current: EventDetail | None = None
        self._selecting = False
        self._loaded = False
        self._busy = False
        self._rows: dict[str, list[EventRow]] = {period: [] for period in PERIODS}
        self._build()
        self._update_state()

    # ================================================================= building

    def _build(self) -> None:
        root = QVBoxLayout(self)
        root.setContentsMargins(24, 16, 24, 10)
        root.setSpacing(8)

        top = FlowLayout(spacing=8)
        top.addWidget(heading(self.title()))
        top.addSpacing(20)
        self.period_bar = QTabBar()
        self.period_bar.setObjectName("eventPeriod")
        self.period_bar.setAccessibleName(self.tr("Zeitraum der Liste"))
        self.period_bar.setDrawBase(False)
        self.period_bar.setExpanding(False)
        for _period in PERIODS:
            self.period_bar.addTab("")
        self.period_bar.currentChanged.connect(self._period_changed)
        top.add_widget(self.period_bar, alignment=Qt.AlignmentFlag.AlignBottom)
        top.addStretch(1)

        self.new_action = self._action(
            self.tr("Neue &Veranstaltung"),
            self.new_event,
            self.tr("Eine neue Veranstaltung anlegen"),
            QKeySequence(QKeySequence.StandardKey.New),
        )
        self.copy_action = self._action(
            self.tr("&Kopieren …"),
            self.copy_event,
            self.tr(
                "Die nächste Veranstaltung aus der gewählten machen: neuer Beginn, sonst alles"
            ),
        )
        self.delete_action = self._action(
            self.tr("L&öschen …"), self.delete_event, self.tr("Die gewählte Veranstaltung löschen")
        )
        self.buttons: dict[str, QPushButton] = {}
        for key, action in (
            ("new", self.new_action),
            ("copy", self.copy_action),
            ("delete", self.delete_action),
        ):
            button = QPushButton(action.text())
            button.setObjectName(f"event_{key}")
            button.setAccessibleName(action.text().replace("&", "").rstrip(" …"))
            button.setToolTip(action.toolTip())
            button.setAutoDefault(False)
            button.clicked.connect(action.trigger)
            self.buttons[key] = button
            top.add_widget(button, keep_with_next=key != "delete")  # wrap as one group
        self.buttons["new"].setProperty("primary", True)
        root.addLayout(top)

        self.info = QLabel()
        self.info.setObjectName("eventsInfo")
        self.info.setWordWrap(True)
        self.info.setProperty("role", "muted")
        self.info.hide()
        root.addWidget(self.info)

        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setObjectName("eventsSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self._build_list())
        self.splitter.addWidget(self._build_view())
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setSizes([190, 520])
        root.addWidget(self.splitter, 1)

        QWidget.setTabOrder(self.period_bar, self.buttons["new"])
        QWidget.setTabOrder(self.buttons["new"], self.buttons["copy"])
        QWidget.setTabOrder(self.buttons["copy"], self.buttons["delete"])
        QWidget.setTabOrder(self.buttons["delete"], self.table)
        QWidget.setTabOrder(self.table, self.tabs)

    def _action(
        self,
        text: str,
        slot: Callable[[], None],
        tip: str,
        key: QKeySequence | None = None,
    ) -> QAction:
        action = QAction(text, self)
        if key is not None:
            action.setShortcut(key)
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            tip = f"{tip} ({key.toString(QKeySequence.SequenceFormat.NativeText)})"
        action.setToolTip(tip)
        action.setStatusTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        return action

    def _build_list(self) -> QWidget:
        panel = QWidget()
        box = QVBoxLayout(panel)
        box.setContentsMargins(0, 0, 0, 6)
        box.setSpacing(4)
        self.model = EventTableModel(self)
        self.table = QTableView()
        self.table.setObjectName("eventsTable")
        self.table.setAccessibleName(self.tr("Liste der Veranstaltungen"))
        self.table.setModel(self.model)
        self.table.setItemDelegateForColumn(PLACES_COLUMN, CapacityDelegate(self.table))
        # the heading and three rows stay visible at any font size (at 200 % the splitter gave
        # the list only its heading); the page scrolls instead
        line = self.table.fontMetrics().height()
        self.table.setMinimumHeight(5 * line + 3 * scaled(12))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTabKeyNavigation(False)
        self.table.setCornerButtonEnabled(False)
        for inner in self.table.findChildren(QAbstractButton):
            inner.setAccessibleName(self.tr("Alle auswählen"))
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(scaled(28))
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(60)
        for column, width in ((0, 118), (2, 130), (3, 108), (4, 290), (5, 180)):
            self.table.setColumnWidth(column, scaled(width))
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        delete_here = QAction(self.table)
        delete_here.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        delete_here.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        delete_here.triggered.connect(self.delete_event)
        self.table.addAction(delete_here)
        box.addWidget(self.table, 1)
        self.empty_label = QLabel()
        self.empty_label.setObjectName("eventsEmpty")
        self.empty_label.setProperty("role", "muted")
        self.empty_label.hide()
        box.addWidget(self.empty_label)
        return panel

    def _build_view(self) -> QWidget:
        panel = QWidget()
        box = QVBoxLayout(panel)
        box.setContentsMargins(0, 4, 0, 0)
        box.setSpacing(6)
        self.event_heading = QLabel()
        self.event_heading.setObjectName("eventHeading")
        self.event_heading.setProperty("role", "sectionTitle")
        self.event_heading.setWordWrap(True)
        box.addWidget(self.event_heading)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("eventTabs")
        self.tabs.setAccessibleName(self.tr("Die gewählte Veranstaltung"))
        self.tabs.tabBar().setAccessibleName(self.tr("Registerkarten der Veranstaltung"))
        self.tabs.setDocumentMode(False)
        self.event_tabs: list[EventTab] = []
        self.details: DetailsTab | None = None
        for tab_class in TAB_CLASSES:
            tab = tab_class(self.services)
            self.event_tabs.append(tab)
            self.tabs.addTab(tab, tab.tab_title())
            tab.changed.connect(lambda tab=tab: self._tab_changed(tab))
            if isinstance(tab, DetailsTab):
                self.details = tab
                tab.saved.connect(self._saved)
                tab.feedback.dirty_changed.connect(lambda _dirty: self._update_state())
        # the invitation letters start from the people chosen on "Einladungen und Anmeldungen"
        registrations = next((t for t in self.event_tabs if isinstance(t, RegistrationsTab)), None)
        for tab in self.event_tabs:
            if isinstance(tab, DocumentsTab) and registrations is not None:
                tab.selection = registrations.selected_ids
        box.addWidget(self.tabs, 1)
        self._name_inner_buttons()
        return panel

    def _name_inner_buttons(self) -> None:
        """Buttons Qt makes inside other widgets (a table's corner button, a search field's
        clear button) get a name where a tab left them without one: a screen reader must not
        meet a nameless button anywhere on the page."""
        for table in self.tabs.findChildren(QTableView):
            for corner in table.findChildren(QAbstractButton, "qt_tableview_cornerbutton"):
                if not corner.accessibleName():
                    corner.setAccessibleName(self.tr("Alle auswählen"))
        for edit in self.tabs.findChildren(QLineEdit):
            for button in edit.findChildren(QAbstractButton):
                if not (button.accessibleName() or button.text()):
                    button.setAccessibleName(self.tr("Eingabe leeren"))

    # ================================================================= loading

    def refresh(self) -> None:
        """Reload the list and the chosen event (unsaved input of the form is kept)."""
        self._load_rows()
        if not self._loaded:
            self._loaded = True
            # start where there is something: upcoming events, else the past ones
            if not self._rows["upcoming"] and self._rows["past"]:
                self._set_period("past")
        current = self._current
        if current is not None:
            self._select_id(current.id)
            if not self._details_dirty():
                try:
                    self._show(self.services.events.get_event(current.id))
                except NotFoundError as exc:
                    self._gone(str(exc))
        elif not self._is_new() and self.model.rowCount():
            self.table.setCurrentIndex(self.model.index(0, 0))
        self._update_state()

    def _load_rows(self) -> None:
        events = self.services.events
        upcoming = events.list_events(period="upcoming")
        past = events.list_events(period="past")
        self._rows = {"upcoming": upcoming, "past": past, "all": upcoming + past}
        labels = {
            "upcoming": self.tr("Anstehende ({count})"),
            "past": self.tr("Vergangene ({count})"),
            "all": self.tr("Alle ({count})"),
        }
        for index, period in enumerate(PERIODS):
            self.period_bar.setTabText(index, labels[period].format(count=len(self._rows[period])))
        self._fill_model()

    def period(self) -> str:
        return PERIODS[max(0, self.period_bar.currentIndex())]

    def _set_period(self, period: str) -> None:
        self.period_bar.setCurrentIndex(PERIODS.index(period))

    def _fill_model(self) -> None:
        self._selecting = True
        try:
            rows = self._rows[self.period()]
            self.model.set_rows(rows)
            if self._current is not None:
                self._select_id(self._current.id)
        finally:
            self._selecting = False
        if not rows:
            self.empty_label.setText(
                {
                    "upcoming": self.tr(
                        "Keine anstehenden Veranstaltungen. Legen Sie mit „Neue Veranstaltung“ "
                        "(Strg+N) eine an."
                    ),
                    "past": self.tr("Keine vergangenen Veranstaltungen."),
                    "all": self.tr(
                        "Noch keine Veranstaltungen. Legen Sie mit „Neue Veranstaltung“ "
                        "(Strg+N) die erste an."
                    ),
                }[self.period()]
            )
        self.empty_label.setVisible(not rows)

    @Slot(int)
    def _period_changed(self, _index: int) -> None:
        self._fill_model()
        self._update_state()

    def _select_id(self, event_id: int) -> bool:
        row = self.model.row_of(event_id)
        selecting, self._selecting = self._selecting, True
        try:
            if row is None:
                self.table.selectionModel().clearCurrentIndex()
                self.table.clearSelection()
                return False
            index = self.model.index(row, 0)
            self.table.selectionModel().setCurrentIndex(
                index,
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
            self.table.scrollTo(index)
            return True
        finally:
            self._selecting = selecting

    @Slot(QModelIndex, QModelIndex)
    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._selecting or not current.isValid():
            return
        row = self.model.row_at(current.row())
        if self._current is not None and row.id == self._current.id and not self._is_new():
            return
        if not self._resolve_unsaved(lambda: self.open_event(row.id)):
            # stay with the event being edited
            if self._current is not None:
                self._select_id(self._current.id)
            else:
                self._select_id(-1)
            return
        self.open_event(row.id)

    def open_event(self, event_id: int) -> None:
        """Show the event ``event_id`` in the tabs (selected in the list if it is there)."""
        try:
            detail = self.services.events.get_event(event_id)
        except NotFoundError as exc:
            self._gone(str(exc))
            return
        self.info.hide()
        self._select_id(event_id)
        self._show(detail)

    def show_event(self, event_id: int) -> None:
        """``PageRequest("events", "show_event", {"event_id": …})``: show that event."""
        if not self._loaded:
            self.refresh()
        if not self._resolve_unsaved(lambda: self.show_event(event_id)):
            return
        if self.model.row_of(event_id) is None and any(
            row.id == event_id for row in self._rows["all"]
        ):
            self._set_period("all")
        self.open_event(event_id)
        self.tabs.setCurrentIndex(0)
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def _gone(self, message: str) -> None:
        """The event asked for is not there (any more): say so on the page, no dialog."""
        self.info.setText(message)
        self.info.setAccessibleName(message)
        self.info.show()
        self._show(None)
        self._load_rows()

    def _show(self, detail: EventDetail | None) -> None:
        """Put ``detail`` into every tab (None: no event chosen)."""
        self._current = detail
        for tab in self.event_tabs:
            tab.set_event(detail)
        for index in range(self.tabs.count()):
            self.tabs.setTabEnabled(index, detail is not None or index == 0)
        self._show_heading()
        self._update_state()

    def _show_heading(self) -> None:
        detail = self._current
        if detail is None and self._is_new():
            text = self.tr("Neue Veranstaltung")
        elif detail is None:
            text = ""
        else:
            place = ", ".join(
                p for p in ((detail.venue.name, detail.venue.town) if detail.venue else ()) if p
            )
            text = " · ".join(
                p for p in (detail.title, when_text(detail.starts_at, detail.ends_at), place) if p
            )
        self.event_heading.setText(text)
        self.event_heading.setAccessibleName(text)
        self.event_heading.setVisible(bool(text))

    def current(self) -> EventDetail | None:
        return self._current

    # ================================================================= state

    def _is_new(self) -> bool:
        return self.details is not None and self.details.is_new()

    def _details_dirty(self) -> bool:
        return self.details is not None and self.details.has_unsaved_changes()

    def has_unsaved_changes(self) -> bool:
        return any(tab.has_unsaved_changes() for tab in self.event_tabs)

    def may_leave(self, then: Callable[[], object]) -> bool:
        return self._resolve_unsaved(then)

    def _resolve_unsaved(self, then: Callable[[], object]) -> bool:
        if self.details is None:
            return True
        if self._details_dirty():
            self.tabs.setCurrentWidget(self.details)
        return self.details.resolve_unsaved(then)

    def _update_state(self) -> None:
        idle = not self._busy and not (self.details is not None and self.details.is_busy())
        chosen = self._current is not None and not self._is_new()
        self.new_action.setEnabled(idle)
        self.copy_action.setEnabled(idle and chosen)
        self.delete_action.setEnabled(idle and chosen)
        for key, action in (
            ("new", self.new_action),
            ("copy", self.copy_action),
            ("delete", self.delete_action),
        ):
            self.buttons[key].setEnabled(action.isEnabled())

    def _status(self, message: str) -> None:
        window = self.window()
        if isinstance(window, QMainWindow):
            window.statusBar().showMessage(message, 10_000)

    # ================================================================= changes

    def _tab_changed(self, _tab: EventTab) -> None:
        """A tab changed the event (agenda, registrations …): every tab and the list again."""
        current = self._current
        if current is None:
            return
        try:
            detail = self.services.events.get_event(current.id)
        except NotFoundError as exc:
            self._gone(str(exc))
            return
        self._current = detail
        for tab in self.event_tabs:
            tab.set_event(detail)
        self._show_heading()
        self._load_rows()
        self._update_state()

    def _saved(self, detail: EventDetail) -> None:
        """The form created or updated the event: list, heading and the other tabs."""
        self._load_rows()
        if self.model.row_of(detail.id) is None:
            self._set_period("all")
        self._select_id(detail.id)
        self._current = detail
        for tab in self.event_tabs:
            if tab is not self.details:
                tab.set_event(detail)
        for index in range(self.tabs.count()):
            self.tabs.setTabEnabled(index, True)
        self._show_heading()
        self._update_state()

    @Slot()
    def new_event(self) -> None:
        if self._busy or self.details is None:
            return
        if not self._resolve_unsaved(self.new_event):
            return
        self.info.hide()
        self._current = None
        self._select_id(-1)
        for tab in self.event_tabs:
            if tab is not self.details:
                tab.set_event(None)
        self.details.start_new()
        for index in range(self.tabs.count()):
            self.tabs.setTabEnabled(index, index == 0)
        self.tabs.setCurrentWidget(self.details)
        self._show_heading()
        self._update_state()
        self.details.focus_first()

    @Slot()
    def copy_event(self) -> None:
        source = self._current
        if self._busy or source is None or self._is_new():
            return
        if not self._resolve_unsaved(self.copy_event):
            return
        request = CopyDialog.ask(self, self.services, source)
        if request is None:
            return
        events = self.services.events
        source_id = source.id

        def done(copy: EventDetail) -> None:
            self._busy = False
            self._load_rows()
            if self.model.row_of(copy.id) is None:
                self._set_period("all")
            self.open_event(copy.id)
            self.tabs.setCurrentIndex(0)
            self._status(
                self.tr("„{title}“ angelegt, am {when}.").format(
                    title=copy.title, when=when_text(copy.starts_at, copy.ends_at)
                )
            )

        self._run(
            lambda: events.copy_event(source_id, request.starts_at, title=request.title),
            done,
            self.tr("Veranstaltung wird kopiert …"),
        )

    @Slot()
    def delete_event(self) -> None:
        current = self._current
        if self._busy or current is None or self._is_new():
            return
        registrations = current.counts.total
        if not PlanningDialogs.confirm_delete(self, current.title, registrations):
            return
        force = False
        if registrations:
            if not PlanningDialogs.confirm_delete_registrations(self, current.title, registrations):
                return
            force = True
        events = self.services.events
        event_id, version = current.id, current.version

        def done(_result: None) -> None:
            self._busy = False
            if self.details is not None:
                self.details.feedback.set_dirty(False)
            self._show(None)
            self._load_rows()
            if self.model.rowCount():
                self.table.setCurrentIndex(self.model.index(0, 0))
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)
            self._status(self.tr("„{title}“ gelöscht.").format(title=current.title))

        self._run(
            lambda: events.delete_event(event_id, expected_version=version, force=force),
            done,
            self.tr("Veranstaltung wird gelöscht …"),
        )

    def _run(self, work: Callable[[], object], done: Callable[..., None], progress: str) -> None:
        self._busy = True
        self._update_state()

        def finished(result: object) -> None:
            done(result)
            self._update_state()

        def failed(exc: BaseException) -> None:
            self._busy = False
            self._update_state()
            report_exception(exc, self)

        run_operation(self, work, finished, on_failure=failed, progress_text=progress)
