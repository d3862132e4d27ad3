"""Organisations, persons, affiliations, distribution lists, duplicates and merging (issue 3).

Every public method of :class:`ContactService` is one transaction and returns frozen snapshots;
the GUI never sees ORM objects and never opens a session.

Conventions of the API (for the GUI and the CLI):

* Saving takes the snapshot's ``version`` back (``expected_version``); when the stored version
  differs a German :class:`~beratung.domain.errors.ConcurrentEditError` is raised and nothing is
  written.
* Bad input raises a German :class:`~beratung.domain.errors.ValidationError` whose ``field`` is
  the name of the input field (``"postcode"``, ``"email"``, ``"last_name"`` …).
* ``changes`` mappings use the field names of :class:`PersonInput` / :class:`OrganisationInput`;
  only the keys present are changed (``None`` or ``""`` clears a field).
* Search: ``ContactFilter.search`` is folded by :func:`beratung.domain.rules.search.query_terms`
  and every term must occur in the record's ``search_text`` (a plain ``LIKE``, the same SQL on
  SQLite and PostgreSQL). ``search_text`` is rebuilt on every write that touches a searched field.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal, TypeVar, cast

from sqlalchemy import (
    Column,
    ColumnElement,
    Date,
    DateTime,
    Select,
    Table,
    TypeDecorator,
    UniqueConstraint,
    and_,
    case,
    delete,
    exists,
    func,
    insert,
    or_,
    select,
    update,
)
from sqlalchemy.orm import Session, aliased, object_session

from beratung.domain.enums import (
    AddressPreference,
    Anrede,
    AuditAction,
    ConsentMethod,
    ConsentPurpose,
    OrganisationKind,
    RegistrationStatus,
    label,
)
from beratung.domain.errors import (
    ConcurrentEditError,
    NotFoundError,
    UserError,
    ValidationError,
)
from beratung.domain.models import (
    Affiliation,
    AuditEntry,
    Base,
    Consultation,
    DistributionList,
    DistributionListMember,
    Event,
    IssuedDocument,
    IssuedDocumentRecipient,
    MunicipalityDirectoryEntry,
    Organisation,
    Person,
    ProgrammeApplication,
    Registration,
    consultation_person,
)
from beratung.domain.rules.affiliations import is_current
from beratung.domain.rules.duplicates import (
    DuplicateItem,
    DuplicatePair,
    duplicate_pairs,
    name_text,
    organisation_label,
    organisation_places,
    person_places,
)
from beratung.domain.rules.letters import address_block, is_domestic, salutation
from beratung.domain.rules.registrations import outranks
from beratung.domain.rules.search import query_terms, search_key
from beratung.domain.rules.validation import (
    normalise_phone,
    validate_ags,
    validate_email,
    validate_period,
    validate_postcode,
    validate_website,
)
from beratung.services.base import Service, ServiceContext, check_version, diff, not_found
from beratung.services.letters import (
    LetterAddress,
    LetterService,
    address_input,
    letter_affiliation,
)
from beratung.services.masterdata import (
    match_key,
    municipality_entry,
    new_municipality,
)
from beratung.services.masterdata import (
    organisation_search_text as organisation_search_text,
)
from beratung.storage import search

E = TypeVar("E", bound=enum.Enum)

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
class RegistrationRef:
    id: int
    event_id: int
    event_title: str
    starts_at: datetime
    status: RegistrationStatus
    status_label: str


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
    registrations: tuple[RegistrationRef, ...]
    documents: tuple[DocumentRef, ...]

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


# --------------------------------------------------------------------------------------------
# Helpers

_PERSON_FIELDS: tuple[str, ...] = tuple(PersonInput.__dataclass_fields__)
_ORGANISATION_FIELDS: tuple[str, ...] = tuple(OrganisationInput.__dataclass_fields__)
_AFFILIATION_FIELDS = ("role", "department", "email", "phone", "valid_from", "valid_to")

#: German field names for messages and the audit log.
FIELD_LABELS: Mapping[str, str] = {
    "last_name": "Nachname",
    "first_name": "Vorname",
    "anrede": "Anrede",
    "title": "Titel",
    "email": "E-Mail",
    "phone": "Telefon",
    "mobile": "Mobil",
    "fax": "Fax",
    "street": "Straße",
    "postcode": "PLZ",
    "town": "Ort",
    "country": "Land",
    "address_preference": "Anschrift für Briefe",
    "salutation_override": "Briefanrede",
    "notes": "Notizen",
    "name": "Name",
    "kind": "Art",
    "department": "Abteilung",
    "po_box": "Postfach",
    "website": "Webseite",
    "ags": "Gemeindeschlüssel",
    "kreis": "Kreis",
    "kreis_typ": "Kreistyp",
    "regierungsbezirk": "Regierungsbezirk",
    "population": "Einwohner",
    "is_member": "Mitglied",
    "role": "Funktion",
    "valid_from": "von",
    "valid_to": "bis",
}


def _clean(value: object) -> str | None:
    if value is None:
        return None
    text = " ".join(str(value).split()) if "\n" not in str(value) else str(value).strip()
    return text or None


def display_name(title: str | None, first_name: str | None, last_name: str) -> str:
    return " ".join(p for p in (title, first_name, last_name) if p)


def sort_name(first_name: str | None, last_name: str) -> str:
    return f"{last_name}, {first_name}" if first_name else last_name


def person_search_text(person: Person, affiliations: Sequence[Affiliation]) -> str:
    parts: list[str | None] = [
        person.title,
        person.first_name,
        person.last_name,
        person.email,
        person.phone,
        person.mobile,
        person.town,
    ]
    for aff in affiliations:
        org = aff.organisation
        parts += [org.name, aff.role, aff.department, org.town, aff.email]
    return search_key(*parts)


def _enum(cls: type[E], value: object, field_name: str) -> E:
    if isinstance(value, cls):
        return value
    try:
        return cls(str(value))
    except ValueError as exc:
        raise ValidationError(
            f"„{value}“ ist kein gültiger Wert für {FIELD_LABELS.get(field_name, field_name)}.",
            field=field_name,
        ) from exc


def _date(value: object, field_name: str) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        try:
            return datetime.strptime(str(value).strip(), "%d.%m.%Y").date()
        except ValueError as exc:
            raise ValidationError(
                f"„{value}“ ist kein Datum; bitte als TT.MM.JJJJ eingeben.", field=field_name
            ) from exc


def _validate_person_values(values: dict[str, object]) -> dict[str, object]:
    """Cleaned, validated person values (only the keys given)."""
    out: dict[str, object] = {}
    for key, value in values.items():
        if key not in _PERSON_FIELDS:
            raise ValidationError(f"Unbekanntes Feld „{key}“.", field=key)
        if key == "anrede":
            out[key] = _enum(Anrede, value or Anrede.NONE, key)
        elif key == "address_preference":
            out[key] = _enum(AddressPreference, value or AddressPreference.ORGANISATION, key)
        elif key == "notes":
            out[key] = str(value).strip() or None if value is not None else None
        else:
            out[key] = _clean(value)
    if "last_name" in out and not out["last_name"]:
        raise ValidationError("Der Nachname fehlt; er ist ein Pflichtfeld.", field="last_name")
    if out.get("email"):
        out["email"] = validate_email(str(out["email"]), field="email")
    for key in ("phone", "mobile", "fax"):
        if out.get(key):
            out[key] = normalise_phone(str(out[key]), field=key)
    return out


def _check_postcode(values: Mapping[str, object], country: object) -> dict[str, object]:
    postcode = values.get("postcode")
    if postcode and is_domestic(_clean(country)):
        return {"postcode": validate_postcode(str(postcode), field="postcode")}
    return {}


def _validate_organisation_values(values: dict[str, object]) -> dict[str, object]:
    out: dict[str, object] = {}
    for key, value in values.items():
        if key not in _ORGANISATION_FIELDS:
            raise ValidationError(f"Unbekanntes Feld „{key}“.", field=key)
        if key == "kind":
            out[key] = _enum(OrganisationKind, value, key)
        elif key == "is_member":
            out[key] = bool(value)
        elif key == "population":
            if value is None or value == "":
                out[key] = None
            else:
                try:
                    number = int(str(value).replace(".", "").strip())
                except ValueError as exc:
                    raise ValidationError(
                        f"Einwohnerzahl „{value}“ ist keine ganze Zahl.", field=key
                    ) from exc
                if number < 0:
                    raise ValidationError("Die Einwohnerzahl kann nicht negativ sein.", field=key)
                out[key] = number
        elif key == "notes":
            out[key] = str(value).strip() or None if value is not None else None
        else:
            out[key] = _clean(value)
    if "name" in out and not out["name"]:
        raise ValidationError("Der Name der Organisation fehlt.", field="name")
    if out.get("email"):
        out["email"] = validate_email(str(out["email"]), field="email")
    for key in ("phone", "fax"):
        if out.get(key):
            out[key] = normalise_phone(str(out[key]), field=key)
    if out.get("website"):
        out["website"] = validate_website(str(out["website"]), field="website")
    if out.get("ags"):
        out["ags"] = validate_ags(str(out["ags"]), field="ags")
    return out


def _fields_of(obj: object, names: Sequence[str]) -> dict[str, Any]:
    return {name: getattr(obj, name) for name in names}


def _ensure_one_primary(person: Person, today: date, prefer: Affiliation | None = None) -> None:
    """Exactly one primary affiliation when the person has any: ``prefer`` if given, else the
    existing primary, else a current one (the latest started), else the latest."""
    affs = list(person.affiliations)
    if not affs:
        return
    chosen = prefer
    if chosen is None:
        primaries = [a for a in affs if a.is_primary]
        chosen = primaries[0] if primaries else None
    if chosen is None:
        current = [a for a in affs if is_current(a.valid_to, today)] or affs
        chosen = max(current, key=lambda a: (a.valid_from or date.min, a.id or 0))
    # The database allows one primary per person (uq_affiliation_person_id_primary) and checks
    # it per statement; one flush sends the UPDATEs in id order, so a new primary with a lower
    # id than the old one would be written first and refused. Clear the old one and flush
    # first. (A new, unsaved affiliation needs no flush: a flush updates before it inserts.)
    demoted = [a for a in affs if a.is_primary and a is not chosen]
    for aff in demoted:
        aff.is_primary = False
    session = object_session(person)
    if demoted and session is not None and not chosen.is_primary and chosen.id is not None:
        session.flush()
    chosen.is_primary = True


def _org_conditions(flt: ContactFilter, org: Any) -> list[ColumnElement[bool]]:
    conds: list[ColumnElement[bool]] = []
    if flt.kind is not None:
        conds.append(org.kind == flt.kind)
    if flt.kreis:
        conds.append(org.kreis == flt.kreis)
    if flt.regierungsbezirk:
        conds.append(org.regierungsbezirk == flt.regierungsbezirk)
    if flt.is_member is not None:
        conds.append(org.is_member.is_(flt.is_member))
    return conds


def _search_conditions(column: Any, text: str) -> list[ColumnElement[bool]]:
    return [column.like(f"%{term}%") for term in query_terms(text)]


def _person_conditions(flt: ContactFilter, today: date) -> list[ColumnElement[bool]]:
    conds: list[ColumnElement[bool]] = []
    if not flt.include_erased:
        conds.append(Person.erased_at.is_(None))
    conds += _search_conditions(Person.search_text, flt.search)
    org_conds = _org_conditions(flt, Organisation)
    if org_conds:
        conds.append(
            exists(
                select(Affiliation.id)
                .join(Organisation, Organisation.id == Affiliation.organisation_id)
                .where(
                    Affiliation.person_id == Person.id,
                    or_(Affiliation.valid_to.is_(None), Affiliation.valid_to >= today),
                    *org_conds,
                )
            )
        )
    if flt.list_id is not None:
        conds.append(
            exists(
                select(DistributionListMember.person_id).where(
                    DistributionListMember.person_id == Person.id,
                    DistributionListMember.list_id == flt.list_id,
                )
            )
        )
    return conds


def _list_organisation_condition(list_id: int, today: date) -> ColumnElement[bool]:
    """Organisations of a distribution list: those its members are written to — the
    affiliation chosen for the membership, else any current affiliation of the member."""
    return exists(
        select(Affiliation.id)
        .join(DistributionListMember, DistributionListMember.person_id == Affiliation.person_id)
        .where(
            DistributionListMember.list_id == list_id,
            Affiliation.organisation_id == Organisation.id,
            or_(
                DistributionListMember.affiliation_id == Affiliation.id,
                and_(
                    DistributionListMember.affiliation_id.is_(None),
                    or_(Affiliation.valid_to.is_(None), Affiliation.valid_to >= today),
                ),
            ),
        )
    )


_PRIMARY = aliased(Affiliation, name="prim")
_PRIMARY_ORG = aliased(Organisation, name="prim_org")
_TOWN = case(
    (
        and_(
            Person.address_preference == AddressPreference.ORGANISATION,
            _PRIMARY_ORG.id.is_not(None),
        ),
        func.coalesce(_PRIMARY_ORG.town, Person.town),
    ),
    else_=func.coalesce(Person.town, _PRIMARY_ORG.town),
)


def _ordered(columns: Sequence[Any], desc_: bool, nullable: int = 0) -> list[Any]:
    """ORDER BY clauses in one direction; the first ``nullable`` columns put NULLs (no
    organisation, role, town …) last in both directions, since SQLite sorts NULL smallest and
    PostgreSQL largest."""
    out = []
    for index, column in enumerate(columns):
        clause = column.desc() if desc_ else column.asc()
        out.append(clause.nulls_last() if index < nullable else clause)
    return out


def _person_order(order_by: str) -> tuple[list[Any], bool]:
    """ORDER BY clauses and whether they need the primary organisation joined.

    Names sort by ``sort_name`` (German alphabetical order, rules/sorting.py), the same on
    SQLite and PostgreSQL; the id breaks ties, so pages never overlap or skip a row.
    """
    desc_ = order_by.startswith("-")
    key = order_by.lstrip("-")
    columns: list[Any]
    needs_join = False
    nullable = 1
    if key == "name":
        columns, nullable = [Person.sort_name], 0
    elif key == "organisation":
        columns, needs_join = [_PRIMARY_ORG.sort_name, Person.sort_name], True
    elif key == "role":
        columns, needs_join = [_PRIMARY.role, Person.sort_name], True
    elif key == "town":
        columns, needs_join = [_TOWN, Person.sort_name], True
    elif key == "email":
        columns = [Person.email, Person.sort_name]
    elif key == "id":
        columns, nullable = [], 0
    else:
        raise ValueError(f"unknown order {order_by!r}")
    columns.append(Person.id)
    return _ordered(columns, desc_, nullable), needs_join


def _join_primary(stmt: Select[Any]) -> Select[Any]:
    return stmt.outerjoin(
        _PRIMARY, and_(_PRIMARY.person_id == Person.id, _PRIMARY.is_primary.is_(True))
    ).outerjoin(_PRIMARY_ORG, _PRIMARY_ORG.id == _PRIMARY.organisation_id)


def _org_row(org: Organisation) -> OrganisationRow:
    return OrganisationRow(
        id=org.id,
        name=org.name,
        kind=org.kind,
        kind_label=label(org.kind),
        town=org.town,
        postcode=org.postcode,
        kreis=org.kreis,
        regierungsbezirk=org.regierungsbezirk,
        ags=org.ags,
        is_member=org.is_member,
        email=org.email,
        phone=org.phone,
        version=org.version,
    )


def _list_row(session: Session, dl: DistributionList) -> DistributionListRow:
    count = session.scalar(select(func.count()).where(DistributionListMember.list_id == dl.id))
    return DistributionListRow(
        id=dl.id,
        name=dl.name,
        description=dl.description,
        member_count=int(count or 0),
        version=dl.version,
    )


# --------------------------------------------------------------------------------------------
# Generic re-pointing of links for merges (and their undo)


def _table(name: str) -> Table:
    return Base.metadata.tables[name]


def _referencing(target: str) -> list[tuple[Table, Column[Any], tuple[str, ...]]]:
    """Every (table, fk column, conflict columns) that points at ``target``'s primary key.

    The conflict columns are the other columns of a unique constraint or composite primary key
    that contains the fk column: moving a row over would clash when the kept record already has
    a row with the same values there (e.g. one registration per event and person).
    """
    out: list[tuple[Table, Column[Any], tuple[str, ...]]] = []
    for table in Base.metadata.sorted_tables:
        for fk in table.foreign_keys:
            if fk.column.table.name != target or table.name == target:
                continue
            col = fk.parent
            conflict: tuple[str, ...] = ()
            groups: list[list[str]] = [[c.name for c in table.primary_key.columns]]
            for constraint in table.constraints:
                if isinstance(constraint, UniqueConstraint):
                    groups.append([c.name for c in constraint.columns])
            for group in groups:
                if col.name in group and len(group) > 1:
                    conflict = tuple(c for c in group if c != col.name)
                    break
            out.append((table, col, conflict))
    return out


def _pk(table: Table, row: Any) -> list[Any]:
    return [row[c.name] for c in table.primary_key.columns]


def _pk_where(table: Table, values: Sequence[Any]) -> ColumnElement[bool]:
    return and_(*(c == v for c, v in zip(table.primary_key.columns, values, strict=True)))


def _dump(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    return value


def _load(table: Table, data: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in data.items():
        col = table.c[key]
        if isinstance(value, str):
            col_type: Any = col.type
            if isinstance(col_type, TypeDecorator):
                col_type = col_type.impl_instance
            if isinstance(col_type, DateTime):
                value = datetime.fromisoformat(value)
            elif isinstance(col_type, Date):
                value = date.fromisoformat(value)
        out[key] = value
    return out


def _stash_rows(session: Session, table: Table, where: ColumnElement[bool]) -> list[dict[str, Any]]:
    """Rows about to be deleted, with their cascade children first-level-deep, for undo."""
    stash: list[dict[str, Any]] = []
    rows = session.execute(select(table).where(where)).mappings().all()
    for row in rows:
        stash.append({"table": table.name, "row": {k: _dump(v) for k, v in row.items()}})
        pk_cols = list(table.primary_key.columns)
        if len(pk_cols) != 1:
            continue
        for child, col, _conflict in _referencing(table.name):
            fk = next(iter(col.foreign_keys))
            if fk.ondelete and fk.ondelete.upper() == "CASCADE":
                stash.extend(_stash_rows(session, child, col == row[pk_cols[0].name]))
    return stash


def _delete_stashed(session: Session, stash: Sequence[Mapping[str, Any]]) -> None:
    for item in reversed(stash):
        table = _table(str(item["table"]))
        session.execute(delete(table).where(_pk_where(table, _pk(table, item["row"]))))


def _reindex_consultations_of(session: Session, *organisation_ids: int) -> None:
    """Full-text index rows carry the organisation's name; refresh them after links moved."""
    ids = session.scalars(
        select(Consultation.id).where(Consultation.organisation_id.in_(organisation_ids))
    ).all()
    if ids:
        search.reindex(session.connection(), ids)


