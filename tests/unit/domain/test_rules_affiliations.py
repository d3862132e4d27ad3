"""When a role counts as current and which role speaks for a person."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from beratung.domain.rules.affiliations import current_affiliation, is_current

TODAY = date(2024, 5, 15)


@dataclass(frozen=True)
class Role:
    name: str
    valid_to: date | None = None
    is_primary: bool = False


def test_a_role_is_current_until_the_end_of_its_last_day() -> None:
    assert is_current(None, TODAY)
    assert is_current(TODAY, TODAY)
    assert not is_current(date(2024, 5, 14), TODAY)


def test_the_current_primary_role_speaks_for_the_person() -> None:
    roles = [Role("a"), Role("b", is_primary=True), Role("c")]
    assert current_affiliation(roles, TODAY) == roles[1]


def test_without_a_current_primary_the_first_current_role_does() -> None:
    ended = date(2020, 1, 1)
    roles = [Role("old", valid_to=ended, is_primary=True), Role("b"), Role("c")]
    assert current_affiliation(roles, TODAY) == roles[1]
    assert current_affiliation([Role("x", valid_to=ended)], TODAY) is None
    assert current_affiliation([], TODAY) is None
