"""Organisations, persons, their roles and distribution lists."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from beratung.domain.base import (
    Base,
    SortKey,
    TimestampMixin,
    UTCDateTime,
    VersionedMixin,
    enum_column,
    utcnow,
)
from beratung.domain.enums import (
    AddressPreference,
    Anrede,
    ContactRoute,
    OrganisationKind,
    PrintVariant,
)
from beratung.domain.references import OnErase, organisation_reference, person_reference

if TYPE_CHECKING:
    from beratung.domain.records import Consent


class MunicipalityDirectoryEntry(Base):
    """One row of the official municipality directory (Destatis GV100AD), kept as master data.

    The advisor's own :class:`Organisation` rows copy these values; a newer directory replaces this
    table and refreshes the copies by AGS without touching anything the advisor entered.
    """

    __tablename__ = "municipality_directory"

    ags: Mapped[str] = mapped_column(String(8), primary_key=True)
    name: Mapped[str] = mapped_column(String(120), nullable=False, index=True)
    kreis: Mapped[str] = mapped_column(String(120), nullable=False)
    kreis_typ: Mapped[str] = mapped_column(String(20), nullable=False)
    regierungsbezirk: Mapped[str] = mapped_column(String(60), nullable=False)
    population: Mapped[int] = mapped_column(Integer, nullable=False)
    postcode: Mapped[str] = mapped_column(String(5), nullable=False)
    is_town: Mapped[bool] = mapped_column(Boolean, nullable=False)
    status_date: Mapped[date | None] = mapped_column(nullable=True)

    __table_args__ = (
        CheckConstraint("length(ags) = 8", name="ags_length"),
        CheckConstraint("population >= 0", name="population_positive"),
    )


class Organisation(VersionedMixin, Base):
    __tablename__ = "organisation"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[OrganisationKind] = mapped_column(
        enum_column(OrganisationKind, "organisation_kind"), nullable=False, index=True
    )
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    # Second name line of the address block, e.g. "Dezernat für Soziales".
    department: Mapped[str | None] = mapped_column(String(200))
    street: Mapped[str | None] = mapped_column(String(200))
    po_box: Mapped[str | None] = mapped_column(String(50))
    postcode: Mapped[str | None] = mapped_column(String(10))
    town: Mapped[str | None] = mapped_column(String(120), index=True)
    country: Mapped[str | None] = mapped_column(String(60))
    phone: Mapped[str | None] = mapped_column(String(60))
    fax: Mapped[str | None] = mapped_column(String(60))
    email: Mapped[str | None] = mapped_column(String(200), index=True)
    website: Mapped[str | None] = mapped_column(String(200))
    ags: Mapped[str | None] = mapped_column(String(8), unique=True)
    kreis: Mapped[str | None] = mapped_column(String(120), index=True)
    kreis_typ: Mapped[str | None] = mapped_column(String(20))
    regierungsbezirk: Mapped[str | None] = mapped_column(String(60), index=True)
    population: Mapped[int | None] = mapped_column(Integer)
    is_member: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False, index=True)
    notes: Mapped[str | None] = mapped_column(Text)
    # Derived (storage/derived.py): the folded searchable words and the alphabetical order key,
    # recomputed on every flush that touches the organisation.
    search_text: Mapped[str] = mapped_column(Text, nullable=False, default="")
    sort_name: Mapped[str] = mapped_column(
        SortKey, nullable=False, default="", server_default="", index=True
    )

    affiliations: Mapped[list[Affiliation]] = relationship(
        back_populates="organisation", cascade="all, delete-orphan", passive_deletes=True
    )

    __table_args__ = (
        CheckConstraint("ags IS NULL OR length(ags) = 8", name="ags_length"),
        CheckConstraint("population IS NULL OR population >= 0", name="population_positive"),
        CheckConstraint("length(name) > 0", name="name_not_empty"),
        Index("ix_organisation_name", "name"),
    )


class Person(VersionedMixin, Base):
    __tablename__ = "person"

    id: Mapped[int] = mapped_column(primary_key=True)
    anrede: Mapped[Anrede] = mapped_column(
        enum_column(Anrede, "anrede"), nullable=False, default=Anrede.NONE
    )
    title: Mapped[str | None] = mapped_column(String(60))
    first_name: Mapped[str | None] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100), nullable=False)
    email: Mapped[str | None] = mapped_column(String(200), index=True)
    phone: Mapped[str | None] = mapped_column(String(60))
    mobile: Mapped[str | None] = mapped_column(String(60))
    fax: Mapped[str | None] = mapped_column(String(60))
    street: Mapped[str | None] = mapped_column(String(200))
    postcode: Mapped[str | None] = mapped_column(String(10))
    town: Mapped[str | None] = mapped_column(String(120))
    country: Mapped[str | None] = mapped_column(String(60))
    address_preference: Mapped[AddressPreference] = mapped_column(
        enum_column(AddressPreference, "address_preference"),
        nullable=False,
        default=AddressPreference.ORGANISATION,
    )
    # Letters in standard, large print or Leichte Sprache (invitations, migration 0007).
    print_variant: Mapped[PrintVariant] = mapped_column(
        enum_column(PrintVariant, "print_variant"),
        nullable=False,
        default=PrintVariant.STANDARD,
        server_default=PrintVariant.STANDARD.value,
    )
    # Invitations by post or e-mail; None: no preference (docs/documents.md says what then).
    contact_route: Mapped[ContactRoute | None] = mapped_column(
        enum_column(ContactRoute, "contact_route")
    )
    # Written exactly like this in letters when set ("Liebe Frau Muster,").
    salutation_override: Mapped[str | None] = mapped_column(String(200))
    notes: Mapped[str | None] = mapped_column(Text)
    search_text: Mapped[str] = mapped_column(Text, nullable=False, default="")
    # The key of the German alphabetical order ("bulow,anna,von", rules/sorting.py), not the
    # displayed "Bülow, Anna"; derived on every flush (storage/derived.py), whoever writes.
    sort_name: Mapped[str] = mapped_column(
        SortKey, nullable=False, default="", server_default="", index=True
    )
    # Set when the person was anonymised on request (GDPR Art. 17); statistics stay intact.
    erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    affiliations: Mapped[list[Affiliation]] = relationship(
        back_populates="person",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="Affiliation.is_primary.desc()",
    )
    consents: Mapped[list[Consent]] = relationship(
        back_populates="person", cascade="all, delete-orphan", passive_deletes=True
    )

    __table_args__ = (
        CheckConstraint("length(last_name) > 0", name="last_name_not_empty"),
        Index("ix_person_last_name_first_name", "last_name", "first_name"),
    )


class Affiliation(TimestampMixin, Base):
    """A person's role (Funktion) in an organisation for a period."""

    __tablename__ = "affiliation"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(
        ForeignKey("person.id", ondelete="CASCADE"), nullable=False, index=True
    )
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), nullable=False, index=True
    )
    role: Mapped[str | None] = mapped_column(String(200))
    department: Mapped[str | None] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(60))
    valid_from: Mapped[date | None] = mapped_column()
    valid_to: Mapped[date | None] = mapped_column()
    is_primary: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)

    person: Mapped[Person] = relationship(back_populates="affiliations")
    organisation: Mapped[Organisation] = relationship(back_populates="affiliations")

    __table_args__ = (
        CheckConstraint(
            "valid_to IS NULL OR valid_from IS NULL OR valid_to >= valid_from",
            name="period_ordered",
        ),
        # At most one primary role per person (migration 0005). The services clear the old
        # primary and flush before setting a new one, since UPDATEs go out in id order.
        Index(
            "uq_affiliation_person_id_primary",
            "person_id",
            unique=True,
            sqlite_where=text("is_primary"),
            postgresql_where=text("is_primary"),
        ),
    )


