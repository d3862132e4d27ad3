"""Shared by the CSV and xlsx readers: find the header row, square the rows, report the oddities."""

from __future__ import annotations

import re
from collections.abc import Sequence

from beratung.domain.errors import ValidationError
from beratung.interchange._text import quote
from beratung.interchange.contacts_model import RawTable, RowProblem
from beratung.interchange.mapping import known_header

#: The header row is looked for among this many non-empty rows at the top (title rows above it).
_HEADER_SEARCH = 10
_DATA_LIKE = re.compile(r"@|\d{3}|^(https?://|www\.)", re.IGNORECASE)


def column_name(index: int) -> str:
    """Placeholder header for a column without a name (1-based, as the user counts)."""
    return f"Spalte {index + 1}"


def build_table(
    numbered_rows: Sequence[tuple[int, list[str]]],
    *,
    filename: str,
    source: str,
    encoding: str | None = None,
    delimiter: str | None = None,
    sheet: str | None = None,
    sheet_names: list[str] | None = None,
    problems: list[RowProblem] | None = None,
) -> RawTable:
    """Build a :class:`RawTable` from ``(row number, cells)`` pairs as read from the file."""
    problems = list(problems or [])
    rows = [(number, cells) for number, cells in numbered_rows if any(c.strip() for c in cells)]
    if not rows:
        raise ValidationError(
            f"Die Datei {quote(filename)} enthält keine Daten"
            + (f" (Tabellenblatt {quote(sheet)})." if sheet else "."),
            hint="Bitte eine Datei mit mindestens einer ausgefüllten Zeile wählen.",
        )
    header_at = _find_header(rows)
    if header_at is None:
        has_header = False
        width = max(len(_trimmed(cells)) for _, cells in rows)
        headers = [column_name(i) for i in range(width)]
        data = rows
        problems.append(
            RowProblem(
                0, None,
                "Die erste Zeile sieht nicht wie eine Kopfzeile mit Spaltennamen aus; sie wird "
                "als Datenzeile gelesen. Bitte die Spalten im Dialog zuordnen.",
                "warning",
            )
        )
    else:
        has_header = True
        for number, cells in rows[:header_at]:
            text = " | ".join(c.strip() for c in cells if c.strip())
            problems.append(
                RowProblem(
                    number, None,
                    f"Zeile {number} steht über der Kopfzeile und wird nicht übernommen: "
                    f"{quote(text)}",
                    "warning",
                )
            )
        header_cells = [c.strip() for c in _trimmed(rows[header_at][1])]
        headers = [c or column_name(i) for i, c in enumerate(header_cells)]
        data = rows[header_at + 1 :]
        width = len(headers)
        if not data:
            raise ValidationError(
                f"Die Datei {quote(filename)} enthält nur die Kopfzeile und keine Datenzeilen.",
                hint="Bitte prüfen, ob die richtige Datei oder das richtige Tabellenblatt "
                "gewählt ist.",
            )
    squared: list[tuple[int, list[str]]] = []
    for number, cells in data:
        if len(cells) < width and has_header:
            problems.append(
                RowProblem(
                    number, None,
                    f"Zeile {number} hat nur {len(cells)} statt {width} Felder; die fehlenden "
                    "Felder bleiben leer. Bitte prüfen, ob die Werte in der richtigen Spalte "
                    "stehen.",
                    "warning",
                )
            )
        surplus = _trimmed(cells[width:])
        if surplus:
            if has_header:
                problems.append(
                    RowProblem(
                        number, None,
                        f"Zeile {number} hat {width + len(surplus)} statt {width} Felder; die "
                        "überzähligen Werte stehen in zusätzlichen Spalten „"
                        + column_name(width) + "“ ff. und können zugeordnet werden.",
                        "warning",
                    )
                )
            while len(headers) < width + len(surplus):
                headers.append(column_name(len(headers)))
        squared.append((number, cells))
    final_width = len(headers)
    table_rows = [_pad(cells, final_width) for _, cells in squared]
    return RawTable(
        headers=headers,
        rows=table_rows,
        source=source,
        row_numbers=[number for number, _ in squared],
        encoding=encoding,
        delimiter=delimiter,
        has_header=has_header,
        sheet=sheet,
        sheet_names=sheet_names or [],
        problems=problems,
    )


def _trimmed(cells: Sequence[str]) -> list[str]:
    """Cells without trailing empty ones (Excel writes a separator after the last value)."""
    end = len(cells)
    while end and not cells[end - 1].strip():
        end -= 1
    return list(cells[:end])


def _pad(cells: list[str], width: int) -> list[str]:
    cells = _trimmed(cells) if len(cells) > width else cells
    return (cells + [""] * width)[:width]


def _find_header(rows: Sequence[tuple[int, list[str]]]) -> int | None:
    """Index of the header row, or ``None`` when the file has none.

    The header is the first of the top rows with the most recognised column names. When no row
    has any, the first row is taken as the header unless it looks like data (an e-mail address,
    a number, a web address), because hand-made lists have headers we do not know.
    """
    scores = [
        sum(1 for cell in cells if cell.strip() and known_header(cell))
        for _, cells in rows[:_HEADER_SEARCH]
    ]
    best = max(scores)
    if best > 0:
        return scores.index(best)
    first = rows[0][1]
    if any(_DATA_LIKE.search(cell) for cell in first):
        return None
    return 0
