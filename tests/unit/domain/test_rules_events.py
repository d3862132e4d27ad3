"""Planning warnings of events, late registrations, and date proposals from a German rule."""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from beratung.domain.errors import ValidationError
from beratung.domain.rules import events
from beratung.domain.rules.dates import public_holiday_bw
from beratung.domain.rules.events import (
    PlanningWarning,
    ProposedDate,
    Recurrence,
    late_registration_warning,
    parse_recurrence,
    planning_warnings,
    propose_dates,
)

# Monday 31 July 2017: the Quartier 2020 deadline and the date of press release P 309/2017.
TODAY = date(2017, 7, 31)
ULM = date(2017, 10, 25)  # Wednesday: the Werkstattgespräch in Ulm
FIELDS = {"starts_at", "ends_at", "registration_deadline", "capacity", "venue_id"}


def warn(**overrides: Any) -> list[PlanningWarning]:
    """The warnings for the Werkstattgespräch in Ulm, changed by ``overrides``."""
    values: dict[str, Any] = {
        "starts_on": ULM,
        "ends_on": None,
        "deadline": date(2017, 10, 13),
        "capacity": 60,
        "venue_capacity": 80,
        "other_events_on_days": [],
        "today": TODAY,
    }
    values.update(overrides)
    return planning_warnings(**values)


def codes(warnings: list[PlanningWarning]) -> list[str]:
    return [w.code for w in warnings]


def test_the_real_werkstattgespraech_needs_no_second_look() -> None:
    assert warn() == []


def test_a_holiday_in_baden_wuerttemberg_is_named_in_german() -> None:
    assert warn(starts_on=date(2017, 10, 3), deadline=None) == [
        PlanningWarning(
            "holiday",
            "Der 3. Oktober 2017 ist ein Feiertag in Baden-Württemberg "
            "(Tag der Deutschen Einheit).",
            "starts_at",
        )
    ]
    # Holidays of Baden-Württemberg, not of other states: Epiphany yes, Buß- und Bettag no.
    assert codes(warn(starts_on=date(2018, 1, 6), deadline=None)) == ["holiday", "weekend"]
    assert warn(starts_on=date(2017, 11, 22), deadline=None) == []
    # The one-off Reformationstag of 2017, but not in 2018.
    assert "Reformationstag" in warn(starts_on=date(2017, 10, 31), deadline=None)[0].message
    assert warn(starts_on=date(2018, 10, 31), deadline=None) == []


def test_a_weekend_day_is_named() -> None:
    assert warn(starts_on=date(2017, 10, 28), deadline=None) == [
        PlanningWarning("weekend", "Der 28. Oktober 2017 ist ein Samstag.", "starts_at")
    ]
    assert warn(starts_on=date(2017, 10, 29), deadline=None)[0].message == (
        "Der 29. Oktober 2017 ist ein Sonntag."
    )


def test_another_event_on_the_same_day() -> None:
    others = [
        (ULM, "Werkstattgespräch Ulm"),
        (ULM, "Werkstattgespräch Ulm"),  # repeated: warns once
        (date(2017, 10, 26), "Netzwerktreffen"),  # another day: no warning
        (ULM, "Fachtag Quartier 2020"),
    ]
    assert [(w.code, w.message, w.field) for w in warn(other_events_on_days=others)] == [
        ("same_day", "Am 25. Oktober 2017 ist schon „Werkstattgespräch Ulm“ geplant.", "starts_at"),
        ("same_day", "Am 25. Oktober 2017 ist schon „Fachtag Quartier 2020“ geplant.", "starts_at"),
    ]


def test_a_deadline_after_the_start() -> None:
    assert warn(deadline=date(2017, 10, 30)) == [
        PlanningWarning(
            "deadline_after_start",
            "Die Anmeldefrist (30.10.2017) liegt nach dem Beginn (25.10.2017).",
            "registration_deadline",
        )
    ]
    assert warn(deadline=ULM) == []  # registering until the day itself is fine
    assert warn(deadline=None) == []


