"""Press numbering and the Aktenzeichen."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from beratung.domain.errors import ValidationError
from beratung.domain.rules.press import (
    file_reference,
    format_press_number,
    next_press_number,
    parse_press_number,
)


def test_reference_release() -> None:
    assert format_press_number(2017, 309) == "P 309/2017"
    assert file_reference("047.43", 2017, 309, "Co") == "047.43 - P 309/2017 · Co"


@pytest.mark.parametrize(
    "text", ["P 309/2017", "p309/2017", "309/2017", " P 309 / 2017 ", "P-309/2017", "P.309/2017"]
)
def test_parse_press_number(text: str) -> None:
    assert parse_press_number(text) == (2017, 309)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("", "keine Pressenummer"),
        ("P 309", "keine Pressenummer"),
        ("Q 309/2017", "keine Pressenummer"),
        ("P 309/17", "„17“ nicht vierstellig"),
        ("P 0/2017", "1 oder größer"),
        ("P 3/1850", "zwischen 1900 und 2100"),
        ("P 3.5/2017", "keine Pressenummer"),
    ],
)
def test_parse_errors(text: str, fragment: str) -> None:
    with pytest.raises(ValidationError, match=fragment) as caught:
        parse_press_number(text, field="number")
    assert caught.value.field == "number"


def test_format_errors() -> None:
    with pytest.raises(ValidationError, match="1 oder größer"):
        format_press_number(2017, 0)
    with pytest.raises(ValidationError, match="vierstellig"):
        format_press_number(17, 1)


def test_file_reference_variants() -> None:
    assert file_reference(" 047.43 ", 2018, 1, None) == "047.43 - P 1/2018"
    assert file_reference("047.43", 2018, 1, "  ") == "047.43 - P 1/2018"
    with pytest.raises(ValidationError) as caught:
        file_reference(" ", 2018, 1, "Co")
    assert caught.value.field == "file_plan_code"


def test_next_press_number() -> None:
    assert next_press_number(None) == 1  # first release of a new year: "P 1/2018"
    assert next_press_number(0) == 1
    assert next_press_number(309) == 310
    with pytest.raises(ValueError, match="negative"):
        next_press_number(-1)


@given(st.integers(1900, 2100), st.integers(1, 10**6))
def test_roundtrip(year: int, number: int) -> None:
    text = format_press_number(year, number)
    assert parse_press_number(text) == (year, number)
    assert parse_press_number(text.lower().replace(" ", "")) == (year, number)
    assert next_press_number(number) > number
