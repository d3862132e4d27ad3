"""German date/time input, due-date shortcuts, formatting and BW public holidays."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from functools import partial

import pytest
from hypothesis import given
from hypothesis import strategies as st

from beratung.domain.errors import ValidationError
from beratung.domain.rules import dates
from beratung.domain.rules.dates import (
    OFFICE_TIME_ZONE,
    format_date_de,
    format_datetime_de,
    format_span_de,
    format_time_de,
    office_day,
    parse_short_date_de,
    public_holiday_bw,
)

# The parsers take the input's name from their caller (no default, issue 9). These tests are
# about parsing; they name the inputs as the rules' old defaults did, and a test that passes
# ``field=`` itself overrides it.
parse_date_de = partial(dates.parse_date_de, field="date")
parse_time_de = partial(dates.parse_time_de, field="time")
relative_due_date = partial(dates.relative_due_date, field="due_date")

# Monday 31 July 2017: the Quartier 2020 deadline and the date of press release P 309/2017.
TODAY = date(2017, 7, 31)
WEDNESDAY = date(2017, 10, 25)  # the Werkstattgespräch in Ulm

_dates = st.dates(min_value=date(1951, 1, 1), max_value=date(2099, 12, 31))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("heute", TODAY),
        ("Heute", TODAY),
        ("gestern", date(2017, 7, 30)),
        ("vorgestern", date(2017, 7, 29)),
        ("morgen", date(2017, 8, 1)),
        ("übermorgen", date(2017, 8, 2)),
        ("uebermorgen", date(2017, 8, 2)),
        ("25.10.2017", WEDNESDAY),
        ("25.10.17", WEDNESDAY),
        ("2017-10-25", WEDNESDAY),
        ("25. Oktober 2017", WEDNESDAY),
        ("25. Okt. 2017", WEDNESDAY),
        ("25 oktober 17", WEDNESDAY),
        ("Mittwoch, 25. Oktober 2017", WEDNESDAY),
        ("Mi 25.10.2017", WEDNESDAY),
        ("  25.10.2017 ", WEDNESDAY),
        ("1.3.2017", date(2017, 3, 1)),
        ("29.02.2016", date(2016, 2, 29)),
        ("3. März 2017", date(2017, 3, 3)),
        ("3. Maerz 2017", date(2017, 3, 3)),
        ("31.07.", TODAY),
        ("31.07", TODAY),
    ],
)
def test_parse_date(text: str, expected: date) -> None:
    assert parse_date_de(text, TODAY) == expected


def test_date_without_year_prefers_past_or_future() -> None:
    # Typed on 31.07.2017: "25.10." is last October for a consultation, this October for an event.
    assert parse_date_de("25.10.", TODAY) == date(2016, 10, 25)
    assert parse_date_de("25.10.", TODAY, prefer="future") == WEDNESDAY
    assert parse_date_de("3.7.", TODAY) == date(2017, 7, 3)
    assert parse_date_de("3.7.", TODAY, prefer="future") == date(2018, 7, 3)
    # In January, "28.12." for a consultation is the December just gone.
    assert parse_date_de("28.12.", date(2018, 1, 3)) == date(2017, 12, 28)
    assert parse_date_de("29.2.", date(2016, 3, 1)) == date(2016, 2, 29)


def test_feb_29_without_year_in_a_common_year_is_an_error() -> None:
    with pytest.raises(ValidationError, match="Der Februar 2017 hat 28 Tage"):
        parse_date_de("29.02.", date(2017, 1, 10), prefer="future")
    # Looking back, the most recent 29 February is meant.
    assert parse_date_de("29.02.", date(2017, 1, 10)) == date(2016, 2, 29)


@pytest.mark.parametrize(
    ("text", "prefer", "expected"),
    [
        ("Montag", "past", TODAY),  # today is a Monday: the most recent Monday is today
        ("Montag", "future", TODAY),
        ("Mittwoch", "past", date(2017, 7, 26)),
        ("Mittwoch", "future", date(2017, 8, 2)),
        ("mi", "future", date(2017, 8, 2)),
        ("So.", "past", date(2017, 7, 30)),
        ("letzten Montag", "past", date(2017, 7, 24)),
        ("letzten Freitag", "future", date(2017, 7, 28)),
        ("nächsten Montag", "past", date(2017, 8, 7)),
        ("nächsten Dienstag", "past", date(2017, 8, 1)),
        ("kommenden Sonntag", "past", date(2017, 8, 6)),
    ],
)
def test_weekdays(text: str, prefer: str, expected: date) -> None:
    assert parse_date_de(text, TODAY, prefer=prefer) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "31.02.2017",
            "„31.02.2017“ ist kein gültiges Datum: Der Februar 2017 hat 28 Tage.",
        ),
        ("32.1.", "„32.1.“ ist kein Datum. Erwartet z. B. 25.10.2017, 25.10. oder heute."),
        ("31.04.2018", "„31.04.2018“ ist kein gültiges Datum: Der April 2018 hat 30 Tage."),
        (
            "25.13.2017",
            "„25.13.2017“ ist kein Datum: Einen Monat 13 gibt es nicht, nur 1 bis 12. "
            "Erwartet z. B. 25.10.2017, 25.10. oder heute.",
        ),
        (
            "Dienstag, 25.10.2017",
            "„Dienstag, 25.10.2017“ widerspricht sich: Der 25.10.2017 ist ein Mittwoch, "
            "kein Dienstag.",
        ),
        (
            "25.10.1066",
            "„25.10.1066“ ist kein Datum: Das Jahr 1066 liegt nicht zwischen 1900 und 2100. "
            "Erwartet z. B. 25.10.2017, 25.10. oder heute.",
        ),
    ],
)
def test_date_errors_exact(text: str, message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_date_de(text, TODAY, field="consultation_date")
    assert caught.value.message == message
    assert caught.value.field == "consultation_date"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "irgendwann",
        "nächste Woche",  # a due-date phrase, not a date
        "25102017",
        "25/10/2017",  # not German; 10/25/2017 would be a guess
        "10/25/2017",
        "25.10.017",
        "2017-10",
        "0.1.2017",
        "25. Foo 2017",
        "Montag 5",
        "Mittwoch, 25. Oktober 2017 14:30",
        "heute morgen",
    ],
)
def test_date_rejects_everything_else(text: str) -> None:
    with pytest.raises(ValidationError, match="ist kein Datum"):
        parse_date_de(text, TODAY)


@given(_dates)
def test_formatted_dates_parse_back(day: date) -> None:
    for style in ("short", "long", "weekday"):
        assert parse_date_de(format_date_de(day, style), TODAY) == day
    assert parse_date_de(day.isoformat(), TODAY) == day
    assert parse_date_de(f"{day.day}.{day.month}.{day.year}", TODAY) == day


@given(_dates, st.dates(min_value=date(1990, 1, 1), max_value=date(2060, 12, 31)))
def test_year_less_dates_respect_preference(day: date, today: date) -> None:
    text = f"{day.day}.{day.month}."
    try:
        past = parse_date_de(text, today, prefer="past")
        future = parse_date_de(text, today, prefer="future")
    except ValidationError:
        assert (day.month, day.day) == (2, 29)
        return
    assert past <= today <= future
    assert (past.month, past.day) == (future.month, future.day) == (day.month, day.day)
    assert (today - past).days < 366 * 4 and (future - today).days < 366 * 4


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2060, 12, 31)), st.integers(0, 6))
def test_weekday_names_within_a_week(today: date, weekday: int) -> None:
    name = ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"]
    past = parse_date_de(name[weekday], today, prefer="past")
    future = parse_date_de(name[weekday], today, prefer="future")
    assert past.weekday() == future.weekday() == weekday
    assert 0 <= (today - past).days <= 6
    assert 0 <= (future - today).days <= 6
    last = parse_date_de(f"letzten {name[weekday]}", today)
    nxt = parse_date_de(f"nächsten {name[weekday]}", today)
    assert 1 <= (today - last).days <= 7
    assert 1 <= (nxt - today).days <= 7


def test_two_digit_years_within_fifty_years() -> None:
    assert parse_date_de("1.1.66", TODAY) == date(2066, 1, 1)
    assert parse_date_de("1.1.67", TODAY) == date(1967, 1, 1)
    assert parse_date_de("1.1.99", date(2001, 1, 1)) == date(1999, 1, 1)


# --- time -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("14:30", time(14, 30)),
        ("14.30", time(14, 30)),
        ("9.15", time(9, 15)),
        ("09:15", time(9, 15)),
        ("14 Uhr", time(14)),
        ("14Uhr", time(14)),
        ("14:30 Uhr", time(14, 30)),
        ("14 Uhr 30", time(14, 30)),
        ("14h", time(14)),
        ("9", time(9)),
        ("1430", time(14, 30)),
        ("0:00", time(0)),
        ("23:59", time(23, 59)),
    ],
)
def test_parse_time(text: str, expected: time) -> None:
    assert parse_time_de(text) == expected


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("25:00", "Stunden gehen von 0 bis 23"),
        ("24:00", "Stunden gehen von 0 bis 23"),
        ("14:60", "Minuten gehen von 0 bis 59"),
        ("halb drei", "ist keine Uhrzeit"),
        ("14:3", "ist keine Uhrzeit"),
        ("", "ist keine Uhrzeit"),
        ("930", "ist keine Uhrzeit"),
    ],
)
def test_time_errors(text: str, fragment: str) -> None:
    with pytest.raises(ValidationError, match=fragment) as caught:
        parse_time_de(text, field="start_time")
    assert caught.value.field == "start_time"
    assert "14:30" in caught.value.message


@given(st.times())
def test_times_roundtrip(moment: time) -> None:
    assert parse_time_de(f"{moment:%H:%M}") == moment.replace(second=0, microsecond=0)
    assert parse_time_de(f"{moment.hour}.{moment:%M} Uhr") == moment.replace(
        second=0, microsecond=0
    )


# --- due dates ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("in 2 Wochen", date(2017, 8, 14)),
        ("in zwei Wochen", date(2017, 8, 14)),
        ("in einer Woche", date(2017, 8, 7)),
        ("in 3 Tagen", date(2017, 8, 3)),
        ("in einem Tag", date(2017, 8, 1)),
        ("in einem Monat", date(2017, 8, 31)),
        ("in 6 Monaten", date(2018, 1, 31)),
        ("in einem Jahr", date(2018, 7, 31)),
        ("nächste Woche", date(2017, 8, 7)),
        ("Nächste Woche", date(2017, 8, 7)),
        ("übernächste Woche", date(2017, 8, 14)),
        ("nächsten Monat", date(2017, 8, 31)),
        ("Ende des Monats", date(2017, 7, 31)),
        ("Monatsende", date(2017, 7, 31)),
        ("Ende nächsten Monats", date(2017, 8, 31)),
        ("morgen", date(2017, 8, 1)),
        ("Freitag", date(2017, 8, 4)),
        ("25.10.", WEDNESDAY),
        ("25.10.2017", WEDNESDAY),
    ],
)
def test_relative_due_date(text: str, expected: date) -> None:
    assert relative_due_date(text, TODAY) == expected


def test_next_month_is_clamped() -> None:
    assert relative_due_date("nächsten Monat", date(2017, 1, 31)) == date(2017, 2, 28)
    assert relative_due_date("in einem Monat", date(2016, 1, 31)) == date(2016, 2, 29)
    assert relative_due_date("Ende nächsten Monats", date(2017, 1, 31)) == date(2017, 2, 28)


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2060, 12, 31)))
def test_next_week_is_a_monday_within_eight_days(today: date) -> None:
    monday = relative_due_date("nächste Woche", today)
    assert monday.weekday() == 0
    assert 1 <= (monday - today).days <= 7
    assert relative_due_date("übernächste Woche", today) == monday + timedelta(weeks=1)
    end = relative_due_date("Ende des Monats", today)
    assert end.month == today.month and (end + timedelta(days=1)).day == 1


@pytest.mark.parametrize("text", ["bald", "in 2 Wochchen", "in vielen Tagen", "nächstes Jahr"])
def test_due_date_errors(text: str) -> None:
    with pytest.raises(ValidationError) as caught:
        relative_due_date(text, TODAY)
    assert caught.value.message.startswith(f"„{text}“ ist kein Termin.")
    assert "in 2 Wochen" in caught.value.message
    assert caught.value.field == "due_date"


def test_due_date_keeps_specific_date_error() -> None:
    with pytest.raises(ValidationError, match=re.escape("Der Februar 2017 hat 28 Tage.")):
        relative_due_date("31.02.2017", TODAY)


def test_due_date_too_far() -> None:
    with pytest.raises(ValidationError, match="zu weit in der Zukunft"):
        relative_due_date("in 9999 Jahren", TODAY)


# --- formatting and holidays ----------------------------------------------------------------


def test_format_date_de() -> None:
    assert format_date_de(TODAY) == "31.07.2017"
    assert format_date_de(date(2017, 3, 1)) == "01.03.2017"
    assert format_date_de(TODAY, "long") == "31. Juli 2017"
    assert format_date_de(WEDNESDAY, "weekday") == "Mittwoch, 25. Oktober 2017"
    assert format_date_de(date(2017, 3, 3), "long") == "3. März 2017"
    assert format_date_de(WEDNESDAY, "month") == "Oktober 2017"


def test_an_event_span_names_its_day_once_or_both_days() -> None:
    """Invitations, lists and the command line say when an event is in one way (UTC stored)."""
    starts = datetime(2017, 10, 25, 8, 0, tzinfo=UTC)  # 10:00 in Ulm (summer time)
    same_day = datetime(2017, 10, 25, 14, 0, tzinfo=UTC)
    assert format_span_de(starts, same_day) == "Mittwoch, 25. Oktober 2017, 10:00\u201316:00 Uhr"
    assert format_span_de(starts, None) == "Mittwoch, 25. Oktober 2017, 10:00 Uhr"
    next_day = datetime(2017, 10, 26, 10, 0, tzinfo=UTC)
    assert format_span_de(starts, next_day) == (
        "Mittwoch, 25. Oktober 2017, 10:00 Uhr bis Donnerstag, 26. Oktober 2017, 12:00 Uhr"
    )
    # Ends after midnight UTC but before midnight in Stuttgart: still one day for the office.
    late = datetime(2017, 10, 25, 21, 30, tzinfo=UTC)  # 23:30 local
    assert format_span_de(starts, late).endswith("10:00\u201323:30 Uhr")


def test_a_moment_shows_the_office_day_and_wall_clock() -> None:
    """Stored instants are UTC; people see the office's day and time (decision 3)."""
    late = datetime(2017, 10, 24, 22, 30, tzinfo=UTC)  # 00:30 on the 25th in Stuttgart
    assert office_day(late) == WEDNESDAY
    assert format_date_de(late) == "25.10.2017"
    assert format_time_de(late) == "00:30"
    assert format_datetime_de(late) == "25.10.2017, 00:30"
    assert format_datetime_de(late, "compact") == "25.10.2017 00:30"
    # A naive moment (a spreadsheet cell) is the office's wall clock already.
    assert format_datetime_de(datetime(2017, 10, 25, 14, 30)) == "25.10.2017, 14:30"
    assert format_datetime_de(datetime(2017, 10, 25, 14, 30, tzinfo=OFFICE_TIME_ZONE)) == (
        "25.10.2017, 14:30"
    )
    assert format_time_de(time(9, 5)) == "09:05"
    assert office_day(WEDNESDAY) == WEDNESDAY


