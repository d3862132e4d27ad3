"""The DIN 5008 letter, measured: character positions read back with pdfplumber against the mm
table in documents.md."""

from __future__ import annotations

import dataclasses
import io
from typing import Any

import pytest
from docpdf import find_line, mm, open_pdf, pt, text_lines
from PIL import Image

from beratung.documents.letter import DinLetterFormA, DinLetterFormB, render_letter
from beratung.documents.samples import sample_letter
from beratung.domain.errors import ValidationError
from beratung.domain.printing import AddressBlock, LetterSnapshot, Sender

TOLERANCE = 1.0  # mm


def address_lines(page: Any, field_top: float) -> list[dict[str, Any]]:
    """Text inside the address field: x 20–105 mm, 45 mm high."""
    return text_lines(page, x0_mm=20, top_mm=field_top, x1_mm=105, bottom_mm=field_top + 45)


@pytest.mark.parametrize(
    ("fixture", "field_top", "anschrift_top", "info_top"),
    [("letter_b_pdf", 45.0, 62.7, 50.0), ("letter_a_pdf", 27.0, 44.7, 32.0)],
)
def test_address_field_and_information_block_positions(
    request: pytest.FixtureRequest, fixture: str, field_top: float, anschrift_top: float,
    info_top: float,
) -> None:
    with open_pdf(request.getfixturevalue(fixture)) as pdf:
        page = pdf.pages[0]
        lines = address_lines(page, field_top)

        return_line = find_line(lines, "Städtetag Baden-Württemberg · Königstraße 2")
        assert field_top <= mm(return_line["top"]) and mm(return_line["bottom"]) <= field_top + 5
        assert all(char["size"] <= 8.01 for char in return_line["chars"])

        endorsement = find_line(lines, "Persönlich")
        # Zusatz- und Vermerkzone is filled from the bottom: one line sits in the third slot.
        zone_top = field_top + 5
        assert zone_top + 2 * 12.7 / 3 - 0.1 <= mm(endorsement["top"])
        assert mm(endorsement["bottom"]) <= zone_top + 12.7

        first = find_line(lines, "Stadt Ulm")
        assert mm(first["top"]) == pytest.approx(anschrift_top, abs=TOLERANCE)
        anschrift = lines[lines.index(first):]
        assert [line["text"] for line in anschrift] == [
            "Stadt Ulm", "Fachbereich Bildung und Soziales", "Frau Dr. Anna Beispiel",
            "Marktplatz 1", "89073 Ulm",
        ]
        for line in [return_line, endorsement, *anschrift]:
            assert mm(line["x0"]) == pytest.approx(25.0, abs=0.2), line["text"]
        # Six lines fit in 27.3 mm: the fifth line ends well inside the zone.
        assert mm(anschrift[-1]["bottom"]) <= anschrift_top + 27.3

        # Nine lines (two of them blank) of 4.233 mm.
        info = text_lines(page, x0_mm=124, top_mm=info_top - 5, x1_mm=201,
                          bottom_mm=info_top + 9 * 4.233)
        assert mm(info[0]["top"]) == pytest.approx(info_top, abs=TOLERANCE)
        labels = [line["text"] for line in info]
        assert labels[0].startswith("Ihre Nachricht vom")
        assert [label.split()[0] for label in labels] == [
            "Ihre", "Unser", "Name", "Telefon", "Telefax", "E-Mail", "Datum",
        ]
        for line in info:
            assert mm(line["x0"]) == pytest.approx(125.0, abs=0.2)
            assert mm(line["x1"]) <= 200.0
        assert labels[-1] == "Datum 20.09.2017"


@pytest.mark.parametrize(
    ("renderer", "fixture", "folds"),
    [
        (DinLetterFormB, "letter_b_pdf", (105.0, 210.0)),
        (DinLetterFormA, "letter_a_pdf", (87.0, 192.0)),
    ],
)
def test_fold_and_punch_marks(
    request: pytest.FixtureRequest, renderer: type[DinLetterFormB], fixture: str,
    folds: tuple[float, float],
) -> None:
    assert tuple(round(value / pt(1), 1) for value in renderer.fold_marks) == folds
    with open_pdf(request.getfixturevalue(fixture)) as pdf:
        marks = [
            (round(mm(line["top"]), 1), round(mm(line["x1"] - line["x0"]), 1))
            for line in pdf.pages[0].lines
            if mm(line["x0"]) == pytest.approx(5.0, abs=0.05)
        ]
        assert sorted(marks) == sorted([(folds[0], 2.5), (148.5, 4.0), (folds[1], 2.5)])
        if len(pdf.pages) > 1:
            assert not [line for line in pdf.pages[1].lines if mm(line["x0"]) < 20]


