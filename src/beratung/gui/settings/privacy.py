"""Einstellungen → Datenschutz: the retention periods, what is due for deletion ("Zur Löschung
fällig") with the button that deletes it, and the record of processing activities (Art. 30).

The periods are saved in the database (every workstation of a team database applies the same);
the list is what ``privacy purge-due --dry-run`` prints, and the button does what
``privacy purge-due`` does, after a question. Contacts without activity are listed for review
only: they are never deleted by the button.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSortFilterProxyModel, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from beratung.domain.rules.dates import format_date_de
from beratung.gui.settings.base import (
    Column,
    RowTableModel,
    SettingsTab,
    explained_card,
    make_table,
)
from beratung.gui.style import scaled
from beratung.services.privacy import ConsultationRetention, RetentionSettings

if TYPE_CHECKING:
    from beratung.services import Services
    from beratung.services.privacy import DueReport, PurgeResult


class PrivacyDialogs:
    """The tab's questions; tests replace these classmethods."""

    @classmethod
    def confirm(cls, parent: QWidget, text: str, informative: str, ok_text: str) -> bool:
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(parent.tr("Beratung"))
        box.setText(text)
        box.setInformativeText(informative)
        ok = box.addButton(ok_text, QMessageBox.ButtonRole.AcceptRole)
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(cancel)
        box.setEscapeButton(cancel)
        box.exec()
        return box.clickedButton() is ok

    @classmethod
    def save_pdf(cls, parent: QWidget, title: str, suggested: str) -> str | None:
        name, _filter = QFileDialog.getSaveFileName(
            parent, title, suggested, parent.tr("PDF-Dokument (*.pdf)")
        )
        return name or None


@dataclass(frozen=True, slots=True)
class DueRow:
    """One line of the "Zur Löschung fällig" list."""

    category: str
    what: str
    day: date
    due_on: date
    action: str


