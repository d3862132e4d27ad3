"""Persons and their roles (affiliations): one record, its detail, and every change to them.

A person's sort key, ``search_text`` (which holds the names and towns of their organisations)
and the one primary role (decision 11) are derived data: ``storage/derived.py`` keeps them on
every flush, so nothing here computes them. Choosing the primary role is setting
``is_primary = True`` on it.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from beratung.domain.contacts import (
    Affiliation,
    DistributionList,
    DistributionListMember,
    Organisation,
    Person,
)
from beratung.domain.enums import AddressPreference, Anrede, AuditAction, label
from beratung.domain.errors import ValidationError
from beratung.domain.records import Consent, IssuedDocument, IssuedDocumentRecipient
from beratung.domain.rules.affiliations import is_current
from beratung.domain.rules.dates import format_date_de
from beratung.domain.rules.letters import address_block, salutation
from beratung.domain.work import Consultation, consultation_person
from beratung.services.base import Service, ServiceContext, check_version, diff, not_found
from beratung.services.contacts.cleaning import (
    AFFILIATION_FIELDS,
    FIELD_LABELS,
    PERSON_FIELDS,
    affiliation_values,
    check_period,
    check_postcode,
    clean,
    fields_of,
    parse_enum,
    validate_person_values,
)
from beratung.services.contacts.snapshots import (
    AffiliationInput,
    AffiliationSnapshot,
    ConsentSnapshot,
    ConsultationRef,
    DocumentRef,
    ListRef,
    PersonDetail,
    PersonInput,
    display_name,
)
from beratung.services.letters import (
    LetterAddress,
    LetterService,
    address_input,
    letter_affiliation,
)

# --------------------------------------------------------------------------------------------
# Helpers inside a caller's session (also used by organisations, merging and the import)


#: What the person's detail reads, loaded with the person in a fixed number of queries (each
#: affiliation's organisation would otherwise be one more query).
DETAIL_LOADING = (
    selectinload(Person.affiliations).joinedload(Affiliation.organisation),
    selectinload(Person.consents),
)


def load_person(s: Session, person_id: int, *, for_detail: bool = False) -> Person:
    """The person, or a German ``NotFoundError`` (someone may have deleted or merged it);
    ``for_detail``: with what :func:`person_detail` reads."""
    person = s.get(Person, person_id, options=DETAIL_LOADING if for_detail else ())
    if person is None:
        raise not_found("Die Person mit der Nummer", person_id)
    return person


def consent_snapshot(c: Consent) -> ConsentSnapshot:
    """A consent as the person form and the Datenschutz actions show it."""
    return ConsentSnapshot(
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


def affiliation_snapshot(a: Affiliation, today: date) -> AffiliationSnapshot:
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


def new_affiliation(s: Session, person: Person, data: AffiliationInput, today: date) -> Affiliation:
    """A new, checked role of ``person``; primary when asked for, or when it is the first."""
    org = s.get(Organisation, data.organisation_id)
    if org is None:
        raise not_found("Die Organisation mit der Nummer", data.organisation_id)
    values = affiliation_values(fields_of(data, AFFILIATION_FIELDS))
    check_period(values.get("valid_from"), values.get("valid_to"))
    first = not person.affiliations
    aff = Affiliation(person=person, organisation=org, is_primary=False, **values)
    s.add(aff)
    if data.is_primary or (data.is_primary is None and first):
        aff.is_primary = True  # the derived-data listener demotes the previous primary
    return aff


def person_detail(s: Session, person: Person, today: date) -> PersonDetail:
    """Everything the person form shows. A letter block that cannot be made is not an error
    here: the form shows the German reason (``letter_error``) beside the data."""
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
        affiliations=tuple(affiliation_snapshot(a, today) for a in affs),
        lists=tuple(lists),
        consents=tuple(
            consent_snapshot(c)
            for c in sorted(person.consents, key=lambda c: (c.given_on, c.id))
        ),
        letter_lines=letter_lines,
        letter_error=letter_error,
        salutation=salutation(recipient),
        consultations=tuple(consultations),
        documents=tuple(documents),
        print_variant=person.print_variant,
        contact_route=person.contact_route,
    )


# --------------------------------------------------------------------------------------------
# Service


class PersonService(Service):
    def __init__(self, context: ServiceContext) -> None:
        super().__init__(context)
        #: Letter addressing, which the person form's preview delegates to.
        self.letters = LetterService(context)

    def get_person(self, person_id: int) -> PersonDetail:
        with self.db.read() as s:
            return person_detail(s, load_person(s, person_id, for_detail=True), self.ctx.today())

    def create_person(
        self, data: PersonInput, *, affiliation: AffiliationInput | None = None
    ) -> PersonDetail:
        values = validate_person_values(fields_of(data, PERSON_FIELDS))
        values.update(check_postcode(values, values.get("country")))
        with self.db.transaction() as s:
            person = Person(**values)
            with s.no_autoflush:
                s.add(person)
                if affiliation is not None:
                    new_affiliation(s, person, affiliation, self.ctx.today())
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
            return person_detail(s, person, self.ctx.today())

    def update_person(
        self, person_id: int, changes: Mapping[str, object], *, expected_version: int
    ) -> PersonDetail:
        values = validate_person_values(dict(changes))
        with self.db.transaction() as s:
            person = load_person(s, person_id)
            name = display_name(person.title, person.first_name, person.last_name)
            check_version(person.version, expected_version, f"Die Person „{name}“")
            country = values.get("country", person.country)
            if "postcode" in values or "country" in values:
                values.update(
                    check_postcode({"postcode": values.get("postcode", person.postcode)}, country)
                )
            before = fields_of(person, list(values))
            changed = diff(before, values)
            if not changed:
                return person_detail(s, person, self.ctx.today())
            for key, value in values.items():
                setattr(person, key, value)
            s.flush()
            self.audit(
                s,
                AuditAction.UPDATE,
                "person",
                person.id,
                f"Person {name} geändert: " + ", ".join(FIELD_LABELS.get(k, k) for k in changed),
                changed,
            )
            return person_detail(s, person, self.ctx.today())

    def delete_person(self, person_id: int, *, expected_version: int | None = None) -> None:
        with self.db.transaction() as s:
            person = load_person(s, person_id)
            name = display_name(person.title, person.first_name, person.last_name)
            check_version(person.version, expected_version, f"Die Person „{name}“")
            snapshot = fields_of(person, PERSON_FIELDS)
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
            last_name=clean(data.last_name) or "",
            first_name=clean(data.first_name),
            anrede=parse_enum(Anrede, data.anrede or Anrede.NONE, "anrede"),
            title=clean(data.title),
            street=clean(data.street),
            postcode=clean(data.postcode),
            town=clean(data.town),
            country=clean(data.country),
            address_preference=parse_enum(
                AddressPreference,
                data.address_preference or AddressPreference.ORGANISATION,
                "address_preference",
            ),
            salutation_override=clean(data.salutation_override),
        )
        return self.letters.preview(person_id, values, affiliation_id)

    def add_affiliation(self, person_id: int, data: AffiliationInput) -> PersonDetail:
        with self.db.transaction() as s:
            person = load_person(s, person_id)
            aff = new_affiliation(s, person, data, self.ctx.today())
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
            return person_detail(s, person, self.ctx.today())

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
            values = affiliation_values(changes)
            before = fields_of(aff, list(values))
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
            check_period(aff.valid_from, aff.valid_to)
            person = aff.person
            if primary:
                aff.is_primary = True
            changed = diff(before, {**values, **values_org})
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
            return person_detail(s, person, self.ctx.today())

    def end_affiliation(self, affiliation_id: int, valid_to: date | None = None) -> PersonDetail:
        """Mark a role as ended (kept for the history); primary moves to a current role."""
        end = valid_to or self.ctx.today()
        with self.db.transaction() as s:
            aff = self._affiliation(s, affiliation_id)
            check_period(aff.valid_from, end)
            old = aff.valid_to
            aff.valid_to = end
            person = aff.person
            today = self.ctx.today()
            if aff.is_primary and not is_current(end, today):
                others = [
                    a for a in person.affiliations if a is not aff and is_current(a.valid_to, today)
                ]
                if others:
                    others[0].is_primary = True  # primary moves to a current role
            s.flush()
            self.audit(
                s,
                AuditAction.UPDATE,
                "person",
                person.id,
                f"Funktion bei {aff.organisation.name} beendet zum {format_date_de(end)}",
                {"affiliation": aff.id, "valid_to": [old, end]},
            )
            return person_detail(s, person, self.ctx.today())

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
            self.audit(
                s,
                AuditAction.UPDATE,
                "person",
                person.id,
                f"Funktion bei {info['organisation']} entfernt",
                {"affiliation_removed": info},
            )
            return person_detail(s, person, self.ctx.today())
