"""Consent records (Einwilligungen): what a person agreed to, when and how, and its withdrawal.

A withdrawn consent is kept as evidence (Art. 7 (1) GDPR: the office must be able to show the
consent it relied on) with the day of the withdrawal; what was stored under it ends with it:
withdrawing a consent to health data deletes the needs recorded under that consent at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import delete
from sqlalchemy.orm import Session

from beratung.domain.enums import ConsentMethod, ConsentPurpose
from beratung.domain.errors import ValidationError
from beratung.domain.events import AccessibilityNeed
from beratung.domain.records import Consent
from beratung.domain.rules.dates import format_date_de

#: Longest note on a consent (the same limit as the form shows).
NOTES_MAX = 2000


@dataclass(frozen=True, slots=True)
class ConsentInput:
    purpose: ConsentPurpose
    method: ConsentMethod
    given_on: date
    valid_until: date | None = None
    notes: str | None = None


def check_consent(data: ConsentInput, today: date) -> ConsentInput:
    """The input, or a German :class:`ValidationError` naming the field."""
    if data.given_on > today:
        raise ValidationError(
            f"Das Datum der Einwilligung ({format_date_de(data.given_on)}) liegt in der "
            "Zukunft.",
            field="given_on",
        )
    if data.valid_until is not None and data.valid_until < data.given_on:
        raise ValidationError(
            "„Gültig bis“ liegt vor dem Tag der Einwilligung.", field="valid_until"
        )
    notes = (data.notes or "").strip() or None
    if notes is not None and len(notes) > NOTES_MAX:
        raise ValidationError(
            f"Die Notiz ist zu lang (höchstens {NOTES_MAX} Zeichen).", field="notes"
        )
    return ConsentInput(data.purpose, data.method, data.given_on, data.valid_until, notes)


def withdraw(s: Session, consent: Consent, on: date) -> int:
    """Mark ``consent`` withdrawn on ``on`` and delete the needs stored under it; returns how
    many needs were deleted."""
    if consent.withdrawn_on is not None:
        raise ValidationError(
            f"Die Einwilligung wurde bereits am {format_date_de(consent.withdrawn_on)} "
            "widerrufen.",
            field="withdrawn_on",
        )
    if on < consent.given_on:
        raise ValidationError(
            "Der Widerruf kann nicht vor der Einwilligung liegen.", field="withdrawn_on"
        )
    consent.withdrawn_on = on
    result = s.execute(delete(AccessibilityNeed).where(AccessibilityNeed.consent_id == consent.id))
    return int(getattr(result, "rowcount", 0) or 0)
