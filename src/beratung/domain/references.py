"""What happens to rows that point at a person or an organisation.

Every table with a foreign key to ``person`` or ``organisation`` declares, next to its model, one
:class:`ReferencePolicy` per such column: what merging two records does with the row, what
erasing a person (GDPR Art. 17) does with it, and whether it belongs in a person's data report
(Art. 15). ``storage/references.py`` walks the foreign keys with these policies — merge and its
undo today, the privacy export and erasure next — and a test fails for a foreign key without a
policy, so nothing that holds personal data can be forgotten when a table is added.

Declarations are plain data in ``domain``: the events module declares its tables, contacts
declare theirs, and neither imports the other.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any


class OnMerge(enum.StrEnum):
    #: Point the row at the kept record. When a unique constraint would clash (the kept record
    #: already has an equivalent row), the removed record's row is dropped (kept for undo),
    #: unless ``stronger`` says it outranks the kept record's row.
    MOVE = "move"


class OnErase(enum.StrEnum):
    #: Delete the row: it is only about the person (a role, a consent, a list membership).
    DELETE = "delete"
    #: Keep the row for the statistics, clear its personal columns (``personal_columns``).
    ANONYMISE = "anonymise"
    #: Keep the row as it is: it points at the anonymised person and says nothing personal.
    KEEP = "keep"
    #: Not a person (an organisation's rows): erasure does not apply.
    NOT_PERSONAL = "not_personal"


#: ``stronger(moving_row, kept_row)``: True when the removed record's row should win a clash.
Stronger = Callable[[Mapping[str, Any], Mapping[str, Any]], bool]


@dataclass(frozen=True, slots=True)
class ReferencePolicy:
    table: str
    column: str
    target: str  # "person" or "organisation"
    label: str  # German, plural: what a merge summary counts ("Funktionen")
    on_merge: OnMerge
    on_erase: OnErase
    in_report: bool
    personal_columns: tuple[str, ...] = ()
    stronger: Stronger | None = None

    def __post_init__(self) -> None:
        if self.target not in {"person", "organisation"}:
            raise ValueError(f"{self.table}.{self.column}: target {self.target!r}")
        if self.on_erase is OnErase.ANONYMISE and not self.personal_columns:
            raise ValueError(f"{self.table}.{self.column}: anonymise what?")
        if self.target == "organisation" and self.on_erase is not OnErase.NOT_PERSONAL:
            raise ValueError(f"{self.table}.{self.column}: organisations are not erased")


def person_reference(
    table: str,
    column: str,
    label: str,
    *,
    on_erase: OnErase,
    personal_columns: tuple[str, ...] = (),
    stronger: Stronger | None = None,
) -> ReferencePolicy:
    """A row that points at a person: always in the person's data report."""
    return ReferencePolicy(
        table=table,
        column=column,
        target="person",
        label=label,
        on_merge=OnMerge.MOVE,
        on_erase=on_erase,
        in_report=True,
        personal_columns=personal_columns,
        stronger=stronger,
    )


def organisation_reference(table: str, column: str, label: str) -> ReferencePolicy:
    """A row that points at an organisation: moved on merge, not personal data."""
    return ReferencePolicy(
        table=table,
        column=column,
        target="organisation",
        label=label,
        on_merge=OnMerge.MOVE,
        on_erase=OnErase.NOT_PERSONAL,
        in_report=False,
    )
