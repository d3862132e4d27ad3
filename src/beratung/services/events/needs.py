"""Accessibility needs of participants: health data (Art. 9 GDPR), stored only with a recorded
consent and deleted after the event (its end plus the office's weeks, default 4); sums for the
venue and the caterer without names, and the named list for the organiser only.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from beratung.domain.enums import AuditAction, ConsentPurpose, NeedKind
from beratung.domain.errors import ValidationError
from beratung.domain.events import AccessibilityNeed
from beratung.domain.records import Consent
from beratung.services.base import Service
from beratung.services.events.common import load_event, office_rules
from beratung.services.events.snapshots import HealthConsentInput, NeedInput, RegistrationDetail
from beratung.services.events.steps import (
    day_of,
    health_consent,
    load_registration,
    registration_detail,
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
        kinds = [need.kind for need in needs]
        if len(set(kinds)) != len(kinds):
            raise ValidationError("Jeder Bedarf nur einmal, bitte.", field="needs")
        for need in needs:
            if need.kind is NeedKind.OTHER and not (need.details or "").strip():
                raise ValidationError(
                    "Bei „Sonstiges“ bitte beschreiben, was gebraucht wird.", field="needs"
                )
        if needs and consent is None:
            raise ValidationError(
                "Bedarfe sind Gesundheitsdaten und werden nur mit Einwilligung gespeichert. "
                "Es wurde nichts gespeichert.",
                field="needs_consent",
                hint="Bitte halten Sie fest, wann und wie die Person eingewilligt hat.",
            )
        with self.db.transaction() as s:
            registration = load_registration(s, registration_id)
            event = load_event(s, registration.event_id)
            _assistants, weeks = office_rules(s)
            delete_after = day_of(event.ends_at or event.starts_at) + timedelta(weeks=weeks)
            for old in list(registration.needs):
                registration.needs.remove(old)
            s.flush()
            if needs:
                assert consent is not None
                record = health_consent(s, registration)
                if record is None:
                    record = Consent(
                        person_id=registration.person_id,
                        purpose=ConsentPurpose.HEALTH_DATA,
                        event_id=event.id,
                        method=consent.method,
                        given_on=consent.given_on,
                        valid_until=delete_after,
                        notes=(consent.notes or "").strip() or f"Bedarfe für „{event.title}“",
                    )
                    s.add(record)
                    s.flush()
                for need in needs:
                    registration.needs.append(
                        AccessibilityNeed(
                            kind=need.kind,
                            details=(need.details or "").strip() or None,
                            consent_id=record.id,
                            delete_after=delete_after,
                        )
                    )
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
