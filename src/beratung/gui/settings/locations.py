"""Einstellungen → Speicherorte: where the database, the backups and the log live."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from beratung.gui.settings.base import SettingsTab, form_layout, make_card

if TYPE_CHECKING:
    from beratung.services import Services


class LocationsTab(SettingsTab):
    """Read-only: where the database, the backups and the log are (for support calls)."""

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(services, parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 12, 0, 0)
        card, box = make_card()
        form = form_layout()
        self.location_labels: dict[str, QLabel] = {}
        for key, label in (
            ("database", self.tr("Date&nbank:")),
            ("backups", self.tr("Si&cherungen:")),
            ("log", self.tr("Pr&otokolldatei:")),
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
        box.addLayout(form)
        layout.addWidget(card)
        layout.addStretch(1)

    def load(self) -> None:
        paths = self.services.paths
        locations = {
            "database": self.services.db.describe(),
            "backups": str(paths.backup_dir),
            "log": str(paths.log_file),
        }
        for key, text in locations.items():
            self.location_labels[key].setText(text)
            self.location_labels[key].setAccessibleName(text)
