"""Events (Werkstattgespräche): planning, invitations, registrations, attendance.

Events build on contacts (an invitee is a person with a role), never the reverse: contacts
import nothing from here (an import-linter contract). What a person's page shows of events —
their registrations — comes from this package.
"""

from __future__ import annotations

from beratung.services.events.service import EventService
from beratung.services.events.snapshots import RegistrationRef

__all__ = ["EventService", "RegistrationRef"]
