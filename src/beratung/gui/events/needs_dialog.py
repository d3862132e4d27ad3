"""Bedarfe of one registration: the catalogue as check boxes (with details where they matter)
and the consent to keep them. Needs are health data (Art. 9 GDPR): without a recorded consent
the service stores nothing and says why, at the consent fields; with it, each need carries the
date it is deleted, which the dialog shows."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from beratung.domain.enums import ConsentMethod, NeedKind, label
from beratung.domain.errors import UserError, ValidationError
from beratung.domain.rules.dates import format_date_de, parse_date_de
from beratung.domain.rules.search import matches, query_terms, search_key
from beratung.gui.events.person_picker import ForwardingSearch
from beratung.gui.events.registration_common import (
    buddy_label,
    button,
    line_edit,
    tr,
)
from beratung.gui.feedback import FormFeedback
from beratung.gui.style import light_grid
from beratung.services.events.snapshots import (
    HealthConsentInput,
    NeedInput,
    RegistrationDetail,
    RegistrationRow,
)

if TYPE_CHECKING:
    from beratung.services import Services

#: The catalogue in the order shown, with the check box's text (its mnemonic) and, where the
#: details matter to the venue or the caterer, the placeholder of a detail field.
CATALOGUE: tuple[tuple[NeedKind, str, str | None], ...] = (
    (NeedKind.SIGN_LANGUAGE, "&Gebärdensprachdolmetschung", None),
    (NeedKind.SPEECH_TO_TEXT, "&Schriftdolmetschung", None),
    (NeedKind.HEARING_LOOP, "&Induktionsschleife", None),
    (NeedKind.STEP_FREE, "stufenloser &Zugang", None),
    (NeedKind.WHEELCHAIR_PLACE, "&Rollstuhlplatz", None),
    (NeedKind.EASY_LANGUAGE, "&Leichte Sprache", None),
    (NeedKind.ASSISTANCE, "&Assistenz/Begleitperson", "z. B. Abholung am Bahnhof"),
    (NeedKind.GUIDE_DOG, "&Blindenführhund", None),
    (NeedKind.DIET, "&Ernährung", "z. B. vegetarisch, vegan, glutenfrei"),
    (NeedKind.OTHER, "S&onstiges", "was gebraucht wird (Pflichtangabe)"),
)

#: The ways a consent is given, in the order offered.
METHODS: tuple[ConsentMethod, ...] = (
    ConsentMethod.FORM,
    ConsentMethod.WRITTEN,
    ConsentMethod.EMAIL,
    ConsentMethod.VERBAL,
)


class NeedsDialog(QDialog):
    """The needs of one registration, with the consent to keep them."""

    def __init__(
        self, services: Services, registration_id: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.registration_id = registration_id
        #: The stored state after a save (set when the dialog is accepted).
        self.saved: RegistrationDetail | None = None
        self.setObjectName("needsDialog")
        self.setWindowTitle(tr("Bedarfe"))
        self.setAccessibleName(tr("Bedarfe"))
        light_grid(self)
        self.resize(640, 620)

        self.summary = QLabel()
        self.summary.setObjectName("needsSummary")
        self.feedback = FormFeedback(self, summary=self.summary, tracks_changes=False)

        self.heading = QLabel()
        self.heading.setObjectName("needsHeading")
        self.heading.setProperty("role", "sectionTitle")
        self.heading.setWordWrap(True)
        intro = QLabel(
            tr(
                "Bedarfe sind Gesundheitsdaten. Sie werden nur mit Einwilligung der Person "
                "gespeichert, nur für die Planung dieser Veranstaltung verwendet und danach "
                "gelöscht."
            )
        )
        intro.setWordWrap(True)
        intro.setProperty("role", "muted")

        self.needs_box = QGroupBox(tr("Was die Person braucht"))
        self.needs_box.setObjectName("needs")
        self.needs_box.setAccessibleName(tr("Was die Person braucht"))
        grid = QGridLayout(self.needs_box)
        grid.setColumnStretch(1, 1)
        self.boxes: dict[NeedKind, QCheckBox] = {}
        self.details: dict[NeedKind, QLineEdit] = {}
        for row, (kind, text, placeholder) in enumerate(CATALOGUE):
            box = QCheckBox(tr(text))
            box.setObjectName(f"need_{kind.value}")
            box.setAccessibleName(label(kind))
            grid.addWidget(box, row, 0)
            self.boxes[kind] = box
            if placeholder is not None:
                detail = line_edit(
                    f"need_{kind.value}_details",
                    tr("{need}: Einzelheiten").format(need=label(kind)),
                    tr(placeholder),
                )
                detail.setEnabled(False)
                box.toggled.connect(detail.setEnabled)
                grid.addWidget(detail, row, 1)
                self.details[kind] = detail
        self.needs_box.setFocusProxy(self.boxes[CATALOGUE[0][0]])
        needs_message = self.feedback.register("needs", self.needs_box)

        self.consent_box = QGroupBox(tr("Einwilligung der Person"))
        self.consent_box.setObjectName("consent")
        self.consent_box.setAccessibleName(tr("Einwilligung der Person"))
        self.method = QComboBox()
        self.method.setObjectName("needs_consent")
        self.method.setAccessibleName(tr("Wie eingewilligt"))
        self.method.addItem(tr("– noch keine Einwilligung –"), None)
        for method in METHODS:
            self.method.addItem(label(method), method)
        self.given_on = line_edit("consent_given_on", tr("Datum der Einwilligung"), "TT.MM.JJJJ")
        self.consent_notes = line_edit(
            "consent_notes",
            tr("Notiz zur Einwilligung"),
            tr("z. B. Anmeldeformular vom 2. Oktober, abgelegt"),
        )
        consent_form = QFormLayout(self.consent_box)
        consent_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        method_message = self.feedback.register("needs_consent", self.method)
        date_message = self.feedback.register("consent_given_on", self.given_on)
        consent_form.addRow(buddy_label(tr("&Wie eingewilligt:"), self.method), self.method)
        consent_form.addRow("", method_message.label)
        consent_form.addRow(buddy_label(tr("&Datum:"), self.given_on), self.given_on)
        consent_form.addRow("", date_message.label)
        consent_form.addRow(buddy_label(tr("&Notiz:"), self.consent_notes), self.consent_notes)

        self.deletion = QLabel()
        self.deletion.setObjectName("needsDeletion")
        self.deletion.setWordWrap(True)

        self.save_button = button("saveNeeds", tr("S&peichern"))
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        self.cancel_button = button("cancelNeeds", tr("Abbrechen"))
        self.cancel_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.cancel_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(intro)
        layout.addWidget(self.needs_box)
        layout.addWidget(needs_message.label)
        layout.addWidget(self.consent_box)
        layout.addWidget(self.deletion)
        layout.addStretch(1)
        layout.addWidget(self.summary)
        layout.addLayout(buttons)
        self.load()

    def load(self) -> None:
        detail = self.services.events.get_registration(self.registration_id)
        row = detail.row
        self.heading.setText(tr("{name} – {status}").format(name=row.name, status=row.status_label))
        self.heading.setAccessibleName(self.heading.text())
        known = {need.kind: need for need in detail.needs}
        for kind, box in self.boxes.items():
            box.setChecked(kind in known)
            if kind in self.details:
                self.details[kind].setText((known[kind].details or "") if kind in known else "")
        if detail.consent_method is not None:
            self.method.setCurrentIndex(max(0, self.method.findData(detail.consent_method)))
        if detail.consent_given_on is not None:
            self.given_on.setText(format_date_de(detail.consent_given_on))
        else:
            self.given_on.setText(format_date_de(self.services.context.today()))
        deletes = sorted({n.delete_after for n in detail.needs if n.delete_after is not None})
        if deletes:
            text = tr("Die Bedarfe werden am {day} gelöscht.").format(
                day=format_date_de(deletes[0])
            )
        else:
            text = tr(
                "Gespeichert werden die Bedarfe bis einige Wochen nach der Veranstaltung "
                "(wie lange, legt das Büro in den Einstellungen fest); dann werden sie gelöscht."
            )
        self.deletion.setText(text)
        self.deletion.setAccessibleName(text)
        first = next(iter(self.boxes.values()))
        first.setFocus()

    # ---------------------------------------------------------------- saving

    def needs(self) -> list[NeedInput]:
        chosen = []
        for kind, box in self.boxes.items():
            if box.isChecked():
                detail = self.details.get(kind)
                text = detail.text().strip() if detail is not None else ""
                chosen.append(NeedInput(kind, text or None))
        return chosen

    def consent(self) -> HealthConsentInput | None:
        """The consent the form records, or ``None`` when no way of giving it is chosen."""
        method = self.method.currentData()
        if method is None:
            return None
        given_on: date = parse_date_de(
            self.given_on.text(), self.services.context.today(), field="consent_given_on"
        )
        notes = self.consent_notes.text().strip() or None
        return HealthConsentInput(ConsentMethod(method), given_on, notes)

    def save(self) -> None:
        self.feedback.clear_errors()
        try:
            needs = self.needs()
            self.saved = self.services.events.record_needs(
                self.registration_id, needs, self.consent() if needs else None
            )
        except ValidationError as exc:
            self.feedback.show_error(exc)
            return
        except UserError as exc:
            self.feedback.show_error(exc)
            return
        self.accept()

    def result_text(self) -> str:
        return saved_text(self.saved) if self.saved is not None else ""

    @classmethod
    def run(
        cls, parent: QWidget | None, services: Services, registration_id: int
    ) -> RegistrationDetail | None:
        """Show the dialog; the stored registration after a save (tests replace this)."""
        dialog = cls(services, registration_id, parent)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            return dialog.saved
        return None


def saved_text(detail: RegistrationDetail) -> str:
    """ "Bedarfe von Anna Müller gespeichert: … Gelöscht werden sie am 22.11.2017." """
    name = detail.row.name
    if not detail.needs:
        return tr("Für {name} sind keine Bedarfe gespeichert.").format(name=name)
    deletes = sorted({n.delete_after for n in detail.needs if n.delete_after is not None})
    text = tr("Bedarfe von {name} gespeichert: {needs}.").format(
        name=name, needs=", ".join(n.label for n in detail.needs)
    )
    if deletes:
        text += " " + tr("Sie werden am {day} gelöscht.").format(day=format_date_de(deletes[0]))
    return text


class RegistrationChooser(QDialog):
    """Whose needs to record: type a name, ↑/↓, Enter."""

    def __init__(self, rows: Sequence[RegistrationRow], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows = list(rows)
        self.setObjectName("registrationChooser")
        self.setWindowTitle(tr("Bedarfe einer Person erfassen"))
        self.setAccessibleName(tr("Bedarfe einer Person erfassen"))
        light_grid(self)
        self.resize(520, 460)
        self.results = QListWidget()
        self.results.setObjectName("chooserResults")
        self.results.setAccessibleName(tr("Personen auf der Liste"))
        self.search = ForwardingSearch(self.results)
        self.search.setObjectName("chooserSearch")
        self.search.setAccessibleName(tr("Person suchen"))
        self.search.setPlaceholderText(tr("Name oder Organisation"))
        self.search.textChanged.connect(lambda _t: self.update_results())
        self.search.returnPressed.connect(self.accept)
        self.results.itemActivated.connect(lambda _i: self.accept())
        self.ok_button = button("chooserOk", tr("&Weiter …"))
        self.ok_button.setDefault(True)
        self.ok_button.clicked.connect(self.accept)
        cancel = button("chooserCancel", tr("Abbrechen"))
        cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.ok_button)
        buttons.addWidget(cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(buddy_label(tr("&Person:"), self.search))
        layout.addWidget(self.search)
        layout.addWidget(self.results, 1)
        layout.addLayout(buttons)
        self.update_results()

    def update_results(self) -> None:
        terms = query_terms(self.search.text())
        self.results.clear()
        for row in self.rows:
            key = search_key(row.name, row.organisation, row.town, row.code)
            if terms and not matches(key, terms):
                continue
            where = f" – {row.organisation}" if row.organisation else ""
            item = QListWidgetItem(f"{row.name}{where} · {row.status_label}")
            item.setData(Qt.ItemDataRole.UserRole, row.id)
            self.results.addItem(item)
        if self.results.count():
            self.results.setCurrentRow(0)
        self.ok_button.setEnabled(self.results.count() > 0)

    def chosen(self) -> int | None:
        item = self.results.currentItem()
        return int(item.data(Qt.ItemDataRole.UserRole)) if item is not None else None

    @classmethod
    def choose(cls, parent: QWidget | None, rows: Sequence[RegistrationRow]) -> int | None:
        """The registration chosen, or ``None`` (tests replace this)."""
        dialog = cls(rows, parent)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            return dialog.chosen()
        return None


__all__ = ["CATALOGUE", "METHODS", "NeedsDialog", "RegistrationChooser", "saved_text"]
