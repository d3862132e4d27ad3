"""Übersicht: the figures of the database at a glance."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from PySide6.QtCore import QLocale, Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent, QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from beratung.gui.consultations.followups import FollowUpPanel
from beratung.gui.pages.base import Page, heading, paragraph, scrolling_body
from beratung.gui.style import scaled

if TYPE_CHECKING:
    from beratung.services import Services
    from beratung.services.overview import OverviewCounts


class Tile(QFrame):
    """One figure with a title and an optional detail line; a click or Enter/Space on the
    focused tile emits ``activated`` (the page opens what the figure counts)."""

    activated = Signal()

    def __init__(self, key: str, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"tile_{key}")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setProperty("role", "card")
        self.setProperty("alert", False)
        self.setMinimumHeight(118)
        # equal columns whatever the text: the grid's stretch decides the width, not the content
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.title = title
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 14)
        layout.setSpacing(2)
        self.title_label = QLabel(title)
        self.title_label.setProperty("role", "tileTitle")
        self.title_label.setWordWrap(True)
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

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(
            event.position().toPoint()
        ):
            self.activated.emit()
            event.accept()
            return
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.activated.emit()
            event.accept()
            return
        super().keyPressEvent(event)

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
        layout = scrolling_body(self)
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
                    ("organisations", self.tr("Organisationen insgesamt")),
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
        self._grid = grid
        self._sections: list[tuple[QLabel, list[Tile]]] = []
        for section_title, tiles in sections:
            section_tiles = []
            for key, title in tiles:
                tile = Tile(key, title)
                self.tiles[key] = tile
                tile.activated.connect(lambda key=key: self.open_tile(key))
                section_tiles.append(tile)
            section = heading(section_title, role="sectionTitle")
            section.setContentsMargins(0, 6, 0, 0)
            self._sections.append((section, section_tiles))
        self._columns = 0
        self._arrange(self.WIDE_COLUMNS)
        layout.addLayout(grid)

        self.follow_ups = FollowUpPanel(services)
        self.follow_ups.open_requested.connect(self.open_follow_up_subject)
        self.follow_ups.changed.connect(self._follow_ups_changed)
        layout.addWidget(self.follow_ups)
        layout.addStretch(1)

        self.database_label = paragraph("", "muted")
        self.database_label.setObjectName("databaseLocation")
        self.database_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.database_label)

    #: Four tiles per row when there is room, two on a narrow window.
    WIDE_COLUMNS = 4
    NARROW_COLUMNS = 2
    NARROW_BELOW = 860  # page width in pixels at the default font

    def _arrange(self, columns: int) -> None:
        if columns == self._columns:
            return
        self._columns = columns
        grid = self._grid
        while grid.count():
            grid.takeAt(0)
        row = 0
        for section, tiles in self._sections:
            grid.addWidget(section, row, 0, 1, columns)
            row += 1
            for index, tile in enumerate(tiles):
                grid.addWidget(tile, row + index // columns, index % columns)
            row += (len(tiles) + columns - 1) // columns
        for column in range(max(self.WIDE_COLUMNS, columns)):
            grid.setColumnStretch(column, 1 if column < columns else 0)

    def resizeEvent(self, event: QResizeEvent) -> None:
        # the threshold grows with the font: four tiles of 200 % text need twice the room
        narrow = event.size().width() < scaled(self.NARROW_BELOW)
        self._arrange(self.NARROW_COLUMNS if narrow else self.WIDE_COLUMNS)
        super().resizeEvent(event)

    #: The page each tile opens; the follow-up tile goes to the panel below.
    TILE_PAGES: ClassVar[dict[str, str]] = {
        "municipalities": "contacts",
        "persons": "contacts",
        "distribution_lists": "contacts",
        "organisations": "contacts",
        "consultations": "consultations",
        "events": "events",
        "press_releases": "press",
    }

    def open_tile(self, key: str) -> None:
        """What a tile counts: its page (through the main window), or the follow-up panel."""
        if key == "follow_ups":
            if self.follow_ups.table.isVisible():  # hidden while nothing is open
                self.follow_ups.table.setFocus(Qt.FocusReason.OtherFocusReason)
            scroll = self.findChild(QScrollArea, "pageScrollArea")
            if scroll is not None:
                scroll.ensureWidgetVisible(self.follow_ups)
            return
        page = self.TILE_PAGES.get(key)
        if page is not None:
            self.navigate_requested.emit(page)

    def refresh(self) -> None:
        self.show_counts(self.services.overview.counts())
        self.follow_ups.refresh()

    def _follow_ups_changed(self) -> None:
        self.show_counts(self.services.overview.counts())

    #: Page key, method and its argument that show what a follow-up belongs to.
    SUBJECT_TARGETS: ClassVar[dict[str, tuple[str, str, str]]] = {
        "consultation": ("consultations", "open_consultation", "consultation_id"),
        "organisation": ("contacts", "show_organisation", "organisation_id"),
        "person": ("contacts", "show_person", "person_id"),
        "event": ("events", "show_event", "event_id"),
    }

    def open_follow_up_subject(self, kind: str, ident: int) -> None:
        """Show the consultation, organisation, person or event a follow-up belongs to (through
        the main window; a page without the method is only shown)."""
        target = self.SUBJECT_TARGETS.get(kind)
        if target is None:
            return
        key, method, argument = target
        self.request(key, method, **{argument: ident})

    def show_counts(self, counts: OverviewCounts) -> None:
        locale = QLocale()
        self.tiles["municipalities"].set_value(
            counts.municipalities,
            (
                self.tr("davon ein Mitglied")
                if counts.member_municipalities == 1
                else self.tr("davon {members} Mitglieder").format(
                    members=locale.toString(counts.member_municipalities)
                )
            ),
        )
        self.tiles["persons"].set_value(counts.persons)
        self.tiles["organisations"].set_value(
            counts.organisations,
            self.tr("Kommunen, Landkreise, Verbände, Ministerien, Presse"),
        )
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