def _move_links(
    session: Session, target: str, keep_id: int, remove_id: int
) -> tuple[dict[str, int], list[dict[str, Any]], list[dict[str, Any]]]:
    """Point every row referencing ``remove_id`` at ``keep_id``.

    Returns the counts per table, the moved rows (table, fk column, primary key, and the
    values to restore on undo) and the rows deleted because the kept record already had an
    equivalent one (stashed for undo).

    A person has at most one primary affiliation (``uq_affiliation_person_id_primary``): when
    the kept person has one, the moved roles stop being primary in the same UPDATE, and undo
    makes them primary again (``"restore"``).
    """
    counts: dict[str, int] = {}
    moved: list[dict[str, Any]] = []
    deleted: list[dict[str, Any]] = []
    keep_has_primary = target == "person" and bool(
        session.scalar(
            select(func.count(Affiliation.id)).where(
                Affiliation.person_id == keep_id, Affiliation.is_primary.is_(True)
            )
        )
    )
    for table, col, conflict in _referencing(target):
        rows = session.execute(select(table).where(col == remove_id)).mappings().all()
        for row in rows:
            pk = _pk(table, row)
            clash = None
            if conflict:
                clash = (
                    session.execute(
                        select(table).where(
                            col == keep_id, *(table.c[c] == row[c] for c in conflict)
                        )
                    )
                    .mappings()
                    .first()
                )
            if clash is not None:
                loser_pk = pk
                if table.name == "registration" and outranks(row["status"], clash["status"]):
                    loser_pk = _pk(table, clash)
                stash = _stash_rows(session, table, _pk_where(table, loser_pk))
                _delete_stashed(session, stash)
                deleted.extend(stash)
                if loser_pk == pk:
                    counts[table.name] = counts.get(table.name, 0) + 1
                    continue
            values: dict[str, Any] = {col.name: keep_id}
            item: dict[str, Any] = {
                "table": table.name,
                "column": col.name,
                "pk": [_dump(v) for v in pk],
            }
            if target == "person" and table.name == "affiliation" and row["is_primary"]:
                if keep_has_primary:
                    values["is_primary"] = False
                    item["restore"] = {"is_primary": True}
                keep_has_primary = True
            session.execute(update(table).where(_pk_where(table, pk)).values(values))
            moved.append(item)
            counts[table.name] = counts.get(table.name, 0) + 1
    return counts, moved, deleted