def test_a_venue_too_small() -> None:
    assert warn(capacity=60, venue_capacity=40) == [
        PlanningWarning(
            "over_capacity", "Der Veranstaltungsort fasst 40 Personen, geplant sind 60.", "venue_id"
        )
    ]
    assert warn(capacity=1500, venue_capacity=1)[0].message == (
        "Der Veranstaltungsort fasst 1 Person, geplant sind 1.500."
    )
    assert warn(capacity=60, venue_capacity=60) == []
    assert warn(capacity=None, venue_capacity=40) == []
    assert warn(capacity=60, venue_capacity=None) == []


def test_a_date_in_the_past_warns_for_a_new_event_only() -> None:
    past = date(2017, 7, 26)
    assert warn(starts_on=past, deadline=None) == [
        PlanningWarning("in_past", "Der 26. Juli 2017 liegt in der Vergangenheit.", "starts_at")
    ]
    assert warn(starts_on=past, deadline=None, is_new=False) == []
    assert warn(starts_on=TODAY, deadline=None) == []  # today is not the past


def test_a_multi_day_event_checks_every_day_and_blames_the_end_for_later_days() -> None:
    # Friday 29 September to Tuesday 3 October 2017: a weekend and the Tag der Deutschen Einheit.
    found = warn(
        starts_on=date(2017, 9, 29),
        ends_on=date(2017, 10, 3),
        deadline=None,
        other_events_on_days=[(date(2017, 10, 2), "Netzwerktreffen"), (ULM, "Fachtag")],
    )
    assert [(w.code, w.field) for w in found] == [
        ("weekend", "ends_at"),
        ("weekend", "ends_at"),
        ("same_day", "ends_at"),
        ("holiday", "ends_at"),
    ]
    assert found[0].message == "Der 30. September 2017 ist ein Samstag."
    assert found[2].message == "Am 2. Oktober 2017 ist schon „Netzwerktreffen“ geplant."


def test_an_end_before_the_start_is_left_to_the_service() -> None:
    assert warn(ends_on=ULM - timedelta(days=3)) == []


def test_a_very_long_period_asks_whether_the_end_is_right() -> None:
    found = warn(starts_on=date(2017, 10, 28), ends_on=date(2018, 10, 25), deadline=None)
    assert found == [
        PlanningWarning("weekend", "Der 28. Oktober 2017 ist ein Samstag.", "starts_at"),
        PlanningWarning(
            "long_period",
            "Die Veranstaltung dauert 363 Tage, vom 28.10.2017 bis zum 25.10.2018. "
            "Stimmt das Ende?",
            "ends_at",
        ),
    ]
    two_weeks = warn(ends_on=ULM + timedelta(days=events.MAX_CHECKED_DAYS - 1), deadline=None)
    assert "long_period" not in codes(two_weeks)
    assert codes(two_weeks).count("weekend") == 4


def test_everything_at_once_comes_in_form_order() -> None:
    found = warn(
        starts_on=date(2017, 7, 1),
        deadline=date(2017, 7, 3),
        capacity=60,
        venue_capacity=40,
        other_events_on_days=[(date(2017, 7, 1), "Sommerfest")],
    )
    assert codes(found) == [
        "in_past",
        "weekend",
        "same_day",
        "deadline_after_start",
        "over_capacity",
    ]


# The first look at a year builds its holiday calendar (and the first message loads Babel's
# locale data): slow once, fast after, which hypothesis' per-example deadline would call flaky.
COLD_CACHES = settings(deadline=None)


