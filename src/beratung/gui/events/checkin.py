"""The event view's tab "Teilnahme" (being built)."""

from __future__ import annotations

from beratung.gui.events.base import EventTab


class CheckInTab(EventTab):
    def tab_title(self) -> str:
        return self.tr("Teil&nahme")
