"""Veranstaltungen: Werkstattgespräche planen und durchführen.

A placeholder until the page is built; replace this module wholesale.
"""

from __future__ import annotations

from beratung.gui.pages.base import PlaceholderPage


class EventsPage(PlaceholderPage):
    def title(self) -> str:
        return self.tr("Veranstaltungen")

    def description(self) -> str:
        return self.tr(
            "Hier planen Sie Werkstattgespräche und andere Veranstaltungen: Termin, gastgebende "
            "Kommune und barrierefreier Veranstaltungsort, Tagesordnung, Einladungen, Anmeldungen "
            "mit Bedarfen, Warteliste und Teilnahme."
        )

    def planned(self) -> list[str]:
        return [
            self.tr("Terminprüfung gegen Feiertage in Baden-Württemberg"),
            self.tr("Einladungsschreiben nach DIN 5008 mit Antwortformular"),
            self.tr(
                "Anmeldungen, Warteliste und Bedarfe (z. B. Gebärdensprache, Induktionsschleife)"
            ),
            self.tr("Teilnehmerliste, Namensschilder und Teilnahmebescheinigungen drucken"),
        ]