@COLD_CACHES
@given(
    starts_on=st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)),
    length=st.integers(min_value=0, max_value=20),
    deadline=st.none() | st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)),
    capacity=st.none() | st.integers(min_value=1, max_value=5000),
    venue_capacity=st.none() | st.integers(min_value=1, max_value=5000),
    today=st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)),
)
def test_every_warning_has_a_known_code_a_form_field_and_a_german_sentence(
    starts_on: date,
    length: int,
    deadline: date | None,
    capacity: int | None,
    venue_capacity: int | None,
    today: date,
) -> None:
    found = planning_warnings(
        starts_on=starts_on,
        ends_on=starts_on + timedelta(days=length),
        deadline=deadline,
        capacity=capacity,
        venue_capacity=venue_capacity,
        other_events_on_days=[(starts_on + timedelta(days=length), "Netzwerktreffen")],
        today=today,
    )
    for warning in found:
        assert warning.code in events.PLANNING_CODES
        assert warning.field in FIELDS
        assert warning.message.endswith((".", "?"))
        assert "%" not in warning.message
    assert ("same_day" in codes(found)) == (length < events.MAX_CHECKED_DAYS)
    weekend_days = sum(
        (starts_on + timedelta(days=i)).weekday() >= 5
        for i in range(length + 1 if length < events.MAX_CHECKED_DAYS else 1)
    )
    assert codes(found).count("weekend") == weekend_days


def test_a_late_registration() -> None:
    deadline = date(2017, 10, 13)
    assert late_registration_warning(deadline, deadline) is None
    assert late_registration_warning(deadline, date(2017, 10, 1)) is None
    assert late_registration_warning(None, ULM) is None
    assert late_registration_warning(deadline, date(2017, 10, 14)) == (
        "Die Anmeldefrist endete am 13.10.2017; diese Anmeldung kommt 1 Tag zu spät."
    )
    assert late_registration_warning(deadline, date(2017, 10, 20)) == (
        "Die Anmeldefrist endete am 13.10.2017; diese Anmeldung kommt 7 Tage zu spät."
    )


# --- Date proposals from a German rule -------------------------------------------------------


