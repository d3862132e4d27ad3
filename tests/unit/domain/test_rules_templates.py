"""Letter templates: every problem found on saving, no blank ever printed."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from beratung.domain.errors import ValidationError
from beratung.domain.rules.templates import (
    KNOWN_PLACEHOLDERS,
    TemplateError,
    TemplateProblem,
    check_template,
    placeholders,
    render_template,
)

INVITATION = """{anrede}

hiermit laden wir Sie herzlich zum Werkstattgespräch „{veranstaltung}“ ein:
{veranstaltung_datum}, {veranstaltung_uhrzeit}, in {ort}.

Bitte melden Sie sich bis {anmeldeschluss} an.
"""

VALUES = {
    "anrede": "Sehr geehrter Herr Oberbürgermeister Czisch,",
    "veranstaltung": "Inklusive Quartiere",
    "veranstaltung_datum": "Mittwoch, 25. Oktober 2017",
    "veranstaltung_uhrzeit": "10:00 bis 16:00 Uhr",
    "ort": "Ulm",
    "anmeldeschluss": "11. Oktober 2017",
}


def test_known_placeholders_are_described_in_german() -> None:
    for name in (
        "anrede",
        "vorname",
        "nachname",
        "funktion",
        "kommune",
        "veranstaltung",
        "veranstaltung_datum",
        "veranstaltung_uhrzeit",
        "ort",
        "anmeldeschluss",
        "bearbeiterin",
        "datum",
    ):
        assert KNOWN_PLACEHOLDERS[name]
    assert "„Sehr geehrte Frau Dr. Beispiel,“" in KNOWN_PLACEHOLDERS["anrede"]


def test_render_invitation() -> None:
    check_template(INVITATION)
    text = render_template(INVITATION, VALUES)
    assert text.startswith("Sehr geehrter Herr Oberbürgermeister Czisch,\n\nhiermit")
    assert "Mittwoch, 25. Oktober 2017, 10:00 bis 16:00 Uhr, in Ulm." in text
    assert "{" not in text
    assert placeholders(INVITATION) == [
        "anrede",
        "veranstaltung",
        "veranstaltung_datum",
        "veranstaltung_uhrzeit",
        "ort",
        "anmeldeschluss",
    ]


def test_unknown_placeholder_with_line_and_suggestion() -> None:
    template = "{anrede}\n\nam {veranstaltung_datum}\nzum {verantsaltung} nach {Ort}."
    with pytest.raises(TemplateError) as caught:
        check_template(template, field="body")
    error = caught.value
    assert isinstance(error, ValidationError)
    assert error.field == "body"
    lines = error.message.split("\n")
    assert (
        lines[0]
        == "Unbekannter Platzhalter {verantsaltung} in Zeile 4. Meinten Sie {veranstaltung}?"
    )
    assert lines[1] == "Unbekannter Platzhalter {Ort} in Zeile 4. Meinten Sie {ort}?"
    assert lines[2].startswith("Bekannt sind: {anrede}, {vorname}, {nachname}")
    assert [(p.line, p.column) for p in error.problems] == [(4, 5), (4, 26)]


def test_unknown_without_suggestion() -> None:
    with pytest.raises(TemplateError) as caught:
        check_template("Hallo {xyz}")
    assert caught.value.message.startswith("Unbekannter Platzhalter {xyz} in Zeile 1.\n")


@pytest.mark.parametrize(
    ("template", "fragment", "position"),
    [
        ("Hallo {anrede", "Öffnende Klammer „{“ ohne schließende in Zeile 1, Spalte 7", (1, 7)),
        ("Hallo\n{anrede\n}", "Öffnende Klammer „{“ ohne schließende in Zeile 2, Spalte 1", (2, 1)),
        ("Hallo anrede}", "Schließende Klammer „}“ ohne öffnende in Zeile 1, Spalte 13", (1, 13)),
        ("{{anrede}", "Schließende Klammer", (1, 9)),
        ("{ {anrede}", "Öffnende Klammer", (1, 1)),
    ],
)
def test_unbalanced_braces(template: str, fragment: str, position: tuple[int, int]) -> None:
    with pytest.raises(TemplateError) as caught:
        check_template(template)
    assert fragment in caught.value.message
    message = caught.value.message
    assert "im Text „{{“ schreiben." in message or "im Text „}}“ schreiben." in message
    assert "{{{{" not in message and "}}}}" not in message
    assert (caught.value.problems[0].line, caught.value.problems[0].column) == position
    assert "Bekannt sind" not in caught.value.message


def test_all_problems_reported_at_once() -> None:
    template = "{anrede\n}\n{foo}\n{datum}"
    with pytest.raises(TemplateError) as caught:
        check_template(template)
    assert [p.line for p in caught.value.problems] == [1, 2, 3]


def test_literal_braces() -> None:
    template = "Mengen {{a, b}} und {{{ort}}}"
    check_template(template)
    assert render_template(template, {"ort": "Ulm"}) == "Mengen {a, b} und {Ulm}"
    assert placeholders("{{anrede}}") == []


def test_missing_and_blank_values_are_refused() -> None:
    values = dict(VALUES)
    del values["ort"]
    values["anmeldeschluss"] = "  "
    with pytest.raises(TemplateError) as caught:
        render_template(INVITATION, values, field="letter")
    assert caught.value.field == "letter"
    assert caught.value.message == (
        "Für den Platzhalter {ort} in Zeile 4 fehlt ein Wert (Ort der Veranstaltung, "
        "z. B. „Ulm, Haus der Begegnung“).\n"
        "Für den Platzhalter {anmeldeschluss} in Zeile 6 fehlt ein Wert (Letzter Tag der "
        "Anmeldung, z. B. „11. Oktober 2017“)."
    )
    assert caught.value.problems == (
        TemplateProblem(4, 52, caught.value.problems[0].message),
        TemplateProblem(6, 27, caught.value.problems[1].message),
    )


def test_none_value_is_missing_extra_values_ignored() -> None:
    with pytest.raises(TemplateError, match=r"\{datum\}"):
        render_template("{datum}", {"datum": None})
    assert render_template("{datum}", {"datum": "31. Juli 2017", "unbenutzt": ""}) == (
        "31. Juli 2017"
    )


def test_render_refuses_faulty_template() -> None:
    with pytest.raises(TemplateError, match="Unbekannter Platzhalter"):
        render_template("{verantsaltung}", {"verantsaltung": "x"})


def test_values_are_inserted_literally() -> None:
    assert render_template("{kommune}", {"kommune": "{ort} & {{x}}"}) == "{ort} & {{x}}"


def test_custom_known_set() -> None:
    known = {"titel": "Titel der Presseinformation"}
    check_template("{titel}", known=known)
    with pytest.raises(TemplateError, match=r"Bekannt sind: \{titel\}\."):
        check_template("{anrede}", known=known)


_plain = st.text(alphabet=st.characters(exclude_characters="{}"), max_size=30)


@given(st.lists(st.tuples(_plain, st.sampled_from(sorted(KNOWN_PLACEHOLDERS))), max_size=6), _plain)
def test_render_substitutes_every_placeholder(parts: list[tuple[str, str]], tail: str) -> None:
    template = "".join(f"{text}{{{name}}}" for text, name in parts) + tail
    values = {name: f"<{name.upper()}>" for name in KNOWN_PLACEHOLDERS}
    rendered = render_template(template, values)
    assert rendered == "".join(f"{text}<{name.upper()}>" for text, name in parts) + tail


@given(st.text(max_size=60))
def test_check_never_crashes_and_escaping_round_trips(text: str) -> None:
    try:
        check_template(text)
    except TemplateError as error:
        assert error.problems
        assert all(p.line >= 1 and p.column >= 1 for p in error.problems)
    escaped = text.replace("{", "{{").replace("}", "}}")
    assert render_template(escaped, {}) == text
