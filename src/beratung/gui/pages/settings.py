"""Einstellungen: Absender (Briefkopf), Bearbeiter/innen, Aktenplan, Textvorlagen, the log of
issued documents, and where the data lives.

Every tab reads through the services when the page is shown; every save runs through
:func:`~beratung.gui.operations.run_operation` with the ``version`` it loaded. A
``ValidationError`` marks the field it names and is shown under the form; a
``ConcurrentEditError`` offers to reload. File dialogs are classmethods on
:class:`SettingsDialogs` so tests can replace them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QDate, QModelIndex, QSortFilterProxyModel, Qt, Slot
from PySide6.QtGui import QAction, QKeySequence, QPixmap, QTextCursor
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QCheckBox,
    QDateEdit,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from beratung.domain.errors import ConcurrentEditError, UserError, ValidationError
from beratung.gui.errors import report_exception
from beratung.gui.operations import run_operation
from beratung.gui.pages.base import Page, heading
from beratung.gui.press_editor import INVALID_STYLE
from beratung.gui.preview import PdfPreviewDialog
from beratung.gui.settings_widgets import Column, FormFeedback, RowTableModel, is_svg, rasterise_svg
from beratung.services.documents import KIND_LABELS, RenderedDocument
from beratung.services.office import ClerkData, OfficeProfileData

if TYPE_CHECKING:
    from beratung.services import Services
    from beratung.services.documents import IssuedDocumentRow
    from beratung.services.office import (
        ClerkSnapshot,
        FilePlanEntry,
        OfficeProfileSnapshot,
        TemplateSnapshot,
    )

SETTINGS_STYLE = (
    INVALID_STYLE
    + """
