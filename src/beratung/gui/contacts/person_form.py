"""The person form of the contacts page: Stammdaten (with the "So im Brief" preview and how
the person is invited), Funktionen und Verteiler, Einwilligungen, Verlauf; in the header the
person's Datenschutz actions (Auskunft, Anonymisieren).

The master data follows :class:`~beratung.gui.contacts.detail_form.DetailForm` (edit, then
Speichern); roles and lists save at once in their own tab (:mod:`.affiliations`); the letter
preview is its own block (:mod:`.letter_preview`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from beratung.domain.enums import AddressPreference, Anrede, ContactRoute, PrintVariant, label
from beratung.domain.errors import ValidationError
from beratung.domain.rules.dates import format_date_de
from beratung.gui.contacts.affiliations import RolesTab
from beratung.gui.contacts.common import ContactDialogs, line_edit, section, text_of, tr
from beratung.gui.contacts.consents import ConsentsTab
from beratung.gui.contacts.detail_form import DetailForm, align_labels, combo, form_layout, scroll
from beratung.gui.contacts.letter_preview import LetterPreview
from beratung.gui.contacts.privacy_actions import PersonPrivacyButton
from beratung.gui.style import scaled
from beratung.services.contacts import PersonDetail, PersonInput

if TYPE_CHECKING:
    from beratung.services import Services


class PersonForm(DetailForm[PersonDetail]):
    """One person: master data, roles and lists, and what happened with her (Verlauf)."""

    #: A consultation in the Verlauf was activated (double-click, Enter): its id.
    consultation_requested = Signal(int)

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(services, parent)
        self.setObjectName("personForm")
        self.setAccessibleName(tr("Person bearbeiten"))
        self._build_master_tab()
        self.roles = RolesTab(self.contacts, self._may_change_roles)
        self.roles.changed.connect(self._roles_changed)
        self.tabs.addTab(scroll(self.roles), tr("Funktionen und Verteiler"))
        self.consents = ConsentsTab(services, self._may_change_roles)
        self.consents.changed.connect(self._roles_changed)
        self.tabs.addTab(scroll(self.consents), tr("Einwilligungen"))
        self._build_history_tab()
        self.privacy = PersonPrivacyButton(
            services, lambda: self.detail, self._may_change_roles, self._erased
        )
        # after the titles, before Verwerfen and Speichern
        self.header.insertWidget(1, self.privacy, 0, Qt.AlignmentFlag.AlignTop)
        self.new()

    # ---------------------------------------------------------------- building

    def _build_master_tab(self) -> None:
        content = QWidget()
        outer = QVBoxLayout(content)
        outer.setContentsMargins(4, 10, 8, 10)
        form = form_layout()
        self.anrede = combo("anrede", tr("Anrede"))
        self.anrede.setMaximumWidth(scaled(160))
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
        self.postcode.setMaximumWidth(scaled(80))
        self.town = line_edit("town", tr("Ort"))
        self.country = line_edit("country", tr("Land"), tr("leer für Deutschland"))
        self.address_preference = combo("address_preference", tr("Anschrift für Briefe"))
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
        # Invitations (decision 21): created here, before Notizen, so the Tab key follows the
        # order on screen (a widget's place in the focus chain is its creation order)
        self.print_variant = combo("print_variant", tr("Druckfassung der Einladungen"))
        for variant in (PrintVariant.STANDARD, PrintVariant.LARGE, PrintVariant.EASY):
            self.print_variant.addItem(label(variant), variant)
        self.print_variant.setToolTip(
            tr("In welcher Fassung Einladungsbriefe für diese Person gedruckt werden")
        )
        self.contact_route = combo("contact_route", tr("Einladung per"))
        self.contact_route.addItem(tr("E-Mail, wenn vorhanden, sonst Post"), None)
        self.contact_route.addItem(tr("Post"), ContactRoute.POST)
        self.contact_route.addItem(tr("E-Mail"), ContactRoute.EMAIL)
        self.contact_route.setToolTip(
            tr(
                "Ohne feste Wahl bekommt die Person einen E-Mail-Entwurf, wenn sie eine "
                "E-Mail-Adresse hat und E-Mail-Entwürfe erstellt werden; sonst einen Brief."
            )
        )
        self.notes = QPlainTextEdit()
        self.notes.setObjectName("notes")
        self.notes.setAccessibleName(tr("Notizen"))
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(80)

        self.add_field(form, "anrede", tr("An&rede"), self.anrede)
        self.add_field(form, "title", tr("Tite&l"), self.title)
        self.add_field(form, "first_name", tr("Vorna&me"), self.first_name)
        self.add_field(form, "last_name", tr("Na&chname"), self.last_name)
        self.add_field(form, "email", tr("E-Mail"), self.email)
        self.add_field(form, "phone", tr("Tele&fon"), self.phone)
        self.add_field(form, "mobile", tr("Mobil"), self.mobile)
        outer.addLayout(form)

        outer.addWidget(section(tr("Eigene Anschrift")))
        own = form_layout()
        self.add_field(own, "street", tr("Straße"), self.street)
        self.add_shared_row(own, tr("PLZ, Ort"), {"postcode": self.postcode, "town": self.town})
        self.add_field(own, "country", tr("Land"), self.country)
        outer.addLayout(own)

        outer.addWidget(section(tr("Briefe")))
        letters = form_layout()
        self.add_field(letters, "address_preference", tr("Briefanschrift"), self.address_preference)
        self.add_field(letters, "salutation_override", tr("Briefanrede"), self.salutation_override)
        self.letter_preview = LetterPreview(self.contacts, self.preview_source)
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
        for choice in (self.anrede, self.address_preference):
            choice.currentIndexChanged.connect(self._letter_field_changed)

        outer.addWidget(section(tr("Einladungen")))
        invitations = form_layout()
        # the only mnemonics of the form: letters free on the page (Personen, Organisationen,
        # Verteiler) and in the menu bar (Datei, Bearbeiten, Ansicht, Hilfe)
        self.add_field(invitations, "print_variant", tr("Druckfassun&g"), self.print_variant)
        self.add_field(invitations, "contact_route", tr("&Einladung per"), self.contact_route)
        outer.addLayout(invitations)

        outer.addWidget(section(tr("Notizen")))
        notes = form_layout()
        self.add_field(notes, "notes", "", self.notes)
        outer.addLayout(notes)
        outer.addStretch(1)
        for label_widget in content.findChildren(QLabel):
            label_widget.setMinimumWidth(0)
        align_labels(form, own, letters, invitations, notes)
        self.tabs.addTab(scroll(content), tr("Stammdaten"))

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
        self.tabs.addTab(scroll(content), tr("Verlauf"))

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
        variant = d.print_variant if d else PrintVariant.STANDARD
        self.print_variant.setCurrentIndex(max(0, self.print_variant.findData(variant)))
        route = d.contact_route if d else None
        # "no fixed choice" is the first item; findData(None) would not find it reliably
        self.contact_route.setCurrentIndex(
            0 if route is None else max(0, self.contact_route.findData(route))
        )
        self.title_label.setText(self.record_name())
        self.letter_preview.show_detail(d)
        if d is None:
            self.subtitle_label.setText(tr("Noch nicht gespeichert"))
        else:
            primary = next((a for a in d.affiliations if a.is_primary and a.is_current), None)
            if primary is not None:
                sub = ", ".join(p for p in (primary.role, primary.organisation_name) if p)
            else:
                sub = tr("ohne aktuelle Funktion")
            self.subtitle_label.setText(sub)
        self.roles.fill(d)
        self.consents.fill(d)
        self.privacy.update_for(d)
        self._fill_history(d)
        self.setAccessibleName(tr("Person bearbeiten: {name}").format(name=self.record_name()))

    # ---------------------------------------------------------------- live letter preview

    def _letter_field_changed(self, *_args: object) -> None:
        if not self.feedback.is_loading():
            self.letter_preview.schedule()

    def preview_source(self) -> tuple[int | None, PersonInput]:
        """The letter-relevant values as typed (not validated: the preview never refuses)."""
        v = self.values()
        data = PersonInput(
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
        return (self.detail.id if self.detail is not None else None), data

    def _fill_history(self, d: PersonDetail | None) -> None:
        for widget in self.history.values():
            widget.clear()
        if d is None:
            return
        for c in d.consultations:
            text = f"{format_date_de(c.occurred_at)} · {c.subject or tr('ohne Betreff')}"
            if c.organisation:
                text += f" · {c.organisation}"
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, c.id)
            self.history["consultations"].addItem(item)
        for r in self.services.events.list_person_registrations(d.id):
            self.history["registrations"].addItem(
                f"{format_date_de(r.starts_at)} · {r.event_title} · {r.status_label}"
            )
        for doc in d.documents:
            self.history["documents"].addItem(f"{format_date_de(doc.issued_at)} · {doc.title}")
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
            "print_variant": self.print_variant.currentData(),
            "contact_route": self.contact_route.currentData(),
            "notes": text_of(self.notes),
        }

    def write(self, values: dict[str, Any]) -> Callable[[], PersonDetail]:
        contacts = self.contacts
        if self.detail is None:
            if not values["last_name"]:
                raise ValidationError(
                    tr("Der Nachname fehlt; er ist ein Pflichtfeld."), field="last_name"
                )
            # the form's values: empty texts are "not given"
            cleaned: dict[str, Any] = {k: (v if v != "" else None) for k, v in values.items()}
            data = PersonInput(**cleaned)
            return lambda: contacts.create_person(data)
        ident, version = self.detail.id, self.detail.version
        return lambda: contacts.update_person(ident, values, expected_version=version)

    def new(self) -> None:
        super().new()
        self.tabs.setCurrentIndex(0)

    def focus_first(self) -> None:
        self.tabs.setCurrentIndex(0)
        self.anrede.setFocus(Qt.FocusReason.ShortcutFocusReason)

    # ---------------------------------------------------------------- roles and lists

    def _may_change_roles(self) -> bool:
        """Roles and lists save at once; unsaved master data must be saved or discarded first,
        or the new detail would overwrite the edits on screen."""
        if self.is_dirty():
            ContactDialogs.information(
                self,
                tr("Bitte speichern oder verwerfen Sie zuerst die Änderungen in den Stammdaten."),
            )
            return False
        return True

    def _erased(self, detail: PersonDetail) -> None:
        """The person was anonymised: show what is left and let the list follow."""
        self.load(detail)
        self.saved.emit(detail)

    def _roles_changed(self, detail: PersonDetail) -> None:
        self.load(detail)
        self.saved.emit(detail)


__all__ = ["PersonForm"]