def test_parse_short_date_de_reads_what_format_date_de_writes() -> None:
    assert parse_short_date_de(format_date_de(WEDNESDAY)) == WEDNESDAY
    assert parse_short_date_de(" 1.3.2017 ") == date(2017, 3, 1)
    for text in ("25.10.17", "heute", "2017-10-25", "31.02.2017"):
        with pytest.raises(ValueError):
            parse_short_date_de(text)


@pytest.mark.parametrize(
    ("day", "name"),
    [
        (date(2017, 10, 31), "Reformationstag"),  # one-off national holiday in 2017
        (date(2017, 11, 1), "Allerheiligen"),
        (date(2017, 1, 6), "Heilige Drei Könige"),
        (date(2017, 6, 15), "Fronleichnam"),
        (date(2017, 10, 3), "Tag der Deutschen Einheit"),
        (date(2017, 12, 25), "Erster Weihnachtstag"),
    ],
)
def test_public_holidays_bw(day: date, name: str) -> None:
    assert public_holiday_bw(day) == name


@pytest.mark.parametrize(
    "day",
    [
        WEDNESDAY,
        date(2018, 10, 31),  # Reformationstag is not a holiday in BW in other years
        date(2017, 8, 15),  # Mariä Himmelfahrt: Bavaria and Saarland only
        date(2017, 12, 24),
        date(2017, 11, 22),  # Buß- und Bettag: Saxony only
    ],
)
def test_not_holidays_bw(day: date) -> None:
    assert public_holiday_bw(day) is None


