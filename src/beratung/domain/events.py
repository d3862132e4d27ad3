"""Werkstattgespräche and other events: venues, agenda, registrations, accessibility needs."""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    Time,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from beratung.domain.base import Base, TimestampMixin, UTCDateTime, VersionedMixin, enum_column
from beratung.domain.contacts import Organisation, Person
from beratung.domain.enums import EventKind, EventStatus, NeedKind, RegistrationStatus
from beratung.domain.references import OnErase, organisation_reference, person_reference
from beratung.domain.rules.registrations import (
    new_calendar_uid,
    new_registration_code,
    outranks,
)


class Venue(VersionedMixin, Base):
    """A place with its accessibility checklist; ``None`` on a check means "not yet known"."""

    __tablename__ = "venue"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    room: Mapped[str | None] = mapped_column(String(200))
    street: Mapped[str | None] = mapped_column(String(200))
    postcode: Mapped[str | None] = mapped_column(String(10))
    town: Mapped[str | None] = mapped_column(String(120))
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="SET NULL"), index=True
    )
    capacity: Mapped[int | None] = mapped_column(Integer)
    directions: Mapped[str | None] = mapped_column(Text)
    step_free_access: Mapped[bool | None] = mapped_column(Boolean)
    lift: Mapped[bool | None] = mapped_column(Boolean)
    accessible_wc: Mapped[bool | None] = mapped_column(Boolean)
    hearing_loop: Mapped[bool | None] = mapped_column(Boolean)
    accessible_parking: Mapped[bool | None] = mapped_column(Boolean)
    public_transport_step_free: Mapped[bool | None] = mapped_column(Boolean)
    tactile_guidance: Mapped[bool | None] = mapped_column(Boolean)
    quiet_room: Mapped[bool | None] = mapped_column(Boolean)
    accessibility_notes: Mapped[str | None] = mapped_column(Text)
    public_transport: Mapped[str | None] = mapped_column(Text)
    contact_name: Mapped[str | None] = mapped_column(String(200))
    contact_phone: Mapped[str | None] = mapped_column(String(60))

    organisation: Mapped[Organisation | None] = relationship()

    __table_args__ = (
        CheckConstraint("capacity IS NULL OR capacity > 0", name="capacity_positive"),
    )


class Event(VersionedMixin, Base):
    __tablename__ = "event"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(300), nullable=False)
    series: Mapped[str | None] = mapped_column(String(200), index=True)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)
    ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    venue_id: Mapped[int | None] = mapped_column(
        ForeignKey("venue.id", ondelete="SET NULL"), index=True
    )
    host_organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="SET NULL"), index=True
    )
    capacity: Mapped[int | None] = mapped_column(Integer)
    registration_deadline: Mapped[date | None] = mapped_column()
    description: Mapped[str | None] = mapped_column(Text)
    status: Mapped[EventStatus] = mapped_column(
        enum_column(EventStatus, "event_status"), nullable=False, default=EventStatus.PLANNED
    )
    kind: Mapped[EventKind] = mapped_column(
        enum_column(EventKind, "event_kind"), nullable=False, default=EventKind.WORKSHOP
    )
    # The responsible Bearbeiterin (letters, contact on the invitation).
    clerk_id: Mapped[int | None] = mapped_column(
        ForeignKey("clerk.id", ondelete="SET NULL"), index=True
    )
    notes: Mapped[str | None] = mapped_column(Text)
    # The calendar entry's UID stays the same for the event's life; SEQUENCE rises with every
    # change a calendar should take over (RFC 5545), so Outlook updates instead of duplicating.
    calendar_uid: Mapped[str] = mapped_column(
        String(80), nullable=False, unique=True, default=new_calendar_uid
    )
    calendar_sequence: Mapped[int] = mapped_column(Integer, nullable=False, default=0)

    venue: Mapped[Venue | None] = relationship()
    host_organisation: Mapped[Organisation | None] = relationship()
    agenda_items: Mapped[list[AgendaItem]] = relationship(
        back_populates="event",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="AgendaItem.position",
    )
    # In the order they were made (the invitation list's order), the same on both databases.
    registrations: Mapped[list[Registration]] = relationship(
        back_populates="event",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="Registration.id",
    )

    __table_args__ = (
        CheckConstraint("ends_at IS NULL OR ends_at >= starts_at", name="period_ordered"),
        CheckConstraint("capacity IS NULL OR capacity > 0", name="capacity_positive"),
        Index("ix_event_starts_at", "starts_at"),
    )


