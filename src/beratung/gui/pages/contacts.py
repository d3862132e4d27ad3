"""Kontakte: Personen, Organisationen und Verteiler.

A list on the left over a lazy model (pages of 200 rows from the services, sorted by the
database), search-as-you-type with a short debounce, filter combos, and the detail form of the
current record on the right. Everything works from the keyboard:

* Strg+F search, ↓ from the search field into the list, ↑/↓/Bild↓ in the list;
* Enter opens the detail form (first field), Esc goes back to the list;
* Strg+N new, Strg+S save, Entf deletes the current record (after asking);
* Strg+B starts a new consultation with the current person or organisation (Beratungen page).
"""

# Long module: the page is the one coordinator of mode, filter, list selection and detail form,
# which all pass through the same unsaved-changes guard (``_may_leave_record``); what stands alone
# (forms, models, list panel, import, export, duplicates) already lives in ``gui/contacts/``.

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import QEvent, QLocale, QModelIndex, QObject, Qt, QTimer, Slot
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTabBar,
    QVBoxLayout,
    QWidget,
)

from beratung.gui.contacts.common import (
    ContactDialogs,
    table_view,
)
from beratung.gui.contacts.detail_form import DetailForm
from beratung.gui.contacts.export import export_contacts
from beratung.gui.contacts.lists import ListPanel
from beratung.gui.contacts.models import (
    LazyTableModel,
    ListTableModel,
    OrganisationTableModel,
    PersonTableModel,
    RowRole,
    distribution_list_columns,
)
from beratung.gui.contacts.organisation_form import OrganisationForm
from beratung.gui.contacts.person_form import PersonForm
from beratung.gui.errors import report_exception
from beratung.gui.fit import SplitterReflow
from beratung.gui.flow import FlowLayout
from beratung.gui.operations import run_operation
from beratung.gui.pages.base import Page, heading
from beratung.gui.style import light_grid, read_only_look, scaled
from beratung.services.contacts import (
    ContactFilter,
    DistributionListRow,
    OrganisationDetail,
    OrganisationRow,
    PersonDetail,
    PersonRow,
)

if TYPE_CHECKING:
    from beratung.services import Services
    from beratung.services.contact_io import ImportFormat

log = logging.getLogger(__name__)

PERSONS, ORGANISATIONS, LISTS = "persons", "organisations", "lists"
MODES = (PERSONS, ORGANISATIONS, LISTS)

#: The models of the three modes, the rows they hold and the forms that show them.
ContactsModel = PersonTableModel | OrganisationTableModel | ListTableModel[DistributionListRow]
ContactsRow = PersonRow | OrganisationRow | DistributionListRow
ContactsForm = DetailForm[Any] | ListPanel  # DetailForm: the person or the organisation form

#: Debounce of search-as-you-type (ms).
SEARCH_DELAY = 150


class SearchField(QLineEdit):
    """The search field: ↓, Bild↓ and Enter move into the list (after a pending search)."""

    def __init__(self, page: ContactsPage) -> None:
        super().__init__()
        self._page = page

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (
            Qt.Key.Key_Down,
            Qt.Key.Key_PageDown,
            Qt.Key.Key_Return,
            Qt.Key.Key_Enter,
        ):
            if self._page.search_timer.isActive():
                self._page.apply_filter()
            self._page.focus_list()
            return
        super().keyPressEvent(event)