def test_leap_day_without_year_on_the_wrong_side_of_today_is_a_clear_error() -> None:
    """Found by hypothesis: "29.2." typed on 1 January 2000 for the past has no 29 February in
    the previous year; it crashed with an AssertionError instead of a German message."""
    with pytest.raises(ValidationError) as caught:
        parse_date_de("29.2.", date(2000, 1, 1), prefer="past")
    assert "Jahr mit an" in caught.value.message
    assert parse_date_de("29.2.", date(2000, 1, 1), prefer="future") == date(2000, 2, 29)



@given(st.dates(), st.times())
def test_short_dates_and_times_are_babels_digits(day: date, moment: time) -> None:
    """The short date and the time are written without Babel (start-up, issue 16): they must
    stay exactly Babel's ``dd.MM.yyyy`` and ``HH:mm`` for de_DE."""
    from babel.dates import format_date, format_time

    assert format_date_de(day) == format_date(day, "dd.MM.yyyy", locale="de_DE")
    assert format_time_de(moment) == format_time(moment, "HH:mm", locale="de_DE")


def test_short_forms_of_an_aware_moment_are_office_time() -> None:
    late = datetime(2024, 3, 31, 23, 30, tzinfo=UTC)  # 01:30 on 1 April in Stuttgart (CEST)
    assert format_time_de(late) == "01:30"
    assert format_date_de(late) == "01.04.2024"
