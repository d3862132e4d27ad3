"""The "Einwilligungen" tab of the person form: what the person agreed to (purpose, date, how
given, until when) and withdrawals, kept as evidence.

Like the roles tab, every change saves at once through the privacy service and hands the new
person detail to the form; it is refused while the master data holds unsaved edits. The dialog
and the question are classmethods tests replace (``ConsentDialog.ask``,
``ContactDialogs.confirm``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from beratung.domain.enums import ConsentMethod, ConsentPurpose, label
from beratung.gui.contacts.common import ContactDialogs, muted, section, table_view, tr
from beratung.gui.contacts.models import Column, ListTableModel
from beratung.gui.contacts.pickers import date_text
from beratung.gui.operations import run_operation
from beratung.services.contacts import ConsentSnapshot, PersonDetail
from beratung.services.privacy import ConsentInput

if TYPE_CHECKING:
    from beratung.services import Services


def consent_columns() -> list[Column[ConsentSnapshot]]:
    return [
        Column(tr("Zweck"), lambda c: c.purpose_label),
        Column(tr("erteilt am"), lambda c: date_text(c.given_on)),
        Column(tr("wie"), lambda c: c.method_label),
        Column(tr("gültig bis"), lambda c: date_text(c.valid_until)),
        Column(tr("widerrufen am"), lambda c: date_text(c.withdrawn_on)),
        Column(tr("Notiz"), lambda c: c.notes or ""),
    ]


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class ConsentDialog(QDialog):
    """A new consent: purpose, how it was given, the day, optionally until when, a note."""

    def __init__(self, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Einwilligung erfassen"))
        self.setAccessibleName(tr("Einwilligung erfassen"))
        self.purpose = QComboBox()
        self.purpose.setObjectName("consentPurpose")
        self.purpose.setAccessibleName(tr("Zweck"))
        for purpose in ConsentPurpose:
            self.purpose.addItem(label(purpose), purpose)
        self.method = QComboBox()
        self.method.setObjectName("consentMethod")
        self.method.setAccessibleName(tr("Wie erteilt"))
        for method in ConsentMethod:
            self.method.addItem(label(method), method)
        self.given_on = QDateEdit(_qdate(today))
        self.given_on.setObjectName("consentGivenOn")
        self.given_on.setAccessibleName(tr("Erteilt am"))
        self.given_on.setDisplayFormat("dd.MM.yyyy")
        self.given_on.setCalendarPopup(True)
        self.given_on.setMaximumDate(_qdate(today))
        self.limited = QCheckBox(tr("&befristet bis"))
        self.limited.setObjectName("consentLimited")
        self.limited.setAccessibleName(tr("Befristet"))
        self.valid_until = QDateEdit(_qdate(today))
        self.valid_until.setObjectName("consentValidUntil")
        self.valid_until.setAccessibleName(tr("Gültig bis"))
        self.valid_until.setDisplayFormat("dd.MM.yyyy")
        self.valid_until.setCalendarPopup(True)
        self.valid_until.setEnabled(False)
        self.limited.toggled.connect(self.valid_until.setEnabled)
        self.notes = QPlainTextEdit()
        self.notes.setObjectName("consentNotes")
        self.notes.setAccessibleName(tr("Notiz"))
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(70)

        form = QFormLayout()
        for text, widget in (
            (tr("&Zweck:"), self.purpose),
            (tr("&Wie erteilt:"), self.method),
            (tr("Erteilt &am:"), self.given_on),
        ):
            caption = QLabel(text)
            caption.setBuddy(widget)
            form.addRow(caption, widget)
        form.addRow(self.limited, self.valid_until)
        note_label = QLabel(tr("&Notiz:"))
        note_label.setBuddy(self.notes)
        form.addRow(note_label, self.notes)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("&Erfassen"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def value(self) -> ConsentInput:
        return ConsentInput(
            purpose=ConsentPurpose(self.purpose.currentData()),
            method=ConsentMethod(self.method.currentData()),
            given_on=_pydate(self.given_on.date()),
            valid_until=_pydate(self.valid_until.date()) if self.limited.isChecked() else None,
            notes=self.notes.toPlainText().strip() or None,
        )

    @classmethod
    def ask(cls, parent: QWidget, today: date) -> ConsentInput | None:
        dialog = cls(today, parent)
        return dialog.value() if dialog.exec() == QDialog.DialogCode.Accepted else None


class ConsentsTab(QWidget):
    """The consents of the person shown; ``changed(PersonDetail)`` after each change."""

    changed = Signal(object)  # PersonDetail

    def __init__(
        self, services: Services, may_change: Callable[[], bool], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.may_change = may_change
        self.detail: PersonDetail | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 10, 8, 10)
        layout.addWidget(section(tr("Einwilligungen")))
        layout.addWidget(muted(tr(
            "Was die Person erlaubt hat (Verteiler, Fotos, Gesundheitsdaten für Bedarfe), wann "
            "und wie. Ein Widerruf bleibt als Nachweis stehen; Bedarfe, die unter einer "
            "widerrufenen Einwilligung erfasst wurden, werden sofort gelöscht."
        )))
        self.model: ListTableModel[ConsentSnapshot] = ListTableModel(consent_columns(), self)
        self.view = table_view("consents", tr("Einwilligungen"), self.model)
        self.view.setMinimumHeight(160)
        layout.addWidget(self.view)
        buttons = QHBoxLayout()
        self.add_button = QPushButton(tr("&Einwilligung erfassen …"))
        self.add_button.setObjectName("addConsent")
        self.add_button.setAccessibleName(tr("Einwilligung erfassen"))
        self.withdraw_button = QPushButton(tr("Wide&rrufen …"))
        self.withdraw_button.setObjectName("withdrawConsent")
        self.withdraw_button.setAccessibleName(tr("Einwilligung widerrufen"))
        self.withdraw_button.setToolTip(tr("Die gewählte Einwilligung ist ab heute widerrufen."))
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.withdraw_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        layout.addStretch(1)
        self.add_button.clicked.connect(self.add_consent)
        self.withdraw_button.clicked.connect(self.withdraw_consent)
        self.view.selectionModel().currentRowChanged.connect(lambda *_a: self._update())
        self.fill(None)

    def fill(self, detail: PersonDetail | None) -> None:
        self.detail = detail
        self.model.set_rows(detail.consents if detail else ())
        self.view.resizeColumnsToContents()
        self._update()

    def _update(self) -> None:
        d = self.detail
        self.add_button.setEnabled(d is not None and d.erased_at is None)
        current = self.selected()
        self.withdraw_button.setEnabled(current is not None and current.withdrawn_on is None)

    def selected(self) -> ConsentSnapshot | None:
        index = self.view.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def _run(self, call: Callable[[], object]) -> None:
        if self.detail is None or not self.may_change():
            return
        person_id, contacts = self.detail.id, self.services.contacts

        def work() -> PersonDetail:
            call()
            return contacts.get_person(person_id)

        run_operation(self, work, self.changed.emit)

    def add_consent(self) -> None:
        if self.detail is None:
            return
        data = ConsentDialog.ask(self, self.services.context.today())
        if data is None:
            return
        person_id, privacy = self.detail.id, self.services.privacy
        self._run(lambda: privacy.record_consent(person_id, data))

    def withdraw_consent(self) -> None:
        consent = self.selected()
        if consent is None or consent.withdrawn_on is not None:
            return
        if not ContactDialogs.confirm(
            self,
            tr("Einwilligung „{purpose}“ widerrufen?").format(purpose=consent.purpose_label),
            tr("Sie gilt ab heute nicht mehr; Bedarfe, die unter ihr erfasst wurden, werden "
               "gelöscht. Die Einwilligung selbst bleibt als Nachweis stehen."),
            tr("Widerrufen"),
        ):
            return
        privacy = self.services.privacy
        self._run(lambda: privacy.withdraw_consent(consent.id))


__all__ = ["ConsentDialog", "ConsentsTab", "consent_columns"]
