"""DIN 5008 address block, salutation and return line."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from beratung.domain.enums import Anrede
from beratung.domain.errors import ValidationError
from beratung.domain.rules.letters import (
    MAX_ADDRESS_LINES,
    AddressInput,
    address_block,
    fits_return_line,
    format_po_box,
    is_domestic,
    is_office,
    person_name,
    return_line,
    salutation,
    text_width_mm,
)

ULM: dict[str, Any] = {"street": "Marktplatz 1", "postcode": "89073", "town": "Ulm"}


def test_mayor_in_organisation_office_on_anrede_line() -> None:
    mayor = AddressInput(
        anrede=Anrede.HERR,
        title="Dr.",
        first_name="Max",
        last_name="Muster",
        role="Oberbürgermeister",
        organisation="Stadt Ulm",
        **ULM,
    )
    assert address_block(mayor) == (
        "Stadt Ulm",
        "Herrn Oberbürgermeister",
        "Dr. Max Muster",
        "Marktplatz 1",
        "89073 Ulm",
    )
    assert salutation(mayor) == "Sehr geehrter Herr Oberbürgermeister Dr. Muster,"


def test_woman_with_title_no_role() -> None:
    anna = AddressInput(
        anrede=Anrede.FRAU,
        title="Dr.",
        first_name="Anna",
        last_name="Beispiel",
        organisation="Stadt Ulm",
        department="Fachbereich Bildung und Soziales",
        **ULM,
    )
    assert address_block(anna) == (
        "Stadt Ulm",
        "Fachbereich Bildung und Soziales",
        "Frau Dr. Anna Beispiel",
        "Marktplatz 1",
        "89073 Ulm",
    )
    assert salutation(anna) == "Sehr geehrte Frau Dr. Beispiel,"


def test_female_role_used_as_entered() -> None:
    mayor = AddressInput(
        anrede=Anrede.FRAU,
        first_name="Erika",
        last_name="Muster",
        role="Bürgermeisterin",
        organisation="Gemeinde Talheim",
        street="Rathausplatz 1",
        postcode="74388",
        town="Talheim",
    )
    assert address_block(mayor)[1:3] == ("Frau Bürgermeisterin", "Erika Muster")
    assert salutation(mayor) == "Sehr geehrte Frau Bürgermeisterin Muster,"


def test_non_office_role_stays_out_of_address_and_salutation() -> None:
    person = AddressInput(
        anrede=Anrede.FRAU,
        first_name="Anna",
        last_name="Beispiel",
        role="Ansprechpartnerin Quartiersentwicklung",
        organisation="Stadt Ulm",
        **ULM,
    )
    assert address_block(person)[1] == "Frau Anna Beispiel"
    assert salutation(person) == "Sehr geehrte Frau Beispiel,"


def test_role_is_office_overrides_the_guess() -> None:
    forced = AddressInput(
        anrede=Anrede.FRAU,
        last_name="Beispiel",
        role="Sozialdezernentin",
        role_is_office=True,
        organisation="Stadt Ulm",
        **ULM,
    )
    assert address_block(forced)[1] == "Frau Sozialdezernentin"
    assert salutation(forced) == "Sehr geehrte Frau Sozialdezernentin Beispiel,"
    suppressed = AddressInput(
        anrede=Anrede.HERR,
        last_name="Muster",
        role="Oberbürgermeister",
        role_is_office=False,
        organisation="Stadt Ulm",
        **ULM,
    )
    assert address_block(suppressed)[1] == "Herrn Muster"
    assert salutation(suppressed) == "Sehr geehrter Herr Muster,"


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("Oberbürgermeister", True),
        ("Erste Bürgermeisterin", True),
        ("Landrätin", True),
        ("Sozial- und Integrationsminister", True),
        ("Regierungspräsidentin", True),
        ("Sachbearbeiterin", False),
        ("Sozialdezernentin", False),
        ("", False),
        (None, False),
    ],
)
def test_is_office(role: str | None, expected: bool) -> None:
    assert is_office(role) is expected


def test_private_address_without_organisation() -> None:
    alex = AddressInput(
        first_name="Alex",
        last_name="Beispiel",
        street="Hauptstraße 5",
        postcode="70173",
        town="Stuttgart",
    )
    assert address_block(alex) == ("Alex Beispiel", "Hauptstraße 5", "70173 Stuttgart")
    assert salutation(alex) == "Guten Tag Alex Beispiel,"


def test_anrede_none_with_office_and_title() -> None:
    person = AddressInput(
        title="Dr.",
        first_name="Alex",
        last_name="Beispiel",
        role="Bürgermeister",
        organisation="Stadt Ulm",
        **ULM,
    )
    assert address_block(person)[1:3] == ("Bürgermeister", "Dr. Alex Beispiel")
    assert salutation(person) == "Guten Tag Dr. Alex Beispiel,"


def test_country_only_for_foreign_addresses_uppercase_last() -> None:
    base: dict[str, Any] = {
        "last_name": "Muster",
        "anrede": Anrede.HERR,
        "street": "Bahnhofstrasse 1",
    }
    swiss = AddressInput(**base, postcode="8001", town="Zürich", country="Schweiz")
    assert address_block(swiss) == ("Herrn Muster", "Bahnhofstrasse 1", "8001 Zürich", "SCHWEIZ")
    for germany in (None, "", "Deutschland", "DE", "D", "germany", "Bundesrepublik Deutschland"):
        home = AddressInput(**base, postcode="70173", town="Stuttgart", country=germany)
        assert address_block(home)[-1] == "70173 Stuttgart"
        assert is_domestic(germany)


def test_po_box_used_when_no_street_or_preferred() -> None:
    only_box = AddressInput(last_name="Muster", po_box="106034", postcode="70049", town="Stuttgart")
    assert address_block(only_box) == ("Muster", "Postfach 10 60 34", "70049 Stuttgart")
    both = AddressInput(
        last_name="Muster", street="Marktplatz 1", po_box="106034", postcode="70173", town="S"
    )
    assert "Marktplatz 1" in address_block(both)
    preferred = AddressInput(
        last_name="Muster",
        street="Marktplatz 1",
        po_box="Postfach 10 60 34",
        prefer_po_box=True,
        postcode="70049",
        town="Stuttgart",
    )
    assert address_block(preferred)[1] == "Postfach 10 60 34"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("106034", "Postfach 10 60 34"),
        ("12345", "Postfach 1 23 45"),
        ("Postfach 10 60 34", "Postfach 10 60 34"),
        ("postfach 106034", "Postfach 10 60 34"),
        ("12 A", "Postfach 12 A"),
    ],
)
def test_format_po_box(raw: str, expected: str) -> None:
    assert format_po_box(raw) == expected


def test_seven_lines_join_office_and_name() -> None:
    full = AddressInput(
        anrede=Anrede.HERR,
        title="Dr.",
        first_name="Max",
        last_name="Muster",
        role="Oberbürgermeister",
        organisation="Ville de Strasbourg",
        department="Cabinet du Maire",
        street="1 Parc de l'Étoile",
        postcode="67076",
        town="Strasbourg",
        country="Frankreich",
    )
    assert address_block(full) == (
        "Ville de Strasbourg",
        "Cabinet du Maire",
        "Herrn Oberbürgermeister Dr. Max Muster",
        "1 Parc de l'Étoile",
        "67076 Strasbourg",
        "FRANKREICH",
    )


def test_too_many_lines_is_an_error_naming_the_person() -> None:
    crowded = AddressInput(
        anrede=Anrede.FRAU,
        first_name="Anna",
        last_name="Beispiel",
        organisation="Ministerium für Soziales\nund Integration Baden-Württemberg",
        department="Abteilung 3\nReferat 32 Quartiersentwicklung",
        street="Else-Josenhans-Straße 6",
        postcode="70173",
        town="Stuttgart",
    )
    with pytest.raises(ValidationError) as caught:
        address_block(crowded)
    message = caught.value.message
    assert "Anna Beispiel" in message
    assert "7 Zeilen" in message
    assert "1 zu viel" in message
    assert "„Referat 32 Quartiersentwicklung“" in message
    assert caught.value.field == "address"


def test_missing_last_name_and_town() -> None:
    with pytest.raises(ValidationError) as no_name:
        address_block(AddressInput(last_name="  ", town="Ulm"))
    assert no_name.value.field == "last_name"
    with pytest.raises(ValidationError) as no_town:
        address_block(AddressInput(last_name="Muster", street="Marktplatz 1"))
    assert no_town.value.field == "town"
    assert "Muster" in no_town.value.message


def test_whitespace_is_collapsed() -> None:
    messy = AddressInput(
        anrede=Anrede.FRAU, first_name="  Anna ", last_name=" Beispiel  ", town=" Ulm ", postcode=""
    )
    assert address_block(messy) == ("Frau Anna Beispiel", "Ulm")
    assert person_name(messy) == "Anna Beispiel"


@pytest.mark.parametrize(
    ("override", "expected"),
    [
        ("Liebe Anna", "Liebe Anna,"),
        ("  Liebe Anna,  ", "Liebe Anna,"),
        ("Hallo zusammen!", "Hallo zusammen!"),
        ("Sehr geehrte Damen und Herren:", "Sehr geehrte Damen und Herren:"),
    ],
)
def test_salutation_override_wins(override: str, expected: str) -> None:
    person = AddressInput(anrede=Anrede.FRAU, last_name="Beispiel", salutation_override=override)
    assert salutation(person) == expected


def test_blank_override_falls_back_to_rule() -> None:
    person = AddressInput(anrede=Anrede.HERR, last_name="Muster", salutation_override="   ")
    assert salutation(person) == "Sehr geehrter Herr Muster,"


def test_return_line_reference() -> None:
    line = return_line("Städtetag Baden-Württemberg", "Königstraße 2", "70173", "Stuttgart")
    assert line == "Städtetag Baden-Württemberg · Königstraße 2 · 70173 Stuttgart"
    # Measured with ReportLab's Helvetica metrics: 79.85 mm, just inside the 80 mm.
    assert text_width_mm(line) == pytest.approx(79.849, abs=0.01)
    assert fits_return_line(line)
    assert not fits_return_line(line + " · Deutschland")


def test_return_line_requires_sender() -> None:
    with pytest.raises(ValidationError) as caught:
        return_line(" ", "Königstraße 2", "70173", "Stuttgart")
    assert caught.value.field == "sender_name"
    assert return_line("Städtetag", None, None, "Stuttgart") == "Städtetag · Stuttgart"


def test_unknown_characters_measured_conservatively() -> None:
    assert text_width_mm("\u4e2d") == pytest.approx(8 * 25.4 / 72)


_name = st.text(
    alphabet=st.characters(categories=("L", "Zs", "Pd")), min_size=0, max_size=40
).filter(lambda s: "\n" not in s)
_opt = st.one_of(st.none(), _name)


@given(
    anrede=st.sampled_from(list(Anrede)),
    title=_opt,
    first_name=_opt,
    last_name=_name.filter(lambda s: s.strip() != ""),
    role=_opt,
    role_is_office=st.sampled_from([None, True, False]),
    organisation=st.one_of(st.none(), st.text(max_size=80)),
    department=st.one_of(st.none(), st.text(max_size=80)),
    street=_opt,
    po_box=_opt,
    postcode=_opt,
    town=_name.filter(lambda s: s.strip() != ""),
    country=_opt,
)
def test_block_never_exceeds_six_lines_never_blank(**fields: object) -> None:
    recipient = AddressInput(**fields)  # type: ignore[arg-type]
    try:
        lines = address_block(recipient)
    except ValidationError as error:
        assert error.field == "address"
        return
    assert 1 <= len(lines) <= MAX_ADDRESS_LINES
    assert all(line.strip() == line and line for line in lines)
    assert any(" ".join(recipient.last_name.split()) in line for line in lines)
    town = recipient.town or ""
    assert " ".join(town.split()) in lines[-1] or not is_domestic(recipient.country)


@given(
    anrede=st.sampled_from(list(Anrede)),
    title=_opt,
    first_name=_opt,
    last_name=_name.filter(lambda s: s.strip() != ""),
    role=_opt,
)
def test_salutation_always_ends_with_comma_and_names_last_name(**fields: object) -> None:
    recipient = AddressInput(**fields)  # type: ignore[arg-type]
    text = salutation(recipient)
    assert text.endswith(",")
    assert " ".join(recipient.last_name.split()) in text
    assert "  " not in text
