"""Planning rules of events: warnings while a date is typed, late registrations, date proposals.

Why warnings and not errors: the advisor knows things the program does not. A Werkstattgespräch
on a Saturday or on the day of another meeting may be exactly what was agreed with the host
municipality, so nothing here blocks saving. What the rules do is make the usual slips visible
at the moment they happen — a public holiday in Baden-Württemberg (where town halls are closed
and nobody comes), a weekend, a clash with another event of the office, a registration deadline
after the start, a venue too small for the planned number of participants, a date in the past.

Each warning names the form field it belongs to (the field names are the contract with the form,
see ``gui/feedback.py``), so the form can show it next to the input the advisor would change.
``today`` is a parameter, as everywhere in ``domain/rules``: the rules are pure and testable for
any day.

The date helper (:func:`parse_recurrence`, :func:`propose_dates`) turns a rhythm said in words
into dates, leaving out holidays in Baden-Württemberg; see its section below for why it reads
only a small, fixed set of phrases.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from babel.numbers import format_decimal
from dateutil.rrule import MONTHLY, WEEKLY, rrule
from dateutil.rrule import weekdays as rrule_weekdays

from beratung.domain.errors import ValidationError
from beratung.domain.rules.dates import (
    LOCALE,
    MAX_YEAR,
    MONTH_NAMES,
    WEEKDAY_NAMES,
    format_date_de,
    public_holiday_bw,
)

#: Warning codes, stable for callers that filter or count warnings; the message is for people.
HOLIDAY = "holiday"
WEEKEND = "weekend"
SAME_DAY = "same_day"
IN_PAST = "in_past"
LONG_PERIOD = "long_period"
DEADLINE_AFTER_START = "deadline_after_start"
OVER_CAPACITY = "over_capacity"
PLANNING_CODES = (
    IN_PAST,
    HOLIDAY,
    WEEKEND,
    SAME_DAY,
    LONG_PERIOD,
    DEADLINE_AFTER_START,
    OVER_CAPACITY,
)

#: A period longer than this is almost always a mistyped end date (the office's events last a
#: day, rarely two or three). Checking every day of it would bury the form in weekend warnings,
#: so only the first day is checked and one warning asks whether the end is right.
MAX_CHECKED_DAYS = 14


@dataclass(frozen=True)
class PlanningWarning:
    """One thing the advisor may want to reconsider; never a reason to refuse saving.

    ``code`` is one of :data:`PLANNING_CODES`; ``field`` is the event form's field name
    (``starts_at``, ``ends_at``, ``registration_deadline``, ``capacity``, ``venue_id``)."""

    code: str
    message: str
    field: str


def _persons(number: int) -> str:
    """ "1 Person", "40 Personen", "1.200 Personen": German digit grouping, via Babel."""
    return f"{format_decimal(number, locale=LOCALE)} {'Person' if number == 1 else 'Personen'}"


def _days_of(starts_on: date, ends_on: date | None) -> list[date]:
    """The days to check: every day from start to end. An end before the start is the service's
    error to report (the database refuses it), so here it simply counts as a one-day event."""
    if ends_on is None or ends_on <= starts_on:
        return [starts_on]
    span = (ends_on - starts_on).days + 1
    if span > MAX_CHECKED_DAYS:
        return [starts_on]
    return [starts_on + timedelta(days=offset) for offset in range(span)]


def _day_warnings(
    day: date, field: str, others_by_day: dict[date, list[str]]
) -> list[PlanningWarning]:
    found: list[PlanningWarning] = []
    long_day = format_date_de(day, "long")
    if (holiday := public_holiday_bw(day)) is not None:
        found.append(
            PlanningWarning(
                HOLIDAY,
                f"Der {long_day} ist ein Feiertag in Baden-Württemberg ({holiday}).",
                field,
            )
        )
    if day.weekday() >= 5:
        weekday = WEEKDAY_NAMES[day.weekday()]
        found.append(PlanningWarning(WEEKEND, f"Der {long_day} ist ein {weekday}.", field))
    found.extend(
        PlanningWarning(SAME_DAY, f"Am {long_day} ist schon „{title}“ geplant.", field)
        for title in others_by_day.get(day, [])
    )
    return found


def planning_warnings(
    *,
    starts_on: date,
    ends_on: date | None,
    deadline: date | None,
    capacity: int | None,
    venue_capacity: int | None,
    other_events_on_days: Sequence[tuple[date, str]],
    today: date,
    is_new: bool = True,
) -> list[PlanningWarning]:
    """Everything worth a second look about an event's date, deadline and size, in form order.

    ``other_events_on_days`` are the office's other events as (day, title), one pair per day an
    event takes place (the caller leaves out the event being edited); pairs outside the event's
    days are ignored, repeated pairs warn once. A multi-day event checks every one of its days;
    a warning about the first day belongs to ``starts_at``, one about a later day to ``ends_at``
    (extending the end is what brought that day in). A date in the past is only worth a warning
    when the event is new (``is_new``): an event of last year being corrected is not a slip.

    The venue warning belongs to ``venue_id``: the number of participants follows from the
    invitation list, so the usual remedy is a larger room, not fewer guests.
    """
    found: list[PlanningWarning] = []
    if is_new and starts_on < today:
        found.append(
            PlanningWarning(
                IN_PAST,
                f"Der {format_date_de(starts_on, 'long')} liegt in der Vergangenheit.",
                "starts_at",
            )
        )

    others_by_day: dict[date, list[str]] = {}
    for day, title in other_events_on_days:
        titles = others_by_day.setdefault(day, [])
        if title not in titles:
            titles.append(title)
    for day in _days_of(starts_on, ends_on):
        found.extend(
            _day_warnings(day, "starts_at" if day == starts_on else "ends_at", others_by_day)
        )

    if ends_on is not None and (ends_on - starts_on).days + 1 > MAX_CHECKED_DAYS:
        found.append(
            PlanningWarning(
                LONG_PERIOD,
                f"Die Veranstaltung dauert {(ends_on - starts_on).days + 1} Tage, vom "
                f"{format_date_de(starts_on)} bis zum {format_date_de(ends_on)}. "
                "Stimmt das Ende?",
                "ends_at",
            )
        )
    if deadline is not None and deadline > starts_on:
        found.append(
            PlanningWarning(
                DEADLINE_AFTER_START,
                f"Die Anmeldefrist ({format_date_de(deadline)}) liegt nach dem Beginn "
                f"({format_date_de(starts_on)}).",
                "registration_deadline",
            )
        )
    if capacity is not None and venue_capacity is not None and venue_capacity < capacity:
        found.append(
            PlanningWarning(
                OVER_CAPACITY,
                f"Der Veranstaltungsort fasst {_persons(venue_capacity)}, "
                f"geplant sind {format_decimal(capacity, locale=LOCALE)}.",
                "venue_id",
            )
        )
    return found


def late_registration_warning(deadline: date | None, on: date) -> str | None:
    """The warning for a registration recorded on ``on`` after the deadline, else ``None``.

    A late registration is still recorded (the advisor decides whether a place is free); the
    warning only makes sure she notices. The deadline day itself is in time."""
    if deadline is None or on <= deadline:
        return None
    late = (on - deadline).days
    return (
        f"Die Anmeldefrist endete am {format_date_de(deadline)}; diese Anmeldung kommt "
        f"{late} {'Tag' if late == 1 else 'Tage'} zu spät."
    )


# --- Date proposals from a German rule -------------------------------------------------------
#
# The Werkstattgespräche follow rhythms the advisor says in words ("jeden 3. Mittwoch im März
# und Oktober"). The date helper reads exactly the phrases listed in parse_recurrence and nothing
# else: a rule that is read wrongly proposes a whole year of wrong dates, so anything outside the
# grammar is refused with examples rather than guessed at. dateutil's rrule does the calendar
# arithmetic; holidays in Baden-Württemberg are skipped and reported, so a dialog can show both.

Period = Literal["week", "month", "quarter"]

#: The n-th weekday counted from the start of the period (1 to 4) or from its end (-1 the last,
#: -2 the second to last). Every month has at least four of each weekday, so these always exist;
#: a fifth exists only in some months, which is not a rhythm (see parse_recurrence).
ORDINALS = (1, 2, 3, 4, -1, -2)

_FIRST_MONTHS_OF_QUARTERS = (1, 4, 7, 10)
_LAST_MONTHS_OF_QUARTERS = (3, 6, 9, 12)

_RECURRENCE_EXAMPLES = (
    "Erwartet z. B. „jeden 3. Mittwoch im März und Oktober“ oder „alle zwei Wochen mittwochs“."
)

_NUMBER_NAMES = (
    "zwei",
    "drei",
    "vier",
    "fünf",
    "sechs",
    "sieben",
    "acht",
    "neun",
    "zehn",
    "elf",
    "zwölf",
)
_NUMBERS = {name: number for number, name in enumerate(_NUMBER_NAMES, start=2)}
_NUMBERS.update({"fuenf": 5, "zwoelf": 12})
#: The longest interval of "alle N Wochen": a year.
MAX_WEEKS = 52


@dataclass(frozen=True)
class Recurrence:
    """A rhythm of event dates, as understood from the advisor's words.

    ``period="week"``: every ``interval`` weeks on ``weekday`` (0 = Monday).
    ``period="month"``: the ``ordinal``-th ``weekday`` of each month in ``months`` (empty: every
    month). ``period="quarter"``: the ``ordinal``-th ``weekday`` of each quarter, which for the
    ordinals allowed is in the quarter's first month (counting from the start) or its last
    (counting from the end). One rhythm has one representation, so equal rules compare equal."""

    period: Period
    weekday: int
    ordinal: int | None = None
    months: tuple[int, ...] = ()
    interval: int = 1

    def __post_init__(self) -> None:
        if not 0 <= self.weekday <= 6:
            raise ValueError(f"weekday must be 0 (Monday) to 6, not {self.weekday}")
        if self.period == "week":
            if self.ordinal is not None or self.months:
                raise ValueError("a weekly rhythm has no ordinal and no months")
            if not 1 <= self.interval <= MAX_WEEKS:
                raise ValueError(f"interval must be 1 to {MAX_WEEKS} weeks, not {self.interval}")
            return
        if self.ordinal not in ORDINALS:
            raise ValueError(f"ordinal must be one of {ORDINALS}, not {self.ordinal}")
        if self.interval != 1:
            raise ValueError("only a weekly rhythm has an interval")
        if self.period == "quarter" and self.months:
            raise ValueError("a quarterly rhythm has no months")
        if list(self.months) != sorted(set(self.months)) or not all(
            1 <= month <= 12 for month in self.months
        ):
            raise ValueError(f"months must be ascending, distinct, 1 to 12: {self.months}")
        if len(self.months) == 12:
            raise ValueError("every month is months=(), so that equal rhythms compare equal")

    @property
    def active_months(self) -> tuple[int, ...]:
        """The months in which a date of this rhythm can fall (all twelve for weekly ones)."""
        if self.period == "quarter":
            assert self.ordinal is not None
            return _FIRST_MONTHS_OF_QUARTERS if self.ordinal > 0 else _LAST_MONTHS_OF_QUARTERS
        return self.months or tuple(range(1, 13))

    def describe(self) -> str:
        """The rhythm in canonical German ("jeden 3. Mittwoch im März und Oktober"), for a dialog
        to confirm how the input was understood; :func:`parse_recurrence` reads it back."""
        weekday = WEEKDAY_NAMES[self.weekday]
        if self.period == "week":
            if self.interval == 1:
                return f"jeden {weekday}"
            weeks = _number_name(self.interval)
            return f"alle {weeks} Wochen {weekday.lower()}s"
        ordinal = {-1: "letzten", -2: "vorletzten"}.get(self.ordinal or 0, f"{self.ordinal}.")
        if self.period == "quarter":
            scope = "Quartal"
        elif not self.months:
            scope = "Monat"
        else:
            names = [MONTH_NAMES[month - 1] for month in self.months]
            scope = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} und {names[-1]}"
        return f"jeden {ordinal} {weekday} im {scope}"


def _number_name(number: int) -> str:
    return _NUMBER_NAMES[number - 2] if 2 <= number <= 12 else str(number)


_LETTERS = r"[^\W\d_]+"
_EVERY_WEEKDAY = re.compile(rf"^jede[nr]\s+({_LETTERS})$", re.IGNORECASE)
_EVERY_NTH = re.compile(r"^jede[nr]\s+(\S+)\s+(\S+)(?:\s+im\s+(.+))?$", re.IGNORECASE)
_WEEKLY = re.compile(
    rf"^(?:(jede\s+woche|wöchentlich|woechentlich|alle\s+(\S+)\s+wochen)\s+)?"
    rf"(?:({_LETTERS})s|am\s+({_LETTERS}))$",
    re.IGNORECASE,
)
_MONTH_SEPARATOR = re.compile(r"\s*,\s*|\s+und\s+", re.IGNORECASE)

_WEEKDAY_NUMBERS = {name.casefold(): number for number, name in enumerate(WEEKDAY_NAMES)}
_MONTH_NUMBERS: dict[str, int] = {}
for _number, _name in enumerate(MONTH_NAMES, start=1):
    _MONTH_NUMBERS[_name.casefold()] = _number
    _MONTH_NUMBERS[_name.casefold()[:3]] = _number
_MONTH_NUMBERS.update({"maerz": 3, "mrz": 3, "sept": 9})
_ORDINAL_STEMS = {
    "erst": 1,
    "zweit": 2,
    "dritt": 3,
    "viert": 4,
    "fünft": 5,
    "fuenft": 5,
    "letzt": -1,
    "vorletzt": -2,
}
_ORDINAL_WORDS = {
    stem + ending: number for stem, number in _ORDINAL_STEMS.items() for ending in ("e", "en", "er")
}
_ORDINAL_DIGITS = re.compile(r"^(\d{1,2})\.$")


def _refuse(raw: str, reason: str | None = None) -> ValidationError:
    because = f": {reason}." if reason else "."
    return ValidationError(
        f"„{raw}“ ist keine bekannte Terminregel{because} {_RECURRENCE_EXAMPLES}",
        field="recurrence",
    )


def _weekday_number(raw: str, word: str) -> int:
    number = _WEEKDAY_NUMBERS.get(word.casefold())
    if number is None:
        raise _refuse(raw, f"„{word}“ ist kein Wochentag")
    return number


def _ordinal_number(word: str) -> int | None:
    """The ordinal "3." or "dritten" means, or ``None`` when the word is no ordinal at all."""
    if digits := _ORDINAL_DIGITS.match(word):
        return int(digits.group(1))
    return _ORDINAL_WORDS.get(word.casefold())


def _months(raw: str, scope: str) -> tuple[int, ...]:
    words = _MONTH_SEPARATOR.split(scope)
    found: set[int] = set()
    for word in words:
        name = word.removesuffix(".")
        if not name:
            raise _refuse(raw)
        number = _MONTH_NUMBERS.get(name.casefold())
        if number is None:
            raise _refuse(raw, f"„{word}“ ist kein Monat")
        found.add(number)
    return () if len(found) == 12 else tuple(sorted(found))


def _nth_weekday(raw: str, match: re.Match[str]) -> Recurrence:
    ordinal = _ordinal_number(match.group(1))
    if not ordinal:  # no ordinal at all, or "0."
        raise _refuse(raw)
    weekday = _weekday_number(raw, match.group(2))
    name = WEEKDAY_NAMES[weekday]
    if ordinal == 5:
        raise ValidationError(
            f"„{raw}“: Einen 5. {name} gibt es nicht in jedem Monat. Erwartet z. B. „jeden "
            f"letzten {name} im Monat“ oder „jeden 4. {name} im Monat“.",
            field="recurrence",
        )
    if ordinal not in ORDINALS:
        raise _refuse(raw, f"Ein {name} kommt in einem Monat höchstens fünfmal vor")
    scope = match.group(3)
    if scope is None and ordinal == 2:
        # Colloquially "jeden zweiten Mittwoch" is every other Wednesday; literally it could be
        # the second Wednesday of each month. Both are common, so neither is assumed.
        raise ValidationError(
            f"„{raw}“ ist mehrdeutig: alle zwei Wochen oder der 2. {name} jedes Monats? "
            f"Erwartet z. B. „alle zwei Wochen {name.lower()}s“ oder „jeden 2. {name} im Monat“.",
            field="recurrence",
        )
    if scope is None:
        said = Recurrence("month", weekday, ordinal).describe().removesuffix(" im Monat")
        raise ValidationError(
            f"„{raw}“: Bitte sagen Sie, in welchem Zeitraum gezählt wird. Erwartet z. B. "
            f"„{said} im Monat“ oder „{said} im Quartal“.",
            field="recurrence",
        )
    if scope.casefold() == "monat":
        return Recurrence("month", weekday, ordinal)
    if scope.casefold() == "quartal":
        return Recurrence("quarter", weekday, ordinal)
    return Recurrence("month", weekday, ordinal, _months(raw, scope))


def _weekly(raw: str, match: re.Match[str]) -> Recurrence:
    every, count, adverb, named = match.groups()
    if adverb is not None:
        # "mittwochs": the adverb is the weekday's name plus "s".
        weekday = _WEEKDAY_NUMBERS.get(adverb.casefold())
        if weekday is None:
            raise _refuse(raw, f"„{adverb}s“ ist kein Wochentag" if every else None)
    elif every is None:
        raise _refuse(raw)  # "am Mittwoch" alone is one day, not a rhythm
    else:
        weekday = _weekday_number(raw, named)
    interval = 1
    if count is not None:
        number = int(count) if count.isdigit() else _NUMBERS.get(count.casefold())
        if number is None or not 2 <= number <= MAX_WEEKS:
            raise _refuse(raw, f"„alle {count} Wochen“ geht nur mit 2 bis {MAX_WEEKS} Wochen")
        interval = number
    return Recurrence("week", weekday, interval=interval)


def parse_recurrence(text: str) -> Recurrence:
    """The rhythm the advisor means by ``text``; anything else is a ``ValidationError`` with
    examples (``field="recurrence"``), never a guess. Case and extra spaces do not matter, a
    final full stop is allowed, umlauts may be written "ae", "oe", "ue".

    Understood (``Mittwoch`` stands for any weekday):

    * "jeden 3. Mittwoch im März und Oktober", "jeden 2. Donnerstag im März, Juni, September
      und Dezember" — months by name (also "Okt.", "Maerz"), separated by commas and/or "und";
    * "jeden ersten Dienstag im Monat" — the ordinal as digit ("1." to "4.") or word ("ersten"
      to "vierten"), or "letzten", "vorletzten";
    * "jeden letzten Freitag im Quartal", "jeden 1. Montag im Quartal" — counted from the
      quarter's start (in January, April, July, October) or from its end (in March, June,
      September, December);
    * "jeden Mittwoch", "mittwochs", "jede Woche mittwochs", "wöchentlich am Mittwoch";
    * "alle zwei Wochen mittwochs", "alle 3 Wochen am Dienstag" — 2 to 52 weeks, counted from
      the first such weekday on or after the start of the proposals.

    Refused with a pointed message: "jeden 5. Mittwoch …" (not every month has one: "letzten"
    is meant), "jeden zweiten Mittwoch" without a period (every other week, or the second of
    each month?), an ordinal without a period, unknown weekday or month names.
    """
    raw = " ".join(text.split())
    normal = raw.removesuffix(".").strip()
    if not normal:
        raise ValidationError(
            f"Bitte geben Sie eine Terminregel ein. {_RECURRENCE_EXAMPLES}", field="recurrence"
        )
    if every_weekday := _EVERY_WEEKDAY.match(normal):
        return Recurrence("week", _weekday_number(raw, every_weekday.group(1)))
    if nth := _EVERY_NTH.match(normal):
        return _nth_weekday(raw, nth)
    if weekly := _WEEKLY.match(normal):
        return _weekly(raw, weekly)
    raise _refuse(raw)


@dataclass(frozen=True)
class ProposedDate:
    """One date the rule yields, in order, with what the dialog should say about it.

    ``holiday`` names the public holiday in Baden-Württemberg on that day, if any; ``skipped``
    says it is left out of the proposals (it does not count towards ``count``). Keeping skipped
    days in the same ordered list lets a dialog show them greyed out where they would have been,
    so the advisor sees why October jumps from the 3rd to the next rhythm date."""

    day: date
    holiday: str | None = None
    skipped: bool = False

    def __post_init__(self) -> None:
        if self.skipped and self.holiday is None:
            raise ValueError("only a holiday is skipped")

    @property
    def note(self) -> str | None:
        """ "3. Oktober 2018 ist ein Feiertag (Tag der Deutschen Einheit) – übersprungen", the
        same without "– übersprungen" when holidays are kept, else ``None``."""
        if self.holiday is None:
            return None
        text = f"{format_date_de(self.day, 'long')} ist ein Feiertag ({self.holiday})"
        return f"{text} – übersprungen" if self.skipped else text


def _occurrences(recurrence: Recurrence, start: date) -> Iterator[date]:
    until = date(MAX_YEAR, 12, 31)
    if recurrence.period == "week":
        # Anchor the rhythm at the first such weekday on or after the start: "alle zwei Wochen"
        # then means that day, two weeks later, and so on (rrule would count weeks from the
        # start's own week and could leave out the nearest date).
        first = start + timedelta(days=(recurrence.weekday - start.weekday()) % 7)
        rule = rrule(WEEKLY, dtstart=first, interval=recurrence.interval, until=until)
    else:
        assert recurrence.ordinal is not None  # a monthly or quarterly rhythm always has one
        rule = rrule(
            MONTHLY,
            dtstart=start,
            byweekday=rrule_weekdays[recurrence.weekday](recurrence.ordinal),
            bymonth=recurrence.active_months,
            until=until,
        )
    return (occurrence.date() for occurrence in rule)


def propose_dates(
    recurrence: Recurrence, *, start: date, count: int, skip_holidays: bool = True
) -> list[ProposedDate]:
    """The first ``count`` dates of the rhythm on or after ``start``, ascending.

    With ``skip_holidays`` a date on a public holiday in Baden-Württemberg is not proposed but
    kept in the list as skipped (see :class:`ProposedDate`), and the next date of the rhythm
    takes its place; without it the holiday date is proposed with its note. Dates end with the
    year 2100 (the last year the date input accepts), so a list can be shorter than ``count``
    near that end."""
    if count < 0:
        raise ValueError(f"count must not be negative, not {count}")
    proposals: list[ProposedDate] = []
    usable = 0
    for day in _occurrences(recurrence, start):
        if usable >= count:
            break
        holiday = public_holiday_bw(day)
        skipped = skip_holidays and holiday is not None
        proposals.append(ProposedDate(day, holiday, skipped))
        usable += not skipped
    return proposals
