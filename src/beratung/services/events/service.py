"""The events service as the GUI and the CLI use it: one object composed of the parts.

Each base class is a complete service of its own over the same context; they share no state and
call each other only through the module functions of their modules (``common.py``,
``steps.py``), so the order of the bases does not matter — with one exception: the import of
reply forms (``replies.py``) registers through :class:`RegistrationService`'s in-transaction
steps, so it derives from it and comes before it.
"""

from __future__ import annotations

from beratung.services.events.checkin import CheckInService
from beratung.services.events.figures import EventFiguresService
from beratung.services.events.history import PersonEventsService
from beratung.services.events.invitations import InvitationService
from beratung.services.events.lists import EventListsService
from beratung.services.events.needs import NeedsService
from beratung.services.events.planning import EventPlanningService
from beratung.services.events.registrations import RegistrationService
from beratung.services.events.replies import ReplyImportService
from beratung.services.events.report import EventReportService
from beratung.services.events.venues import VenueService


class EventService(
    EventPlanningService,
    VenueService,
    ReplyImportService,
    RegistrationService,
    NeedsService,
    CheckInService,
    EventFiguresService,
    EventReportService,
    PersonEventsService,
    EventListsService,
    InvitationService,
):
    """Werkstattgespräche and other events: planning, invitations, registrations with needs
    and the waiting list, the check-in (issue 11), invitations and their reply forms (issue 12)."""
