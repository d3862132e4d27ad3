"""Register someone for an event, or change a registration: the person (for a new one), the
role they come in, companions with their names, personal assistants and notes. What the
service did — registered late, put on the waiting list at place N, who moved up — is handed
back to the tab, which says it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from beratung.domain.enums import RegistrationStatus
from beratung.domain.errors import ConcurrentEditError, UserError, ValidationError
from beratung.domain.rules.dates import format_datetime_de
from beratung.gui.events.person_picker import PersonPicker, RoleCombo
from beratung.gui.events.registration_common import (
    Notice,
    buddy_label,
    button,
    late_text,
    line_edit,
    tab_chain,
    tr,
)
from beratung.gui.feedback import FormFeedback
from beratung.gui.style import light_grid
from beratung.services.events.snapshots import RegistrationDetail, RegistrationOutcome

if TYPE_CHECKING:
    from beratung.services import Services

#: The limits the service checks (``RegistrationService._check_numbers``).
MAX_COMPANIONS = 20
MAX_ASSISTANTS = 5


def outcome_head(outcome: RegistrationOutcome, *, new: bool) -> str:
    """The first sentence about one registration step."""
    row = outcome.registration
    if not new:
        return tr("Anmeldung von {name} gespeichert.").format(name=row.name)
    if row.status is RegistrationStatus.WAITLISTED:
        return tr("{name} steht auf der Warteliste.").format(name=row.name)
    return tr("{name} ist angemeldet.").format(name=row.name)


class RegistrationDialog(QDialog):
    """A new registration (``registration_id`` ``None``) or an existing one."""

    def __init__(
        self,
        services: Services,
        event_id: int,
        registration_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.event_id = event_id
        self.registration_id = registration_id
        self.detail: RegistrationDetail | None = None
        #: What the save did (set when the dialog is accepted).
        self.outcome: RegistrationOutcome | None = None
        new = registration_id is None
        self.setObjectName("registrationDialog")
        title = tr("Person anmelden") if new else tr("Anmeldung bearbeiten")
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        light_grid(self)
        self.resize(620, 600 if new else 520)

        self.summary = QLabel()
        self.summary.setObjectName("registrationSummary")
        self.feedback = FormFeedback(
            self, summary=self.summary, conflicts=not new, tracks_changes=False
        )
        self.feedback.reload_requested.connect(self.load)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.heading = QLabel()
        self.heading.setObjectName("registrationHeading")
        self.heading.setProperty("role", "sectionTitle")
        self.heading.setWordWrap(True)
        self.picker: PersonPicker | None = None
        self.role = RoleCombo(services.contacts, "registrationRole")
        if new:
            self.picker = PersonPicker(services.contacts, "registrationPerson")
            self.picker.person_changed.connect(self.role.set_person)
            self.picker.activated.connect(lambda _p: self.role.setFocus())
            message = self.feedback.register("person_id", self.picker.search, track=False)
            form.addRow(buddy_label(tr("Pers&on:"), self.picker.search), self.picker)
            form.addRow("", message.label)
        else:
            form.addRow(self.heading)
        message = self.feedback.register("affiliation_id", self.role)
        form.addRow(buddy_label(tr("F&unktion:"), self.role), self.role)
        form.addRow("", message.label)

        self.companions = QSpinBox()
        self.companions.setObjectName("companions")
        self.companions.setAccessibleName(tr("Begleitpersonen"))
        self.companions.setRange(0, MAX_COMPANIONS)
        self.companions.setToolTip(tr("Jede Begleitperson braucht einen Platz (0 bis 20)."))
        message = self.feedback.register("companions", self.companions)
        form.addRow(buddy_label(tr("&Begleitpersonen:"), self.companions), self.companions)
        form.addRow("", message.label)
        self.companion_names = line_edit(
            "companion_names",
            tr("Namen der Begleitpersonen"),
            tr("für die Namensschilder, durch Komma getrennt"),
        )
        message = self.feedback.register("companion_names", self.companion_names)
        form.addRow(
            buddy_label(tr("Na&men der Begleitpersonen:"), self.companion_names),
            self.companion_names,
        )
        form.addRow("", message.label)
        self.assistants = QSpinBox()
        self.assistants.setObjectName("assistants")
        self.assistants.setAccessibleName(tr("Persönliche Assistenzen"))
        self.assistants.setRange(0, MAX_ASSISTANTS)
        self.assistants.setToolTip(
            tr("Persönliche Assistenz (0 bis 5); ob sie Plätze braucht, legt das Büro fest.")
        )
        message = self.feedback.register("assistants", self.assistants)
        form.addRow(buddy_label(tr("Persönliche &Assistenzen:"), self.assistants), self.assistants)
        form.addRow("", message.label)
        self.notes = QPlainTextEdit()
        self.notes.setObjectName("notes")
        self.notes.setAccessibleName(tr("Notizen zur Anmeldung"))
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(72)
        message = self.feedback.register("notes", self.notes)
        form.addRow(buddy_label(tr("No&tizen:"), self.notes), self.notes)
        form.addRow("", message.label)

        self.history = QListWidget()
        self.history.setObjectName("registrationHistory")
        self.history.setAccessibleName(tr("Verlauf der Anmeldung"))
        self.history.setMaximumHeight(120)
        self.history.setWordWrap(True)  # long notes wrap instead of a sideways scroll bar
        self.history.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        if not new:
            form.addRow(buddy_label(tr("&Verlauf:"), self.history), self.history)
        else:  # nothing to show yet
            self.history.setParent(self)
            self.history.hide()

        self.save_button = button("saveRegistration", tr("Anme&lden") if new else tr("&Speichern"))
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        self.cancel_button = button("cancelRegistration", tr("Abbrechen"))
        self.cancel_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.cancel_button)

        #: Registering after the deadline is allowed; say so before saving, not only after.
        self.late_notice = Notice("registrationLate")
        self.late_notice.close_button.hide()
        if new:
            deadline = services.events.get_event(event_id).registration_deadline
            late = late_text(deadline, services.context.today())
            if late:
                self.late_notice.show_text(late, "warning")

        layout = QVBoxLayout(self)
        if self.feedback.banner is not None:
            layout.addWidget(self.feedback.banner)
        layout.addWidget(self.late_notice)
        layout.addLayout(form)
        layout.addStretch(1)
        layout.addWidget(self.summary)
        layout.addLayout(buttons)
        chain: list[QWidget] = []
        if self.picker is not None:
            chain += [self.picker.search, self.picker.results]
        chain += [
            self.role,
            self.companions,
            self.companion_names,
            self.assistants,
            self.notes,
            *([] if new else [self.history]),
            self.save_button,
            self.cancel_button,
        ]
        tab_chain(chain)
        if self.picker is not None:
            self.picker.setFocus()
        self.load()

    # ---------------------------------------------------------------- loading

    def load(self) -> None:
        """Show the stored registration (after "Neu laden" too)."""
        if self.registration_id is None:
            return
        detail = self.services.events.get_registration(self.registration_id)
        self.detail = detail
        row = detail.row
        with self.feedback.loading():
            self.heading.setText(
                tr("{name} – {status} · Code {code}").format(
                    name=row.name, status=row.status_label, code=row.code
                )
            )
            self.heading.setAccessibleName(self.heading.text())
            self.role.set_person(row.person_id, current=detail.affiliation_id)
            self.companions.setValue(row.companions)
            self.companion_names.setText(detail.companion_names or "")
            self.assistants.setValue(row.assistants)
            self.notes.setPlainText(detail.notes or "")
        self.history.clear()
        for change in detail.history:
            when = format_datetime_de(change.changed_at)
            self.history.addItem(f"{when} – {change.text} ({change.user_name})")
        if not detail.history:
            self.history.addItem(tr("(kein Verlauf erfasst)"))
        self.feedback.reset()
        self.companions.setFocus()

    # ---------------------------------------------------------------- saving

    def save(self) -> None:
        self.feedback.clear_errors()
        events = self.services.events
        try:
            if self.detail is None:
                if self.picker is not None:
                    self.picker.flush()
                person_id = self.picker.person_id() if self.picker is not None else 0
                if not person_id:
                    raise ValidationError(
                        tr("Bitte wählen Sie die Person, die sich anmeldet."), field="person_id"
                    )
                self.outcome = events.register_person(
                    self.event_id,
                    person_id,
                    companions=self.companions.value(),
                    assistants=self.assistants.value(),
                    companion_names=self.companion_names.text(),
                    affiliation_id=self.role.affiliation_id(),
                    notes=self.notes.toPlainText(),
                )
            else:
                role = self.role.affiliation_id()
                self.outcome = events.update_registration(
                    self.detail.row.id,
                    companions=self.companions.value(),
                    assistants=self.assistants.value(),
                    companion_names=self.companion_names.text(),
                    notes=self.notes.toPlainText(),
                    affiliation_id=role if role != self.detail.affiliation_id else None,
                    expected_version=self.detail.version,
                )
        except ConcurrentEditError as exc:
            self.feedback.show_conflict(exc)
            return
        except UserError as exc:
            self.feedback.show_error(exc)
            return
        self.feedback.reset()
        self.accept()

    def result_text(self) -> str:
        return outcome_head(self.outcome, new=self.detail is None) if self.outcome else ""

    # ---------------------------------------------------------------- entry point

    @classmethod
    def run(
        cls,
        parent: QWidget | None,
        services: Services,
        event_id: int,
        registration_id: int | None = None,
    ) -> tuple[RegistrationOutcome, bool] | None:
        """Show the dialog; ``(outcome, new)`` after a save, ``None`` when cancelled (tests
        replace this)."""
        dialog = cls(services, event_id, registration_id, parent)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.outcome is not None:
            return dialog.outcome, registration_id is None
        return None


__all__ = ["MAX_ASSISTANTS", "MAX_COMPANIONS", "RegistrationDialog", "outcome_head"]
