"""Excel workbooks (.xlsx) in and out, through openpyxl.

Hand-made lists store postcodes as numbers (with an "00000" format to show the leading zero),
dates as dates, put a title row above the header and merge cells ("Stadt Ulm" once for three
people). The reader turns all of that into the strings the user sees in Excel. The writer makes
a sheet she can filter and print at once, with postcodes and phone numbers stored as text so
Excel never drops a leading zero.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import re
import warnings
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from beratung.domain.errors import ValidationError
from beratung.domain.rules.text import without_invisible
from beratung.interchange._tables import build_table
from beratung.interchange._text import moment_text, quote
from beratung.interchange.contacts_model import EXPORT_HEADERS, ContactRecord, RawTable, RowProblem

if TYPE_CHECKING:  # openpyxl (with Pillow) is imported by the functions that read or write xlsx
    from openpyxl import Workbook

_TEXT_FIELDS = frozenset({"plz", "telefon", "mobil", "fax"})
_WRAP_FIELDS = frozenset({"notizen", "strasse"})
_MAX_WIDTH = 60
_MIN_WIDTH = 8


@contextmanager
def _quiet_openpyxl() -> Iterator[None]:
    """openpyxl warns about features it does not keep (data validation, default styles) and
    uses APIs newer Pythons deprecate; neither concerns the user, and tests run with warnings as
    errors, so exactly these are silenced around openpyxl calls."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=UserWarning, module=r"openpyxl(\.|$)")
        warnings.filterwarnings("ignore", category=DeprecationWarning, module=r"openpyxl(\.|$)")
        yield


def read_xlsx(
    data: bytes, *, filename: str, sheet: str | None = None, header_row: int | None = None
) -> RawTable:
    """Read one sheet (by default the first non-empty one) of an .xlsx workbook.

    ``RawTable.sheet_names`` lists all sheets so the dialog can offer the others.
    """
    from openpyxl import load_workbook

    if not data.strip():
        raise ValidationError(
            f"Die Datei {quote(filename)} ist leer.",
            hint="Bitte eine Excel-Datei (.xlsx) mit Daten wählen.",
        )
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ValidationError(
            f"Die Datei {quote(filename)} ist im alten Excel-Format (.xls) oder verschlüsselt "
            "und kann nicht gelesen werden.",
            hint="Bitte in Excel öffnen und ohne Kennwort als .xlsx speichern.",
        )
    if not data.startswith(b"PK"):
        raise ValidationError(
            f"Die Datei {quote(filename)} ist keine Excel-Arbeitsmappe (.xlsx).",
            hint="CSV- und vCard-Dateien bitte mit der passenden Dateiendung importieren.",
        )
    _refuse_huge_merges(data, filename)
    with _quiet_openpyxl():
        try:
            workbook = load_workbook(io.BytesIO(data), data_only=True)
        except Exception as exc:
            # Any failure inside openpyxl means the file is not a readable workbook; there is
            # nothing the user can do but open and re-save it, so say exactly that.
            raise ValidationError(
                f"Die Datei {quote(filename)} ist keine lesbare Excel-Arbeitsmappe (.xlsx).",
                hint="Bitte in Excel öffnen und erneut als .xlsx speichern.",
            ) from exc
        sheets = list(workbook.worksheets)
        names = [ws.title for ws in sheets]
        if sheet is not None:
            if sheet not in names:
                raise ValidationError(
                    f"Die Arbeitsmappe {quote(filename)} hat kein Tabellenblatt {quote(sheet)}.",
                    hint="Vorhandene Tabellenblätter: " + ", ".join(quote(n) for n in names),
                )
            worksheet = sheets[names.index(sheet)]
        else:
            worksheet = next((ws for ws in sheets if _has_values(ws)), None)
            if worksheet is None:
                raise ValidationError(
                    f"Die Arbeitsmappe {quote(filename)} enthält keine Daten.",
                    hint="Alle Tabellenblätter sind leer.",
                )
        rows, problems = _sheet_rows(worksheet)
    return build_table(
        rows,
        filename=filename,
        source=f"{filename}, Tabellenblatt {quote(worksheet.title)}",
        sheet=worksheet.title,
        sheet_names=names,
        problems=problems,
        header_row=header_row,
    )


#: The most cells (rows with values × columns up to the last value) a sheet may span; a
#: contact list of 20,000 rows and 50 columns needs a million.
MAX_SHEET_CELLS = 10_000_000


_MERGE_REF = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]{1,3})(\d{1,7}):([A-Z]{1,3})(\d{1,7})"')


