"""The reply form in Leichte Sprache: the standard form's field names (so the import reads it
unchanged) on three pages, where each field sits, the text by the rules of documents.md (one
statement per line, no abbreviations, 14 pt on 1.5 lines, no hyphenation), the structure and
veraPDF."""

from __future__ import annotations

import io
from collections import defaultdict
from itertools import pairwise
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from pypdf import PdfReader

from beratung.documents import registry
from beratung.documents.samples import sample_invitations, sample_reply_form_document
from beratung.domain.enums import NeedKind
from beratung.domain.reply_forms import (
    FIELD_ATTEND,
    FIELD_CODE,
    FIELD_COMPANIONS,
    FIELD_CONSENT,
    FIELD_DIET,
    FIELD_NAME,
    FIELD_NEED_OTHER_TEXT,
    FIELD_REMARKS,
    FORM_NEEDS,
    ReplyFormSnapshot,
    need_field,
)
from beratung.domain.rules.easy_language import abbreviations_in, statements
from beratung.interchange.reply_pdf import read_reply_fields

MM = 72 / 25.4
EASY_SIZE = 14.0


@pytest.fixture(scope="module")
def easy_pdf() -> bytes:
    return registry.render(sample_reply_form_document("easy")).pdf


@pytest.fixture(scope="module")
def standard_pdf() -> bytes:
    return registry.render(sample_reply_form_document()).pdf


@pytest.fixture(scope="module")
def easy_run_pdf() -> bytes:
    return registry.render(sample_invitations("easy")).pdf


def _widgets(pdf: bytes) -> list[list[tuple[str, Any]]]:
    """Per page, (field name, widget) of every widget; a radio button by its group's name."""
    pages = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        found = []
        for annotation in page.get("/Annots") or []:
            widget = annotation.get_object()
            name = widget.get("/T") or widget["/Parent"]["/T"]
            found.append((str(name), widget))
        pages.append(found)
    return pages


def test_the_fields_are_the_standard_forms_with_the_same_types(
    easy_pdf: bytes, standard_pdf: bytes
) -> None:
    easy = PdfReader(io.BytesIO(easy_pdf)).get_fields() or {}
    standard = PdfReader(io.BytesIO(standard_pdf)).get_fields() or {}
    assert set(easy) == set(standard)
    for name, field in standard.items():
        assert easy[name]["/FT"] == field["/FT"], name
        assert easy[name].get("/Ff", 0) == field.get("/Ff", 0), name
    assert set(easy[FIELD_ATTEND]["/_States_"]) == {"/ja", "/nein"}
    assert easy[FIELD_CODE]["/V"] == "K7M4-QXA9"
    assert easy[FIELD_NAME]["/V"] == "Frau Doktor Anna Beispiel"  # no "Dr."
    assert ReplyFormSnapshot.from_dict(
        sample_reply_form_document("easy").to_dict()).variant == "easy"
    assert "variant" not in sample_reply_form_document().to_dict()  # stored as before


def test_three_pages_each_field_where_it_belongs_big_boxes_nothing_overlapping(
    easy_pdf: bytes,
) -> None:
    pages = _widgets(easy_pdf)
    assert [sorted({name for name, _w in page}) for page in pages] == [
        sorted({FIELD_NAME, FIELD_CODE}),
        sorted({FIELD_ATTEND, FIELD_COMPANIONS, FIELD_NEED_OTHER_TEXT,
                *(need_field(kind) for kind in FORM_NEEDS)}),
        sorted({FIELD_DIET, FIELD_CONSENT, FIELD_REMARKS}),
    ]
    for page in pages:
        rects = []
        for name, widget in page:
            x0, y0, x1, y1 = (float(v) for v in widget["/Rect"])
            assert 25 * MM - 0.5 <= x0 < x1 <= 190 * MM + 0.5, name
            assert 15 * MM < y0 < y1 < 280 * MM, name
            if widget.get("/FT", widget.get("/Parent", {}).get("/FT")) == "/Btn":
                assert x1 - x0 >= 7 * MM - 0.1 and y1 - y0 >= 7 * MM - 0.1, name  # big boxes
            assert widget["/TU"], name
            rects.append((x0, y0, x1, y1))
        for (a, b) in ((a, b) for i, a in enumerate(rects) for b in rects[i + 1:]):
            assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1], (a, b)
    # The needs one below the other, in the order of the catalogue.
    boxes = dict(pages[1])
    tops = [float(boxes[need_field(kind)]["/Rect"][3]) for kind in FORM_NEEDS]
    assert tops == sorted(tops, reverse=True)
    lefts = {round(float(boxes[need_field(kind)]["/Rect"][0]), 1) for kind in FORM_NEEDS}
    assert len(lefts) == 1


