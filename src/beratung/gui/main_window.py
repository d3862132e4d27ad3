"""The main window: navigation on the left, one page at a time on the right, menus, status bar."""

from __future__ import annotations

import html
import importlib
import logging
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QCoreApplication, QSettings, QSize, Qt, Slot, qVersion
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QCloseEvent,
    QFont,
    QFontMetrics,
    QIcon,
    QKeySequence,
)
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QScrollArea,
    QStackedWidget,
    QWidget,
)

from beratung import resources
from beratung.gui.keyboard import apply_to_tree, with_free_mnemonic
from beratung.gui.operations import run_operation, wait_for_operations
from beratung.gui.pages.base import Page, PageRequest
from beratung.gui.style import scaled

if TYPE_CHECKING:
    from beratung.services import Services

log = logging.getLogger(__name__)

#: The pages in navigation order: key, module and class. The key is the view name of ``beratung
#: screenshot VIEW`` and the icon file name in ``resources/icons``. A page's module is imported and
#: the page built when it is first shown, so the window appears after building the Übersicht only
#: (the bundle lists these modules as hidden imports). Replace a page by rewriting its module,
#: keeping the class.
PAGE_CLASSES: tuple[tuple[str, str, str], ...] = (
    ("overview", "beratung.gui.pages.overview", "OverviewPage"),
    ("contacts", "beratung.gui.pages.contacts", "ContactsPage"),
    ("consultations", "beratung.gui.pages.consultations", "ConsultationsPage"),
    ("events", "beratung.gui.pages.events", "EventsPage"),
    ("press", "beratung.gui.pages.press", "PressPage"),
    ("reports", "beratung.gui.pages.reports", "ReportsPage"),
    ("settings", "beratung.gui.pages.settings", "SettingsPage"),
)
VIEW_NAMES: tuple[str, ...] = tuple(key for key, _module, _cls in PAGE_CLASSES)


def page_titles() -> dict[str, str]:
    """The pages' titles for the navigation and the Ansicht menu before they are built; the
    same texts (and translation contexts) as each page's :meth:`Page.title` (a test checks)."""
    translate = QCoreApplication.translate
    return {
        "overview": translate("OverviewPage", "Übersicht"),
        "contacts": translate("ContactsPage", "Kontakte"),
        "consultations": translate("ConsultationsPage", "Beratungen"),
        "events": translate("EventsPage", "Veranstaltungen"),
        "press": translate("PressPage", "Presse"),
        "reports": translate("ReportsPage", "Auswertungen"),
        "settings": translate("SettingsPage", "Einstellungen"),
    }


def page_class(key: str) -> type[Page]:
    """The class of the page ``key``, its module imported now."""
    for name, module, class_name in PAGE_CLASSES:
        if name == key:
            found = getattr(importlib.import_module(module), class_name)
            assert isinstance(found, type) and issubclass(found, Page)
            return found
    raise KeyError(key)


class Pages(Mapping[str, Page]):
    """The main window's pages by key, in navigation order, each built on first access.

    ``window.pages["contacts"]`` builds the Kontakte page if it was not shown yet; iterating the
    values builds them all. :meth:`built` lists only those that exist (closing the window asks
    only them about unsaved edits)."""

    def __init__(self, build: Callable[[str], Page]) -> None:
        self._build = build
        self._pages: dict[str, Page] = {}

    def __getitem__(self, key: str) -> Page:
        page = self._pages.get(key)
        if page is None:
            if key not in VIEW_NAMES:
                raise KeyError(key)
            page = self._pages[key] = self._build(key)
        return page

    def __contains__(self, key: object) -> bool:
        return key in VIEW_NAMES

    def __iter__(self) -> Iterator[str]:
        return iter(VIEW_NAMES)

    def __len__(self) -> int:
        return len(VIEW_NAMES)

    def built(self) -> dict[str, Page]:
        """The pages built so far, in navigation order."""
        return {key: self._pages[key] for key in VIEW_NAMES if key in self._pages}

SETTINGS_GROUP = "MainWindow"