class DistributionList(VersionedMixin, Base):
    __tablename__ = "distribution_list"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), nullable=False, unique=True)
    description: Mapped[str | None] = mapped_column(Text)

    members: Mapped[list[DistributionListMember]] = relationship(
        back_populates="distribution_list", cascade="all, delete-orphan", passive_deletes=True
    )


class DistributionListMember(Base):
    __tablename__ = "distribution_list_member"

    list_id: Mapped[int] = mapped_column(
        ForeignKey("distribution_list.id", ondelete="CASCADE"), primary_key=True
    )
    person_id: Mapped[int] = mapped_column(
        ForeignKey("person.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    # Which of the person's roles the list addresses (letters go to that organisation).
    affiliation_id: Mapped[int | None] = mapped_column(
        ForeignKey("affiliation.id", ondelete="SET NULL"), index=True
    )
    added_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False, default=utcnow)

    distribution_list: Mapped[DistributionList] = relationship(back_populates="members")
    person: Mapped[Person] = relationship()


#: What merging and erasing do with the rows of this module that point at persons and
#: organisations (see ``domain/references.py``).
REFERENCES = (
    person_reference("affiliation", "person_id", "Funktionen", on_erase=OnErase.DELETE),
    organisation_reference("affiliation", "organisation_id", "Funktionen"),
    person_reference(
        "distribution_list_member", "person_id", "Verteiler", on_erase=OnErase.DELETE
    ),
)
