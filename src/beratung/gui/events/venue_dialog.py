"""The venue dialog: address, room, capacity, how to get there, the contact on site, and the
accessibility checklist.

Each checklist item is a choice of three — *ja*, *nein*, *unbekannt* — in a combo box with its own
label, not a tri-state check box: screen readers announce a partly checked box badly, and
"unbekannt" must never look like "nein" (an unchecked item is a question still to ask the venue).
The dialog saves through the services itself (off the GUI thread), so errors appear at their
fields; :meth:`VenueDialog.edit` is the entry point tests replace.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from beratung.domain.errors import ConcurrentEditError, UserError, ValidationError
from beratung.gui.consultations.organisation_field import OrganisationField
from beratung.gui.errors import report_exception
from beratung.gui.events.common import PlanningDialogs, tr
from beratung.gui.feedback import FormFeedback
from beratung.gui.fit import fit_to_screen, scrolling_dialog_body
from beratung.gui.operations import run_operation
from beratung.gui.style import light_grid, scaled
from beratung.services.events.snapshots import CHECKLIST, VenueInput, VenueSnapshot

if TYPE_CHECKING:
    from beratung.services import Services

#: The checklist labels with their mnemonics (Alt+letter), unique in the dialog.
CHECKLIST_MNEMONICS = {
    "step_free_access": "Stu&fenloser Zugang",
    "lift": "Auf&zug",
    "accessible_wc": "&Barrierefreies WC",
    "hearing_loop": "&Induktionsschleife",
    "accessible_parking": "Behin&dertenparkplatz",
    "public_transport_step_free": "B&arrierefreie Anreise mit Bus und Bahn",
    "tactile_guidance": "&Taktiles Leitsystem",
    "quiet_room": "R&uheraum",
}

#: The three answers of a checklist item, in the order offered.
ANSWERS: tuple[tuple[bool | None, str], ...] = (
    (True, "ja"),
    (False, "nein"),
    (None, "unbekannt"),
)


@dataclass(frozen=True, slots=True)
class VenueResult:
    """What the dialog did: saved ``venue``, or deleted the venue ``deleted_id``."""

    venue: VenueSnapshot | None = None
    deleted_id: int | None = None


class VenueDialog(QDialog):
    """New (``venue`` None) or existing venue."""

    def __init__(
        self, services: Services, venue: VenueSnapshot | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.venue = venue
        self.result_value: VenueResult | None = None
        self._busy = False
        self.setObjectName("venueDialog")
        light_grid(self)
        self.setWindowTitle(
            tr("Veranstaltungsort bearbeiten") if venue else tr("Neuer Veranstaltungsort")
        )
        self.setAccessibleName(self.windowTitle())
        self._build()
        self._fill(venue)
        # room for the address and the checklist side by side (940 px at the default font),
        # at most the screen; the body scrolls at 200 % text
        fit_to_screen(self, self.body_scroll)
        self.name.setFocus()

    # ----------------------------------------------------------------- building

    def _line(self, accessible: str, max_length: int = 200) -> QLineEdit:
        edit = QLineEdit()
        edit.setAccessibleName(accessible)
        edit.setMaxLength(max_length)
        return edit

    def _text(self, accessible: str, height: int) -> QPlainTextEdit:
        edit = QPlainTextEdit()
        edit.setAccessibleName(accessible)
        edit.setTabChangesFocus(True)
        edit.setFixedHeight(height)
        return edit

    def _row(self, form: QFormLayout, text: str, name: str, widget: QWidget) -> None:
        label = QLabel(text)
        label.setBuddy(widget)
        form.addRow(label, widget)
        message = self.feedback.register(name, widget)
        form.addRow("", message.label)

    def _build(self) -> None:
        outer, self.body_scroll = scrolling_dialog_body(self, "venueDialogBody")
        outer.setContentsMargins(20, 16, 20, 14)
        outer.setSpacing(10)
        self.summary = QLabel()
        self.summary.setObjectName("venueSummaryError")
        self.feedback = FormFeedback(
            self, summary=self.summary, conflicts=True, tracks_changes=False
        )
        self.feedback.reload_requested.connect(self.reload)
        assert self.feedback.banner is not None
        outer.addWidget(self.feedback.banner)
        outer.addWidget(self.summary)

        columns = QHBoxLayout()
        columns.setSpacing(24)
        address = QFormLayout()
        address.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        address.setVerticalSpacing(4)
        address.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)

        self.name = self._line(tr("Name des Veranstaltungsorts"))
        self.name.setPlaceholderText(tr("z. B. Haus der Begegnung"))
        self._row(address, tr("&Name"), "name", self.name)
        self.room = self._line(tr("Raum"))
        self.room.setPlaceholderText(tr("z. B. Großer Saal"))
        self._row(address, tr("Rau&m"), "room", self.room)
        self.street = self._line(tr("Straße und Hausnummer"))
        self._row(address, tr("St&raße"), "street", self.street)

        self.postcode = self._line(tr("Postleitzahl"), 5)
        self.postcode.setFixedWidth(scaled(70))
        self.town = self._line(tr("Ort"), 100)
        town_row = QHBoxLayout()
        town_row.setSpacing(6)
        town_row.addWidget(self.postcode)
        town_label = QLabel(tr("&Ort"))
        town_label.setBuddy(self.town)
        town_row.addWidget(town_label)
        town_row.addWidget(self.town, 1)
        postcode_label = QLabel(tr("&PLZ"))
        postcode_label.setBuddy(self.postcode)
        address.addRow(postcode_label, town_row)
        address.addRow("", self.feedback.register("postcode", self.postcode).label)
        address.addRow("", self.feedback.register("town", self.town).label)

        self.organisation = OrganisationField(self.services)
        self.organisation.setAccessibleName(tr("Organisation, der der Ort gehört"))
        self.organisation.setPlaceholderText(tr("optional, z. B. Stadt Ulm"))
        self._row(address, tr("Or&ganisation"), "organisation_id", self.organisation)

        self.capacity = QSpinBox()
        self.capacity.setAccessibleName(tr("Plätze des Orts"))
        self.capacity.setRange(0, 100_000)
        self.capacity.setSpecialValueText(tr("unbekannt"))
        self.capacity.setMaximumWidth(scaled(120))
        self._row(address, tr("Pl&ätze"), "venue_capacity", self.capacity)

        self.directions = self._text(tr("Wegbeschreibung"), 72)
        self._row(address, tr("&Wegbeschreibung"), "directions", self.directions)
        self.public_transport = self._line(tr("Öffentliche Verkehrsmittel"), 500)
        self.public_transport.setPlaceholderText(tr("z. B. Straßenbahn 1, Haltestelle Rathaus"))
        self._row(
            address, tr("&Öffentliche Verkehrsmittel"), "public_transport", self.public_transport
        )

        self.contact_name = self._line(tr("Kontakt vor Ort, Name"))
        self.contact_phone = self._line(tr("Kontakt vor Ort, Telefon"), 50)
        self.contact_phone.setMinimumWidth(130)
        self.contact_phone.setMaximumWidth(scaled(160))
        contact_row = QHBoxLayout()
        contact_row.setSpacing(6)
        contact_row.addWidget(self.contact_name, 1)
        phone_label = QLabel(tr("T&elefon"))
        phone_label.setBuddy(self.contact_phone)
        contact_row.addWidget(phone_label)
        contact_row.addWidget(self.contact_phone)
        contact_label = QLabel(tr("&Kontakt vor Ort"))
        contact_label.setBuddy(self.contact_name)
        address.addRow(contact_label, contact_row)
        address.addRow("", self.feedback.register("contact_name", self.contact_name).label)
        address.addRow("", self.feedback.register("contact_phone", self.contact_phone).label)
        columns.addLayout(address, 3)

        checks = QGroupBox(tr("Barrierefreiheit"))
        checks.setObjectName("venueChecklist")
        checks.setAccessibleName(tr("Barrierefreiheit des Orts"))
        check_form = QFormLayout(checks)
        check_form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        check_form.setVerticalSpacing(6)
        check_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        hint = QLabel(tr("Unbekannt heißt: noch nicht beim Ort nachgefragt."))
        hint.setProperty("role", "venueSummary")
        hint.setWordWrap(True)
        check_form.addRow(hint)
        self.checks: dict[str, QComboBox] = {}
        for key, text in CHECKLIST:
            combo = QComboBox()
            combo.setObjectName(f"check_{key}")
            combo.setAccessibleName(text)
            combo.setAccessibleDescription(tr("ja, nein oder unbekannt"))
            for value, answer in ANSWERS:
                combo.addItem(tr(answer), value)
            label = QLabel(CHECKLIST_MNEMONICS.get(key, text))
            label.setBuddy(combo)
            check_form.addRow(label, combo)
            self.checks[key] = combo
        self.accessibility_notes = self._text(tr("Hinweise zur Barrierefreiheit"), 64)
        notes_label = QLabel(tr("&Hinweise zur Barrierefreiheit"))
        notes_label.setBuddy(self.accessibility_notes)
        # under the checklist, the whole width: the labels above are long, a note is prose
        check_form.addRow(notes_label)
        check_form.addRow(self.accessibility_notes)
        check_form.addRow(
            "", self.feedback.register("accessibility_notes", self.accessibility_notes).label
        )
        columns.addWidget(checks, 2)
        outer.addLayout(columns, 1)

        buttons = QHBoxLayout()
        self.delete_button = QPushButton(tr("Ort &löschen …"))
        self.delete_button.setObjectName("deleteVenue")
        self.delete_button.setAccessibleName(tr("Ort löschen"))
        self.delete_button.setAutoDefault(False)
        self.delete_button.clicked.connect(self.delete)
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        self.cancel_button = QPushButton(tr("Abbre&chen"))
        self.cancel_button.setAccessibleName(tr("Abbrechen"))
        self.cancel_button.setAutoDefault(False)
        self.cancel_button.clicked.connect(self.reject)
        self.save_button = QPushButton(tr("&Speichern"))
        self.save_button.setAccessibleName(tr("Speichern"))
        self.save_button.setAutoDefault(False)
        self.save_button.clicked.connect(self.save)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.save_button)
        buttons.setContentsMargins(20, 6, 20, 14)
        root = self.layout()
        assert isinstance(root, QVBoxLayout)
        root.addLayout(buttons)  # below the scrolling body, always in view

        save_key = QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self)
        save_key.activated.connect(self.save)

    # ----------------------------------------------------------------- values

    def _fill(self, venue: VenueSnapshot | None) -> None:
        with self.feedback.loading():
            self.delete_button.setEnabled(venue is not None)
            self.name.setText(venue.name if venue else "")
            self.room.setText(venue.room or "" if venue else "")
            self.street.setText(venue.street or "" if venue else "")
            self.postcode.setText(venue.postcode or "" if venue else "")
            self.town.setText(venue.town or "" if venue else "")
            if venue is not None and venue.organisation_id is not None:
                self.organisation.set_organisation(
                    venue.organisation_id, venue.organisation_name or ""
                )
            else:
                self.organisation.set_organisation(None)
            self.capacity.setValue(venue.capacity or 0 if venue else 0)
            self.directions.setPlainText(venue.directions or "" if venue else "")
            self.public_transport.setText(venue.public_transport or "" if venue else "")
            self.contact_name.setText(venue.contact_name or "" if venue else "")
            self.contact_phone.setText(venue.contact_phone or "" if venue else "")
            known = {item.key: item.value for item in venue.checklist} if venue else {}
            for key, combo in self.checks.items():
                combo.setCurrentIndex(combo.findData(known.get(key)))
            self.accessibility_notes.setPlainText(venue.accessibility_notes or "" if venue else "")
        self.feedback.reset()

    def set_check(self, key: str, value: bool | None) -> None:
        combo = self.checks[key]
        combo.setCurrentIndex(combo.findData(value))

    def check(self, key: str) -> bool | None:
        value = self.checks[key].currentData()
        return None if value is None else bool(value)

    def values(self) -> VenueInput:
        if self.organisation.is_unresolved():
            raise ValidationError(
                tr("„{text}“ ist keine bekannte Organisation. Bitte aus der Liste wählen.").format(
                    text=self.organisation.text().strip()
                ),
                field="organisation_id",
            )
        return VenueInput(
            name=self.name.text(),
            room=self.room.text(),
            street=self.street.text(),
            postcode=self.postcode.text(),
            town=self.town.text(),
            organisation_id=self.organisation.organisation_id(),
            capacity=self.capacity.value() or None,
            directions=self.directions.toPlainText(),
            public_transport=self.public_transport.text(),
            contact_name=self.contact_name.text(),
            contact_phone=self.contact_phone.text(),
            checklist={key: self.check(key) for key in self.checks},
            accessibility_notes=self.accessibility_notes.toPlainText(),
        )

    def error_text(self) -> str:
        return self.feedback.summary_text()

    # ----------------------------------------------------------------- actions

    def reload(self) -> None:
        """ "Neu laden" after a conflict: the venue as stored now."""
        if self.venue is None:
            return
        try:
            self.venue = self.services.events.get_venue(self.venue.id)
        except Exception as exc:
            report_exception(exc, self)
            return
        self._fill(self.venue)

    def save(self) -> None:
        if self._busy:
            return
        self.feedback.clear_errors()
        self.feedback.hide_conflict()
        try:
            data = self.values()
        except ValidationError as exc:
            self.feedback.show_error(exc)
            return
        events = self.services.events
        venue = self.venue

        def work() -> VenueSnapshot:
            if venue is None:
                return events.create_venue(data)
            return events.update_venue(venue.id, data, expected_version=venue.version)

        def done(saved: VenueSnapshot) -> None:
            self._busy = False
            self.result_value = VenueResult(venue=saved)
            self.accept()

        self._busy = True
        run_operation(
            self,
            work,
            done,
            on_failure=self._failed,
            progress_text=tr("Veranstaltungsort wird gespeichert …"),
        )

    def delete(self) -> None:
        venue = self.venue
        if self._busy or venue is None:
            return
        if not VenueDialogs.confirm_delete(self, venue.name):
            return
        events = self.services.events
        venue_id = venue.id

        def done(_result: None) -> None:
            self._busy = False
            self.result_value = VenueResult(deleted_id=venue_id)
            self.accept()

        self._busy = True
        self.feedback.clear_errors()
        run_operation(
            self,
            lambda: events.delete_venue(venue_id),
            done,
            on_failure=self._failed,
            progress_text=tr("Veranstaltungsort wird gelöscht …"),
        )

    def _failed(self, exc: BaseException) -> None:
        self._busy = False
        if isinstance(exc, ConcurrentEditError) and self.feedback.show_conflict(exc):
            return
        if isinstance(exc, UserError):
            # at its field; otherwise (a venue still in use) the service's words with its hint
            # in the dialog's summary line
            if not self.feedback.show_error(exc) and exc.hint:
                self.summary.setText(f"{exc.message} {exc.hint}")
                self.summary.setAccessibleName(self.summary.text())
            return
        report_exception(exc, self)

    # ----------------------------------------------------------------- entry point

    @classmethod
    def edit(
        cls, parent: QWidget | None, services: Services, venue: VenueSnapshot | None = None
    ) -> VenueResult | None:
        """Open the dialog modally; what it saved or deleted, or None. Tests replace this."""
        dialog = cls(services, venue, parent)
        dialog.exec()
        result = dialog.result_value
        dialog.deleteLater()
        return result


class VenueDialogs:
    """The dialog's own question; tests replace it."""

    @classmethod
    def confirm_delete(cls, parent: QWidget, name: str) -> bool:
        return PlanningDialogs.ask(
            parent,
            tr("Veranstaltungsort „{name}“ löschen?").format(name=name),
            tr("Ein Ort, den eine Veranstaltung nutzt, wird nicht gelöscht."),
            tr("Löschen"),
        )


__all__ = ["CHECKLIST_MNEMONICS", "VenueDialog", "VenueDialogs", "VenueResult"]
