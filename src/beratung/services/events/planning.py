"""Planning events: the event itself, its agenda, its venue, and the next event copied from the
last one. Every call is one transaction; what a change frees (more capacity) goes to the waiting
list in the same transaction.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, fields
from datetime import date, datetime, time, timedelta
from typing import Any, Literal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from beratung.domain.contacts import Organisation
from beratung.domain.enums import AuditAction, EventKind, EventStatus, RegistrationStatus, label
from beratung.domain.errors import UserError, ValidationError
from beratung.domain.events import AgendaItem, Event, Registration, Venue
from beratung.domain.office import Clerk, OfficeProfile
from beratung.domain.rules.dates import OFFICE_TIME_ZONE, format_date_de
from beratung.domain.rules.events import (
    PlanningWarning,
    ProposedDate,
    parse_recurrence,
    planning_warnings,
    propose_dates,
)
from beratung.domain.rules.text import clean_field, clean_line, clean_text
from beratung.interchange.icalendar_io import AgendaLine, EventCalendarEntry, event_calendar
from beratung.services.base import Service, check_version, diff
from beratung.services.events.common import (
    Places,
    copied_note,
    load_event,
    office_rules,
    places_of,
    places_taken,
    record_change,
    status_counts,
    taken_by_event,
)
from beratung.services.events.snapshots import (
    AgendaItemInput,
    AgendaItemSnapshot,
    EventDetail,
    EventInput,
    EventRow,
    StatusCounts,
)
from beratung.services.events.venues import venue_snapshot
from beratung.services.limits import check_limits, column_limit, thousands
from beratung.storage.ordering import renumber

#: Event fields the calendar entry shows: a change of these raises the entry's SEQUENCE.
CALENDAR_FIELDS = (
    "title",
    "starts_at",
    "ends_at",
    "venue_id",
    "description",
    "status",
)
EVENT_FIELDS = tuple(f.name for f in fields(EventInput))
FIELD_LABELS = {
    "title": "Titel",
    "starts_at": "Beginn",
    "ends_at": "Ende",
    "kind": "Art",
    "series": "Reihe",
    "venue_id": "Veranstaltungsort",
    "host_organisation_id": "Gastgeberkommune",
    "capacity": "Plätze",
    "registration_deadline": "Anmeldeschluss",
    "status": "Stand",
    "description": "Beschreibung",
    "clerk_id": "Bearbeiter/in",
    "notes": "Notizen",
}
#: The same labels as subjects of a sentence ("Die Reihe ist zu lang …").
LIMIT_LABELS = {
    "title": "Der Titel",
    "series": "Die Reihe",
    "description": "Die Beschreibung",
    "notes": "Die Notiz zur Veranstaltung",
}
Overbooked = Literal["refuse", "waitlist_last"]


def _aware(value: datetime | None, field: str) -> datetime | None:
    if value is not None and value.tzinfo is None:
        raise ValidationError("Zeitpunkte brauchen eine Zeitzone.", field=field)
    return value


def validate_event(values: Mapping[str, Any]) -> dict[str, Any]:
    """Cleaned event values; a German ``ValidationError`` naming the field otherwise."""
    out: dict[str, Any] = {
        key: clean_field(value) if isinstance(value, str) else value
        for key, value in values.items()
    }
    if "title" in out and not out["title"]:
        raise ValidationError("Bitte geben Sie einen Titel ein.", field="title")
    if out.get("title") and len(out["title"]) > 300:
        raise ValidationError("Der Titel ist länger als 300 Zeichen.", field="title")
    check_limits(Event, out, LIMIT_LABELS)
    starts = _aware(out.get("starts_at"), "starts_at")
    ends = _aware(out.get("ends_at"), "ends_at")
    if "starts_at" in out and starts is None:
        raise ValidationError("Bitte geben Sie den Beginn an.", field="starts_at")
    if starts is not None and ends is not None and ends < starts:
        raise ValidationError("Das Ende liegt vor dem Beginn.", field="ends_at")
    capacity = out.get("capacity")
    if capacity is not None and (not isinstance(capacity, int) or capacity < 1):
        raise ValidationError("Die Zahl der Plätze muss mindestens 1 sein.", field="capacity")
    deadline = out.get("registration_deadline")
    if deadline is not None and starts is not None:
        last_day = (ends or starts).astimezone(OFFICE_TIME_ZONE).date()
        if deadline > last_day:
            raise ValidationError(
                f"Der Anmeldeschluss ({format_date_de(deadline)}) liegt nach der Veranstaltung.",
                field="registration_deadline",
            )
    if "kind" in out and out["kind"] is not None:
        out["kind"] = EventKind(out["kind"])
    if "status" in out and out["status"] is not None:
        out["status"] = EventStatus(out["status"])
    return out


#: The agenda form's field names (the event form has its own ``title`` and ``notes``).
AGENDA_FIELDS = {"title": "agenda_title", "speaker": "agenda_speaker", "notes": "agenda_notes"}
AGENDA_LABELS = {
    "agenda_title": "Der Titel des Programmpunkts",
    "agenda_speaker": "Das Feld „Referent/in“",
    "agenda_notes": "Die Notiz zum Programmpunkt",
}


def agenda_values(data: AgendaItemInput) -> tuple[str, str | None, str | None]:
    """Cleaned title, speaker and notes of an agenda item (control and direction characters
    removed, the columns' limits kept), or a German ``ValidationError`` naming the field."""
    title = clean_line(data.title)
    if not title:
        raise ValidationError("Bitte geben Sie einen Titel ein.", field="agenda_title")
    values = {"title": title, "speaker": clean_line(data.speaker), "notes": clean_text(data.notes)}
    for key, value in values.items():
        limit = column_limit(AgendaItem, key)
        if value is not None and limit is not None and len(value) > limit:
            field = AGENDA_FIELDS[key]
            raise ValidationError(
                f"{AGENDA_LABELS[field]} ist zu lang ({thousands(len(value))} Zeichen; "
                f"höchstens {thousands(limit)}).",
                field=field,
            )
    return title, values["speaker"], values["notes"]


def agenda_snapshot(item: AgendaItem) -> AgendaItemSnapshot:
    return AgendaItemSnapshot(
        id=item.id,
        position=item.position,
        starts_at=item.starts_at,
        ends_at=item.ends_at,
        title=item.title,
        speaker=item.speaker,
        notes=item.notes,
    )


def event_row(event: Event, counts: StatusCounts, taken: int) -> EventRow:
    return EventRow(
        id=event.id,
        title=event.title,
        series=event.series,
        kind=event.kind,
        kind_label=label(event.kind),
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        status=event.status,
        status_label=label(event.status),
        venue_name=event.venue.name if event.venue else None,
        town=event.venue.town if event.venue else None,
        capacity=event.capacity,
        places_taken=taken,
        counts=counts,
    )


class EventPlanningService(Service):
    """Events, their agenda and venues."""

    # ----------------------------------------------------------------- events

    def list_events(
        self, *, period: Literal["all", "upcoming", "past"] = "all", series: str | None = None
    ) -> list[EventRow]:
        """Upcoming events soonest first, past ones latest first (``all``: upcoming, then
        past)."""
        now = self.ctx.now()
        with self.db.read() as s:
            stmt = select(Event)
            if series:
                stmt = stmt.where(Event.series == series)
            events = list(s.scalars(stmt))
            ids = [e.id for e in events]
            counts = status_counts(s, ids)
            assistants, _weeks = office_rules(s)
            taken = taken_by_event(s, ids, assistants)
            upcoming = sorted(
                (e for e in events if (e.ends_at or e.starts_at) >= now), key=lambda e: e.starts_at
            )
            past = sorted(
                (e for e in events if (e.ends_at or e.starts_at) < now),
                key=lambda e: e.starts_at,
                reverse=True,
            )
            chosen = {"upcoming": upcoming, "past": past, "all": upcoming + past}[period]
            return [event_row(e, counts[e.id], taken[e.id]) for e in chosen]

    def list_series(self) -> list[str]:
        with self.db.read() as s:
            return [
                name
                for name in s.scalars(
                    select(Event.series).where(Event.series.is_not(None)).distinct()
                )
                if name
            ]

    def get_event(self, event_id: int) -> EventDetail:
        with self.db.read() as s:
            return self._detail(s, load_event(s, event_id))

    def _detail(self, s: Session, event: Event) -> EventDetail:
        assistants, _weeks = office_rules(s)
        clerk = s.get(Clerk, event.clerk_id) if event.clerk_id else None
        return EventDetail(
            id=event.id,
            version=event.version,
            title=event.title,
            series=event.series,
            kind=event.kind,
            kind_label=label(event.kind),
            starts_at=event.starts_at,
            ends_at=event.ends_at,
            status=event.status,
            status_label=label(event.status),
            venue=venue_snapshot(s, event.venue) if event.venue else None,
            host_organisation_id=event.host_organisation_id,
            host_organisation_name=(
                event.host_organisation.name if event.host_organisation else None
            ),
            capacity=event.capacity,
            registration_deadline=event.registration_deadline,
            description=event.description,
            clerk_id=event.clerk_id,
            clerk_name=clerk.name if clerk else None,
            notes=event.notes,
            agenda=tuple(agenda_snapshot(item) for item in event.agenda_items),
            counts=status_counts(s, [event.id])[event.id],
            places_taken=places_taken(s, event.id, assistants),
            assistants_take_places=assistants,
            warnings=tuple(self._warnings(s, event)),
            calendar_uid=event.calendar_uid,
            calendar_sequence=event.calendar_sequence,
        )

    def _warnings(self, s: Session, event: Event) -> list[PlanningWarning]:
        return self._plan_warnings(
            s,
            starts_at=event.starts_at,
            ends_at=event.ends_at,
            deadline=event.registration_deadline,
            capacity=event.capacity,
            venue_id=event.venue_id,
            event_id=event.id,
        )

    def _plan_warnings(
        self,
        s: Session,
        *,
        starts_at: datetime,
        ends_at: datetime | None,
        deadline: date | None,
        capacity: int | None,
        venue_id: int | None,
        event_id: int | None,
    ) -> list[PlanningWarning]:
        first, last = self._day(starts_at), self._day(ends_at or starts_at)
        window_start = datetime.combine(first - timedelta(days=1), time(0), OFFICE_TIME_ZONE)
        window_end = datetime.combine(last + timedelta(days=2), time(0), OFFICE_TIME_ZONE)
        others: list[tuple[date, str]] = []
        for other in s.scalars(
            select(Event).where(
                Event.starts_at < window_end,
                func.coalesce(Event.ends_at, Event.starts_at) >= window_start,
                Event.status != EventStatus.CANCELLED,
                *([Event.id != event_id] if event_id is not None else []),
            )
        ):
            day, end = self._day(other.starts_at), self._day(other.ends_at or other.starts_at)
            while day <= end:
                others.append((day, other.title))
                day += timedelta(days=1)
        venue = s.get(Venue, venue_id) if venue_id is not None else None
        return planning_warnings(
            starts_on=first,
            ends_on=last if ends_at is not None else None,
            deadline=deadline,
            capacity=capacity,
            venue_capacity=venue.capacity if venue else None,
            other_events_on_days=others,
            today=self.ctx.today(),
            is_new=event_id is None,
        )

    def check_event_plan(
        self, data: EventInput, *, event_id: int | None = None
    ) -> list[PlanningWarning]:
        """What is worth a second look about a plan while it is typed (a holiday, a weekend,
        another event that day, the deadline after the start, a venue too small) — never a
        reason to refuse saving."""
        with self.db.read() as s:
            return self._plan_warnings(
                s,
                starts_at=data.starts_at,
                ends_at=data.ends_at,
                deadline=data.registration_deadline,
                capacity=data.capacity,
                venue_id=data.venue_id,
                event_id=event_id,
            )

    def propose_event_dates(
        self, rule: str, *, start: date, count: int = 6, skip_holidays: bool = True
    ) -> list[ProposedDate]:
        """Dates after a German rule ("jeden 3. Mittwoch im März und Oktober"), public holidays
        in Baden-Württemberg skipped and shown as such."""
        return propose_dates(
            parse_recurrence(rule), start=start, count=count, skip_holidays=skip_holidays
        )

    def event_calendar(self, event_id: int) -> bytes:
        """The event's calendar file (.ics, RFC 5545) for Outlook and Thunderbird: the same
        UID for the event's life, its SEQUENCE rising with every change a calendar shows."""
        with self.db.read() as s:
            event = load_event(s, event_id)
            profile = s.get(OfficeProfile, 1)
            clerk = s.get(Clerk, event.clerk_id) if event.clerk_id else None
            venue = event.venue
            address: tuple[str, ...] = ()
            if venue is not None:
                town = " ".join(p for p in (venue.postcode, venue.town) if p)
                address = tuple(p for p in (venue.street, town) if p)
            entry = EventCalendarEntry(
                uid=event.calendar_uid,
                sequence=event.calendar_sequence,
                title=event.title,
                starts_at=event.starts_at,
                ends_at=event.ends_at,
                all_day=False,
                location_name=venue.name if venue else None,
                location_address=address,
                room=venue.room if venue else None,
                description=event.description,
                agenda=tuple(
                    AgendaLine(
                        starts=item.starts_at,
                        ends=item.ends_at,
                        title=item.title,
                        speaker=item.speaker,
                    )
                    for item in event.agenda_items
                ),
                organizer_name=profile.name if profile else "Städtetag Baden-Württemberg",
                organizer_email=(clerk.email if clerk and clerk.email else None)
                or (profile.email if profile else None),
                url=profile.website if profile else None,
                status=event.status,
                stamp=event.updated_at,
            )
        return event_calendar(entry)

    def _check_references(self, s: Session, values: Mapping[str, Any]) -> None:
        venue_id = values.get("venue_id")
        if venue_id is not None and s.get(Venue, venue_id) is None:
            raise ValidationError("Diesen Veranstaltungsort gibt es nicht.", field="venue_id")
        host = values.get("host_organisation_id")
        if host is not None and s.get(Organisation, host) is None:
            raise ValidationError(
                "Diese Gastgeberkommune gibt es nicht.", field="host_organisation_id"
            )
        clerk = values.get("clerk_id")
        if clerk is not None and s.get(Clerk, clerk) is None:
            raise ValidationError("Diese Bearbeiterin gibt es nicht.", field="clerk_id")

    def create_event(self, data: EventInput) -> EventDetail:
        values = validate_event(asdict(data))
        with self.db.transaction() as s:
            self._check_references(s, values)
            event = Event(**values)
            s.add(event)
            s.flush()
            self.audit(
                s,
                AuditAction.CREATE,
                "event",
                event.id,
                f"Veranstaltung „{event.title}“ am {format_date_de(self._day(event.starts_at))} "
                "angelegt",
                {k: v for k, v in values.items() if v is not None},
            )
            return self._detail(s, event)

    @staticmethod
    def _day(moment: datetime) -> date:
        return moment.astimezone(OFFICE_TIME_ZONE).date()

    def update_event(
        self,
        event_id: int,
        changes: Mapping[str, object],
        *,
        expected_version: int | None,
        overbooked: Overbooked = "refuse",
    ) -> EventDetail:
        """Change the event. A smaller capacity than the places already given is refused
        with the numbers, unless ``overbooked="waitlist_last"`` moves the latest registrations
        to the front of the waiting list; a larger one promotes from the waiting list."""
        unknown = set(changes) - set(EVENT_FIELDS)
        if unknown:
            raise ValueError(f"unknown event fields {sorted(unknown)}")
        values = validate_event(dict(changes))
        with self.db.transaction() as s:
            event = load_event(s, event_id, lock=True)
            check_version(event.version, expected_version, f"Die Veranstaltung „{event.title}“")
            # The changed fields together with the stored ones: an end before the start.
            validate_event(
                {
                    "starts_at": values.get("starts_at", event.starts_at),
                    "ends_at": values.get("ends_at", event.ends_at),
                    "registration_deadline": values.get(
                        "registration_deadline", event.registration_deadline
                    ),
                }
            )
            self._check_references(s, values)
            before = {key: getattr(event, key) for key in values}
            changed = diff(before, values)
            if not changed:
                return self._detail(s, event)
            moved_to_waitlist = 0
            if "capacity" in changed and values["capacity"] is not None:
                moved_to_waitlist = self._fit_capacity(s, event, values["capacity"], overbooked)
            for key, value in values.items():
                setattr(event, key, value)
            if set(changed) & set(CALENDAR_FIELDS):
                event.calendar_sequence += 1
            promoted = Places(s, event).serve(self.ctx) if "capacity" in changed else []
            summary = f"Veranstaltung „{event.title}“ geändert: " + ", ".join(
                FIELD_LABELS.get(k, k) for k in changed
            )
            if moved_to_waitlist:
                summary += f"; {moved_to_waitlist} Anmeldung(en) auf die Warteliste gesetzt"
            if promoted:
                summary += f"; {len(promoted)} von der Warteliste nachgerückt"
            self.audit(s, AuditAction.UPDATE, "event", event.id, summary, changed)
            return self._detail(s, event)

    def _fit_capacity(self, s: Session, event: Event, capacity: int, overbooked: Overbooked) -> int:
        assistants, _weeks = office_rules(s)
        taken = places_taken(s, event.id, assistants)
        if taken <= capacity:
            return 0
        if overbooked == "refuse":
            raise ValidationError(
                f"Es sind schon {taken} Plätze vergeben; {capacity} wären zu wenig.",
                field="capacity",
                hint=(
                    f"Erhöhen Sie die Plätze auf mindestens {taken}, oder setzen Sie die "
                    "zuletzt Angemeldeten auf die Warteliste."
                ),
            )
        registered = list(
            s.scalars(
                select(Registration)
                .where(
                    Registration.event_id == event.id,
                    Registration.status == RegistrationStatus.REGISTERED,
                )
                .order_by(Registration.responded_at.desc(), Registration.id.desc())
            )
        )
        moved: list[Registration] = []
        for registration in registered:
            if taken <= capacity:
                break
            taken -= places_of(registration, assistants)
            moved.append(registration)
        if taken > capacity:
            raise ValidationError(
                f"Auch ohne die Angemeldeten bleiben {taken} Plätze durch Teilnehmende belegt.",
                field="capacity",
            )
        # The moved ones go to the front, the earliest of them first; the rest keep their order.
        waiting = list(
            s.scalars(
                select(Registration)
                .where(
                    Registration.event_id == event.id,
                    Registration.status == RegistrationStatus.WAITLISTED,
                )
                .order_by(Registration.waitlist_position, Registration.id)
            )
        )
        for position, registration in enumerate(reversed(moved), start=1):
            record_change(
                registration,
                RegistrationStatus.WAITLISTED,
                self.ctx,
                "weniger Plätze: auf die Warteliste gesetzt",
            )
            registration.waitlist_position = position
        for position, registration in enumerate(waiting, start=len(moved) + 1):
            registration.waitlist_position = position
        return len(moved)

    def delete_event(
        self, event_id: int, *, expected_version: int | None = None, force: bool = False
    ) -> None:
        """Delete an event; with invitations or registrations only when ``force`` (the GUI
        asks first, naming how many)."""
        with self.db.transaction() as s:
            event = load_event(s, event_id, lock=True)
            check_version(event.version, expected_version, f"Die Veranstaltung „{event.title}“")
            count = int(
                s.scalar(
                    select(func.count(Registration.id)).where(Registration.event_id == event.id)
                )
                or 0
            )
            if count and not force:
                raise UserError(
                    f"„{event.title}“ hat {count} Einladung(en) und Anmeldung(en); sie würden "
                    "mit gelöscht.",
                    hint="Setzen Sie die Veranstaltung stattdessen auf „abgesagt“, oder "
                    "bestätigen Sie das Löschen ausdrücklich.",
                )
            self.audit(
                s,
                AuditAction.DELETE,
                "event",
                event.id,
                f"Veranstaltung „{event.title}“ gelöscht ({count} Einladungen/Anmeldungen)",
                {"title": event.title, "starts_at": event.starts_at, "registrations": count},
            )
            s.delete(event)

    def copy_event(
        self, event_id: int, starts_at: datetime, *, title: str | None = None
    ) -> EventDetail:
        """The next event from this one: same kind, series, venue, host, capacity, description,
        clerk and agenda, the invitees again (only invited, no answers, no needs), the
        registration deadline and the end moved by as much as the start."""
        if starts_at.tzinfo is None:
            raise ValidationError("Zeitpunkte brauchen eine Zeitzone.", field="starts_at")
        with self.db.transaction() as s:
            source = load_event(s, event_id)
            shift = starts_at - source.starts_at
            deadline = (
                source.registration_deadline + timedelta(days=shift.days)
                if source.registration_deadline
                else None
            )
            copy = Event(
                title=title or source.title,
                series=source.series,
                kind=source.kind,
                starts_at=starts_at,
                ends_at=source.ends_at + shift if source.ends_at else None,
                venue_id=source.venue_id,
                host_organisation_id=source.host_organisation_id,
                capacity=source.capacity,
                registration_deadline=deadline,
                status=EventStatus.PLANNED,
                description=source.description,
                clerk_id=source.clerk_id,
            )
            s.add(copy)
            for item in source.agenda_items:
                copy.agenda_items.append(
                    AgendaItem(
                        position=item.position,
                        starts_at=item.starts_at,
                        ends_at=item.ends_at,
                        title=item.title,
                        speaker=item.speaker,
                        notes=item.notes,
                    )
                )
            for registration in source.registrations:
                invited = Registration(
                    person_id=registration.person_id,
                    affiliation_id=registration.affiliation_id,
                    status=RegistrationStatus.INVITED,
                )
                copy.registrations.append(invited)
                record_change(
                    invited, RegistrationStatus.INVITED, self.ctx, copied_note(source.title)
                )
            s.flush()
            self.audit(
                s,
                AuditAction.CREATE,
                "event",
                copy.id,
                f"Veranstaltung „{copy.title}“ am {format_date_de(self._day(starts_at))} aus "
                f"„{source.title}“ kopiert ({len(copy.registrations)} Eingeladene)",
                {"copied_from": source.id},
            )
            return self._detail(s, copy)

    # ----------------------------------------------------------------- agenda

    def add_agenda_item(self, event_id: int, data: AgendaItemInput) -> EventDetail:
        title, speaker, notes = agenda_values(data)
        with self.db.transaction() as s:
            event = load_event(s, event_id)
            position = 1 + max((item.position for item in event.agenda_items), default=0)
            event.agenda_items.append(
                AgendaItem(
                    position=position,
                    starts_at=data.starts_at,
                    ends_at=data.ends_at,
                    title=title,
                    speaker=speaker,
                    notes=notes,
                )
            )
            event.calendar_sequence += 1
            s.flush()
            return self._detail(s, event)

    def update_agenda_item(self, item_id: int, data: AgendaItemInput) -> EventDetail:
        title, speaker, notes = agenda_values(data)
        with self.db.transaction() as s:
            item = self._agenda_item(s, item_id)
            item.title = title
            item.starts_at = data.starts_at
            item.ends_at = data.ends_at
            item.speaker = speaker
            item.notes = notes
            item.event.calendar_sequence += 1
            s.flush()
            return self._detail(s, item.event)

    def delete_agenda_item(self, item_id: int) -> EventDetail:
        with self.db.transaction() as s:
            item = self._agenda_item(s, item_id)
            event = item.event
            event.agenda_items.remove(item)
            s.flush()
            renumber(s, list(event.agenda_items))
            event.calendar_sequence += 1
            s.flush()
            return self._detail(s, event)

    def move_agenda_item(self, item_id: int, position: int) -> EventDetail:
        """Put the item at ``position`` (1 = first); the others keep their order."""
        with self.db.transaction() as s:
            item = self._agenda_item(s, item_id)
            event = item.event
            items = [i for i in event.agenda_items if i is not item]
            index = min(max(position, 1), len(items) + 1) - 1
            items.insert(index, item)
            renumber(s, items)
            event.calendar_sequence += 1
            s.flush()
            s.refresh(event)
            return self._detail(s, event)

    def _agenda_item(self, s: Session, item_id: int) -> AgendaItem:
        item = s.get(AgendaItem, item_id)
        if item is None:
            raise UserError(f"Der Tagesordnungspunkt Nr. {item_id} ist nicht (mehr) da.")
        return item


__all__ = ["EventPlanningService", "validate_event"]
