"""The document registry: every kind renders, reprints exactly from its stored JSON and reports
its true page count; what is not registered is refused clearly; importing it is cheap."""

from __future__ import annotations

import dataclasses
import io
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, Self

import pdfplumber
import pytest
from pypdf import PdfReader

from beratung.documents import registry
from beratung.documents.registry import (
    DocumentRegistry,
    DocumentType,
    RenderedPdf,
    UnknownDocumentKindError,
)
from beratung.documents.samples import SAMPLES, sample_press_release
from beratung.domain.errors import NotFoundError, ValidationError

SAMPLE_CASES = [
    pytest.param(kind, make, id=f"{kind}-{number}")
    for kind, makers in SAMPLES.items()
    for number, make in enumerate(makers, start=1)
]


def test_every_registered_kind_has_a_sample() -> None:
    """So that the round trip below covers each kind; a new kind adds its sample."""
    assert set(registry.kinds()) == set(SAMPLES)
    assert set(registry.kinds()) >= {"letter", "press_release", "consultation_report"}


@pytest.mark.parametrize(("kind", "make"), SAMPLE_CASES)
def test_stored_snapshot_reprints_the_same_bytes(kind: str, make: Callable[[], Any]) -> None:
    snapshot = make()
    rendered = registry.render(snapshot)
    assert rendered.pdf.startswith(b"%PDF-")
    assert registry.document_type(kind).snapshot_type is type(snapshot)

    stored = json.loads(json.dumps(snapshot.to_dict()))  # as the log of issued documents keeps it
    assert stored["kind"] == kind
    assert registry.render_stored(kind, stored) == rendered


@pytest.mark.parametrize(("kind", "make"), SAMPLE_CASES)
def test_page_count_is_what_pdf_readers_count(kind: str, make: Callable[[], Any]) -> None:
    rendered = registry.render(make())
    with pdfplumber.open(io.BytesIO(rendered.pdf)) as pdf:
        assert rendered.page_count == len(pdf.pages)
    assert rendered.page_count == len(PdfReader(io.BytesIO(rendered.pdf)).pages)


def test_the_samples_include_documents_of_more_than_one_page() -> None:
    """Otherwise the page count test above could not tell a count from a constant 1."""
    counts = {registry.render(make()).page_count for makers in SAMPLES.values() for make in makers}
    assert 1 in counts and max(counts) >= 2


def test_a_kind_without_registration_is_refused() -> None:
    with pytest.raises(UnknownDocumentKindError) as refused:
        registry.render_stored("certificate", {"kind": "certificate"})
    assert isinstance(refused.value, NotFoundError)  # shown to the user, not reported as a bug
    assert refused.value.kind == "certificate"
    assert str(refused.value) == "Für Dokumente der Art „certificate“ gibt es keinen Renderer."
    with pytest.raises(UnknownDocumentKindError):
        registry.document_type("")


def test_a_snapshot_class_without_registration_is_a_bug() -> None:
    @dataclasses.dataclass(frozen=True)
    class Unregistered:
        def to_dict(self) -> dict[str, Any]:
            return {}

        @classmethod
        def from_dict(cls, data: dict[str, Any]) -> Self:
            return cls()

    with pytest.raises(TypeError, match=r"no document kind is registered for .*Unregistered"):
        registry.render(Unregistered())


def test_a_stored_snapshot_of_another_kind_is_refused() -> None:
    stored = sample_press_release().to_dict()
    with pytest.raises(ValueError, match="'press_release' given as 'letter'"):
        registry.render_stored("letter", stored)


def test_drafts_use_the_draft_renderer() -> None:
    """A press release draft that is too long still previews; the final one is refused."""
    too_long = dataclasses.replace(
        sample_press_release(), body=sample_press_release().body * 3
    )
    with pytest.raises(ValidationError):
        registry.render(too_long)
    assert registry.render(too_long, draft=True).page_count > 2


# --- adding a kind is one registration ------------------------------------------------------


@dataclasses.dataclass(frozen=True, slots=True)
class Note:
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"kind": "note", "text": self.text}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self:
        return cls(data["text"])


class NoteRenderer:
    def render(self, snapshot: Note) -> RenderedPdf:
        return RenderedPdf(f"%PDF-note {snapshot.text}".encode(), 1)


def test_a_registered_kind_renders_and_reprints() -> None:
    own = DocumentRegistry()
    own.register(DocumentType("note", "Notiz", Note, lambda _note: NoteRenderer()))
    assert own.kinds() == ("note",)
    assert own.render(Note("Hallo")) == RenderedPdf(b"%PDF-note Hallo", 1)
    assert own.render_stored("note", Note("Hallo").to_dict()) == own.render(Note("Hallo"))
    assert own.get("note").label == "Notiz"
    with pytest.raises(UnknownDocumentKindError):
        own.get("letter")


def test_a_kind_or_snapshot_class_registered_twice_is_refused() -> None:
    own = DocumentRegistry()
    note = DocumentType("note", "Notiz", Note, lambda _note: NoteRenderer())
    own.register(note)
    own.register(note)  # the same registration again (a module imported twice) is harmless
    with pytest.raises(ValueError, match="registered twice"):
        own.register(DocumentType("note", "Andere Notiz", Note, lambda _note: NoteRenderer()))
    with pytest.raises(ValueError, match="registered twice"):
        own.register(DocumentType("memo", "Vermerk", Note, lambda _note: NoteRenderer()))


def test_importing_the_registry_does_not_load_reportlab() -> None:
    """Only rendering loads the renderer modules; start-up must not pay for ReportLab."""
    code = (
        "import sys\n"
        "import beratung.documents, beratung.documents.registry\n"
        "import beratung.services.documents, beratung.services.statistics\n"
        "assert 'reportlab' not in sys.modules, 'loaded on import'\n"
        "from beratung.documents import registry\n"
        "registry.kinds()\n"
        "assert 'reportlab' in sys.modules, 'not loaded by a lookup'\n"
    )
    src = Path(__file__).resolve().parents[3] / "src"
    subprocess.run([sys.executable, "-c", code], check=True, env={"PYTHONPATH": str(src)})
