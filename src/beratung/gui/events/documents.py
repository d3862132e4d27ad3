"""The event view's tab "Dokumente" (being built)."""

from __future__ import annotations

from beratung.gui.events.base import EventTab


class DocumentsTab(EventTab):
    def tab_title(self) -> str:
        return self.tr("D&okumente")
