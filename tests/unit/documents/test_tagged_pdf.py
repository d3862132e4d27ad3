"""Every printed document is tagged PDF/UA-1 and archivable PDF/A-2a.

veraPDF (the reference validator) checks conformance; the rest of this module checks what a
validator cannot: the structure says the right thing (element kinds and counts, headings where
the page has headings, artifacts where it has decoration), the tagged text reads back in the
visual order without glued words, every MCID is referenced exactly once, nothing is painted
outside marked content, and tagging changes no pixel of the page.
"""

from __future__ import annotations

import dataclasses
import io
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
import tagged
from event_samples import empty_period, many_events
from PIL import Image, ImageChops
from pypdf import PdfReader
from showcase import Showcase, ShowcaseRenderer

from beratung.documents import registry
from beratung.documents.base import PdfRenderer
from beratung.documents.consultation_report import ConsultationReportRenderer
from beratung.documents.event_report import EventReportRenderer
from beratung.documents.letter import LETTER_RENDERERS
from beratung.documents.press_release import DraftPressReleaseRenderer, PressReleaseRenderer
from beratung.documents.samples import (
    P309_BODY,
    SAMPLES,
    sample_consultation_report,
    sample_event_report,
    sample_letter,
    sample_press_release,
    sample_sender,
)
from beratung.documents.tagging import TaggingError, tag_story
from beratung.domain.reports import StatisticsRow


