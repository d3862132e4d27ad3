"""Planning warnings of events, late registrations, and date proposals from a German rule."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from beratung.domain.rules import events
from beratung.domain.rules.events import (
    PlanningWarning,
    late_registration_warning,
    planning_warnings,
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
