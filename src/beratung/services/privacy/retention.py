"""Retention periods: the settings, what is due (:func:`due_items`), and applying them.

The rules themselves are pure (:mod:`beratung.domain.rules.retention`); this module reads the
dates they need and carries out what is due in one transaction. The periods live in the
database (the needs period in the office profile, where the events read it; the others in
``app_meta``), so the GUI, ``privacy purge-due`` and the Art. 30 record read the same values on
every workstation of a team database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from beratung.domain.contacts import Organisation, Person
from beratung.domain.errors import ValidationError
from beratung.domain.events import AccessibilityNeed, Event, Registration
from beratung.domain.office import OfficeProfile
from beratung.domain.records import AppMeta, IssuedDocument, IssuedDocumentRecipient
from beratung.domain.rules.dates import office_day
from beratung.domain.rules.names import display_name
from beratung.domain.rules.retention import (
    ConsultationRetention,
    RetentionSettings,
    consultation_due_on,
    contact_review_due_on,
    is_due,
    needs_due_on,
    years_after,
)
from beratung.domain.work import Consultation, consultation_person

_KEYS = {
    "contacts_review_years": "retention/contacts_review_years",
    "consultations_years": "retention/consultations_years",
    "consultations_action": "retention/consultations_action",
}
_PROFILE_ID = 1


@dataclass(frozen=True, slots=True)
class DueNeeds:
    """The needs of one registration, due for deletion."""

    registration_id: int
    event_id: int
    event_title: str
    event_day: date
    needs: int
    due_on: date


@dataclass(frozen=True, slots=True)
class DueContact:
    """A person without activity for the review period (listed, never deleted by a rule)."""

    person_id: int
    name: str
    last_activity: date
    due_on: date


@dataclass(frozen=True, slots=True)
class DueConsultation:
    consultation_id: int
    occurred_on: date
    organisation: str
    due_on: date


@dataclass(frozen=True, slots=True)
class DueReport:
    """Everything due on ``today`` under ``settings``."""

    today: date
    settings: RetentionSettings
    needs: tuple[DueNeeds, ...]
    contacts: tuple[DueContact, ...]
    consultations: tuple[DueConsultation, ...]

    @property
    def is_empty(self) -> bool:
        return not (self.needs or self.contacts or self.consultations)


def read_settings(s: Session) -> RetentionSettings:
    profile = s.get(OfficeProfile, _PROFILE_ID)
    stored = {row.key: row.value for row in s.scalars(
        select(AppMeta).where(AppMeta.key.in_(list(_KEYS.values())))
    )}
    default = RetentionSettings()

    def number(name: str, fallback: int) -> int:
        raw = stored.get(_KEYS[name])
        try:
            return int(raw) if raw is not None else fallback
        except ValueError:
            return fallback

    action_raw = stored.get(_KEYS["consultations_action"], default.consultations_action.value)
    try:
        action = ConsultationRetention(action_raw)
    except ValueError:
        action = default.consultations_action
    return RetentionSettings(
        needs_weeks=int(profile.needs_retention_weeks) if profile else default.needs_weeks,
        contacts_review_years=number("contacts_review_years", default.contacts_review_years),
        consultations_years=number("consultations_years", default.consultations_years),
        consultations_action=action,
    )


def write_settings(s: Session, settings: RetentionSettings) -> None:
    """Store validated settings; the needs period goes to the office profile (which the
    events read when they record needs) and needs one."""
    profile = s.get(OfficeProfile, _PROFILE_ID)
    if profile is not None:
        profile.needs_retention_weeks = settings.needs_weeks
    elif settings.needs_weeks != RetentionSettings().needs_weeks:
        raise ValidationError(
            "Die Frist für Bedarfe wird mit dem Absender gespeichert; bitte zuerst unter "
            "Einstellungen → Absender den Absender eintragen.",
            field="needs_weeks",
        )
    values = {
        _KEYS["contacts_review_years"]: str(settings.contacts_review_years),
        _KEYS["consultations_years"]: str(settings.consultations_years),
        _KEYS["consultations_action"]: settings.consultations_action.value,
    }
    for key, value in values.items():
        row = s.get(AppMeta, key)
        if row is None:
            s.add(AppMeta(key=key, value=value))
        else:
            row.value = value


def due_items(s: Session, settings: RetentionSettings, today: date) -> DueReport:
    return DueReport(
        today=today,
        settings=settings,
        needs=tuple(_due_needs(s, settings, today)),
        contacts=tuple(_due_contacts(s, settings, today)),
        consultations=tuple(_due_consultations(s, settings, today)),
    )


def _due_needs(s: Session, settings: RetentionSettings, today: date) -> list[DueNeeds]:
    rows = s.execute(
        select(
            Registration.id,
            Event.id,
            Event.title,
            Event.starts_at,
            Event.ends_at,
            func.count(AccessibilityNeed.id),
            func.min(AccessibilityNeed.delete_after),
        )
        .join(Event, Event.id == Registration.event_id)
        .join(AccessibilityNeed, AccessibilityNeed.registration_id == Registration.id)
        .group_by(Registration.id, Event.id, Event.title, Event.starts_at, Event.ends_at)
        .order_by(Event.starts_at, Registration.id)
    ).all()
    out = []
    for reg_id, event_id, title, starts_at, ends_at, count, stored in rows:
        day = office_day(ends_at or starts_at)
        due_on = needs_due_on(day, settings.needs_weeks, stored)
        if is_due(due_on, today):
            out.append(DueNeeds(reg_id, event_id, title, day, int(count), due_on))
    return out


def _due_contacts(s: Session, settings: RetentionSettings, today: date) -> list[DueContact]:
    last: dict[int, date] = {}

    def note(person_id: int, moment: date | None) -> None:
        if moment is None:
            return
        day = office_day(moment)
        if person_id not in last or day > last[person_id]:
            last[person_id] = day

    persons = s.execute(
        select(Person.id, Person.title, Person.first_name, Person.last_name, Person.updated_at)
        .where(Person.erased_at.is_(None))
    ).all()
    names = {pid: display_name(t, f, ln) for pid, t, f, ln, _u in persons}
    for pid, *_rest, updated in persons:
        note(pid, updated)
    for pid, moment in s.execute(
        select(consultation_person.c.person_id, func.max(Consultation.occurred_at))
        .join(Consultation, Consultation.id == consultation_person.c.consultation_id)
        .group_by(consultation_person.c.person_id)
    ):
        note(pid, moment)
    for pid, moment in s.execute(
        select(Registration.person_id, func.max(Event.starts_at))
        .join(Event, Event.id == Registration.event_id)
        .group_by(Registration.person_id)
    ):
        note(pid, moment)
    for pid, moment in s.execute(
        select(IssuedDocumentRecipient.person_id, func.max(IssuedDocument.issued_at))
        .join(IssuedDocument, IssuedDocument.id == IssuedDocumentRecipient.document_id)
        .group_by(IssuedDocumentRecipient.person_id)
    ):
        note(pid, moment)
    out = []
    for pid, name in names.items():
        if pid not in last:
            continue
        due_on = contact_review_due_on(last[pid], settings.contacts_review_years)
        if is_due(due_on, today):
            out.append(DueContact(pid, name, last[pid], due_on))
    return sorted(out, key=lambda c: (c.last_activity, c.person_id))


def _due_consultations(
    s: Session, settings: RetentionSettings, today: date
) -> list[DueConsultation]:
    cutoff = years_after(today, -settings.consultations_years)
    has_persons = (
        select(consultation_person.c.consultation_id)
        .where(consultation_person.c.consultation_id == Consultation.id)
        .exists()
    )
    rows = s.execute(
        select(Consultation.id, Consultation.occurred_at, Organisation.name)
        .outerjoin(Organisation, Organisation.id == Consultation.organisation_id)
        .where(
            Consultation.occurred_at <= _end_of(cutoff),
            has_persons
            | Consultation.subject.is_not(None)
            | Consultation.summary.is_not(None)
            | Consultation.outcome.is_not(None)
            | Consultation.attachments.any(),
        )
        .order_by(Consultation.occurred_at, Consultation.id)
    ).all()
    out = []
    for cid, occurred, organisation in rows:
        day = office_day(occurred)
        due_on = consultation_due_on(day, settings.consultations_years)
        if is_due(due_on, today):
            out.append(DueConsultation(cid, day, organisation or "–", due_on))
    return out


def _end_of(day: date) -> datetime:
    """A generous upper bound in UTC for "on or before ``day`` in the office" (the rule
    decides exactly afterwards)."""
    return datetime.combine(day + timedelta(days=1), time(23, 59), tzinfo=UTC)


def remove_attachment_files(folder: Path, stored_names: list[str]) -> None:
    """Delete the files of removed attachments (after the commit: a rolled back purge keeps
    them). A file already gone is fine."""
    for name in stored_names:
        path = folder / name
        if path.resolve().parent == folder.resolve():
            path.unlink(missing_ok=True)


def purge_consultations(
    s: Session, ids: list[int], action: ConsultationRetention
) -> list[str]:
    """Anonymise (persons, subject, notes, result and attachments go; date, municipality,
    programme, mode, duration and topics stay) or delete these consultations, through the
    ORM so the full-text index follows. Returns the attachment files to remove after the
    commit."""
    files: list[str] = []
    for consultation in s.scalars(select(Consultation).where(Consultation.id.in_(ids))):
        files += [a.stored_name for a in consultation.attachments]
        if action is ConsultationRetention.DELETE:
            s.delete(consultation)
            continue
        consultation.persons.clear()
        consultation.attachments.clear()
        consultation.subject = None
        consultation.summary = None
        consultation.outcome = None
    s.flush()
    return files
