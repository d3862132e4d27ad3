"""Kontakte: Kommunen, Personen, Funktionen und Verteiler.

A placeholder until the page is built; replace this module wholesale.
"""

from __future__ import annotations

from beratung.gui.pages.base import PlaceholderPage


class ContactsPage(PlaceholderPage):
    def title(self) -> str:
        return self.tr("Kontakte")

    def description(self) -> str:
        return self.tr(
            "Hier verwalten Sie Kommunen, Personen, Funktionen und Verteiler: Kommunen aus dem "
            "amtlichen Gemeindeverzeichnis übernehmen, Ansprechpartnerinnen und Ansprechpartner "
            "mit ihren Funktionen erfassen und Verteiler für Einladungen und Presse pflegen."
        )

    def planned(self) -> list[str]:
        return [
            self.tr("Suche und Filter über alle Kontakte"),
            self.tr(
                "Kommunen aus dem Gemeindeverzeichnis Baden-Württemberg mit AGS, Landkreis und "
                "Regierungsbezirk"
            ),
            self.tr("Import aus Excel, CSV und vCard, Dubletten finden und zusammenführen"),
            self.tr("Export für Serienbriefe und Adressetiketten"),
        ]
