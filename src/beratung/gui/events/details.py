"""The event view's tab "Details" (being built)."""

from __future__ import annotations

from beratung.gui.events.base import EventTab


class DetailsTab(EventTab):
    def tab_title(self) -> str:
        return self.tr("&Details")
