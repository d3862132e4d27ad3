"""Small pickers: an organisation for a new affiliation, a municipality from the directory."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QLocale, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from beratung.domain.errors import ValidationError
from beratung.domain.rules.dates import format_date_de, parse_date_de
from beratung.domain.rules.text import clean_text
from beratung.gui.contacts.common import line_edit, muted, tr
from beratung.gui.feedback import FormFeedback
from beratung.gui.style import light_grid, read_only_look
from beratung.services.contacts import AffiliationInput, ContactFilter
from beratung.services.masterdata import DirectoryEntrySnapshot

if TYPE_CHECKING:
    from beratung.services.contacts import ContactService
    from beratung.services.masterdata import MasterDataService


class _SearchList(QListWidget):
    """A result list the search field hands Up/Down/Enter to."""


class _SearchField:
    """Forward Up/Down/PageUp/PageDown from a line edit to a list (so typing and picking stay in
    one place)."""

    @staticmethod
    def install(edit: QLineEdit, target: QListWidget) -> None:
        original = edit.keyPressEvent

        def key_press(event: QKeyEvent) -> None:
            if event.key() in (
                Qt.Key.Key_Up,
                Qt.Key.Key_Down,
                Qt.Key.Key_PageUp,
                Qt.Key.Key_PageDown,
            ):
                target.keyPressEvent(event)
                return
            original(event)

        edit.keyPressEvent = key_press  # type: ignore[method-assign]  # for this one instance


class DirectoryDialog(QDialog):
    """ "Kommune aus dem Gemeindeverzeichnis wählen": type a name, AGS or postcode; Enter picks."""

    def __init__(
        self, masterdata: MasterDataService, parent: QWidget | None = None, text: str = ""
    ) -> None:
        super().__init__(parent)
        self.masterdata = masterdata
        self.setWindowTitle(tr("Kommune aus dem Gemeindeverzeichnis wählen"))
        light_grid(self)
        read_only_look(self, "muted")
        self.resize(560, 460)
        self.search = line_edit(
            "directorySearch",
            tr("Kommune suchen"),
            tr("Name, Gemeindeschlüssel oder Postleitzahl, z. B. Ulm"),
        )
        self.results = _SearchList()
        self.results.setObjectName("directoryResults")
        self.results.setAccessibleName(tr("Treffer im Gemeindeverzeichnis"))
        _SearchField.install(self.search, self.results)
        self.hint = muted(
            tr(
                "Übernommen werden Name, Gemeindeschlüssel, Kreis, Regierungsbezirk, Einwohner und "
                "Postleitzahl."
            )
        )
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("&Übernehmen"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.results, 1)
        layout.addWidget(self.hint)
        layout.addWidget(buttons)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)
        self._timer.timeout.connect(self.update_results)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.results.itemActivated.connect(lambda _i: self.accept())
        self.search.returnPressed.connect(self.accept)
        self.search.setText(text)
        self.update_results()

    def update_results(self) -> None:
        self._timer.stop()
        self.results.clear()
        locale = QLocale()
        for entry in self.masterdata.search_directory(self.search.text(), limit=50):
            text = tr("{name} – {kreis}, {bezirk} · {population} Einw. · AGS {ags}").format(
                name=entry.letter_name,
                kreis=entry.kreis_label,
                bezirk=entry.regierungsbezirk,
                population=locale.toString(entry.population),
                ags=entry.ags,
            )
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, entry)
            self.results.addItem(item)
        if self.results.count():
            self.results.setCurrentRow(0)
        self.ok_button.setEnabled(self.results.count() > 0)

    def selected(self) -> DirectoryEntrySnapshot | None:
        item = self.results.currentItem()
        entry = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        return entry if isinstance(entry, DirectoryEntrySnapshot) else None

    @classmethod
    def pick(
        cls, parent: QWidget | None, masterdata: MasterDataService, text: str = ""
    ) -> DirectoryEntrySnapshot | None:
        dialog = cls(masterdata, parent, text)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            return dialog.selected()
        return None


class AffiliationDialog(QDialog):
    """A new function of a person at an organisation."""

    def __init__(self, contacts: ContactService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.contacts = contacts
        self.setWindowTitle(tr("Funktion hinzufügen"))
        light_grid(self)
        read_only_look(self, "muted")
        self.resize(560, 520)
        self.feedback = FormFeedback(self, tracks_changes=False)
        self.search = line_edit(
            "organisationSearch", tr("Organisation suchen"), tr("Organisation suchen, z. B. Ulm")
        )
        self.results = _SearchList()
        self.results.setObjectName("organisationResults")
        self.results.setAccessibleName(tr("Organisationen"))
        _SearchField.install(self.search, self.results)
        self.role = line_edit("role", tr("Funktion"), tr("z. B. Bürgermeisterin"))
        self.department = line_edit("department", tr("Abteilung"))
        self.valid_from = line_edit("valid_from", tr("von"), tr("TT.MM.JJJJ"))
        self.valid_to = line_edit("valid_to", tr("bis"), tr("TT.MM.JJJJ"))
        self.primary = QCheckBox(tr("Haupt&funktion (Briefe gehen an diese Anschrift)"))
        self.primary.setObjectName("is_primary")
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for key, text, widget in (
            ("organisation_id", tr("&Organisation"), self.search),
            ("role", tr("F&unktion"), self.role),
            ("department", tr("&Abteilung"), self.department),
            ("valid_from", tr("&von"), self.valid_from),
            ("valid_to", tr("b&is"), self.valid_to),
        ):
            message = self.feedback.register(key, widget)
            form.addRow(text, widget)
            if key == "organisation_id":
                form.addRow("", self.results)
            form.addRow("", message.label)
        form.addRow("", self.primary)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("&Hinzufügen"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)
        self._timer.timeout.connect(self.update_results)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.update_results()

    def update_results(self) -> None:
        self._timer.stop()
        self.results.clear()
        rows = self.contacts.list_organisations(
            ContactFilter(search=self.search.text()), offset=0, limit=50
        )
        for row in rows:
            text = f"{row.name} ({row.town})" if row.town else row.name
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, row.id)
            self.results.addItem(item)
        if self.results.count():
            self.results.setCurrentRow(0)

    def _date(self, key: str, text: str) -> date | None:
        if not text.strip():
            return None
        return parse_date_de(text, date.today(), field=key)

    def value(self) -> AffiliationInput:
        """The input, or a ``ValidationError`` naming the field."""
        item = self.results.currentItem()
        if item is None:
            raise ValidationError(
                tr("Bitte wählen Sie eine Organisation."), field="organisation_id"
            )
        return AffiliationInput(
            organisation_id=int(item.data(Qt.ItemDataRole.UserRole)),
            role=clean_text(self.role.text()),
            department=clean_text(self.department.text()),
            valid_from=self._date("valid_from", self.valid_from.text()),
            valid_to=self._date("valid_to", self.valid_to.text()),
            is_primary=True if self.primary.isChecked() else None,
        )

    def accept(self) -> None:
        self.feedback.clear_errors()
        try:
            self.value()
        except ValidationError as exc:
            self.feedback.show_error(exc)
            return
        super().accept()

    @classmethod
    def ask(cls, parent: QWidget | None, contacts: ContactService) -> AffiliationInput | None:
        dialog = cls(contacts, parent)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            return dialog.value()
        return None


def date_text(value: date | None) -> str:
    """A table cell for an optional date: "25.10.2017", or empty."""
    return format_date_de(value) if value else ""


__all__ = ["AffiliationDialog", "DirectoryDialog", "QLabel", "date_text"]
