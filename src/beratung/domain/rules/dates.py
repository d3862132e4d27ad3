"""German date and time input for fast entry, date formatting and the holidays of Baden-Württemberg.

Why so strict: a consultation recorded on the wrong day corrupts the statistics without anyone
noticing, so every accepted input has exactly one documented meaning and everything else is a
clear German error — never a guess (no fuzzy parsing of free text). ``today`` is always a
parameter, so the rules are pure and testable for any day.

Accepted dates (case-insensitive): "heute", "gestern", "vorgestern", "morgen", "übermorgen";
"25.10.2017", "25.10.17", "25.10.", "25.10"; "2017-10-25"; "25. Oktober 2017", "25. Okt.";
weekday names ("Montag", "Mo", "letzten Montag", "nächsten Montag"); a leading weekday is allowed
and checked ("Mittwoch, 25. Oktober 2017" is accepted; "Dienstag, 25.10.2017" is an error).

``prefer`` decides the two inputs that name no year: a bare weekday and a date without year.
"past" (for consultations: "Montag" is the most recent Monday) picks the latest such day on or
before today, "future" (for events and follow-ups) the earliest on or after today. Both include
today. Two-digit years are put in the century that brings them within 50 years of today.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Literal
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta

from beratung.domain.errors import ValidationError

Prefer = Literal["past", "future"]
DateStyle = Literal["short", "long", "weekday", "month"]
DateTimeStyle = Literal["short", "compact"]

LOCALE = "de_DE"
#: The advisor's local time: stored instants are UTC, dates and times she sees are in this zone.
OFFICE_TIME_ZONE = ZoneInfo("Europe/Berlin")
_DATE_EXAMPLES = "Erwartet z. B. 25.10.2017, 25.10. oder heute."
_TIME_EXAMPLES = "Erwartet z. B. 14:30, 9.15 oder 14 Uhr."
_DUE_EXAMPLES = (
    "Erwartet z. B. in 2 Wochen, in 3 Tagen, nächste Woche, nächsten Monat, Ende des Monats "
    "oder ein Datum wie 25.10.2017."
)

MONTH_NAMES = (
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
)
WEEKDAY_NAMES = ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag")

_MONTHS: dict[str, int] = {}
for _number, _name in enumerate(MONTH_NAMES, start=1):
    _key = _name.casefold()
    _MONTHS[_key] = _number
    _MONTHS[_key[:3]] = _number
_MONTHS.update({"maerz": 3, "mrz": 3, "sept": 9, "jän": 1, "jänner": 1})

_WEEKDAYS: dict[str, int] = {}
for _number, _name in enumerate(WEEKDAY_NAMES):
    _WEEKDAYS[_name.casefold()] = _number
    _WEEKDAYS[_name.casefold()[:2]] = _number

_RELATIVE_DAYS = {"vorgestern": -2, "gestern": -1, "heute": 0, "morgen": 1, "übermorgen": 2}
_RELATIVE_DAYS["uebermorgen"] = 2

_WEEKDAY_ALT = "|".join(sorted(_WEEKDAYS, key=len, reverse=True))
_LEADING_WEEKDAY = re.compile(rf"^({_WEEKDAY_ALT})\.?,?\s+(?=\d)")
_WEEKDAY_ONLY = re.compile(
    rf"^(?:(letzte[nrm]?|vorige[nrm]?|nächste[nrm]?|naechste[nrm]?|kommende[nrm]?)\s+)?"
    rf"({_WEEKDAY_ALT})\.?$"
)
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_NUMERIC = re.compile(r"^(\d{1,2})\.\s*(\d{1,2})(?:\.\s*(\d{4}|\d{2})?)?$")
_NAMED_MONTH = re.compile(r"^(\d{1,2})\.?\s*([a-zäöü]+)\.?(?:\s+(\d{4}|\d{2}))?$")

MIN_YEAR = 1900
MAX_YEAR = 2100


def _normalise(text: str) -> str:
    return " ".join(text.split()).casefold()


def _not_a_date(raw: str, field: str, reason: str | None = None) -> ValidationError:
    because = f": {reason}." if reason else "."
    return ValidationError(f"„{raw}“ ist kein Datum{because} {_DATE_EXAMPLES}", field=field)


def _expand_year(two_digits: int, today: date) -> int:
    """The year ending in ``two_digits`` that lies within 50 years of today."""
    year = today.year - today.year % 100 + two_digits
    if year > today.year + 49:
        year -= 100
    elif year < today.year - 50:
        year += 100
    return year


def _build(raw: str, field: str, day: int, month: int, year: int) -> date:
    if not 1 <= month <= 12:
        raise _not_a_date(raw, field, f"Einen Monat {month} gibt es nicht, nur 1 bis 12")
    if not 1 <= day <= 31:
        raise _not_a_date(raw, field)
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise _not_a_date(
            raw, field, f"Das Jahr {year} liegt nicht zwischen {MIN_YEAR} und {MAX_YEAR}"
        )
    days_in_month = calendar.monthrange(year, month)[1]
    if day > days_in_month:
        raise ValidationError(
            f"„{raw}“ ist kein gültiges Datum: Der {MONTH_NAMES[month - 1]} {year} hat "
            f"{days_in_month} Tage.",
            field=field,
        )
    return date(year, month, day)


def _without_year(raw: str, field: str, day: int, month: int, today: date, prefer: Prefer) -> date:
    """The day/month nearest to today in the preferred direction (this, last or next year)."""
    if not 1 <= month <= 12 or not 1 <= day <= 31:
        _build(raw, field, day, month, today.year)  # raises the right message
    candidates = [
        date(year, month, day)
        for year in (today.year - 1, today.year, today.year + 1)
        if day <= calendar.monthrange(year, month)[1]
    ]
    if prefer == "past":
        chosen = [c for c in candidates if c <= today]
        if chosen:
            return chosen[-1]
    else:
        chosen = [c for c in candidates if c >= today]
        if chosen:
            return chosen[0]
    _build(raw, field, day, month, today.year)  # 29.02. in a common year: raises
    # 29.02. of a leap year on the wrong side of today (typed on 1 January 2000 for the past):
    # the nearest one that way is years off, which is more likely a typo than meant.
    direction = "vergangenen" if prefer == "past" else "kommenden"
    raise ValidationError(
        f"„{raw}“: Im {direction} Jahr gibt es keinen {day}. {MONTH_NAMES[month - 1]}. "
        "Bitte geben Sie das Jahr mit an.",
        field=field,
    )


def _weekday(raw: str, field: str, match: re.Match[str], today: date, prefer: Prefer) -> date:
    qualifier, name = match.group(1), match.group(2)
    target = _WEEKDAYS[name]
    back = (today.weekday() - target) % 7
    ahead = (target - today.weekday()) % 7
    if qualifier is None:
        return today - timedelta(days=back) if prefer == "past" else today + timedelta(days=ahead)
    if qualifier.startswith(("letzte", "vorige")):
        return today - timedelta(days=back or 7)
    return today + timedelta(days=ahead or 7)


def _parse(raw: str, field: str, today: date, prefer: Prefer) -> date | None:
    """The date ``raw`` means, ``None`` when it is no recognised form; raises when it is a
    recognised form with impossible values (so the message can say what is wrong)."""
    text = _normalise(raw)
    if text in _RELATIVE_DAYS:
        return today + timedelta(days=_RELATIVE_DAYS[text])
    if weekday_match := _WEEKDAY_ONLY.match(text):
        return _weekday(raw, field, weekday_match, today, prefer)

    stated_weekday: int | None = None
    if leading := _LEADING_WEEKDAY.match(text):
        stated_weekday = _WEEKDAYS[leading.group(1)]
        text = text[leading.end() :]

    result: date | None = None
    if iso := _ISO.match(text):
        result = _build(raw, field, int(iso.group(3)), int(iso.group(2)), int(iso.group(1)))
    elif (numeric := _NUMERIC.match(text)) or (
        (named := _NAMED_MONTH.match(text)) and named.group(2) in _MONTHS
    ):
        if numeric:
            day, month, year_text = int(numeric.group(1)), int(numeric.group(2)), numeric.group(3)
        else:
            assert named is not None
            day, month, year_text = int(named.group(1)), _MONTHS[named.group(2)], named.group(3)
        if year_text is None:
            result = _without_year(raw, field, day, month, today, prefer)
        else:
            year = int(year_text) if len(year_text) == 4 else _expand_year(int(year_text), today)
            result = _build(raw, field, day, month, year)

    if result is not None and stated_weekday is not None and result.weekday() != stated_weekday:
        raise ValidationError(
            f"„{raw}“ widerspricht sich: Der {format_date_de(result)} ist ein "
            f"{WEEKDAY_NAMES[result.weekday()]}, kein {WEEKDAY_NAMES[stated_weekday]}.",
            field=field,
        )
    return result


def parse_date_de(text: str, today: date, *, prefer: Prefer = "past", field: str) -> date:
    """The date a German user means by ``text``; see the module docstring for the forms.

    ``field`` is the caller's name of the input (``ValidationError.field``). It has no default:
    a default (it was "date") differs from the name the form registers its widget under, and
    field names are a contract between service and form (``gui/feedback.py``)."""
    result = _parse(text.strip(), field, today, prefer)
    if result is None:
        raise _not_a_date(text.strip(), field)
    return result


_TIME = re.compile(r"^(\d{1,2})(?:\s*[:.]\s*(\d{2}))?\s*(?:uhr|h)?$")
_TIME_UHR_MINUTES = re.compile(r"^(\d{1,2})\s*uhr\s*(\d{2})$")
_TIME_COMPACT = re.compile(r"^(\d{2})(\d{2})$")


def parse_time_de(text: str, *, field: str) -> time:
    """A time of day: "14:30", "14.30", "9.15", "14 Uhr", "14:30 Uhr", "14 Uhr 30", "1430".

    ``field`` names the input, as for :func:`parse_date_de`."""
    raw = text.strip()
    normal = _normalise(raw)
    match = _TIME_COMPACT.match(normal) or _TIME_UHR_MINUTES.match(normal) or _TIME.match(normal)
    if not match:
        raise ValidationError(f"„{raw}“ ist keine Uhrzeit. {_TIME_EXAMPLES}", field=field)
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    if hour > 23:
        raise ValidationError(
            f"„{raw}“ ist keine gültige Uhrzeit: Stunden gehen von 0 bis 23. {_TIME_EXAMPLES}",
            field=field,
        )
    if minute > 59:
        raise ValidationError(
            f"„{raw}“ ist keine gültige Uhrzeit: Minuten gehen von 0 bis 59. {_TIME_EXAMPLES}",
            field=field,
        )
    return time(hour, minute)


_NUMBER_WORDS = {
    "ein": 1,
    "eine": 1,
    "einem": 1,
    "einer": 1,
    "einen": 1,
    "zwei": 2,
    "drei": 3,
    "vier": 4,
    "fünf": 5,
    "fuenf": 5,
    "sechs": 6,
    "sieben": 7,
    "acht": 8,
    "neun": 9,
    "zehn": 10,
    "elf": 11,
    "zwölf": 12,
    "zwoelf": 12,
}
_UNITS = {
    "tag": "days",
    "tage": "days",
    "tagen": "days",
    "woche": "weeks",
    "wochen": "weeks",
    "monat": "months",
    "monate": "months",
    "monaten": "months",
    "jahr": "years",
    "jahre": "years",
    "jahren": "years",
}
_IN_N = re.compile(r"^in\s+(\d{1,4}|[a-zäöü]+)\s+([a-zäöü]+)$")
_NEXT = r"(?:nächste[nrms]?|naechste[nrms]?|kommende[nrms]?)"
_NEXT_WEEK = re.compile(
    r"^(?:(über|ueber)(?:nächste|naechste)[nrms]?|(?:nächste|naechste|kommende)[nrms]?)\s+woche$"
)
_NEXT_MONTH = re.compile(rf"^{_NEXT}\s+monat$")
_END_OF_MONTH = re.compile(r"^(?:ende\s+(?:des|dieses)\s+monats|monatsende|ende\s+monat)$")
_END_OF_NEXT_MONTH = re.compile(rf"^ende\s+(?:des\s+)?{_NEXT}\s+monats$")


def _end_of_month(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def relative_due_date(text: str, today: date, *, field: str) -> date:
    """The due date of a follow-up (Wiedervorlage): "in 2 Wochen", "in 3 Tagen", "in einem
    Monat", "nächste Woche" (its Monday), "übernächste Woche", "nächsten Monat" (same day, clamped
    to the month's end: 31.01. → 28.02.), "Ende des Monats", "Ende nächsten Monats", or any date
    :func:`parse_date_de` accepts, read towards the future ("Freitag" is the coming Friday).
    ``field`` names the input, as for :func:`parse_date_de`."""
    raw = text.strip()
    normal = _normalise(raw)
    if in_n := _IN_N.match(normal):
        amount_text, unit_text = in_n.group(1), in_n.group(2)
        amount = int(amount_text) if amount_text.isdigit() else _NUMBER_WORDS.get(amount_text)
        unit = _UNITS.get(unit_text)
        if amount is not None and unit is not None:
            try:
                delta = {
                    "days": relativedelta(days=amount),
                    "weeks": relativedelta(weeks=amount),
                    "months": relativedelta(months=amount),
                    "years": relativedelta(years=amount),
                }[unit]
                return today + delta
            except (OverflowError, ValueError):
                raise ValidationError(
                    f"„{raw}“ liegt zu weit in der Zukunft. {_DUE_EXAMPLES}", field=field
                ) from None
    if week := _NEXT_WEEK.match(normal):
        weeks = 2 if week.group(1) else 1
        return today - timedelta(days=today.weekday()) + timedelta(weeks=weeks)
    if _NEXT_MONTH.match(normal):
        return today + relativedelta(months=1)
    if _END_OF_MONTH.match(normal):
        return _end_of_month(today)
    if _END_OF_NEXT_MONTH.match(normal):
        return _end_of_month(today + relativedelta(months=1))
    result = _parse(raw, field, today, "future")
    if result is None:
        raise ValidationError(f"„{raw}“ ist kein Termin. {_DUE_EXAMPLES}", field=field)
    return result


_PATTERNS: dict[str, str] = {
    "short": "dd.MM.yyyy",
    "long": "d. MMMM y",
    "weekday": "EEEE, d. MMMM y",
    "month": "MMMM y",
}
#: How this program writes a date for people and reads it back from its own files (CSV cells,
#: command-line arguments): the short form of :func:`format_date_de`, as ``strptime`` spells it.
_SHORT_DATE_STRPTIME = "%d.%m.%Y"


def office_day(day: date) -> date:
    """The calendar day a date stands for in the office.

    A ``datetime`` is a ``date`` too, and the database hands out UTC instants: an aware one is
    turned into the office time zone first (a consultation at 00:30 in Stuttgart is 22:30 UTC
    the day before), a naive one (a spreadsheet cell) is taken as the office's wall clock."""
    if isinstance(day, datetime):
        return (day.astimezone(OFFICE_TIME_ZONE) if day.tzinfo is not None else day).date()
    return day


