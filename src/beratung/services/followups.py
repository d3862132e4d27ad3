"""Follow-ups (Wiedervorlagen): due today, overdue, this week (issue 4)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from beratung.domain.contacts import Organisation, Person
from beratung.domain.enums import AuditAction
from beratung.domain.errors import NotFoundError, ValidationError
from beratung.domain.events import Event
from beratung.domain.rules.dates import format_date_de, relative_due_date
from beratung.domain.rules.names import display_name
from beratung.domain.rules.text import clean_text
from beratung.domain.work import Consultation, FollowUp
from beratung.services.base import Service, diff
from beratung.services.limits import check_limits


@dataclass(frozen=True, slots=True)
class FollowUpDraft:
    """``due`` is a date or German text: "in 2 Wochen", "nächsten Monat", "morgen", "25.10.2017".

    Exactly one subject is usual; at least one is required.
    """

    due: date | str
    note: str
    consultation_id: int | None = None
    organisation_id: int | None = None
    person_id: int | None = None
    event_id: int | None = None


@dataclass(frozen=True, slots=True)
class FollowUpSnapshot:
    id: int
    due_on: date
    note: str
    done_at: datetime | None
    consultation_id: int | None
    organisation_id: int | None
    person_id: int | None
    event_id: int | None
    #: "consultation", "organisation", "person" or "event": what a click opens.
    subject_kind: str
    #: What it is attached to in German words: "Beratung 12.05.2017 – Stadt Ulm",
    #: "Stadt Ulm", "Person Dr. Anna Muster", "Veranstaltung 25.10.2017 Werkstattgespräch …".
    subject_label: str
    created_at: datetime
    updated_at: datetime

    @property
    def is_done(self) -> bool:
        return self.done_at is not None

    def is_overdue(self, today: date) -> bool:
        return self.done_at is None and self.due_on < today


@dataclass(frozen=True, slots=True)
class FollowUpOverview:
    """Open follow-ups in four buckets, each sorted by due date (then id).

    ``this_week`` holds the rest of the ISO week after today (Monday–Sunday); ``later`` all after.
    """

    today: date
    overdue: tuple[FollowUpSnapshot, ...]
    due_today: tuple[FollowUpSnapshot, ...]
    this_week: tuple[FollowUpSnapshot, ...]
    later: tuple[FollowUpSnapshot, ...]

    @property
    def open_count(self) -> int:
        return len(self.overdue) + len(self.due_today) + len(self.this_week) + len(self.later)


def follow_up_note(text: str | None) -> str:
    """The note as stored: control and direction characters removed, line breaks kept, at
    most ``NOTES_LIMIT`` characters (as the contacts' notes); a German ``ValidationError`` on
    ``note`` otherwise."""
    note = clean_text(text)
    if not note:
        raise ValidationError("Bitte notieren, worum es bei der Wiedervorlage geht.", field="note")
    check_limits(FollowUp, {"note": note}, {"note": "Die Notiz der Wiedervorlage"})
    return note


class FollowUpService(Service):
    """Wiedervorlagen on a consultation, organisation, person or event."""

    def parse_due(self, text: str) -> date:
        """German due text ("in 2 Wochen", "nächsten Monat", "25.10.2017") relative to today."""
        if not (text or "").strip():
            raise ValidationError("Bitte angeben, wann die Wiedervorlage fällig ist.", field="due")
        return relative_due_date(text, self.ctx.today(), field="due")

    def create_follow_up(self, draft: FollowUpDraft) -> FollowUpSnapshot:
        with self.db.transaction() as session:
            return self.create_follow_up_in(session, draft)

    def create_follow_up_in(self, session: Session, draft: FollowUpDraft) -> FollowUpSnapshot:
        """Create (and audit) a follow-up inside the caller's transaction.

        For other services that save a follow-up together with their own change (a consultation
        and its Wiedervorlage: both or neither); the GUI calls :meth:`create_follow_up`.
        """
        follow_up = FollowUp()
        self._apply(session, follow_up, draft)
        session.add(follow_up)
        session.flush()
        snapshot = self._snapshot(session, follow_up)
        self.audit(
            session,
            AuditAction.CREATE,
            "follow_up",
            follow_up.id,
            f"Wiedervorlage {format_date_de(follow_up.due_on)} zu {snapshot.subject_label} "
            "angelegt",
            self._fields(follow_up),
        )
        return snapshot

    def update_follow_up(self, follow_up_id: int, draft: FollowUpDraft) -> FollowUpSnapshot:
        with self.db.transaction() as session:
            follow_up = self._load(session, follow_up_id)
            before = self._fields(follow_up)
            self._apply(session, follow_up, draft)
            session.flush()
            changes = diff(before, self._fields(follow_up))
            snapshot = self._snapshot(session, follow_up)
            if changes:
                self.audit(
                    session,
                    AuditAction.UPDATE,
                    "follow_up",
                    follow_up.id,
                    f"Wiedervorlage zu {snapshot.subject_label} geändert",
                    changes,
                )
            return snapshot

    def get_follow_up(self, follow_up_id: int) -> FollowUpSnapshot:
        with self.db.transaction(write=False) as session:
            return self._snapshot(session, self._load(session, follow_up_id))

    def delete_follow_up(self, follow_up_id: int) -> None:
        with self.db.transaction() as session:
            follow_up = self._load(session, follow_up_id)
            snapshot = self._snapshot(session, follow_up)
            self.audit(
                session,
                AuditAction.DELETE,
                "follow_up",
                follow_up.id,
                f"Wiedervorlage zu {snapshot.subject_label} gelöscht",
                self._fields(follow_up),
            )
            session.delete(follow_up)

    def mark_done(self, follow_up_id: int) -> FollowUpSnapshot:
        return self._set_done(follow_up_id, True)

    def reopen(self, follow_up_id: int) -> FollowUpSnapshot:
        return self._set_done(follow_up_id, False)

    def list_follow_ups(
        self,
        *,
        consultation_id: int | None = None,
        organisation_id: int | None = None,
        person_id: int | None = None,
        event_id: int | None = None,
        include_done: bool = False,
    ) -> list[FollowUpSnapshot]:
        stmt: Select[tuple[FollowUp]] = select(FollowUp)
        for column, value in (
            (FollowUp.consultation_id, consultation_id),
            (FollowUp.organisation_id, organisation_id),
            (FollowUp.person_id, person_id),
            (FollowUp.event_id, event_id),
        ):
            if value is not None:
                stmt = stmt.where(column == value)
        if not include_done:
            stmt = stmt.where(FollowUp.done_at.is_(None))
        stmt = stmt.order_by(FollowUp.due_on, FollowUp.id)
        with self.db.transaction(write=False) as session:
            return self._snapshots(session, list(session.scalars(stmt)))

    def due_overview(self, today: date | None = None) -> FollowUpOverview:
        """Open follow-ups: overdue, due today, rest of this ISO week, later."""
        day = today or self.ctx.today()
        week_end = day + timedelta(days=6 - day.weekday())
        with self.db.transaction(write=False) as session:
            open_items = self._snapshots(
                session,
                list(
                    session.scalars(
                        select(FollowUp)
                        .where(FollowUp.done_at.is_(None))
                        .order_by(FollowUp.due_on, FollowUp.id)
                    )
                ),
            )
        return FollowUpOverview(
            today=day,
            overdue=tuple(f for f in open_items if f.due_on < day),
            due_today=tuple(f for f in open_items if f.due_on == day),
            this_week=tuple(f for f in open_items if day < f.due_on <= week_end),
            later=tuple(f for f in open_items if f.due_on > week_end),
        )

    # --- internals ----------------------------------------------------------------------------

    def _set_done(self, follow_up_id: int, done: bool) -> FollowUpSnapshot:
        with self.db.transaction() as session:
            follow_up = self._load(session, follow_up_id)
            if (follow_up.done_at is not None) != done:
                follow_up.done_at = self.ctx.now() if done else None
                session.flush()
                snapshot = self._snapshot(session, follow_up)
                self.audit(
                    session,
                    AuditAction.UPDATE,
                    "follow_up",
                    follow_up.id,
                    f"Wiedervorlage zu {snapshot.subject_label} "
                    + ("erledigt" if done else "wieder geöffnet"),
                    {"done_at": [None, follow_up.done_at] if done else ["erledigt", None]},
                )
                return snapshot
            return self._snapshot(session, follow_up)

    @staticmethod
    def _load(session: Session, follow_up_id: int) -> FollowUp:
        follow_up = session.get(FollowUp, follow_up_id)
        if follow_up is None:
            raise NotFoundError(f"Die Wiedervorlage Nr. {follow_up_id} gibt es nicht (mehr).")
        return follow_up

    def _apply(self, session: Session, follow_up: FollowUp, draft: FollowUpDraft) -> None:
        due = draft.due if isinstance(draft.due, date) else self.parse_due(draft.due)
        note = follow_up_note(draft.note)
        subjects = (
            ("consultation_id", Consultation, draft.consultation_id, "Die Beratung"),
            ("organisation_id", Organisation, draft.organisation_id, "Die Organisation"),
            ("person_id", Person, draft.person_id, "Die Person"),
            ("event_id", Event, draft.event_id, "Die Veranstaltung"),
        )
        if all(value is None for _, _, value, _ in subjects):
            raise ValidationError(
                "Eine Wiedervorlage gehört zu einer Beratung, Organisation, Person oder "
                "Veranstaltung; bitte eines davon wählen.",
                field="consultation_id",
            )
        for field, model, value, what in subjects:
            if value is not None and session.get(model, value) is None:
                raise ValidationError(f"{what} Nr. {value} gibt es nicht (mehr).", field=field)
        follow_up.due_on = due
        follow_up.note = note
        follow_up.consultation_id = draft.consultation_id
        follow_up.organisation_id = draft.organisation_id
        follow_up.person_id = draft.person_id
        follow_up.event_id = draft.event_id

    @staticmethod
    def _fields(follow_up: FollowUp) -> dict[str, Any]:
        return {
            "due_on": follow_up.due_on,
            "note": follow_up.note,
            "consultation_id": follow_up.consultation_id,
            "organisation_id": follow_up.organisation_id,
            "person_id": follow_up.person_id,
            "event_id": follow_up.event_id,
        }

    def _snapshot(self, session: Session, follow_up: FollowUp) -> FollowUpSnapshot:
        return self._snapshots(session, [follow_up])[0]

    def _snapshots(self, session: Session, items: list[FollowUp]) -> list[FollowUpSnapshot]:
        """Snapshots with their German subject labels, loaded in four batched queries."""
        consultation_ids = {f.consultation_id for f in items if f.consultation_id}
        organisation_ids = {f.organisation_id for f in items if f.organisation_id}
        person_ids = {f.person_id for f in items if f.person_id}
        event_ids = {f.event_id for f in items if f.event_id}
        consultations: dict[int, str] = {}
        if consultation_ids:
            for cid, occurred, org_name in session.execute(
                select(Consultation.id, Consultation.occurred_at, Organisation.name)
                .outerjoin(Organisation, Organisation.id == Consultation.organisation_id)
                .where(Consultation.id.in_(consultation_ids))
            ):
                day = format_date_de(occurred)
                consultations[cid] = f"Beratung {day}" + (f" – {org_name}" if org_name else "")
        organisations: dict[int, str] = {}
        if organisation_ids:
            organisations = {
                int(oid): str(name)
                for oid, name in session.execute(
                    select(Organisation.id, Organisation.name).where(
                        Organisation.id.in_(organisation_ids)
                    )
                )
            }
        persons: dict[int, str] = {}
        if person_ids:
            for pid, title, first, last in session.execute(
                select(Person.id, Person.title, Person.first_name, Person.last_name).where(
                    Person.id.in_(person_ids)
                )
            ):
                persons[pid] = display_name(title, first, last)
        events: dict[int, str] = {}
        if event_ids:
            for eid, title, starts in session.execute(
                select(Event.id, Event.title, Event.starts_at).where(Event.id.in_(event_ids))
            ):
                day = format_date_de(starts)
                events[eid] = f"Veranstaltung {day} – {title}"
        result = []
        for f in items:
            if f.consultation_id:
                kind, text = "consultation", consultations.get(f.consultation_id, "Beratung")
            elif f.event_id:
                kind, text = "event", events.get(f.event_id, "Veranstaltung")
            elif f.person_id:
                kind, text = "person", persons.get(f.person_id, "Person")
            else:
                kind = "organisation"
                text = organisations.get(f.organisation_id or 0, "Organisation")
            result.append(
                FollowUpSnapshot(
                    id=f.id,
                    due_on=f.due_on,
                    note=f.note,
                    done_at=f.done_at,
                    consultation_id=f.consultation_id,
                    organisation_id=f.organisation_id,
                    person_id=f.person_id,
                    event_id=f.event_id,
                    subject_kind=kind,
                    subject_label=text,
                    created_at=f.created_at,
                    updated_at=f.updated_at,
                )
            )
        return result
