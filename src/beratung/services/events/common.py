"""What the parts of the events service share inside one transaction: loading an event (locked
for places), the office's rules, counting places, the registration rows of a list, recording a
status step, and serving the waiting list.

Two clerks taking the last place at the same moment: every step that hands out or frees places
loads the event with :func:`load_event` ``(lock=True)``, which on PostgreSQL is ``SELECT … FOR
UPDATE`` — the second clerk's transaction waits until the first has committed and then sees the
place taken. SQLite needs no row lock: its write transactions begin immediately and run one at
a time (docs/sqlite.md).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Select, case, func, select
from sqlalchemy.orm import Session, aliased, object_session
from sqlalchemy.orm.attributes import set_committed_value

from beratung.domain.contacts import Affiliation, Organisation, Person
from beratung.domain.enums import RegistrationStatus, label
from beratung.domain.errors import NotFoundError
from beratung.domain.events import AccessibilityNeed, Event, Registration, RegistrationChange
from beratung.domain.office import OfficeProfile
from beratung.domain.rules.names import display_name
from beratung.domain.rules.registrations import HOLDING_PLACES, admits, places_needed, to_promote
from beratung.services.base import ServiceContext
from beratung.services.events.snapshots import RegistrationRow, StatusCounts

#: A new registration's note in its history when it had to wait.
WAITLIST_NOTE = "Veranstaltung ausgebucht: Warteliste"
PROMOTED_NOTE = "von der Warteliste nachgerückt"
#: The history notes of the check-in, and of an invitation copied into the next event (the demo
#: writes the same ones).
WALK_IN_NOTE = "ohne Anmeldung gekommen"
NO_SHOW_NOTE = "nach der Veranstaltung: nicht erschienen"


def copied_note(source_title: str) -> str:
    return f"übernommen aus „{source_title}“"


def load_event(session: Session, event_id: int, *, lock: bool = False) -> Event:
    """The event, or a German ``NotFoundError``; ``lock``: hold its row until the commit."""
    stmt = select(Event).where(Event.id == event_id)
    if lock:
        stmt = stmt.with_for_update()
    event = session.scalar(stmt)
    if event is None:
        raise NotFoundError(f"Die Veranstaltung Nr. {event_id} gibt es nicht (mehr).")
    return event


def office_rules(session: Session) -> tuple[bool, int]:
    """(assistants take places, weeks needs are kept after the event) — the defaults until the
    office profile is saved."""
    profile = session.get(OfficeProfile, 1)
    if profile is None:
        return False, 4
    return bool(profile.assistants_take_places), int(profile.needs_retention_weeks)


def places_of(registration: Registration, assistants_take_places: bool) -> int:
    return places_needed(
        registration.companions,
        registration.assistants,
        assistants_take_places=assistants_take_places,
    )


def places_taken(session: Session, event_id: int, assistants_take_places: bool) -> int:
    extra = Registration.assistants if assistants_take_places else 0
    total = session.scalar(
        select(func.coalesce(func.sum(1 + Registration.companions + extra), 0)).where(
            Registration.event_id == event_id,
            Registration.status.in_(list(HOLDING_PLACES)),
        )
    )
    return int(total or 0)


def status_counts(session: Session, event_ids: Sequence[int]) -> dict[int, StatusCounts]:
    """Registrations per status, for every event in ``event_ids`` at once."""
    found: dict[int, dict[str, int]] = {ident: {} for ident in event_ids}
    if not event_ids:
        return {}
    rows = session.execute(
        select(Registration.event_id, Registration.status, func.count(Registration.id))
        .where(Registration.event_id.in_(event_ids))
        .group_by(Registration.event_id, Registration.status)
    )
    for event_id, status, count in rows:
        found[event_id][RegistrationStatus(status).value] = int(count)
    return {ident: StatusCounts(**values) for ident, values in found.items()}


def taken_by_event(
    session: Session, event_ids: Sequence[int], assistants_take_places: bool
) -> dict[int, int]:
    if not event_ids:
        return {}
    extra = Registration.assistants if assistants_take_places else 0
    rows = session.execute(
        select(Registration.event_id, func.sum(1 + Registration.companions + extra))
        .where(
            Registration.event_id.in_(event_ids),
            Registration.status.in_(list(HOLDING_PLACES)),
        )
        .group_by(Registration.event_id)
    )
    taken = dict.fromkeys(event_ids, 0)
    taken.update({event_id: int(total or 0) for event_id, total in rows})
    return taken


def record_change(
    registration: Registration,
    to_status: RegistrationStatus,
    ctx: ServiceContext,
    note: str | None = None,
) -> None:
    """Set the status and keep the dated step in the registration's history.

    The step is added to the session rather than appended to ``registration.changes``: the
    append would first load the whole history of every registration a bulk step touches."""
    before = registration.status if registration.id is not None else None
    if before is to_status and note is None:
        return
    registration.status = to_status
    change = RegistrationChange(
        changed_at=ctx.now(),
        user_name=ctx.user,
        from_status=before,
        to_status=to_status,
        note=note,
    )
    session = object_session(registration)
    if session is None or registration.id is None:
        registration.changes.append(change)  # not in the database yet: nothing to load
    else:
        change.registration_id = registration.id
        session.add(change)
        if "changes" in registration.__dict__:  # a history already read stays complete
            set_committed_value(registration, "changes", [*registration.changes, change])


class Places:
    """An event's places and waiting list inside one transaction that holds its lock
    (:func:`load_event` ``lock=True``).

    Counted from the database once, when made, and then kept in step by every status change
    made through :meth:`move`: a bulk step over 500 selected registrations asks once for the
    places taken and the waiting list, not three times per registration (the events
    benchmark counts the statements). A change made around it — companions edited, a
    registration deleted — is counted by a new ``Places``.
    """

    def __init__(self, session: Session, event: Event) -> None:
        self.session = session
        self.event = event
        self.assistants_take_places, self.retention_weeks = office_rules(session)
        session.flush()
        self.taken = places_taken(session, event.id, self.assistants_take_places)
        #: The waiting list in its order; positions are 1, 2, 3 … in this order.
        self.waiting: list[Registration] = list(
            session.scalars(
                select(Registration)
                .where(
                    Registration.event_id == event.id,
                    Registration.status == RegistrationStatus.WAITLISTED,
                )
                .order_by(Registration.waitlist_position, Registration.id)
            )
        )
        self._renumber()

    def of(self, registration: Registration) -> int:
        """How many places this registration takes."""
        return places_of(registration, self.assistants_take_places)

    @property
    def capacity(self) -> int | None:
        return self.event.capacity

    def move(
        self,
        registration: Registration,
        status: RegistrationStatus,
        ctx: ServiceContext,
        note: str | None = None,
    ) -> None:
        """The status step (dated in the history), with the places and the line it changes."""
        before = registration.status
        record_change(registration, status, ctx, note)
        if before in HOLDING_PLACES and status not in HOLDING_PLACES:
            self.taken -= self.of(registration)
        elif before not in HOLDING_PLACES and status in HOLDING_PLACES:
            self.taken += self.of(registration)
        line = RegistrationStatus.WAITLISTED
        if before is line and status is not line:
            self.waiting = [r for r in self.waiting if r is not registration]
            registration.waitlist_position = None
            self._renumber()
        elif status is line and before is not line:
            self.waiting.append(registration)
            registration.waitlist_position = len(self.waiting)
        elif status is not line:
            registration.waitlist_position = None

    def admit(self, registration: Registration, ctx: ServiceContext) -> list[str]:
        """Registered if its places are free and nobody waits, else the end of the line."""
        needed = self.of(registration)
        taken = self.taken - (needed if registration.status in HOLDING_PLACES else 0)
        anyone_waiting = any(r is not registration for r in self.waiting)
        if admits(self.capacity, taken, needed, anyone_waiting=anyone_waiting):
            self.move(registration, RegistrationStatus.REGISTERED, ctx)
            return []
        self.move(registration, RegistrationStatus.WAITLISTED, ctx, WAITLIST_NOTE)
        return [
            f"Die Veranstaltung ist ausgebucht: Platz {registration.waitlist_position} "
            "auf der Warteliste."
        ]

    def serve(self, ctx: ServiceContext) -> list[Registration]:
        """Promote those on the waiting list who fit now, in order; each is dated, marked for a
        notification and recorded."""
        chosen = to_promote(
            self.capacity, self.taken, [(i, self.of(r)) for i, r in enumerate(self.waiting)]
        )
        promoted = [self.waiting[i] for i in chosen]
        now = ctx.now()
        for registration in promoted:
            self.move(registration, RegistrationStatus.REGISTERED, ctx, PROMOTED_NOTE)
            registration.promoted_at = now
            registration.notify_pending = True
        return promoted

    def _renumber(self) -> None:
        for position, registration in enumerate(self.waiting, start=1):
            if registration.waitlist_position != position:
                registration.waitlist_position = position


def registration_rows_query(assistants_take_places: bool) -> Select[Any]:  # one wide row
    """Registrations with their person, role, organisation and needs: one row each."""
    role = aliased(Affiliation)
    org = aliased(Organisation)
    needs = (
        select(
            AccessibilityNeed.registration_id,
            func.count(AccessibilityNeed.id).label("needs"),
        )
        .group_by(AccessibilityNeed.registration_id)
        .subquery()
    )
    extra = Registration.assistants if assistants_take_places else 0
    postal = case(
        (Registration.affiliation_id.is_not(None), org.town.is_not(None)),
        else_=Person.town.is_not(None),
    )
    columns: list[Any] = [
        Registration,
        Person.title,
        Person.first_name,
        Person.last_name,
        Person.sort_name,
        Person.email,
        Person.town,
        role.role,
        role.email,
        org.name,
        org.town,
        (1 + Registration.companions + extra).label("places"),
        postal.label("has_postal"),
        func.coalesce(needs.c.needs, 0).label("needs"),
    ]
    stmt: Select[Any] = (
        select(*columns)
        .join(Person, Person.id == Registration.person_id)
        .outerjoin(role, role.id == Registration.affiliation_id)
        .outerjoin(org, org.id == role.organisation_id)
        .outerjoin(needs, needs.c.registration_id == Registration.id)
    )
    return stmt


def registration_row(row: Any, need_labels: Sequence[str] = ()) -> RegistrationRow:
    (
        registration,
        title,
        first_name,
        last_name,
        sort_name,
        person_email,
        person_town,
        role_name,
        role_email,
        org_name,
        org_town,
        places,
        has_postal,
        _needs,
    ) = row
    return RegistrationRow(
        id=registration.id,
        person_id=registration.person_id,
        name=display_name(title, first_name, last_name),
        sort_name=sort_name,
        organisation=org_name,
        role=role_name,
        town=org_town or person_town,
        status=registration.status,
        status_label=label(registration.status),
        companions=registration.companions,
        assistants=registration.assistants,
        places=int(places),
        waitlist_position=registration.waitlist_position,
        code=registration.code,
        invited_at=registration.invited_at,
        responded_at=registration.responded_at,
        promoted_at=registration.promoted_at,
        notify_pending=registration.notify_pending,
        attended_at=registration.attended_at,
        walk_in=registration.walk_in,
        has_postal_address=bool(has_postal),
        has_email=bool(role_email or person_email),
        needs=tuple(need_labels),
    )


def need_labels(session: Session, registration_ids: Sequence[int]) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    if not registration_ids:
        return found
    for registration_id, kind in session.execute(
        select(AccessibilityNeed.registration_id, AccessibilityNeed.kind)
        .where(AccessibilityNeed.registration_id.in_(registration_ids))
        .order_by(AccessibilityNeed.registration_id, AccessibilityNeed.id)
    ):
        found.setdefault(registration_id, []).append(label(kind))
    return found


def rows_for(
    session: Session, registration_ids: Sequence[int], assistants_take_places: bool
) -> list[RegistrationRow]:
    """Rows of these registrations, in the order given."""
    if not registration_ids:
        return []
    rows = session.execute(
        registration_rows_query(assistants_take_places).where(Registration.id.in_(registration_ids))
    ).all()
    labels = need_labels(session, [row[0].id for row in rows if row[-1]])
    by_id = {row[0].id: registration_row(row, labels.get(row[0].id, ())) for row in rows}
    return [by_id[ident] for ident in registration_ids if ident in by_id]


def now_or(value: datetime | None, ctx: ServiceContext) -> datetime:
    return value if value is not None else ctx.now()