def format_date_de(day: date, style: DateStyle = "short") -> str:
    """ "31.07.2017" (short), "31. Juli 2017" (long), "Mittwoch, 25. Oktober 2017" (weekday),
    "Oktober 2017" (month).

    Always Babel with ``de_DE``, never the operating system's locale, so a letter printed on an
    English Windows still says "Juli". A ``datetime`` shows its day in the office
    (:func:`office_day`). The short form has no words, so it is written directly — the same
    digits as Babel's ``dd.MM.yyyy`` (a test compares them) without importing Babel, which
    the first paint of the Übersicht would otherwise wait for (issue 16)."""
    day = office_day(day)
    if style == "short":
        return f"{day.day:02d}.{day.month:02d}.{day.year:04d}"
    from babel.dates import format_date

    return str(format_date(day, _PATTERNS[style], locale=LOCALE))


def format_time_de(moment: time | datetime) -> str:
    """ "14:30", "09:05": a time of day as the office reads it (an aware ``datetime`` in the
    office time zone, a naive one as it is)."""
    if isinstance(moment, datetime) and moment.tzinfo is not None:
        moment = moment.astimezone(OFFICE_TIME_ZONE)
    return f"{moment.hour:02d}:{moment.minute:02d}"  # Babel's "HH:mm", without importing it


