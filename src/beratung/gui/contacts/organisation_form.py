"""The organisation form of the contacts page: master data, the municipality directory's
figures, notes, declared project topics and the persons working there.

The master data follows :class:`~beratung.gui.contacts.detail_form.DetailForm`. The directory
figures (AGS, Kreis, Regierungsbezirk, Einwohner) are read-only: they come from the official
directory ("Kommune aus dem Gemeindeverzeichnis wählen …"), never from typing. The topic check
list saves at once, like the roles of a person.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from beratung.domain.enums import OrganisationKind, label
from beratung.domain.errors import ValidationError
from beratung.gui.contacts.common import line_edit, read_only, section, table_view, text_of, tr
from beratung.gui.contacts.detail_form import DetailForm, align_labels, combo, form_layout, scroll
from beratung.gui.contacts.models import Column, ListTableModel
from beratung.gui.contacts.pickers import DirectoryDialog, date_text
from beratung.gui.errors import report_exception
from beratung.gui.operations import run_operation
from beratung.gui.style import scaled
from beratung.services.contacts import OrganisationDetail, OrganisationInput, OrganisationPerson

if TYPE_CHECKING:
    from beratung.services import Services
    from beratung.services.masterdata import DirectoryEntrySnapshot, MasterDataService


def member_columns() -> list[Column[OrganisationPerson]]:
    return [
        Column(tr("Person"), lambda p: p.display_name),
        Column(tr("Funktion"), lambda p: p.role),
        Column(tr("seit"), lambda p: date_text(p.valid_from)),
        Column(tr("bis"), lambda p: date_text(p.valid_to)),
    ]


class OrganisationForm(DetailForm[OrganisationDetail]):
    """One organisation (a municipality, a Kreis, an association …) on one scrolling page."""

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
        form = form_layout()
        self.kind = combo("kind", tr("Art"))
        self.kind.setMaximumWidth(scaled(220))
        for member in OrganisationKind:
            self.kind.addItem(label(member), member)
        self.name = line_edit("name", tr("Name"), tr("z. B. Stadt Ulm"))
        self.department = line_edit("department", tr("Abteilung"))
        self.street = line_edit("street", tr("Straße"))
        self.po_box = line_edit("po_box", tr("Postfach"))
        self.postcode = line_edit("postcode", tr("PLZ"))
        self.postcode.setMaximumWidth(scaled(80))
        self.town = line_edit("town", tr("Ort"))
        self.country = line_edit("country", tr("Land"), tr("leer für Deutschland"))
        self.phone = line_edit("phone", tr("Telefon"))
        self.fax = line_edit("fax", tr("Fax"))
        self.email = line_edit("email", tr("E-Mail"))
        self.website = line_edit("website", tr("Webseite"))
        self.is_member = QCheckBox(tr("Mitglied des St&ädtetags"))
        self.is_member.setObjectName("is_member")
        self.notes = QPlainTextEdit()
        self.notes.setObjectName("notes")
        self.notes.setAccessibleName(tr("Notizen"))
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(70)

        self.directory_button = QPushButton(tr("&Kommune aus dem Gemeindeverzeichnis wählen …"))
        self.directory_button.setObjectName("directoryButton")
        self.directory_button.clicked.connect(self.pick_municipality)
        outer.addWidget(self.directory_button, 0, Qt.AlignmentFlag.AlignLeft)

        self.add_field(form, "kind", tr("Art"), self.kind)
        self.add_field(form, "name", tr("Na&me"), self.name)
        self.add_field(form, "department", tr("Abteilung"), self.department)
        self.add_field(form, "street", tr("Straße"), self.street)
        self.add_field(form, "po_box", tr("Postfa&ch"), self.po_box)
        self.add_shared_row(form, tr("PL&Z, Ort"), {"postcode": self.postcode, "town": self.town})
        self.add_field(form, "country", tr("&Land"), self.country)
        self.add_field(form, "phone", tr("Telefon"), self.phone)
        self.add_field(form, "fax", tr("&Fax"), self.fax)
        self.add_field(form, "email", tr("E-Mail"), self.email)
        self.add_field(form, "website", tr("Webseite"), self.website)
        self.add_field(form, "is_member", "", self.is_member)
        outer.addLayout(form)

        outer.addWidget(section(tr("Gemeindeverzeichnis")))
        master = form_layout()
        self.ags = read_only("ags", tr("Gemeindeschlüssel"))
        self.kreis = read_only("kreis", tr("Kreis"))
        self.regierungsbezirk = read_only("regierungsbezirk", tr("Regierungsbezirk"))
        self.population = read_only("population", tr("Einwohner"))
        for key, text, widget in (
            ("ags", tr("&Gemeindeschlüssel"), self.ags),
            ("kreis", tr("Kreis"), self.kreis),
            ("regierungsbezirk", tr("&Regierungsbezirk"), self.regierungsbezirk),
            ("population", tr("&Einwohner"), self.population),
        ):
            self.add_field(master, key, text, widget)
        outer.addLayout(master)

        outer.addWidget(section(tr("Notizen")))
        notes = form_layout()
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
        align_labels(form, master, notes)
        self.tabs.addTab(scroll(content), tr("Stammdaten"))
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

    def services_masterdata(self) -> MasterDataService:
        found = getattr(self.services, "masterdata", None)
        if found is None:
            from beratung.services.masterdata import MasterDataService

            found = MasterDataService(self.services.context)
        return found

    def apply_directory_entry(self, entry: DirectoryEntrySnapshot) -> None:
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
            # the form's values: empty texts are "not given"
            cleaned: dict[str, Any] = {
                k: (v if v != "" else None) for k, v in values.items() if k != "is_member"
            }
            data = OrganisationInput(**cleaned, is_member=values["is_member"])
            return lambda: contacts.create_organisation(data)
        ident, version = self.detail.id, self.detail.version
        return lambda: contacts.update_organisation(ident, values, expected_version=version)

    def focus_first(self) -> None:
        self.kind.setFocus(Qt.FocusReason.ShortcutFocusReason)


__all__ = ["OrganisationForm", "member_columns"]
