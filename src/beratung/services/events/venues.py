"""Venues, reused across events: address, room, capacity, how to get there, the contact on
site, and the accessibility checklist, where "unbekannt" is a real third state (an unchecked
item is shown as open, never as "no")."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from beratung.domain.enums import AuditAction
from beratung.domain.errors import UserError, ValidationError
from beratung.domain.events import Event, Venue
from beratung.domain.rules.text import clean_field
from beratung.services.base import Service, check_version, diff
from beratung.services.events.snapshots import CHECKLIST, ChecklistItem, VenueInput, VenueSnapshot
from beratung.services.limits import check_limits


def venue_snapshot(session: Session, venue: Venue) -> VenueSnapshot:
    events = session.scalar(select(func.count(Event.id)).where(Event.venue_id == venue.id))
    return VenueSnapshot(
        id=venue.id,
        version=venue.version,
        name=venue.name,
        room=venue.room,
        street=venue.street,
        postcode=venue.postcode,
        town=venue.town,
        organisation_id=venue.organisation_id,
        organisation_name=venue.organisation.name if venue.organisation else None,
        capacity=venue.capacity,
        directions=venue.directions,
        public_transport=venue.public_transport,
        contact_name=venue.contact_name,
        contact_phone=venue.contact_phone,
        checklist=tuple(
            ChecklistItem(key=key, label=text, value=getattr(venue, key)) for key, text in CHECKLIST
        ),
        accessibility_notes=venue.accessibility_notes,
        events=int(events or 0),
    )


#: The venue form's labels, for messages that name a field.
VENUE_LABELS = {
    "name": "Der Name",
    "room": "Der Raum",
    "street": "Die Straße",
    "postcode": "Die Postleitzahl",
    "town": "Der Ort",
    "directions": "Die Wegbeschreibung",
    "public_transport": "Die Angabe zu Bus und Bahn",
    "contact_name": "Der Name der Ansprechperson",
    "contact_phone": "Das Telefon der Ansprechperson",
    "accessibility_notes": "Der Hinweis zur Barrierefreiheit",
}


def venue_values(data: VenueInput | Mapping[str, Any]) -> dict[str, Any]:
    """Cleaned venue values; a German ``ValidationError`` naming the field otherwise (the
    columns' lengths are the limits, as for the contact forms)."""
    raw = asdict(data) if isinstance(data, VenueInput) else dict(data)
    checklist = raw.pop("checklist", None) or {}
    values = {
        key: clean_field(value) if isinstance(value, str) else value
        for key, value in raw.items()
    }
    known = {key for key, _label in CHECKLIST}
    unknown = set(checklist) - known
    if unknown:
        raise ValueError(f"unknown checklist items {sorted(unknown)}")
    values.update(checklist)
    if "name" in values and not values["name"]:
        raise ValidationError("Bitte geben Sie einen Namen ein.", field="name")
    capacity = values.get("capacity")
    if capacity is not None and (not isinstance(capacity, int) or capacity < 1):
        raise ValidationError(
            "Die Zahl der Plätze muss mindestens 1 sein.", field="venue_capacity"
        )
    postcode = values.get("postcode")
    if postcode and not (len(postcode) == 5 and postcode.isdigit()):
        raise ValidationError("Die Postleitzahl hat 5 Ziffern.", field="postcode")
    check_limits(Venue, values, VENUE_LABELS)
    return values


class VenueService(Service):
    """The office's venues."""

    # ----------------------------------------------------------------- venues

    def list_venues(self) -> list[VenueSnapshot]:
        with self.db.read() as s:
            return [
                venue_snapshot(s, v)
                for v in s.scalars(select(Venue).order_by(Venue.town, Venue.name))
            ]

    def get_venue(self, venue_id: int) -> VenueSnapshot:
        with self.db.read() as s:
            return venue_snapshot(s, self._venue(s, venue_id))

    def _venue(self, s: Session, venue_id: int) -> Venue:
        venue = s.get(Venue, venue_id)
        if venue is None:
            raise UserError(f"Den Veranstaltungsort Nr. {venue_id} gibt es nicht (mehr).")
        return venue

    def create_venue(self, data: VenueInput) -> VenueSnapshot:
        values = venue_values(data)
        with self.db.transaction() as s:
            venue = Venue(**values)
            s.add(venue)
            s.flush()
            self.audit(
                s, AuditAction.CREATE, "venue", venue.id, f"Veranstaltungsort {venue.name} angelegt"
            )
            return venue_snapshot(s, venue)

    def update_venue(
        self, venue_id: int, data: VenueInput | Mapping[str, Any], *, expected_version: int | None
    ) -> VenueSnapshot:
        values = venue_values(data)
        with self.db.transaction() as s:
            venue = self._venue(s, venue_id)
            check_version(venue.version, expected_version, f"Der Veranstaltungsort „{venue.name}“")
            before = {key: getattr(venue, key) for key in values}
            changed = diff(before, values)
            for key, value in values.items():
                setattr(venue, key, value)
            if changed:
                for event in s.scalars(select(Event).where(Event.venue_id == venue.id)):
                    event.calendar_sequence += 1  # the calendar shows the place
                s.flush()
                self.audit(
                    s,
                    AuditAction.UPDATE,
                    "venue",
                    venue.id,
                    f"Veranstaltungsort {venue.name} geändert",
                    changed,
                )
            return venue_snapshot(s, venue)

    def delete_venue(self, venue_id: int) -> None:
        """A venue that events use is not deleted (their letters would lose the address)."""
        with self.db.transaction() as s:
            venue = self._venue(s, venue_id)
            titles = list(s.scalars(select(Event.title).where(Event.venue_id == venue.id)))
            if titles:
                shown = ", ".join(f"„{t}“" for t in titles[:3])
                more = f" und {len(titles) - 3} weitere" if len(titles) > 3 else ""
                raise UserError(
                    f"Der Veranstaltungsort „{venue.name}“ wird noch verwendet: {shown}{more}.",
                    hint="Wählen Sie dort zuerst einen anderen Ort.",
                )
            self.audit(
                s, AuditAction.DELETE, "venue", venue.id, f"Veranstaltungsort {venue.name} gelöscht"
            )
            s.delete(venue)
