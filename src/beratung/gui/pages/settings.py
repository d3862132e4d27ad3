"""Einstellungen: Absender (Briefkopf), Bearbeiter/innen, Aktenplan, Textvorlagen, the log of
issued documents, the municipality directory, the automatic backups, data protection
(retention periods, what is due, the Art. 30 record), where the data lives, and the colour
scheme (Darstellung).

The page only assembles the tabs; each tab is one module in :mod:`beratung.gui.settings`. Every
tab reads through the services when the page is shown; every save runs through
:func:`~beratung.gui.operations.run_operation` with the ``version`` it loaded. A
``ValidationError`` marks the field it names and is shown under the form; a
``ConcurrentEditError`` offers to reload. File dialogs are classmethods on
:class:`SettingsDialogs` so tests can replace them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from beratung.gui.pages.base import Page, heading
from beratung.gui.settings.appearance import AppearanceTab
from beratung.gui.settings.backups import BackupsTab
from beratung.gui.settings.base import SettingsDialogs, SettingsTab
from beratung.gui.settings.clerks import ClerksTab
from beratung.gui.settings.directory import DirectoryTab
from beratung.gui.settings.file_plan import FilePlanTab
from beratung.gui.settings.issued import IssuedTab
from beratung.gui.settings.locations import LocationsTab
from beratung.gui.settings.privacy import PrivacyTab
from beratung.gui.settings.profile import ProfileTab
from beratung.gui.settings.templates import TemplatesTab
from beratung.gui.style import read_only_look

if TYPE_CHECKING:
    from beratung.services import Services


class SettingsPage(Page):
    def title(self) -> str:
        return self.tr("Einstellungen")

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(services, parent)
        read_only_look(self, "grey")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.setSpacing(8)
        layout.addWidget(heading(self.title()))

        self.tabs = QTabWidget()
        self.tabs.setObjectName("settingsTabs")
        self.tabs.setAccessibleName(self.tr("Bereiche der Einstellungen"))
        self.tabs.setDocumentMode(True)
        self.profile_tab = ProfileTab(services)
        self.clerks_tab = ClerksTab(services)
        self.file_plan_tab = FilePlanTab(services)
        self.templates_tab = TemplatesTab(services)
        self.issued_tab = IssuedTab(services)
        self.locations_tab = LocationsTab(services)
        self.directory_tab = DirectoryTab(services)
        self.backups_tab = BackupsTab(services)
        self.privacy_tab = PrivacyTab(services)
        self.appearance_tab = AppearanceTab(services)
        for tab, text in (
            (self.profile_tab, self.tr("Absender")),
            (self.clerks_tab, self.tr("Bearbeiter/innen")),
            (self.file_plan_tab, self.tr("Aktenplan")),
            (self.templates_tab, self.tr("Textvorlagen")),
            (self.issued_tab, self.tr("Ausgegebene Dokumente")),
            (self.directory_tab, self.tr("Gemeindeverzeichnis")),
            (self.backups_tab, self.tr("Sicherungen")),
            (self.privacy_tab, self.tr("Datenschutz")),
            (self.locations_tab, self.tr("Speicherorte")),
            (self.appearance_tab, self.tr("Darstellung")),
        ):
            # no mnemonics on the tabs (their letters are taken by the fields); Strg+Tab and
            # Strg+Bild auf/ab switch tabs
            tab.setAccessibleName(text)
            self.tabs.addTab(tab, text)
        self.tabs.currentChanged.connect(self._tab_changed)
        layout.addWidget(self.tabs, 1)
        self._loaded: set[int] = set()

    @property
    def location_labels(self) -> dict[str, QLabel]:
        return self.locations_tab.location_labels

    def refresh(self) -> None:
        """Reload the visible tab now; the others when they are shown."""
        self._loaded.clear()
        self._tab_changed(self.tabs.currentIndex())
        self.locations_tab.load()

    @Slot(int)
    def _tab_changed(self, index: int) -> None:
        if index < 0 or index in self._loaded:
            return
        self._loaded.add(index)
        tab = self.tabs.widget(index)
        if isinstance(tab, SettingsTab):
            tab.load()

    def show_tab(self, tab: QWidget) -> None:
        self.tabs.setCurrentWidget(tab)
        if isinstance(tab, SettingsTab):
            tab.load()


#: ``SettingsDialogs`` is the page's set of dialog entry points (tests replace them).
__all__ = ["SettingsDialogs", "SettingsPage"]
