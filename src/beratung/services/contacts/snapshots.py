"""What the contacts service takes and gives: inputs, filters, list rows, details, results.

Frozen dataclasses only, so that a widget can never write through them or lazy-load from a
closed session (decision 1). The GUI, the CLI and the tests import them from
``beratung.services.contacts``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

from beratung.domain.enums import (
    AddressPreference,
    Anrede,
    ConsentMethod,
    ConsentPurpose,
    ContactRoute,
    OrganisationKind,
    PrintVariant,
)
from beratung.domain.rules.names import display_name as display_name
from beratung.domain.rules.names import sort_name as sort_name

# --------------------------------------------------------------------------------------------
# Filters and inputs

#: Sort keys of :meth:`ContactService.list_persons`; prefix with "-" for descending.
PersonOrder = Literal[
    "name", "-name", "organisation", "-organisation", "role", "-role", "town", "-town",
    "email", "-email", "id", "-id",
]  # fmt: skip
#: Sort keys of :meth:`ContactService.list_organisations`; prefix with "-" for descending.
OrganisationOrder = Literal[
    "name", "-name", "kind", "-kind", "town", "-town", "kreis", "-kreis",
    "regierungsbezirk", "-regierungsbezirk", "id", "-id",
]  # fmt: skip


@dataclass(frozen=True, slots=True)
class ContactFilter:
    """What the contacts list shows. Empty/``None`` fields do not filter.

    The organisation filters (``kind``, ``kreis``, ``regierungsbezirk``, ``is_member``) match a
    person through any of their current (not ended) affiliations; for
    :meth:`ContactService.list_organisations` they match the organisation itself.
    """

    search: str = ""
    kind: OrganisationKind | None = None
    kreis: str | None = None
    regierungsbezirk: str | None = None
    is_member: bool | None = None
    list_id: int | None = None
    #: Organisations advised within a programme (e.g. every municipality advised for
    #: "Quartier 2020"), and persons through them.
    advised_in_programme_id: int | None = None
    #: Anonymised persons (GDPR erasure) are hidden unless asked for.
    include_erased: bool = False


@dataclass(frozen=True, slots=True)
class PersonInput:
    """The fields of the person form; ``create_person`` takes it whole, ``update_person`` a
    mapping with some of these keys."""

    last_name: str
    first_name: str | None = None
    anrede: Anrede = Anrede.NONE
    title: str | None = None
    email: str | None = None
    phone: str | None = None
    mobile: str | None = None
    fax: str | None = None
    street: str | None = None
    postcode: str | None = None
    town: str | None = None
    country: str | None = None
    address_preference: AddressPreference = AddressPreference.ORGANISATION
    salutation_override: str | None = None
    notes: str | None = None
    #: Invitations: standard, large print or Leichte Sprache; post, e-mail or no preference.
    print_variant: PrintVariant = PrintVariant.STANDARD
    contact_route: ContactRoute | None = None


@dataclass(frozen=True, slots=True)
class OrganisationInput:
    name: str
    kind: OrganisationKind = OrganisationKind.OTHER
    department: str | None = None
    street: str | None = None
    po_box: str | None = None
    postcode: str | None = None
    town: str | None = None
    country: str | None = None
    phone: str | None = None
    fax: str | None = None
    email: str | None = None
    website: str | None = None
    ags: str | None = None
    kreis: str | None = None
    kreis_typ: str | None = None
    regierungsbezirk: str | None = None
    population: int | None = None
    is_member: bool = False
    notes: str | None = None


@dataclass(frozen=True, slots=True)
class AffiliationInput:
    organisation_id: int
    role: str | None = None
    department: str | None = None
    email: str | None = None
    phone: str | None = None
    valid_from: date | None = None
    valid_to: date | None = None
    #: ``None``: primary when it is the person's first affiliation.
    is_primary: bool | None = None


# --------------------------------------------------------------------------------------------
# Snapshots


@dataclass(frozen=True, slots=True)
class PersonRow:
    """One line of the contacts list (lazy model)."""

    id: int
    display_name: str  # "Dr. Anna Beispiel"
    sort_name: str  # "Beispiel, Anna"
    anrede: Anrede
    title: str | None
    first_name: str | None
    last_name: str
    organisation_id: int | None  # of the primary affiliation
    organisation: str | None
    role: str | None
    town: str | None  # the town letters go to (organisation's or own, by preference)
    email: str | None  # the person's own, else the primary affiliation's
    phone: str | None
    lists: tuple[str, ...]
    version: int


@dataclass(frozen=True, slots=True)
class AffiliationSnapshot:
    id: int
    person_id: int
    organisation_id: int
    organisation_name: str
    organisation_kind: OrganisationKind
    organisation_town: str | None
    role: str | None
    department: str | None
    email: str | None
    phone: str | None
    valid_from: date | None
    valid_to: date | None
    is_primary: bool
    is_current: bool


@dataclass(frozen=True, slots=True)
class ListRef:
    id: int
    name: str
    affiliation_id: int | None = None


@dataclass(frozen=True, slots=True)
class ConsentSnapshot:
    id: int
    purpose: ConsentPurpose
    purpose_label: str
    method: ConsentMethod
    method_label: str
    given_on: date
    valid_until: date | None
    withdrawn_on: date | None
    notes: str | None


@dataclass(frozen=True, slots=True)
class ConsultationRef:
    id: int
    occurred_at: datetime
    subject: str | None
    organisation: str | None


@dataclass(frozen=True, slots=True)
class DocumentRef:
    id: int
    issued_at: datetime
    kind: str
    title: str


@dataclass(frozen=True, slots=True)
class PersonDetail:
    id: int
    version: int
    anrede: Anrede
    title: str | None
    first_name: str | None
    last_name: str
    email: str | None
    phone: str | None
    mobile: str | None
    fax: str | None
    street: str | None
    postcode: str | None
    town: str | None
    country: str | None
    address_preference: AddressPreference
    salutation_override: str | None
    notes: str | None
    erased_at: datetime | None
    created_at: datetime
    updated_at: datetime
    display_name: str
    affiliations: tuple[AffiliationSnapshot, ...]
    lists: tuple[ListRef, ...]
    consents: tuple[ConsentSnapshot, ...]
    #: Address block for letters, or ``None`` with ``letter_error`` saying why (German).
    letter_lines: tuple[str, ...] | None
    letter_error: str | None
    salutation: str
    consultations: tuple[ConsultationRef, ...]
    documents: tuple[DocumentRef, ...]
    print_variant: PrintVariant = PrintVariant.STANDARD
    contact_route: ContactRoute | None = None

    def as_input(self) -> PersonInput:
        return PersonInput(
            last_name=self.last_name,
            first_name=self.first_name,
            anrede=self.anrede,
            title=self.title,
            email=self.email,
            phone=self.phone,
            mobile=self.mobile,
            fax=self.fax,
            street=self.street,
            postcode=self.postcode,
            town=self.town,
            country=self.country,
            address_preference=self.address_preference,
            salutation_override=self.salutation_override,
            notes=self.notes,
            print_variant=self.print_variant,
            contact_route=self.contact_route,
        )


@dataclass(frozen=True, slots=True)
class OrganisationRow:
    id: int
    name: str
    kind: OrganisationKind
    kind_label: str
    town: str | None
    postcode: str | None
    kreis: str | None
    regierungsbezirk: str | None
    ags: str | None
    is_member: bool
    email: str | None
    phone: str | None
    version: int


@dataclass(frozen=True, slots=True)
class OrganisationPerson:
    person_id: int
    display_name: str
    affiliation_id: int
    role: str | None
    is_primary: bool
    is_current: bool
    valid_from: date | None
    valid_to: date | None


@dataclass(frozen=True, slots=True)
class OrganisationDetail:
    id: int
    version: int
    kind: OrganisationKind
    kind_label: str
    name: str
    department: str | None
    street: str | None
    po_box: str | None
    postcode: str | None
    town: str | None
    country: str | None
    phone: str | None
    fax: str | None
    email: str | None
    website: str | None
    ags: str | None
    kreis: str | None
    kreis_typ: str | None
    regierungsbezirk: str | None
    population: int | None
    is_member: bool
    notes: str | None
    created_at: datetime
    updated_at: datetime
    persons: tuple[OrganisationPerson, ...]
    consultations: tuple[ConsultationRef, ...]


@dataclass(frozen=True, slots=True)
class DistributionListRow:
    id: int
    name: str
    description: str | None
    member_count: int
    version: int


@dataclass(frozen=True, slots=True)
class FilterOptions:
    """Choices for the filter combo boxes of the contacts page."""

    kinds: tuple[tuple[OrganisationKind, str], ...]
    kreise: tuple[str, ...]
    regierungsbezirke: tuple[str, ...]
    lists: tuple[DistributionListRow, ...]


@dataclass(frozen=True, slots=True)
class DuplicateCandidate:
    """Two records that are probably the same; ``reason`` is German and shown as it is."""

    entity: Literal["person", "organisation"]
    first_id: int
    second_id: int
    first_label: str
    second_label: str
    reason: str
    #: 1.0 for an exact match (same e-mail), lower for similar spelling.
    score: float


@dataclass(frozen=True, slots=True)
class MergeResult:
    entity: Literal["person", "organisation"]
    kept_id: int
    removed_id: int
    #: What was moved to the kept record, e.g. {"affiliations": 2, "registrations": 1}.
    moved: Mapping[str, int] = field(default_factory=dict)
    audit_entry_id: int = 0
    summary: str = ""


@dataclass(frozen=True, slots=True)
class UndoResult:
    entity: Literal["person", "organisation"]
    kept_id: int
    restored_id: int
    summary: str
