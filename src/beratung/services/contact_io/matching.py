"""Matching import rows against the database: which organisation a row belongs to (by AGS via
the municipality directory, then by name, narrowed by PLZ/Ort), and which person it is (by
e-mail, by name and organisation, or a same-named merge candidate). Nothing here writes."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from beratung.domain.models import Affiliation, MunicipalityDirectoryEntry, Organisation, Person
from beratung.domain.rules.search import match_key
from beratung.domain.rules.text import clean_text
from beratung.interchange import ContactRecord

_MUNICIPALITY_PREFIXES = ("stadt ", "gemeinde ", "große kreisstadt ", "grosse kreisstadt ")


@dataclass(eq=False)
class OrgRef:
    """An organisation rows are written to: an existing one (``ident`` "#id") or one this
    import creates (``ident`` "+n"; ``org`` stays ``None`` in a dry run)."""

    ident: str
    name: str
    postcode: str | None
    town: str | None
    ags: str | None
    org: Organisation | None
    is_new: bool = False
    entry: MunicipalityDirectoryEntry | None = None
    registered: bool = True


class OrganisationMatcher:
    """Finds the organisation of a row: by AGS (via the municipality directory) first, then by
    name — and a name that several organisations share only together with the row's PLZ/Ort."""

    def __init__(
        self, existing: Sequence[Organisation], directory: Sequence[MunicipalityDirectoryEntry]
    ) -> None:
        self.by_name: dict[str, list[OrgRef]] = {}
        self.by_ags: dict[str, OrgRef] = {}
        self.directory: dict[str, list[MunicipalityDirectoryEntry]] = {}
        self._numbers = itertools.count(1)
        for e in directory:
            self.directory.setdefault(match_key(e.name), []).append(e)
        for org in existing:
            self.register(
                OrgRef(
                    ident=f"#{org.id}",
                    name=org.name,
                    postcode=org.postcode,
                    town=org.town,
                    ags=org.ags,
                    org=org,
                )
            )

    def register(self, ref: OrgRef) -> None:
        ref.registered = True
        self.by_name.setdefault(org_key(ref.name), []).append(ref)
        if ref.ags:
            self.by_ags.setdefault(ref.ags, ref)

    def directory_entry(self, name: str, plz: str | None) -> MunicipalityDirectoryEntry | None:
        """The one directory municipality ``name`` (with or without "Stadt"/"Gemeinde") and
        ``plz`` point to, if exactly one."""
        plain = match_key(name)
        for prefix in _MUNICIPALITY_PREFIXES:
            if plain.startswith(match_key(prefix) + " "):
                plain = plain[len(match_key(prefix)) + 1 :]
                break
        entries = self.directory.get(plain, [])
        if not plz:
            return entries[0] if len(entries) == 1 else None
        for length in (5, 2):
            hits = [e for e in entries if e.postcode[:length] == plz[:length]]
            if len(hits) == 1:
                return hits[0]
        return None

    def resolve(self, record: ContactRecord, where: str) -> OrgRef | str:
        """The organisation of ``record`` (existing or a new, not yet registered one) or a
        German reason why the row cannot be assigned."""
        name = record.organisation or ""
        # A private address says nothing about the organisation.
        plz = None if record.address_is_private else clean_text(record.plz)
        ort = None if record.address_is_private else record.ort
        entry = self.directory_entry(name, plz)
        if entry is not None and entry.ags in self.by_ags:
            return self.by_ags[entry.ags]
        named = self.by_name.get(org_key(name), [])
        hits = named
        if entry is not None:  # same name, but another municipality (AGS) than the row's
            hits = [h for h in hits if not h.ags or h.ags == entry.ags]
        if len(hits) > 1:
            hits = _narrow(hits, plz, ort)
        if len(hits) == 1:
            return hits[0]
        if hits:
            codes = ", ".join(sorted({h.postcode or "ohne PLZ" for h in named}))
            ask = (
                f"die PLZ {plz} passt nicht eindeutig; bitte die PLZ prüfen."
                if plz
                else "bitte die PLZ angeben."
            )
            return f"{where}: „{name}“ gibt es mehrmals ({codes}); {ask}"
        return OrgRef(
            ident=f"+{next(self._numbers)}",
            name=name,
            postcode=plz or (entry.postcode if entry else None),
            town=ort or (entry.name if entry else None),
            ags=entry.ags if entry else None,
            org=None,
            is_new=True,
            entry=entry,
            registered=False,
        )


