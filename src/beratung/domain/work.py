"""The advisory work: topics, programmes and applications, consultations, follow-ups."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from beratung.domain.base import (
    Base,
    TimestampMixin,
    UTCDateTime,
    VersionedMixin,
    enum_column,
    utcnow,
)
from beratung.domain.contacts import Organisation, Person
from beratung.domain.enums import ApplicationStatus, ConsultationMode
from beratung.domain.references import OnErase, organisation_reference, person_reference


class Topic(TimestampMixin, Base):
    __tablename__ = "topic"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), nullable=False, unique=True)
    description: Mapped[str | None] = mapped_column(Text)
    is_active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)

    __table_args__ = (CheckConstraint("length(name) > 0", name="name_not_empty"),)


class Programme(VersionedMixin, Base):
    """A funding call or competition, e.g. "Quartier 2020"."""

    __tablename__ = "programme"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), nullable=False, unique=True)
    description: Mapped[str | None] = mapped_column(Text)
    funder: Mapped[str | None] = mapped_column(String(200))
    starts_on: Mapped[date | None] = mapped_column()
    deadline: Mapped[date | None] = mapped_column()
    ends_on: Mapped[date | None] = mapped_column()
    website: Mapped[str | None] = mapped_column(String(200))

    applications: Mapped[list[ProgrammeApplication]] = relationship(
        back_populates="programme", cascade="all, delete-orphan", passive_deletes=True
    )

    __table_args__ = (
        CheckConstraint(
            "ends_on IS NULL OR starts_on IS NULL OR ends_on >= starts_on", name="period_ordered"
        ),
    )


class ProgrammeApplication(VersionedMixin, Base):
    """One organisation's way through one programme: advised, applied, result."""

    __tablename__ = "programme_application"

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(
        ForeignKey("programme.id", ondelete="CASCADE"), nullable=False
    )
    # RESTRICT: deleting an organisation must not silently take its applications with it.
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="RESTRICT"), nullable=False, index=True
    )
    status: Mapped[ApplicationStatus] = mapped_column(
        enum_column(ApplicationStatus, "application_status"),
        nullable=False,
        default=ApplicationStatus.ADVISED,
    )
    applied_on: Mapped[date | None] = mapped_column()
    result_on: Mapped[date | None] = mapped_column()
    project_title: Mapped[str | None] = mapped_column(String(300))
    amount_eur: Mapped[int | None] = mapped_column(Integer)
    notes: Mapped[str | None] = mapped_column(Text)

    programme: Mapped[Programme] = relationship(back_populates="applications")
    organisation: Mapped[Organisation] = relationship()

    __table_args__ = (
        UniqueConstraint("programme_id", "organisation_id"),
        CheckConstraint("amount_eur IS NULL OR amount_eur >= 0", name="amount_positive"),
    )


