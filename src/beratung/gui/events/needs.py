"""The event view's tab "Bedarfe" (being built)."""

from __future__ import annotations

from beratung.gui.events.base import EventTab


class NeedsTab(EventTab):
    def tab_title(self) -> str:
        return self.tr("&Bedarfe")