class ContactsPage(Page):
    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(services, parent)
        self.contacts = services.contacts
        self.mode = PERSONS
        self._selecting = False
        self._loaded = False
        light_grid(self)
        read_only_look(self, "muted")
        self._build()
        self._build_shortcuts()

    def title(self) -> str:
        return self.tr("Kontakte")

    # ================================================================= building

    def _build(self) -> None:
        root = QVBoxLayout(self)
        root.setContentsMargins(24, 16, 24, 10)
        root.setSpacing(10)

        top = FlowLayout(spacing=root.spacing())
        top.line_spacing = 6
        top.addWidget(heading(self.title()))
        top.addSpacing(24)
        self.mode_bar = QTabBar()
        self.mode_bar.setObjectName("contactsMode")
        self.mode_bar.setAccessibleName(self.tr("Ansicht der Kontakte"))
        self.mode_bar.setDrawBase(False)
        self.mode_bar.setExpanding(False)
        self.mode_bar.setUsesScrollButtons(False)  # all three tabs whole, at any font size
        for text in (self.tr("&Personen"), self.tr("&Organisationen"), self.tr("&Verteiler")):
            self.mode_bar.addTab(text)
        self.mode_bar.currentChanged.connect(self._mode_changed)
        top.add_widget(self.mode_bar, alignment=Qt.AlignmentFlag.AlignBottom)
        top.addStretch(1)
        self.new_button = QPushButton(self.tr("&Neu"))
        self.new_button.setObjectName("newButton")
        self.new_button.setToolTip(self.tr("Neuer Eintrag (Strg+N)"))
        self.new_button.clicked.connect(self.new_record)
        self.import_button = QPushButton(self.tr("&Importieren …"))
        self.import_button.setObjectName("importButton")
        self.import_button.clicked.connect(self.open_import)
        self.export_button = QPushButton(self.tr("E&xportieren"))
        self.export_button.setObjectName("exportButton")
        export_menu = QMenu(self.export_button)
        self.export_actions: dict[str, QAction] = {}
        formats: tuple[tuple[ImportFormat, str], ...] = (
            ("csv", self.tr("CSV für Excel (.csv) …")),
            ("xlsx", self.tr("Excel-Arbeitsmappe (.xlsx) …")),
            ("vcf", self.tr("vCard für Outlook/Thunderbird (.vcf) …")),
        )
        for fmt, text in formats:
            action = export_menu.addAction(text)
            action.triggered.connect(lambda _c=False, fmt=fmt: self.export(fmt))
            self.export_actions[fmt] = action
        self.export_button.setMenu(export_menu)
        self.duplicates_button = QPushButton(self.tr("D&ubletten …"))
        self.duplicates_button.setObjectName("duplicatesButton")
        self.duplicates_button.clicked.connect(self.open_duplicates)
        self.consultation_button = QPushButton(self.tr("Neue Bera&tung …"))
        self.consultation_button.setObjectName("newConsultationButton")
        self.consultation_button.setToolTip(
            self.tr("Neue Beratung mit dieser Person oder Organisation erfassen (Strg+B)")
        )
        self.consultation_button.clicked.connect(self.new_consultation)
        for widget in (
            self.consultation_button,
            self.new_button,
            self.import_button,
            self.export_button,
            self.duplicates_button,
        ):
            top.addWidget(widget)
        root.addLayout(top)

        search_row = FlowLayout(spacing=8)
        self.search = SearchField(self)
        self.search.setObjectName("contactSearch")
        self.search.setAccessibleName(self.tr("Kontakte durchsuchen"))
        self.search.setPlaceholderText(
            self.tr("Suchen: Name, Organisation, Funktion, Ort, E-Mail (Strg+F)")
        )
        self.search.setClearButtonEnabled(True)
        for button in self.search.findChildren(QAbstractButton):
            button.setAccessibleName(self.tr("Suche leeren"))
        self.search.setMinimumWidth(320)
        self.search.setMaximumWidth(scaled(560))
        self.search_timer = QTimer(self)
        self.search_timer.setSingleShot(True)
        self.search_timer.setInterval(SEARCH_DELAY)
        self.search_timer.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(lambda _t: self.search_timer.start())
        search_row.add_widget(self.search, 1)
        self.count_label = QLabel()
        self.count_label.setObjectName("resultCount")
        self.count_label.setProperty("role", "count")
        search_row.addWidget(self.count_label)
        search_row.addStretch(1)
        combo_row = FlowLayout(spacing=8)
        self.filter_label = QLabel(self.tr("Filter:"))
        combo_row.addWidget(self.filter_label)

        self.kind_combo = self._combo("filterKind", self.tr("Art"))
        self.kreis_combo = self._combo("filterKreis", self.tr("Landkreis"))
        self.bezirk_combo = self._combo("filterBezirk", self.tr("Regierungsbezirk"))
        self.member_combo = self._combo("filterMember", self.tr("Mitglied"))
        self.list_combo = self._combo("filterList", self.tr("Verteiler"))
        for combo in (
            self.kind_combo,
            self.kreis_combo,
            self.bezirk_combo,
            self.member_combo,
            self.list_combo,
        ):
            combo_row.addWidget(combo)
        self.reset_button = QPushButton(self.tr("Zur&ücksetzen"))
        self.reset_button.setObjectName("resetFilters")
        self.reset_button.setToolTip(self.tr("Suche und Filter leeren"))
        self.reset_button.clicked.connect(self.reset_filters)
        combo_row.addWidget(self.reset_button)
        combo_row.addStretch(1)
        self.filter_row = QWidget()
        rows = QVBoxLayout(self.filter_row)
        rows.setContentsMargins(0, 0, 0, 0)
        rows.setSpacing(6)
        rows.addLayout(search_row)
        rows.addLayout(combo_row)
        root.addWidget(self.filter_row)

        self.person_model = PersonTableModel(self.contacts, self)
        self.organisation_model = OrganisationTableModel(self.contacts, self)
        self.list_model: ListTableModel[DistributionListRow] = ListTableModel(
            distribution_list_columns(), self
        )
        self.table = table_view("contactList", self.tr("Kontaktliste"), self.person_model)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        self.table.horizontalHeader().setSectionsClickable(True)
        self.table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.table.installEventFilter(self)
        self.table.doubleClicked.connect(lambda _i: self.open_detail())

        self.person_form = PersonForm(self.services)
        self.organisation_form = OrganisationForm(self.services)
        self.list_panel = ListPanel(self.services)
        #: What the user asked for before "Speichern" in the unsaved-changes question; done
        #: once that save succeeded, dropped when it failed.
        self._after_save: Callable[[], object] | None = None
        for form in (self.person_form, self.organisation_form):
            form.saved.connect(self._record_saved)
            form.save_failed.connect(self._save_failed)
            form.installEventFilter(self)
        self.person_form.consultation_requested.connect(self.open_consultation)
        self.list_panel.changed.connect(self._list_saved)
        self.list_panel.show_members_requested.connect(self.show_list_members)
        self.detail_stack = QStackedWidget()
        self.detail_stack.setObjectName("contactDetail")
        for panel in (self.person_form, self.organisation_form, self.list_panel):
            self.detail_stack.addWidget(panel)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("contactsSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.detail_stack)
        self.splitter.setStretchFactor(0, 5)
        self.splitter.setStretchFactor(1, 4)
        self.splitter.setSizes([570, 470])
        root.addWidget(self.splitter, 1)
        self.splitter_reflow = SplitterReflow(
            self.splitter,
            stacked_height=scaled(220),
            side_by_side_width=lambda index: self.list_panel.side_by_side_width() if index else 0,
        )
        self._set_model(self.person_model)
        self.setTabOrder(self.search, self.kind_combo)

    def _combo(self, name: str, accessible: str) -> QComboBox:
        combo = QComboBox()
        combo.setObjectName(name)
        combo.setAccessibleName(accessible)
        combo.setToolTip(accessible)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        combo.setMaximumWidth(scaled(220))
        combo.currentIndexChanged.connect(lambda _i: self.apply_filter())
        return combo

    def _build_shortcuts(self) -> None:
        context = Qt.ShortcutContext.WidgetWithChildrenShortcut

        def shortcut(
            keys: QKeySequence | QKeySequence.StandardKey | str,
            slot: Callable[[], object],
            parent: QWidget | None = None,
        ) -> None:
            item = QShortcut(QKeySequence(keys), parent or self)
            item.setContext(context if parent is None else Qt.ShortcutContext.WidgetShortcut)
            item.activated.connect(slot)

        shortcut(QKeySequence.StandardKey.Find, self.focus_search)
        shortcut(QKeySequence.StandardKey.New, self.new_record)
        shortcut(QKeySequence.StandardKey.Save, self.save_current)
        shortcut(QKeySequence("Ctrl+B"), self.new_consultation)
        shortcut(QKeySequence(Qt.Key.Key_Delete), self.delete_current, self.table)

    # ================================================================= filter options

    def _fill_combo(self, combo: QComboBox, items: list[tuple[str, object]]) -> None:
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        for text, data in items:
            combo.addItem(text, data)
        index = combo.findData(current) if current is not None else 0
        combo.setCurrentIndex(max(0, index))
        combo.blockSignals(False)
        # never narrower than the "…: alle" entry, never wider than the row allows
        combo.setMinimumWidth(min(combo.sizeHint().width(), 180))

    def load_filter_options(self) -> None:
        options = self.contacts.filter_options()
        self._fill_combo(
            self.kind_combo,
            [(self.tr("Art: alle"), None), *((text, kind) for kind, text in options.kinds)],
        )
        self._fill_combo(
            self.kreis_combo,
            [(self.tr("Kreis: alle"), None), *((k, k) for k in options.kreise)],
        )
        self._fill_combo(
            self.bezirk_combo,
            [
                (self.tr("Reg.-Bezirk: alle"), None),
                *((b, b) for b in options.regierungsbezirke),
            ],
        )
        self._fill_combo(
            self.member_combo,
            [
                (self.tr("Mitglied: alle"), None),
                (self.tr("nur Mitglieder"), True),
                (self.tr("keine Mitglieder"), False),
            ],
        )
        self._fill_combo(
            self.list_combo,
            [(self.tr("Verteiler: alle"), None), *((row.name, row.id) for row in options.lists)],
        )

    def current_filter(self) -> ContactFilter:
        return ContactFilter(
            search=self.search.text().strip(),
            kind=self.kind_combo.currentData(),
            kreis=self.kreis_combo.currentData(),
            regierungsbezirk=self.bezirk_combo.currentData(),
            is_member=self.member_combo.currentData(),
            list_id=self.list_combo.currentData() if self.mode != LISTS else None,
        )

    # ================================================================= modes and models

    def model(self) -> ContactsModel:
        return cast(ContactsModel, self.table.model())  # set_mode() sets one of the three

    def _set_model(self, model: ContactsModel) -> None:
        self.table.setModel(model)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        widths = {
            # the last column stretches; these fit the list's share at 1280 px
            PERSONS: [150, 175, 130],
            ORGANISATIONS: [190, 80, 110, 120],
            LISTS: [260, 90],
        }[self.mode]
        for column, width in enumerate(widths):
            header.resizeSection(column, scaled(width))
        header.setStretchLastSection(True)
        if isinstance(model, LazyTableModel):
            self.table.setSortingEnabled(True)
            header.setSortIndicator(model.sort_column, model.sort_order)
        else:
            self.table.setSortingEnabled(False)
            header.setSortIndicatorShown(False)

    def _mode_changed(self, index: int) -> None:
        mode = MODES[index]
        if mode == self.mode:
            return
        if not self._may_leave_record(lambda: self.set_mode(mode)):
            self.mode_bar.blockSignals(True)
            self.mode_bar.setCurrentIndex(MODES.index(self.mode))
            self.mode_bar.blockSignals(False)
            return
        self.set_mode(mode)

    def set_mode(self, mode: str) -> None:
        self.mode = mode
        self.mode_bar.blockSignals(True)
        self.mode_bar.setCurrentIndex(MODES.index(mode))
        self.mode_bar.blockSignals(False)
        models: dict[str, ContactsModel] = {
            PERSONS: self.person_model,
            ORGANISATIONS: self.organisation_model,
            LISTS: self.list_model,
        }
        model = models[mode]
        self.filter_row.setVisible(mode != LISTS)
        self.consultation_button.setVisible(mode != LISTS)
        self.detail_stack.setCurrentWidget(self.current_form())
        self._set_model(model)
        self.reload(keep_id=None)

    def current_form(self) -> ContactsForm:
        forms: dict[str, ContactsForm] = {
            PERSONS: self.person_form,
            ORGANISATIONS: self.organisation_form,
            LISTS: self.list_panel,
        }
        return forms[self.mode]

    # ================================================================= loading

    def refresh(self) -> None:
        """Shown or F5: filter options and the list again, keeping the current record."""
        self.load_filter_options()
        self.reload(keep_id=self.current_id())
        self._loaded = True

    @Slot()
    def apply_filter(self) -> None:
        self.search_timer.stop()
        if self.mode == LISTS:
            return
        model = self.model()
        flt = self.current_filter()
        if isinstance(model, LazyTableModel):
            if not self._may_leave_record(self.apply_filter):
                return
            model.filter = flt
            self.reload(keep_id=self.current_id())

    def reload(self, keep_id: int | None) -> None:
        model = self.model()
        self._selecting = True
        try:
            if isinstance(model, LazyTableModel):
                model.filter = self.current_filter()
                model.reload()
            else:
                model.set_rows(self.contacts.list_distribution_lists())
        finally:
            self._selecting = False
        self._update_count()
        row = -1
        if keep_id is not None:
            row = (
                model.row_of_id(keep_id)
                if isinstance(model, LazyTableModel)
                else next((n for n, r in enumerate(model.rows()) if r.id == keep_id), -1)
            )
        if row >= 0:
            self._select_row(row, load=False)
        elif model.rowCount() and not self.current_form().is_dirty():
            self._select_row(0, load=True)
        elif not model.rowCount() and not self.current_form().is_dirty():
            self.current_form().load(None)

    def _select_row(self, row: int, *, load: bool) -> None:
        index = self.model().index(row, 0)
        self._selecting = not load
        try:
            self.table.setCurrentIndex(index)
            self.table.scrollTo(index)
        finally:
            self._selecting = False

    def _update_count(self) -> None:
        model = self.model()
        locale = QLocale()
        if isinstance(model, LazyTableModel):
            count = model.total
            number = locale.toString(count)
            if self.mode == PERSONS:
                text = (
                    self.tr("1 Person")
                    if count == 1
                    else self.tr("{count} Personen").format(count=number)
                )
            else:
                text = (
                    self.tr("1 Organisation")
                    if count == 1
                    else self.tr("{count} Organisationen").format(count=number)
                )
        else:
            text = self.tr("{count} Verteiler").format(count=locale.toString(model.rowCount()))
        self.count_label.setText(text)
        self.count_label.setAccessibleName(text)

    def current_id(self) -> int | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        row = self.model().data(index, RowRole)
        return getattr(row, "id", None)

    def current_row(self) -> ContactsRow | None:
        index = self.table.currentIndex()
        return self.model().data(index, RowRole) if index.isValid() else None

    @Slot(QModelIndex, QModelIndex)
    def _current_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        if self._selecting or not current.isValid():
            return
        row = self.model().data(current, RowRole)
        form = self.current_form()
        if row is None or (
            isinstance(form, DetailForm) and form.detail is not None and form.detail.id == row.id
        ):
            return
        if isinstance(form, ListPanel) and form.row is not None and form.row.id == row.id:
            return
        if not self._may_leave_record(lambda: self._go_to(self.mode, row.id)):
            self._selecting = True
            try:
                self.table.setCurrentIndex(previous)
            finally:
                self._selecting = False
            return
        self.show_record(row)

    def show_record(self, row: ContactsRow) -> None:
        try:
            if self.mode == PERSONS:
                self.person_form.load(self.contacts.get_person(row.id))
            elif self.mode == ORGANISATIONS:
                self.organisation_form.load(self.contacts.get_organisation(row.id))
            else:
                assert isinstance(row, DistributionListRow)
                self.list_panel.load(row)
        except Exception as exc:  # a record deleted meanwhile: say so, keep going
            report_exception(exc, self)

    def has_unsaved_changes(self) -> bool:
        form = self.current_form()
        return isinstance(form, DetailForm) and form.is_dirty()

    def may_leave(self, then: Callable[[], object]) -> bool:
        """Leaving the page (or closing the window) asks like leaving a record does."""
        return self._may_leave_record(then)

    def _may_leave_record(self, then: Callable[[], object] | None = None) -> bool:
        """Ask about unsaved changes; False when the user stays for now. After "Speichern"
        the save runs in the background and ``then`` (what the user asked for) follows once it
        succeeded; if it fails she stays on the record with the error shown."""
        form = self.current_form()
        if not isinstance(form, DetailForm):
            return True

        def save(after: Callable[[], object]) -> None:
            self._after_save = None
            form.save()
            if form.saving:  # started (not refused at once by an invalid field)
                self._after_save = after

        return form.feedback.resolve_unsaved(
            form.record_name(), save=save, discard=form.reload, then=then or (lambda: None)
        )

    # ================================================================= actions

    @Slot()
    def reset_filters(self) -> None:
        for combo in (
            self.kind_combo,
            self.kreis_combo,
            self.bezirk_combo,
            self.member_combo,
            self.list_combo,
        ):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self.apply_filter()

    @Slot()
    def focus_search(self) -> None:
        if self.mode == LISTS:
            self.table.setFocus(Qt.FocusReason.ShortcutFocusReason)
            return
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def focus_list(self) -> None:
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        if not self.table.currentIndex().isValid() and self.model().rowCount():
            self._select_row(0, load=True)

    @Slot()
    def open_detail(self) -> None:
        if self.table.currentIndex().isValid():
            self.current_form().focus_first()

    @Slot()
    def new_record(self) -> None:
        if not self._may_leave_record(self.new_record):
            return
        self._selecting = True
        self.table.clearSelection()
        self.table.setCurrentIndex(QModelIndex())
        self._selecting = False
        form = self.current_form()
        form.new() if isinstance(form, DetailForm) else form.load(None)
        form.focus_first()

    @Slot()
    def save_current(self) -> None:
        form = self.current_form()
        if isinstance(form, DetailForm):
            if form.is_dirty() or form.is_new():
                form.save()
        else:
            form.save()

    def _go_to(self, mode: str, ident: int) -> None:
        """Show the record the user picked in the list (after saving the previous one)."""
        if self.mode != mode:
            return
        model, form = self.model(), self.current_form()
        assert isinstance(model, LazyTableModel) and isinstance(form, DetailForm)  # no list mode
        row = model.row_of_id(ident)
        if row >= 0:
            self._select_row(row, load=True)
            return
        try:
            form.load(form.fetch(ident))
        except Exception as exc:  # deleted meanwhile: say so
            report_exception(exc, self)

    def _save_failed(self) -> None:
        self._after_save = None

    def _record_saved(self, detail: PersonDetail | OrganisationDetail) -> None:
        then, self._after_save = self._after_save, None
        self._record_saved_here(detail)
        if then is not None:
            then()

    def _record_saved_here(self, detail: PersonDetail | OrganisationDetail) -> None:
        self.load_filter_options()
        self.reload(keep_id=detail.id)
        if self.current_id() != detail.id:
            # not on the loaded pages (or filtered out): keep the form, say where it went
            self._selecting = True
            self.table.setCurrentIndex(QModelIndex())
            self._selecting = False
        window = self.window()
        if hasattr(window, "statusBar"):
            window.statusBar().showMessage(
                self.tr("„{name}“ gespeichert.").format(
                    name=getattr(detail, "display_name", None) or getattr(detail, "name", "")
                ),
                5000,
            )

    # ================================================================= other pages

    @Slot()
    def new_consultation(self) -> None:
        """Strg+B: the Beratungen page opens its entry form pre-filled with the current person
        or organisation (a saved record; a new one is saved first)."""
        form = self.current_form()
        detail = getattr(form, "detail", None) if self.mode != LISTS else None
        if detail is None:
            ContactDialogs.information(
                self,
                self.tr(
                    "Bitte zuerst eine Person oder Organisation wählen (oder die neue speichern)."
                ),
            )
            return
        if self.mode == PERSONS:
            self.request("consultations", "new_consultation", person_id=detail.id)
        else:
            self.request("consultations", "new_consultation", organisation_id=detail.id)

    def open_consultation(self, consultation_id: int) -> None:
        """A consultation in a person's Verlauf: show it on the Beratungen page."""
        self.request("consultations", "open_consultation", consultation_id=consultation_id)

    def show_person(self, person_id: int) -> None:
        """Show this person (from a follow-up on the overview, another page)."""
        self._show_by_id(PERSONS, person_id)

    def show_organisation(self, organisation_id: int) -> None:
        """Show this organisation (from a follow-up on the overview, another page)."""
        self._show_by_id(ORGANISATIONS, organisation_id)

    def _show_by_id(self, mode: str, ident: int) -> None:
        if not self._may_leave_record(lambda: self._show_by_id(mode, ident)):
            return
        if self.mode != mode:
            self.set_mode(mode)
        self.reset_filters()
        model = self.model()
        assert isinstance(model, LazyTableModel)  # persons or organisations
        row = model.row_of_id(ident)
        while row < 0 and model.canFetchMore():
            model.fetchMore()
            row = model.row_of_id(ident)
        if row >= 0:
            self._select_row(row, load=True)
        else:  # not in the list (cannot happen without filters): show it all the same
            self._selecting = True
            self.table.setCurrentIndex(QModelIndex())
            self._selecting = False
        form = self.current_form()
        assert isinstance(form, DetailForm)
        if getattr(form.detail, "id", None) != ident:
            try:
                form.load(form.fetch(ident))
            except Exception as exc:  # deleted meanwhile: say so
                report_exception(exc, self)
                return
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def _list_saved(self, row: DistributionListRow) -> None:
        self.load_filter_options()
        self.reload(keep_id=row.id)

    def show_list_members(self, list_id: int) -> None:
        self.set_mode(PERSONS)
        self._fill_combo(self.list_combo, [])
        self.load_filter_options()
        index = self.list_combo.findData(list_id)
        self.list_combo.setCurrentIndex(max(0, index))
        self.apply_filter()

    @Slot()
    def delete_current(self) -> None:
        row = self.current_row()
        if row is None:
            return
        contacts = self.contacts
        if self.mode == PERSONS:
            assert isinstance(row, PersonRow)
            name = row.display_name
            question = self.tr("Die Person „{name}“ löschen?").format(name=name)
            info = self.tr(
                "Ihre Funktionen und Verteilerzugehörigkeiten werden mitgelöscht. Das Löschen "
                "wird im Protokoll vermerkt."
            )
            call: Callable[[], object] = lambda: contacts.delete_person(  # noqa: E731
                row.id, expected_version=row.version
            )
        elif self.mode == ORGANISATIONS:
            assert isinstance(row, OrganisationRow)
            name = row.name
            question = self.tr("Die Organisation „{name}“ löschen?").format(name=name)
            info = self.tr(
                "Die Funktionen von Personen bei dieser Organisation werden mitgelöscht."
            )
            call = lambda: contacts.delete_organisation(row.id, expected_version=row.version)  # noqa: E731
        else:
            assert isinstance(row, DistributionListRow)
            name = row.name
            question = self.tr("Den Verteiler „{name}“ löschen?").format(name=name)
            info = self.tr("Die Personen selbst bleiben erhalten.")
            call = lambda: contacts.delete_distribution_list(  # noqa: E731
                row.id, expected_version=row.version
            )
        if not ContactDialogs.confirm(self, question, info, self.tr("Löschen")):
            return
        current = self.table.currentIndex().row()

        def done(_result: object) -> None:
            form = self.current_form()
            form.load(None)
            self.load_filter_options()
            self.reload(keep_id=None)
            model = self.model()
            if model.rowCount():
                if isinstance(model, LazyTableModel):
                    model.fetch_all_to(current)
                self._select_row(min(current, model.rowCount() - 1), load=True)
            self.table.setFocus()

        run_operation(self, call, done, progress_text=self.tr("Wird gelöscht …"))

    # ================================================================= import, export, duplicates

    @Slot()
    def open_import(self) -> None:
        from beratung.gui.contacts.import_dialog import ImportDialog

        if ImportDialog.run(self, self.services):
            self.refresh()

    @Slot()
    def open_duplicates(self) -> None:
        from beratung.gui.contacts.duplicates import DuplicatesDialog

        DuplicatesDialog.run(self, self.services)
        self.refresh()

    def export(self, fmt: ImportFormat) -> None:
        """Export the current filter (persons) or the selected list (Verteiler view)."""
        if self.mode == LISTS:
            row = self.current_row()
            if row is None:
                return
            assert isinstance(row, DistributionListRow)
            export_contacts(
                self,
                self.services,
                fmt,
                flt=None,
                list_name=row.name,
                base_name=self.tr("Verteiler {name}").format(name=row.name),
            )
        else:
            export_contacts(
                self,
                self.services,
                fmt,
                flt=self.current_filter(),
                list_name=None,
                base_name=self.tr("Kontakte"),
            )

    # ================================================================= keyboard

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = event.key()
            if watched is self.table and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.open_detail()
                return True
            if watched is not self.table and key == Qt.Key.Key_Escape:
                self.table.setFocus(Qt.FocusReason.ShortcutFocusReason)
                return True
        return super().eventFilter(watched, event)