def icon(name: str) -> QIcon:
    """An icon from ``resources/icons`` (empty if the file is missing)."""
    try:
        return QIcon(str(resources.resource_path(resources.ICONS_DIR, f"{name}.svg")))
    except resources.ResourceMissingError:
        return QIcon()


class Dialogs:
    """Informational dialogs of the main window; tests replace these entry points."""

    @classmethod
    def information(cls, parent: QWidget | None, text: str, informative: str = "") -> None:
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Information)
        box.setWindowTitle(QCoreApplication.translate("Dialogs", "Beratung"))
        box.setText(text)
        if informative:
            box.setInformativeText(informative)
        box.exec()

    @classmethod
    def about(cls, parent: QWidget, html: str) -> None:
        QMessageBox.about(parent, QCoreApplication.translate("Dialogs", "Über Beratung"), html)

    @classmethod
    def about_qt(cls, parent: QWidget) -> None:
        QMessageBox.aboutQt(parent, QCoreApplication.translate("Dialogs", "Über Qt"))


def page_scroller(page: Page) -> QScrollArea:
    """``page`` in a scroll area of its own: at a large system font (200 %) or a small
    screen a page that needs more room than the window has scrolls instead of being cut off,
    and the stack's minimum stays small (a stack's minimum is its largest page's). The area
    takes no Tab focus itself; it follows the focus into the page (Qt scrolls to it)."""
    scroll = QScrollArea()
    scroll.setObjectName(f"pageScroller_{page.objectName()}")
    scroll.setAccessibleName(page.title())
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setWidgetResizable(True)
    scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    scroll.setWidget(page)
    return scroll


