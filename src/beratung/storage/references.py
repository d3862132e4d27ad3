"""The one reference walker: every row that points at a person or an organisation, with the
policy its table declared (``domain/references.py``).

Merging two records and undoing it use it now; a person's data report (GDPR Art. 15) and
erasure (Art. 17) use it next. The foreign keys come from the metadata, the policies from the
domain modules that own the tables; :func:`undeclared` names every foreign key to a person or
an organisation without a policy, and a test requires it to be empty.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Column, MetaData, Table, UniqueConstraint

from beratung.domain import contacts, events, records, work
from beratung.domain.models import Base
from beratung.domain.references import ReferencePolicy

TARGETS = ("person", "organisation")

#: The domain modules that declare ``REFERENCES`` (one place to add a new one).
DECLARING_MODULES = (contacts, work, events, records)


@dataclass(frozen=True)
class Reference:
    """A foreign-key column pointing at a person or organisation, with its policy."""

    table: Table
    column: Column[Any]
    policy: ReferencePolicy
    #: The other columns of a unique key containing ``column``: moving a row would clash when
    #: the kept record already has a row with the same values there.
    conflict: tuple[str, ...]

    @property
    def on_delete_cascades(self) -> bool:
        fk = next(iter(self.column.foreign_keys))
        return bool(fk.ondelete) and str(fk.ondelete).upper() == "CASCADE"


@functools.cache
def policies() -> dict[tuple[str, str], ReferencePolicy]:
    declared: dict[tuple[str, str], ReferencePolicy] = {}
    for module in DECLARING_MODULES:
        for policy in module.REFERENCES:
            key = (policy.table, policy.column)
            if key in declared:
                raise ValueError(f"{policy.table}.{policy.column} declared twice")
            declared[key] = policy
    return declared


def _conflict_columns(table: Table, column: Column[Any]) -> tuple[str, ...]:
    groups: list[list[str]] = [[c.name for c in table.primary_key.columns]]
    groups += [
        [c.name for c in constraint.columns]
        for constraint in table.constraints
        if isinstance(constraint, UniqueConstraint)
    ]
    for group in groups:
        if column.name in group and len(group) > 1:
            return tuple(c for c in group if c != column.name)
    return ()


def foreign_keys_to(target: str, metadata: MetaData = Base.metadata) -> list[tuple[Table, Any]]:
    """(table, foreign key) for every column of another table that points at ``target``."""
    return [
        (table, fk)
        for table in metadata.sorted_tables
        for fk in table.foreign_keys
        if fk.column.table.name == target and table.name != target
    ]


def referencing(target: str) -> list[Reference]:
    """Every reference to ``target`` ("person" or "organisation"), in dependency order."""
    declared = policies()
    return [
        Reference(
            table=table,
            column=fk.parent,
            policy=declared[(table.name, fk.parent.name)],
            conflict=_conflict_columns(table, fk.parent),
        )
        for table, fk in foreign_keys_to(target)
    ]


def children_of(table_name: str, metadata: MetaData = Base.metadata) -> list[tuple[Table, Any]]:
    """(table, foreign key) of every table pointing at ``table_name`` (any table, not only
    persons and organisations: a registration's accessibility needs go with it)."""
    return foreign_keys_to(table_name, metadata)


def undeclared(metadata: MetaData = Base.metadata) -> list[str]:
    """``table.column`` of every foreign key to a person or organisation without a policy,
    and every policy whose foreign key does not exist (a renamed column)."""
    declared = policies()
    existing = {
        (table.name, fk.parent.name)
        for target in TARGETS
        for table, fk in foreign_keys_to(target, metadata)
    }
    missing = sorted(f"{t}.{c}" for t, c in existing - set(declared))
    stale = sorted(f"{t}.{c} (keine solche Spalte)" for t, c in set(declared) - existing)
    return missing + stale
