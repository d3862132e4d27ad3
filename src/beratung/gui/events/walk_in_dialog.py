"""Ohne Anmeldung …: someone came without registering. Pick the person from the contacts, or
create them quickly with name and organisation; they are put on the list and checked in."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from beratung.domain.errors import UserError, ValidationError
from beratung.gui.events.person_picker import OrganisationPicker, PersonPicker
from beratung.gui.events.registration_common import (
    buddy_label,
    button,
    line_edit,
    tr,
)
from beratung.gui.feedback import FormFeedback
from beratung.gui.style import light_grid
from beratung.services.contacts import AffiliationInput, PersonInput
from beratung.services.events.snapshots import RegistrationOutcome

if TYPE_CHECKING:
    from beratung.services import Services

#: The tabs: an existing person, a new one.
EXISTING, NEW = range(2)


class WalkInDialog(QDialog):
    def __init__(self, services: Services, event_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.event_id = event_id
        #: What the check-in did (set when the dialog is accepted).
        self.outcome: RegistrationOutcome | None = None
        #: A person created here already (a second try does not create them twice).
        self.created: tuple[str, str, int | None, int] | None = None
        self.setObjectName("walkInDialog")
        self.setWindowTitle(tr("Ohne Anmeldung gekommen"))
        self.setAccessibleName(tr("Ohne Anmeldung gekommen"))
        light_grid(self)
        self.resize(600, 440)
        self.summary = QLabel()
        self.summary.setObjectName("walkInSummary")
        self.feedback = FormFeedback(self, summary=self.summary, tracks_changes=False)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("walkInTabs")
        self.tabs.setAccessibleName(tr("Person wählen oder neu anlegen"))
        self.tabs.tabBar().setAccessibleName(tr("Person wählen oder neu anlegen"))

        existing = QWidget()
        self.picker = PersonPicker(services.contacts, "walkInPerson")
        self.picker.activated.connect(lambda _p: self.save())
        existing_form = QFormLayout(existing)
        existing_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        existing_form.addRow(buddy_label(tr("&Person:"), self.picker.search), self.picker)
        person_message = self.feedback.register("person_id", self.picker.search, track=False)
        existing_form.addRow("", person_message.label)

        new = QWidget()
        new_outer = QVBoxLayout(new)
        self.last_name = line_edit("last_name", tr("Nachname"))
        self.first_name = line_edit("first_name", tr("Vorname"))
        self.organisation = OrganisationPicker(services.contacts, "walkInOrganisation")
        self.role = line_edit("role", tr("Funktion"), tr("z. B. Quartiersmanagerin"))
        new_form = QFormLayout()
        new_outer.addLayout(new_form)
        new_outer.addStretch(1)
        new_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for key, text, widget in (
            ("last_name", tr("&Nachname:"), self.last_name),
            ("first_name", tr("&Vorname:"), self.first_name),
        ):
            message = self.feedback.register(key, widget)
            new_form.addRow(buddy_label(text, widget), widget)
            new_form.addRow("", message.label)
        message = self.feedback.register("organisation_id", self.organisation.search)
        new_form.addRow(
            buddy_label(tr("&Organisation:"), self.organisation.search), self.organisation
        )
        new_form.addRow("", message.label)
        new_form.addRow(buddy_label(tr("&Funktion:"), self.role), self.role)

        self.tabs.addTab(existing, tr("&Aus den Kontakten"))
        self.tabs.addTab(new, tr("N&eu anlegen"))

        self.save_button = button("walkInSave", tr("Als &da vermerken"))
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        cancel = button("walkInCancel", tr("Abbrechen"))
        cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.summary)
        layout.addLayout(buttons)
        self.picker.setFocus()

    def save(self) -> None:
        self.feedback.clear_errors()
        try:
            person_id = self._person()
            self.outcome = self.services.events.add_walk_in(self.event_id, person_id)
        except UserError as exc:
            self.feedback.show_error(exc)
            return
        self.accept()

    def _person(self) -> int:
        if self.tabs.currentIndex() == EXISTING:
            self.picker.flush()
            person_id = self.picker.person_id()
            if not person_id:
                raise ValidationError(
                    tr("Bitte wählen Sie die Person, oder legen Sie sie neu an."),
                    field="person_id",
                )
            return person_id
        last = self.last_name.text().strip()
        if not last:
            raise ValidationError(tr("Bitte geben Sie den Nachnamen an."), field="last_name")
        organisation_id = self.organisation.organisation_id()
        if self.organisation.search.text().strip() and organisation_id is None:
            raise ValidationError(
                tr(
                    "Diese Organisation gibt es in den Kontakten nicht; Feld leer lassen oder "
                    "eine aus der Liste wählen."
                ),
                field="organisation_id",
            )
        first = self.first_name.text().strip()
        if self.created is not None and self.created[:3] == (last, first, organisation_id):
            return self.created[3]
        affiliation = (
            AffiliationInput(organisation_id, role=self.role.text().strip() or None)
            if organisation_id is not None
            else None
        )
        detail = self.services.contacts.create_person(
            PersonInput(last_name=last, first_name=first or None),
            affiliation=affiliation,
        )
        self.created = (last, first, organisation_id, detail.id)
        return detail.id

    @classmethod
    def run(
        cls, parent: QWidget | None, services: Services, event_id: int
    ) -> RegistrationOutcome | None:
        """Show the dialog; the check-in's outcome, or ``None`` (tests replace this)."""
        dialog = cls(services, event_id, parent)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            return dialog.outcome
        return None


__all__ = ["EXISTING", "NEW", "WalkInDialog"]
