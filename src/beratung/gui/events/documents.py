"""The event view's tab "Dokumente": what will be printed for an event.

The documents themselves (invitation letters with the reply form, the sign-in list, name
badges, attendance certificates) come with the next issue. Until then the tab says so plainly
and offers nothing that does not work yet; the calendar entry (.ics), which exists already, is
on the tab "Details".
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from beratung.gui.events.base import EventTab
from beratung.gui.events.common import EVENTS_STYLE

if TYPE_CHECKING:
    from beratung.services import Services


class DocumentsTab(EventTab):
    def tab_title(self) -> str:
        return self.tr("D&okumente")

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(services, parent)
        self.setObjectName("eventDocuments")
        self.setStyleSheet(EVENTS_STYLE)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 14)
        layout.setSpacing(10)
        heading = QLabel(self.tr("Drucksachen zur Veranstaltung"))
        heading.setProperty("role", "sectionTitle")
        heading.setAccessibleName(heading.text())
        layout.addWidget(heading)
        self.text = QLabel(
            self.tr(
                "Hier entstehen mit einer der nächsten Versionen die Drucksachen zur "
                "Veranstaltung: die Einladungsschreiben nach DIN 5008 mit Antwortformular, "
                "die Teilnehmerliste zum Unterschreiben, Namensschilder und "
                "Teilnahmebescheinigungen – jeweils erst in der Vorschau, dann gedruckt oder "
                "als PDF gespeichert.\n\n"
                "Schon jetzt: den Kalendereintrag (.ics) für Outlook oder Thunderbird "
                "exportieren Sie auf der Registerkarte „Details“."
            )
        )
        self.text.setObjectName("documentsText")
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.text.setAccessibleName(self.text.text())
        self.text.setMaximumWidth(760)
        layout.addWidget(self.text)
        layout.addStretch(1)
