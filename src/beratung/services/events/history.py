"""What a person's page shows of events: their registrations (contacts ask here, since contacts
know nothing of events)."""

from __future__ import annotations

from sqlalchemy import select

from beratung.domain.enums import label
from beratung.domain.events import Event, Registration
from beratung.services.base import Service
from beratung.services.events.snapshots import RegistrationRef


class PersonEventsService(Service):
    def list_person_registrations(self, person_id: int) -> list[RegistrationRef]:
        """A person's registrations, newest event first (their page's history)."""
        with self.db.read() as s:
            return [
                RegistrationRef(
                    id=r.id,
                    event_id=e.id,
                    event_title=e.title,
                    starts_at=e.starts_at,
                    status=r.status,
                    status_label=label(r.status),
                )
                for r, e in s.execute(
                    select(Registration, Event)
                    .join(Event, Event.id == Registration.event_id)
                    .where(Registration.person_id == person_id)
                    .order_by(Event.starts_at.desc(), Registration.id)
                )
            ]
