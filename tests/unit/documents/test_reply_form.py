"""The reply form (issue 12, item 2): its fields read back with pypdf — names, types, prefilled
values, tooltips, structure —, several forms in one PDF, and what a filled form means
(``read_answer``: needs only with the consent box)."""

from __future__ import annotations

import io
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
    need_field,
    read_answer,
    split_forms,
)
from beratung.interchange.reply_pdf import UnreadableReplyError, read_reply_fields

TEXT_FIELDS = {FIELD_NAME, FIELD_CODE, FIELD_COMPANIONS, FIELD_NEED_OTHER_TEXT, FIELD_DIET,
               FIELD_REMARKS}
BOXES = {FIELD_CONSENT, *(need_field(kind) for kind in FORM_NEEDS)}


@pytest.fixture(scope="module")
def form_pdf() -> bytes:
    return registry.render(sample_reply_form_document()).pdf


def test_the_fields_read_back_with_names_types_and_prefilled_values(form_pdf: bytes) -> None:
    fields = PdfReader(io.BytesIO(form_pdf)).get_fields() or {}
    assert set(fields) == TEXT_FIELDS | BOXES | {FIELD_ATTEND}
    for name in TEXT_FIELDS:
        assert fields[name]["/FT"] == "/Tx"
    for name in BOXES | {FIELD_ATTEND}:
        assert fields[name]["/FT"] == "/Btn"
    assert fields[FIELD_NAME]["/V"] == "Frau Dr. Anna Beispiel"
    assert fields[FIELD_CODE]["/V"] == "K7M4-QXA9"
    assert fields[FIELD_CODE]["/Ff"] & 1  # read-only
    assert fields[FIELD_REMARKS]["/Ff"] & (1 << 12)  # several lines
    assert fields[FIELD_ATTEND]["/Ff"] & (1 << 15)  # a radio group
    assert set(fields[FIELD_ATTEND]["/_States_"]) == {"/ja", "/nein"}
    assert fields[FIELD_ATTEND]["/V"] == "/Off"
    assert all(fields[name]["/V"] == "/Off" for name in BOXES)


def test_every_widget_has_a_tooltip_is_printed_and_sits_in_the_structure(
    form_pdf: bytes,
) -> None:
    reader = PdfReader(io.BytesIO(form_pdf))
    widgets = [a.get_object() for a in reader.pages[0]["/Annots"]]
    assert len(widgets) == len(TEXT_FIELDS) + len(BOXES) + 2  # two radio buttons
    for widget in widgets:
        assert widget["/Subtype"] == "/Widget"
        assert widget["/TU"]
        assert widget["/F"] == 4
        assert "/StructParent" in widget
    tips = {str(w.get("/T") or w["/Parent"]["/T"]): str(w["/TU"]) for w in widgets}
    assert tips[FIELD_CODE] == "Anmeldecode (bitte nicht ändern)"
    assert tips[need_field(NeedKind.WHEELCHAIR_PLACE)] == "Bedarf: Rollstuhlplatz"


def test_the_page_prints_the_labels_the_consent_sentence_and_the_way_back(
    form_pdf: bytes,
) -> None:
    with pdfplumber.open(io.BytesIO(form_pdf)) as pdf:
        text = " ".join(pdf.pages[0].extract_text().split())
    for words in ("Antwort an", "per Fax an 0711", "per E-Mail an", "Ich nehme teil.",
                  "Ich nehme nicht teil.", "Rollstuhlplatz", "Gebärdensprachdolmetschung",
                  "Ich willige ein", "Bitte bis zum 11. Oktober 2017.", "K7M4-QXA9",
                  "Ort, Datum", "Unterschrift"):
        assert words in text


def test_several_forms_in_one_pdf_have_their_own_fields() -> None:
    pdf = registry.render(sample_invitations()).pdf
    forms = read_reply_fields(pdf)
    assert [form[FIELD_CODE] for form in forms] == ["K7M4-QXA9", "C3D4-EFGH", "TUVW-XY34"]
    assert [form[FIELD_NAME] for form in forms][1] == "Herr Max Muster"


def test_split_forms_keeps_plain_names_as_one_form() -> None:
    assert split_forms({"code": "A", "brief2_code": "B", "brief10_code": "C"}) == [
        {"code": "A"}, {"code": "B"}, {"code": "C"}]


@pytest.mark.parametrize(("data", "reason"), [
    (b"", "kein PDF"),
    (b"%PDF-1.7\nkaputt", "beschädigt"),
])
def test_unreadable_files_say_why(data: bytes, reason: str) -> None:
    with pytest.raises(UnreadableReplyError, match=reason):
        read_reply_fields(data)


