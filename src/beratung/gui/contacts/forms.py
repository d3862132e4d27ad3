"""The detail forms of the contacts page: a person, an organisation.

Both follow one pattern (:class:`DetailForm`): ``load(detail)`` fills the fields and remembers the
``version``; ``save()`` sends the values through a background operation with that version; a
``ValidationError`` is shown at its field, a ``ConcurrentEditError`` as a banner that offers
"Neu laden". The forms never open sessions; they call the services.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QLocale, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from beratung.domain.enums import AddressPreference, Anrede, OrganisationKind, label
from beratung.domain.errors import ConcurrentEditError, UserError, ValidationError
from beratung.gui.contacts.common import (
    ContactDialogs,
    FieldErrors,
    WrapLabel,
    line_edit,
    muted,
    read_only,
    section,
    table_view,
    text_of,
    tr,
)
from beratung.gui.contacts.models import Column, ListTableModel
from beratung.gui.contacts.pickers import AffiliationDialog, DirectoryDialog, date_text
from beratung.gui.errors import report_exception
from beratung.gui.operations import run_operation
from beratung.services.contacts import (
    AffiliationSnapshot,
    OrganisationDetail,
    OrganisationInput,
    OrganisationPerson,
    PersonDetail,
    PersonInput,
)

if TYPE_CHECKING:
    from beratung.services import Services


#: The width of the label column, the same in every block of a form so the fields line up.
LABEL_WIDTH = 130

#: Debounce of the live "So im Brief" preview while typing (ms).
PREVIEW_DELAY = 200


def _combo(name: str, accessible: str) -> QComboBox:
    combo = QComboBox()
    combo.setObjectName(name)
    combo.setAccessibleName(accessible)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(10)
    return combo


def _scroll(content: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidgetResizable(True)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setWidget(content)
    return area


def _form() -> QFormLayout:
    form = QFormLayout()
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    form.setHorizontalSpacing(12)
    form.setVerticalSpacing(6)
    return form


class DetailForm(QWidget):
    """Header with the record's name, Speichern/Verwerfen, the conflict banner, the fields."""

    saved = Signal(object)  # the new detail snapshot
    #: A save did not happen (invalid field, conflict, error); the form keeps its changes.
    save_failed = Signal()
    dirty_changed = Signal(bool)

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.contacts = services.contacts
        self.errors = FieldErrors()
        self.detail: Any = None
        self._dirty = False
        self._loading = False
        self.saving = False

        self.title_label = QLabel()
        self.title_label.setProperty("role", "sectionTitle")
        self.title_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.subtitle_label = muted()
        self.save_button = QPushButton(tr("Speichern"))
        self.save_button.setObjectName("saveButton")
        self.save_button.setToolTip(tr("Speichern (Strg+S)"))
        self.save_button.setDefault(False)
        self.save_button.clicked.connect(self.save)
        self.discard_button = QPushButton(tr("Verwerfen"))
        self.discard_button.setObjectName("discardButton")
        self.discard_button.setToolTip(
            tr("Änderungen verwerfen und den gespeicherten Stand zeigen")
        )
        self.discard_button.clicked.connect(self.discard)

        self.conflict = QFrame()
        self.conflict.setObjectName("conflictBanner")
        self.conflict.setProperty("role", "conflict")
        self.conflict_label = QLabel()
        self.conflict_label.setWordWrap(True)
        self.reload_button = QPushButton(tr("Neu laden"))
        self.reload_button.setObjectName("reloadButton")
        self.reload_button.clicked.connect(self.reload)
        banner = QHBoxLayout(self.conflict)
        banner.setContentsMargins(12, 8, 12, 8)
        banner.addWidget(self.conflict_label, 1)
        banner.addWidget(self.reload_button)
        self.conflict.hide()

        header = QHBoxLayout()
        titles = QVBoxLayout()
        titles.setSpacing(0)
        titles.addWidget(self.title_label)
        titles.addWidget(self.subtitle_label)
        header.addLayout(titles, 1)
        header.addWidget(self.discard_button, 0, Qt.AlignmentFlag.AlignTop)
        header.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignTop)

        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 8)
        layout.setSpacing(8)
        layout.addLayout(header)
        layout.addWidget(self.conflict)
        layout.addWidget(self.tabs, 1)
        self._update_buttons()

    # ---------------------------------------------------------------- change tracking

    def watch(self, *widgets: QWidget) -> None:
        for widget in widgets:
            if isinstance(widget, QLineEdit):
                widget.textEdited.connect(self._changed)
                widget.textChanged.connect(self._changed)
            elif isinstance(widget, QPlainTextEdit):
                widget.textChanged.connect(self._changed)
            elif isinstance(widget, QComboBox):
                widget.currentIndexChanged.connect(self._changed)
            elif isinstance(widget, QCheckBox):
                widget.toggled.connect(self._changed)

    def _changed(self, *_args: object) -> None:
        if not self._loading:
            self.set_dirty(True)

    def set_dirty(self, dirty: bool) -> None:
        if dirty != self._dirty:
            self._dirty = dirty
            self._update_buttons()
            self.dirty_changed.emit(dirty)

    def is_dirty(self) -> bool:
        return self._dirty

    def is_new(self) -> bool:
        return self.detail is None

    def _update_buttons(self) -> None:
        self.save_button.setEnabled(self._dirty and not self.saving)
        self.discard_button.setEnabled(self._dirty and not self.saving)

    def record_name(self) -> str:
        raise NotImplementedError

    # ---------------------------------------------------------------- loading

    def fill(self, detail: Any) -> None:
        raise NotImplementedError

    def load(self, detail: Any) -> None:
        self._loading = True
        try:
            self.detail = detail
            self.errors.clear()
            self.conflict.hide()
            self.fill(detail)
        finally:
            self._loading = False
        self.set_dirty(False)
        self._update_buttons()

    def fetch(self, ident: int) -> Any:
        raise NotImplementedError

    def reload(self) -> None:
        """Show the stored state again ("Neu laden" after a conflict; Verwerfen)."""
        if self.detail is None:
            self.new()
            return
        try:
            self.load(self.fetch(self.detail.id))
        except UserError as exc:
            report_exception(exc, self)

    def discard(self) -> None:
        self.reload()

    def new(self) -> None:
        self.load(None)

    # ---------------------------------------------------------------- saving

    def values(self) -> dict[str, Any]:
        raise NotImplementedError

    def write(self, values: dict[str, Any]) -> Callable[[], Any]:
        """The service call (run on the worker thread) for these values."""
        raise NotImplementedError

    def save(self) -> None:
        if self.saving:
            return
        self.errors.clear()
        self.conflict.hide()
        try:
            call = self.write(self.values())
        except ValidationError as exc:
            self.show_error(exc)
            self.save_failed.emit()
            return
        self.saving = True
        self._update_buttons()
        run_operation(
            self,
            call,
            self._saved,
            on_failure=self._failed,
            progress_text=tr("Wird gespeichert …"),
        )

    def _saved(self, detail: Any) -> None:
        self.saving = False
        self.load(detail)
        self.saved.emit(detail)

    def _failed(self, exc: BaseException) -> None:
        self.saving = False
        self._update_buttons()
        self.save_failed.emit()
        if isinstance(exc, ConcurrentEditError):
            self.show_conflict(exc)
        elif isinstance(exc, ValidationError):
            self.show_error(exc)
        else:
            report_exception(exc, self)

    def show_error(self, exc: ValidationError) -> None:
        if not self.errors.show(exc.field, exc.message):
            report_exception(exc, self)

    def show_conflict(self, exc: ConcurrentEditError) -> None:
        text = exc.message
        if exc.hint:
            text = f"{text} {exc.hint}"
        self.conflict_label.setText(text)
        self.conflict.setAccessibleName(exc.message)
        self.conflict.show()
        self.reload_button.setFocus()

    def add_field(
        self, form: QFormLayout, key: str, text: str, widget: QWidget, row: QWidget | None = None
    ) -> None:
        """A form row with the field's error label underneath."""
        self.errors.register(key, widget)
        if text:
            form.addRow(text, row or widget)
        else:  # no label (Notizen under its heading): the field spans the label column too
            form.addRow(row or widget)
        form.addRow("", self.errors.error_label(key))
        if isinstance(widget, QLineEdit | QPlainTextEdit | QComboBox | QCheckBox):
            self.watch(widget)


