"""Cleaning typed and imported text: the two rules and the contacts forms' choice between them."""

from __future__ import annotations

import pytest

from beratung.domain.rules.text import clean_field, clean_line, clean_text


@pytest.mark.parametrize("blank", [None, "", "   ", "\n", "\r\n", "\t \u00a0"])
def test_blank_is_none_for_every_rule(blank: str | None) -> None:
    assert clean_text(blank) is None
    assert clean_line(blank) is None
    assert clean_field(blank) is None


def test_clean_text_keeps_the_layout_and_unifies_line_breaks() -> None:
    assert clean_text("  Stadt  Ulm \n") == "Stadt  Ulm"
    assert clean_text("Zeile 1\r\nZeile 2\rZeile 3\n") == "Zeile 1\nZeile 2\nZeile 3"
    assert clean_text("\n\n  Absatz\n\n  eingerückt  ") == "Absatz\n\n  eingerückt"


def test_clean_line_collapses_every_run_of_whitespace() -> None:
    assert clean_line("  Stadt \t Ulm ") == "Stadt Ulm"
    assert clean_line("Haupt-\nstraße\u00a01") == "Haupt- straße 1"


def test_clean_field_keeps_lines_the_user_typed() -> None:
    assert clean_field("  Dr.   Anna ") == "Dr. Anna"
    assert clean_field("Hauptstraße 1\n  Hinterhaus ") == "Hauptstraße 1\n  Hinterhaus"


def test_non_text_is_cleaned_as_the_text_it_shows() -> None:
    """A spreadsheet cell may hold a number (a postcode, a population)."""
    assert clean_field(70173) == "70173"
    assert clean_line(8.5) == "8.5"
    assert clean_text(0) == "0"
