"""Einstellungen → Darstellung: the colour scheme (standard or high contrast) of this workstation.

Like the window geometry it lives in QSettings (``settings.THEME``): how the screen looks is a
property of the person at this computer, not of the shared data. A change applies at once to
the whole application style (palette and style sheet); font sizes always follow the system.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QApplication, QComboBox, QLabel

from beratung import settings
from beratung.gui import style
from beratung.gui.settings.base import WorkstationTab, explained_card

if TYPE_CHECKING:
    pass


class AppearanceTab(WorkstationTab):
    """The colour scheme; switching applies immediately and is remembered."""

    def build(self) -> None:
        """The card with the colour scheme's choice."""
        card = explained_card(
            self.tr("Darstellung"),
            self.tr(
                "Der hohe Kontrast zeigt schwarze Schrift auf Weiß mit schwarzen Rahmen und eine "
                "gelb auf schwarz markierte Auswahl. „Wie das System“ übernimmt unter Windows den "
                "eingeschalteten hohen Kontrast des Systems. Die Schriftgröße folgt immer der "
                "Einstellung des Systems (auch 200 %)."
            ),
        )
        box, form = card.box, card.form
        self.theme = QComboBox()
        self.theme.setObjectName("appearanceTheme")
        for key, text in (
            (style.SYSTEM, self.tr("Wie das System")),
            (style.STANDARD.key, self.tr("Standard")),
            (style.HIGH_CONTRAST.key, self.tr("Hoher Kontrast")),
        ):
            self.theme.addItem(text, key)
        self.labelled(form, self.tr("Farbsche&ma:"), self.theme, self.tr("Farbschema"))
        self.message = QLabel()
        self.message.setObjectName("appearanceMessage")
        self.message.setWordWrap(True)
        box.addWidget(self.message)
        box.addStretch(1)
        self.columns.addWidget(card.frame, 3)
        self.columns.addStretch(1)
        self.theme.activated.connect(self._chosen)

    def load(self) -> None:
        key = settings.read_str(settings.THEME, self.store())
        index = self.theme.findData(key)
        self.theme.setCurrentIndex(max(index, 0))
        self.message.clear()

    @Slot(int)
    def _chosen(self, index: int) -> None:
        key = str(self.theme.itemData(index))
        store = self.store()
        store.setValue(settings.THEME.key, key)
        store.sync()
        app = QApplication.instance()
        if isinstance(app, QApplication):
            style.apply_style(app, key)
        self.message.setText(
            self.tr("Farbschema „{name}“ ist eingestellt.").format(name=self.theme.itemText(index))
        )
