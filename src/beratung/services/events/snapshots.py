"""Frozen views and inputs of events, venues, agenda items and registrations.

Times are aware datetimes (stored in UTC, shown in the office's time zone); calendar dates are
plain ``date``s. Every row carries what its list shows, so a table of 2,000 registrations is one
query, not 2,000.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time

from beratung.domain.enums import (
    ConsentMethod,
    EventKind,
    EventStatus,
    NeedKind,
    RegistrationStatus,
)
from beratung.domain.reports import RegistrationTally
from beratung.domain.rules.events import PlanningWarning

#: The venue's accessibility checklist: field name and German label, in the order shown.
CHECKLIST: tuple[tuple[str, str], ...] = (
    ("step_free_access", "Stufenloser Zugang"),
    ("lift", "Aufzug"),
    ("accessible_wc", "Barrierefreies WC"),
    ("hearing_loop", "Induktionsschleife"),
    ("accessible_parking", "Behindertenparkplatz"),
    ("public_transport_step_free", "Barrierefreie Anreise mit Bus und Bahn"),
    ("tactile_guidance", "Taktiles Leitsystem"),
    ("quiet_room", "Ruheraum"),
)


@dataclass(frozen=True, slots=True)
class RegistrationRef:
    """One of a person's registrations, for their history."""

    id: int
    event_id: int
    event_title: str
    starts_at: datetime
    status: RegistrationStatus
    status_label: str


# --------------------------------------------------------------------------------------------
# Venues


@dataclass(frozen=True, slots=True)
class VenueInput:
    name: str
    room: str | None = None
    street: str | None = None
    postcode: str | None = None
    town: str | None = None
    organisation_id: int | None = None
    capacity: int | None = None
    directions: str | None = None
    public_transport: str | None = None
    contact_name: str | None = None
    contact_phone: str | None = None
    #: Checklist field → True (yes), False (no), None (unknown).
    checklist: dict[str, bool | None] = field(default_factory=dict)
    accessibility_notes: str | None = None


@dataclass(frozen=True, slots=True)
class ChecklistItem:
    key: str
    label: str
    value: bool | None

    @property
    def text(self) -> str:
        return {True: "ja", False: "nein", None: "unbekannt"}[self.value]


@dataclass(frozen=True, slots=True)
class VenueSnapshot:
    id: int
    version: int
    name: str
    room: str | None
    street: str | None
    postcode: str | None
    town: str | None
    organisation_id: int | None
    organisation_name: str | None
    capacity: int | None
    directions: str | None
    public_transport: str | None
    contact_name: str | None
    contact_phone: str | None
    checklist: tuple[ChecklistItem, ...]
    accessibility_notes: str | None
    #: How many events use it (a venue in use cannot be deleted).
    events: int

    @property
    def unknown(self) -> tuple[str, ...]:
        """The checklist items nobody has checked yet (the event page shows them)."""
        return tuple(item.label for item in self.checklist if item.value is None)

    @property
    def address_lines(self) -> tuple[str, ...]:
        town = " ".join(p for p in (self.postcode, self.town) if p)
        return tuple(p for p in (self.name, self.room, self.street, town) if p)


# --------------------------------------------------------------------------------------------
# Events and agenda


@dataclass(frozen=True, slots=True)
class EventInput:
    title: str
    starts_at: datetime
    ends_at: datetime | None = None
    kind: EventKind = EventKind.WORKSHOP
    series: str | None = None
    venue_id: int | None = None
    host_organisation_id: int | None = None
    capacity: int | None = None
    registration_deadline: date | None = None
    status: EventStatus = EventStatus.PLANNED
    description: str | None = None
    clerk_id: int | None = None
    notes: str | None = None


@dataclass(frozen=True, slots=True)
class AgendaItemInput:
    title: str
    starts_at: time | None = None
    ends_at: time | None = None
    speaker: str | None = None
    notes: str | None = None


@dataclass(frozen=True, slots=True)
class AgendaItemSnapshot:
    id: int
    position: int
    starts_at: time | None
    ends_at: time | None
    title: str
    speaker: str | None
    notes: str | None


#: Registrations per status of one event: the tally the events report counts with, by the
#: name the event page uses.
StatusCounts = RegistrationTally


@dataclass(frozen=True, slots=True)
class EventRow:
    id: int
    title: str
    series: str | None
    kind: EventKind
    kind_label: str
    starts_at: datetime
    ends_at: datetime | None
    status: EventStatus
    status_label: str
    venue_name: str | None
    town: str | None
    capacity: int | None
    places_taken: int
    counts: StatusCounts