def _row_of(session: Session, table: Table, ident: int) -> dict[str, Any]:
    row = session.execute(select(table).where(table.c.id == ident)).mappings().one()
    return {k: _dump(v) for k, v in row.items()}


_MERGE_LINK_LABELS: Mapping[str, str] = {
    "affiliation": "Funktionen",
    "consultation_person": "Beratungen",
    "consultation": "Beratungen",
    "registration": "Anmeldungen",
    "distribution_list_member": "Verteiler",
    "consent": "Einwilligungen",
    "follow_up": "Wiedervorlagen",
    "issued_document_recipient": "Dokumente",
    "programme_application": "Programmteilnahmen",
    "organisation_topic": "Themen",
    "event": "Veranstaltungen",
    "venue": "Veranstaltungsorte",
}


# --------------------------------------------------------------------------------------------
# Service


class ContactService(Service):
    def __init__(self, context: ServiceContext) -> None:
        super().__init__(context)
        #: Letter addressing, which the person form's preview delegates to.
        self.letters = LetterService(context)

    # ---- persons: list and search -------------------------------------------------------

    def count_persons(self, flt: ContactFilter | None = None) -> int:
        flt = flt or ContactFilter()
        with self.db.read() as s:
            stmt = select(func.count(Person.id)).where(*_person_conditions(flt, self.ctx.today()))
            return int(s.scalar(stmt) or 0)

    def list_persons(
        self,
        flt: ContactFilter | None = None,
        *,
        offset: int = 0,
        limit: int = 100,
        order_by: PersonOrder = "name",
    ) -> list[PersonRow]:
        """One page of the contacts list. Two small queries: the ids of the page (using the
        name index for the default order), then the rows of exactly those ids."""
        flt = flt or ContactFilter()
        with self.db.read() as s:
            ids = self._page_ids(s, flt, offset=offset, limit=limit, order_by=order_by)
            return self._person_rows(s, ids)

    def find_person_ids(
        self, flt: ContactFilter | None = None, *, order_by: PersonOrder = "name"
    ) -> list[int]:
        flt = flt or ContactFilter()
        with self.db.read() as s:
            return self._page_ids(s, flt, offset=0, limit=None, order_by=order_by)

    def _page_ids(
        self,
        s: Session,
        flt: ContactFilter,
        *,
        offset: int,
        limit: int | None,
        order_by: str,
    ) -> list[int]:
        order, needs_join = _person_order(order_by)
        stmt: Select[Any] = select(Person.id)
        if needs_join:
            stmt = _join_primary(stmt)
        stmt = stmt.where(*_person_conditions(flt, self.ctx.today())).order_by(*order)
        if offset:
            stmt = stmt.offset(offset)
        if limit is not None:
            stmt = stmt.limit(limit)
        return [int(i) for i in s.scalars(stmt)]

    def _person_rows(self, s: Session, ids: Sequence[int]) -> list[PersonRow]:
        if not ids:
            return []
        stmt = _join_primary(
            select(
                Person.id,
                Person.anrede,
                Person.title,
                Person.first_name,
                Person.last_name,
                _PRIMARY_ORG.id,
                _PRIMARY_ORG.name,
                _PRIMARY.role,
                _TOWN,
                func.coalesce(Person.email, _PRIMARY.email),
                func.coalesce(Person.phone, _PRIMARY.phone, Person.mobile),
                Person.version,
            )
        ).where(Person.id.in_(ids))
        lists: dict[int, list[str]] = {}
        for pid, name in s.execute(
            select(DistributionListMember.person_id, DistributionList.name)
            .join(DistributionList, DistributionList.id == DistributionListMember.list_id)
            .where(DistributionListMember.person_id.in_(ids))
            .order_by(DistributionList.name)
        ):
            lists.setdefault(pid, []).append(name)
        rows: dict[int, PersonRow] = {}
        for r in s.execute(stmt):
            pid = int(r[0])
            rows[pid] = PersonRow(
                id=pid,
                display_name=display_name(r[2], r[3], r[4]),
                sort_name=sort_name(r[3], r[4]),
                anrede=r[1],
                title=r[2],
                first_name=r[3],
                last_name=r[4],
                organisation_id=r[5],
                organisation=r[6],
                role=r[7],
                town=r[8],
                email=r[9],
                phone=r[10],
                lists=tuple(lists.get(pid, ())),
                version=r[11],
            )
        return [rows[i] for i in ids if i in rows]

    # ---- persons: one record ------------------------------------------------------------

    def get_person(self, person_id: int) -> PersonDetail:
        with self.db.read() as s:
            return self._person_detail(s, self._person(s, person_id))

    def _person(self, s: Session, person_id: int) -> Person:
        person = s.get(Person, person_id)
        if person is None:
            raise not_found("Die Person mit der Nummer", person_id)
        return person

    def _person_detail(self, s: Session, person: Person) -> PersonDetail:
        today = self.ctx.today()
        affs = sorted(
            person.affiliations,
            key=lambda a: (not a.is_primary, not is_current(a.valid_to, today), a.id),
        )
        lists = [
            ListRef(id=dl.id, name=dl.name, affiliation_id=m.affiliation_id)
            for m, dl in s.execute(
                select(DistributionListMember, DistributionList)
                .join(DistributionList, DistributionList.id == DistributionListMember.list_id)
                .where(DistributionListMember.person_id == person.id)
                .order_by(DistributionList.name)
            )
        ]
        letter_lines: tuple[str, ...] | None = None
        letter_error: str | None = None
        recipient = address_input(person, letter_affiliation(person, today))
        try:
            letter_lines = address_block(recipient)
        except ValidationError as exc:
            letter_error = exc.message
        consultations = [
            ConsultationRef(id=c.id, occurred_at=c.occurred_at, subject=c.subject, organisation=o)
            for c, o in s.execute(
                select(Consultation, Organisation.name)
                .join(consultation_person, consultation_person.c.consultation_id == Consultation.id)
                .outerjoin(Organisation, Organisation.id == Consultation.organisation_id)
                .where(consultation_person.c.person_id == person.id)
                .order_by(Consultation.occurred_at.desc())
            )
        ]
        registrations = [
            RegistrationRef(
                id=r.id,
                event_id=e.id,
                event_title=e.title,
                starts_at=e.starts_at,
                status=r.status,
                status_label=label(r.status),
            )
            for r, e in s.execute(
                select(Registration, Event)
                .join(Event, Event.id == Registration.event_id)
                .where(Registration.person_id == person.id)
                .order_by(Event.starts_at.desc())
            )
        ]
        documents = [
            DocumentRef(id=d.id, issued_at=d.issued_at, kind=d.kind, title=d.title)
            for d in s.scalars(
                select(IssuedDocument)
                .join(
                    IssuedDocumentRecipient,
                    IssuedDocumentRecipient.document_id == IssuedDocument.id,
                )
                .where(IssuedDocumentRecipient.person_id == person.id)
                .order_by(IssuedDocument.issued_at.desc())
            )
        ]
        return PersonDetail(
            id=person.id,
            version=person.version,
            anrede=person.anrede,
            title=person.title,
            first_name=person.first_name,
            last_name=person.last_name,
            email=person.email,
            phone=person.phone,
            mobile=person.mobile,
            fax=person.fax,
            street=person.street,
            postcode=person.postcode,
            town=person.town,
            country=person.country,
            address_preference=person.address_preference,
            salutation_override=person.salutation_override,
            notes=person.notes,
            erased_at=person.erased_at,
            created_at=person.created_at,
            updated_at=person.updated_at,
            display_name=display_name(person.title, person.first_name, person.last_name),
            affiliations=tuple(self._aff_snapshot(a, today) for a in affs),
            lists=tuple(lists),
            consents=tuple(
                ConsentSnapshot(
                    id=c.id,
                    purpose=c.purpose,
                    purpose_label=label(c.purpose),
                    method=c.method,
                    method_label=label(c.method),
                    given_on=c.given_on,
                    valid_until=c.valid_until,
                    withdrawn_on=c.withdrawn_on,
                    notes=c.notes,
                )
                for c in sorted(person.consents, key=lambda c: (c.given_on, c.id))
            ),
            letter_lines=letter_lines,
            letter_error=letter_error,
            salutation=salutation(recipient),
            consultations=tuple(consultations),
            registrations=tuple(registrations),
            documents=tuple(documents),
        )

    @staticmethod
    def _aff_snapshot(a: Affiliation, today: date) -> AffiliationSnapshot:
        return AffiliationSnapshot(
            id=a.id,
            person_id=a.person_id,
            organisation_id=a.organisation_id,
            organisation_name=a.organisation.name,
            organisation_kind=a.organisation.kind,
            organisation_town=a.organisation.town,
            role=a.role,
            department=a.department,
            email=a.email,
            phone=a.phone,
            valid_from=a.valid_from,
            valid_to=a.valid_to,
            is_primary=a.is_primary,
            is_current=is_current(a.valid_to, today),
        )

    def create_person(
        self, data: PersonInput, *, affiliation: AffiliationInput | None = None
    ) -> PersonDetail:
        values = _validate_person_values(_fields_of(data, _PERSON_FIELDS))
        values.update(_check_postcode(values, values.get("country")))
        with self.db.transaction() as s:
            person = Person(**values)
            with s.no_autoflush:
                s.add(person)
                if affiliation is not None:
                    self._new_affiliation(s, person, affiliation)
                self._refresh_person(s, person)
            s.flush()
            self.audit(
                s,
                AuditAction.CREATE,
                "person",
                person.id,
                f"Person {display_name(person.title, person.first_name, person.last_name)} "
                "angelegt",
                {k: v for k, v in values.items() if v is not None},
            )
            return self._person_detail(s, person)

    def update_person(
        self, person_id: int, changes: Mapping[str, object], *, expected_version: int
    ) -> PersonDetail:
        values = _validate_person_values(dict(changes))
        with self.db.transaction() as s:
            person = self._person(s, person_id)
            name = display_name(person.title, person.first_name, person.last_name)
            check_version(person.version, expected_version, f"Die Person „{name}“")
            country = values.get("country", person.country)
            if "postcode" in values or "country" in values:
                values.update(
                    _check_postcode({"postcode": values.get("postcode", person.postcode)}, country)
                )
            before = _fields_of(person, list(values))
            changed = diff(before, values)
            if not changed:
                return self._person_detail(s, person)
            for key, value in values.items():
                setattr(person, key, value)
            self._refresh_person(s, person)
            s.flush()
            self.audit(
                s,
                AuditAction.UPDATE,
                "person",
                person.id,
                f"Person {name} geändert: " + ", ".join(FIELD_LABELS.get(k, k) for k in changed),
                changed,
            )
            return self._person_detail(s, person)

    def delete_person(self, person_id: int, *, expected_version: int | None = None) -> None:
        with self.db.transaction() as s:
            person = self._person(s, person_id)
            name = display_name(person.title, person.first_name, person.last_name)
            check_version(person.version, expected_version, f"Die Person „{name}“")
            snapshot = _fields_of(person, _PERSON_FIELDS)
            snapshot["affiliations"] = [
                f"{a.role or ''} {a.organisation.name}".strip() for a in person.affiliations
            ]
            s.delete(person)
            s.flush()
            self.audit(
                s, AuditAction.DELETE, "person", person_id, f"Person {name} gelöscht", snapshot
            )

    def letter_address(self, person_id: int, affiliation_id: int | None = None) -> LetterAddress:
        """Address block and salutation; a German ``ValidationError`` when it cannot fit six
        lines or lacks a town. ``affiliation_id`` chooses the organisation to write to."""
        return self.letters.address(person_id, affiliation_id)

    def preview_letter(
        self, person_id: int | None, data: PersonInput, affiliation_id: int | None = None
    ) -> LetterAddress:
        """The letter address and salutation for unsaved form values (the person form's live
        "So im Brief" block): the stored person's affiliations (none for a new person) with the
        typed name, Anrede, own address and preference. A pure read; a German
        ``ValidationError`` when the block cannot fit six lines or lacks a town."""
        values = PersonInput(
            last_name=_clean(data.last_name) or "",
            first_name=_clean(data.first_name),
            anrede=_enum(Anrede, data.anrede or Anrede.NONE, "anrede"),
            title=_clean(data.title),
            street=_clean(data.street),
            postcode=_clean(data.postcode),
            town=_clean(data.town),
            country=_clean(data.country),
            address_preference=_enum(
                AddressPreference,
                data.address_preference or AddressPreference.ORGANISATION,
                "address_preference",
            ),
            salutation_override=_clean(data.salutation_override),
        )
        return self.letters.preview(person_id, values, affiliation_id)

    def _refresh_person(self, s: Session, person: Person) -> None:
        """Recompute ``search_text`` from the loaded affiliations (no flush, so a save bumps
        the version once)."""
        with s.no_autoflush:
            key = person_search_text(person, person.affiliations)
        if person.search_text != key:
            person.search_text = key

    # ---- affiliations -------------------------------------------------------------------

    def _new_affiliation(self, s: Session, person: Person, data: AffiliationInput) -> Affiliation:
        org = s.get(Organisation, data.organisation_id)
        if org is None:
            raise not_found("Die Organisation mit der Nummer", data.organisation_id)
        values = self._affiliation_values(_fields_of(data, _AFFILIATION_FIELDS))
        _check_period(values.get("valid_from"), values.get("valid_to"))
        aff = Affiliation(person=person, organisation=org, is_primary=False, **values)
        s.add(aff)
        if data.is_primary or (data.is_primary is None and len(person.affiliations) == 1):
            _ensure_one_primary(person, self.ctx.today(), prefer=aff)
        else:
            _ensure_one_primary(person, self.ctx.today())
        return aff

    @staticmethod
    def _affiliation_values(values: Mapping[str, object]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in values.items():
            if key not in _AFFILIATION_FIELDS:
                raise ValidationError(f"Unbekanntes Feld „{key}“.", field=key)
            if key in ("valid_from", "valid_to"):
                out[key] = _date(value, key)
            else:
                out[key] = _clean(value)
        if out.get("email"):
            out["email"] = validate_email(str(out["email"]), field="email")
        if out.get("phone"):
            out["phone"] = normalise_phone(str(out["phone"]), field="phone")
        return out

    def add_affiliation(self, person_id: int, data: AffiliationInput) -> PersonDetail:
        with self.db.transaction() as s:
            person = self._person(s, person_id)
            aff = self._new_affiliation(s, person, data)
            self._refresh_person(s, person)
            s.flush()
            self.audit(
                s,
                AuditAction.UPDATE,
                "person",
                person.id,
                f"Funktion „{aff.role or '–'}“ bei {aff.organisation.name} hinzugefügt",
                {
                    "affiliation_added": {
                        "id": aff.id,
                        "organisation": aff.organisation.name,
                        "role": aff.role,
                    }
                },
            )
            return self._person_detail(s, person)

    def _affiliation(self, s: Session, affiliation_id: int) -> Affiliation:
        aff = s.get(Affiliation, affiliation_id)
        if aff is None:
            raise not_found("Die Funktion mit der Nummer", affiliation_id)
        return aff

    def update_affiliation(
        self, affiliation_id: int, changes: Mapping[str, object]
    ) -> PersonDetail:
        with self.db.transaction() as s:
            aff = self._affiliation(s, affiliation_id)
            changes = dict(changes)
            primary = changes.pop("is_primary", None)
            org_id = changes.pop("organisation_id", None)
            values = self._affiliation_values(changes)
            before = _fields_of(aff, list(values))
            if org_id is not None and org_id != aff.organisation_id:
                org = s.get(Organisation, org_id)
                if org is None:
                    raise not_found("Die Organisation mit der Nummer", org_id)
                before["organisation"] = aff.organisation.name
                values_org = {"organisation": org.name}
                aff.organisation = org
            else:
                values_org = {}
            for key, value in values.items():
                setattr(aff, key, value)
            _check_period(aff.valid_from, aff.valid_to)
            person = aff.person
            if primary:
                _ensure_one_primary(person, self.ctx.today(), prefer=aff)
            changed = diff(before, {**values, **values_org})
            self._refresh_person(s, person)
            s.flush()
            if changed or primary:
                self.audit(
                    s,
                    AuditAction.UPDATE,
                    "person",
                    person.id,
                    f"Funktion bei {aff.organisation.name} geändert",
                    {"affiliation": aff.id, **changed, **({"is_primary": True} if primary else {})},
                )
            return self._person_detail(s, person)

    def end_affiliation(self, affiliation_id: int, valid_to: date | None = None) -> PersonDetail:
        """Mark a role as ended (kept for the history); primary moves to a current role."""
        end = valid_to or self.ctx.today()
        with self.db.transaction() as s:
            aff = self._affiliation(s, affiliation_id)
            _check_period(aff.valid_from, end)
            old = aff.valid_to
            aff.valid_to = end
            person = aff.person
            today = self.ctx.today()
            if aff.is_primary and not is_current(end, today):
                others = [
                    a for a in person.affiliations if a is not aff and is_current(a.valid_to, today)
                ]
                if others:
                    _ensure_one_primary(person, today, prefer=others[0])
            self._refresh_person(s, person)
            s.flush()
            self.audit(
                s,
                AuditAction.UPDATE,
                "person",
                person.id,
                f"Funktion bei {aff.organisation.name} beendet zum {end:%d.%m.%Y}",
                {"affiliation": aff.id, "valid_to": [old, end]},
            )
            return self._person_detail(s, person)

    def set_primary_affiliation(self, affiliation_id: int) -> PersonDetail:
        return self.update_affiliation(affiliation_id, {"is_primary": True})

    def remove_affiliation(self, affiliation_id: int) -> PersonDetail:
        with self.db.transaction() as s:
            aff = self._affiliation(s, affiliation_id)
            person = aff.person
            info = {
                "organisation": aff.organisation.name,
                "role": aff.role,
                "valid_from": aff.valid_from,
                "valid_to": aff.valid_to,
            }
            person.affiliations.remove(aff)
            s.delete(aff)
            s.flush()
            _ensure_one_primary(person, self.ctx.today())
            self._refresh_person(s, person)
            s.flush()
            self.audit(
                s,
                AuditAction.UPDATE,
                "person",
                person.id,
                f"Funktion bei {info['organisation']} entfernt",
                {"affiliation_removed": info},
            )
            return self._person_detail(s, person)

    # ---- organisations ------------------------------------------------------------------

    def _org_query_conditions(self, flt: ContactFilter) -> list[ColumnElement[bool]]:
        conds = _search_conditions(Organisation.search_text, flt.search)
        conds += _org_conditions(flt, Organisation)
        if flt.list_id is not None:
            conds.append(_list_organisation_condition(flt.list_id, self.ctx.today()))
        return conds

    def count_organisations(self, flt: ContactFilter | None = None) -> int:
        flt = flt or ContactFilter()
        with self.db.read() as s:
            return int(
                s.scalar(
                    select(func.count(Organisation.id)).where(*self._org_query_conditions(flt))
                )
                or 0
            )

    def list_organisations(
        self,
        flt: ContactFilter | None = None,
        *,
        offset: int = 0,
        limit: int = 100,
        order_by: OrganisationOrder = "name",
    ) -> list[OrganisationRow]:
        flt = flt or ContactFilter()
        desc_ = order_by.startswith("-")
        key = order_by.lstrip("-")
        column = {
            "name": Organisation.sort_name,
            "kind": Organisation.kind,
            "town": Organisation.town,
            "kreis": Organisation.kreis,
            "regierungsbezirk": Organisation.regierungsbezirk,
            "id": Organisation.id,
        }[key]
        order = (
            [column, Organisation.id]
            if key in ("name", "id")
            else [column, Organisation.sort_name, Organisation.id]
        )
        nullable = 1 if key in ("town", "kreis", "regierungsbezirk") else 0
        with self.db.read() as s:
            stmt = (
                select(Organisation)
                .where(*self._org_query_conditions(flt))
                .order_by(*_ordered(order, desc_, nullable))
                .offset(offset)
                .limit(limit)
            )
            return [_org_row(o) for o in s.scalars(stmt)]

    def get_organisation(self, organisation_id: int) -> OrganisationDetail:
        with self.db.read() as s:
            return self._org_detail(s, self._org(s, organisation_id))

    def _org(self, s: Session, organisation_id: int) -> Organisation:
        org = s.get(Organisation, organisation_id)
        if org is None:
            raise not_found("Die Organisation mit der Nummer", organisation_id)
        return org

    def _org_detail(self, s: Session, org: Organisation) -> OrganisationDetail:
        today = self.ctx.today()
        persons = [
            OrganisationPerson(
                person_id=p.id,
                display_name=display_name(p.title, p.first_name, p.last_name),
                affiliation_id=a.id,
                role=a.role,
                is_primary=a.is_primary,
                is_current=is_current(a.valid_to, today),
                valid_from=a.valid_from,
                valid_to=a.valid_to,
            )
            for a, p in s.execute(
                select(Affiliation, Person)
                .join(Person, Person.id == Affiliation.person_id)
                .where(Affiliation.organisation_id == org.id)
                .order_by(Person.sort_name, Person.id, Affiliation.id)
            )
        ]
        consultations = [
            ConsultationRef(
                id=c.id, occurred_at=c.occurred_at, subject=c.subject, organisation=org.name
            )
            for c in s.scalars(
                select(Consultation)
                .where(Consultation.organisation_id == org.id)
                .order_by(Consultation.occurred_at.desc())
            )
        ]
        return OrganisationDetail(
            id=org.id,
            version=org.version,
            kind=org.kind,
            kind_label=label(org.kind),
            name=org.name,
            department=org.department,
            street=org.street,
            po_box=org.po_box,
            postcode=org.postcode,
            town=org.town,
            country=org.country,
            phone=org.phone,
            fax=org.fax,
            email=org.email,
            website=org.website,
            ags=org.ags,
            kreis=org.kreis,
            kreis_typ=org.kreis_typ,
            regierungsbezirk=org.regierungsbezirk,
            population=org.population,
            is_member=org.is_member,
            notes=org.notes,
            created_at=org.created_at,
            updated_at=org.updated_at,
            persons=tuple(persons),
            consultations=tuple(consultations),
        )

    def _check_ags_free(self, s: Session, ags: str | None, own_id: int | None) -> None:
        if not ags:
            return
        other = s.scalar(select(Organisation).where(Organisation.ags == ags))
        if other is not None and other.id != own_id:
            raise ValidationError(
                f"Der Gemeindeschlüssel {ags} gehört schon zu „{other.name}“.", field="ags"
            )

    def create_organisation(self, data: OrganisationInput) -> OrganisationDetail:
        values = _validate_organisation_values(_fields_of(data, _ORGANISATION_FIELDS))
        values.update(_check_postcode(values, values.get("country")))
        with self.db.transaction() as s:
            self._check_ags_free(s, cast(str | None, values.get("ags")), None)
            org = Organisation(**values)
            org.search_text = organisation_search_text(org)
            s.add(org)
            s.flush()
            self.audit(
                s,
                AuditAction.CREATE,
                "organisation",
                org.id,
                f"Organisation {org.name} angelegt",
                {k: v for k, v in values.items() if v is not None},
            )
            return self._org_detail(s, org)

    def create_municipality(self, ags: str, *, is_member: bool = False) -> OrganisationDetail:
        """A complete municipality from the directory ("Stadt Ulm" with AGS, Kreis,
        Regierungsbezirk, population, postcode, town and its full search text), audited, in
        one transaction."""
        with self.db.transaction() as s:
            org = new_municipality(municipality_entry(s, ags), is_member=is_member)
            s.add(org)
            s.flush()
            self.audit(
                s,
                AuditAction.CREATE,
                "organisation",
                org.id,
                f"{org.name} aus dem Gemeindeverzeichnis angelegt (AGS {ags})",
            )
            return self._org_detail(s, org)

    def update_organisation(
        self, organisation_id: int, changes: Mapping[str, object], *, expected_version: int
    ) -> OrganisationDetail:
        values = _validate_organisation_values(dict(changes))
        with self.db.transaction() as s:
            org = self._org(s, organisation_id)
            check_version(org.version, expected_version, f"Die Organisation „{org.name}“")
            country = values.get("country", org.country)
            if "postcode" in values or "country" in values:
                values.update(
                    _check_postcode({"postcode": values.get("postcode", org.postcode)}, country)
                )
            if "ags" in values:
                self._check_ags_free(s, cast(str | None, values["ags"]), org.id)
            before = _fields_of(org, list(values))
            changed = diff(before, values)
            if not changed:
                return self._org_detail(s, org)
            name = org.name
            for key, value in values.items():
                setattr(org, key, value)
            org.search_text = organisation_search_text(org)
            if {"name", "town"} & set(changed):
                self._refresh_members(s, org.id)
            s.flush()
            self.audit(
                s,
                AuditAction.UPDATE,
                "organisation",
                org.id,
                f"Organisation {name} geändert: "
                + ", ".join(FIELD_LABELS.get(k, k) for k in changed),
                changed,
            )
            return self._org_detail(s, org)

    def _refresh_members(self, s: Session, organisation_id: int) -> None:
        """Persons' search text contains their organisations' names and towns."""
        persons = s.scalars(
            select(Person)
            .join(Affiliation, Affiliation.person_id == Person.id)
            .where(Affiliation.organisation_id == organisation_id)
            .distinct()
        ).all()
        for person in persons:
            self._refresh_person(s, person)

    def delete_organisation(
        self, organisation_id: int, *, expected_version: int | None = None
    ) -> None:
        with self.db.transaction() as s:
            org = self._org(s, organisation_id)
            check_version(org.version, expected_version, f"Die Organisation „{org.name}“")
            consultations = s.scalar(
                select(func.count(Consultation.id)).where(Consultation.organisation_id == org.id)
            )
            applications = s.scalar(
                select(func.count(ProgrammeApplication.id)).where(
                    ProgrammeApplication.organisation_id == org.id
                )
            )
            if consultations or applications:
                raise UserError(
                    f"„{org.name}“ kann nicht gelöscht werden: Es gibt {consultations or 0} "
                    f"Beratung(en) und {applications or 0} Programmteilnahme(n) dazu.",
                    hint="Führen Sie die Organisation stattdessen mit einer anderen zusammen.",
                )
            person_ids = list(
                s.scalars(
                    select(Affiliation.person_id).where(Affiliation.organisation_id == org.id)
                )
            )
            snapshot = _fields_of(org, _ORGANISATION_FIELDS)
            s.delete(org)
            s.flush()
            s.expire_all()
            for pid in set(person_ids):
                person = s.get(Person, pid)
                if person is not None:
                    _ensure_one_primary(person, self.ctx.today())
                    self._refresh_person(s, person)
            self.audit(
                s,
                AuditAction.DELETE,
                "organisation",
                organisation_id,
                f"Organisation {snapshot['name']} gelöscht",
                snapshot,
            )

    # ---- distribution lists -------------------------------------------------------------

    def list_distribution_lists(self) -> list[DistributionListRow]:
        with self.db.read() as s:
            counts: dict[int, int] = {
                int(list_id): int(n)
                for list_id, n in s.execute(
                    select(DistributionListMember.list_id, func.count()).group_by(
                        DistributionListMember.list_id
                    )
                )
            }
            return [
                DistributionListRow(
                    id=dl.id,
                    name=dl.name,
                    description=dl.description,
                    member_count=int(counts.get(dl.id, 0)),
                    version=dl.version,
                )
                for dl in s.scalars(select(DistributionList).order_by(DistributionList.name))
            ]

    def _list(self, s: Session, list_id: int) -> DistributionList:
        dl = s.get(DistributionList, list_id)
        if dl is None:
            raise not_found("Den Verteiler mit der Nummer", list_id)
        return dl

    def _check_list_name(self, s: Session, name: str, own_id: int | None) -> str:
        cleaned = _clean(name)
        if not cleaned:
            raise ValidationError("Der Name des Verteilers fehlt.", field="name")
        other = s.scalar(
            select(DistributionList).where(func.lower(DistributionList.name) == cleaned.lower())
        )
        if other is not None and other.id != own_id:
            raise ValidationError(f"Einen Verteiler „{cleaned}“ gibt es schon.", field="name")
        return cleaned

    def create_distribution_list(
        self, name: str, description: str | None = None
    ) -> DistributionListRow:
        with self.db.transaction() as s:
            dl = DistributionList(
                name=self._check_list_name(s, name, None), description=_clean(description)
            )
            s.add(dl)
            s.flush()
            self.audit(
                s, AuditAction.CREATE, "distribution_list", dl.id, f"Verteiler {dl.name} angelegt"
            )
            return _list_row(s, dl)

    def rename_distribution_list(
        self,
        list_id: int,
        name: str,
        *,
        description: str | None = None,
        expected_version: int | None = None,
    ) -> DistributionListRow:
        with self.db.transaction() as s:
            dl = self._list(s, list_id)
            check_version(dl.version, expected_version, f"Der Verteiler „{dl.name}“")
            before = {"name": dl.name, "description": dl.description}
            dl.name = self._check_list_name(s, name, dl.id)
            if description is not None:
                dl.description = _clean(description)
            changed = diff(before, {"name": dl.name, "description": dl.description})
            s.flush()
            if changed:
                self.audit(
                    s,
                    AuditAction.UPDATE,
                    "distribution_list",
                    dl.id,
                    f"Verteiler {before['name']} geändert",
                    changed,
                )
            return _list_row(s, dl)

    def delete_distribution_list(
        self, list_id: int, *, expected_version: int | None = None
    ) -> None:
        """Delete the list (its persons stay); ``ConcurrentEditError`` when ``expected_version``
        is given and the list was changed meanwhile."""
        with self.db.transaction() as s:
            dl = self._list(s, list_id)
            name = dl.name
            check_version(dl.version, expected_version, f"Der Verteiler „{name}“")
            members = list(
                s.scalars(
                    select(DistributionListMember.person_id).where(
                        DistributionListMember.list_id == dl.id
                    )
                )
            )
            s.delete(dl)
            s.flush()
            self.audit(
                s,
                AuditAction.DELETE,
                "distribution_list",
                list_id,
                f"Verteiler {name} gelöscht",
                {"name": name, "members": members},
            )

    def add_list_members(
        self, list_id: int, person_ids: Sequence[int], *, affiliation_id: int | None = None
    ) -> DistributionListRow:
        with self.db.transaction() as s:
            dl = self._list(s, list_id)
            present = set(
                s.scalars(
                    select(DistributionListMember.person_id).where(
                        DistributionListMember.list_id == dl.id
                    )
                )
            )
            added: list[int] = []
            for pid in dict.fromkeys(person_ids):
                if pid in present:
                    continue
                self._person(s, pid)
                s.add(
                    DistributionListMember(
                        list_id=dl.id,
                        person_id=pid,
                        affiliation_id=affiliation_id,
                        added_at=self.ctx.now(),
                    )
                )
                added.append(pid)
            s.flush()
            if added:
                self.audit(
                    s,
                    AuditAction.UPDATE,
                    "distribution_list",
                    dl.id,
                    f"{len(added)} Person(en) in den Verteiler {dl.name} aufgenommen",
                    {"added": added},
                )
            return _list_row(s, dl)

    def remove_list_members(self, list_id: int, person_ids: Sequence[int]) -> DistributionListRow:
        with self.db.transaction() as s:
            dl = self._list(s, list_id)
            ids = list(dict.fromkeys(person_ids))
            result = s.execute(
                delete(DistributionListMember).where(
                    DistributionListMember.list_id == dl.id,
                    DistributionListMember.person_id.in_(ids),
                )
            )
            removed = int(getattr(result, "rowcount", 0) or 0)
            if removed:
                self.audit(
                    s,
                    AuditAction.UPDATE,
                    "distribution_list",
                    dl.id,
                    f"{removed} Person(en) aus dem Verteiler {dl.name} entfernt",
                    {"removed": ids},
                )
            return _list_row(s, dl)

    def list_members(self, list_id: int) -> list[PersonRow]:
        with self.db.read() as s:
            self._list(s, list_id)
            ids = self._page_ids(
                s, ContactFilter(list_id=list_id), offset=0, limit=None, order_by="name"
            )
            return self._person_rows(s, ids)

    def distribution_list_by_name(self, name: str) -> DistributionListRow:
        with self.db.read() as s:
            dl = s.scalar(
                select(DistributionList).where(
                    func.lower(DistributionList.name) == name.strip().lower()
                )
            )
            if dl is None:
                raise NotFoundError(f"Einen Verteiler „{name}“ gibt es nicht.")
            return _list_row(s, dl)

    # ---- filter combos ------------------------------------------------------------------

    def filter_options(self) -> FilterOptions:
        with self.db.read() as s:
            kreise = set(s.scalars(select(MunicipalityDirectoryEntry.kreis).distinct()))
            kreise |= set(s.scalars(select(Organisation.kreis).distinct()))
            bezirke = set(s.scalars(select(MunicipalityDirectoryEntry.regierungsbezirk).distinct()))
            bezirke |= set(s.scalars(select(Organisation.regierungsbezirk).distinct()))
        return FilterOptions(
            kinds=tuple((k, label(k)) for k in OrganisationKind),
            kreise=tuple(sorted((k for k in kreise if k), key=match_key)),
            regierungsbezirke=tuple(sorted((b for b in bezirke if b), key=match_key)),
            lists=tuple(self.list_distribution_lists()),
        )

    # ---- duplicates and merging ---------------------------------------------------------

    def find_duplicates(self) -> list[DuplicateCandidate]:
        """Likely duplicate persons, then organisations, best evidence first."""
        return self.find_person_duplicates() + self.find_organisation_duplicates()

    def find_person_duplicates(self) -> list[DuplicateCandidate]:
        with self.db.read() as s:
            orgs: dict[int, list[tuple[str, str | None]]] = {}
            for pid, oname, otown in s.execute(
                select(Affiliation.person_id, Organisation.name, Organisation.town).join(
                    Organisation, Organisation.id == Affiliation.organisation_id
                )
            ):
                orgs.setdefault(pid, []).append((oname, otown))
            items = [
                DuplicateItem(
                    id=pid,
                    label=display_name(title, first, last),
                    name=match_key(name_text(first, last)),
                    email=email,
                    places=person_places(town, orgs.get(pid, [])),
                )
                for pid, title, first, last, email, town in s.execute(
                    select(
                        Person.id,
                        Person.title,
                        Person.first_name,
                        Person.last_name,
                        Person.email,
                        Person.town,
                    ).where(Person.erased_at.is_(None))
                )
            ]
        return _candidates("person", duplicate_pairs(items, "Ort/Organisation"))

    def find_organisation_duplicates(self) -> list[DuplicateCandidate]:
        with self.db.read() as s:
            items = [
                DuplicateItem(
                    id=oid,
                    label=organisation_label(name, town),
                    name=match_key(name_text(name)),
                    email=email,
                    places=organisation_places(town),
                )
                for oid, name, town, email in s.execute(
                    select(
                        Organisation.id, Organisation.name, Organisation.town, Organisation.email
                    )
                )
            ]
        return _candidates("organisation", duplicate_pairs(items, "Ort"))

    def merge_persons(
        self,
        keep_id: int,
        remove_id: int,
        field_choices: Mapping[str, Literal["keep", "remove"]] | None = None,
    ) -> MergeResult:
        """Merge ``remove_id`` into ``keep_id``: fields as chosen (unchosen fields keep the kept
        value, or take the other one where the kept one is empty), every link moved, the removed
        person deleted; one transaction, audited with everything needed for
        :meth:`undo_last_merge`."""
        return self._merge("person", keep_id, remove_id, field_choices or {})

    def merge_organisations(
        self,
        keep_id: int,
        remove_id: int,
        field_choices: Mapping[str, Literal["keep", "remove"]] | None = None,
    ) -> MergeResult:
        return self._merge("organisation", keep_id, remove_id, field_choices or {})

    def _merge(
        self,
        entity: Literal["person", "organisation"],
        keep_id: int,
        remove_id: int,
        choices: Mapping[str, str],
    ) -> MergeResult:
        if keep_id == remove_id:
            raise UserError("Ein Datensatz kann nicht mit sich selbst zusammengeführt werden.")
        model: Any = Person if entity == "person" else Organisation
        names = _PERSON_FIELDS if entity == "person" else _ORGANISATION_FIELDS
        what = "Die Person" if entity == "person" else "Die Organisation"
        with self.db.transaction() as s:
            keep: Any = s.get(model, keep_id)
            remove: Any = s.get(model, remove_id)
            if keep is None:
                raise not_found(f"{what} mit der Nummer", keep_id)
            if remove is None:
                raise not_found(f"{what} mit der Nummer", remove_id)
            for key, choice in choices.items():
                if key not in names or choice not in ("keep", "remove"):
                    raise ValidationError(f"Ungültige Feldauswahl „{key}: {choice}“.", field=key)
            table = model.__table__
            assert isinstance(table, Table)
            kept_before = _row_of(s, table, keep_id)
            removed_row = _row_of(s, table, remove_id)
            keep_label = self._label(keep)
            remove_label = self._label(remove)
            new_values: dict[str, Any] = {}
            for key in names:
                mine, theirs = getattr(keep, key), getattr(remove, key)
                picked = choices.get(key)
                if picked == "remove" or (picked is None and mine in (None, "") and theirs):
                    new_values[key] = theirs
            if entity == "organisation" and "ags" in new_values:
                # The AGS is unique: free it on the removed record first.
                s.execute(update(table).where(table.c.id == remove_id).values(ags=None))
            # Move the links with Core statements, then forget the ORM's stale collections.
            s.flush()
            counts, moved, deleted = _move_links(s, table.name, keep_id, remove_id)
            s.execute(delete(table).where(table.c.id == remove_id))
            s.expire_all()
            keep = s.get(model, keep_id)
            assert keep is not None
            changed = diff(_fields_of(keep, list(new_values)), new_values)
            for key, value in new_values.items():
                setattr(keep, key, value)
            if isinstance(keep, Person):
                _ensure_one_primary(keep, self.ctx.today())
                self._refresh_person(s, keep)
            else:
                keep.search_text = organisation_search_text(keep)
                keep.version = keep.version  # ensure a version bump below
                self._refresh_members(s, keep.id)
            keep.updated_at = self.ctx.now()
            s.flush()
            if entity == "organisation":
                # Core UPDATEs moved the consultations; the index hook only sees ORM changes.
                _reindex_consultations_of(s, keep_id)
            link_counts = {_MERGE_LINK_LABELS.get(k, k): v for k, v in counts.items()}
            summary = (
                f"{remove_label} (Nr. {remove_id}) in {keep_label} (Nr. {keep_id}) zusammengeführt"
            )
            if link_counts:
                summary += ": " + ", ".join(f"{v} {k}" for k, v in sorted(link_counts.items()))
            entry = AuditEntry(
                occurred_at=self.ctx.now(),
                user_name=self.ctx.user,
                action=AuditAction.MERGE,
                entity_type=entity,
                entity_id=keep_id,
                summary=summary[:500],
                changes={
                    "removed_id": remove_id,
                    "fields": {k: [_dump(a), _dump(b)] for k, (a, b) in changed.items()},
                    "moved": counts,
                    "undo": {
                        "kept_before": kept_before,
                        "removed_row": removed_row,
                        "moved": moved,
                        "deleted": deleted,
                        "kept_version_after": keep.version,
                    },
                },
            )
            s.add(entry)
            s.flush()
            return MergeResult(
                entity=entity,
                kept_id=keep_id,
                removed_id=remove_id,
                moved=link_counts,
                audit_entry_id=entry.id,
                summary=summary,
            )

    @staticmethod
    def _label(record: Person | Organisation) -> str:
        if isinstance(record, Person):
            return display_name(record.title, record.first_name, record.last_name)
        return record.name

    def _last_merge(self, s: Session) -> AuditEntry | None:
        entry = s.scalar(
            select(AuditEntry)
            .where(
                AuditEntry.action == AuditAction.MERGE,
                AuditEntry.entity_type.in_(("person", "organisation")),
            )
            .order_by(AuditEntry.id.desc())
            .limit(1)
        )
        if entry is None or not entry.changes or "undo" not in entry.changes:
            return None
        undone = s.scalars(
            select(AuditEntry).where(
                AuditEntry.action == AuditAction.RESTORE,
                AuditEntry.entity_type == entry.entity_type,
                AuditEntry.id > entry.id,
            )
        ).all()
        if any((u.changes or {}).get("undo_of") == entry.id for u in undone):
            return None
        return entry

    def can_undo_merge(self) -> str | None:
        with self.db.read() as s:
            entry = self._last_merge(s)
            return entry.summary if entry is not None else None

    def undo_last_merge(self) -> UndoResult:
        """Revert the most recent merge (only that one, and only once): the removed record comes
        back with its id, every moved link points at it again, rows deleted because of a
        clash are restored, and the kept record gets its former field values back.

        Refused when the kept record was edited after the merge, since restoring its old values
        would silently throw those edits away.
        """
        with self.db.transaction() as s:
            entry = self._last_merge(s)
            if entry is None:
                raise UserError(
                    "Es gibt keine Zusammenführung, die rückgängig gemacht werden kann.",
                    hint="Nur die letzte Zusammenführung lässt sich rückgängig machen, und nur "
                    "einmal.",
                )
            changes = cast(dict[str, Any], entry.changes)
            data = cast(dict[str, Any], changes["undo"])
            entity = cast(Literal["person", "organisation"], entry.entity_type)
            model: Any = Person if entity == "person" else Organisation
            table = model.__table__
            assert isinstance(table, Table)
            keep_id = int(entry.entity_id or 0)
            keep = s.get(model, keep_id)
            if keep is None:
                raise UserError(
                    "Die Zusammenführung kann nicht rückgängig gemacht werden: Der behaltene "
                    "Datensatz wurde inzwischen gelöscht."
                )
            if keep.version != data["kept_version_after"]:
                raise ConcurrentEditError(
                    f"Die Zusammenführung kann nicht rückgängig gemacht werden: "
                    f"„{self._label(keep)}“ wurde danach noch geändert.",
                    hint="Bitte die Daten von Hand trennen.",
                )
            removed_row = _load(table, data["removed_row"])
            removed_id = int(removed_row["id"])
            kept_before = _load(table, data["kept_before"])
            if (
                entity == "organisation"
                and removed_row.get("ags")
                and (removed_row.get("ags") == keep.ags)
            ):
                keep.ags = None
                s.flush()
            s.execute(insert(table).values(**removed_row))
            for item in data["moved"]:
                t = _table(item["table"])
                pk = list(
                    _load(
                        t,
                        dict(zip([c.name for c in t.primary_key.columns], item["pk"], strict=True)),
                    ).values()
                )
                # A moved primary-key column (e.g. consultation_person.person_id) now holds
                # the kept id.
                pk_names = [c.name for c in t.primary_key.columns]
                pk = [
                    keep_id if n == item["column"] else v for n, v in zip(pk_names, pk, strict=True)
                ]
                # "restore": values the merge changed besides the link (a primary role that
                # stopped being primary because the kept person had one).
                s.execute(
                    update(t)
                    .where(_pk_where(t, pk))
                    .values({item["column"]: removed_id, **item.get("restore", {})})
                )
            for item in data["deleted"]:
                t = _table(item["table"])
                s.execute(insert(t).values(**_load(t, item["row"])))
            s.flush()
            s.expire_all()
            keep = s.get(model, keep_id)
            assert keep is not None
            for key in _PERSON_FIELDS if entity == "person" else _ORGANISATION_FIELDS:
                setattr(keep, key, kept_before[key])
            restored = s.get(model, removed_id)
            assert restored is not None
            if isinstance(keep, Person) and isinstance(restored, Person):
                for person in (keep, restored):
                    _ensure_one_primary(person, self.ctx.today())
                    self._refresh_person(s, person)
            elif isinstance(keep, Organisation) and isinstance(restored, Organisation):
                keep.search_text = organisation_search_text(keep)
                self._refresh_members(s, keep.id)
                self._refresh_members(s, restored.id)
            s.flush()
            if entity == "organisation":
                _reindex_consultations_of(s, keep_id, removed_id)
            summary = (
                f"Zusammenführung rückgängig gemacht: {self._label(restored)} (Nr. {removed_id}) "
                f"wiederhergestellt, getrennt von {self._label(keep)} (Nr. {keep_id})"
            )
            self.audit(
                s,
                AuditAction.RESTORE,
                entity,
                removed_id,
                summary,
                {"undo_of": entry.id, "kept_id": keep_id},
            )
            return UndoResult(
                entity=entity, kept_id=keep_id, restored_id=removed_id, summary=summary
            )


def _candidates(
    entity: Literal["person", "organisation"], pairs: Sequence[DuplicatePair]
) -> list[DuplicateCandidate]:
    return [
        DuplicateCandidate(
            entity=entity,
            first_id=p.first_id,
            second_id=p.second_id,
            first_label=p.first_label,
            second_label=p.second_label,
            reason=p.reason,
            score=p.score,
        )
        for p in pairs
    ]


def _check_period(start: object, end: object) -> None:
    validate_period(
        cast(date | None, start),
        cast(date | None, end),
        field="valid_to",
        start_label="Gültig ab",
        end_label="Gültig bis",
    )
