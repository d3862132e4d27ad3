"""Einstellungen → Darstellung: the colour scheme (standard or high contrast) of this workstation.

Like the window geometry it lives in QSettings (``settings.THEME``): how the screen looks is a
property of the person at this computer, not of the shared data. A change applies at once to
the whole application style (palette and style sheet); font sizes always follow the system.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Slot
from PySide6.QtWidgets import QApplication, QComboBox, QHBoxLayout, QLabel, QWidget

from beratung import settings
from beratung.gui import style
from beratung.gui.pages.base import heading
from beratung.gui.settings.base import SettingsTab, form_layout, make_card

if TYPE_CHECKING:
    from beratung.services import Services


class AppearanceTab(SettingsTab):
    """The colour scheme; switching applies immediately and is remembered."""

    def __init__(
        self,
        services: Services,
        parent: QWidget | None = None,
        store: Callable[[], QSettings] = QSettings,
    ) -> None:
        super().__init__(services, parent)
        self._store = store
        outer = QHBoxLayout(self)
        outer.setContentsMargins(0, 12, 0, 0)
        card, box = make_card()
        box.addWidget(heading(self.tr("Darstellung"), "sectionTitle"))
        self.explanation = QLabel(
            self.tr(
                "Der hohe Kontrast zeigt schwarze Schrift auf Weiß mit schwarzen Rahmen und eine "
                "gelb auf schwarz markierte Auswahl. „Wie das System“ übernimmt unter Windows den "
                "eingeschalteten hohen Kontrast des Systems. Die Schriftgröße folgt immer der "
                "Einstellung des Systems (auch 200 %)."
            )
        )
        self.explanation.setWordWrap(True)
        self.explanation.setProperty("role", "muted")
        box.addWidget(self.explanation)

        form = form_layout()
        self.theme = QComboBox()
        self.theme.setObjectName("appearanceTheme")
        for key, text in (
            (style.SYSTEM, self.tr("Wie das System")),
            (style.STANDARD.key, self.tr("Standard")),
            (style.HIGH_CONTRAST.key, self.tr("Hoher Kontrast")),
        ):
            self.theme.addItem(text, key)
        self.labelled(form, self.tr("Farbsche&ma:"), self.theme, self.tr("Farbschema"))
        box.addLayout(form)
        self.message = QLabel()
        self.message.setObjectName("appearanceMessage")
        self.message.setWordWrap(True)
        box.addWidget(self.message)
        box.addStretch(1)
        outer.addWidget(card, 3)
        outer.addStretch(1)
        self.theme.activated.connect(self._chosen)

    def load(self) -> None:
        key = settings.read_str(settings.THEME, self._store())
        index = self.theme.findData(key)
        self.theme.setCurrentIndex(max(index, 0))
        self.message.clear()

    @Slot(int)
    def _chosen(self, index: int) -> None:
        key = str(self.theme.itemData(index))
        store = self._store()
        store.setValue(settings.THEME.key, key)
        store.sync()
        app = QApplication.instance()
        if isinstance(app, QApplication):
            style.apply_style(app, key)
        self.message.setText(
            self.tr("Farbschema „{name}“ ist eingestellt.").format(name=self.theme.itemText(index))
        )