def _refuse_huge_merges(data: bytes, filename: str) -> None:
    """openpyxl makes an object for every cell of a merged range while loading, so one range
    "A3:XFD1048576" in a file of a few kilobytes would take all memory (found with the
    hostile-input tests); such ranges are looked for in the sheets' XML before loading."""
    from openpyxl.utils import column_index_from_string

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/")]
            total = 0
            for name in sheets:
                for match in _MERGE_REF.finditer(archive.read(name)):
                    first, row1, last, row2 = (g.decode() for g in match.groups())
                    total += ((abs(int(row2) - int(row1)) + 1)
                              * (abs(column_index_from_string(last)
                                     - column_index_from_string(first)) + 1))
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, NotImplementedError):
        return  # not a readable archive: openpyxl's refusal below says so
    if total > MAX_SHEET_CELLS:
        raise ValidationError(
            f"Die Datei {quote(filename)} enthält verbundene Zellbereiche über mehr als "
            f"{f'{MAX_SHEET_CELLS:_}'.replace('_', '.')} Zellen und ist zu groß zum "
            "Importieren.",
            hint="Bitte die Zellverbindungen in Excel aufheben oder nur die Kontaktliste in "
            "eine neue Arbeitsmappe kopieren.",
        )


def _valued_cells(worksheet: Any) -> list[Any]:
    """The cells of ``worksheet`` that hold a value.

    openpyxl's public iterators walk the whole used range (``max_row`` × ``max_column``) and
    create a cell object for every position, so a file of a few kilobytes with one value in A1
    and one in XFD1048576 would need seventeen billion of them (found with the hostile-input
    tests). The cells openpyxl read are kept in its ``_cells`` mapping; only those are looked at.
    """
    return [cell for cell in worksheet._cells.values() if cell.value is not None]


def _has_values(worksheet: Any) -> bool:
    return any(str(cell.value).strip() for cell in _valued_cells(worksheet))


def _sheet_rows(worksheet: Any) -> tuple[list[tuple[int, list[str]]], list[RowProblem]]:
    """All rows with values as ``(Excel row number, cell texts)``, merged ranges resolved."""
    from openpyxl.utils import get_column_letter

    cells = _valued_cells(worksheet)
    max_col = max((cell.column for cell in cells), default=0)
    by_row: dict[int, list[str]] = {}
    for cell in cells:
        if cell.row not in by_row and len(by_row) * max_col >= MAX_SHEET_CELLS:
            raise ValidationError(
                f"Das Tabellenblatt {quote(worksheet.title)} ist zu groß zum Importieren "
                f"(Werte bis Spalte {get_column_letter(max_col)} in mehr als "
                f"{f'{MAX_SHEET_CELLS // max_col:_}'.replace('_', '.')} Zeilen).",
                hint="Bitte nur die Kontaktliste in ein eigenes Tabellenblatt kopieren und "
                "dieses importieren.",
            )
        row = by_row.setdefault(cell.row, [""] * max_col)
        row[cell.column - 1] = cell_text(cell.value, cell.number_format)
    problems: list[RowProblem] = []
    merged = list(worksheet.merged_cells.ranges)
    has_own_values = {number for number, row in by_row.items() if any(c.strip() for c in row)}
    for block in merged:
        # The value belongs to every row of a vertical merge ("Stadt Ulm" for three people)
        # that has values of its own; across columns it is kept once, in the first column, so
        # nothing is duplicated and no row consists of merged values only.
        first = by_row.get(block.min_row)
        if first is None or block.min_col > max_col:
            continue
        value = first[block.min_col - 1]
        for number in has_own_values:
            if block.min_row < number <= block.max_row:
                by_row[number][block.min_col - 1] = value
    if merged:
        problems.append(
            RowProblem(
                0, None,
                f"Tabellenblatt {quote(worksheet.title)} enthält verbundene Zellen "
                f"({', '.join(str(b.coord) for b in merged[:5])}"
                f"{' …' if len(merged) > 5 else ''}); ihr Wert wurde in jede Zeile des "
                "Bereichs übernommen. Bitte die Vorschau prüfen.",
                "warning",
            )
        )
    return sorted(by_row.items()), problems


_ZERO_FORMAT = re.compile(r"0+")


def cell_text(value: object, number_format: str = "General") -> str:
    """The text Excel shows for a cell value: whole numbers without ".0", leading zeros from an
    "00000" format (postcodes), dates as dd.mm.yyyy."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if isinstance(value, dt.date | dt.time):
        return moment_text(value)
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        value = int(value)
    if isinstance(value, int):
        text = str(value)
        section = re.sub(r"\[[^\]]*\]", "", (number_format or "").split(";")[0]).strip('"')
        if _ZERO_FORMAT.fullmatch(section) and value >= 0:
            text = text.zfill(len(section))
        return text
    if isinstance(value, float | Decimal):
        return str(value).replace(".", ",")
    return str(value)


def _clean_for_excel(value: str) -> str:
    """openpyxl refuses control characters that XML cannot hold; they carry no meaning here,
    and neither do direction overrides and zero-width characters (the text rule)."""
    return str(_illegal_characters().sub("", without_invisible(value)))


@functools.cache
def _illegal_characters() -> re.Pattern[str]:
    """openpyxl's pattern, looked up once (every cell written passes through here)."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    pattern: re.Pattern[str] = ILLEGAL_CHARACTERS_RE
    return pattern