QLabel[role="fieldOk"] { color: #1e6b3a; font-weight: 600; }
QLabel#logoPreview { background: #ffffff; border: 1px dashed #b7c1cc; border-radius: 4px; }
"""
)


def _known_placeholders() -> dict[str, str]:
    try:
        from beratung.domain.rules.templates import KNOWN_PLACEHOLDERS
    except ImportError:  # the module is new; without it the list stays empty
        return {}
    return dict(KNOWN_PLACEHOLDERS)


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


def _table(name: str, accessible: str) -> QTableView:
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


def _form() -> QFormLayout:
    form = QFormLayout()
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    form.setHorizontalSpacing(12)
    form.setVerticalSpacing(7)
    return form


def _card() -> tuple[QFrame, QVBoxLayout]:
    card = QFrame()
    card.setProperty("role", "card")
    layout = QVBoxLayout(card)
    layout.setContentsMargins(18, 14, 18, 14)
    layout.setSpacing(10)
    return card, layout


def _text(widget: QLineEdit | QPlainTextEdit) -> str | None:
    value = widget.toPlainText() if isinstance(widget, QPlainTextEdit) else widget.text()
    return value.strip() or None


class _Tab(QWidget):
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


# --------------------------------------------------------------------------- Absender


class ProfileTab(_Tab):
    FIELDS = (
        ("name", "&Name:", "Name des Absenders"),
        ("unit", "&Einheit:", "Einheit oder Abteilung"),
        ("function_line", "&Funktionszeile:", "Funktionszeile"),
        ("street", "St&raße:", "Straße und Hausnummer"),
        ("postcode", "&PLZ:", "Postleitzahl"),
        ("town", "&Ort:", "Ort"),
        ("phone", "&Telefon:", "Telefon"),
        ("fax", "Telefa&x:", "Telefax"),
        ("email", "E-&Mail:", "E-Mail"),
        ("website", "&Internet:", "Internetadresse"),
        ("press_info_url", "Presse-Lin&k:", "Internetadresse für Presseinformationen"),
    )

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(services, parent)
        self.version: int | None = None
        self.edits: dict[str, QLineEdit] = {}
        outer = QHBoxLayout(self)
        outer.setContentsMargins(0, 12, 0, 0)
        outer.setSpacing(16)

        card, box = _card()
        box.addWidget(
            heading(self.tr("Absender für Briefe und Presseinformationen"), "sectionTitle")
        )
        form = _form()
        for key, label, accessible in self.FIELDS:
            edit = QLineEdit()
            edit.setObjectName(f"profile_{key}")
            self.edits[key] = edit
            self.labelled(form, self.tr(label), edit, self.tr(accessible))
        self.edits["postcode"].setMaxLength(5)
        self.edits["postcode"].setMaximumWidth(90)
        self.edits["function_line"].setPlaceholderText(
            self.tr("z. B. Geschäftsführendes Vorstandsmitglied")
        )
        self.footer = QPlainTextEdit()
        self.footer.setObjectName("profile_footer_lines")
        self.footer.setTabChangesFocus(True)
        self.footer.setFixedHeight(74)
        self.footer.setPlaceholderText(self.tr("Eine Zeile je Fußzeile, z. B. Bankverbindung"))
        self.labelled(form, self.tr("F&ußzeilen:"), self.footer, self.tr("Fußzeilen"))
        box.addLayout(form)
        self.error_label = QLabel()
        self.error_label.setObjectName("profileError")
        box.addWidget(self.error_label)
        widgets: dict[str, QWidget] = dict(self.edits)
        widgets["footer_lines"] = self.footer

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.save_button = QPushButton(self.tr("Absender spei&chern"))
        self.save_button.setObjectName("profileSave")
        self.save_button.clicked.connect(self.save)
        buttons.addWidget(self.save_button)
        box.addLayout(buttons)
        box.addStretch(1)
        outer.addWidget(card, 3)

        logo_card, logo_box = _card()
        logo_box.addWidget(heading(self.tr("Logo"), "sectionTitle"))
        self.logo_preview = QLabel()
        self.logo_preview.setObjectName("logoPreview")
        self.logo_preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.logo_preview.setMinimumSize(240, 120)
        self.logo_preview.setAccessibleName(self.tr("Vorschau des Logos"))
        logo_box.addWidget(self.logo_preview)
        self.logo_info = QLabel()
        self.logo_info.setObjectName("logoInfo")
        self.logo_info.setProperty("role", "muted")
        self.logo_info.setWordWrap(True)
        logo_box.addWidget(self.logo_info)
        logo_buttons = QHBoxLayout()
        self.logo_button = QPushButton(self.tr("Logo &wählen …"))
        self.logo_button.setObjectName("logoChoose")
        self.logo_button.clicked.connect(self.choose_logo)
        self.logo_remove = QPushButton(self.tr("&Logo entfernen"))
        self.logo_remove.setObjectName("logoRemove")
        self.logo_remove.clicked.connect(self.remove_logo)
        logo_buttons.addWidget(self.logo_button)
        logo_buttons.addWidget(self.logo_remove)
        logo_box.addLayout(logo_buttons)
        hint = QLabel(
            self.tr(
                "PNG, JPEG oder SVG. Ein SVG-Logo wird beim Einlesen in ein PNG mit 600 Pixel "
                "Breite umgewandelt."
            )
        )
        hint.setProperty("role", "muted")
        hint.setWordWrap(True)
        logo_box.addWidget(hint)
        self.logo_error = QLabel()
        self.logo_error.setObjectName("logoError")
        logo_box.addWidget(self.logo_error)
        logo_box.addStretch(1)
        outer.addWidget(logo_card, 2)
        widgets["logo"] = self.logo_button
        self.feedback = FormFeedback(self.error_label, widgets)
        self.logo_feedback = FormFeedback(self.logo_error, {"logo": self.logo_button})
        self.save_shortcut(self.save)

    def load(self) -> None:
        try:
            snapshot: OfficeProfileSnapshot | None = self.services.office.get_profile()
        except UserError:
            snapshot = None
        self.show_profile(snapshot)
        self.show_logo(self.services.office.logo())

    def show_profile(self, snapshot: OfficeProfileSnapshot | None) -> None:
        self.feedback.clear() if self.feedback else None
        self.version = snapshot.version if snapshot else None
        for key, edit in self.edits.items():
            value = getattr(snapshot.data, key) if snapshot else None
            edit.setText(value or "")
            edit.setCursorPosition(0)
        self.footer.setPlainText((snapshot.data.footer_lines if snapshot else None) or "")

    def show_logo(self, logo: tuple[bytes, str] | None) -> None:
        if logo is None:
            self.logo_preview.setPixmap(QPixmap())
            self.logo_preview.setText(self.tr("Kein Logo hinterlegt"))
            self.logo_info.setText("")
            self.logo_remove.setEnabled(False)
            return
        data, mime = logo
        pixmap = QPixmap()
        pixmap.loadFromData(data)
        self.logo_preview.setPixmap(
            pixmap.scaled(
                280,
                110,
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        )
        self.logo_info.setText(
            self.tr("{kind}, {width} × {height} Pixel").format(
                kind="PNG" if mime == "image/png" else "JPEG",
                width=pixmap.width(),
                height=pixmap.height(),
            )
        )
        self.logo_remove.setEnabled(True)

    def profile_data(self) -> OfficeProfileData:
        values = {key: _text(edit) for key, edit in self.edits.items()}
        values["name"] = values["name"] or ""
        return OfficeProfileData(footer_lines=_text(self.footer), **values)  # type: ignore[arg-type]

    @Slot()
    def save(self) -> None:
        if self.busy:
            return
        data, version, office = self.profile_data(), self.version, self.services.office

        def done(snapshot: OfficeProfileSnapshot) -> None:
            self.show_profile(snapshot)
            assert self.feedback is not None
            self.feedback.show_success(self.tr("Der Absender wurde gespeichert."))

        self.run(
            lambda: office.save_profile(data, expected_version=version),
            done,
            self.tr("Absender wird gespeichert …"),
        )

    @Slot()
    def choose_logo(self) -> None:
        name = SettingsDialogs.open_logo_file(self)
        if name:
            self.set_logo_file(Path(name))

    def set_logo_file(self, path: Path) -> None:
        office = self.services.office

        def work() -> tuple[bytes, str] | None:  # worker thread: reading, rasterising, storing
            try:
                data = path.read_bytes()
            except OSError as exc:
                raise ValidationError(
                    f"Die Datei {path} kann nicht gelesen werden ({exc.strerror or exc}).",
                    field="logo",
                ) from exc
            filename = path.name
            if is_svg(data, filename):
                data = rasterise_svg(data, filename)
                filename = path.with_suffix(".png").name
            office.set_logo(data, filename)
            return office.logo()

        self._logo_operation(work, self.tr("Logo wird eingelesen …"))

    @Slot()
    def remove_logo(self) -> None:
        office = self.services.office

        def work() -> tuple[bytes, str] | None:
            office.set_logo(None, "")
            return office.logo()

        self._logo_operation(work, self.tr("Logo wird entfernt …"))

    def _logo_operation(self, work: Callable[[], Any], progress: str) -> None:
        self.logo_feedback.clear()

        def failed(exc: BaseException) -> None:
            if isinstance(exc, ValidationError):
                self.logo_feedback.show(exc)
            else:
                report_exception(exc, self)

        run_operation(self, work, self.show_logo, on_failure=failed, progress_text=progress)


# --------------------------------------------------------------------------- Bearbeiter/innen


class ClerksTab(_Tab):
    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(services, parent)
        self.current: ClerkSnapshot | None = None
        yes, no = self.tr("ja"), ""
        self.model: RowTableModel[ClerkSnapshot] = RowTableModel(
            [
                Column(self.tr("Name"), lambda c: c.data.name),
                Column(self.tr("Kürzel"), lambda c: c.data.initials),
                Column(self.tr("Funktion"), lambda c: c.data.function or ""),
                Column(self.tr("Durchwahl"), lambda c: c.data.phone_extension or ""),
                Column(self.tr("E-Mail"), lambda c: c.data.email or ""),
                Column(self.tr("Unterschreibt"), lambda c: yes if c.data.is_signatory else no),
                Column(self.tr("Aktiv"), lambda c: yes if c.data.is_active else self.tr("nein")),
            ],
            self,
        )
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(RowTableModel.SORT_ROLE)
        self.table = _table("clerkTable", self.tr("Bearbeiterinnen und Bearbeiter"))
        self.table.setModel(self.proxy)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        for column, width in ((0, 180), (1, 60), (2, 190), (3, 80), (5, 110), (6, 70)):
            self.table.setColumnWidth(column, width)
        self.table.horizontalHeader().setStretchLastSection(False)
        self.table.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 12, 0, 0)
        layout.addWidget(self.table, 1)
        card, box = _card()
        self.form_title = heading(self.tr("Neue Bearbeiterin / neuer Bearbeiter"), "sectionTitle")
        box.addWidget(self.form_title)
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(7)
        self.name = QLineEdit()
        self.initials = QLineEdit()
        self.initials.setMaxLength(6)
        self.initials.setMaximumWidth(80)
        self.function = QLineEdit()
        self.extension = QLineEdit()
        self.extension.setMaximumWidth(80)
        self.email = QLineEdit()
        self.signatory = QCheckBox(self.tr("&unterschreibt Briefe"))
        self.active = QCheckBox(self.tr("a&ktiv"))
        self.active.setChecked(True)
        fields = (
            (self.tr("&Name:"), self.name, self.tr("Name"), 0, 0),
            (self.tr("Kü&rzel:"), self.initials, self.tr("Kürzel"), 0, 2),
            (self.tr("&Funktion:"), self.function, self.tr("Funktion"), 1, 0),
            (self.tr("Durch&wahl:"), self.extension, self.tr("Durchwahl"), 1, 2),
            (self.tr("E-&Mail:"), self.email, self.tr("E-Mail"), 2, 0),
        )
        for text, widget, accessible, row, column in fields:
            label = QLabel(text)
            label.setBuddy(widget)
            widget.setAccessibleName(accessible)
            grid.addWidget(label, row, column, Qt.AlignmentFlag.AlignRight)
            grid.addWidget(widget, row, column + 1)
        checks = QHBoxLayout()
        checks.addWidget(self.signatory)
        checks.addWidget(self.active)
        checks.addStretch(1)
        grid.addLayout(checks, 2, 2, 1, 2)
        grid.setColumnStretch(1, 3)
        grid.setColumnStretch(3, 1)
        box.addLayout(grid)
        self.error_label = QLabel()
        box.addWidget(self.error_label)
        self.feedback = FormFeedback(
            self.error_label,
            {
                "name": self.name,
                "initials": self.initials,
                "function": self.function,
                "phone_extension": self.extension,
                "email": self.email,
            },
        )
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.new_button = QPushButton(self.tr("N&eu"))
        self.new_button.setObjectName("clerkNew")
        self.new_button.clicked.connect(self.new_clerk)
        self.save_button = QPushButton(self.tr("&Speichern"))
        self.save_button.setObjectName("clerkSave")
        self.save_button.clicked.connect(self.save)
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.save_button)
        box.addLayout(buttons)
        layout.addWidget(card)
        self.save_shortcut(self.save)

    def load(self) -> None:
        self.model.set_rows(self.services.office.list_clerks())
        if self.current is not None:
            self.current = next((c for c in self.model.rows() if c.id == self.current.id), None)
        self.show_clerk(self.current)

    @Slot(QModelIndex, QModelIndex)
    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.show_clerk(current.data(RowTableModel.ROW_ROLE))

    def show_clerk(self, clerk: ClerkSnapshot | None) -> None:
        assert self.feedback is not None
        self.feedback.clear()
        self.current = clerk
        data = clerk.data if clerk else ClerkData(name="", initials="")
        self.form_title.setText(
            self.tr("Bearbeiter/in {name}").format(name=data.name)
            if clerk
            else self.tr("Neue Bearbeiterin / neuer Bearbeiter")
        )
        self.name.setText(data.name)
        self.initials.setText(data.initials)
        self.function.setText(data.function or "")
        self.extension.setText(data.phone_extension or "")
        self.email.setText(data.email or "")
        self.signatory.setChecked(data.is_signatory)
        self.active.setChecked(data.is_active)

    @Slot()
    def new_clerk(self) -> None:
        self.table.clearSelection()
        self.show_clerk(None)
        self.name.setFocus()

    def clerk_data(self) -> ClerkData:
        return ClerkData(
            name=self.name.text(),
            initials=self.initials.text(),
            function=_text(self.function),
            phone_extension=_text(self.extension),
            email=_text(self.email),
            is_signatory=self.signatory.isChecked(),
            is_active=self.active.isChecked(),
        )

    @Slot()
    def save(self) -> None:
        if self.busy:
            return
        data, office = self.clerk_data(), self.services.office
        clerk_id = self.current.id if self.current else None
        version = self.current.version if self.current else None

        def done(saved: ClerkSnapshot) -> None:
            self.current = saved
            self.load()
            assert self.feedback is not None
            self.feedback.show_success(self.tr("Gespeichert."))

        self.run(
            lambda: office.save_clerk(data, clerk_id=clerk_id, expected_version=version),
            done,
            self.tr("Bearbeiter/in wird gespeichert …"),
        )


# --------------------------------------------------------------------------- Aktenplan


class FilePlanTab(_Tab):
    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(services, parent)
        self.model: RowTableModel[FilePlanEntry] = RowTableModel(
            [
                Column(self.tr("Aktenplanzeichen"), lambda e: e.code),
                Column(self.tr("Beschreibung"), lambda e: e.description),
                Column(
                    self.tr("Standard für Presse"),
                    lambda e: self.tr("ja") if e.is_default_for_press else "",
                ),
            ],
            self,
        )
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(RowTableModel.SORT_ROLE)
        self.table = _table("filePlanTable", self.tr("Aktenplan"))
        self.table.setModel(self.proxy)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setColumnWidth(0, 150)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setStretchLastSection(False)
        self.table.setColumnWidth(2, 160)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 12, 0, 0)
        layout.addWidget(self.table, 1)
        card, box = _card()
        box.addWidget(heading(self.tr("Aktenplanzeichen anlegen oder ändern"), "sectionTitle"))
        row = QHBoxLayout()
        self.code = QLineEdit()
        self.code.setObjectName("planCode")
        self.code.setPlaceholderText("047.43")
        self.code.setMaximumWidth(120)
        self.description = QLineEdit()
        self.description.setObjectName("planDescription")
        self.default = QCheckBox(self.tr("Standard für &Presseinformationen"))
        self.default.setObjectName("planDefault")
        for text, widget, accessible in (
            (self.tr("&Zeichen:"), self.code, self.tr("Aktenplanzeichen")),
            (self.tr("Beschreib&ung:"), self.description, self.tr("Beschreibung")),
        ):
            label = QLabel(text)
            label.setBuddy(widget)
            widget.setAccessibleName(accessible)
            row.addWidget(label)
            row.addWidget(widget, 1 if widget is self.description else 0)
        row.addWidget(self.default)
        self.save_button = QPushButton(self.tr("&Speichern"))
        self.save_button.setObjectName("planSave")
        self.save_button.clicked.connect(self.save)
        row.addWidget(self.save_button)
        box.addLayout(row)
        self.error_label = QLabel()
        box.addWidget(self.error_label)
        self.feedback = FormFeedback(
            self.error_label, {"code": self.code, "description": self.description}
        )
        layout.addWidget(card)
        self.save_shortcut(self.save)

    def load(self) -> None:
        self.model.set_rows(self.services.office.list_file_plan())

    @Slot(QModelIndex, QModelIndex)
    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            return
        entry: FilePlanEntry = current.data(RowTableModel.ROW_ROLE)
        self.code.setText(entry.code)
        self.description.setText(entry.description)
        self.default.setChecked(entry.is_default_for_press)

    @Slot()
    def save(self) -> None:
        if self.busy:
            return
        code, description = self.code.text(), self.description.text()
        default, office = self.default.isChecked(), self.services.office

        def done(entry: FilePlanEntry) -> None:
            self.load()
            assert self.feedback is not None
            self.feedback.show_success(
                self.tr("Aktenplanzeichen {code} gespeichert.").format(code=entry.code)
            )

        self.run(
            lambda: office.save_file_plan_entry(code, description, default_for_press=default),
            done,
            self.tr("Aktenplan wird gespeichert …"),
        )


# --------------------------------------------------------------------------- Textvorlagen


class TemplatesTab(_Tab):
    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(services, parent)
        self.current: TemplateSnapshot | None = None
        self.model: RowTableModel[TemplateSnapshot] = RowTableModel(
            [Column(self.tr("Vorlage"), lambda t: t.title)], self
        )
        self.list = _table("templateList", self.tr("Textvorlagen"))
        self.list.setModel(self.model)
        self.list.setSortingEnabled(False)
        self.list.selectionModel().currentRowChanged.connect(self._row_changed)

        left = QWidget()
        left_box = QVBoxLayout(left)
        left_box.setContentsMargins(0, 0, 0, 0)
        left_box.addWidget(self.list, 1)
        self.new_button = QPushButton(self.tr("N&eue Vorlage"))
        self.new_button.setObjectName("templateNew")
        self.new_button.clicked.connect(self.new_template)
        left_box.addWidget(self.new_button)

        card, box = _card()
        form = _form()
        self.key = QLineEdit()
        self.key.setObjectName("templateKey")
        self.key.setPlaceholderText(self.tr("z. B. einladung_werkstatt"))
        self.title_edit = QLineEdit()
        self.title_edit.setObjectName("templateTitle")
        self.subject = QLineEdit()
        self.subject.setObjectName("templateSubject")
        self.body = QPlainTextEdit()
        self.body.setObjectName("templateBody")
        self.body.setTabChangesFocus(True)
        self.labelled(form, self.tr("Sch&lüssel:"), self.key, self.tr("Schlüssel der Vorlage"))
        self.labelled(form, self.tr("&Titel:"), self.title_edit, self.tr("Titel der Vorlage"))
        self.labelled(form, self.tr("Betre&ff:"), self.subject, self.tr("Betreff"))
        self.labelled(form, self.tr("Te&xt:"), self.body, self.tr("Text der Vorlage"))
        box.addLayout(form, 1)
        self.error_label = QLabel()
        box.addWidget(self.error_label)
        self.feedback = FormFeedback(
            self.error_label,
            {"key": self.key, "title": self.title_edit, "subject": self.subject, "body": self.body},
        )
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.save_button = QPushButton(self.tr("Vorlage &speichern"))
        self.save_button.setObjectName("templateSave")
        self.save_button.clicked.connect(self.save)
        buttons.addWidget(self.save_button)
        box.addLayout(buttons)

        side, side_box = _card()
        side_box.addWidget(heading(self.tr("Platzhalter"), "sectionTitle"))
        hint = QLabel(
            self.tr("Doppelklick oder Eingabetaste fügt den Platzhalter in den Text ein.")
        )
        hint.setWordWrap(True)
        hint.setProperty("role", "muted")
        side_box.addWidget(hint)
        self.placeholders = QListWidget()
        self.placeholders.setObjectName("placeholderList")
        self.placeholders.setAccessibleName(self.tr("Bekannte Platzhalter"))
        self.placeholders.setSpacing(2)
        for name, description in _known_placeholders().items():
            item = QListWidgetItem(f"{{{name}}}")
            item.setData(Qt.ItemDataRole.UserRole, name)
            item.setData(Qt.ItemDataRole.AccessibleDescriptionRole, description)
            item.setToolTip(description)
            self.placeholders.addItem(item)
        self.placeholders.itemActivated.connect(self.insert_placeholder)
        self.placeholders.itemDoubleClicked.connect(self.insert_placeholder)
        self.placeholder_help = QLabel()
        self.placeholder_help.setObjectName("placeholderHelp")
        self.placeholder_help.setWordWrap(True)
        self.placeholder_help.setMinimumHeight(54)
        self.placeholder_help.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.placeholders.currentItemChanged.connect(
            lambda item, _old: self.placeholder_help.setText(
                item.toolTip() if item is not None else ""
            )
        )
        side_box.addWidget(self.placeholders, 1)
        side_box.addWidget(self.placeholder_help)
        if self.placeholders.count():
            self.placeholders.setCurrentRow(0)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(left)
        splitter.addWidget(card)
        splitter.addWidget(side)
        splitter.setSizes([220, 520, 280])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 12, 0, 0)
        layout.addWidget(splitter)
        self.save_shortcut(self.save)

    def load(self) -> None:
        self.model.set_rows(self.services.office.list_templates())
        if self.current is None and self.model.rowCount() > 0:
            self.list.setCurrentIndex(self.model.index(0, 0))
        elif self.current is None:
            self.new_template()

    @Slot(QModelIndex, QModelIndex)
    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.show_template(current.data(RowTableModel.ROW_ROLE))

    def show_template(self, template: TemplateSnapshot | None) -> None:
        assert self.feedback is not None
        self.feedback.clear()
        self.current = template
        self.key.setText(template.key if template else "")
        self.key.setReadOnly(template is not None)
        self.title_edit.setText(template.title if template else "")
        self.subject.setText((template.subject or "") if template else "")
        self.body.setPlainText(template.body if template else "")

    @Slot()
    def new_template(self) -> None:
        self.list.clearSelection()
        self.show_template(None)
        self.key.setFocus()

    @Slot(QListWidgetItem)
    def insert_placeholder(self, item: QListWidgetItem) -> None:
        name = item.data(Qt.ItemDataRole.UserRole)
        self.body.insertPlainText(f"{{{name}}}")
        self.body.setFocus()

    @Slot()
    def save(self) -> None:
        if self.busy:
            return
        key, title = self.key.text().strip(), self.title_edit.text()
        body, subject = self.body.toPlainText(), _text(self.subject)
        version = self.current.version if self.current else None
        office = self.services.office

        def done(saved: TemplateSnapshot) -> None:
            self.current = saved
            self.model.set_rows(office.list_templates())
            for row in range(self.model.rowCount()):
                if self.model.row_at(row).id == saved.id:
                    self.list.selectionModel().blockSignals(True)
                    self.list.setCurrentIndex(self.model.index(row, 0))
                    self.list.selectionModel().blockSignals(False)
            self.show_template(saved)
            assert self.feedback is not None
            self.feedback.show_success(self.tr("Die Vorlage wurde gespeichert."))

        self.run(
            lambda: office.save_template(
                key, title, body, subject=subject, expected_version=version
            ),
            done,
            self.tr("Vorlage wird gespeichert …"),
        )

    def failed(self, exc: BaseException) -> None:
        super().failed(exc)
        problems = getattr(exc, "problems", ())
        if problems and getattr(exc, "field", None) == "body":
            # put the cursor on the first problem; the text itself is kept as typed
            first = problems[0]
            block = self.body.document().findBlockByLineNumber(max(0, first.line - 1))
            cursor = QTextCursor(block)
            cursor.movePosition(QTextCursor.MoveOperation.Right, n=max(0, first.column - 1))
            self.body.setTextCursor(cursor)


# --------------------------------------------------------------------------- Ausgegebene Dokumente


class IssuedTab(_Tab):
    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(services, parent)
        self.model: RowTableModel[IssuedDocumentRow] = RowTableModel(
            [
                Column(
                    self.tr("Datum"),
                    lambda d: d.issued_at.astimezone().strftime("%d.%m.%Y %H:%M"),
                    sort_key=lambda d: d.issued_at.timestamp(),
                ),
                Column(self.tr("Benutzer/in"), lambda d: d.user_name),
                Column(self.tr("Art"), lambda d: KIND_LABELS.get(d.kind, d.kind)),
                Column(self.tr("Titel"), lambda d: d.title),
                Column(self.tr("Empfänger"), lambda d: ", ".join(d.recipients)),
                Column(
                    self.tr("Seiten"),
                    lambda d: str(d.page_count or ""),
                    sort_key=lambda d: d.page_count or 0,
                    align_right=True,
                ),
            ],
            self,
        )
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(RowTableModel.SORT_ROLE)
        self.table = _table("issuedTable", self.tr("Ausgegebene Dokumente"))
        self.table.setModel(self.proxy)
        self.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        for column, width in ((0, 130), (1, 120), (2, 140), (4, 180), (5, 60)):
            self.table.setColumnWidth(column, width)
        self.table.horizontalHeader().setStretchLastSection(False)
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda _index: self.reprint())
        self.table.selectionModel().currentRowChanged.connect(lambda *_a: self._update())

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 12, 0, 0)
        intro = QLabel(
            self.tr(
                "Jedes gedruckte oder als PDF gespeicherte Dokument wird hier mit seinem Inhalt "
                "aufbewahrt und kann genau so erneut gedruckt werden."
            )
        )
        intro.setWordWrap(True)
        intro.setProperty("role", "muted")
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        self.count_label = QLabel()
        self.count_label.setProperty("role", "muted")
        buttons.addWidget(self.count_label, 1)
        self.reprint_button = QPushButton(self.tr("&Erneut drucken …"))
        self.reprint_button.setObjectName("reprint")
        self.reprint_button.clicked.connect(self.reprint)
        buttons.addWidget(self.reprint_button)
        layout.addLayout(buttons)
        self._update()

    def load(self) -> None:
        self.model.set_rows(self.services.documents.list_issued())
        self._update()

    def _update(self) -> None:
        self.reprint_button.setEnabled(self.table.currentIndex().isValid() and not self.busy)
        count = self.model.rowCount()
        self.count_label.setText(
            self.tr("1 Dokument im Protokoll")
            if count == 1
            else self.tr("{count} Dokumente im Protokoll").format(count=count)
        )

    def selected(self) -> IssuedDocumentRow | None:
        index = self.table.currentIndex()
        return index.data(RowTableModel.ROW_ROLE) if index.isValid() else None

    @Slot()
    def reprint(self) -> None:
        row = self.selected()
        if row is None or self.busy:
            return
        documents = self.services.documents
        issued_id = row.id

        def work() -> RenderedDocument:
            return documents.reprint_document(issued_id)

        def done(rendered: RenderedDocument) -> None:
            self._update()
            PdfPreviewDialog.show_document(self, self.services, rendered)
            self.load()

        self.busy = True
        self._update()

        def success(rendered: RenderedDocument) -> None:
            self.busy = False
            done(rendered)

        run_operation(
            self,
            work,
            success,
            on_failure=self.failed,
            progress_text=self.tr("Dokument wird geladen …"),
        )


# --------------------------------------------------------------------------- Speicherorte


class LocationsTab(_Tab):
    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(services, parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 12, 0, 0)
        card, box = _card()
        form = _form()
        self.location_labels: dict[str, QLabel] = {}
        for key, label in (
            ("database", self.tr("Datenbank:")),
            ("backups", self.tr("Sicherungen:")),
            ("log", self.tr("Protokolldatei:")),
        ):
            value = QLabel()
            value.setObjectName(f"location_{key}")
            value.setTextInteractionFlags(
                Qt.TextInteractionFlag.TextSelectableByMouse
                | Qt.TextInteractionFlag.TextSelectableByKeyboard
            )
            value.setWordWrap(True)
            caption = QLabel(label)
            caption.setBuddy(value)
            form.addRow(caption, value)
            self.location_labels[key] = value
        box.addLayout(form)
        layout.addWidget(card)
        layout.addStretch(1)

    def load(self) -> None:
        paths = self.services.paths
        locations = {
            "database": self.services.db.describe(),
            "backups": str(paths.backup_dir),
            "log": str(paths.log_file),
        }
        for key, text in locations.items():
            self.location_labels[key].setText(text)
            self.location_labels[key].setAccessibleName(text)


# --------------------------------------------------------------------------- Gemeindeverzeichnis


class DirectoryTab(_Tab):
    """The official municipality directory: its status, and applying a newer Destatis file.

    Applying matches on AGS and refreshes only Kreis, Regierungsbezirk and population of the
    advisor's municipalities; names, addresses, membership and persons stay as she entered them.
    """

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(services, parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 12, 0, 0)
        card, box = _card()
        self.status_label = QLabel()
        self.status_label.setObjectName("directoryStatus")
        self.status_label.setWordWrap(True)
        box.addWidget(self.status_label)
        explanation = QLabel(
            self.tr(
                "Ein neueres Gemeindeverzeichnis (Destatis GV100AD, aufbereitet im Format "
                "ags;name;kreis;kreis_typ;regierungsbezirk;einwohner;plz;stadt) wird über den "
                "Amtlichen Gemeindeschlüssel zugeordnet. Aktualisiert werden nur Kreis, "
                "Regierungsbezirk und Einwohnerzahl; Namen, Anschriften, Mitgliedschaft und "
                "Personen bleiben, wie Sie sie eingetragen haben. Die Datei wird vollständig "
                "geprüft, bevor etwas übernommen wird."
            )
        )
        explanation.setWordWrap(True)
        box.addWidget(explanation)
        row = QHBoxLayout()
        self.stand_edit = QDateEdit()
        self.stand_edit.setObjectName("directoryStand")
        self.stand_edit.setDisplayFormat("dd.MM.yyyy")
        self.stand_edit.setCalendarPopup(True)
        self.stand_edit.setDate(QDate.currentDate())
        stand_label = QLabel(self.tr("&Gebietsstand der Datei:"))
        stand_label.setBuddy(self.stand_edit)
        self.stand_edit.setAccessibleName(self.tr("Gebietsstand der Datei"))
        self.apply_button = QPushButton(self.tr("Neueres Verzeichnis &einlesen …"))
        self.apply_button.setObjectName("applyDirectory")
        self.apply_button.clicked.connect(self.apply_file)
        row.addWidget(stand_label)
        row.addWidget(self.stand_edit)
        row.addStretch(1)
        row.addWidget(self.apply_button)
        box.addLayout(row)
        self.result_label = QLabel()
        self.result_label.setObjectName("directoryResult")
        self.result_label.setWordWrap(True)
        box.addWidget(self.result_label)
        attribution = QLabel(
            self.tr(
                "Datenquelle: Statistisches Bundesamt (Destatis), Gemeindeverzeichnis GV100AD; "
                "Datenlizenz Deutschland – Namensnennung – Version 2.0."
            )
        )
        attribution.setWordWrap(True)
        attribution.setObjectName("hint")
        box.addWidget(attribution)
        layout.addWidget(card)
        layout.addStretch(1)

    def load(self) -> None:
        masterdata = self.services.masterdata
        self.run(masterdata.directory_status, self.show_status, self.tr("Lese Stammdaten …"))

    def show_status(self, status: Any) -> None:
        if status.entries == 0:
            text = self.tr("Das Gemeindeverzeichnis ist noch nicht geladen.")
        else:
            stand = status.status_date.strftime("%d.%m.%Y") if status.status_date else "–"
            text = self.tr(
                "{entries} Kommunen im Gemeindeverzeichnis, Gebietsstand {stand}; "
                "{linked} Organisationen sind über ihren Gemeindeschlüssel damit verbunden."
            ).format(
                entries=f"{status.entries:,}".replace(",", "."),
                stand=stand,
                linked=f"{status.linked_organisations:,}".replace(",", "."),
            )
        self.status_label.setText(text)

    @Slot()
    def apply_file(self) -> None:
        if self.busy:
            return
        name = SettingsDialogs.open_directory_file(self)
        if name is None:
            return
        path = Path(name)
        stand = self.stand_edit.date().toPython()
        masterdata = self.services.masterdata

        def work() -> Any:
            try:
                data = path.read_bytes()
            except OSError as exc:
                raise UserError(
                    self.tr("Die Datei {path} kann nicht gelesen werden.").format(path=path)
                ) from exc
            return masterdata.load_directory(data, source_label=path.name, status_date=stand)

        def done(report: Any) -> None:
            self.result_label.setText(report.describe())
            self.load()

        self.run(work, done, self.tr("Prüfe und übernehme das Gemeindeverzeichnis …"))


# --------------------------------------------------------------------------- the page


class SettingsPage(Page):
    def title(self) -> str:
        return self.tr("Einstellungen")

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(services, parent)
        self.setStyleSheet(SETTINGS_STYLE)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.setSpacing(8)
        layout.addWidget(heading(self.title()))

        self.tabs = QTabWidget()
        self.tabs.setObjectName("settingsTabs")
        self.tabs.setAccessibleName(self.tr("Bereiche der Einstellungen"))
        self.tabs.setDocumentMode(True)
        self.profile_tab = ProfileTab(services)
        self.clerks_tab = ClerksTab(services)
        self.file_plan_tab = FilePlanTab(services)
        self.templates_tab = TemplatesTab(services)
        self.issued_tab = IssuedTab(services)
        self.locations_tab = LocationsTab(services)
        self.directory_tab = DirectoryTab(services)
        for tab, text in (
            (self.profile_tab, self.tr("Absender")),
            (self.clerks_tab, self.tr("Bearbeiter/innen")),
            (self.file_plan_tab, self.tr("Aktenplan")),
            (self.templates_tab, self.tr("Textvorlagen")),
            (self.issued_tab, self.tr("Ausgegebene Dokumente")),
            (self.directory_tab, self.tr("Gemeindeverzeichnis")),
            (self.locations_tab, self.tr("Speicherorte")),
        ):
            # no mnemonics on the tabs (their letters are taken by the fields); Strg+Tab and
            # Strg+Bild auf/ab switch tabs
            tab.setAccessibleName(text)
            self.tabs.addTab(tab, text)
        self.tabs.currentChanged.connect(self._tab_changed)
        layout.addWidget(self.tabs, 1)
        self._loaded: set[int] = set()

    @property
    def location_labels(self) -> dict[str, QLabel]:
        return self.locations_tab.location_labels

    def refresh(self) -> None:
        """Reload the visible tab now; the others when they are shown."""
        self._loaded.clear()
        self._tab_changed(self.tabs.currentIndex())
        self.locations_tab.load()

    @Slot(int)
    def _tab_changed(self, index: int) -> None:
        if index < 0 or index in self._loaded:
            return
        self._loaded.add(index)
        tab = self.tabs.widget(index)
        if isinstance(tab, _Tab):
            tab.load()

    def show_tab(self, tab: QWidget) -> None:
        self.tabs.setCurrentWidget(tab)
        if isinstance(tab, _Tab):
            tab.load()