def format_datetime_de(moment: datetime, style: DateTimeStyle = "short") -> str:
    """A moment for people: "25.10.2017, 14:30" (short: in sentences, tooltips and lists) or
    "25.10.2017 14:30" (compact: table columns of the command line and spreadsheet cells, the
    form spreadsheets take back as a date and time).

    An aware moment is shown in the office time zone (stored instants are UTC, decision 3); a
    naive one is taken as the office's wall clock already."""
    separator = ", " if style == "short" else " "
    return f"{format_date_de(moment)}{separator}{format_time_de(moment)}"


def format_span_de(starts_at: datetime, ends_at: datetime | None) -> str:
    """When an event takes place, as invitations and lists say it: "Mittwoch, 25. Oktober 2017,
    10:00–16:00 Uhr"; over several days both days are named ("… 10:00 Uhr bis Donnerstag,
    26. Oktober 2017, 12:00 Uhr"); without an end "… 10:00 Uhr". Shown in the office time
    zone like every moment (:func:`format_time_de`)."""
    text = f"{format_date_de(starts_at, 'weekday')}, {format_time_de(starts_at)}"
    if ends_at is None:
        return f"{text} Uhr"
    if office_day(ends_at) == office_day(starts_at):
        return f"{text}\u2013{format_time_de(ends_at)} Uhr"
    return f"{text} Uhr bis {format_date_de(ends_at, 'weekday')}, {format_time_de(ends_at)} Uhr"


def parse_short_date_de(text: str) -> date:
    """The date written exactly as :func:`format_date_de` writes it ("25.10.2017"; single-digit
    day and month are accepted), for values a file or a script gives. Raises ``ValueError``
    otherwise. Typed input goes through :func:`parse_date_de`, which knows "heute" and
    two-digit years; a file must not be guessed at."""
    return datetime.strptime(text.strip(), _SHORT_DATE_STRPTIME).date()


@lru_cache(maxsize=32)
def _holidays_bw(year: int) -> dict[date, str]:
    import holidays  # only event planning asks; every start would pay for its country tables

    calendar_bw = holidays.country_holidays("DE", subdiv="BW", years=year, language="de")
    return {day: str(name) for day, name in calendar_bw.items()}


def public_holiday_bw(day: date) -> str | None:
    """The name of the public holiday in Baden-Württemberg on ``day`` ("Allerheiligen"), or
    ``None``. Used to warn before an event is planned on a holiday; includes one-off holidays
    such as the Reformationstag 2017 (500 years of the Reformation)."""
    return _holidays_bw(day.year).get(day)
