"""Übersicht: the figures of the database at a glance."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget

from beratung.gui.pages.base import Page, heading, paragraph

if TYPE_CHECKING:
    from beratung.services import Services
    from beratung.services.overview import OverviewCounts


class Tile(QFrame):
    """One figure with a title and an optional detail line."""

    def __init__(self, key: str, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"tile_{key}")
        self.setProperty("role", "card")
        self.setProperty("alert", False)
        self.setMinimumHeight(118)
        self.title = title
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 14)
        layout.setSpacing(2)
        self.title_label = QLabel(title)
        self.title_label.setProperty("role", "tileTitle")
        self.value_label = QLabel("–")
        self.value_label.setObjectName(f"value_{key}")
        self.value_label.setProperty("role", "tileValue")
        self.detail_label = QLabel("")
        self.detail_label.setObjectName(f"detail_{key}")
        self.detail_label.setProperty("role", "tileDetail")
        self.detail_label.setWordWrap(True)
        layout.addWidget(self.title_label)
        layout.addWidget(self.value_label)
        layout.addWidget(self.detail_label)
        layout.addStretch(1)

    def set_value(self, value: int, detail: str = "", *, alert: bool = False) -> None:
        text = QLocale().toString(value)
        self.value_label.setText(text)
        self.detail_label.setText(detail)
        self.detail_label.setVisible(bool(detail))
        if bool(self.property("alert")) != alert:
            self.setProperty("alert", alert)
            for widget in (self, self.value_label, self.detail_label):
                widget.style().unpolish(widget)
                widget.style().polish(widget)
        name = f"{self.title}: {text}"
        self.setAccessibleName(f"{name}, {detail}" if detail else name)


class OverviewPage(Page):
    def title(self) -> str:
        return self.tr("Übersicht")

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(services, parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 28, 32, 24)
        layout.setSpacing(14)

        layout.addWidget(heading(self.title()))
        layout.addWidget(
            paragraph(self.tr("Fachberatung Inklusion · Städtetag Baden-Württemberg"), "subtitle")
        )

        self.demo_banner = QFrame()
        self.demo_banner.setObjectName("demoBanner")
        self.demo_banner.setProperty("role", "banner")
        banner_layout = QVBoxLayout(self.demo_banner)
        banner_layout.setContentsMargins(14, 10, 14, 10)
        banner_text = self.tr(
            "<b>DEMO-DATEN</b> – Diese Datenbank enthält Beispieldaten zum Ausprobieren. "
            "Bitte tragen Sie hier keine echten Daten ein."
        )
        banner_label = paragraph(banner_text)
        self.demo_banner.setAccessibleName(
            self.tr(
                "DEMO-DATEN: Diese Datenbank enthält Beispieldaten zum Ausprobieren. "
                "Bitte tragen Sie hier keine echten Daten ein."
            )
        )
        banner_layout.addWidget(banner_label)
        self.demo_banner.hide()
        layout.addWidget(self.demo_banner)

        self.tiles: dict[str, Tile] = {}
        grid = QGridLayout()
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(12)
        sections = [
            (
                self.tr("Kontakte"),
                [
                    ("municipalities", self.tr("Kommunen")),
                    ("persons", self.tr("Personen")),
                    ("distribution_lists", self.tr("Verteiler")),
                ],
            ),
            (
                self.tr("Arbeit"),
                [
                    ("consultations", self.tr("Beratungen")),
                    ("events", self.tr("Veranstaltungen")),
                    ("press_releases", self.tr("Presseinformationen")),
                    ("follow_ups", self.tr("Wiedervorlagen fällig")),
                ],
            ),
        ]
        row = 0
        for section_title, tiles in sections:
            section = heading(section_title, role="sectionTitle")
            grid.addWidget(section, row, 0, 1, 4)
            row += 1
            for column, (key, title) in enumerate(tiles):
                tile = Tile(key, title)
                self.tiles[key] = tile
                grid.addWidget(tile, row, column)
            row += 1
            if row < 2 * len(sections):
                grid.setRowMinimumHeight(row, 6)
        for column in range(4):
            grid.setColumnStretch(column, 1)
        layout.addLayout(grid)
        layout.addStretch(1)

        self.database_label = paragraph("", "muted")
        self.database_label.setObjectName("databaseLocation")
        self.database_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.database_label)

    def refresh(self) -> None:
        self.show_counts(self.services.overview.counts())

    def show_counts(self, counts: OverviewCounts) -> None:
        locale = QLocale()
        self.tiles["municipalities"].set_value(
            counts.municipalities,
            self.tr("davon {members} Mitglieder").format(
                members=locale.toString(counts.member_municipalities)
            ),
        )
        self.tiles["persons"].set_value(counts.persons)
        self.tiles["distribution_lists"].set_value(counts.distribution_lists)
        self.tiles["consultations"].set_value(counts.consultations)
        self.tiles["events"].set_value(
            counts.events,
            self.tr("davon {upcoming} anstehend").format(
                upcoming=locale.toString(counts.upcoming_events)
            ),
        )
        self.tiles["press_releases"].set_value(counts.press_releases)
        self.tiles["follow_ups"].set_value(
            counts.due_follow_ups,
            self.tr("{open} offen insgesamt").format(open=locale.toString(counts.open_follow_ups)),
            alert=counts.due_follow_ups > 0,
        )
        self.demo_banner.setVisible(counts.is_demo)
        self.database_label.setText(
            self.tr("Datenbank: {database}").format(database=counts.database)
        )
