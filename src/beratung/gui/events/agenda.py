"""The event view's tab "Tagesordnung" (being built)."""

from __future__ import annotations

from beratung.gui.events.base import EventTab


class AgendaTab(EventTab):
    def tab_title(self) -> str:
        return self.tr("&Tagesordnung")