def _logo() -> bytes:
    image = Image.new("RGBA", (120, 60), (31, 78, 121, 255))
    for x in range(60, 120):
        for y in range(60):
            image.putpixel((x, y), (157, 195, 230, 128))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def _row(key: str, label: str, n: int) -> StatisticsRow:
    return StatisticsRow(key, label, n, n // 2, n // 3, n // 2 - n // 3, 60 * n)


def _report_quarters() -> Any:
    report = sample_consultation_report()
    stats = report.statistics
    quarters = tuple(_row(f"2017-Q{q}", f"{q}. Quartal 2017", 40 + q) for q in range(1, 5))
    return dataclasses.replace(
        report, statistics=dataclasses.replace(stats, granularity="quarter", by_period=quarters)
    )


def _report_two_years() -> Any:
    report = sample_consultation_report()
    months = tuple(
        _row(f"{2016 + i // 12}-{i % 12 + 1:02d}", f"Monat {i}", 5 + i % 7) for i in range(24)
    )
    stats = dataclasses.replace(report.statistics, by_period=months)
    return dataclasses.replace(report, statistics=stats, title="Beratungsstatistik 2016–2017")


def _report_empty() -> Any:
    report = sample_consultation_report()
    zero = _row("total", "Gesamt", 0)
    stats = dataclasses.replace(
        report.statistics, totals=zero, by_period=(), by_programme=(), by_topic=(), by_mode=(),
        by_kreis=(), by_regierungsbezirk=(), by_membership=(),
    )
    return dataclasses.replace(report, statistics=stats)


def _press_with_embargo() -> Any:
    return dataclasses.replace(
        sample_press_release(),
        sender=dataclasses.replace(sample_sender(), logo=_logo(), logo_mime="image/png"),
        subline="Knapp 80 Mitgliedskommunen beraten",
        embargo=datetime(2017, 7, 31, 9, 0, tzinfo=UTC),
    )


def _long_draft() -> Any:
    return dataclasses.replace(sample_press_release(), body=P309_BODY * 3)


def _letter_with_logo() -> Any:
    letter = sample_letter("B")
    return dataclasses.replace(
        letter, sender=dataclasses.replace(letter.sender, logo=_logo(), logo_mime="image/png")
    )


Render = Callable[[], bytes]

#: Every document kind the app prints, in the variants that change the structure.
DOCUMENTS: dict[str, Render] = {
    **{
        f"{kind}-{index}": (lambda make=make: registry.render(make()).pdf)
        for kind, makers in SAMPLES.items()
        for index, make in enumerate(makers)
    },
    "letter-a-two-pages": lambda: registry.render(sample_letter("A")).pdf,
    "letter-with-logo": lambda: registry.render(_letter_with_logo()).pdf,
    "press-embargo-logo": lambda: registry.render(_press_with_embargo()).pdf,
    "press-long-draft": lambda: registry.render(_long_draft(), draft=True).pdf,
    "report-quarters": lambda: registry.render(_report_quarters()).pdf,
    "report-two-years": lambda: registry.render(_report_two_years()).pdf,
    "report-empty": lambda: registry.render(_report_empty()).pdf,
    "event-report-empty": lambda: registry.render(empty_period()).pdf,
    "event-report-many-events": lambda: registry.render(many_events(30, guests=20)).pdf,
    "event-report-seven-regions": lambda: registry.render(many_events(3, regions=7)).pdf,
    "showcase-form": lambda: ShowcaseRenderer().render(Showcase()).pdf,
}


@pytest.fixture(scope="module")
def pdfs() -> dict[str, bytes]:
    return {name: render() for name, render in DOCUMENTS.items()}


@pytest.fixture(scope="module")
def verapdf_results(
    pdfs: dict[str, bytes], verapdf_checker: Any, tmp_path_factory: pytest.TempPathFactory
) -> dict[tuple[str, str], Any]:
    """One JVM validates every document against both profiles."""
    folder = tmp_path_factory.mktemp("tagged")
    paths = []
    for name, data in pdfs.items():
        path = folder / f"{name}.pdf"
        path.write_bytes(data)
        paths.append(path)
    results = verapdf_checker.validate(paths, profiles=("ua1", "2a"))
    return {(Path(r.file).stem, r.profile): r for r in results}


def test_every_sample_kind_is_covered() -> None:
    assert set(SAMPLES) == set(registry.kinds())


@pytest.mark.parametrize("profile", ["ua1", "2a"])
@pytest.mark.parametrize("name", list(DOCUMENTS))
def test_verapdf_finds_the_document_compliant(
    verapdf_results: dict[tuple[str, str], Any], name: str, profile: str
) -> None:
    result = verapdf_results[(name, profile)]
    assert result.compliant, result.summary()


@pytest.mark.parametrize("name", list(DOCUMENTS))
def test_every_mark_is_tagged_or_an_artifact_and_every_mcid_referenced_once(
    pdfs: dict[str, bytes], name: str
) -> None:
    data = pdfs[name]
    assert tagged.unmarked_painting(data) == []
    assert tagged.nested_marked_content(data) == []
    references = tagged.mcid_references(data)
    assert len(references) == len(set(references)), "an MCID is referenced twice"
    assert sorted(references) == sorted(tagged.content_mcids(data))


@pytest.mark.parametrize("name", list(DOCUMENTS))
def test_catalog_and_metadata_declare_pdf_ua_and_pdf_a(pdfs: dict[str, bytes], name: str) -> None:
    reader = PdfReader(io.BytesIO(pdfs[name]))
    catalog = reader.trailer["/Root"]
    assert bool(catalog["/MarkInfo"]["/Marked"])
    assert catalog["/Lang"] == "de-DE"
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"]
    xmp = catalog["/Metadata"].get_object().get_data().decode("utf-8")
    assert "<pdfuaid:part>1</pdfuaid:part>" in xmp
    assert "<pdfaid:part>2</pdfaid:part>" in xmp and "<pdfaid:conformance>A" in xmp
    assert f">{reader.metadata.title}</rdf:li>" in xmp.replace("&amp;", "&")
    assert "/CreationDate" not in reader.trailer["/Info"]  # nothing depends on the clock
    [intent] = catalog["/OutputIntents"]
    assert intent["/S"] == "/GTS_PDFA1"
    for page in reader.pages:
        assert page["/Tabs"] == "/S"


# --- the structure of each document -----------------------------------------------------------


def test_letter_structure(pdfs: dict[str, bytes]) -> None:
    """Letterhead, return line, endorsement, address (one P each), the information block as a
    table of 7 rows with row headers, the subject as H1, salutation, 7 body paragraphs,
    greeting, name, function, "Anlagen" and the enclosures as a list; the footer of page 1."""
    found = tagged.counts(pdfs["letter-0"])
    assert found == {
        "Document": 1, "P": 4 + 1 + 7 + 3 + 1 + 1, "Table": 1, "TR": 7, "TH": 7, "TD": 7,
        "H1": 1, "L": 1, "LI": 2, "LBody": 2,
    }
    assert tagged.counts(pdfs["letter-with-logo"]) == found  # the logo is decoration


def test_press_release_structure(pdfs: dict[str, bytes]) -> None:
    """Sender, PRESSEINFORMATION, function line, the side block table (Bearbeiterin, E, T, F,
    Az), the date, the headline as H1, 5 body paragraphs, "Weitere Infos", "Kontakt", footer."""
    assert tagged.counts(pdfs["press_release-0"]) == {
        "Document": 1, "P": 3 + 1 + 5 + 2 + 1, "Table": 1, "TR": 5, "TH": 5, "TD": 5, "H1": 1,
    }
    with_embargo = tagged.counts(pdfs["press-embargo-logo"])
    assert with_embargo["P"] == 12 + 2  # Sperrfrist and subline


def test_side_block_labels_are_spelled_out(pdfs: dict[str, bytes]) -> None:
    expansions = [
        str(element["/E"])
        for element in tagged.struct_elements(pdfs["press_release-0"])
        if element["/S"] == "/TH" and "/E" in element
    ]
    assert expansions == ["E-Mail", "Telefon", "Telefax", "Aktenzeichen"]


def test_report_structure(pdfs: dict[str, bytes]) -> None:
    """Title H1, 8 section headings H2, the key figures as a list of 5, two charts as figures
    with alt text, 6 tables with column and row headers; the header row repeated on page 2
    is an artifact, so every table has one header row."""
    found = tagged.counts(pdfs["consultation_report-0"])
    assert found["H1"] == 1 and found["H2"] == 8
    assert (found["L"], found["LI"], found["LBody"]) == (1, 5, 5)
    assert found["Figure"] == 2
    assert found["Table"] == 6
    # Header rows: 6 tables × 6 columns; row headers: one per body row.
    assert found["TH"] == 6 * 6 + (found["TR"] - 6)
    assert found["TD"] == (found["TR"] - 6) * 5
    empty = tagged.counts(pdfs["report-empty"])
    assert "Figure" not in empty and empty["H1"] == 1


def test_report_charts_state_their_numbers(pdfs: dict[str, bytes]) -> None:
    figures = [
        element
        for top in tagged.structure(pdfs["consultation_report-0"])
        for element in top.walk()
        if element.type == "Figure"
    ]
    period, topics = (figure.alt or "" for figure in figures)
    assert period.startswith("Säulendiagramm der Beratungen und der beratenen Kommunen je Monat")
    assert "Januar 2017: 13 Beratungen, 9 Kommunen" in period
    assert "Dezember 2017: 14 Beratungen, 8 Kommunen" in period
    assert "Quartiersentwicklung: 71" in topics and "Fördermittel: 22" in topics
    assert all(len(figure.attributes.get("BBox", [])) == 4 for figure in figures)


def test_event_report_structure(pdfs: dict[str, bytes]) -> None:
    """Title H1, 4 section headings H2 and one H3 per series, the key figures as a list of 6,
    the chart as a figure with alt text, 4 tables whose first column heads each row; long
    tables continued on the next page keep one header row."""
    found = tagged.counts(pdfs["event_report-0"])
    assert (found["H1"], found["H2"], found["H3"]) == (1, 4, 1)
    assert (found["L"], found["LI"], found["LBody"]) == (1, 6, 6)
    assert found["Figure"] == 1 and found["Table"] == 4
    # Header rows: 7 + 8 + 2 + 3 columns; row headers: one per body row.
    assert found["TH"] == 7 + 8 + 2 + 3 + (found["TR"] - 4)
    assert found["TD"] == (5 + 1) * 6 + (5 + 1) * 7 + 2 * 1 + 2 * 2
    many = tagged.counts(pdfs["event-report-many-events"])
    assert many["Table"] == 4 and many["TR"] == 4 + 31 + 31 + 2 + 15
    empty = tagged.counts(pdfs["event-report-empty"])
    assert "Figure" not in empty and "Table" not in empty and empty["H1"] == 1


def test_showcase_structure_form_fields_links_lists_and_a_split_table(
    pdfs: dict[str, bytes],
) -> None:
    data = pdfs["showcase-form"]
    found = tagged.counts(data)
    assert found["Form"] == 7  # 3 text fields, 2 radio buttons, 2 check boxes
    assert found["Link"] == 1 + 31  # the paragraph's link and one per table row
    # A link's text is in its Link element, with the annotation's object reference.
    order = tagged.reading_order(data)
    assert ("Link", "www.staedtetag-bw.de") in order
    assert ("Link", "Stadt Ulm") in order
    links = [e for e in tagged.struct_elements(data) if e["/S"] == "/Link"]
    assert all(
        any(hasattr(kid, "get") and kid.get("/Type") == "/OBJR" for kid in link["/K"])
        for link in links
    )
    assert (found["L"], found["LI"], found["Lbl"], found["LBody"]) == (1, 2, 2, 2)
    assert (found["Table"], found["TR"], found["TH"]) == (1, 32, 4)  # header once
    # The row span leaves one cell out of the fourth and fifth rows together.
    assert found["TD"] == 31 * 4 - 1
    fields = PdfReader(io.BytesIO(data)).get_fields()
    assert {name: field.get("/V") for name, field in fields.items()} == {
        "name": "Dr. Anna Beispiel", "code": "WG-2017-0042", "teilnahme": "/ja",
        "rollstuhl": "/Yes", "gebaerden": "/Off", "bemerkungen": "",
    }
    assert all(field.get("/TU") for field in fields.values())


# --- reading the tagged text back -------------------------------------------------------------


def _texts(data: bytes, role: str | None = None) -> list[str]:
    return [tagged.normalise(text) for kind, text in tagged.reading_order(data)
            if role is None or kind == role]


def test_letter_reads_in_order_without_glued_words(pdfs: dict[str, bytes]) -> None:
    letter = sample_letter("B")
    texts = _texts(pdfs["letter-0"])
    assert texts[0] == "Städtetag Baden-Württemberg Fachberatung Inklusion"
    assert texts[1] == letter.return_line
    assert texts[2] == "Persönlich"
    assert texts[3] == " ".join(letter.address.lines)
    assert texts[4:6] == ["Ihre Nachricht vom", "14.08.2017"]
    subject = texts.index(letter.subject)
    assert texts[subject + 1] == letter.salutation
    assert texts[subject + 2 : subject + 2 + len(letter.body)] == list(letter.body)
    assert texts[-3:-1] == ["Tagesordnung", "Antwortbogen"]
    assert texts[-1].startswith("Städtetag Baden-Württemberg · Königstraße 2")


def test_press_release_reads_in_order_without_glued_words(pdfs: dict[str, bytes]) -> None:
    """Head, side block, then Sperrfrist, headline and text; paragraphs split across pages and
    lines ended by a forced break read as one text with single spaces."""
    release = _press_with_embargo()
    texts = _texts(pdfs["press-embargo-logo"])
    assert texts[:3] == ["Städtetag Baden-Württemberg", "PRESSEINFORMATION",
                         "Geschäftsführendes Vorstandsmitglied"]
    assert texts[3:5] == ["Bearbeiterin", "Christiane Conzen"]
    date = texts.index("31.07.2017")
    assert texts[date + 1 : date + 4] == [
        "Sperrfrist: 31.07.2017, 11:00 Uhr", tagged.normalise(release.headline), release.subline,
    ]
    body = texts[date + 4 : date + 4 + len(release.body)]
    assert body[0] == "Stuttgart. " + tagged.normalise(release.body[0])
    assert body[1:] == [tagged.normalise(p) for p in release.body[1:]]


def test_report_reads_headings_in_order(pdfs: dict[str, bytes]) -> None:
    data = pdfs["consultation_report-0"]
    assert _texts(data, "H1") == ["Beratungsstatistik 2017"]
    assert _texts(data, "H2")[:3] == [
        "Beratungen und beratene Kommunen je Monat",
        "Mitgliedskommunen und Nichtmitglieder",
        "Beratungen nach Thema",
    ]
    figures = _texts(data, "LBody")
    assert figures[0] == "167 Beratungen"


def test_text_of_every_paragraph_has_single_spaces_between_words() -> None:
    """ReportLab drops the space where it breaks a line; the tagged text keeps it. A
    paragraph of many short words broken on every line must read back word for word."""
    words = [f"Wort{i}" for i in range(200)]
    letter = dataclasses.replace(sample_letter("B", long=False), body=(" ".join(words),))
    texts = _texts(registry.render(letter).pdf)
    assert " ".join(words) in texts


# --- tagging changes nothing visible ----------------------------------------------------------


def _pixels(data: bytes) -> list[Image.Image]:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [page.to_image(resolution=72).original.convert("RGB") for page in pdf.pages]


RENDERERS: list[tuple[str, Callable[[], PdfRenderer[Any]], Callable[[], Any]]] = [
    ("letter B", lambda: LETTER_RENDERERS["B"](), lambda: sample_letter("B")),
    ("letter A", lambda: LETTER_RENDERERS["A"](), lambda: sample_letter("A", long=False)),
    ("press release", PressReleaseRenderer, _press_with_embargo),
    ("draft", DraftPressReleaseRenderer, _long_draft),
    ("report", ConsultationReportRenderer, sample_consultation_report),
    ("event report", EventReportRenderer, sample_event_report),
]


@pytest.mark.parametrize(("name", "make_renderer", "make_snapshot"), RENDERERS,
                         ids=[r[0] for r in RENDERERS])
def test_tagging_changes_no_pixel_and_no_page_count(
    name: str, make_renderer: Callable[[], PdfRenderer[Any]], make_snapshot: Callable[[], Any]
) -> None:
    snapshot = make_snapshot()
    tagged_pdf = make_renderer().render(snapshot)
    plain = make_renderer()
    plain.tagged = False
    untagged_pdf = plain.render(snapshot)
    assert tagged_pdf.page_count == untagged_pdf.page_count
    for with_tags, without in zip(_pixels(tagged_pdf.pdf), _pixels(untagged_pdf.pdf),
                                  strict=True):
        assert ImageChops.difference(with_tags, without).getbbox() is None


def test_a_figure_without_alt_text_is_refused() -> None:
    from reportlab.graphics.shapes import Drawing

    with pytest.raises(TaggingError, match="a figure needs alt text"):
        tag_story([Drawing(10, 10)])


class _TwoPasses:
    """An indexing flowable that is satisfied only after the second pass of ``multiBuild``
    (as a table of contents is), so the story is built twice."""

    def __init__(self) -> None:
        from reportlab.platypus import Spacer

        self._spacer = Spacer(0, 0)
        self.passes = 0

    def __getattr__(self, name: str) -> Any:
        return getattr(self._spacer, name)

    def isIndexing(self) -> int:
        return 1

    def isSatisfied(self) -> bool:
        return self.passes >= 2

    def beforeBuild(self) -> None:
        self.passes += 1

    def afterBuild(self) -> None:
        return


def test_a_multi_pass_build_references_each_mcid_once(tmp_path: Path) -> None:
    """Each pass draws on a new canvas with a new tagger, and groups resolve anew in every
    pass: the second pass does not add its content references to the first pass's tree."""
    import functools

    from reportlab.platypus import BaseDocTemplate

    from beratung.documents import fonts
    from beratung.documents.base import NumberedCanvas

    fonts.register_fonts()
    renderer = ShowcaseRenderer()
    snapshot = Showcase(rows=45)
    marker = _TwoPasses()
    story = [marker, *tag_story(renderer.story(snapshot))]
    target = tmp_path / "two-passes.pdf"
    doc = BaseDocTemplate(str(target), invariant=1, lang="de-DE", title="Zwei Durchgänge")
    doc.addPageTemplates(list(renderer.page_templates(snapshot)))
    doc.multiBuild(story, canvasmaker=functools.partial(NumberedCanvas,
                                                        page_marker=lambda *_args: None))
    assert marker.passes == 2
    data = target.read_bytes()
    references = tagged.mcid_references(data)
    assert len(references) == len(set(references))
    assert sorted(references) == sorted(tagged.content_mcids(data))
    single = tagged.counts(ShowcaseRenderer().render(snapshot).pdf)
    assert tagged.counts(data) == single