consultation_person = Table(
    "consultation_person",
    Base.metadata,
    Column(
        "consultation_id",
        ForeignKey("consultation.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("person_id", ForeignKey("person.id", ondelete="CASCADE"), primary_key=True, index=True),
)

consultation_topic = Table(
    "consultation_topic",
    Base.metadata,
    Column(
        "consultation_id",
        ForeignKey("consultation.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("topic_id", ForeignKey("topic.id", ondelete="RESTRICT"), primary_key=True, index=True),
)


class OrganisationTopic(Base):
    """A topic an organisation declares it works on (its own project), for "Vernetzung"."""

    __tablename__ = "organisation_topic"

    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), primary_key=True
    )
    topic_id: Mapped[int] = mapped_column(
        ForeignKey("topic.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    note: Mapped[str | None] = mapped_column(Text)
    since: Mapped[date | None] = mapped_column()


class Consultation(VersionedMixin, Base):
    __tablename__ = "consultation"

    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)
    duration_minutes: Mapped[int | None] = mapped_column(Integer)
    mode: Mapped[ConsultationMode] = mapped_column(
        enum_column(ConsultationMode, "consultation_mode"), nullable=False
    )
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="RESTRICT"), index=True
    )
    programme_id: Mapped[int | None] = mapped_column(
        ForeignKey("programme.id", ondelete="SET NULL"), index=True
    )
    subject: Mapped[str | None] = mapped_column(String(300))
    summary: Mapped[str | None] = mapped_column(Text)
    outcome: Mapped[str | None] = mapped_column(Text)
    file_reference: Mapped[str | None] = mapped_column(String(100))
    advisor: Mapped[str | None] = mapped_column(String(120))

    organisation: Mapped[Organisation | None] = relationship()
    programme: Mapped[Programme | None] = relationship()
    persons: Mapped[list[Person]] = relationship(secondary=consultation_person)
    topics: Mapped[list[Topic]] = relationship(secondary=consultation_topic, order_by=Topic.name)
    attachments: Mapped[list[Attachment]] = relationship(
        back_populates="consultation", cascade="all, delete-orphan", passive_deletes=True
    )

    __table_args__ = (
        CheckConstraint(
            "duration_minutes IS NULL OR (duration_minutes >= 0 AND duration_minutes <= 1440)",
            name="duration_range",
        ),
        Index("ix_consultation_occurred_at", "occurred_at"),
        Index("ix_consultation_programme_occurred", "programme_id", "occurred_at"),
        # Covers what the statistics of a period read (services/statistics.py, migration 0009).
        Index(
            "ix_consultation_statistics",
            "occurred_at",
            "organisation_id",
            "programme_id",
            "mode",
            "duration_minutes",
        ),
    )


class Attachment(Base):
    """A file copied into the data directory so the record stays valid when the original moves."""

    __tablename__ = "attachment"

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consultation.id", ondelete="CASCADE"), nullable=False, index=True
    )
    original_name: Mapped[str] = mapped_column(String(300), nullable=False)
    # Relative to the attachment folder of the data directory.
    stored_name: Mapped[str] = mapped_column(String(300), nullable=False, unique=True)
    sha256: Mapped[str] = mapped_column(String(64), nullable=False)
    size_bytes: Mapped[int] = mapped_column(Integer, nullable=False)
    added_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False, default=utcnow)

    consultation: Mapped[Consultation] = relationship(back_populates="attachments")

    __table_args__ = (CheckConstraint("size_bytes >= 0", name="size_positive"),)


class FollowUp(TimestampMixin, Base):
    """A Wiedervorlage: a dated reminder attached to something the advisor works on."""

    __tablename__ = "follow_up"

    id: Mapped[int] = mapped_column(primary_key=True)
    due_on: Mapped[date] = mapped_column(nullable=False)
    note: Mapped[str] = mapped_column(Text, nullable=False)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    consultation_id: Mapped[int | None] = mapped_column(
        ForeignKey("consultation.id", ondelete="CASCADE"), index=True
    )
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    person_id: Mapped[int | None] = mapped_column(
        ForeignKey("person.id", ondelete="CASCADE"), index=True
    )
    event_id: Mapped[int | None] = mapped_column(
        ForeignKey("event.id", ondelete="CASCADE"), index=True
    )

    __table_args__ = (
        CheckConstraint(
            "consultation_id IS NOT NULL OR organisation_id IS NOT NULL "
            "OR person_id IS NOT NULL OR event_id IS NOT NULL",
            name="has_subject",
        ),
        Index("ix_follow_up_open_due", "done_at", "due_on"),
    )


#: What merging and erasing do with the rows of this module that point at persons and
#: organisations (see ``domain/references.py``). Consultations stay with an erased person
#: (anonymised) so the counts per municipality stay true.
REFERENCES = (
    organisation_reference("consultation", "organisation_id", "Beratungen"),
    person_reference("consultation_person", "person_id", "Beratungen", on_erase=OnErase.KEEP),
    organisation_reference("organisation_topic", "organisation_id", "Themen"),
    organisation_reference("programme_application", "organisation_id", "Programmteilnahmen"),
    person_reference(
        "follow_up",
        "person_id",
        "Wiedervorlagen",
        on_erase=OnErase.ANONYMISE,
        personal_columns=("note",),
    ),
    organisation_reference("follow_up", "organisation_id", "Wiedervorlagen"),
)