def _values(**changes: Any) -> dict[str, str | None]:
    values: dict[str, str | None] = {FIELD_CODE: " k7m4 qxa9 ", FIELD_ATTEND: "/ja",
                                     need_field(NeedKind.SIGN_LANGUAGE): "/Yes",
                                     FIELD_DIET: "vegan", FIELD_CONSENT: "/Yes"}
    values.update(changes)
    return values


def test_needs_and_diet_are_kept_only_with_the_consent_box() -> None:
    answer = read_answer(_values(**{FIELD_COMPANIONS: "2"}))
    assert answer.attend is True and answer.companions == 2 and answer.problems == ()
    assert answer.needs == ((NeedKind.SIGN_LANGUAGE, None), (NeedKind.DIET, "vegan"))
    refused = read_answer(_values(**{FIELD_CONSENT: "/Off"}))
    assert refused.needs == ()
    assert refused.problems == (
        "Bedarfe (Gebärdensprachdolmetschung, Ernährung) nicht übernommen: Die Einwilligung "
        "ist nicht angekreuzt.",)


def test_odd_answers_are_named_not_guessed() -> None:
    answer = read_answer(_values(**{FIELD_COMPANIONS: "zwei",
                                    need_field(NeedKind.OTHER): "/Yes"}))
    assert answer.companions == 0
    assert any("Begleitpersonen „zwei“" in p for p in answer.problems)
    assert any("„Sonstiges“ ist angekreuzt, aber nicht beschrieben" in p
               for p in answer.problems)
    assert read_answer(_values(**{FIELD_ATTEND: "/Off"})).attend is None
    no = read_answer(_values(**{FIELD_ATTEND: "/nein", FIELD_COMPANIONS: "3"}))
    assert (no.attend, no.companions, no.needs) == (False, 0, ())
    written = read_answer(_values(**{FIELD_NEED_OTHER_TEXT: "Sitzplatz vorne"}))
    assert (NeedKind.OTHER, "Sitzplatz vorne") in written.needs


def test_the_form_is_tagged_in_reading_order_with_a_form_element_per_widget(
    form_pdf: bytes,
) -> None:
    import tagged

    found = tagged.counts(form_pdf)
    assert found["Form"] == len(TEXT_FIELDS) + len(BOXES) + 2
    assert (found["H1"], found["Div"]) == (1, 1)
    assert tagged.unmarked_painting(form_pdf) == []
    order = [text.strip() for role, text in tagged.reading_order(form_pdf)
             if role in ("P", "H1")]
    first = {text: index for index, text in reversed(list(enumerate(order)))}
    assert first["Antwort an"] < first["Antwort auf die Einladung"] < first["Name:"]
    assert first["Name:"] < first["Ich nehme teil."]
    assert first["Rollstuhlplatz"] < first["Bemerkungen:"] < first["Unterschrift"]


def test_each_letter_of_a_run_is_followed_by_its_form_inside_its_part() -> None:
    import tagged

    pdf = registry.render(sample_invitations()).pdf
    parts = [e for e in tagged.struct_elements(pdf) if e["/S"] == "/Part"]
    assert len(parts) == 3
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        starts = [page.page_number for page in doc.pages
                  if "So senden Sie die Antwort zurück" in (page.extract_text() or "")]
        numbers = [page.page_number for page in doc.pages
                   if "Seite 1 von" in (page.extract_text() or "")]
    assert len(starts) == 3 and starts[-1] == len(doc.pages)
    assert len(numbers) == 2  # the forms are not counted in the letters' "Seite x von y"


def test_in_large_print_the_form_takes_two_pages_in_16_pt_with_the_same_fields() -> None:
    pdf = registry.render(sample_invitations("large")).pdf
    forms = read_reply_fields(pdf)
    assert len(forms) == 3
    assert set(forms[0]) == TEXT_FIELDS | BOXES | {FIELD_ATTEND}
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        last, second = doc.pages[-1], doc.pages[-2]
        assert "Fortsetzung" in last.extract_text() and "TUVW-XY34" in last.extract_text()
        assert "Ich nehme teil." in second.extract_text()
        for page in (second, last):
            # Everything read is 16 pt or more; only the window's address keeps its DIN size
            # and the captions under the signature lines are 12 pt.
            sizes = {round(char["size"]) for char in page.chars if char["top"] > 95 * 2.835}
            assert min(sizes) >= 12
            body = {round(char["size"]) for char in page.chars
                    if 100 * 2.835 < char["top"] < 250 * 2.835}
            assert body and min(body) >= 16
