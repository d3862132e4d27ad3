"""Reading an import file: its format, its table or cards, the preview the mapping dialog shows,
and the contact records after the column mapping. No database access."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from beratung.domain.errors import ValidationError
from beratung.interchange import (
    CONTACT_FIELDS,
    ContactRecord,
    RawTable,
    RowProblem,
    detect_format,
    header_signature,
    map_rows,
    read_csv,
    read_vcards,
    read_xlsx,
    suggest_mapping,
)
from beratung.services.contact_io.snapshots import ImportFormat, ImportPreview

#: ``RowProblem.field`` of the mapping's notes on one row (shown with that row's line).
ROW_NOTE = "__row__"


def read_source(
    data: bytes,
    filename: str,
    fmt: ImportFormat | None,
    sheet: str | None,
    header_row: int | None = None,
) -> tuple[ImportFormat, RawTable | None, list[ContactRecord], str, list[RowProblem]]:
    """The format, and either the table (CSV, Excel: still to be mapped) or the records (vCards
    need no mapping), the German description of the source and the reader's problems."""
    fmt = fmt or detect_format(filename, data)
    if fmt == "vcf":
        batch = read_vcards(data, filename=filename)
        # A warning about a card that was read goes with that card's line.
        read_cards = {record.source_row for record in batch.records}
        problems = [
            replace(p, field=ROW_NOTE)
            if p.severity == "warning" and p.row in read_cards
            else p
            for p in batch.problems
        ]
        return fmt, None, list(batch.records), batch.source, problems
    table = (
        read_xlsx(data, filename=filename, sheet=sheet, header_row=header_row)
        if fmt == "xlsx"
        else read_csv(data, filename=filename, header_row=header_row)
    )
    return fmt, table, [], table.source, list(table.problems)


def preview_of(
    data: bytes,
    filename: str,
    fmt: ImportFormat | None,
    sheet: str | None,
    header_row: int | None = None,
) -> ImportPreview:
    """What the mapping dialog shows: format, encoding, headers, suggested mapping, first rows."""
    fmt, table, records, source, problems = read_source(data, filename, fmt, sheet, header_row)
    if table is None:
        fields = list(CONTACT_FIELDS)
        return ImportPreview(
            format=fmt,
            source=source,
            encoding=None,
            delimiter=None,
            sheet=None,
            sheet_names=(),
            headers=tuple(CONTACT_FIELDS.values()),
            mapping=dict(enumerate(fields)),
            rows=tuple(tuple(r.values()[f] or "" for f in fields) for r in records[:10]),
            total_rows=len(records),
            problems=tuple(p.message for p in problems),
        )
    return ImportPreview(
        format=fmt,
        source=source,
        encoding=table.encoding,
        delimiter=table.delimiter,
        sheet=table.sheet,
        sheet_names=tuple(table.sheet_names),
        headers=tuple(table.headers),
        mapping=suggest_mapping(table.headers, table.rows[:20]),
        rows=tuple(tuple(r) for r in table.rows[:10]),
        total_rows=len(table.rows),
        problems=tuple(p.message for p in problems),
        row_numbers=tuple(table.row_numbers[:10]),
        signature=header_signature(table.headers) if table.has_header else "",
        has_header=table.has_header,
    )


def read_records(
    data: bytes,
    filename: str,
    mapping: Mapping[int, str | None] | None,
    fmt: ImportFormat | None,
    sheet: str | None,
    header_row: int | None = None,
) -> tuple[ImportFormat, str, list[ContactRecord], list[RowProblem]]:
    """The records and the problems of reader and mapping (row warnings of the mapping
    carry their row and are shown with it)."""
    fmt, table, records, source, problems = read_source(data, filename, fmt, sheet, header_row)
    if table is not None:
        if mapping is None:
            mapping = suggest_mapping(table.headers, table.rows[:20])
        if not any(t for t in mapping.values()):
            raise ValidationError(
                f"Keiner Spalte der Datei {filename} ist ein Kontaktfeld zugeordnet.",
                hint="Bitte die Spalten zuordnen (mindestens Nachname oder Organisation).",
            )
        mapped = map_rows(table, mapping)
        records = mapped.records
        problems += [replace(p, field=ROW_NOTE) for p in mapped.problems]
    return fmt, source, records, problems
