"""The event view's tab "Einladungen und Anmeldungen" (being built)."""

from __future__ import annotations

from beratung.gui.events.base import EventTab


class RegistrationsTab(EventTab):
    def tab_title(self) -> str:
        return self.tr("&Einladungen und Anmeldungen")
