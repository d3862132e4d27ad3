"""The press release P 309/2017, read back: reading order, the side block, spacing, validation."""

from __future__ import annotations

import dataclasses
import itertools
from datetime import UTC, datetime

import pytest
from docpdf import find_line, mm, open_pdf, text_lines

from beratung.documents.press_release import PressReleaseRenderer, render_press_release
from beratung.documents.samples import P309_HEADLINE, sample_press_release
from beratung.domain.errors import ValidationError

MAIN_RIGHT = PressReleaseRenderer.main_right / (72 / 25.4)
SIDE_LEFT = PressReleaseRenderer.side_left / (72 / 25.4)


def _normalise(text: str) -> str:
    return " ".join(text.split())


def test_main_column_reads_in_the_order_of_the_reference(press_pdf: bytes) -> None:
    with open_pdf(press_pdf) as pdf:
        assert len(pdf.pages) == 2
        text = _normalise(" ".join(
            line["text"]
            for page in pdf.pages
            for line in text_lines(page, x1_mm=MAIN_RIGHT + 1, bottom_mm=258)
        ))
    expected = [
        "Städtetag Baden-Württemberg",
        "PRESSEINFORMATION",
        P309_HEADLINE,
        "Stuttgart. Der Städtetag Baden-Württemberg freut sich ebenfalls über die Zahl der "
        "eingegangenen Bewerbungen.",
        "„Wir wollen Kommunen langfristig bei der Etablierung",
        "„Vernetzung und Erfahrungsaustausch unter den Kommunen organisieren – genau dort sehen "
        "wir unsere Aufgabe.“",
        "Außerdem entwickelt der Städtetag auch sein eigenes Projekt „Inklusive Quartiere“",
        "„Die Städte wollen gesellschaftliche Teilhabechancen für alle Menschen im Quartier "
        "absichern.“",
        "Erarbeitet wird das Projekt in Werkstattgesprächen vor Ort. Das nächste "
        "Werkstattgespräch findet statt am Mittwoch, 25. Oktober 2017, in Ulm.",
        "Weitere Infos unter www.inklusive-quartiere.de",
        "Kontakt: Simone Fischer, Fachberatung Inklusion beim Städtetag Baden-Württemberg, "
        "Telefon 0711 229 21-33, E-Mail simone.fischer@staedtetag-bw.de",
    ]
    position = 0
    for fragment in expected:
        found = text.find(fragment, position)
        assert found >= 0, f"{fragment!r} missing or out of order"
        position = found + len(fragment)


def test_side_block_is_right_of_the_main_column_in_reference_order(press_pdf: bytes) -> None:
    with open_pdf(press_pdf) as pdf:
        page = pdf.pages[0]
        main = text_lines(page, x1_mm=SIDE_LEFT - 0.5, top_mm=40, bottom_mm=257)
        side = text_lines(page, x0_mm=SIDE_LEFT - 0.5, top_mm=40, bottom_mm=257)
        assert max(mm(line["x1"]) for line in main) <= MAIN_RIGHT + 0.1
        assert min(mm(line["x0"]) for line in side) >= SIDE_LEFT - 0.1
        assert max(mm(line["x1"]) for line in side) <= 200.1
        assert [line["text"] for line in side] == [
            "Geschäftsführendes",
            "Vorstandsmitglied",
            "Bearbeiterin",
            "Christiane Conzen",
            "E christiane.conzen@staedtetag-bw.de",
            "T 0711 22921-48",
            "F 0711 22921-42",
            "Az",
            "047.43 - P 309/2017 · Co",
            "31.07.2017",
        ]
        # The side block starts level with the headline.
        headline = find_line(main, "Statement zur")
        assert abs(side[0]["top"] - headline["top"]) < 3 * 72 / 25.4
        # Page 2 has no side block, only the main column.
        assert not text_lines(pdf.pages[1], x0_mm=SIDE_LEFT - 0.5, top_mm=20, bottom_mm=257)


def test_head_headline_and_body_typography(press_pdf: bytes) -> None:
    with open_pdf(press_pdf) as pdf:
        page = pdf.pages[0]
        head = text_lines(page, bottom_mm=40)
        assert [line["text"] for line in head] == [
            "Städtetag Baden-Württemberg", "PRESSEINFORMATION",
        ]
        main = text_lines(page, x1_mm=MAIN_RIGHT + 1, top_mm=40, bottom_mm=257)
        headline = [line for line in main if line["chars"][0]["size"] > 12]
        assert len(headline) == 3
        assert all("Bold" in line["chars"][0]["fontname"] for line in headline)
        body = [line for line in main if round(line["chars"][-1]["size"]) == 11]
        assert body[0]["text"].startswith("Stuttgart. Der Städtetag")
        assert "Bold" in body[0]["chars"][0]["fontname"]  # the dateline
        assert all(mm(line["x0"]) == pytest.approx(25.0, abs=0.2) for line in body)
        # 1.5 line spacing: 19 pt from baseline to baseline inside a paragraph.
        gaps = [b["bottom"] - a["bottom"] for a, b in itertools.pairwise(body)]
        assert min(gaps) == pytest.approx(19, abs=0.1)
        # Wide right margin: the column ends 67 mm before the edge.
        assert max(mm(line["x1"]) for line in body) <= MAIN_RIGHT + 0.1
        for number, current in enumerate(pdf.pages, start=1):
            below = [line["text"] for line in text_lines(current, top_mm=257.2)]
            assert f"Seite {number} von 2" in below
            assert not [t for t in below if t.startswith(("Stuttgart", "Kontakt", "„"))]


def test_embargo_above_headline_and_subline_below_it() -> None:
    snapshot = dataclasses.replace(
        sample_press_release(),
        embargo=datetime(2017, 7, 31, 9, 0, tzinfo=UTC),
        subline="Städtetag hat knapp 80 Mitgliedskommunen beraten",
    )
    with open_pdf(render_press_release(snapshot)) as pdf:
        lines = [line["text"] for line in text_lines(pdf.pages[0], x1_mm=MAIN_RIGHT + 1,
                                                     top_mm=40)]
    assert lines[0] == "Sperrfrist: 31.07.2017, 11:00 Uhr"  # 09:00 UTC is 11:00 in Stuttgart
    assert lines[1].startswith("Statement zur Presseinformation")
    assert lines[4] == "Städtetag hat knapp 80 Mitgliedskommunen beraten"
    assert lines[5].startswith("Stuttgart. Der Städtetag")


def test_headline_of_more_than_three_lines_is_refused() -> None:
    snapshot = dataclasses.replace(
        sample_press_release(), headline=f"{P309_HEADLINE} {P309_HEADLINE}"
    )
    with pytest.raises(ValidationError) as caught:
        render_press_release(snapshot)
    assert caught.value.field == "headline"
    assert "Überschrift ist zu lang" in caught.value.message


@pytest.mark.parametrize("body", [(), ("",), (" ", "\n")])
def test_empty_body_is_refused(body: tuple[str, ...]) -> None:
    with pytest.raises(ValidationError) as caught:
        render_press_release(dataclasses.replace(sample_press_release(), body=body))
    assert caught.value.field == "body"
    assert caught.value.message == "Die Presseinformation hat keinen Text."


def test_more_than_two_pages_is_refused() -> None:
    snapshot = sample_press_release()
    with pytest.raises(ValidationError) as caught:
        render_press_release(dataclasses.replace(snapshot, body=snapshot.body * 3))
    assert caught.value.field == "body"
    assert "höchstens 2" in caught.value.message
