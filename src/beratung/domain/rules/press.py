"""Press release numbering ("P 309/2017") and the Aktenzeichen ("047.43 - P 309/2017 · Co").

Numbers run per year: the first release of 2018 is "P 1/2018" even though 2017 ended with
"P 309/2017". The storage layer finds the last number of the release's year (a query) and
:func:`next_press_number` adds one; the format and parse rules below are the single definition
shared by the documents, the archive search and the CLI.
"""

from __future__ import annotations

import re

from beratung.domain.errors import ValidationError

MIN_YEAR = 1900
MAX_YEAR = 2100
FILE_REFERENCE_SEPARATOR = " - "
INITIALS_SEPARATOR = " · "

_PRESS_NUMBER = re.compile(r"^(?:p\s*[-.]?\s*)?(\d+)\s*/\s*(\d+)$", re.IGNORECASE)
_EXAMPLE = "Erwartet z. B. „P 309/2017“."


def _check_year(year: int, field: str) -> None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValidationError(
            f"Das Jahr {year} einer Pressenummer muss zwischen {MIN_YEAR} und {MAX_YEAR} liegen "
            "(vierstellig).",
            field=field,
        )


def _check_number(number: int, field: str) -> None:
    if number < 1:
        raise ValidationError(
            f"Die laufende Nummer einer Presseinformation muss 1 oder größer sein, nicht {number}.",
            field=field,
        )


def format_press_number(year: int, number: int) -> str:
    """``(2017, 309)`` → ``"P 309/2017"``."""
    _check_year(year, "year")
    _check_number(number, "number")
    return f"P {number}/{year}"


def parse_press_number(text: str, *, field: str = "press_number") -> tuple[int, int]:
    """``"P 309/2017"``, ``"p309/2017"``, ``"309/2017"`` → ``(2017, 309)`` (year first, as the
    archive sorts). Two-digit years are refused rather than guessed."""
    raw = text.strip()
    match = _PRESS_NUMBER.match(raw)
    if not match:
        raise ValidationError(f"„{raw}“ ist keine Pressenummer. {_EXAMPLE}", field=field)
    number_text, year_text = match.groups()
    if len(year_text) != 4:
        raise ValidationError(
            f"In der Pressenummer „{raw}“ ist das Jahr „{year_text}“ nicht vierstellig. {_EXAMPLE}",
            field=field,
        )
    year, number = int(year_text), int(number_text)
    _check_year(year, field)
    _check_number(number, field)
    return year, number


def file_reference(file_plan_code: str, year: int, number: int, initials: str | None) -> str:
    """The Aktenzeichen: file-plan number, press number and the clerk's initials,
    ``("047.43", 2017, 309, "Co")`` → ``"047.43 - P 309/2017 · Co"``. Without initials the
    last part is left out (a release may be numbered before a clerk is assigned)."""
    code = " ".join(file_plan_code.split())
    if not code:
        raise ValidationError(
            "Die Aktenplan-Nummer für das Aktenzeichen fehlt, z. B. „047.43“.",
            field="file_plan_code",
        )
    reference = f"{code}{FILE_REFERENCE_SEPARATOR}{format_press_number(year, number)}"
    clerk = " ".join((initials or "").split())
    return f"{reference}{INITIALS_SEPARATOR}{clerk}" if clerk else reference


def next_press_number(last_number_of_year: int | None) -> int:
    """The number of the next release of a year, given the highest number used so far in that
    same year (``None`` when the year has none yet: numbering starts again at 1)."""
    if last_number_of_year is None:
        return 1
    if last_number_of_year < 0:
        raise ValueError(f"last_number_of_year must not be negative: {last_number_of_year}")
    return last_number_of_year + 1