class AgendaItem(TimestampMixin, Base):
    __tablename__ = "agenda_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(
        ForeignKey("event.id", ondelete="CASCADE"), nullable=False
    )
    position: Mapped[int] = mapped_column(Integer, nullable=False)
    starts_at: Mapped[time | None] = mapped_column(Time())
    ends_at: Mapped[time | None] = mapped_column(Time())
    title: Mapped[str] = mapped_column(String(300), nullable=False)
    speaker: Mapped[str | None] = mapped_column(String(300))
    notes: Mapped[str | None] = mapped_column(Text)

    event: Mapped[Event] = relationship(back_populates="agenda_items")

    __table_args__ = (
        # Deferred to the commit on PostgreSQL, so reordering (swapping two positions) works in
        # one flush. SQLite cannot defer UNIQUE and checks each statement: reorder there with
        # beratung.storage.ordering.renumber (two steps). See docs/decisions.md.
        UniqueConstraint("event_id", "position", deferrable=True, initially="DEFERRED"),
    )


class Registration(VersionedMixin, Base):
    """One person's relation to one event, from invitation to attendance."""

    __tablename__ = "registration"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(
        ForeignKey("event.id", ondelete="CASCADE"), nullable=False
    )
    person_id: Mapped[int] = mapped_column(
        ForeignKey("person.id", ondelete="CASCADE"), nullable=False, index=True
    )
    # The role in which the person is invited (address on the letter and badge).
    affiliation_id: Mapped[int | None] = mapped_column(
        ForeignKey("affiliation.id", ondelete="SET NULL"), index=True
    )
    status: Mapped[RegistrationStatus] = mapped_column(
        enum_column(RegistrationStatus, "registration_status"),
        nullable=False,
        default=RegistrationStatus.INVITED,
    )
    invited_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    responded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    companions: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    companion_names: Mapped[str | None] = mapped_column(Text)
    waitlist_position: Mapped[int | None] = mapped_column(Integer)
    notes: Mapped[str | None] = mapped_column(Text)
    # Printed on the reply form and the badge, typed or scanned at the check-in.
    code: Mapped[str] = mapped_column(
        String(16), nullable=False, unique=True, default=new_registration_code
    )
    # Personal assistants (count against the capacity when the office says so).
    assistants: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    # Moved up from the waiting list ("nachgerückt am …"), and still to be told so.
    promoted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    notify_pending: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    attended_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    walk_in: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)

    event: Mapped[Event] = relationship(back_populates="registrations")
    person: Mapped[Person] = relationship()
    needs: Mapped[list[AccessibilityNeed]] = relationship(
        back_populates="registration", cascade="all, delete-orphan", passive_deletes=True
    )
    changes: Mapped[list[RegistrationChange]] = relationship(
        back_populates="registration",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="RegistrationChange.id",
    )

    __table_args__ = (
        UniqueConstraint("event_id", "person_id"),
        CheckConstraint("companions >= 0 AND companions <= 20", name="companions_range"),
        CheckConstraint("assistants >= 0 AND assistants <= 5", name="assistants_range"),
        Index("ix_registration_event_status", "event_id", "status"),
    )


class RegistrationChange(Base):
    """One dated step of a registration (invited → registered → …), for its history."""

    __tablename__ = "registration_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(
        ForeignKey("registration.id", ondelete="CASCADE"), nullable=False, index=True
    )
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)
    user_name: Mapped[str] = mapped_column(String(120), nullable=False)
    from_status: Mapped[RegistrationStatus | None] = mapped_column(
        enum_column(RegistrationStatus, "registration_change_from")
    )
    to_status: Mapped[RegistrationStatus] = mapped_column(
        enum_column(RegistrationStatus, "registration_change_to"), nullable=False
    )
    note: Mapped[str | None] = mapped_column(String(300))

    registration: Mapped[Registration] = relationship(back_populates="changes")


class AccessibilityNeed(TimestampMixin, Base):
    """Health-related data: kept only with consent and deleted after the event."""

    __tablename__ = "accessibility_need"

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(
        ForeignKey("registration.id", ondelete="CASCADE"), nullable=False, index=True
    )
    kind: Mapped[NeedKind] = mapped_column(enum_column(NeedKind, "need_kind"), nullable=False)
    details: Mapped[str | None] = mapped_column(Text)
    # Health data lives only as long as the consent it was given under.
    consent_id: Mapped[int | None] = mapped_column(
        ForeignKey("consent.id", ondelete="CASCADE"), index=True
    )
    delete_after: Mapped[date | None] = mapped_column(index=True)

    registration: Mapped[Registration] = relationship(back_populates="needs")

    __table_args__ = (UniqueConstraint("registration_id", "kind"),)


#: What merging and erasing do with the rows of this module that point at persons and
#: organisations (see ``domain/references.py``). An erased person's registrations stay for the
#: attendance figures, without companions' names and notes; two registrations of one event
#: after a merge: the stronger status wins (``rules.registrations.outranks``).
REFERENCES = (
    person_reference(
        "registration",
        "person_id",
        "Anmeldungen",
        on_erase=OnErase.ANONYMISE,
        personal_columns=("companion_names", "notes"),
        stronger=lambda moving, kept: outranks(moving["status"], kept["status"]),
    ),
    organisation_reference("venue", "organisation_id", "Veranstaltungsorte"),
    organisation_reference("event", "host_organisation_id", "Veranstaltungen"),
)
