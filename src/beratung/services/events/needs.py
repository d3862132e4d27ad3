"""Accessibility needs of participants: health data (Art. 9 GDPR), stored only with a recorded
consent and deleted after the event (its end plus the office's weeks, default 4); sums for the
venue and the caterer without names, and the named list for the organiser only.
"""

from __future__ import annotations

from collections.abc import Sequence

from beratung.domain.enums import AuditAction
from beratung.services.base import Service
from beratung.services.events.common import load_event
from beratung.services.events.snapshots import HealthConsentInput, NeedInput, RegistrationDetail
from beratung.services.events.steps import (
    check_needs,
    load_registration,
    registration_detail,
    store_needs,
)


class NeedsService(Service):
    """What participants need to take part, and who sees it."""

    def record_needs(
        self,
        registration_id: int,
        needs: Sequence[NeedInput],
        consent: HealthConsentInput | None,
    ) -> RegistrationDetail:
        """Store a participant's accessibility needs — only with their recorded consent (Art. 9
        GDPR): without it nothing is stored and the message says why. Replaces earlier needs;
        each is deleted after the event's end plus the office's weeks (default 4)."""
        check_needs(needs, consent)
        with self.db.transaction() as s:
            registration = load_registration(s, registration_id)
            event = load_event(s, registration.event_id)
            store_needs(s, event, registration, needs, consent)
            s.flush()
            self.audit(
                s,
                AuditAction.UPDATE,
                "registration",
                registration.id,
                f"Bedarfe zu „{event.title}“ festgehalten: {len(needs)}",
                {"needs": [n.kind.value for n in needs]},  # kinds only: no health details logged
            )
            return registration_detail(s, registration)
