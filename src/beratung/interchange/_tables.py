"""Shared by the CSV and xlsx readers: find the header row, square the rows, report the oddities."""

from __future__ import annotations

import re
from collections.abc import Sequence

from beratung.domain.errors import ValidationError
from beratung.interchange._text import quote
from beratung.interchange.contacts_model import RawTable, RowProblem
from beratung.interchange.mapping import known_header, normalize_header

#: The header row is looked for among this many non-empty rows at the top (title rows above it).
_HEADER_SEARCH = 10
_DATA_LIKE = re.compile(r"@|\d{3}|^(https?://|www\.)", re.IGNORECASE)


class HeaderRowUncertainError(ValidationError):
    """The header row cannot be told for sure: the CLI asks for ``--header-row``, the import
    dialog lets the user pick the row. ``candidates`` are the row numbers in question."""

    def __init__(self, message: str, *, hint: str, candidates: tuple[int, ...]) -> None:
        super().__init__(message, hint=hint)
        self.candidates = candidates


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
    header_row: int | None = None,
) -> RawTable:
    """Build a :class:`RawTable` from ``(row number, cells)`` pairs as read from the file.

    ``header_row`` is the row number (as the user counts) of the column names when she named it,
    0 for a file without them; ``None`` finds it, or refuses when that is uncertain.
    """
    problems = list(problems or [])
    rows = [(number, cells) for number, cells in numbered_rows if any(c.strip() for c in cells)]
    if not rows:
        raise ValidationError(
            f"Die Datei {quote(filename)} enthält keine Daten"
            + (f" (Tabellenblatt {quote(sheet)})." if sheet else "."),
            hint="Bitte eine Datei mit mindestens einer ausgefüllten Zeile wählen.",
        )
    header_at = (
        _find_header(rows, filename)
        if header_row is None
        else _given_header(rows, header_row, filename)
    )
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


def _given_header(
    rows: Sequence[tuple[int, list[str]]], header_row: int, filename: str
) -> int | None:
    """Index of the row the user named as the header (``None`` for 0: no header row)."""
    if header_row == 0:
        return None
    for index, (number, _cells) in enumerate(rows):
        if number == header_row:
            return index
    raise ValidationError(
        f"Die Zeile {header_row} der Datei {quote(filename)} ist leer oder fehlt; sie kann "
        "nicht die Kopfzeile sein.",
        hint="Bitte die Nummer der Zeile angeben, in der die Spaltennamen stehen "
        "(--header-row 0: die Datei hat keine Kopfzeile).",
    )


def _find_header(rows: Sequence[tuple[int, list[str]]], filename: str) -> int | None:
    """Index of the header row, or ``None`` when the file has none.

    Each of the top rows is scored: a recognised column name counts for it, a value that looks
    like data (an e-mail address, a number, a web address) against it, and so does a cell whose
    text recurs in the same column of other rows — "Mobile" or "Home" in a type column is a
    value, however much it looks like a column name, while a real header is not repeated below
    itself. When no row scores, the first row is the header unless it looks like data (hand-made
    lists have headers we do not know). When a row above the best one looks just as much like a
    header, the choice is a guess: refuse and ask for ``--header-row``.
    """
    top = list(rows[:_HEADER_SEARCH])
    sample = [cells for _, cells in rows[: _HEADER_SEARCH + _SHAPE_SAMPLE]]
    scores = [_header_score(index, sample) for index in range(len(top))]
    best = max(scores)
    if best <= 0:
        first = rows[0][1]
        if any(_DATA_LIKE.search(cell) for cell in first):
            return None
        return 0
    chosen = scores.index(best)
    width = _filled(top[chosen][1])
    for index in range(chosen):
        cells = top[index][1]
        if (
            _filled(cells) >= max(2, (width + 1) // 2)
            and not any(_DATA_LIKE.search(cell) for cell in cells)
            and scores[index] >= 0
        ):
            raise HeaderRowUncertainError(
                f"In der Datei {quote(filename)} ist nicht sicher zu erkennen, in welcher Zeile "
                f"die Spaltennamen stehen: in Zeile {top[index][0]} "
                f"({quote(_preview(cells))}) oder in Zeile {top[chosen][0]} "
                f"({quote(_preview(top[chosen][1]))}).",
                hint="Bitte die Zeile mit den Spaltennamen angeben, in der Befehlszeile mit "
                f"--header-row N (zum Beispiel --header-row {top[index][0]}; --header-row 0: "
                "die Datei hat keine Kopfzeile).",
                candidates=(top[index][0], top[chosen][0]),
            )
    return chosen


#: Rows below the candidates that are looked at for values recurring in a column.
_SHAPE_SAMPLE = 40


def _header_score(index: int, sample: Sequence[Sequence[str]]) -> int:
    cells = sample[index]
    score = 0
    names: set[str] = set()
    for column, cell in enumerate(cells):
        text = cell.strip()
        if not text:
            continue
        if _DATA_LIKE.search(text):
            score -= 2
            continue
        key = normalize_header(text)
        recurs = any(
            other != index
            and column < len(sample[other])
            and normalize_header(sample[other][column]) == key
            for other in range(len(sample))
        )
        if recurs:
            score -= 1
        elif known_header(text) and key not in names:
            names.add(key)
            score += 1
    return score


def _filled(cells: Sequence[str]) -> int:
    return sum(1 for cell in cells if cell.strip())


def _preview(cells: Sequence[str]) -> str:
    text = " | ".join(c.strip() for c in cells if c.strip())
    return text if len(text) <= 60 else text[:59] + "…"
