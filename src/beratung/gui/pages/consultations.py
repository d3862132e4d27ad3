"""Beratungen: Erfassung und Wiedervorlagen.

A placeholder until the page is built; replace this module wholesale.
"""

from __future__ import annotations

from beratung.gui.pages.base import PlaceholderPage


class ConsultationsPage(PlaceholderPage):
    def title(self) -> str:
        return self.tr("Beratungen")

    def description(self) -> str:
        return self.tr(
            "Hier halten Sie Ihre Beratungen fest: Datum, Dauer und Art (vor Ort, Telefon, Video, "
            "E-Mail), die beratene Kommune, die Gesprächspartner, Themen und Programm, das "
            "Ergebnis und eine Wiedervorlage."
        )

    def planned(self) -> list[str]:
        return [
            self.tr("Beratung nach einem Gespräch in wenigen Schritten erfassen"),
            self.tr("Wiedervorlagen mit Fälligkeit"),
            self.tr("Kommunen mit ähnlichen Themen finden und vernetzen"),
            self.tr("Auswahl nach Programm, Zeitraum und Thema"),
        ]
