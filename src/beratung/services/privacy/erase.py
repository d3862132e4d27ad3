"""Erasing a person (GDPR Art. 17) by anonymising, so that the statistics stay true.

What happens to each row that points at the person is the policy its table declared
(``domain/references.py``): roles, list memberships and consents are deleted; registrations and
follow-ups stay without their personal columns; consultations and the log of received documents
stay, pointing at the anonymised person, so that the consultations per municipality and the
attendance figures do not change. Accessibility needs (health data) of the person's
registrations are deleted.

Free text that names the person is rewritten wherever :mod:`.gather` found it: the audit log
(summaries and change records, including a merge's undo data), the issued documents' titles,
recipient lists and frozen snapshots, and the notes of the consultations and registrations the
person took part in. Names become "Gelöschte Person #id", contact data "[gelöscht]". A
document's stored PDF cannot be rewritten and is dropped (its checksum stays as evidence that
it was issued). Inside a record that names the person, the last name alone is replaced too
("Sehr geehrter Herr Brenner,"), at word boundaries; a namesake in the same combined document
is anonymised with it, which errs on the safe side.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Table, delete, select, update
from sqlalchemy.orm import Session

from beratung.domain.base import Base
from beratung.domain.contacts import Person
from beratung.domain.enums import Anrede
from beratung.domain.events import AccessibilityNeed, Registration
from beratung.domain.records import IssuedDocument
from beratung.domain.references import OnErase
from beratung.services.privacy.gather import PersonData
from beratung.storage import audit_log, references, search

#: What replaces contact data (e-mail, phone, street) in free text.
REDACTED = "[gelöscht]"

#: The person's columns emptied by the erasure (the last name becomes the placeholder).
PERSON_COLUMNS_CLEARED = (
    "title",
    "first_name",
    "email",
    "phone",
    "mobile",
    "fax",
    "street",
    "postcode",
    "town",
    "country",
    "salutation_override",
    "notes",
    "contact_route",
)

#: Free-text columns of the rows linked to the person that may name them.
_TEXT_COLUMNS = {
    "consultation": ("subject", "summary", "outcome"),
    "registration": ("notes", "companion_names"),
    "registration_change": ("note",),
    "follow_up": ("note",),
}


def placeholder(person_id: int) -> str:
    """The name an erased person keeps: "Gelöschte Person #17"."""
    return f"Gelöschte Person #{person_id}"


@dataclass(frozen=True)
class Replacements:
    """The texts to replace in free text, longest first, with what replaces them."""

    pairs: tuple[tuple[re.Pattern[str], str], ...]

    @classmethod
    def build(
        cls, names: Iterable[str], contact: Iterable[str], word: Iterable[str], name_to: str
    ) -> Replacements:
        items: list[tuple[str, str, bool]] = []
        items += [(text, name_to, False) for text in names]
        items += [(text, REDACTED, False) for text in contact]
        items += [(text, name_to, True) for text in word]
        unique = {(t.strip(), r, w) for t, r, w in items if t and len(t.strip()) >= 3}
        ordered = sorted(unique, key=lambda item: (-len(item[0]), item[0]))
        return cls(
            tuple(
                (
                    re.compile(
                        (r"\b" + re.escape(text) + r"\b") if whole_word else re.escape(text),
                        re.IGNORECASE,
                    ),
                    replacement,
                )
                for text, replacement, whole_word in ordered
            )
        )

    def text(self, value: str) -> str:
        for pattern, replacement in self.pairs:
            value = pattern.sub(replacement, value)
        return value

    def deep(self, value: Any) -> Any:
        """``value`` with every text inside (also mapping keys) rewritten."""
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, Mapping):
            return {self.text(str(k)): self.deep(v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [self.deep(v) for v in value]
        return value


@dataclass(frozen=True, slots=True)
class EraseCounts:
    deleted: dict[str, int]
    anonymised: dict[str, int]
    kept: dict[str, int]
    needs_deleted: int
    audit_entries: int
    documents: int
    #: The audit entries whose content was rewritten (ids only; decision 25).
    redacted_audit_ids: tuple[int, ...] = ()


def replacements_for(data: PersonData) -> Replacements:
    person = data.person
    contact: list[str] = [
        str(person[c]) for c in ("email", "phone", "mobile", "fax", "street") if person.get(c)
    ]
    for ref in data.references:
        if ref.policy.table == "affiliation":
            contact += [str(r.row[c]) for r in ref.rows for c in ("email", "phone") if r.row.get(c)]
    word = [str(person["last_name"])] if person.get("last_name") else []
    if person.get("salutation_override"):
        word.append(str(person["salutation_override"]))
    emails = {c.casefold() for c in contact}
    names = [n for n in data.needles if n.casefold() not in emails]
    return Replacements.build(names, contact, word, placeholder(data.person_id))


def _table(name: str) -> Table:
    return Base.metadata.tables[name]


def _scrub_rows(session: Session, table: Table, ids: Iterable[int], fix: Replacements) -> None:
    columns = _TEXT_COLUMNS.get(table.name, ())
    if not columns:
        return
    for ident in ids:
        row = session.execute(
            select(*(table.c[c] for c in columns)).where(table.c.id == ident)
        ).mappings().first()
        if row is None:
            continue
        values = {c: fix.text(row[c]) for c in columns if isinstance(row[c], str)}
        changed = {c: v for c, v in values.items() if v != row[c]}
        if changed:
            session.execute(update(table).where(table.c.id == ident).values(changed))


def _rowcount(result: Any) -> int:
    """Rows a DELETE hit (the typed ``Result`` does not show ``rowcount``)."""
    return int(getattr(result, "rowcount", 0) or 0)


def erase(session: Session, person: Person, data: PersonData, *, now: Any) -> EraseCounts:
    """Anonymise ``person`` and everything :func:`gather` found, in the caller's transaction."""
    fix = replacements_for(data)
    person_id = data.person_id
    deleted: dict[str, int] = {}
    anonymised: dict[str, int] = {}
    kept: dict[str, int] = {}

    # Health data first: the needs of the person's registrations go, whatever else stays.
    registration_ids = list(
        session.scalars(select(Registration.id).where(Registration.person_id == person_id))
    )
    needs = 0
    if registration_ids:
        result = session.execute(
            delete(AccessibilityNeed).where(AccessibilityNeed.registration_id.in_(registration_ids))
        )
        needs = _rowcount(result)
    _scrub_rows(session, _table("registration_change"), session.scalars(
        select(_table("registration_change").c.id).where(
            _table("registration_change").c.registration_id.in_(registration_ids)
        )
    ).all() if registration_ids else [], fix)

    consultation_ids: list[int] = []
    for ref in references.referencing("person"):
        table, column, policy = ref.table, ref.column, ref.policy
        where = column == person_id
        if policy.on_erase is OnErase.DELETE:
            count = _rowcount(session.execute(delete(table).where(where)))
            deleted[table.name] = count
        elif policy.on_erase is OnErase.ANONYMISE:
            values = {
                name: (None if table.c[name].nullable else REDACTED)
                for name in policy.personal_columns
            }
            ids = list(session.scalars(select(table.c.id).where(where)))
            _scrub_rows(session, table, ids, fix)
            session.execute(update(table).where(where).values(values))
            anonymised[table.name] = len(ids)
        elif policy.on_erase is OnErase.KEEP:
            count = len(session.execute(select(table).where(where)).all())
            kept[table.name] = count
            if table.name == "consultation_person":
                consultation_ids = list(
                    session.scalars(select(table.c.consultation_id).where(where))
                )
    _scrub_rows(session, _table("consultation"), consultation_ids, fix)
    # The full-text index follows on the flush below (the person row changes, so there is one).
    search.mark_for_reindex(session, consultation_ids)

    # The only change the audit log's triggers allow (decision 25): new content, its key gone.
    for entry in data.audit_entries:
        audit_log.redact(
            session,
            int(entry["id"]),
            summary=fix.text(str(entry["summary"]))[:500],
            changes=fix.deep(entry["changes"]) if entry["changes"] is not None else None,
            when=now,
        )
    for doc in data.documents:
        session.execute(
            update(IssuedDocument)
            .where(IssuedDocument.id == doc["id"])
            .values(
                title=fix.text(str(doc["title"]))[:300],
                recipients=fix.deep(doc["recipients"]) if doc["recipients"] else None,
                snapshot=fix.deep(doc["snapshot"]),
                pdf=None,
            )
        )

    for name in PERSON_COLUMNS_CLEARED:
        setattr(person, name, None)
    person.last_name = placeholder(person_id)
    person.anrede = Anrede.NONE
    person.erased_at = now
    session.flush()
    return EraseCounts(
        deleted=deleted,
        anonymised=anonymised,
        kept=kept,
        needs_deleted=int(needs or 0),
        audit_entries=len(data.audit_entries),
        documents=len(data.documents),
        redacted_audit_ids=tuple(int(entry["id"]) for entry in data.audit_entries),
    )