# ====================================================================== persons


def affiliation_columns() -> list[Column[AffiliationSnapshot]]:
    return [
        Column(tr("Organisation"), lambda a: a.organisation_name),
        Column(tr("Funktion"), lambda a: a.role),
        Column(tr("von"), lambda a: date_text(a.valid_from)),
        Column(tr("bis"), lambda a: date_text(a.valid_to)),
        Column(tr("Haupt"), lambda a: "✓" if a.is_primary else ""),
    ]


class PersonForm(DetailForm):
    #: A consultation in the Verlauf was activated (double-click, Enter): its id.
    consultation_requested = Signal(int)

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(services, parent)
        self.setObjectName("personForm")
        self.setAccessibleName(tr("Person bearbeiten"))
        self.preview_timer = QTimer(self)
        self.preview_timer.setSingleShot(True)
        self.preview_timer.setInterval(PREVIEW_DELAY)
        self.preview_timer.timeout.connect(self.update_letter_preview)
        self._build_master_tab()
        self._build_roles_tab()
        self._build_history_tab()
        self.new()

    # ---------------------------------------------------------------- building

    def _build_master_tab(self) -> None:
        content = QWidget()
        outer = QVBoxLayout(content)
        outer.setContentsMargins(4, 10, 8, 10)
        form = _form()
        self.anrede = _combo("anrede", tr("Anrede"))
        self.anrede.setMaximumWidth(160)
        for member in (Anrede.FRAU, Anrede.HERR, Anrede.NONE):
            self.anrede.addItem(label(member), member)
        self.title = line_edit("title", tr("Titel"), tr("z. B. Dr."))
        self.first_name = line_edit("first_name", tr("Vorname"))
        self.last_name = line_edit("last_name", tr("Nachname"))
        self.email = line_edit("email", tr("E-Mail"), tr("name@beispiel.de"))
        self.phone = line_edit("phone", tr("Telefon"), tr("z. B. 0711 22921-0"))
        self.mobile = line_edit("mobile", tr("Mobil"))
        self.street = line_edit("street", tr("Straße"))
        self.postcode = line_edit("postcode", tr("PLZ"))
        self.postcode.setMaximumWidth(80)
        self.town = line_edit("town", tr("Ort"))
        self.country = line_edit("country", tr("Land"), tr("leer für Deutschland"))
        self.address_preference = _combo("address_preference", tr("Anschrift für Briefe"))
        self.address_preference.addItem(
            tr("Dienstanschrift (Organisation)"), AddressPreference.ORGANISATION
        )
        self.address_preference.addItem(tr("eigene Anschrift"), AddressPreference.PRIVATE)
        self.address_preference.setToolTip(
            tr("Dienstanschrift: die Anschrift der Organisation der Hauptfunktion")
        )
        self.salutation_override = line_edit(
            "salutation_override",
            tr("Briefanrede überschreiben"),
            tr("leer: automatisch, z. B. „Sehr geehrte Frau Dr. Beispiel,“"),
        )
        self.notes = QPlainTextEdit()
        self.notes.setObjectName("notes")
        self.notes.setAccessibleName(tr("Notizen"))
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(80)

        self.add_field(form, "anrede", tr("Anrede"), self.anrede)
        self.add_field(form, "title", tr("Titel"), self.title)
        self.add_field(form, "first_name", tr("Vorname"), self.first_name)
        self.add_field(form, "last_name", tr("Nachname"), self.last_name)
        self.add_field(form, "email", tr("E-Mail"), self.email)
        self.add_field(form, "phone", tr("Telefon"), self.phone)
        self.add_field(form, "mobile", tr("Mobil"), self.mobile)
        outer.addLayout(form)

        outer.addWidget(section(tr("Eigene Anschrift")))
        own = _form()
        self.add_field(own, "street", tr("Straße"), self.street)
        place = QWidget()
        place_layout = QHBoxLayout(place)
        place_layout.setContentsMargins(0, 0, 0, 0)
        place_layout.addWidget(self.postcode)
        place_layout.addWidget(self.town, 1)
        self.errors.register("postcode", self.postcode)
        self.errors.register("town", self.town)
        self.watch(self.postcode, self.town)
        own.addRow(tr("PLZ, Ort"), place)
        own.addRow("", self.errors.error_label("postcode"))
        own.addRow("", self.errors.error_label("town"))
        self.add_field(own, "country", tr("Land"), self.country)
        outer.addLayout(own)

        outer.addWidget(section(tr("Briefe")))
        letters = _form()
        self.add_field(letters, "address_preference", tr("Briefanschrift"), self.address_preference)
        self.add_field(letters, "salutation_override", tr("Briefanrede"), self.salutation_override)
        self.letter_preview = WrapLabel()
        self.letter_preview.setObjectName("letterPreview")
        self.letter_preview.setProperty("role", "letterPreview")
        self.letter_preview.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.letter_preview.setAccessibleName(tr("Vorschau der Briefanschrift"))
        letters.addRow(tr("So im Brief"), self.letter_preview)
        outer.addLayout(letters)
        # the preview follows the typing (debounced): every field that changes the letter
        for widget in (
            self.title,
            self.first_name,
            self.last_name,
            self.street,
            self.postcode,
            self.town,
            self.country,
            self.salutation_override,
        ):
            widget.textChanged.connect(self._letter_field_changed)
        for combo in (self.anrede, self.address_preference):
            combo.currentIndexChanged.connect(self._letter_field_changed)

        outer.addWidget(section(tr("Notizen")))
        notes = _form()
        self.add_field(notes, "notes", "", self.notes)
        outer.addLayout(notes)
        outer.addStretch(1)
        for label_widget in content.findChildren(QLabel):
            label_widget.setMinimumWidth(0)
        # the label column is the same width in every block, so the fields line up
        for form_layout in (form, own, letters, notes):
            for row in range(form_layout.rowCount()):
                item = form_layout.itemAt(row, QFormLayout.ItemRole.LabelRole)
                if item is not None and isinstance(item.widget(), QLabel):
                    item.widget().setFixedWidth(LABEL_WIDTH)
        self.tabs.addTab(_scroll(content), tr("Stammdaten"))

    def _build_roles_tab(self) -> None:
        content = QWidget()
        layout = QVBoxLayout(content)
        layout.setContentsMargins(4, 10, 8, 10)
        layout.addWidget(section(tr("Funktionen")))
        self.affiliations = ListTableModel(affiliation_columns(), self)
        self.affiliation_view = table_view("affiliations", tr("Funktionen"), self.affiliations)
        self.affiliation_view.setMinimumHeight(140)
        layout.addWidget(self.affiliation_view)
        buttons = QHBoxLayout()
        self.add_affiliation_button = QPushButton(tr("Hinzufügen …"))
        self.primary_button = QPushButton(tr("Als Hauptfunktion"))
        self.end_button = QPushButton(tr("Beenden"))
        self.end_button.setToolTip(tr("Die Funktion endet heute; sie bleibt im Verlauf sichtbar."))
        self.remove_affiliation_button = QPushButton(tr("Entfernen"))
        for button in (
            self.add_affiliation_button,
            self.primary_button,
            self.end_button,
            self.remove_affiliation_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.add_affiliation_button.clicked.connect(self.add_affiliation)
        self.primary_button.clicked.connect(
            lambda: self._affiliation_call(self.contacts.set_primary_affiliation)
        )
        self.end_button.clicked.connect(
            lambda: self._affiliation_call(self.contacts.end_affiliation)
        )
        self.remove_affiliation_button.clicked.connect(self.remove_affiliation)

        layout.addSpacing(8)
        layout.addWidget(section(tr("Verteiler")))
        self.list_view = QListWidget()
        self.list_view.setObjectName("personLists")
        self.list_view.setAccessibleName(tr("Verteiler der Person"))
        self.list_view.setMaximumHeight(110)
        layout.addWidget(self.list_view)
        row = QHBoxLayout()
        self.list_choice = _combo("listChoice", tr("Verteiler zum Hinzufügen"))
        self.add_to_list_button = QPushButton(tr("Aufnehmen"))
        self.remove_from_list_button = QPushButton(tr("Entfernen"))
        self.remove_from_list_button.setToolTip(tr("Aus dem gewählten Verteiler entfernen"))
        row.addWidget(self.list_choice, 1)
        row.addWidget(self.add_to_list_button)
        row.addWidget(self.remove_from_list_button)
        layout.addLayout(row)
        self.add_to_list_button.clicked.connect(self.add_to_list)
        self.remove_from_list_button.clicked.connect(self.remove_from_list)
        layout.addStretch(1)
        self.tabs.addTab(_scroll(content), tr("Funktionen und Verteiler"))

    def _build_history_tab(self) -> None:
        content = QWidget()
        layout = QVBoxLayout(content)
        layout.setContentsMargins(4, 10, 8, 10)
        self.history: dict[str, QListWidget] = {}
        for key, title in (
            ("consultations", tr("Beratungen")),
            ("registrations", tr("Veranstaltungen")),
            ("documents", tr("Dokumente")),
        ):
            layout.addWidget(section(title))
            widget = QListWidget()
            widget.setObjectName(f"history_{key}")
            widget.setAccessibleName(title)
            widget.setMaximumHeight(150)
            widget.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
            layout.addWidget(widget)
            self.history[key] = widget
        consultations = self.history["consultations"]
        consultations.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        consultations.setToolTip(tr("Doppelklick oder Eingabetaste öffnet die Beratung"))
        consultations.itemActivated.connect(self._consultation_activated)
        layout.addStretch(1)
        self.tabs.addTab(_scroll(content), tr("Verlauf"))

    def _consultation_activated(self, item: QListWidgetItem) -> None:
        ident = item.data(Qt.ItemDataRole.UserRole)
        if ident is not None:
            self.consultation_requested.emit(int(ident))

    # ---------------------------------------------------------------- data

    def record_name(self) -> str:
        return self.detail.display_name if self.detail is not None else tr("Neue Person")

    def fetch(self, ident: int) -> PersonDetail:
        return self.contacts.get_person(ident)

    def fill(self, detail: PersonDetail | None) -> None:
        d = detail
        self.anrede.setCurrentIndex(max(0, self.anrede.findData(d.anrede if d else Anrede.NONE)))
        for widget, value in (
            (self.title, d.title if d else None),
            (self.first_name, d.first_name if d else None),
            (self.last_name, d.last_name if d else None),
            (self.email, d.email if d else None),
            (self.phone, d.phone if d else None),
            (self.mobile, d.mobile if d else None),
            (self.street, d.street if d else None),
            (self.postcode, d.postcode if d else None),
            (self.town, d.town if d else None),
            (self.country, d.country if d else None),
            (self.salutation_override, d.salutation_override if d else None),
        ):
            widget.setText(value or "")
        self.notes.setPlainText(d.notes or "" if d else "")
        pref = d.address_preference if d else AddressPreference.ORGANISATION
        self.address_preference.setCurrentIndex(max(0, self.address_preference.findData(pref)))
        self.title_label.setText(self.record_name())
        self.preview_timer.stop()
        if d is None:
            self.subtitle_label.setText(tr("Noch nicht gespeichert"))
            self._show_preview(
                tr("Die Vorschau erscheint, sobald Name und Anschrift eingetragen sind."),
                problem=False,
            )
        else:
            primary = next((a for a in d.affiliations if a.is_primary and a.is_current), None)
            if primary is not None:
                sub = ", ".join(p for p in (primary.role, primary.organisation_name) if p)
            else:
                sub = tr("ohne aktuelle Funktion")
            self.subtitle_label.setText(sub)
            self._show_preview(self.preview_text(d), problem=d.letter_lines is None)
        self.affiliations.set_rows(d.affiliations if d else ())
        self.affiliation_view.resizeColumnsToContents()
        self.list_view.clear()
        for ref in d.lists if d else ():
            self.list_view.addItem(ref.name)
            self.list_view.item(self.list_view.count() - 1).setData(
                Qt.ItemDataRole.UserRole, ref.id
            )
        self._fill_list_choice(d)
        self._fill_history(d)
        for widget in (
            self.add_affiliation_button,
            self.primary_button,
            self.end_button,
            self.remove_affiliation_button,
            self.list_choice,
            self.add_to_list_button,
            self.remove_from_list_button,
        ):
            widget.setEnabled(d is not None)
        self.setAccessibleName(tr("Person bearbeiten: {name}").format(name=self.record_name()))

    @staticmethod
    def preview_text(d: PersonDetail) -> str:
        if d.letter_lines is None:
            lines = [d.letter_error or tr("Keine Briefanschrift möglich.")]
        else:
            lines = list(d.letter_lines)
        return "\n".join([*lines, "", d.salutation])

    # ---------------------------------------------------------------- live letter preview

    def _letter_field_changed(self, *_args: object) -> None:
        if not self._loading:
            self.preview_timer.start()

    def _show_preview(self, text: str, *, problem: bool) -> None:
        self.letter_preview.setText(text)
        if self.letter_preview.property("problem") != problem:
            self.letter_preview.setProperty("problem", problem)
            self.letter_preview.style().unpolish(self.letter_preview)
            self.letter_preview.style().polish(self.letter_preview)

    def preview_input(self) -> PersonInput:
        """The letter-relevant values as typed (not validated: the preview never refuses)."""
        v = self.values()
        return PersonInput(
            last_name=v["last_name"] or "",
            first_name=v["first_name"],
            anrede=v["anrede"] or Anrede.NONE,
            title=v["title"],
            street=v["street"],
            postcode=v["postcode"],
            town=v["town"],
            country=v["country"],
            address_preference=v["address_preference"] or AddressPreference.ORGANISATION,
            salutation_override=v["salutation_override"],
        )

    def update_letter_preview(self) -> None:
        """ "So im Brief" for the values as typed: the address block and salutation, or the
        German reason why the address does not fit (a pure read, fast enough to run here)."""
        self.preview_timer.stop()
        data = self.preview_input()
        if not data.last_name:
            self._show_preview(tr("Der Nachname fehlt; er steht in jedem Brief."), problem=True)
            return
        ident = self.detail.id if self.detail is not None else None
        try:
            letter = self.contacts.preview_letter(ident, data)
        except UserError as exc:  # does not fit six lines, no town, record deleted meanwhile
            self._show_preview(exc.message, problem=True)
            return
        self._show_preview("\n".join([*letter.lines, "", letter.salutation]), problem=False)

    def _fill_list_choice(self, d: PersonDetail | None) -> None:
        self.list_choice.clear()
        if d is None:
            return
        member_of = {ref.id for ref in d.lists}
        for row in self.contacts.list_distribution_lists():
            if row.id not in member_of:
                self.list_choice.addItem(row.name, row.id)

    def _fill_history(self, d: PersonDetail | None) -> None:
        for widget in self.history.values():
            widget.clear()
        if d is None:
            return
        for c in d.consultations:
            text = f"{c.occurred_at:%d.%m.%Y} · {c.subject or tr('ohne Betreff')}"
            if c.organisation:
                text += f" · {c.organisation}"
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, c.id)
            self.history["consultations"].addItem(item)
        for r in d.registrations:
            self.history["registrations"].addItem(
                f"{r.starts_at:%d.%m.%Y} · {r.event_title} · {r.status_label}"
            )
        for doc in d.documents:
            self.history["documents"].addItem(f"{doc.issued_at:%d.%m.%Y} · {doc.title}")
        for key, widget in self.history.items():
            if widget.count() == 0:
                widget.addItem(
                    {
                        "consultations": tr("Keine Beratungen"),
                        "registrations": tr("Keine Veranstaltungen"),
                        "documents": tr("Keine Dokumente"),
                    }[key]
                )

    def values(self) -> dict[str, Any]:
        return {
            "anrede": self.anrede.currentData(),
            "title": text_of(self.title),
            "first_name": text_of(self.first_name),
            "last_name": text_of(self.last_name),
            "email": text_of(self.email),
            "phone": text_of(self.phone),
            "mobile": text_of(self.mobile),
            "street": text_of(self.street),
            "postcode": text_of(self.postcode),
            "town": text_of(self.town),
            "country": text_of(self.country),
            "address_preference": self.address_preference.currentData(),
            "salutation_override": text_of(self.salutation_override),
            "notes": text_of(self.notes),
        }

    def write(self, values: dict[str, Any]) -> Callable[[], PersonDetail]:
        contacts = self.contacts
        if self.detail is None:
            if not values["last_name"]:
                raise ValidationError(
                    tr("Der Nachname fehlt; er ist ein Pflichtfeld."), field="last_name"
                )
            data = PersonInput(**{k: (v if v != "" else None) for k, v in values.items()})
            return lambda: contacts.create_person(data)
        ident, version = self.detail.id, self.detail.version
        return lambda: contacts.update_person(ident, values, expected_version=version)

    def new(self) -> None:
        super().new()
        self.tabs.setCurrentIndex(0)

    def focus_first(self) -> None:
        self.tabs.setCurrentIndex(0)
        self.anrede.setFocus(Qt.FocusReason.ShortcutFocusReason)

    # ---------------------------------------------------------------- affiliations, lists

    def _run(self, call: Callable[[], PersonDetail]) -> None:
        """Run a change that returns the new detail; keep unsaved field edits out of it."""
        if self.is_dirty():
            ContactDialogs.information(
                self,
                tr("Bitte speichern oder verwerfen Sie zuerst die Änderungen in den Stammdaten."),
            )
            return

        def done(detail: PersonDetail) -> None:
            self.load(detail)
            self.saved.emit(detail)

        run_operation(self, call, done)

    def selected_affiliation(self) -> AffiliationSnapshot | None:
        index = self.affiliation_view.currentIndex()
        return self.affiliations.row_at(index.row()) if index.isValid() else None

    def add_affiliation(self) -> None:
        if self.detail is None:
            return
        data = AffiliationDialog.ask(self, self.contacts)
        if data is not None:
            ident = self.detail.id
            self._run(lambda: self.contacts.add_affiliation(ident, data))

    def _affiliation_call(self, fn: Callable[[int], PersonDetail]) -> None:
        aff = self.selected_affiliation()
        if aff is not None:
            self._run(lambda: fn(aff.id))

    def remove_affiliation(self) -> None:
        aff = self.selected_affiliation()
        if aff is None:
            return
        if ContactDialogs.confirm(
            self,
            tr("Funktion „{role}“ bei {organisation} entfernen?").format(
                role=aff.role or "–", organisation=aff.organisation_name
            ),
            tr("Eine beendete Funktion bleibt im Verlauf; „Entfernen“ löscht sie ganz."),
            tr("Entfernen"),
        ):
            self._run(lambda: self.contacts.remove_affiliation(aff.id))

    def add_to_list(self) -> None:
        if self.detail is None or self.list_choice.currentIndex() < 0:
            return
        list_id, person_id = int(self.list_choice.currentData()), self.detail.id
        contacts = self.contacts
        self._run(
            lambda: (
                contacts.add_list_members(list_id, [person_id]),
                contacts.get_person(person_id),
            )[1]
        )

    def remove_from_list(self) -> None:
        item = self.list_view.currentItem()
        if self.detail is None or item is None:
            return
        list_id, person_id = int(item.data(Qt.ItemDataRole.UserRole)), self.detail.id
        contacts = self.contacts
        self._run(
            lambda: (
                contacts.remove_list_members(list_id, [person_id]),
                contacts.get_person(person_id),
            )[1]
        )