def test_the_text_is_one_statement_per_line_without_abbreviations(easy_pdf: bytes) -> None:
    import tagged

    texts = [tagged.normalise(text) for role, text in tagged.reading_order(easy_pdf)
             if role in ("P", "H1", "H2") and text.strip()]
    assert abbreviations_in(" ".join(texts)) == []
    for text in texts:
        assert len(statements(text)) == 1, text
    for words in ("Ich komme.", "Ich komme nicht.", "Ja, das erlaube ich.",
                  "Dürfen wir Ihre Angaben speichern?", "Sie müssen das nicht erlauben.",
                  "Ich brauche einen Platz für meinen Rollstuhl.",
                  "Bitte schicken Sie die Antwort bis zum 11. Oktober 2017.",
                  "Mittwoch, 25. Oktober 2017, 10 Uhr bis 16 Uhr", "Ort und Datum"):
        assert words in texts, words
    assert "Städtetag Baden-Württemberg" in texts  # who is responsible, on a line of its own


def _lines(page: Any) -> list[tuple[float, float, str]]:
    """(top, size, text) of each printed line of the page, top to bottom."""
    rows: dict[float, list[Any]] = defaultdict(list)
    for char in page.chars:
        rows[round(char["top"], 1)].append(char)
    return [(top, min(c["size"] for c in chars),
             "".join(c["text"] for c in sorted(chars, key=lambda c: c["x0"])).rstrip())
            for top, chars in sorted(rows.items())]


def test_after_each_easy_letter_its_form_in_14_pt_on_1_5_lines_never_hyphenated(
    easy_run_pdf: bytes,
) -> None:
    forms = read_reply_fields(easy_run_pdf)
    standard = read_reply_fields(registry.render(sample_invitations()).pdf)
    assert [set(form) for form in forms] == [set(form) for form in standard]
    assert [form[FIELD_CODE] for form in forms] == ["K7M4-QXA9", "C3D4-EFGH", "TUVW-XY34"]
    with pdfplumber.open(io.BytesIO(easy_run_pdf)) as doc:
        form_pages = doc.pages[-3:]  # the last letter's form; pages after a letter have no number
        assert "Antwort auf die Einladung" in form_pages[0].extract_text()
        for number, page in enumerate(form_pages):
            below = 100 * MM if number == 0 else 0  # the window keeps its DIN size
            lines = [line for line in _lines(page) if line[0] > below]
            assert lines
            assert min(size for _top, size, _text in lines) >= EASY_SIZE - 0.05
            assert not any(text.endswith(("-", "\u00ad")) for _t, _s, text in lines)
            for (top, size, _a), (next_top, _s, _b) in pairwise(lines):
                assert next_top - top >= 1.5 * size - 0.05, (_a, _b)


def test_the_form_is_tagged_with_a_form_element_per_widget_and_questions_as_headings(
    easy_pdf: bytes,
) -> None:
    import tagged

    found = tagged.counts(easy_pdf)
    assert found["Form"] == sum(len(page) for page in _widgets(easy_pdf))
    assert (found["H1"], found["Div"]) == (1, 3)
    assert found["H2"] >= 6
    assert tagged.unmarked_painting(easy_pdf) == []
    order = [text.strip() for role, text in tagged.reading_order(easy_pdf)]
    first = {text: index for index, text in reversed(list(enumerate(order)))}
    assert first["Antwort auf die Einladung"] < first["Ihr Name:"] < first["Ich komme."]
    assert first["Ich komme."] < first[
        "Ich brauche einen Platz für meinen Rollstuhl."] < first["Ja, das erlaube ich."]
    assert first["Ja, das erlaube ich."] < first["Unterschrift"]
    tips = {name: str(widget["/TU"]) for page in _widgets(easy_pdf) for name, widget in page}
    assert tips[need_field(NeedKind.WHEELCHAIR_PLACE)] == (
        "Ich brauche einen Platz für meinen Rollstuhl.")


def test_the_easy_form_alone_and_in_a_run_pass_verapdf(
    easy_pdf: bytes, easy_run_pdf: bytes, verapdf_checker: Any, tmp_path: Path
) -> None:
    paths = []
    for name, data in (("easy-form", easy_pdf), ("easy-run", easy_run_pdf)):
        path = tmp_path / f"{name}.pdf"
        path.write_bytes(data)
        paths.append(path)
    results = verapdf_checker.validate(paths, profiles=("ua1", "2a"))
    assert len(results) == 4
    assert [result.summary() for result in results if not result.compliant] == []