def _set(cell: Any, value: object) -> None:
    if isinstance(value, str):
        cell.value = _clean_for_excel(value)
        # A text starting with "=" is data, not a formula; keep it a string cell.
        cell.data_type = "s"
    elif isinstance(value, Decimal):
        cell.value = float(value)
    else:
        cell.value = value


def _finish_sheet(worksheet: Any, headers: Sequence[str], widths: list[int]) -> None:
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    bold = Font(bold=True)
    for index in range(1, len(headers) + 1):
        worksheet.cell(row=1, column=index).font = bold
        width = max(_MIN_WIDTH, min(_MAX_WIDTH, widths[index - 1] + 2))
        worksheet.column_dimensions[get_column_letter(index)].width = width
    worksheet.freeze_panes = "A2"
    if headers:
        worksheet.auto_filter.ref = (
            f"A1:{get_column_letter(len(headers))}{max(worksheet.max_row, 1)}"
        )
    worksheet.print_title_rows = "1:1"
    worksheet.page_setup.orientation = "landscape"
    worksheet.page_setup.fitToWidth = 1
    worksheet.page_setup.fitToHeight = 0
    worksheet.sheet_properties.pageSetUpPr.fitToPage = True


def _width(value: object) -> int:
    text = value if isinstance(value, str) else cell_text(value)
    return max((len(line) for line in text.split("\n")), default=0)


def _save(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    with _quiet_openpyxl():
        workbook.save(buffer)
    return buffer.getvalue()


def write_contacts_xlsx(records: Iterable[ContactRecord]) -> bytes:
    """Contacts as a filterable sheet "Kontakte" with German Outlook headers."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    worksheet = workbook.active
    worksheet.title = "Kontakte"
    fields = list(EXPORT_HEADERS)
    headers = list(EXPORT_HEADERS.values())
    widths = [len(h) for h in headers]
    for column, header in enumerate(headers, start=1):
        _set(worksheet.cell(row=1, column=column), header)
    wrap = Alignment(wrap_text=True, vertical="top")
    for row_index, record in enumerate(records, start=2):
        for column, name in enumerate(fields, start=1):
            value = getattr(record, name)
            cell = worksheet.cell(row=row_index, column=column)
            if name in _TEXT_FIELDS:
                cell.number_format = "@"
            if value is None:
                continue
            _set(cell, value)
            if name in _WRAP_FIELDS and "\n" in value:
                cell.alignment = wrap
            widths[column - 1] = max(widths[column - 1], _width(value))
    for column, name in enumerate(fields, start=1):
        if name in _TEXT_FIELDS:
            # New rows typed in by the user keep leading zeros too.
            worksheet.column_dimensions[get_column_letter(column)].number_format = "@"
    _finish_sheet(worksheet, headers, widths)
    return _save(workbook)


_SHEET_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def sheet_title(title: str) -> str:
    """A valid Excel sheet name: at most 31 characters, none of ``[]:*?/\\``."""
    cleaned = _SHEET_TITLE_FORBIDDEN.sub("-", title).strip("'").strip()
    return cleaned[:31] or "Tabelle1"


def write_table_xlsx(title: str, headers: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    """A report table as a workbook with one sheet named after ``title``.

    Numbers stay numbers (so Excel can sum them), dates become real dates shown as dd.mm.yyyy.
    """
    return write_tables_xlsx([(title, headers, rows)])


def write_tables_xlsx(
    tables: Sequence[tuple[str, Sequence[str], Iterable[Sequence[object]]]],
) -> bytes:
    """Report tables as a workbook with one sheet per table, named after its title (titles
    that shorten to the same sheet name get a number), in the order given; each sheet like
    :func:`write_table_xlsx`'s."""
    from openpyxl import Workbook

    workbook = Workbook()
    used: set[str] = set()
    for index, (title, headers, rows) in enumerate(tables):
        worksheet = workbook.active if index == 0 else workbook.create_sheet()
        name = sheet_title(title)
        number = 1
        while name.lower() in used:
            number += 1
            suffix = f" ({number})"
            name = sheet_title(title)[: 31 - len(suffix)] + suffix
        used.add(name.lower())
        worksheet.title = name
        _fill_table_sheet(worksheet, headers, rows)
    return _save(workbook)


def _fill_table_sheet(
    worksheet: Any, headers: Sequence[str], rows: Iterable[Sequence[object]]
) -> None:
    from openpyxl.styles import Alignment

    widths = [len(h) for h in headers]
    for column, header in enumerate(headers, start=1):
        _set(worksheet.cell(row=1, column=column), header)
    for row_index, row in enumerate(rows, start=2):
        for column, value in enumerate(row, start=1):
            if value is None:
                continue
            cell = worksheet.cell(row=row_index, column=column)
            _set(cell, value)
            if isinstance(value, dt.datetime):
                cell.number_format = "DD.MM.YYYY HH:MM"
            elif isinstance(value, dt.date):
                cell.number_format = "DD.MM.YYYY"
            elif isinstance(value, str) and "\n" in value:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
            if column > len(widths):
                widths.append(0)
            widths[column - 1] = max(widths[column - 1], _width(value))
    _finish_sheet(worksheet, list(headers), widths)
