"""Planning rules of events: warnings while a date is typed, and late registrations.

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
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from babel.numbers import format_decimal

from beratung.domain.rules.dates import LOCALE, WEEKDAY_NAMES, format_date_de, public_holiday_bw

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
