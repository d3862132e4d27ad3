"""Serial letters (invitations), measured: every letter of a run has the DIN 5008 positions of
a single letter, numbers its own pages, and is a ``Part`` of the structure tree."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest
import tagged
from docpdf import find_line, mm, open_pdf, text_lines

from beratung.documents import registry
from beratung.documents.samples import sample_letter, sample_serial_letter
from beratung.documents.serial_letter import (
    LETTER_LAYOUTS,
    LargePrintFormB,
    SerialLetterRenderer,
)
from beratung.domain.errors import ValidationError
from beratung.domain.printing import AddressBlock, LetterSnapshot
from beratung.domain.serial_letters import LetterVariant, SerialLetterSnapshot

TOLERANCE = 1.0  # mm

#: (form, top of the address field, top of the Anschriftzone, top of the information block,
#: fold marks) from the DIN 5008 table in documents.md.
FORMS = {
    "B": (45.0, 62.7, 50.0, (105.0, 210.0)),
    "A": (27.0, 44.7, 32.0, (87.0, 192.0)),
}


def _letters(form: str, count: int = 6) -> tuple[LetterSnapshot, ...]:
    """Letters of different lengths (two pages, one page, alternating) to different towns."""
    letters = []
    for index in range(count):
        base = sample_letter(form, long=index % 2 == 0)
        letters.append(dataclasses.replace(
            base,
            address=AddressBlock(lines=(
                f"Gemeinde Nummer {index + 1}", f"Frau Dr. Anna Beispiel{index + 1}",
                "Marktplatz 1", f"7{index:04d} Musterstadt",
            )),
            salutation=f"Sehr geehrte Frau Dr. Beispiel{index + 1},",
        ))
    return tuple(letters)


def _render(form: str, variant: LetterVariant = "standard",
            count: int = 6) -> tuple[bytes, list[int]]:
    renderer = SerialLetterRenderer()
    snapshot = SerialLetterSnapshot("Einladungen", _letters(form, count), variant=variant)
    rendered = renderer.render(snapshot)
    counts = renderer.letter_page_counts()
    assert sum(counts) == rendered.page_count
    return rendered.pdf, counts


def _first_pages(counts: list[int]) -> list[int]:
    starts, page = [], 0
    for count in counts:
        starts.append(page)
        page += count
    return starts


@pytest.mark.parametrize("form", ["B", "A"])
@pytest.mark.parametrize("letter", [1, 5])
def test_address_field_information_block_and_fold_marks_of_the_first_and_fifth_letter(
    form: str, letter: int
) -> None:
    field_top, anschrift_top, info_top, folds = FORMS[form]
    pdf, counts = _render(form)
    with open_pdf(pdf) as doc:
        page = doc.pages[_first_pages(counts)[letter - 1]]
        lines = text_lines(page, x0_mm=20, top_mm=field_top, x1_mm=105,
                           bottom_mm=field_top + 45)
        back = find_line(lines, "Städtetag Baden-Württemberg · Königstraße 2")
        assert field_top <= mm(back["top"]) and mm(back["bottom"]) <= field_top + 5
        first = find_line(lines, f"Gemeinde Nummer {letter}")
        assert mm(first["top"]) == pytest.approx(anschrift_top, abs=TOLERANCE)
        anschrift = lines[lines.index(first):]
        assert [line["text"] for line in anschrift] == [
            f"Gemeinde Nummer {letter}", f"Frau Dr. Anna Beispiel{letter}", "Marktplatz 1",
            f"7{letter - 1:04d} Musterstadt",
        ]
        for line in [back, *anschrift]:
            assert mm(line["x0"]) == pytest.approx(25.0, abs=0.2), line["text"]
        assert mm(anschrift[-1]["bottom"]) <= anschrift_top + 27.3

        info = text_lines(page, x0_mm=124, top_mm=info_top - 5, x1_mm=201,
                          bottom_mm=info_top + 9 * 4.233)
        assert mm(info[0]["top"]) == pytest.approx(info_top, abs=TOLERANCE)
        assert all(mm(line["x0"]) == pytest.approx(125.0, abs=0.2) for line in info)
        assert info[-1]["text"] == "Datum 20.09.2017"

        marks = sorted(
            (round(mm(line["top"]), 1), round(mm(line["x1"] - line["x0"]), 1))
            for line in page.lines
            if mm(line["x0"]) == pytest.approx(5.0, abs=0.05)
        )
        assert marks == sorted([(folds[0], 2.5), (148.5, 4.0), (folds[1], 2.5)])
        # The letterhead is on each letter's first page.
        assert find_line(text_lines(page, bottom_mm=40), "Städtetag")["text"] == (
            "Städtetag Baden-Württemberg"
        )


def _page_numbers(pdf: bytes) -> list[str | None]:
    with open_pdf(pdf) as doc:
        numbers = []
        for page in doc.pages:
            found = [line["text"] for line in text_lines(page, top_mm=257, bottom_mm=270)
                     if line["text"].startswith("Seite")]
            numbers.append(found[0] if found else None)
        return numbers


def test_page_numbers_restart_with_each_letter_and_a_one_page_letter_has_none() -> None:
    pdf, counts = _render("B")
    assert counts == [2, 1, 2, 1, 2, 1]
    assert _page_numbers(pdf) == [
        "Seite 1 von 2", "Seite 2 von 2", None,
        "Seite 1 von 2", "Seite 2 von 2", None,
        "Seite 1 von 2", "Seite 2 von 2", None,
    ]


def test_later_pages_have_no_letterhead_and_start_at_the_top_of_the_frame() -> None:
    pdf, _counts = _render("B", count=1)
    with open_pdf(pdf) as doc:
        later = text_lines(doc.pages[1])
        assert not [line for line in later if line["text"] == "Fachberatung Inklusion"
                    and mm(line["top"]) < 40]
        assert mm(later[0]["top"]) == pytest.approx(25.0, abs=TOLERANCE)
        assert not [line for line in doc.pages[1].lines if mm(line["x0"]) < 20]


def test_large_print_is_16_pt_with_the_same_text_on_more_pages() -> None:
    standard, standard_counts = _render("B", "standard", count=2)
    large, large_counts = _render("B", "large", count=2)
    assert sum(large_counts) > sum(standard_counts)
    with open_pdf(large) as doc:
        body = text_lines(doc.pages[0], top_mm=95, bottom_mm=257)
        sizes = {round(char["size"]) for line in body for char in line["chars"]
                 if char["text"].strip()}
        assert sizes == {16}
        # The window stays DIN: the address is 11 pt, in its place.
        address = text_lines(doc.pages[0], x0_mm=20, top_mm=62, x1_mm=105, bottom_mm=90)
        assert {round(c["size"]) for line in address for c in line["chars"]} == {11}
    assert LargePrintFormB.body_size >= 16

    def words(data: bytes) -> list[str]:
        """The words above the last text line (257 mm): no footers, no page numbers."""
        with open_pdf(data) as doc:
            return [word for page in doc.pages
                    for line in text_lines(page, bottom_mm=257)
                    for word in line["text"].split()]

    assert sorted(words(standard)) == sorted(words(large))


def test_every_letter_is_a_part_with_its_heading_and_its_footer_last() -> None:
    pdf, _counts = _render("B", count=3)
    [document] = tagged.structure(pdf)
    assert document.type == "Document"
    parts = document.children
    assert [part.type for part in parts] == ["Part", "Part", "Part"]
    reading = tagged.reading_order(pdf)
    for part in parts:
        kinds = [child.type for child in part.children]
        assert kinds.count("H1") == 1
        assert kinds[:4] == ["P", "P", "P", "Table"]  # letterhead, return line, address, info
        assert kinds[-1] == "P"  # the footer, read after the enclosures
        assert kinds[-2] == "L"
    texts = [text for role, text in reading if role == "P"]
    assert sum(text.startswith("Städtetag Baden-Württemberg · Königstraße 2 · 70173 Stuttgart "
                               "Telefon") for text in texts) == 3
    assert tagged.unmarked_painting(pdf) == []
    references = tagged.mcid_references(pdf)
    assert len(references) == len(set(references))
    assert sorted(references) == sorted(tagged.content_mcids(pdf))


def test_a_letter_that_does_not_fit_is_named_in_the_refusal() -> None:
    letters = _letters("B", 3)
    bad = dataclasses.replace(letters[1], address=AddressBlock(lines=("x",) * 7))
    snapshot = SerialLetterSnapshot("Einladungen", (letters[0], bad, letters[2]))
    with pytest.raises(ValidationError, match=r"Brief 2 \(x · x · x\): Die Anschrift hat 7"):
        SerialLetterRenderer().render(snapshot)


def test_the_stored_snapshot_reprints_the_same_bytes() -> None:
    snapshot = sample_serial_letter("large")
    stored = snapshot.to_dict()
    assert stored["kind"] == "serial_letter"
    assert SerialLetterSnapshot.from_dict(stored) == snapshot
    assert registry.render_stored("serial_letter", stored).pdf == registry.render(snapshot).pdf
    with pytest.raises(ValueError, match="variant"):
        SerialLetterSnapshot.from_dict({**stored, "variant": "tiny"})


def test_every_variant_and_form_has_a_layout() -> None:
    variants = ("standard", "large", "easy")
    assert set(LETTER_LAYOUTS) == {(v, f) for v in variants for f in ("A", "B")}


@pytest.fixture(scope="module")
def three_letter_runs(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    folder = tmp_path_factory.mktemp("serial")
    paths = []
    for variant in ("standard", "large"):
        for form in ("A", "B"):
            pdf, _counts = _render(form, variant, count=3)  # type: ignore[arg-type]
            path = folder / f"serial-{variant}-{form}.pdf"
            path.write_bytes(pdf)
            paths.append(path)
    return paths


def test_verapdf_finds_three_letter_runs_compliant(
    three_letter_runs: list[Path], verapdf_checker: Any
) -> None:
    results = verapdf_checker.validate(three_letter_runs, profiles=("ua1", "2a"))
    assert len(results) == 8
    assert [result.summary() for result in results if not result.compliant] == []