def test_body_text_column_and_last_line(letter_b_pdf: bytes) -> None:
    snapshot = sample_letter("B")
    footer = set(snapshot.sender.footer_lines) or {
        "Städtetag Baden-Württemberg · Königstraße 2 · 70173 Stuttgart",
        "Telefon 0711 22921-0 · Telefax 0711 22921-42 · post@staedtetag-bw.de · "
        "www.staedtetag-bw.de",
    }
    with open_pdf(letter_b_pdf) as pdf:
        assert len(pdf.pages) == 2
        for number, page in enumerate(pdf.pages, start=1):
            body = text_lines(page, top_mm=95 if number == 1 else 0, bottom_mm=257.5)
            assert body, "no body text"
            assert min(mm(line["x0"]) for line in body) == pytest.approx(25.0, abs=0.2)
            assert max(mm(line["x1"]) for line in body) <= 190.0 + 0.2
            below = [line["text"] for line in text_lines(page, top_mm=257)]
            assert set(below) <= footer | {f"Seite {number} von 2"}, below
            assert f"Seite {number} von 2" in below
            assert all(mm(line["bottom"]) <= 257.0 for line in body)

        page1 = text_lines(pdf.pages[0], top_mm=95, bottom_mm=257.5)
        subject = find_line(page1, "Einladung zum Werkstattgespräch")
        assert all("Bold" in char["fontname"] for char in subject["chars"] if char["text"].strip())
        assert page1[1]["text"] == "Sehr geehrte Frau Dr. Beispiel,"
        assert page1[2]["text"].startswith("der Städtetag Baden-Württemberg lädt Sie")
        # Two blank lines (2 x 4.233 mm) below the address field (90 mm) and the information
        # block (nine lines from 50 mm: 88.1 mm); the line's em box starts a little lower.
        assert mm(subject["top"]) == pytest.approx(90 + 2 * 4.233, abs=TOLERANCE)

        # Letterhead on page 1 only; page 2 starts at the top of its frame.
        assert find_line(text_lines(pdf.pages[0], bottom_mm=40), "Städtetag")["text"] == (
            "Städtetag Baden-Württemberg"
        )
        page2 = text_lines(pdf.pages[1])
        assert not [line for line in page2 if line["text"] == "Fachberatung Inklusion"
                    and mm(line["top"]) < 40]
        assert mm(page2[0]["top"]) == pytest.approx(25.0, abs=TOLERANCE)

        closing = [line["text"] for line in page2]
        start = closing.index("Mit freundlichen Grüßen")
        assert closing[start:start + 5] == [
            "Mit freundlichen Grüßen", "Simone Fischer", "Fachberatung Inklusion", "Anlagen",
            "Tagesordnung",
        ]
        greeting, name = page2[start], page2[start + 1]
        # Three blank lines for the signature.
        assert mm(name["top"] - greeting["top"]) == pytest.approx(4 * 14 / pt(1), abs=0.5)


def test_single_page_letter_has_no_page_number(letter_a_pdf: bytes) -> None:
    with open_pdf(letter_a_pdf) as pdf:
        assert len(pdf.pages) == 1
        assert "Seite" not in pdf.pages[0].extract_text()
        assert "Anlage\nTagesordnung" in pdf.pages[0].extract_text()


def _png(width: int, height: int) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def test_logo_at_the_top_right() -> None:
    base = sample_letter("B")
    sender = dataclasses.replace(base.sender, logo=_png(300, 100), logo_mime="image/png")
    data = render_letter(dataclasses.replace(base, sender=sender))
    with open_pdf(data) as pdf:
        (image,) = pdf.pages[0].images
        assert mm(image["x1"]) == pytest.approx(190.0, abs=0.2)
        assert mm(image["top"]) == pytest.approx(DinLetterFormB.logo_top / pt(1), abs=0.2)
        assert mm(image["bottom"]) <= 45.0
        assert not pdf.pages[1].images


def _with_address(lines: tuple[str, ...]) -> LetterSnapshot:
    return dataclasses.replace(sample_letter("B"), address=AddressBlock(lines=lines))


def test_seven_address_lines_are_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        render_letter(_with_address(tuple(f"Zeile {n}" for n in range(7))))
    assert caught.value.field == "address"
    assert "höchstens 6" in caught.value.message


def test_too_wide_address_line_is_refused_not_cut() -> None:
    with pytest.raises(ValidationError) as caught:
        render_letter(_with_address(("Stadt Ulm", "Fachbereich " * 8, "89073 Ulm")))
    assert caught.value.field == "address"
    assert "zu lang" in caught.value.message


def test_empty_body_and_too_many_footer_lines_are_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        render_letter(dataclasses.replace(sample_letter("B"), body=("", "  ")))
    assert caught.value.field == "body"
    sender = Sender(name="Verband", footer_lines=tuple(f"Zeile {n}" for n in range(5)))
    with pytest.raises(ValidationError) as caught:
        render_letter(dataclasses.replace(sample_letter("B"), sender=sender))
    assert caught.value.field == "footer_lines"


def test_text_is_printed_as_is_not_as_markup() -> None:
    body = ("Preise <b>nicht</b> fett & ohne Markup.\nZweite Zeile im selben Absatz.",)
    data = render_letter(dataclasses.replace(sample_letter("B", long=False), body=body))
    with open_pdf(data) as pdf:
        text = pdf.pages[0].extract_text()
    assert "Preise <b>nicht</b> fett & ohne Markup.\nZweite Zeile im selben Absatz." in text


@pytest.mark.parametrize("extra", range(6))
def test_following_pages_start_at_the_top_wherever_the_break_falls(extra: int) -> None:
    """Blank lines are space before paragraphs, which Platypus drops at the top of a page."""
    base = sample_letter("B")
    body = base.body + tuple(f"Zusatzabsatz {n}: " + "Text " * 25 for n in range(extra))
    with open_pdf(render_letter(dataclasses.replace(base, body=body))) as pdf:
        for page in pdf.pages[1:]:
            first = text_lines(page, bottom_mm=257)[0]
            assert mm(first["top"]) == pytest.approx(25.0, abs=TOLERANCE), first["text"]
