"""Einstellungen → Gemeindeverzeichnis: the official municipality directory and its update."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Slot
from PySide6.QtWidgets import QDateEdit, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from beratung.domain.rules.dates import format_date_de
from beratung.gui.settings.base import SettingsDialogs, SettingsTab, make_card
from beratung.services.files import read_input_file

if TYPE_CHECKING:
    from datetime import date

    from beratung.services import Services
    from beratung.services.masterdata import DirectoryStatus, DirectoryUpdateReport


class DirectoryTab(SettingsTab):
    """The official municipality directory: its status, and applying a newer Destatis file.

    Applying matches on AGS and refreshes only Kreis, Regierungsbezirk and population of the
    advisor's municipalities; names, addresses, membership and persons stay as she entered them.
    """

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(services, parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 12, 0, 0)
        card, box = make_card()
        self.status_label = QLabel()
        self.status_label.setObjectName("directoryStatus")
        self.status_label.setWordWrap(True)
        box.addWidget(self.status_label)
        explanation = QLabel(
            self.tr(
                "Ein neueres Gemeindeverzeichnis (Destatis GV100AD, aufbereitet im Format "
                "ags;name;kreis;kreis_typ;regierungsbezirk;einwohner;plz;stadt) wird über den "
                "Amtlichen Gemeindeschlüssel zugeordnet. Aktualisiert werden nur Kreis, "
                "Regierungsbezirk und Einwohnerzahl; Namen, Anschriften, Mitgliedschaft und "
                "Personen bleiben, wie Sie sie eingetragen haben. Die Datei wird vollständig "
                "geprüft, bevor etwas übernommen wird."
            )
        )
        explanation.setWordWrap(True)
        box.addWidget(explanation)
        row = QHBoxLayout()
        self.stand_edit = QDateEdit()
        self.stand_edit.setObjectName("directoryStand")
        self.stand_edit.setDisplayFormat("dd.MM.yyyy")
        self.stand_edit.setCalendarPopup(True)
        self.stand_edit.setDate(QDate.currentDate())
        stand_label = QLabel(self.tr("&Gebietsstand der Datei:"))
        stand_label.setBuddy(self.stand_edit)
        self.stand_edit.setAccessibleName(self.tr("Gebietsstand der Datei"))
        self.apply_button = QPushButton(self.tr("Neueres Verzeichnis &einlesen …"))
        self.apply_button.setObjectName("applyDirectory")
        self.apply_button.clicked.connect(self.apply_file)
        row.addWidget(stand_label)
        row.addWidget(self.stand_edit)
        row.addStretch(1)
        row.addWidget(self.apply_button)
        box.addLayout(row)
        self.result_label = QLabel()
        self.result_label.setObjectName("directoryResult")
        self.result_label.setWordWrap(True)
        box.addWidget(self.result_label)
        attribution = QLabel(
            self.tr(
                "Datenquelle: Statistisches Bundesamt (Destatis), Gemeindeverzeichnis GV100AD; "
                "Datenlizenz Deutschland – Namensnennung – Version 2.0."
            )
        )
        attribution.setWordWrap(True)
        attribution.setObjectName("hint")
        box.addWidget(attribution)
        layout.addWidget(card)
        layout.addStretch(1)

    def load(self) -> None:
        masterdata = self.services.masterdata
        self.run(masterdata.directory_status, self.show_status, self.tr("Lese Stammdaten …"))

    def show_status(self, status: DirectoryStatus) -> None:
        if status.entries == 0:
            text = self.tr("Das Gemeindeverzeichnis ist noch nicht geladen.")
        else:
            stand = format_date_de(status.status_date) if status.status_date else "–"
            text = self.tr(
                "{entries} Kommunen im Gemeindeverzeichnis, Gebietsstand {stand}; "
                "{linked} Organisationen sind über ihren Gemeindeschlüssel damit verbunden."
            ).format(
                entries=f"{status.entries:,}".replace(",", "."),
                stand=stand,
                linked=f"{status.linked_organisations:,}".replace(",", "."),
            )
        self.status_label.setText(text)

    @Slot()
    def apply_file(self) -> None:
        if self.busy:
            return
        name = SettingsDialogs.open_directory_file(self)
        if name is None:
            return
        path = Path(name)
        # PySide6's stub says object; QDate.toPython() returns a datetime.date
        stand: date = self.stand_edit.date().toPython()  # type: ignore[assignment]
        masterdata = self.services.masterdata

        def work() -> DirectoryUpdateReport:
            data = read_input_file(path)
            return masterdata.load_directory(data, source_label=path.name, status_date=stand)

        def done(report: DirectoryUpdateReport) -> None:
            self.result_label.setText(report.describe())
            self.load()

        self.run(work, done, self.tr("Prüfe und übernehme das Gemeindeverzeichnis …"))
