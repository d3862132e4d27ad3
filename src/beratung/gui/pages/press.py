"""Presse: Presseinformationen schreiben, drucken und archivieren.

A placeholder until the page is built; replace this module wholesale.
"""

from __future__ import annotations

from beratung.gui.pages.base import PlaceholderPage


class PressPage(PlaceholderPage):
    def title(self) -> str:
        return self.tr("Presse")

    def description(self) -> str:
        return self.tr(
            "Hier schreiben und verwalten Sie Presseinformationen: Die nächste Nummer des Jahres "
            "und das Aktenzeichen werden vergeben, der Text wird im Layout des Städtetags gedruckt"
            " und im Archiv aufbewahrt."
        )

    def planned(self) -> list[str]:
        return [
            self.tr("Presseinformation mit Sperrfrist, Ansprechpartnerin und Bearbeiterin"),
            self.tr("Fortlaufende Nummer (z. B. P 309/2017) und Aktenzeichen"),
            self.tr("Druck im Layout des Städtetags und Archiv aller Ausgaben"),
        ]
