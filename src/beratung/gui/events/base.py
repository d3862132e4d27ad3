"""What every tab of an event's view is: a widget that shows one event (or none) and says when
it changed something, so the page reloads the other tabs and the list."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from beratung.services.events.snapshots import EventDetail

if TYPE_CHECKING:
    from beratung.services import Services


class EventTab(QWidget):
    """One tab of the event view.

    * ``tab_title()`` — the translated tab name (with a mnemonic);
    * ``set_event(detail)`` — show this event (``None``: no event chosen); called by the page
      whenever the chosen event changes or was changed by another tab;
    * ``changed`` — emit after a service call changed the event or its registrations;
    * ``has_unsaved_changes()`` — edits not saved yet (the page asks before leaving).

    Tabs call services only (``self.services.events…``), long work through
    ``gui.operations.run_operation``; every widget has an accessible name.
    """

    changed = Signal()

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.detail: EventDetail | None = None
        self.setAccessibleName(self.tab_title().replace("&", ""))

    def tab_title(self) -> str:
        raise NotImplementedError

    def set_event(self, detail: EventDetail | None) -> None:
        self.detail = detail

    def has_unsaved_changes(self) -> bool:
        return False
