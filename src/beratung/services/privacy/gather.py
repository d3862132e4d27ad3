"""Finding everything stored about one person, through the one reference walker.

:func:`gather` follows every foreign key to the person (``storage.references``) — roles, list
memberships, registrations with their needs and history, consultations, consents, follow-ups,
issued documents — and then scans the two places that name people in free text: the audit log
(its summaries and change records) and the log of issued documents (titles, recipient lists and
the frozen snapshots). A table added later is found without touching this module, because the
walker finds its foreign key and a test insists that it declares a policy.

The result (:class:`PersonData`) is raw rows as plain Python values: the export writes it as
JSON and as a readable PDF, the erasure uses it to know which rows to change.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from beratung.domain.base import Base
from beratung.domain.contacts import Person
from beratung.domain.records import AuditEntry, IssuedDocument
from beratung.domain.references import ReferencePolicy
from beratung.domain.rules.names import display_name
from beratung.storage import references

#: Columns that hold nothing about the person (derived search data, the lock counter).
TECHNICAL_COLUMNS = frozenset({"search_text", "sort_name", "version"})

#: Columns that name a parent row by text; the first one set labels the row.
_LABEL_COLUMNS = ("title", "name", "subject", "role", "original_name")


@dataclass
class FoundRow:
    """One row pointing at the person, with what hangs on it and what it points at."""

    table: str
    row: dict[str, Any]
    #: Child rows (a registration's needs and history), by table.
    children: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    #: The rows the row points at, by foreign-key column: (table, id, label).
    links: dict[str, tuple[str, int, str]] = field(default_factory=dict)
    #: For a pure link table (consultation ↔ person): the linked row itself.
    linked: dict[str, Any] | None = None
    linked_table: str | None = None


@dataclass
class FoundReference:
    policy: ReferencePolicy
    rows: list[FoundRow]


@dataclass
class PersonData:
    """Everything stored about one person, as raw rows."""

    person: dict[str, Any]
    references: list[FoundReference]
    audit_entries: list[dict[str, Any]]
    documents: list[dict[str, Any]]
    #: The texts that identify the person in free text (names, e-mail addresses).
    needles: tuple[str, ...]

    @property
    def person_id(self) -> int:
        return int(self.person["id"])


def _table(name: str) -> Table:
    return Base.metadata.tables[name]


def _row_dict(row: Mapping[Any, Any]) -> dict[str, Any]:
    return {str(key): value for key, value in row.items() if key not in TECHNICAL_COLUMNS}


def identifying_texts(person: Person, extra_emails: Iterable[str | None] = ()) -> tuple[str, ...]:
    """The texts that name the person in free text: "Anna Müller", "Müller, Anna", the name
    with the title, and every e-mail address. The last name alone would find namesakes, so it
    counts only when the person has no first name."""
    names: list[str] = []
    first, last = (person.first_name or "").strip(), (person.last_name or "").strip()
    if first and last:
        names += [
            f"{first} {last}",
            f"{last}, {first}",
            display_name(person.title, first, last),
        ]
    elif last:
        names.append(last)
    emails = [person.email, *extra_emails]
    found = [*names, *(e.strip() for e in emails if e and e.strip())]
    # Longest first, so that a replacement takes "Dr. Anna Müller" before "Anna Müller".
    unique = {text for text in found if len(text) >= 3}
    return tuple(sorted(unique, key=lambda text: (-len(text), text)))


def mentions(value: Any, needles: Iterable[str]) -> bool:
    """Whether a JSON-like value (text, lists, mappings) contains one of ``needles``
    (ignoring case)."""
    folded = [n.casefold() for n in needles]
    return any(needle in text for text in _texts(value) for needle in folded)


def _texts(value: Any) -> Iterable[str]:
    if isinstance(value, str):
        yield value.casefold()
    elif isinstance(value, Mapping):
        for key, item in value.items():
            yield str(key).casefold()
            yield from _texts(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _texts(item)


def _parent_label(session: Session, table: Table, ident: int) -> str:
    row = session.execute(select(table).where(table.c.id == ident)).mappings().first()
    if row is None:
        return f"Nr. {ident}"
    if table.name == "person":
        return display_name(row["title"], row["first_name"], row["last_name"])
    for column in _LABEL_COLUMNS:
        if row.get(column):
            return str(row[column])
    return f"Nr. {ident}"


def _is_link_table(table: Table) -> bool:
    """A pure link table: every column is part of a foreign key (consultation_person)."""
    return all(column.foreign_keys for column in table.columns)


def _found_row(session: Session, table: Table, person_column: str, row: dict[str, Any]) -> FoundRow:
    found = FoundRow(table=table.name, row=_row_dict(row))
    for fk in table.foreign_keys:
        name = fk.parent.name
        if name == person_column or row.get(name) is None:
            continue
        parent = fk.column.table
        if _is_link_table(table):
            linked = (
                session.execute(select(parent).where(parent.c.id == row[name])).mappings().first()
            )
            if linked is not None:
                found.linked = _row_dict(linked)
                found.linked_table = parent.name
                # What the linked row points at, by name (a consultation's municipality).
                for parent_fk in parent.foreign_keys:
                    value = linked[parent_fk.parent.name]
                    if value is not None:
                        target = parent_fk.column.table
                        found.links[parent_fk.parent.name] = (
                            target.name, int(value), _parent_label(session, target, value)
                        )
            continue
        found.links[name] = (parent.name, int(row[name]), _parent_label(session, parent, row[name]))
    primary = list(table.primary_key.columns)
    if len(primary) == 1:
        for child, fk in references.children_of(table.name):
            # Only what belongs to the row (a registration's needs and history), not rows that
            # merely mention it (a list membership naming a role) or hang on the person too.
            if fk.parent.nullable or "person_id" in child.c:
                continue
            rows = session.execute(
                select(child).where(fk.parent == row[primary[0].name])
            ).mappings()
            found.children.setdefault(child.name, []).extend(_row_dict(r) for r in rows)
        found.children = {name: rows for name, rows in found.children.items() if rows}
    return found


def gather(session: Session, person: Person) -> PersonData:
    """Everything stored about ``person``, found through the reference walker and by scanning
    the audit log and the document log for the texts that name the person."""
    person_table = _table("person")
    person_row = session.execute(
        select(person_table).where(person_table.c.id == person.id)
    ).mappings().one()
    found: list[FoundReference] = []
    emails: list[str | None] = []
    for ref in references.referencing("person"):
        if not ref.policy.in_report:
            continue
        rows = session.execute(select(ref.table).where(ref.column == person.id)).mappings().all()
        found_rows = [_found_row(session, ref.table, ref.column.name, dict(r)) for r in rows]
        emails += [r.row.get("email") for r in found_rows]
        found.append(FoundReference(ref.policy, found_rows))
    needles = identifying_texts(person, emails)

    audit: list[dict[str, Any]] = []
    for entry in session.scalars(select(AuditEntry).order_by(AuditEntry.id)):
        about_person = entry.entity_type == "person" and entry.entity_id == person.id
        if about_person or mentions([entry.summary, entry.changes], needles):
            audit.append(_orm_dict(entry))

    recipient_of = {
        int(r.row["document_id"])
        for ref in found
        if ref.policy.table == "issued_document_recipient"
        for r in ref.rows
    }
    documents: list[dict[str, Any]] = []
    columns = [c for c in IssuedDocument.__table__.columns if c.name != "pdf"]
    for doc in session.execute(select(*columns).order_by(IssuedDocument.id)).mappings():
        named = mentions([doc["title"], doc["recipients"], doc["snapshot"]], needles)
        if doc["id"] in recipient_of or named:
            documents.append(dict(doc))
    return PersonData(
        person=_row_dict(person_row),
        references=found,
        audit_entries=audit,
        documents=documents,
        needles=needles,
    )


def _orm_dict(obj: Any) -> dict[str, Any]:
    return {attr.key: getattr(obj, attr.key) for attr in obj.__mapper__.column_attrs}


def jsonable(value: Any) -> Any:
    """Plain JSON values: dates and times as ISO text, enums as their stored value."""
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [jsonable(v) for v in value]
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, bytes):
        return f"<{len(value)} Bytes>"
    return value