class MainWindow(QMainWindow):
    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self._remember_settings = False
        self._busy = 0
        self.setObjectName("mainWindow")
        self.setWindowIcon(icon("app"))
        self.setMinimumSize(QSize(720, 480))
        self.resize(1280, 800)

        self.navigation = QListWidget()
        self.navigation.setObjectName("navigation")
        self.navigation.setAccessibleName(self.tr("Navigation"))
        self.navigation.setIconSize(QSize(20, 20))
        self.navigation.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.navigation.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

        self.stack = QStackedWidget()
        self.stack.setObjectName("pages")
        self.pages = Pages(self._build_page)
        self.titles = page_titles()
        for key in VIEW_NAMES:
            placeholder = QWidget()  # until the page is first shown
            placeholder.setObjectName(f"placeholder_{key}")
            self.stack.addWidget(placeholder)
            item = QListWidgetItem(icon(key), self.titles[key])
            item.setData(Qt.ItemDataRole.UserRole, key)
            item.setData(Qt.ItemDataRole.AccessibleTextRole, self.titles[key])
            item.setSizeHint(QSize(0, max(40, self.navigation.fontMetrics().height() + 22)))
            self.navigation.addItem(item)

        self.navigation.setFixedWidth(self._navigation_width())

        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.navigation)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.setTabOrder(self.navigation, self.stack)

        self._build_status_bar()
        self._build_menus()

        self.navigation.currentRowChanged.connect(self._on_row_changed)
        # assistive technology selects an entry (AT-SPI "Toggle") without making it current
        self.navigation.itemSelectionChanged.connect(self._on_selection_changed)
        self.navigation.setCurrentRow(0)
        self.navigation.setFocus()
        self.update_title()

    # ----------------------------------------------------------------- building

    def _build_page(self, key: str) -> Page:
        """Build the page ``key`` in place of its placeholder in the stack (for :class:`Pages`)."""
        page = page_class(key)(self.services)
        page.setObjectName(f"page_{key}")
        page.navigate_requested.connect(self.show_page)
        page.open_requested.connect(self.route_request)
        # the keyboard conventions walk a window once, when it first has the focus; a page
        # built on its first visit comes later and gets its walk here
        apply_to_tree(page)
        index = VIEW_NAMES.index(key)
        placeholder = self.stack.widget(index)
        shown = self.stack.currentWidget()
        scroller = page_scroller(page)
        self.stack.insertWidget(index, scroller)
        if placeholder is not None:
            self.stack.removeWidget(placeholder)
            placeholder.deleteLater()
        self.stack.setCurrentWidget(scroller if shown is None or shown is placeholder else shown)
        return page

    def _navigation_width(self) -> int:
        """Wide enough for the longest page title in bold (the selected entry) beside its
        icon, so a larger system font widens the sidebar instead of cutting "Einstellu…";
        never narrower than the 220 px of the default font."""
        bold = QFont(self.navigation.font())
        bold.setBold(True)
        metrics = QFontMetrics(bold)
        widest = max(
            (
                metrics.horizontalAdvance(self.navigation.item(row).text())
                for row in range(self.navigation.count())
            ),
            default=0,
        )
        # item padding 10 + 10, list padding 6 + 6, icon and its gap, the border, some air
        extra = 2 * 10 + 2 * 6 + self.navigation.iconSize().width() + 8 + 1 + 12
        return max(220, widest + extra)

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        bar.setSizeGripEnabled(True)
        self.warning_label = QLabel()
        self.warning_label.setObjectName("statusWarning")
        self.warning_label.hide()
        bar.addWidget(self.warning_label)
        self.busy_label = QLabel()
        self.busy_label.setObjectName("busyLabel")
        self.busy_bar = QProgressBar()
        self.busy_bar.setObjectName("busyIndicator")
        self.busy_bar.setRange(0, 0)
        self.busy_bar.setMaximumWidth(scaled(140))
        self.busy_bar.setMaximumHeight(14)
        self.busy_bar.setTextVisible(False)
        self.busy_bar.setAccessibleName(self.tr("Vorgang läuft"))
        self.busy_label.hide()
        self.busy_bar.hide()
        bar.addPermanentWidget(self.busy_label)
        bar.addPermanentWidget(self.busy_bar)
        self.database_status = QLabel()
        self.database_status.setObjectName("databaseStatus")
        bar.addPermanentWidget(self.database_status)

    def _build_menus(self) -> None:
        menu_bar = self.menuBar()
        keys = QKeySequence.StandardKey

        file_menu = menu_bar.addMenu(self.tr("&Datei"))
        self.backup_action = QAction(self.tr("Datenbank &sichern …"), self)
        self.backup_action.setStatusTip(
            self.tr("Legt eine Sicherungskopie der Datenbank im Sicherungsordner an.")
        )
        self.backup_action.triggered.connect(self.backup_database)
        file_menu.addAction(self.backup_action)
        file_menu.addSeparator()
        self.quit_action = QAction(self.tr("&Beenden"), self)
        self.quit_action.setShortcuts(
            QKeySequence.keyBindings(keys.Quit) or [QKeySequence("Ctrl+Q")]
        )
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self.quit_action.triggered.connect(self.close)
        file_menu.addAction(self.quit_action)

        edit_menu = menu_bar.addMenu(self.tr("&Bearbeiten"))
        self.edit_actions: list[QAction] = []
        for text, standard_key in (
            (self.tr("&Rückgängig"), keys.Undo),
            (self.tr("&Wiederherstellen"), keys.Redo),
            (None, None),
            (self.tr("&Ausschneiden"), keys.Cut),
            (self.tr("&Kopieren"), keys.Copy),
            (self.tr("E&infügen"), keys.Paste),
            (None, None),
            (self.tr("&Suchen …"), keys.Find),
        ):
            if text is None or standard_key is None:
                edit_menu.addSeparator()
                continue
            action = QAction(text, self)
            action.setShortcuts(QKeySequence.keyBindings(standard_key))
            action.setEnabled(False)  # the pages that edit data will enable them
            edit_menu.addAction(action)
            self.edit_actions.append(action)

        view_menu = menu_bar.addMenu(self.tr("&Ansicht"))
        self.page_actions: dict[str, QAction] = {}
        group = QActionGroup(self)
        group.setExclusive(True)
        # Alt letters beside Strg+1…7 (the first free letter of each title; "A" is
        # "Aktualisieren")
        taken = {"a"}
        for number, key in enumerate(VIEW_NAMES, start=1):
            action = QAction(with_free_mnemonic(self.titles[key], taken), self)
            action.setIcon(icon(key))
            action.setCheckable(True)
            action.setShortcut(QKeySequence(f"Ctrl+{number}"))
            action.triggered.connect(lambda _checked=False, key=key: self.show_page(key))
            group.addAction(action)
            view_menu.addAction(action)
            self.page_actions[key] = action
        view_menu.addSeparator()
        self.refresh_action = QAction(self.tr("&Aktualisieren"), self)
        self.refresh_action.setShortcuts(
            QKeySequence.keyBindings(keys.Refresh) or [QKeySequence("F5")]
        )
        self.refresh_action.triggered.connect(self.refresh)
        view_menu.addAction(self.refresh_action)

        help_menu = menu_bar.addMenu(self.tr("&Hilfe"))
        self.about_action = QAction(self.tr("Über &Beratung"), self)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        self.about_action.triggered.connect(self.show_about)
        help_menu.addAction(self.about_action)
        self.about_qt_action = QAction(self.tr("Über &Qt"), self)
        self.about_qt_action.setMenuRole(QAction.MenuRole.AboutQtRole)
        self.about_qt_action.triggered.connect(lambda: Dialogs.about_qt(self))
        help_menu.addAction(self.about_qt_action)

    # ----------------------------------------------------------------- pages

    def page(self, key: str) -> Page:
        return self.pages[key]

    def current_key(self) -> str:
        return VIEW_NAMES[self.stack.currentIndex()]

    def current_page(self) -> Page:
        return self.pages[self.current_key()]

    @Slot(str)
    def show_page(self, key: str) -> Page:
        """Show the page ``key`` (one of :data:`VIEW_NAMES`); selects it in the navigation."""
        row = VIEW_NAMES.index(key)
        if self.navigation.currentRow() == row:
            self._on_row_changed(row)
        else:
            self.navigation.setCurrentRow(row)  # emits currentRowChanged → _on_row_changed
        return self.pages[key]

    @Slot(object)
    def route_request(self, request: PageRequest) -> None:
        """A page asked for another page to do something (:meth:`Page.request`): show that page
        and call the method; a page without it is only shown."""
        if request.page != self.current_key() and not self.current_page().may_leave(
            lambda: self.route_request(request)
        ):
            return  # the user stays (or a save runs first and repeats the request)
        page = self.show_page(request.page)
        action = getattr(page, request.action, None)
        if callable(action):
            action(**request.arguments)
        else:
            log.warning("Seite %s kennt %s nicht", request.page, request.action)

    @Slot()
    def _on_selection_changed(self) -> None:
        selected = self.navigation.selectedItems()
        if selected:
            row = self.navigation.row(selected[0])
            if row != self.navigation.currentRow():
                self.navigation.setCurrentRow(row)

    @Slot(int)
    def _on_row_changed(self, row: int) -> None:
        if row < 0:
            return
        key = VIEW_NAMES[row]
        shown = self.stack.currentIndex()
        leaving = self.pages.built().get(VIEW_NAMES[shown])
        if shown != row and leaving is not None and not leaving.may_leave(
            lambda: self.show_page(key)
        ):
            # stay on the page with unsaved edits (it may come here after saving)
            self.navigation.blockSignals(True)
            self.navigation.setCurrentRow(shown)
            self.navigation.blockSignals(False)
            self.page_actions[VIEW_NAMES[shown]].setChecked(True)
            return
        page = self.pages[key]  # built on its first visit
        self.stack.setCurrentIndex(row)
        self.page_actions[key].setChecked(True)
        page.refresh()

    @Slot()
    def refresh(self) -> None:
        """Ansicht → Aktualisieren: reload the current page and the title."""
        self.update_title()
        self.current_page().refresh()

    def update_title(self) -> None:
        database = self.services.db.describe()
        is_demo = self.services.overview.is_demo()
        if is_demo:
            title = self.tr("Beratung – {database} – DEMO-DATEN").format(database=database)
        else:
            title = self.tr("Beratung – {database}").format(database=database)
        self.setWindowTitle(title)
        self.database_status.setText(
            self.tr("DEMO-DATEN · {database}").format(database=database) if is_demo else database
        )
        self.database_status.setToolTip(self.tr("Geöffnete Datenbank"))

    # ----------------------------------------------------------------- status bar

    def show_warning(self, text: str) -> None:
        """A non-fatal warning that stays in the status bar (e.g. the daily backup failed)."""
        self.warning_label.setText(text)
        self.warning_label.setToolTip(text)
        self.warning_label.setAccessibleName(text)
        self.warning_label.show()

    def busy_started(self, text: str) -> None:
        """Called by :func:`run_operation` when an operation with ``progress_text`` starts."""
        self._busy += 1
        self.busy_label.setText(text)
        self.busy_label.show()
        self.busy_bar.show()

    def busy_finished(self) -> None:
        self._busy = max(0, self._busy - 1)
        if not self._busy:
            self.busy_label.hide()
            self.busy_bar.hide()

    def is_busy(self) -> bool:
        return self._busy > 0

    # ----------------------------------------------------------------- actions

    @Slot()
    def backup_database(self) -> None:
        self.backup_action.setEnabled(False)

        def done(path: Path) -> None:
            self.backup_action.setEnabled(True)
            message = self.tr("Die Datenbank wurde gesichert.")
            where = self.tr("Sicherungskopie: {path}").format(path=path)
            self.statusBar().showMessage(where, 15_000)
            Dialogs.information(self, message, where)

        def failed(exc: BaseException) -> None:
            self.backup_action.setEnabled(True)
            from beratung.gui.errors import report_exception

            report_exception(exc, self)

        run_operation(
            self,
            self.services.database.backup,
            done,
            on_failure=failed,
            progress_text=self.tr("Datenbank wird gesichert …"),
        )

    def about_html(self) -> str:
        info = self.services.about(qt_version=qVersion())
        rows = "".join(
            f"<tr><td>{html.escape(label)}:&nbsp;</td><td>{html.escape(value)}</td></tr>"
            for label, value in info.fields()[1:]
        )
        return self.tr(
            "<h3>Beratung {version}</h3>"
            "<p>Fachberatung Inklusion<br>Städtetag Baden-Württemberg</p>"
            "<table>{rows}</table>"
            "<p><small>Gemeindeverzeichnis: {attribution}</small></p>"
        ).format(
            version=html.escape(info.version),
            rows=rows,
            attribution=html.escape(info.attribution),
        )

    @Slot()
    def show_about(self) -> None:
        Dialogs.about(self, self.about_html())

    # ----------------------------------------------------------------- settings

    def restore_settings(self) -> None:
        """Restore geometry and state from QSettings; from now on they are saved on close."""
        settings = QSettings()
        settings.beginGroup(SETTINGS_GROUP)
        geometry = settings.value("geometry")
        if isinstance(geometry, QByteArray | bytes) and not self.restoreGeometry(geometry):
            log.info("Fenstergröße aus den Einstellungen nicht übernommen")
        state = settings.value("state")
        if isinstance(state, QByteArray | bytes):
            self.restoreState(state)
        settings.endGroup()
        self._remember_settings = True

    def save_settings(self) -> None:
        settings = QSettings()
        settings.beginGroup(SETTINGS_GROUP)
        settings.setValue("geometry", self.saveGeometry())
        settings.setValue("state", self.saveState())
        settings.endGroup()
        settings.sync()

    def may_close(self) -> bool:
        """Ask every page with unsaved edits (the current one first) whether to save, discard
        or stay. ``False`` keeps the window open; after "Speichern" it closes once saved."""
        current = self.current_key()
        built = self.pages.built()
        for key in sorted(built, key=lambda k: k != current):
            page = built[key]
            if not page.has_unsaved_changes():
                continue
            if key != self.current_key():
                self.show_page(key)
                if self.current_key() != key:
                    return False
            if not page.may_leave(self.close):
                return False
        return True

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.may_close():
            event.ignore()
            return
        if self._remember_settings:
            self.save_settings()
        wait_for_operations()
        super().closeEvent(event)