def _narrow(hits: list[OrgRef], plz: str | None, ort: str | None) -> list[OrgRef]:
    """Same-named organisations narrowed by exact PLZ, then its first two digits, then Ort."""
    tests: list[Callable[[OrgRef], bool]] = []
    if plz:
        tests.append(lambda h: (h.postcode or "").strip() == plz)
        tests.append(lambda h: (h.postcode or "").strip()[:2] == plz[:2])
    if ort:
        tests.append(lambda h: match_key(h.town or "") == match_key(ort))
    for test in tests:
        narrowed = [h for h in hits if test(h)]
        if len(narrowed) == 1:
            return narrowed
        if narrowed:
            hits = narrowed
    return hits


@dataclass(eq=False)
class PendingPerson:
    """A person the import matches, creates or updates, with its state as the import has left
    it so far (``values``, affiliations by organisation ``ident`` → role, list names folded).

    Dry run and commit compare each row with this state, so both report the same."""

    row: int
    person: Person | None
    person_id: int | None
    values: dict[str, Any]
    affs: dict[str, str | None]
    lists: set[str]
    emails: set[str] = field(default_factory=set)
    #: Existing persons are indexed by name and e-mail only; the rest is read when matched.
    loaded: bool = True


@dataclass
class PersonIndex:
    by_email: dict[str, PendingPerson] = field(default_factory=dict)
    by_name_org: dict[tuple[str, str], PendingPerson] = field(default_factory=dict)
    by_name: dict[str, list[PendingPerson]] = field(default_factory=dict)

    def add(self, target: PendingPerson) -> None:
        emails = set(target.emails)
        if target.values.get("email"):
            emails.add(str(target.values["email"]).casefold())
        for email in emails:
            self.by_email.setdefault(email, target)
        name = name_key(target.values.get("first_name"), target.values.get("last_name"))
        for org in target.affs or {""}:
            self.by_name_org.setdefault((name, org), target)
        bucket = self.by_name.setdefault(name, [])
        if target not in bucket:
            bucket.append(target)


def name_key(first: object, last: object) -> str:
    return match_key(" ".join(str(p) for p in (first, last) if p))


def org_key(name: str | None) -> str:
    return match_key(name or "")


def organisations_of(s: Session) -> OrganisationMatcher:
    """The matcher over every organisation and the whole municipality directory."""
    return OrganisationMatcher(
        list(s.scalars(select(Organisation))),
        list(s.scalars(select(MunicipalityDirectoryEntry))),
    )


def existing_persons(s: Session) -> PersonIndex:
    """Existing persons by e-mail (their own and those stored on their roles) and name; the rest
    of a person is read only when a row matches it (:attr:`PendingPerson.loaded`)."""
    index = PersonIndex()
    affs_by_person: dict[int, dict[str, str | None]] = {}
    emails_by_person: dict[int, set[str]] = {}
    for pid, oid, role, aff_email in s.execute(
        select(
            Affiliation.person_id,
            Affiliation.organisation_id,
            Affiliation.role,
            Affiliation.email,
        ).order_by(Affiliation.id)
    ):
        affs_by_person.setdefault(pid, {}).setdefault(f"#{oid}", role)
        if aff_email:
            emails_by_person.setdefault(pid, set()).add(aff_email.casefold())
    for pid, first, last, email in s.execute(
        select(Person.id, Person.first_name, Person.last_name, Person.email)
        .where(Person.erased_at.is_(None))
        .order_by(Person.id)
    ):
        index.add(
            PendingPerson(
                row=0,
                person=None,
                person_id=pid,
                values={"first_name": first, "last_name": last, "email": email},
                affs=affs_by_person.get(pid, {}),
                lists=set(),
                emails=emails_by_person.get(pid, set()),
                loaded=False,
            )
        )
    return index
