"""Retention periods as pure rules: needs N weeks after the event (or earlier when stored so),
contacts reviewed N years after their last activity, consultations kept N years."""

from __future__ import annotations

from datetime import date

import pytest

from beratung.domain.errors import ValidationError
from beratung.domain.rules.retention import (
    RetentionSettings,
    consultation_due_on,
    contact_review_due_on,
    is_due,
    needs_due_on,
    years_after,
)


def test_needs_four_weeks_after_the_event_by_default() -> None:
    assert RetentionSettings().needs_weeks == 4
    assert needs_due_on(date(2017, 10, 25), 4) == date(2017, 11, 22)
    # a shorter period applies to needs stored under the longer one
    assert needs_due_on(date(2017, 10, 25), 2, stored=date(2017, 11, 22)) == date(2017, 11, 8)
    # an earlier stored date (consent given only until then) wins
    assert needs_due_on(date(2017, 10, 25), 4, stored=date(2017, 11, 1)) == date(2017, 11, 1)


def test_due_on_the_day_itself() -> None:
    assert is_due(date(2017, 11, 22), date(2017, 11, 22))
    assert not is_due(date(2017, 11, 22), date(2017, 11, 21))


def test_years_handle_the_leap_day() -> None:
    assert years_after(date(2016, 2, 29), 1) == date(2017, 2, 28)
    assert years_after(date(2016, 2, 29), 4) == date(2020, 2, 29)
    assert years_after(date(2026, 3, 10), -10) == date(2016, 3, 10)
    assert contact_review_due_on(date(2017, 5, 17), 3) == date(2020, 5, 17)
    assert consultation_due_on(date(2017, 5, 17), 10) == date(2027, 5, 17)


@pytest.mark.parametrize(
    ("field", "value"),
    [("needs_weeks", -1), ("needs_weeks", 105), ("contacts_review_years", 0),
     ("consultations_years", 51), ("consultations_years", True)],
)
def test_settings_out_of_range_name_their_field(field: str, value: int) -> None:
    settings = RetentionSettings(**{field: value})  # type: ignore[arg-type]
    with pytest.raises(ValidationError) as caught:
        settings.validated()
    assert caught.value.field == field
