"""CSV in and out, as Excel and Outlook write and read it on German Windows.

Reading copes with what the advisor actually has: Windows-1252 with semicolons from German Excel,
UTF-8 with BOM and commas from English Outlook, UTF-16 from some Outlook versions, Excel's
``sep=;`` first line, quoted fields with line breaks, and rows with too few or too many fields.
Writing produces what German Excel opens correctly by double-click: UTF-8 with BOM, semicolons,
CRLF.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from decimal import Decimal

from beratung.domain.errors import ValidationError
from beratung.domain.rules.text import without_invisible
from beratung.interchange._tables import build_table
from beratung.interchange._text import MIXED_ENCODING, decode_text, moment_text, quote
from beratung.interchange.contacts_model import (
    EXPORT_HEADERS,
    ContactRecord,
    RawTable,
    RowProblem,
)

_DELIMITERS = (";", ",", "\t")
_DELIMITER_NAMES = {";": "Semikolon", ",": "Komma", "\t": "Tabulator"}
_SNIFF_RECORDS = 50
_PHONE_LIKE = re.compile(r"[+\-]?[\d\s()/.\-+]*")


def read_csv(data: bytes, *, filename: str, header_row: int | None = None) -> RawTable:
    """Read a CSV file of unknown encoding and delimiter into a :class:`RawTable`.

    ``header_row``: the row number of the column names when the user gave it (0: none).

    Raises :class:`ValidationError` (German, naming the file) for empty or binary files and for
    a quotation mark that is never closed, since that would swallow the rest of the file.
    """
    text, encoding = decode_text(data, filename=filename, kind="CSV-Datei")
    _allow_fields_of(text)
    delimiter: str | None = None
    first_line, newline, rest = text.partition("\n")
    hint = re.fullmatch(r"\s*sep=(.)\s*", first_line, re.IGNORECASE)
    if hint and newline:
        delimiter = hint.group(1)
        text = rest
    if delimiter is None:
        delimiter = sniff_delimiter(text)
    records = _parse(text, delimiter, filename)
    _check_unclosed_quote(text, records, filename)
    numbered = [
        (number, [_unprotect(cell) for cell in cells])
        for number, cells in enumerate(records, start=1)
    ]
    table = build_table(
        numbered,
        filename=filename,
        source=f"{filename} ({encoding}, Trennzeichen {_DELIMITER_NAMES.get(delimiter, delimiter)})"
        if delimiter in _DELIMITER_NAMES
        else f"{filename} ({encoding})",
        encoding=encoding,
        delimiter=delimiter,
        header_row=header_row,
    )
    if encoding.startswith(MIXED_ENCODING):
        table.problems.append(RowProblem(
            0, "", f"Die Datei {quote(filename)} mischt zwei Zeichenkodierungen ({encoding}); "
            "jede Zeile wurde für sich gelesen. Bitte Umlaute in diesen Zeilen prüfen.",
            "warning",
        ))
    return table


def sniff_delimiter(text: str) -> str:
    """The delimiter among ``; , TAB`` that splits the first records most consistently.

    ``csv.Sniffer`` is unreliable with German addresses ("Straße 1, 2. OG") and quoted notes, so
    each candidate parses the first records and the one giving the same field count (>1) in the
    most rows wins; ties go to the semicolon, German Excel's separator, which is also the
    fallback for a one-column file.
    """
    best: tuple[float, int, int] = (0.0, 0, 0)
    chosen = ";"
    for order, candidate in enumerate(_DELIMITERS):
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=candidate, strict=False)
        counts: list[int] = []
        try:
            for cells in reader:
                if any(c.strip() for c in cells):
                    counts.append(len(cells))
                if len(counts) >= _SNIFF_RECORDS:
                    break
        except csv.Error:
            continue
        if not counts:
            continue
        width, hits = Counter(counts).most_common(1)[0]
        if width < 2:
            continue
        score = (hits / len(counts), width, -order)
        if score > best:
            best, chosen = score, candidate
    return chosen


def _allow_fields_of(text: str) -> None:
    """The csv module refuses fields over 131,072 characters ("field larger than field limit",
    in English). No field can be longer than the file, which the services' file reading
    bounds (200 MB), so the limit is raised to the file's length; a field too long for its
    column is refused by the importer, naming row and field, like a form."""
    if csv.field_size_limit() < len(text):
        csv.field_size_limit(len(text))


def _parse(text: str, delimiter: str, filename: str) -> list[list[str]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    records: list[list[str]] = []
    try:
        for cells in reader:
            records.append([c.replace("\r\n", "\n").replace("\r", "\n") for c in cells])
    except csv.Error as exc:
        # The csv module's reason is English; the row number is what the user can act on.
        raise ValidationError(
            f"Die Datei {quote(filename)} ist in Zeile {len(records) + 1} keine gültige "
            "CSV-Datei.",
            hint="Bitte die Datei in Excel öffnen, prüfen und erneut als CSV speichern.",
        ) from exc
    return records


def _check_unclosed_quote(text: str, records: list[list[str]], filename: str) -> None:
    """A quote opened and never closed makes the last field run to the end of the file."""
    if text.count('"') % 2 == 0 or not records:
        return
    last = records[-1]
    if any(cell.count("\n") >= 1 for cell in last):
        raise ValidationError(
            f"In der Datei {quote(filename)} wird in Zeile {len(records)} ein Anführungszeichen "
            "geöffnet, aber nicht wieder geschlossen; der Rest der Datei wäre sonst ein "
            "einziges Feld.",
            hint="Bitte das Anführungszeichen in dieser Zeile korrigieren.",
        )


def _formula_like(value: str) -> bool:
    """Whether Excel would run ``value`` (or its apostrophe-escaped form) as a formula.

    Phone numbers such as "+49 711 22921-0" are left alone so that they stay readable.
    """
    stripped = value.lstrip("'")
    if not stripped:
        return False
    if stripped[0] in "=@\t\r":
        return True
    return stripped[0] in "+-" and not _PHONE_LIKE.fullmatch(stripped)


def _protect(value: str) -> str:
    """Escape formula-like values with an apostrophe (CSV injection), reversed by the reader;
    control and direction-override characters (stored before they were cleaned) left out."""
    value = without_invisible(value)
    return f"'{value}" if _formula_like(value) else value


def _unprotect(value: str) -> str:
    return value[1:] if value.startswith("'") and _formula_like(value[1:]) else value


def _write(headers: Sequence[str], rows: Iterable[Sequence[str]]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([_protect(h) for h in headers])
    for row in rows:
        writer.writerow([_protect(cell) for cell in row])
    return buffer.getvalue().encode("utf-8-sig")


def write_contacts_csv(records: Iterable[ContactRecord]) -> bytes:
    """Contacts as Excel-friendly CSV with German Outlook headers (re-imports without mapping)."""
    return _write(
        list(EXPORT_HEADERS.values()),
        ([value or "" for value in record.values().values()] for record in records),
    )


def format_cell(value: object) -> str:
    """A report value as German Excel shows it: dd.mm.yyyy, decimal comma, ja/nein."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if isinstance(value, dt.date | dt.time):
        return moment_text(value)
    if isinstance(value, float | Decimal):
        return str(value).replace(".", ",")
    return str(value)


def write_table_csv(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    """A report table as CSV in the same Excel-friendly dialect as the contact export."""
    return _write(headers, ([format_cell(v) for v in row] for row in rows))
