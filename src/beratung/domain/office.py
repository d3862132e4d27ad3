"""The office itself: letterhead profile, clerks, file plan, press releases, text templates."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from beratung.domain.base import (
    Base,
    JsonDocument,
    TimestampMixin,
    UTCDateTime,
    VersionedMixin,
    enum_column,
)
from beratung.domain.enums import PressStatus


class OfficeProfile(VersionedMixin, Base):
    """The sender of every printed document. A single row (id = 1)."""

    __tablename__ = "office_profile"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    unit: Mapped[str | None] = mapped_column(String(200))  # e.g. "Fachberatung Inklusion"
    function_line: Mapped[str | None] = mapped_column(String(200))
    street: Mapped[str | None] = mapped_column(String(200))
    postcode: Mapped[str | None] = mapped_column(String(10))
    town: Mapped[str | None] = mapped_column(String(120))
    phone: Mapped[str | None] = mapped_column(String(60))
    fax: Mapped[str | None] = mapped_column(String(60))
    email: Mapped[str | None] = mapped_column(String(200))
    website: Mapped[str | None] = mapped_column(String(200))
    logo: Mapped[bytes | None] = mapped_column(LargeBinary)
    logo_mime: Mapped[str | None] = mapped_column(String(40))
    footer_lines: Mapped[str | None] = mapped_column(Text)
    press_info_url: Mapped[str | None] = mapped_column(String(200))
    # Office rules for events: whether personal assistants take a place of the capacity, and
    # how many weeks after an event its participants' accessibility needs are kept.
    assistants_take_places: Mapped[bool] = mapped_column(
        Boolean, nullable=False, default=False, server_default=false()
    )
    needs_retention_weeks: Mapped[int] = mapped_column(
        Integer, nullable=False, default=4, server_default="4"
    )

    __table_args__ = (
        CheckConstraint("id = 1", name="single_row"),
        CheckConstraint(
            "needs_retention_weeks >= 0 AND needs_retention_weeks <= 104",
            name="needs_retention_range",
        ),
    )


class Clerk(VersionedMixin, Base):
    """A Bearbeiterin/Bearbeiter or signatory of the office."""

    __tablename__ = "clerk"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    initials: Mapped[str] = mapped_column(String(10), nullable=False, unique=True)
    function: Mapped[str | None] = mapped_column(String(200))
    phone_extension: Mapped[str | None] = mapped_column(String(20))
    email: Mapped[str | None] = mapped_column(String(200))
    is_signatory: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    is_active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)


class FilePlanNumber(TimestampMixin, Base):
    """An entry of the office's file plan (Aktenplan), e.g. 047.43 for press work on inclusion."""

    __tablename__ = "file_plan_number"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(30), nullable=False, unique=True)
    description: Mapped[str] = mapped_column(String(300), nullable=False)
    is_default_for_press: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)


class PressNumberCounter(Base):
    """The last press number handed out per year.

    Numbers are taken by an UPDATE of this row inside the transaction that finalises a release,
    so two releases made at once (PostgreSQL) get consecutive numbers and a rollback leaves no gap.
    """

    __tablename__ = "press_number_counter"

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    last_number: Mapped[int] = mapped_column(Integer, nullable=False, default=0)

    __table_args__ = (CheckConstraint("last_number >= 0", name="last_number_positive"),)


class PressRelease(VersionedMixin, Base):
    __tablename__ = "press_release"

    id: Mapped[int] = mapped_column(primary_key=True)
    status: Mapped[PressStatus] = mapped_column(
        enum_column(PressStatus, "press_status"), nullable=False, default=PressStatus.DRAFT
    )
    year: Mapped[int | None] = mapped_column(Integer)
    number: Mapped[int | None] = mapped_column(Integer)
    # 1 for the first final text; a changed final release is saved as revision 2, 3, ...
    revision: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    supersedes_id: Mapped[int | None] = mapped_column(
        ForeignKey("press_release.id", ondelete="SET NULL"), index=True
    )
    release_date: Mapped[date | None] = mapped_column()
    embargo_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    headline: Mapped[str] = mapped_column(String(400), nullable=False)
    subline: Mapped[str | None] = mapped_column(String(400))
    dateline_place: Mapped[str | None] = mapped_column(String(120))
    body: Mapped[str] = mapped_column(Text, nullable=False, default="")
    more_info: Mapped[str | None] = mapped_column(String(300))
    contact_text: Mapped[str | None] = mapped_column(Text)
    clerk_id: Mapped[int | None] = mapped_column(
        ForeignKey("clerk.id", ondelete="RESTRICT"), index=True
    )
    file_plan_code: Mapped[str | None] = mapped_column(String(30))
    file_reference: Mapped[str | None] = mapped_column(String(100))
    finalised_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The frozen data a final release is printed from, so reprints are identical.
    frozen_snapshot: Mapped[dict[str, object] | None] = mapped_column(JsonDocument)

    clerk: Mapped[Clerk | None] = relationship()

    __table_args__ = (
        UniqueConstraint("year", "number", "revision"),
        CheckConstraint(
            "(status = 'draft') OR (year IS NOT NULL AND number IS NOT NULL "
            "AND file_reference IS NOT NULL)",
            name="final_is_numbered",
        ),
        CheckConstraint("number IS NULL OR number > 0", name="number_positive"),
        CheckConstraint("revision >= 1", name="revision_positive"),
        Index("ix_press_release_status_date", "status", "release_date"),
    )


class TextTemplate(VersionedMixin, Base):
    """An editable letter text with named placeholders such as ``{anrede}`` or ``{datum}``."""

    __tablename__ = "text_template"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(80), nullable=False, unique=True)
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    subject: Mapped[str | None] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text, nullable=False)


__all__ = [
    "Clerk",
    "FilePlanNumber",
    "OfficeProfile",
    "PressNumberCounter",
    "PressRelease",
    "TextTemplate",
]