def days(proposals: list[ProposedDate]) -> list[date]:
    return [p.day for p in proposals if not p.skipped]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("jeden 3. Mittwoch im März und Oktober", Recurrence("month", 2, 3, (3, 10))),
        ("Jeden  dritten MITTWOCH im Oktober und März.", Recurrence("month", 2, 3, (3, 10))),
        ("jeder 3. Mittwoch im Okt., Maerz und Okt", Recurrence("month", 2, 3, (3, 10))),
        ("jeden ersten Dienstag im Monat", Recurrence("month", 1, 1)),
        ("jeden 1. Dienstag im Monat", Recurrence("month", 1, 1)),
        ("jeden vierten Sonntag im Monat", Recurrence("month", 6, 4)),
        ("jeden letzten Freitag im Quartal", Recurrence("quarter", 4, -1)),
        ("jeden ersten Montag im Quartal", Recurrence("quarter", 0, 1)),
        ("jeden vorletzten Donnerstag im Dezember", Recurrence("month", 3, -2, (12,))),
        (
            "jeden 2. Donnerstag im März, Juni, September und Dezember",
            Recurrence("month", 3, 2, (3, 6, 9, 12)),
        ),
        (
            "jeden 2. Donnerstag im Januar, Februar, März, April, Mai, Juni, Juli, August, "
            "September, Oktober, November und Dezember",
            Recurrence("month", 3, 2),
        ),
        ("alle zwei Wochen mittwochs", Recurrence("week", 2, interval=2)),
        ("alle 2 Wochen am Mittwoch", Recurrence("week", 2, interval=2)),
        ("alle zwölf Wochen dienstags", Recurrence("week", 1, interval=12)),
        ("alle 52 Wochen freitags", Recurrence("week", 4, interval=52)),
        ("jeden Mittwoch", Recurrence("week", 2)),
        ("mittwochs", Recurrence("week", 2)),
        ("jede Woche mittwochs", Recurrence("week", 2)),
        ("wöchentlich am Samstag", Recurrence("week", 5)),
    ],
)
def test_parse_recurrence(text: str, expected: Recurrence) -> None:
    assert parse_recurrence(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("jeden 3. Mittwoch im März und Oktober", "jeden 3. Mittwoch im März und Oktober"),
        ("jeden ersten Dienstag im Monat", "jeden 1. Dienstag im Monat"),
        ("jeden letzten Freitag im Quartal", "jeden letzten Freitag im Quartal"),
        ("jeden vorletzten Montag im Okt.", "jeden vorletzten Montag im Oktober"),
        ("alle 2 Wochen am Mittwoch", "alle zwei Wochen mittwochs"),
        ("alle 20 Wochen am Mittwoch", "alle 20 Wochen mittwochs"),
        ("wöchentlich mittwochs", "jeden Mittwoch"),
        (
            "jeden 2. Donnerstag im Dezember, Juni, März und September",
            "jeden 2. Donnerstag im März, Juni, September und Dezember",
        ),
    ],
)
def test_a_rule_is_confirmed_in_canonical_words(text: str, expected: str) -> None:
    assert parse_recurrence(text).describe() == expected


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("", "Bitte geben Sie eine Terminregel ein."),
        ("   ", "Bitte geben Sie eine Terminregel ein."),
        ("irgendwann im Herbst", "„irgendwann im Herbst“ ist keine bekannte Terminregel."),
        ("am Mittwoch", "„am Mittwoch“ ist keine bekannte Terminregel."),
        ("jeden Mittwoch im März", "ist keine bekannte Terminregel."),
        ("jeden 0. Mittwoch im März", "ist keine bekannte Terminregel."),
        ("jeden 3. Mitwoch im März", "„Mitwoch“ ist kein Wochentag"),
        ("alle zwei Wochen mitwochs", "„mitwochs“ ist kein Wochentag"),
        ("jeden 3. Mittwoch im Oktobr", "„Oktobr“ ist kein Monat"),
        ("jeden 3. Mittwoch im März,, Mai", "ist keine bekannte Terminregel."),
        ("alle 1 Wochen mittwochs", "„alle 1 Wochen“ geht nur mit 2 bis 52 Wochen"),
        ("alle 53 Wochen mittwochs", "„alle 53 Wochen“ geht nur mit 2 bis 52 Wochen"),
        ("alle dreizehn Wochen mittwochs", "geht nur mit 2 bis 52 Wochen"),
        ("jeden 7. Mittwoch im Monat", "Ein Mittwoch kommt in einem Monat höchstens fünfmal vor"),
        (
            "jeden 5. Freitag im Monat",
            "„jeden 5. Freitag im Monat“: Einen 5. Freitag gibt es nicht in jedem Monat. "
            "Erwartet z. B. „jeden letzten Freitag im Monat“ oder „jeden 4. Freitag im Monat“.",
        ),
        (
            "jeden fünften Freitag im Quartal",
            "Einen 5. Freitag gibt es nicht in jedem Monat.",
        ),
        (
            "jeden zweiten Mittwoch",
            "„jeden zweiten Mittwoch“ ist mehrdeutig: alle zwei Wochen oder der 2. Mittwoch "
            "jedes Monats? Erwartet z. B. „alle zwei Wochen mittwochs“ oder „jeden 2. Mittwoch "
            "im Monat“.",
        ),
        (
            "jeden letzten Freitag",
            "„jeden letzten Freitag“: Bitte sagen Sie, in welchem Zeitraum gezählt wird. "
            "Erwartet z. B. „jeden letzten Freitag im Monat“ oder „jeden letzten Freitag im "
            "Quartal“.",
        ),
    ],
)
def test_anything_else_is_refused_with_two_examples(text: str, says: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_recurrence(text)
    assert caught.value.field == "recurrence"
    assert says in caught.value.message
    assert re.search(r"Erwartet z\. B\. „[^“]+“ oder „[^“]+“\.$", caught.value.message)


@given(st.text(max_size=60))
def test_no_text_is_guessed_at_or_crashes(text: str) -> None:
    try:
        understood = parse_recurrence(text)
    except ValidationError as error:
        assert error.field == "recurrence"
    else:
        assert parse_recurrence(understood.describe()) == understood


def test_the_werkstattgespraeche_in_march_and_october() -> None:
    rule = parse_recurrence("jeden 3. Mittwoch im März und Oktober")
    assert days(propose_dates(rule, start=date(2017, 7, 31), count=4)) == [
        date(2017, 10, 18),
        date(2018, 3, 21),
        date(2018, 10, 17),
        date(2019, 3, 20),
    ]
    # The start day itself counts when it fits the rule.
    assert days(propose_dates(rule, start=date(2017, 10, 18), count=1)) == [date(2017, 10, 18)]


def test_a_holiday_is_skipped_and_reported_in_its_place() -> None:
    rule = parse_recurrence("jeden ersten Dienstag im Monat")
    proposals = propose_dates(rule, start=date(2017, 8, 1), count=4)
    assert proposals == [
        ProposedDate(date(2017, 8, 1)),
        ProposedDate(date(2017, 9, 5)),
        ProposedDate(date(2017, 10, 3), "Tag der Deutschen Einheit", skipped=True),
        ProposedDate(date(2017, 11, 7)),
        ProposedDate(date(2017, 12, 5)),
    ]
    assert proposals[0].note is None
    assert proposals[2].note == (
        "3. Oktober 2017 ist ein Feiertag (Tag der Deutschen Einheit) – übersprungen"
    )
    kept = propose_dates(rule, start=date(2017, 8, 1), count=4, skip_holidays=False)
    assert kept[2] == ProposedDate(date(2017, 10, 3), "Tag der Deutschen Einheit")
    assert kept[2].note == "3. Oktober 2017 ist ein Feiertag (Tag der Deutschen Einheit)"
    assert len(kept) == 4


def test_the_last_friday_of_the_quarter_skips_good_friday() -> None:
    rule = parse_recurrence("jeden letzten Freitag im Quartal")
    proposals = propose_dates(rule, start=date(2018, 1, 1), count=4)
    assert [(p.day, p.skipped) for p in proposals] == [
        (date(2018, 3, 30), True),  # Karfreitag
        (date(2018, 6, 29), False),
        (date(2018, 9, 28), False),
        (date(2018, 12, 28), False),
        (date(2019, 3, 29), False),
    ]


def test_every_other_week_counts_from_the_first_such_weekday() -> None:
    rule = parse_recurrence("alle zwei Wochen mittwochs")
    # From Thursday 26 October 2017 the rhythm starts six days later, not thirteen; that first
    # Wednesday is Allerheiligen, so it is skipped, and the rhythm keeps its beat.
    proposals = propose_dates(rule, start=date(2017, 10, 26), count=3)
    assert proposals == [
        ProposedDate(date(2017, 11, 1), "Allerheiligen", skipped=True),
        ProposedDate(date(2017, 11, 15)),
        ProposedDate(date(2017, 11, 29)),
        ProposedDate(date(2017, 12, 13)),
    ]


def test_count_and_the_end_of_the_calendar() -> None:
    rule = parse_recurrence("jeden Mittwoch")
    assert propose_dates(rule, start=ULM, count=0) == []
    with pytest.raises(ValueError, match="count"):
        propose_dates(rule, start=ULM, count=-1)
    assert days(propose_dates(rule, start=date(2100, 12, 1), count=10)) == [
        date(2100, 12, 1),
        date(2100, 12, 8),
        date(2100, 12, 15),
        date(2100, 12, 22),
        date(2100, 12, 29),
    ]


@pytest.mark.parametrize(
    "arguments",
    [
        {"period": "week", "weekday": 7},
        {"period": "week", "weekday": 2, "ordinal": 1},
        {"period": "week", "weekday": 2, "interval": 0},
        {"period": "month", "weekday": 2},
        {"period": "month", "weekday": 2, "ordinal": 5},
        {"period": "month", "weekday": 2, "ordinal": 1, "interval": 2},
        {"period": "month", "weekday": 2, "ordinal": 1, "months": (10, 3)},
        {"period": "month", "weekday": 2, "ordinal": 1, "months": (0,)},
        {"period": "month", "weekday": 2, "ordinal": 1, "months": tuple(range(1, 13))},
        {"period": "quarter", "weekday": 2, "ordinal": 1, "months": (1,)},
        {"period": "quarter", "weekday": 2, "ordinal": -3},
    ],
)
def test_a_recurrence_has_one_valid_representation(arguments: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        Recurrence(**arguments)


def test_only_a_holiday_is_skipped() -> None:
    with pytest.raises(ValueError):
        ProposedDate(ULM, skipped=True)


# Properties: every proposal matches the rule, as checked here without dateutil.

_recurrences = st.one_of(
    st.builds(
        Recurrence,
        period=st.just("week"),
        weekday=st.integers(0, 6),
        interval=st.integers(1, events.MAX_WEEKS),
    ),
    st.builds(
        Recurrence,
        period=st.just("month"),
        weekday=st.integers(0, 6),
        ordinal=st.sampled_from(events.ORDINALS),
        months=st.sets(st.integers(1, 12), max_size=11).map(lambda s: tuple(sorted(s))),
    ),
    st.builds(
        Recurrence,
        period=st.just("quarter"),
        weekday=st.integers(0, 6),
        ordinal=st.sampled_from(events.ORDINALS),
    ),
)


def _fits(rule: Recurrence, day: date, start: date) -> bool:
    """Whether ``day`` belongs to the rhythm that starts at ``start``: an independent reading of
    the rule (weekday, month, ordinal), not dateutil's."""
    if day.weekday() != rule.weekday or day < start:
        return False
    if rule.period == "week":
        first = start + timedelta(days=(rule.weekday - start.weekday()) % 7)
        return (day - first).days % (7 * rule.interval) == 0
    assert rule.ordinal is not None
    if rule.period == "quarter":
        position_in_quarter = (day.month - 1) % 3  # 0 first month, 2 last month
        if position_in_quarter != (0 if rule.ordinal > 0 else 2):
            return False
    elif rule.months and day.month not in rule.months:
        return False
    if rule.ordinal > 0:
        return (day.day - 1) // 7 + 1 == rule.ordinal
    days_in_month = calendar.monthrange(day.year, day.month)[1]
    return -((days_in_month - day.day) // 7 + 1) == rule.ordinal


@COLD_CACHES
@given(
    rule=_recurrences,
    start=st.dates(min_value=date(2000, 1, 1), max_value=date(2080, 12, 31)),
    count=st.integers(0, 12),
    skip_holidays=st.booleans(),
)
def test_proposals_are_exactly_the_rules_dates_from_the_start(
    rule: Recurrence, start: date, count: int, skip_holidays: bool
) -> None:
    proposals = propose_dates(rule, start=start, count=count, skip_holidays=skip_holidays)
    listed = [p.day for p in proposals]
    assert len(days(proposals)) == count
    assert listed == sorted(set(listed))  # strictly ascending
    assert all(day >= start for day in listed)
    assert all(_fits(rule, day, start) for day in listed)
    for proposal in proposals:
        assert proposal.holiday == public_holiday_bw(proposal.day)
        assert proposal.skipped == (skip_holidays and proposal.holiday is not None)
    if skip_holidays:
        assert all(public_holiday_bw(day) is None for day in days(proposals))
    if listed:  # nothing of the rule is left out between the start and the last proposal
        window = (start + timedelta(days=n) for n in range((listed[-1] - start).days + 1))
        assert [day for day in window if _fits(rule, day, start)] == listed


@given(_recurrences)
def test_the_canonical_words_read_back_as_the_same_rule(rule: Recurrence) -> None:
    assert parse_recurrence(rule.describe()) == rule
