"""The tabs of an event's view, in order (the page builds one of each)."""

from __future__ import annotations

from beratung.gui.events.agenda import AgendaTab
from beratung.gui.events.base import EventTab
from beratung.gui.events.checkin import CheckInTab
from beratung.gui.events.details import DetailsTab
from beratung.gui.events.documents import DocumentsTab
from beratung.gui.events.needs import NeedsTab
from beratung.gui.events.registrations import RegistrationsTab

TAB_CLASSES: tuple[type[EventTab], ...] = (
    DetailsTab,
    AgendaTab,
    RegistrationsTab,
    NeedsTab,
    CheckInTab,
    DocumentsTab,
)
