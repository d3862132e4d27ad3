"""What every document shares: metadata and language, embedded fonts, German characters,
byte-identical output for the same snapshot (so stored snapshots reprint exactly)."""

from __future__ import annotations

import dataclasses
import io
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from docpdf import font_problems, open_pdf
from pypdf import PdfReader

from beratung.documents import fonts
from beratung.documents.letter import LETTER_RENDERERS, render_letter
from beratung.documents.press_release import render_press_release
from beratung.documents.samples import sample_letter, sample_press_release, write_samples
from beratung.domain.printing import LetterSnapshot, PressReleaseSnapshot

GERMAN = "„Grüße“ – 5 € für Straße, ÄÖÜ äöü ß, GROẞ · Größe"

CASES: list[tuple[str, Callable[[], Any], Callable[[Any], bytes], type[Any]]] = [
    ("letter B", lambda: sample_letter("B"), render_letter, LetterSnapshot),
    ("letter A", lambda: sample_letter("A", long=False), render_letter, LetterSnapshot),
    ("press release", sample_press_release, render_press_release, PressReleaseSnapshot),
]


@pytest.mark.parametrize(("name", "make", "render", "kind"), CASES, ids=[c[0] for c in CASES])
def test_same_snapshot_gives_the_same_bytes_also_after_storing(
    name: str, make: Callable[[], Any], render: Callable[[Any], bytes], kind: type[Any]
) -> None:
    snapshot = make()
    first = render(snapshot)
    assert first.startswith(b"%PDF-")
    assert render(snapshot) == first
    stored = json.loads(json.dumps(snapshot.to_dict()))
    assert render(kind.from_dict(stored)) == first


def test_output_is_identical_in_a_fresh_process() -> None:
    """No time stamps, random IDs or process-dependent font subset names in the file; the XMP
    and the ICC profile of the tagged PDF (PDF/A) are the same in every process too."""
    code = (
        "import sys; from beratung.documents import registry; "
        "from beratung.documents.samples import SAMPLES; "
        "sys.stdout.buffer.write(b''.join(registry.render(make()).pdf "
        "for makers in SAMPLES.values() for make in makers))"
    )
    src = Path(__file__).resolve().parents[3] / "src"
    other = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True,
        env={"PYTHONPATH": str(src), "PYTHONHASHSEED": "123"},
    ).stdout
    from beratung.documents import registry
    from beratung.documents.samples import SAMPLES

    here = b"".join(registry.render(make()).pdf for makers in SAMPLES.values() for make in makers)
    assert other == here


@pytest.mark.parametrize(
    ("data_fixture", "title", "subject"),
    [
        ("letter_b_pdf", "Einladung zum Werkstattgespräch am 25.10.2017 in Ulm",
         "Einladung zum Werkstattgespräch „Inklusive Quartiere“ am 25. Oktober 2017 in Ulm"),
        ("press_pdf", "Presseinformation P 309/2017: Statement zur Presseinformation des "
         "Sozialministeriums: 147 Bewerbungen beim landesweiten Quartierswettbewerb eingegangen",
         "Presseinformation P 309/2017 vom 31.07.2017"),
    ],
)
def test_metadata_title_author_subject_and_language(
    request: pytest.FixtureRequest, data_fixture: str, title: str, subject: str
) -> None:
    reader = PdfReader(io.BytesIO(request.getfixturevalue(data_fixture)))
    metadata = reader.metadata
    assert metadata is not None
    assert metadata.title == title
    assert metadata.author == "Städtetag Baden-Württemberg"
    assert metadata.subject == subject
    catalog = reader.trailer["/Root"]
    assert catalog["/Lang"] == "de-DE"
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"]


@pytest.mark.parametrize("data_fixture", ["letter_b_pdf", "letter_a_pdf", "press_pdf"])
def test_only_the_embedded_liberation_sans_family_is_used(
    request: pytest.FixtureRequest, data_fixture: str
) -> None:
    assert font_problems(request.getfixturevalue(data_fixture)) == []


def test_all_german_characters_render_and_extract() -> None:
    for face in (fonts.REGULAR, fonts.BOLD, fonts.ITALIC, fonts.BOLD_ITALIC):
        fonts.register_fonts()
        from reportlab.pdfbase import pdfmetrics

        char_map = pdfmetrics.getFont(face).face.charToGlyph
        assert all(ord(char) in char_map for char in set(GERMAN) - {" "}), face

    letter = dataclasses.replace(
        sample_letter("B", long=False), subject=f"Betreff {GERMAN}", body=(GERMAN,)
    )
    press = dataclasses.replace(sample_press_release(), headline=GERMAN, body=(GERMAN,))
    for data in (render_letter(letter), render_press_release(press)):
        with open_pdf(data) as pdf:
            text = pdf.pages[0].extract_text()
        assert GERMAN in text


def test_samples_module_writes_three_pdfs(tmp_path: Path) -> None:
    written = write_samples(tmp_path / "out")
    assert sorted(path.name for path in written) == [
        "brief-form-a.pdf", "brief-form-b.pdf", "presseinformation-P-309-2017.pdf",
    ]
    assert all(path.read_bytes().startswith(b"%PDF-") for path in written)


@pytest.mark.parametrize(
    ("make", "pages"),
    [(lambda: sample_letter("B"), 2), (lambda: sample_letter("A", long=False), 1)],
    ids=["two pages", "one page"],
)
def test_the_renderer_counts_the_pages_it_laid_out(make: Callable[[], Any], pages: int) -> None:
    """The count comes from the canvas, not from parsing the file; a PDF reader agrees."""
    snapshot = make()
    rendered = LETTER_RENDERERS[snapshot.form]().render(snapshot)
    assert rendered.pdf == render_letter(snapshot)
    assert rendered.page_count == pages == len(PdfReader(io.BytesIO(rendered.pdf)).pages)