class PrivacyTab(SettingsTab):
    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(services, parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 12, 0, 0)
        layout.setSpacing(10)

        card = explained_card(self.tr("Löschfristen"))
        card_layout, form = card.box, card.form
        summary = QLabel()
        summary.setWordWrap(True)
        self.make_feedback(summary)
        self.needs_weeks = self._spin("needsWeeks", 0, 104, self.tr(" Wochen"))
        self.contacts_years = self._spin("contactsReviewYears", 1, 30, self.tr(" Jahre"))
        self.consultations_years = self._spin("consultationsYears", 1, 50, self.tr(" Jahre"))
        self.consultations_action = QComboBox()
        self.consultations_action.setObjectName("consultationsAction")
        self.consultations_action.addItem(
            self.tr("anonymisieren (Statistik bleibt)"), ConsultationRetention.ANONYMISE
        )
        self.consultations_action.addItem(self.tr("löschen"), ConsultationRetention.DELETE)
        self.consultations_action.setMaximumWidth(scaled(320))
        self.labelled(form, self.tr("Bedarfe löschen &nach:"), self.needs_weeks,
                      self.tr("Bedarfe löschen nach Wochen"), "needs_weeks")
        self.labelled(form, self.tr("Kontakte &prüfen nach:"), self.contacts_years,
                      self.tr("Kontakte ohne Aktivität prüfen nach Jahren"),
                      "contacts_review_years")
        self.labelled(form, self.tr("Beratungen aufbewahren (&Jahre):"),
                      self.consultations_years, self.tr("Beratungen aufbewahren, Jahre"),
                      "consultations_years")
        self.labelled(form, self.tr("&Umgang danach:"), self.consultations_action,
                      self.tr("Was danach mit Beratungen geschieht"), "consultations_action")
        card_layout.addWidget(summary)
        row = QHBoxLayout()
        row.addStretch(1)
        self.save_button = QPushButton(self.tr("Fristen &speichern"))
        self.save_button.setObjectName("saveRetention")
        self.save_button.setAccessibleName(self.tr("Fristen speichern"))
        self.save_button.clicked.connect(self.save)
        row.addWidget(self.save_button)
        card_layout.addLayout(row)
        layout.addWidget(card.frame)
        self.save_shortcut(self.save)

        heading = QLabel(self.tr("Zur Löschung fällig"))
        heading.setProperty("role", "sectionTitle")
        layout.addWidget(heading)
        self.model: RowTableModel[DueRow] = RowTableModel(
            [
                Column(self.tr("Art"), lambda r: r.category),
                Column(self.tr("Was"), lambda r: r.what),
                Column(self.tr("Vom"), lambda r: format_date_de(r.day),
                       sort_key=lambda r: r.day.toordinal()),
                Column(self.tr("Fällig seit"), lambda r: format_date_de(r.due_on),
                       sort_key=lambda r: r.due_on.toordinal()),
                Column(self.tr("Geschieht"), lambda r: r.action),
            ],
            self,
        )
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(RowTableModel.SORT_ROLE)
        self.table = make_table("dueTable", self.tr("Zur Löschung fällig"))
        self.table.setModel(self.proxy)
        for column, width in ((0, 130), (2, 95), (3, 95), (4, 110)):
            self.table.setColumnWidth(column, scaled(width))
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)

        buttons = QHBoxLayout()
        self.due_label = QLabel()
        self.due_label.setProperty("role", "muted")
        self.due_label.setWordWrap(True)
        buttons.addWidget(self.due_label, 1)
        self.refresh_button = QPushButton(self.tr("Ak&tualisieren"))
        self.refresh_button.setObjectName("refreshDue")
        self.refresh_button.setAccessibleName(self.tr("Liste aktualisieren"))
        self.refresh_button.clicked.connect(self.load)
        buttons.addWidget(self.refresh_button)
        self.purge_button = QPushButton(self.tr("&Fällige jetzt löschen …"))
        self.purge_button.setObjectName("purgeDue")
        self.purge_button.setAccessibleName(self.tr("Fällige jetzt löschen"))
        self.purge_button.clicked.connect(self.purge)
        buttons.addWidget(self.purge_button)
        self.record_button = QPushButton(self.tr("&Verzeichnis (Art. 30) speichern …"))
        self.record_button.setObjectName("processingRecord")
        self.record_button.setAccessibleName(
            self.tr("Verzeichnis von Verarbeitungstätigkeiten speichern")
        )
        self.record_button.setToolTip(
            self.tr("Das Verzeichnis von Verarbeitungstätigkeiten nach Art. 30 DSGVO als PDF, "
                    "aus Absender und Löschfristen")
        )
        self.record_button.clicked.connect(self.save_record)
        buttons.addWidget(self.record_button)
        layout.addLayout(buttons)
        self.report: DueReport | None = None
        self._update()

    def _spin(self, name: str, low: int, high: int, suffix: str) -> QSpinBox:
        spin = QSpinBox()
        spin.setObjectName(name)
        spin.setRange(low, high)
        spin.setSuffix(suffix)
        spin.setMaximumWidth(scaled(140))
        return spin

    # ---------------------------------------------------------------- loading

    def load(self) -> None:
        if self.busy:  # showing the tab and refreshing the page both ask; one answer serves
            return
        privacy = self.services.privacy
        self.run(
            lambda: (privacy.retention_settings(), privacy.due()),
            self._loaded,
            self.tr("Fristen werden geprüft …"),
        )

    def _loaded(self, loaded: tuple[RetentionSettings, DueReport]) -> None:
        settings, report = loaded
        self.needs_weeks.setValue(settings.needs_weeks)
        self.contacts_years.setValue(settings.contacts_review_years)
        self.consultations_years.setValue(settings.consultations_years)
        self.consultations_action.setCurrentIndex(
            max(0, self.consultations_action.findData(settings.consultations_action))
        )
        self._show(report)

    def _show(self, report: DueReport) -> None:
        self.report = report
        action = (
            self.tr("anonymisieren")
            if report.settings.consultations_action is ConsultationRetention.ANONYMISE
            else self.tr("löschen")
        )
        rows = [
            DueRow(self.tr("Bedarfe"),
                   self.tr("{count} Bedarf(e), Anmeldung Nr. {id}: {event}").format(
                       count=n.needs, id=n.registration_id, event=n.event_title),
                   n.event_day, n.due_on, self.tr("löschen"))
            for n in report.needs
        ]
        rows += [
            DueRow(self.tr("Beratung"),
                   self.tr("Nr. {id}, {organisation}").format(
                       id=c.consultation_id, organisation=c.organisation),
                   c.occurred_on, c.due_on, action)
            for c in report.consultations
        ]
        rows += [
            DueRow(self.tr("Kontakt prüfen"), p.name, p.last_activity, p.due_on,
                   self.tr("nur prüfen"))
            for p in report.contacts
        ]
        self.model.set_rows(rows)
        self._update()

    def _update(self) -> None:
        report = self.report
        deletable = report is not None and bool(report.needs or report.consultations)
        self.purge_button.setEnabled(deletable and not self.busy)
        for button in (self.save_button, self.refresh_button, self.record_button):
            button.setEnabled(not self.busy)
        if report is None:
            self.due_label.setText("")
        elif report.is_empty:
            self.due_label.setText(self.tr("Nichts ist zur Löschung fällig."))
        else:
            self.due_label.setText(
                self.tr(
                    "{needs} Anmeldungen mit Bedarfen, {consultations} Beratungen fällig; "
                    "{contacts} Kontakte ohne Aktivität zur Prüfung (werden nicht gelöscht)."
                ).format(
                    needs=len(report.needs),
                    consultations=len(report.consultations),
                    contacts=len(report.contacts),
                )
            )

    # ---------------------------------------------------------------- saving

    def values(self) -> RetentionSettings:
        action = self.consultations_action.currentData()
        return RetentionSettings(
            needs_weeks=self.needs_weeks.value(),
            contacts_review_years=self.contacts_years.value(),
            consultations_years=self.consultations_years.value(),
            consultations_action=ConsultationRetention(action),
        )

    @Slot()
    def save(self) -> None:
        if self.busy:
            return
        settings = self.values()
        privacy = self.services.privacy

        def work() -> tuple[RetentionSettings, DueReport]:
            return privacy.save_retention_settings(settings), privacy.due()

        def done(result: tuple[RetentionSettings, DueReport]) -> None:
            self._loaded(result)
            if self.feedback is not None:
                self.feedback.show_success(self.tr("Löschfristen gespeichert."))

        self.run(work, done, self.tr("Wird gespeichert …"))

    @Slot()
    def purge(self) -> None:
        report = self.report
        if report is None or self.busy or not (report.needs or report.consultations):
            return
        needs = sum(item.needs for item in report.needs)
        if not PrivacyDialogs.confirm(
            self,
            self.tr("Fällige Daten jetzt löschen?"),
            self.tr(
                "{needs} Bedarfe aus {registrations} Anmeldungen werden gelöscht, "
                "{consultations} Beratungen werden {action}. Kontakte bleiben unverändert. "
                "Das lässt sich nicht rückgängig machen."
            ).format(
                needs=needs,
                registrations=len(report.needs),
                consultations=len(report.consultations),
                action=self.tr("anonymisiert")
                if report.settings.consultations_action is ConsultationRetention.ANONYMISE
                else self.tr("gelöscht"),
            ),
            self.tr("Jetzt löschen"),
        ):
            return
        privacy = self.services.privacy

        def work() -> tuple[PurgeResult, DueReport]:
            return privacy.purge_due(), privacy.due()

        def done(result: tuple[PurgeResult, DueReport]) -> None:
            self._show(result[1])
            if self.feedback is not None:
                self.feedback.show_success(self.tr("Fällige Daten gelöscht."))

        self.run(work, done, self.tr("Wird gelöscht …"))
        self._update()

    @Slot()
    def save_record(self) -> None:
        if self.busy:
            return
        path = PrivacyDialogs.save_pdf(
            self,
            self.tr("Verzeichnis von Verarbeitungstätigkeiten speichern"),
            self.tr("Verzeichnis von Verarbeitungstätigkeiten.pdf"),
        )
        if not path:
            return
        privacy = self.services.privacy

        def done(result: tuple[Path, int]) -> None:
            self._update()
            if self.feedback is not None:
                self.feedback.show_success(
                    self.tr("Verzeichnis gespeichert: {path}").format(path=result[0])
                )

        self.run(lambda: privacy.write_processing_record(Path(path)), done,
                 self.tr("Verzeichnis wird erstellt …"))


__all__ = ["PrivacyDialogs", "PrivacyTab"]
