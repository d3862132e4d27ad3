"""Einstellungen: where the data lives, and (later) the office profile and options.

A placeholder until the page is built; replace this module wholesale.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QFrame, QLabel, QWidget

from beratung.gui.pages.base import PlaceholderPage, heading

if TYPE_CHECKING:
    from beratung.services import Services


class SettingsPage(PlaceholderPage):
    def title(self) -> str:
        return self.tr("Einstellungen")

    def description(self) -> str:
        return self.tr(
            "Hier pflegen Sie den Briefkopf des Städtetags (Absender, Logo, Fußzeile), die "
            "Bearbeiterinnen und Bearbeiter mit Kürzel, den Aktenplan für Aktenzeichen und die "
            "Textvorlagen für Einladungen."
        )

    def planned(self) -> list[str]:
        return [
            self.tr("Absender und Briefkopf für Briefe und Presseinformationen"),
            self.tr("Bearbeiterinnen und Bearbeiter mit Kürzel, Telefon und E-Mail"),
            self.tr("Aktenplan und Textvorlagen"),
            self.tr("Sicherungen anzeigen und wiederherstellen"),
        ]

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(services, parent)
        card = QFrame()
        card.setProperty("role", "card")
        card.setMaximumWidth(820)
        form = QFormLayout(card)
        form.setContentsMargins(24, 20, 24, 20)
        form.setHorizontalSpacing(18)
        form.setVerticalSpacing(10)
        form.addRow(heading(self.tr("Speicherorte"), role="sectionTitle"))
        self.location_labels: dict[str, QLabel] = {}
        for key, label in (
            ("database", self.tr("Datenbank:")),
            ("backups", self.tr("Sicherungen:")),
            ("log", self.tr("Protokolldatei:")),
        ):
            value = QLabel()
            value.setObjectName(f"location_{key}")
            value.setTextInteractionFlags(
                Qt.TextInteractionFlag.TextSelectableByMouse
                | Qt.TextInteractionFlag.TextSelectableByKeyboard
            )
            value.setWordWrap(True)
            caption = QLabel(label)
            caption.setBuddy(value)
            form.addRow(caption, value)
            self.location_labels[key] = value
        self.body.insertWidget(1, card)  # below the heading, above the plans

    def refresh(self) -> None:
        paths = self.services.paths
        locations = {
            "database": self.services.db.describe(),
            "backups": str(paths.backup_dir),
            "log": str(paths.log_file),
        }
        for key, text in locations.items():
            self.location_labels[key].setText(text)
            self.location_labels[key].setAccessibleName(text)
