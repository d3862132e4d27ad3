"""What the contact import and export take and give: formats, options, the preview, and the
report of a dry run or an import (one line per row)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

ImportFormat = Literal["csv", "xlsx", "vcf"]
ImportAction = Literal["create", "update", "unchanged", "merge_candidate", "reject", "skip"]
#: What to do with a row whose person resembles an existing one (same name, other organisation,
#: or a similar spelling): update that person ("merge"), create a new one, or leave it out.
MergeDecision = Literal["merge", "create", "skip"]

ACTION_LABELS: Mapping[ImportAction, str] = {
    "create": "neu",
    "update": "aktualisieren",
    "unchanged": "unverändert",
    "merge_candidate": "mögliches Duplikat",
    "reject": "abgelehnt",
    "skip": "übersprungen",
}


@dataclass(frozen=True, slots=True)
class ImportPreview:
    format: ImportFormat
    source: str  # German description: "kontakte.csv (Windows-1252, Trennzeichen Semikolon)"
    encoding: str | None
    delimiter: str | None
    sheet: str | None
    sheet_names: tuple[str, ...]
    headers: tuple[str, ...]
    #: Column index → contact field (``CONTACT_FIELDS`` / ``SPLIT_TARGETS`` key) or ``None``.
    mapping: Mapping[int, str | None]
    rows: tuple[tuple[str, ...], ...]  # the first 10 data rows as in the file
    total_rows: int
    #: German messages about the file as a whole (padded rows, broken vCards …).
    problems: tuple[str, ...]
    #: The row number in the file of each entry of ``rows`` (as the user counts, from 1).
    row_numbers: tuple[int, ...] = ()
    #: Key of the header row (``header_signature``): a remembered mapping is found by it.
    signature: str = ""
    #: Whether the first row holds column names (CSV/Excel).
    has_header: bool = True


@dataclass(frozen=True, slots=True)
class ImportOptions:
    sheet: str | None = None
    #: Import the valid rows and leave the rejected ones out (otherwise nothing is written).
    skip_rejected: bool = False
    #: Default decision for merge candidates; per row in ``decisions`` (source row → decision).
    merge_candidates: MergeDecision = "skip"
    decisions: Mapping[int, MergeDecision] = field(default_factory=dict)
    #: Row number of the column names in a CSV or Excel file when the user names it (0: the
    #: file has none); ``None`` lets the reader find it.
    header_row: int | None = None


@dataclass(frozen=True, slots=True)
class ImportLine:
    row: int  # the row (card) number the user sees in the file
    action: ImportAction
    name: str  # "Dr. Anna Beispiel (Stadt Ulm)"
    message: str  # German: what will happen and why
    person_id: int | None = None  # matched or merge candidate
    organisation: str | None = None
    #: Fields that an update changes ("E-Mail", "Telefon" …).
    changed_fields: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()

    @property
    def action_label(self) -> str:
        return ACTION_LABELS[self.action]


@dataclass(frozen=True, slots=True)
class ImportReport:
    format: ImportFormat
    source: str
    lines: tuple[ImportLine, ...]
    organisations_created: tuple[str, ...]
    lists_created: tuple[str, ...]
    file_problems: tuple[str, ...]
    committed: bool = False

    def count(self, action: ImportAction) -> int:
        return sum(1 for line in self.lines if line.action == action)

    @property
    def rejected(self) -> int:
        return self.count("reject")

    def summary(self) -> str:
        """German one-liner: "12 Zeilen: 10 neu, 1 aktualisieren, 1 abgelehnt"; "1 Zeile: …";
        a vCard file has cards ("3 Karten: …"), not rows."""
        parts = [
            f"{self.count(action)} {label}"
            for action, label in ACTION_LABELS.items()
            if self.count(action)
        ]
        count = len(self.lines)
        one, many = ("Karte", "Karten") if self.format == "vcf" else ("Zeile", "Zeilen")
        return f"{count} {one if count == 1 else many}: " + (
            ", ".join(parts) if parts else "keine Daten"
        )
