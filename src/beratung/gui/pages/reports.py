"""Auswertungen: Statistiken zu Beratungen und Programmen.

A placeholder until the page is built; replace this module wholesale.
"""

from __future__ import annotations

from beratung.gui.pages.base import PlaceholderPage


class ReportsPage(PlaceholderPage):
    def title(self) -> str:
        return self.tr("Auswertungen")

    def description(self) -> str:
        return self.tr(
            "Hier beantworten Sie Fragen wie: Wie viele Kommunen haben wir zu „Quartier 2020“ "
            "beraten – Mitglieder und Nichtmitglieder, je Regierungsbezirk? Wer arbeitet noch an "
            "diesem Thema?"
        )

    def planned(self) -> list[str]:
        return [
            self.tr("Beratungen nach Programm, Zeitraum, Landkreis und Regierungsbezirk"),
            self.tr("Mitglieder und Nichtmitglieder getrennt"),
            self.tr("Ausgabe als PDF, Excel oder CSV"),
        ]
