"""One consultation inside a caller's session: loading it, describing it, its detail snapshot.

Shared by the parts of the package (recording, queries, attachments, fast entry); each takes the
session its own public method opened, so these helpers never begin a transaction.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, object_session, selectinload

from beratung.domain.contacts import Organisation, Person
from beratung.domain.errors import NotFoundError
from beratung.domain.rules.dates import format_date_de
from beratung.domain.rules.names import display_name
from beratung.domain.work import Attachment, Consultation, FollowUp
from beratung.services.consultations.snapshots import (
    AttachmentSnapshot,
    ConsultationDetail,
    ConsultationFollowUp,
    OrganisationRef,
    PersonRef,
    ProgrammeRef,
    TopicRef,
)


def not_found(what: str, ident: int) -> NotFoundError:
    """The German error for a record asked for by its number that is gone."""
    return NotFoundError(f"{what} Nr. {ident} gibt es nicht (mehr).")


def person_name(person: Person) -> str:
    """ "Dr. Anna Muster"; anonymised persons keep their (replaced) last name."""
    return display_name(person.title, person.first_name, person.last_name)


def organisation_ref(org: Organisation) -> OrganisationRef:
    return OrganisationRef(
        id=org.id,
        name=org.name,
        is_member=org.is_member,
        kreis=org.kreis,
        regierungsbezirk=org.regierungsbezirk,
    )


def role_in(person: Person, organisation_id: int | None) -> str | None:
    """The person's role in the consultation's organisation, when she has one there."""
    for affiliation in person.affiliations:
        if affiliation.organisation_id == organisation_id and affiliation.role:
            return affiliation.role
    return None


def load_consultation(session: Session, consultation_id: int) -> Consultation:
    """The consultation with what its detail shows, or a German ``NotFoundError``."""
    consultation = session.get(
        Consultation,
        consultation_id,
        options=[
            selectinload(Consultation.persons).selectinload(Person.affiliations),
            selectinload(Consultation.topics),
            selectinload(Consultation.attachments),
            joinedload(Consultation.organisation),
            joinedload(Consultation.programme),
        ],
    )
    if consultation is None:
        raise not_found("Die Beratung", consultation_id)
    return consultation


def describe(consultation: Consultation) -> str:
    """ "12.05.2017 – Stadt Ulm": how the audit log names a consultation."""
    day = format_date_de(consultation.occurred_at)
    org = consultation.organisation
    return f"{day} – {org.name}" if org is not None else day


def audit_fields(consultation: Consultation) -> dict[str, Any]:
    """The values the audit log records and compares (``diff``) for a consultation."""
    return {
        "occurred_at": consultation.occurred_at,
        "mode": consultation.mode.value if consultation.mode else None,
        "duration_minutes": consultation.duration_minutes,
        "organisation_id": consultation.organisation_id,
        "programme_id": consultation.programme_id,
        "person_ids": sorted(p.id for p in consultation.persons),
        "topics": sorted(t.name for t in consultation.topics),
        "subject": consultation.subject,
        "summary": consultation.summary,
        "outcome": consultation.outcome,
        "file_reference": consultation.file_reference,
        "advisor": consultation.advisor,
    }


def attachment_snapshot(a: Attachment) -> AttachmentSnapshot:
    return AttachmentSnapshot(
        id=a.id,
        consultation_id=a.consultation_id,
        original_name=a.original_name,
        stored_name=a.stored_name,
        sha256=a.sha256,
        size_bytes=a.size_bytes,
        added_at=a.added_at,
    )


def consultation_detail(c: Consultation) -> ConsultationDetail:
    """The frozen detail of a consultation loaded in a session that is still open."""
    programme = c.programme
    return ConsultationDetail(
        id=c.id,
        occurred_at=c.occurred_at,
        mode=c.mode,
        duration_minutes=c.duration_minutes,
        organisation=organisation_ref(c.organisation) if c.organisation else None,
        persons=tuple(
            PersonRef(p.id, person_name(p), role_in(p, c.organisation_id)) for p in c.persons
        ),
        topics=tuple(TopicRef(t.id, t.name) for t in c.topics),
        programme=ProgrammeRef(programme.id, programme.name, programme.deadline)
        if programme
        else None,
        subject=c.subject,
        summary=c.summary,
        outcome=c.outcome,
        file_reference=c.file_reference,
        advisor=c.advisor,
        attachments=tuple(
            attachment_snapshot(a) for a in sorted(c.attachments, key=lambda a: a.id)
        ),
        version=c.version,
        created_at=c.created_at,
        updated_at=c.updated_at,
        follow_ups=_follow_ups(c),
    )


def _follow_ups(c: Consultation) -> tuple[ConsultationFollowUp, ...]:
    session = object_session(c)
    if session is None or c.id is None:
        return ()
    return tuple(
        ConsultationFollowUp(f.id, f.due_on, f.note, f.done_at is not None)
        for f in session.scalars(
            select(FollowUp)
            .where(FollowUp.consultation_id == c.id)
            .order_by(FollowUp.due_on, FollowUp.id)
        )
    )
