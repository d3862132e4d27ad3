"""What invitations say about the event, the posting order and file names Windows accepts."""

from __future__ import annotations

from datetime import time

import pytest

from beratung.domain.rules.invitations import (
    ACCESSIBILITY_SENTENCES,
    DEFAULT_INVITATION_BODY,
    DEFAULT_INVITATION_SUBJECT,
    MAX_STEM,
    NO_VENUE_YET,
    AgendaLine,
    VenueFacts,
    accessibility_text,
    agenda_text,
    contact_text,
    directions_text,
    paragraphs,
    place_text,
    postcode_sort_key,
    safe_file_stem,
    unique_file_names,
)
from beratung.domain.rules.templates import check_template

ULM = VenueFacts(
    name="Haus der Begegnung",
    room="Großer Saal",
    street="Grüner Hof 7",
    postcode="89073",
    town="Ulm",
    directions="Vom Hauptbahnhof etwa 15 Minuten zu Fuß",
    public_transport="Straßenbahnlinie 1 bis Haltestelle Rathaus.",
    checklist={"step_free_access": True, "lift": False, "hearing_loop": None},
    accessibility_notes="Rampe auf der Hofseite",
)


def test_the_default_template_uses_only_known_placeholders() -> None:
    check_template(DEFAULT_INVITATION_BODY)
    check_template(DEFAULT_INVITATION_SUBJECT)
    assert not DEFAULT_INVITATION_SUBJECT.endswith(".")  # DIN 5008: no full stop


def test_place_and_directions_in_words() -> None:
    assert place_text(ULM) == "Haus der Begegnung, Großer Saal, Grüner Hof 7, 89073 Ulm"
    assert directions_text(ULM) == (
        "Straßenbahnlinie 1 bis Haltestelle Rathaus. Vom Hauptbahnhof etwa 15 Minuten zu Fuß."
    )
    assert place_text(None) == NO_VENUE_YET
    assert "noch nicht" in directions_text(VenueFacts(name="Rathaus"))
    assert "sobald der Ort feststeht" in directions_text(None)


def test_accessibility_says_what_there_is_what_not_and_what_nobody_checked() -> None:
    text = accessibility_text(ULM)
    assert text.startswith("Der Eingang ist ohne Stufen erreichbar. Es gibt keinen Aufzug.")
    # Everything not checked is named honestly, in one sentence, in checklist order.
    assert ("Noch nicht geklärt ist, ob es eine barrierefreie Toilette gibt, ob es eine "
            "Induktionsschleife für Hörgeräte gibt, ") in text
    assert "und ob es einen Ruheraum gibt. Wir sagen es Ihnen gern" in text
    assert text.endswith("Hinweis: Rampe auf der Hofseite.")
    everything = VenueFacts(name="X", checklist=dict.fromkeys(ACCESSIBILITY_SENTENCES, True))
    assert "Noch nicht geklärt" not in accessibility_text(everything)
    assert "schreiben wir Ihnen" in accessibility_text(None)


def test_agenda_lines_and_contact() -> None:
    assert agenda_text([
        AgendaLine(time(10), time(10, 15), "Begrüßung", "Simone Fischer"),
        AgendaLine(time(12, 30), None, "Mittagspause"),
        AgendaLine(None, None, "Ausklang"),
    ]) == "10:00–10:15 Uhr: Begrüßung (Simone Fischer)\n12:30 Uhr: Mittagspause\nAusklang"
    assert "sobald sie feststeht" in agenda_text([])
    assert contact_text("Simone Fischer", "0711 22921-33", None) == (
        "Simone Fischer, Telefon 0711 22921-33"
    )


def test_paragraphs_split_at_blank_lines_and_keep_line_breaks() -> None:
    assert paragraphs("a\nb\n\n  \nc\r\n\r\nd\n") == ("a\nb", "c", "d")


def test_letters_are_sorted_by_postcode_and_foreign_ones_last() -> None:
    blocks = {
        "zurich": ("Stadt Zürich", "Herrn Max Muster", "Stadthausquai 17", "8001 Zürich",
                   "SCHWEIZ"),
        "ulm": ("Stadt Ulm", "Frau Anna Beispiel", "Marktplatz 1", "89073 Ulm"),
        "stuttgart": ("Frau Eva Muster", "Königstraße 2", "70173 Stuttgart"),
        "stuttgart_a": ("Herrn Adam Abel", "Königstraße 3", "70173 Stuttgart"),
    }
    order = sorted(blocks, key=lambda key: postcode_sort_key(blocks[key], key))
    assert order == ["stuttgart", "stuttgart_a", "ulm", "zurich"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('Einladung Dr. Anna "Anni" Beispiel', "Einladung Dr. Anna -Anni- Beispiel"),
        ("a/b\\c:d*e?f<g>h|i\tj", "a-b-c-d-e-f-g-h-i-j"),
        ("CON", "_CON"),
        ("com1.txt", "_com1.txt"),
        ("Name. . ", "Name"),
        ("   ", "Dokument"),
    ],
)
def test_file_stems_windows_accepts(text: str, expected: str) -> None:
    assert safe_file_stem(text) == expected


def test_long_names_are_shortened_and_duplicates_numbered_ignoring_case() -> None:
    long = "Einladung " + "Sehr-Langer-Doppelname-" * 10
    names = unique_file_names([long, "Einladung Anna Beispiel", "einladung anna beispiel",
                               "Einladung Anna Beispiel"])
    assert len(names[0]) <= MAX_STEM + 4
    assert names[1:] == ["Einladung Anna Beispiel.pdf", "einladung anna beispiel (2).pdf",
                         "Einladung Anna Beispiel (3).pdf"]
