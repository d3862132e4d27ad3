"""The day itself: the check-in at the door (a name typed ahead, or the registration code typed
or scanned from the badge), people who come without registration, and afterwards "everybody
else did not come".
"""

from __future__ import annotations

from sqlalchemy import select

from beratung.domain.contacts import Person
from beratung.domain.enums import AuditAction, RegistrationStatus
from beratung.domain.errors import UserError
from beratung.domain.events import Registration
from beratung.domain.rules.registrations import normalise_code
from beratung.services.base import Service
from beratung.services.events.common import (
    NO_SHOW_NOTE,
    WALK_IN_NOTE,
    Places,
    load_event,
    office_rules,
    record_change,
    rows_for,
)
from beratung.services.events.snapshots import CheckInMatch, RegistrationOutcome
from beratung.services.events.steps import day_of, load_registration, take_step
from beratung.services.letters import letter_affiliation


class CheckInService(Service):
    """Attendance."""

    def find_check_in_matches(
        self, event_id: int, text: str, *, limit: int = 20
    ) -> list[CheckInMatch]:
        """Type-ahead over those expected (and those already in): a registration code typed or
        scanned finds exactly one; otherwise names, organisations and towns by prefix."""
        from beratung.domain.rules.search import query_terms

        text = text.strip()
        with self.db.read() as s:
            load_event(s, event_id)
            code = normalise_code(text)
            by_code = s.scalar(
                select(Registration).where(
                    Registration.event_id == event_id, Registration.code == code
                )
            )
            candidates = [by_code] if by_code is not None else []
            if not candidates and text:
                terms = query_terms(text)
                stmt = (
                    select(Registration)
                    .join(Person, Person.id == Registration.person_id)
                    .where(Registration.event_id == event_id)
                    .order_by(Person.sort_name, Registration.id)
                )
                for term in terms:
                    stmt = stmt.where(Person.search_text.like(f"%{term}%"))
                candidates = list(s.scalars(stmt.limit(limit)))
            assistants_take_places, _weeks = office_rules(s)
            rows = rows_for(s, [r.id for r in candidates], assistants_take_places)
            return [
                CheckInMatch(
                    registration_id=row.id,
                    name=row.name,
                    organisation=row.organisation,
                    status=row.status,
                    status_label=row.status_label,
                    code=row.code,
                )
                for row in rows
            ]

    def check_in_registration(self, registration_id: int) -> RegistrationOutcome:
        """Mark as there (one key press at the door)."""
        with self.db.transaction() as s:
            registration = load_registration(s, registration_id)
            event = load_event(s, registration.event_id, lock=True)
            notes, promoted = take_step(
                Places(s, event), registration, RegistrationStatus.ATTENDED, None, self.ctx
            )
            s.flush()
            assistants_take_places, _weeks = office_rules(s)
            (row,) = rows_for(s, [registration.id], assistants_take_places)
            return RegistrationOutcome(
                registration=row,
                promoted=tuple(rows_for(s, [p.id for p in promoted], assistants_take_places)),
                notes=tuple(notes),
            )

    def check_in_code(self, event_id: int, code: str) -> RegistrationOutcome:
        with self.db.read() as s:
            registration_id = s.scalar(
                select(Registration.id).where(
                    Registration.event_id == event_id,
                    Registration.code == normalise_code(code),
                )
            )
        if registration_id is None:
            raise UserError(f"Den Code „{code.strip()}“ gibt es bei dieser Veranstaltung nicht.")
        return self.check_in_registration(registration_id)

    def add_walk_in(self, event_id: int, person_id: int) -> RegistrationOutcome:
        """Someone came without registration: on the list and checked in at once (walk-ins
        do not ask for places: they are in the room already)."""
        with self.db.transaction() as s:
            event = load_event(s, event_id, lock=True)
            registration = s.scalar(
                select(Registration).where(
                    Registration.event_id == event.id, Registration.person_id == person_id
                )
            )
            if registration is None:
                person = s.get(Person, person_id)
                if person is None:
                    raise UserError(f"Die Person Nr. {person_id} gibt es nicht (mehr).")
                role = letter_affiliation(person, self.ctx.today())
                registration = Registration(
                    event_id=event.id,
                    person_id=person.id,
                    affiliation_id=role.id if role else None,
                    walk_in=True,
                )
                s.add(registration)
                record_change(registration, RegistrationStatus.ATTENDED, self.ctx, WALK_IN_NOTE)
                registration.attended_at = self.ctx.now()
                registration.responded_at = self.ctx.now()
                promoted: list[Registration] = []
            else:
                _notes, promoted = take_step(
                    Places(s, event), registration, RegistrationStatus.ATTENDED, None, self.ctx
                )
            s.flush()
            assistants_take_places, _weeks = office_rules(s)
            (row,) = rows_for(s, [registration.id], assistants_take_places)
            return RegistrationOutcome(
                registration=row,
                promoted=tuple(rows_for(s, [p.id for p in promoted], assistants_take_places)),
            )

    def mark_remaining_no_show(self, event_id: int) -> int:
        """After the event: everybody registered who was not checked in did not come."""
        with self.db.transaction() as s:
            event = load_event(s, event_id, lock=True)
            if self.ctx.today() < day_of(event.starts_at):
                raise UserError(
                    "Die Veranstaltung hat noch nicht begonnen; erst danach lässt sich "
                    "festhalten, wer nicht gekommen ist."
                )
            count = 0
            for registration in s.scalars(
                select(Registration).where(
                    Registration.event_id == event.id,
                    Registration.status == RegistrationStatus.REGISTERED,
                )
            ):
                record_change(registration, RegistrationStatus.NO_SHOW, self.ctx, NO_SHOW_NOTE)
                count += 1
            if count:
                self.audit(
                    s,
                    AuditAction.UPDATE,
                    "event",
                    event.id,
                    f"„{event.title}“: {count} Angemeldete als nicht erschienen vermerkt",
                )
            return count