@dataclass(frozen=True, slots=True)
class EventDetail:
    id: int
    version: int
    title: str
    series: str | None
    kind: EventKind
    kind_label: str
    starts_at: datetime
    ends_at: datetime | None
    status: EventStatus
    status_label: str
    venue: VenueSnapshot | None
    host_organisation_id: int | None
    host_organisation_name: str | None
    capacity: int | None
    registration_deadline: date | None
    description: str | None
    clerk_id: int | None
    clerk_name: str | None
    notes: str | None
    agenda: tuple[AgendaItemSnapshot, ...]
    counts: StatusCounts
    places_taken: int
    assistants_take_places: bool
    warnings: tuple[PlanningWarning, ...]
    calendar_uid: str
    calendar_sequence: int

    @property
    def free_places(self) -> int | None:
        return None if self.capacity is None else max(0, self.capacity - self.places_taken)

    def as_input(self) -> EventInput:
        return EventInput(
            title=self.title,
            starts_at=self.starts_at,
            ends_at=self.ends_at,
            kind=self.kind,
            series=self.series,
            venue_id=self.venue.id if self.venue else None,
            host_organisation_id=self.host_organisation_id,
            capacity=self.capacity,
            registration_deadline=self.registration_deadline,
            status=self.status,
            description=self.description,
            clerk_id=self.clerk_id,
            notes=self.notes,
        )


# --------------------------------------------------------------------------------------------
# Invitations and registrations


@dataclass(frozen=True, slots=True)
class Invitee:
    """A person to invite, in a chosen role (its organisation's address goes on the letter);
    ``None``: the role letters use by default."""

    person_id: int
    affiliation_id: int | None = None


@dataclass(frozen=True, slots=True)
class InvitationProblem:
    person_id: int
    name: str
    problem: str


@dataclass(frozen=True, slots=True)
class InvitationResult:
    invited: int
    #: Already on the event's list (nobody is invited twice).
    already_invited: tuple[str, ...]
    #: Invited, but without a postal address or an e-mail address: fix before printing.
    problems: tuple[InvitationProblem, ...]


@dataclass(frozen=True, slots=True)
class RegistrationRow:
    id: int
    person_id: int
    name: str
    sort_name: str
    organisation: str | None
    role: str | None
    town: str | None
    status: RegistrationStatus
    status_label: str
    companions: int
    assistants: int
    places: int
    waitlist_position: int | None
    code: str
    invited_at: datetime | None
    responded_at: datetime | None
    promoted_at: datetime | None
    notify_pending: bool
    attended_at: datetime | None
    walk_in: bool
    has_postal_address: bool
    has_email: bool
    needs: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class RegistrationChangeSnapshot:
    changed_at: datetime
    user_name: str
    from_status: RegistrationStatus | None
    to_status: RegistrationStatus
    text: str


@dataclass(frozen=True, slots=True)
class NeedInput:
    kind: NeedKind
    details: str | None = None


@dataclass(frozen=True, slots=True)
class HealthConsentInput:
    """The participant's consent to keep their accessibility needs (Art. 9 GDPR): how and when
    it was given; the purpose is fixed (planning this event)."""

    method: ConsentMethod
    given_on: date
    notes: str | None = None


@dataclass(frozen=True, slots=True)
class NeedSnapshot:
    kind: NeedKind
    label: str
    details: str | None
    delete_after: date | None


@dataclass(frozen=True, slots=True)
class RegistrationDetail:
    row: RegistrationRow
    version: int
    event_id: int
    affiliation_id: int | None
    companion_names: str | None
    notes: str | None
    needs: tuple[NeedSnapshot, ...]
    consent_method: ConsentMethod | None
    consent_given_on: date | None
    history: tuple[RegistrationChangeSnapshot, ...]


@dataclass(frozen=True, slots=True)
class RegistrationOutcome:
    """What a registration step did, to tell the user (and the persons concerned)."""

    registration: RegistrationRow
    #: Persons who moved up from the waiting list in the same step.
    promoted: tuple[RegistrationRow, ...] = ()
    #: German notes for the user: registered after the deadline, put on the waiting list …
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class BulkOutcome:
    changed: int
    unchanged: int
    promoted: tuple[RegistrationRow, ...]
    notes: tuple[str, ...]


# --------------------------------------------------------------------------------------------
# Needs and figures


@dataclass(frozen=True, slots=True)
class NeedCount:
    kind: NeedKind
    label: str
    count: int


@dataclass(frozen=True, slots=True)
class NeedsSummary:
    """For the venue and the caterer: counts only, never names."""

    event_id: int
    counts: tuple[NeedCount, ...]
    other_details: tuple[str, ...]
    delete_after: date | None


@dataclass(frozen=True, slots=True)
class NamedNeed:
    name: str
    organisation: str | None
    status_label: str
    needs: tuple[NeedSnapshot, ...]


@dataclass(frozen=True, slots=True)
class Breakdown:
    label: str
    count: int


@dataclass(frozen=True, slots=True)
class EventFigures:
    event_id: int
    title: str
    counts: StatusCounts
    places_taken: int
    capacity: int | None
    #: Municipalities among the organisations of those who registered or attended.
    municipalities: int
    members: int
    non_members: int
    by_regierungsbezirk: tuple[Breakdown, ...]


@dataclass(frozen=True, slots=True)
class SeriesAttendance:
    person_id: int
    name: str
    organisation: str | None
    attended: int
    events: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class CheckInMatch:
    registration_id: int
    name: str
    organisation: str | None
    status: RegistrationStatus
    status_label: str
    code: str
