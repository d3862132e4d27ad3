"""The steps of a registration, shared by the list, the needs and the check-in: loading one,
its detail with history and needs, admitting it (places or the waiting list) and taking the next
status step — all inside the caller's transaction, which holds the event's lock.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from beratung.domain.enums import ConsentPurpose, NeedKind, RegistrationStatus, label
from beratung.domain.errors import UserError, ValidationError
from beratung.domain.events import AccessibilityNeed, Event, Registration
from beratung.domain.records import Consent
from beratung.domain.rules.dates import OFFICE_TIME_ZONE
from beratung.domain.rules.names import display_name
from beratung.domain.rules.registrations import HOLDING_PLACES
from beratung.services.base import ServiceContext
from beratung.services.events.common import Places, office_rules, rows_for
from beratung.services.events.snapshots import (
    HealthConsentInput,
    NeedInput,
    NeedSnapshot,
    RegistrationChangeSnapshot,
    RegistrationDetail,
)


def display_name_of(registration: Registration) -> str:
    person = registration.person
    return display_name(person.title, person.first_name, person.last_name)


def day_of(moment: datetime) -> date:
    return moment.astimezone(OFFICE_TIME_ZONE).date()


#: The status steps a person or the organiser may take (the check-in corrects both ways).
ALLOWED: dict[RegistrationStatus, frozenset[RegistrationStatus]] = {
    RegistrationStatus.INVITED: frozenset(
        {RegistrationStatus.REGISTERED, RegistrationStatus.DECLINED, RegistrationStatus.ATTENDED}
    ),
    RegistrationStatus.REGISTERED: frozenset(
        {
            RegistrationStatus.DECLINED,
            RegistrationStatus.ATTENDED,
            RegistrationStatus.NO_SHOW,
            RegistrationStatus.WAITLISTED,
        }
    ),
    RegistrationStatus.WAITLISTED: frozenset(
        {RegistrationStatus.REGISTERED, RegistrationStatus.DECLINED, RegistrationStatus.ATTENDED}
    ),
    RegistrationStatus.DECLINED: frozenset(
        {RegistrationStatus.REGISTERED, RegistrationStatus.ATTENDED, RegistrationStatus.INVITED}
    ),
    RegistrationStatus.ATTENDED: frozenset(
        {RegistrationStatus.NO_SHOW, RegistrationStatus.REGISTERED}
    ),
    RegistrationStatus.NO_SHOW: frozenset(
        {RegistrationStatus.ATTENDED, RegistrationStatus.REGISTERED}
    ),
}


def load_registration(s: Session, registration_id: int) -> Registration:
    registration = s.get(Registration, registration_id)
    if registration is None:
        raise UserError(f"Die Anmeldung Nr. {registration_id} gibt es nicht (mehr).")
    return registration


def registration_detail(s: Session, registration: Registration) -> RegistrationDetail:
    assistants, _weeks = office_rules(s)
    (row,) = rows_for(s, [registration.id], assistants)
    consent = health_consent(s, registration)
    return RegistrationDetail(
        row=row,
        version=registration.version,
        event_id=registration.event_id,
        affiliation_id=registration.affiliation_id,
        companion_names=registration.companion_names,
        notes=registration.notes,
        needs=tuple(
            NeedSnapshot(
                kind=need.kind,
                label=label(need.kind),
                details=need.details,
                delete_after=need.delete_after,
            )
            for need in registration.needs
        ),
        consent_method=consent.method if consent else None,
        consent_given_on=consent.given_on if consent else None,
        history=tuple(
            RegistrationChangeSnapshot(
                changed_at=change.changed_at,
                user_name=change.user_name,
                from_status=change.from_status,
                to_status=change.to_status,
                text=change.note or label(change.to_status),
            )
            for change in registration.changes
        ),
    )


def health_consent(s: Session, registration: Registration) -> Consent | None:
    """The person's standing consent to keep needs for this event (Art. 9 GDPR)."""
    return s.scalar(
        select(Consent)
        .where(
            Consent.person_id == registration.person_id,
            Consent.event_id == registration.event_id,
            Consent.purpose == ConsentPurpose.HEALTH_DATA,
            Consent.withdrawn_on.is_(None),
        )
        .order_by(Consent.id.desc())
    )


def check_needs(needs: Sequence[NeedInput], consent: HealthConsentInput | None) -> None:
    """Refuse needs that cannot be stored, before anything is written: a kind twice, "other"
    without words, and any need without the person's recorded consent (Art. 9 GDPR)."""
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


def store_needs(
    s: Session,
    event: Event,
    registration: Registration,
    needs: Sequence[NeedInput],
    consent: HealthConsentInput | None,
) -> None:
    """Replace the registration's needs (checked by :func:`check_needs`), each with the date it
    is deleted (the event's end plus the office's weeks), under the person's standing consent
    for this event or a new one; in the caller's transaction."""
    _assistants, weeks = office_rules(s)
    delete_after = day_of(event.ends_at or event.starts_at) + timedelta(weeks=weeks)
    for old in list(registration.needs):
        registration.needs.remove(old)
    s.flush()
    if not needs:
        return
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


def take_step(
    places: Places,
    registration: Registration,
    status: RegistrationStatus,
    note: str | None,
    ctx: ServiceContext,
) -> tuple[list[str], list[Registration]]:
    """One registration's next step (see :data:`ALLOWED`) inside the caller's transaction, which
    holds the event's lock; returns the notes for the user and who moved up."""
    before = registration.status
    if status is before:
        return [], []
    if status not in ALLOWED[before]:
        raise UserError(f"„{label(before)}“ kann nicht direkt zu „{label(status)}“ werden.")
    notes: list[str] = []
    now = ctx.now()
    if status is RegistrationStatus.REGISTERED:
        registration.responded_at = registration.responded_at or now
        if before in (RegistrationStatus.ATTENDED, RegistrationStatus.NO_SHOW):
            places.move(registration, status, ctx, note)  # a correction, same place
            registration.attended_at = None
        elif before is RegistrationStatus.WAITLISTED:
            # The organiser takes someone from the waiting list by hand (a speaker, a host):
            # only into places that are free; otherwise they keep their place in the line.
            needed = places.of(registration)
            if places.capacity is not None and places.taken + needed > places.capacity:
                raise UserError(
                    f"Für {display_name_of(registration)} ist kein Platz frei "
                    f"({places.taken} von {places.capacity} vergeben); sie bleibt auf der "
                    "Warteliste.",
                    hint="Erhöhen Sie die Plätze, dann rückt die Warteliste der Reihe nach auf.",
                )
            places.move(registration, status, ctx, note or "von der Warteliste angemeldet")
        else:
            notes = places.admit(registration, ctx)
    else:
        places.move(registration, status, ctx, note)
        if status is RegistrationStatus.DECLINED:
            registration.responded_at = now
        elif status is RegistrationStatus.ATTENDED:
            registration.attended_at = registration.attended_at or now
        elif status is RegistrationStatus.NO_SHOW:
            registration.attended_at = None
    promoted: list[Registration] = []
    if before in HOLDING_PLACES and status not in HOLDING_PLACES:
        promoted = places.serve(ctx)
    if promoted:
        names = ", ".join(display_name_of(p) for p in promoted)
        notes.append(f"Von der Warteliste nachgerückt: {names}.")
    return notes, promoted
