"""What an applied import row does to the database: a person created or updated (compared with
the state the import has left so far, so a dry run reports exactly what the import does), and
the organisations and distribution lists the row needs, created the first time an applied row
uses them. In a dry run (``run.apply`` false) the same code runs and only the writes are left
out."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from beratung.domain.enums import AddressPreference, Anrede, AuditAction, OrganisationKind
from beratung.domain.errors import ValidationError
from beratung.domain.models import (
    Affiliation,
    DistributionList,
    DistributionListMember,
    MunicipalityDirectoryEntry,
    Organisation,
    Person,
)
from beratung.domain.rules.names import display_name
from beratung.domain.rules.validation import normalise_phone
from beratung.interchange import ContactRecord, normalize_anrede
from beratung.services.base import Service
from beratung.services.contact_io.matching import OrganisationMatcher, OrgRef, PendingPerson
from beratung.services.contacts import FIELD_LABELS
from beratung.services.masterdata import DirectoryRow, new_municipality

#: Contact fields an import may set on a person (record field → person attribute).
PERSON_MAP = {
    "titel": "title",
    "vorname": "first_name",
    "email": "email",
    "telefon": "phone",
    "mobil": "mobile",
    "fax": "fax",
    "notizen": "notes",
}
OWN_ADDRESS = {"strasse": "street", "plz": "postcode", "ort": "town", "land": "country"}
#: What a row without a person gives a new organisation (record field → attribute).
ORGANISATION_ONLY = {
    "abteilung": "department",
    "email": "email",
    "telefon": "phone",
    "fax": "fax",
    "notizen": "notes",
}
#: Person attributes an import compares with a matched person.
_COMPARED = ("last_name", "anrede", *PERSON_MAP.values(), *OWN_ADDRESS.values())


@dataclass
class ImportRun:
    """What one dry run or commit carries from row to row."""

    #: The service whose context and audit log the changes use.
    service: Service
    s: Session
    apply: bool
    unit: str  # "Zeile" or, for vCards, "Karte"
    today: date
    orgs: OrganisationMatcher
    lists: dict[str, DistributionList | None]
    orgs_created: list[str] = field(default_factory=list)
    lists_created: list[str] = field(default_factory=list)


def use_organisation(run: ImportRun, ref: OrgRef, record: ContactRecord, where: str) -> None:
    """Create (when applying) and register a new organisation the first time an applied
    row uses it; existing ones need nothing."""
    if ref.registered:
        return
    run.orgs.register(ref)
    run.orgs_created.append(ref.name)
    if not run.apply:
        return
    org = _new_organisation(record, ref.entry)
    run.s.add(org)
    run.s.flush()
    ref.org = org
    run.service.audit(
        run.s,
        AuditAction.CREATE,
        "organisation",
        org.id,
        f"Organisation {org.name} importiert ({where})",
        {
            k: v
            for k, v in {
                "name": org.name,
                "kind": org.kind.value,
                "ags": org.ags,
                "street": org.street,
                "postcode": org.postcode,
                "town": org.town,
            }.items()
            if v is not None
        },
    )


def use_lists(run: ImportRun, list_names: Sequence[str], where: str) -> None:
    for list_name in list_names:
        key = list_name.casefold()
        if key in run.lists:
            continue
        run.lists_created.append(list_name)
        new_list: DistributionList | None = None
        if run.apply:
            new_list = DistributionList(name=list_name)
            run.s.add(new_list)
            run.s.flush()
            run.service.audit(
                run.s,
                AuditAction.CREATE,
                "distribution_list",
                new_list.id,
                f"Verteiler {list_name} durch Import angelegt ({where})",
                {"name": list_name},
            )
        run.lists[key] = new_list


def person_values(record: ContactRecord, where: str) -> tuple[dict[str, Any], list[str]]:
    warnings: list[str] = []
    values: dict[str, Any] = {"last_name": record.nachname}
    anrede = normalize_anrede(record.anrede) if record.anrede else None
    if anrede is not None and anrede is not Anrede.NONE:
        values["anrede"] = anrede
    for src, dst in PERSON_MAP.items():
        value = getattr(record, src)
        if value:
            values[dst] = value
    # A function or department without an organisation has no role to sit on (an affiliation
    # needs an organisation): kept in the notes, so that "Landtagsabgeordneter" is not lost.
    if not record.organisation:
        extra = [f"{label}: {value}" for label, value in
                 (("Funktion", record.funktion), ("Abteilung", record.abteilung)) if value]
        if extra:
            values["notes"] = "\n".join([*([values["notes"]] if values.get("notes") else []),
                                         *extra])
    # The address is the person's own when there is no organisation or it is private;
    # otherwise it is the organisation's.
    if not record.organisation or record.address_is_private:
        for src, dst in OWN_ADDRESS.items():
            value = getattr(record, src)
            if value:
                values[dst] = value
    for key in ("phone", "mobile", "fax"):
        # A value without any digit was already named by the row checks; one warning is enough.
        if values.get(key) and re.search(r"\d", str(values[key])):
            try:
                values[key] = normalise_phone(str(values[key]), field=key)
            except ValidationError as exc:
                warnings.append(f"{where}: {exc.message} Die Nummer wird wie angegeben übernommen.")
    return values, warnings


def _new_organisation(
    record: ContactRecord, entry: MunicipalityDirectoryEntry | None
) -> Organisation:
    name = record.organisation or ""
    if entry is not None:
        e = entry
        org = new_municipality(
            DirectoryRow(
                ags=e.ags,
                name=e.name,
                kreis=e.kreis,
                kreis_typ=e.kreis_typ,
                regierungsbezirk=e.regierungsbezirk,
                population=e.population,
                postcode=e.postcode,
                is_town=e.is_town,
            )
        )
        org.name = name
    else:
        org = Organisation(kind=OrganisationKind.OTHER, name=name)
    org.department = org.department or None
    if not record.address_is_private:  # a private address is never the organisation's
        if record.strasse:
            org.street = record.strasse
        if record.plz:
            org.postcode = record.plz
        if record.ort:
            org.town = record.ort
        if record.land:
            org.country = record.land
    if record.webseite:
        org.website = record.webseite
    if not record.nachname:
        # A row of the organisation alone: its contact data are the organisation's.
        for src, dst in ORGANISATION_ONLY.items():
            value = getattr(record, src)
            if value:
                setattr(org, dst, value)
    return org


def create_person(
    run: ImportRun,
    values: dict[str, Any],
    org: Organisation | None,
    record: ContactRecord,
    list_names: Sequence[str],
    where: str,
) -> Person:
    s = run.s
    person = Person(address_preference=AddressPreference.ORGANISATION, **values)
    with s.no_autoflush:
        s.add(person)
        if org is not None:
            s.add(
                Affiliation(
                    person=person,
                    organisation=org,
                    role=record.funktion,
                    department=record.abteilung,
                    is_primary=True,
                )
            )
        for list_name in list_names:
            dl = run.lists[list_name.casefold()]
            if dl is not None:
                s.add(
                    DistributionListMember(
                        distribution_list=dl, person=person, added_at=run.service.ctx.now()
                    )
                )
    s.flush()
    run.service.audit(
        s,
        AuditAction.CREATE,
        "person",
        person.id,
        f"Person {display_name(person.title, person.first_name, person.last_name)} "
        f"importiert ({where})",
        {k: v for k, v in values.items() if v is not None},
    )
    return person


def _load(s: Session, target: PendingPerson) -> None:
    """Read the state of an existing person the first time a row matches it."""
    if target.loaded:
        return
    person = s.get(Person, target.person_id)
    assert person is not None
    primary = next((a for a in person.affiliations if a.is_primary), None)
    target.values = {key: getattr(person, key) for key in _COMPARED}
    target.values["email"] = person.email or (primary.email if primary else None)
    target.values["phone"] = person.phone or (primary.phone if primary else None)
    target.affs = {}
    for aff in person.affiliations:
        target.affs.setdefault(f"#{aff.organisation_id}", aff.role)
    target.emails |= {
        e.casefold() for e in [person.email, *(a.email for a in person.affiliations)] if e
    }
    target.lists = {
        name.casefold()
        for name in s.scalars(
            select(DistributionList.name)
            .join(
                DistributionListMember,
                DistributionListMember.list_id == DistributionList.id,
            )
            .where(DistributionListMember.person_id == person.id)
        )
    }
    target.loaded = True


def update_person(
    run: ImportRun,
    target: PendingPerson,
    values: dict[str, Any],
    ref: OrgRef | None,
    record: ContactRecord,
    list_names: Sequence[str],
    where: str,
) -> list[str]:
    """German names of the fields that change; applied when ``run.apply``.

    The comparison is with ``target``'s state as the import has left it so far (read from
    the database for an existing person, planned for one from an earlier row), so that a
    dry run reports exactly what the commit does."""
    s = run.s
    _load(s, target)
    changed: dict[str, Any] = {}
    labels: list[str] = []
    for key, value in values.items():
        if not value:
            continue
        if key == "email" and str(value).casefold() in target.emails:
            continue  # one of the person's addresses (own or on a role)
        if value != target.values.get(key):
            changed[key] = value
            labels.append(FIELD_LABELS.get(key, key))
    new_aff = role_changed = False
    if ref is not None:
        if ref.ident not in target.affs:
            new_aff = True
            labels.append("Funktion (neu)")
        elif record.funktion and target.affs[ref.ident] != record.funktion:
            role_changed = True
            labels.append("Funktion")
    new_lists = [n for n in dict.fromkeys(list_names) if n.casefold() not in target.lists]
    if new_lists:
        labels.append("Verteiler")
    # The planned state, for the next rows matching this person.
    target.values.update(changed)
    if changed.get("email"):
        target.emails.add(str(changed["email"]).casefold())
    if ref is not None and (new_aff or role_changed):
        target.affs[ref.ident] = record.funktion
    target.lists |= {n.casefold() for n in new_lists}
    if not run.apply or not labels:
        return labels
    person = target.person or s.get(Person, target.person_id)
    assert person is not None
    org = ref.org if ref is not None else None
    before = {k: getattr(person, k) for k in changed}
    with s.no_autoflush:
        for key, value in changed.items():
            setattr(person, key, value)
        if org is not None and new_aff:
            s.add(
                Affiliation(
                    person=person,
                    organisation=org,
                    role=record.funktion,
                    department=record.abteilung,
                    is_primary=False,  # primary only if the person has no other role
                )
            )
        elif org is not None and role_changed:
            aff = next(
                a
                for a in person.affiliations
                if a.organisation is org or a.organisation_id == org.id
            )
            aff.role = record.funktion
        for list_name in new_lists:
            dl = run.lists[list_name.casefold()]
            if dl is not None:
                s.add(
                    DistributionListMember(
                        distribution_list=dl, person=person, added_at=run.service.ctx.now()
                    )
                )
    s.flush()
    run.service.audit(
        s,
        AuditAction.UPDATE,
        "person",
        person.id,
        f"Person {display_name(person.title, person.first_name, person.last_name)} "
        f"durch Import geändert ({where}): " + ", ".join(labels),
        {
            **{k: [before[k], v] for k, v in changed.items()},
            **({"lists_added": new_lists} if new_lists else {}),
            **(
                {"affiliation": [record.organisation, record.funktion]}
                if new_aff or role_changed
                else {}
            ),
        },
    )
    return labels