# ====================================================================== organisations


def member_columns() -> list[Column[OrganisationPerson]]:
    return [
        Column(tr("Person"), lambda p: p.display_name),
        Column(tr("Funktion"), lambda p: p.role),
        Column(tr("seit"), lambda p: date_text(p.valid_from)),
        Column(tr("bis"), lambda p: date_text(p.valid_to)),
    ]


class OrganisationForm(DetailForm):
    _MASTER_FIELDS = ("ags", "kreis", "kreis_typ", "regierungsbezirk", "population")

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(services, parent)
        self.setObjectName("organisationForm")
        self.setAccessibleName(tr("Organisation bearbeiten"))
        self.masterdata: dict[str, Any] = {}
        self._build()
        self.new()

    def _build(self) -> None:
        content = QWidget()
        outer = QVBoxLayout(content)
        outer.setContentsMargins(4, 10, 8, 10)
        form = _form()
        self.kind = _combo("kind", tr("Art"))
        self.kind.setMaximumWidth(220)
        for member in OrganisationKind:
            self.kind.addItem(label(member), member)
        self.name = line_edit("name", tr("Name"), tr("z. B. Stadt Ulm"))
        self.department = line_edit("department", tr("Abteilung"))
        self.street = line_edit("street", tr("Straße"))
        self.po_box = line_edit("po_box", tr("Postfach"))
        self.postcode = line_edit("postcode", tr("PLZ"))
        self.postcode.setMaximumWidth(80)
        self.town = line_edit("town", tr("Ort"))
        self.country = line_edit("country", tr("Land"), tr("leer für Deutschland"))
        self.phone = line_edit("phone", tr("Telefon"))
        self.fax = line_edit("fax", tr("Fax"))
        self.email = line_edit("email", tr("E-Mail"))
        self.website = line_edit("website", tr("Webseite"))
        self.is_member = QCheckBox(tr("Mitglied des Städtetags"))
        self.is_member.setObjectName("is_member")
        self.notes = QPlainTextEdit()
        self.notes.setObjectName("notes")
        self.notes.setAccessibleName(tr("Notizen"))
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(70)

        self.directory_button = QPushButton(tr("Kommune aus dem Gemeindeverzeichnis wählen …"))
        self.directory_button.setObjectName("directoryButton")
        self.directory_button.clicked.connect(self.pick_municipality)
        outer.addWidget(self.directory_button, 0, Qt.AlignmentFlag.AlignLeft)

        self.add_field(form, "kind", tr("Art"), self.kind)
        self.add_field(form, "name", tr("Name"), self.name)
        self.add_field(form, "department", tr("Abteilung"), self.department)
        self.add_field(form, "street", tr("Straße"), self.street)
        self.add_field(form, "po_box", tr("Postfach"), self.po_box)
        place = QWidget()
        place_layout = QHBoxLayout(place)
        place_layout.setContentsMargins(0, 0, 0, 0)
        place_layout.addWidget(self.postcode)
        place_layout.addWidget(self.town, 1)
        self.errors.register("postcode", self.postcode)
        self.errors.register("town", self.town)
        self.watch(self.postcode, self.town)
        form.addRow(tr("PLZ, Ort"), place)
        form.addRow("", self.errors.error_label("postcode"))
        self.add_field(form, "country", tr("Land"), self.country)
        self.add_field(form, "phone", tr("Telefon"), self.phone)
        self.add_field(form, "fax", tr("Fax"), self.fax)
        self.add_field(form, "email", tr("E-Mail"), self.email)
        self.add_field(form, "website", tr("Webseite"), self.website)
        self.add_field(form, "is_member", "", self.is_member)
        outer.addLayout(form)

        outer.addWidget(section(tr("Gemeindeverzeichnis")))
        master = _form()
        self.ags = read_only("ags", tr("Gemeindeschlüssel"))
        self.kreis = read_only("kreis", tr("Kreis"))
        self.regierungsbezirk = read_only("regierungsbezirk", tr("Regierungsbezirk"))
        self.population = read_only("population", tr("Einwohner"))
        for key, text, widget in (
            ("ags", tr("Gemeindeschlüssel"), self.ags),
            ("kreis", tr("Kreis"), self.kreis),
            ("regierungsbezirk", tr("Regierungsbezirk"), self.regierungsbezirk),
            ("population", tr("Einwohner"), self.population),
        ):
            self.errors.register(key, widget)
            master.addRow(text, widget)
        outer.addLayout(master)

        outer.addWidget(section(tr("Notizen")))
        notes = _form()
        self.add_field(notes, "notes", "", self.notes)
        outer.addLayout(notes)

        outer.addWidget(section(tr("Themen/Projekte")))
        self.topic_list = QListWidget()
        self.topic_list.setObjectName("organisationTopics")
        self.topic_list.setAccessibleName(tr("Themen/Projekte der Organisation"))
        self.topic_list.setToolTip(
            tr(
                "Themen, an denen die Organisation selbst arbeitet (eigene Projekte); "
                "ein Häkchen speichert sofort. Die Vernetzung berücksichtigt sie."
            )
        )
        # fixed: the scroll area would squeeze it to three rows otherwise
        self.topic_list.setFixedHeight(130)
        self.topic_list.itemChanged.connect(self._topic_toggled)
        outer.addWidget(self.topic_list)

        outer.addWidget(section(tr("Personen")))
        self.members = ListTableModel(member_columns(), self)
        self.member_view = table_view("organisationPersons", tr("Personen"), self.members)
        self.member_view.setMinimumHeight(120)
        outer.addWidget(self.member_view)
        outer.addStretch(1)
        for form_layout in (form, master, notes):
            for row in range(form_layout.rowCount()):
                item = form_layout.itemAt(row, QFormLayout.ItemRole.LabelRole)
                if item is not None and isinstance(item.widget(), QLabel):
                    item.widget().setFixedWidth(LABEL_WIDTH)
        self.tabs.addTab(_scroll(content), tr("Stammdaten"))
        self.tabs.tabBar().hide()

    def record_name(self) -> str:
        return self.detail.name if self.detail is not None else tr("Neue Organisation")

    def fetch(self, ident: int) -> OrganisationDetail:
        return self.contacts.get_organisation(ident)

    def fill(self, detail: OrganisationDetail | None) -> None:
        d = detail
        self.kind.setCurrentIndex(
            max(0, self.kind.findData(d.kind if d else OrganisationKind.MUNICIPALITY))
        )
        for widget, key in (
            (self.name, "name"),
            (self.department, "department"),
            (self.street, "street"),
            (self.po_box, "po_box"),
            (self.postcode, "postcode"),
            (self.town, "town"),
            (self.country, "country"),
            (self.phone, "phone"),
            (self.fax, "fax"),
            (self.email, "email"),
            (self.website, "website"),
        ):
            widget.setText((getattr(d, key) if d else None) or "")
        self.is_member.setChecked(bool(d and d.is_member))
        self.notes.setPlainText((d.notes if d else None) or "")
        self.masterdata = {key: getattr(d, key) if d else None for key in self._MASTER_FIELDS}
        self._show_masterdata()
        self.title_label.setText(self.record_name())
        if d is None:
            self.subtitle_label.setText(tr("Noch nicht gespeichert"))
        else:
            parts = [d.kind_label, d.kreis, tr("Mitglied") if d.is_member else None]
            self.subtitle_label.setText(" · ".join(p for p in parts if p))
        self.members.set_rows(d.persons if d else ())
        self.member_view.resizeColumnsToContents()
        self._fill_topics(d)

    # ---------------------------------------------------------------- declared project topics

    def _fill_topics(self, d: OrganisationDetail | None) -> None:
        """Every active topic, checked when the organisation declared it as its project."""
        self.topic_list.blockSignals(True)
        try:
            self.topic_list.clear()
            if d is None:
                self.topic_list.addItem(tr("Erst die Organisation speichern."))
                self.topic_list.setEnabled(False)
                return
            self.topic_list.setEnabled(True)
            declared = {t.topic_id for t in self.services.programmes.organisation_topics(d.id)}
            for topic in self.services.consultations.list_topics(include_inactive=False):
                item = QListWidgetItem(topic.name)
                item.setData(Qt.ItemDataRole.UserRole, topic.id)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(
                    Qt.CheckState.Checked if topic.id in declared else Qt.CheckState.Unchecked
                )
                self.topic_list.addItem(item)
            if self.topic_list.count() == 0:
                self.topic_list.addItem(tr("Noch keine Themen angelegt."))
        finally:
            self.topic_list.blockSignals(False)

    def declared_topic_ids(self) -> list[int]:
        ids = []
        for row in range(self.topic_list.count()):
            item = self.topic_list.item(row)
            ident = item.data(Qt.ItemDataRole.UserRole)
            if ident is not None and item.checkState() == Qt.CheckState.Checked:
                ids.append(int(ident))
        return ids

    def _topic_toggled(self, item: QListWidgetItem) -> None:
        if self.detail is None or item.data(Qt.ItemDataRole.UserRole) is None:
            return
        organisation_id, topic_ids = self.detail.id, self.declared_topic_ids()
        programmes = self.services.programmes
        run_operation(
            self,
            lambda: programmes.set_organisation_topics(organisation_id, topic_ids),
            lambda _declared: None,
            on_failure=self._topics_failed,
        )

    def _topics_failed(self, exc: BaseException) -> None:
        report_exception(exc, self)
        if self.detail is not None:
            self._fill_topics(self.detail)

    def _show_masterdata(self) -> None:
        m = self.masterdata
        self.ags.setText(m.get("ags") or "–")
        kreis = m.get("kreis")
        typ = m.get("kreis_typ")
        # "Stadtkreis Ulm", "Landkreis Tübingen", but "Alb-Donau-Kreis" as it is
        if typ and kreis and not kreis.lower().endswith("kreis"):
            kreis = f"{typ} {kreis}"
        self.kreis.setText(kreis or "–")
        self.regierungsbezirk.setText(m.get("regierungsbezirk") or "–")
        population = m.get("population")
        self.population.setText(QLocale().toString(population) if population else "–")

    def pick_municipality(self) -> None:
        entry = DirectoryDialog.pick(self, self.services_masterdata(), self.town.text())
        if entry is None:
            return
        self.apply_directory_entry(entry)

    def services_masterdata(self) -> Any:
        found = getattr(self.services, "masterdata", None)
        if found is None:
            from beratung.services.masterdata import MasterDataService

            found = MasterDataService(self.services.context)
        return found

    def apply_directory_entry(self, entry: Any) -> None:
        """Fill the form from a directory entry; the master fields are read-only."""
        self.kind.setCurrentIndex(self.kind.findData(OrganisationKind.MUNICIPALITY))
        if not self.name.text().strip() or self.detail is None:
            self.name.setText(entry.letter_name)
        self.postcode.setText(entry.postcode)
        self.town.setText(entry.name)
        self.masterdata = {
            "ags": entry.ags,
            "kreis": entry.kreis,
            "kreis_typ": entry.kreis_typ,
            "regierungsbezirk": entry.regierungsbezirk,
            "population": entry.population,
        }
        self._show_masterdata()
        self.set_dirty(True)

    def values(self) -> dict[str, Any]:
        values: dict[str, Any] = {
            "kind": self.kind.currentData(),
            "name": text_of(self.name),
            "department": text_of(self.department),
            "street": text_of(self.street),
            "po_box": text_of(self.po_box),
            "postcode": text_of(self.postcode),
            "town": text_of(self.town),
            "country": text_of(self.country),
            "phone": text_of(self.phone),
            "fax": text_of(self.fax),
            "email": text_of(self.email),
            "website": text_of(self.website),
            "is_member": self.is_member.isChecked(),
            "notes": text_of(self.notes),
        }
        values.update(self.masterdata)
        return values

    def write(self, values: dict[str, Any]) -> Callable[[], OrganisationDetail]:
        contacts = self.contacts
        if self.detail is None:
            if not values["name"]:
                raise ValidationError(tr("Der Name der Organisation fehlt."), field="name")
            data = OrganisationInput(
                **{k: (v if v != "" else None) for k, v in values.items() if k != "is_member"},
                is_member=values["is_member"],
            )
            return lambda: contacts.create_organisation(data)
        ident, version = self.detail.id, self.detail.version
        return lambda: contacts.update_organisation(ident, values, expected_version=version)

    def focus_first(self) -> None:
        self.kind.setFocus(Qt.FocusReason.ShortcutFocusReason)
