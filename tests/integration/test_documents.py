"""The document service over the registry: logging with the renderer's page count, reprints from
the stored snapshot when the bytes are missing, and kinds it was never told about."""

from __future__ import annotations

import io
from typing import Any

import pytest
from pypdf import PdfReader
from sqlalchemy import select, update

from beratung.documents.registry import DocumentRegistry, DocumentType, RenderedPdf
from beratung.documents.samples import sample_letter
from beratung.domain.errors import NotFoundError
from beratung.domain.records import AuditEntry, IssuedDocument
from beratung.services.documents import KIND_LABELS, DocumentService


def _drop_stored_pdf(db: Any, issued_id: int) -> None:
    """As in a log entry written without the bytes: only the snapshot is left."""
    with db.transaction() as s:
        s.execute(update(IssuedDocument).where(IssuedDocument.id == issued_id).values(pdf=None))


def test_any_registered_snapshot_is_rendered_logged_and_reprinted(services: Any, db: Any) -> None:
    documents = services.documents
    rendered = documents.render(sample_letter("B"), title="Einladung nach Ulm")
    assert (rendered.kind, rendered.renderer) == ("letter", "letter")
    assert rendered.page_count == 2 == len(PdfReader(io.BytesIO(rendered.pdf)).pages)

    issued = documents.record_issue(rendered)
    [row] = documents.list_issued()
    assert (row.kind, row.page_count) == ("letter", 2)
    with db.read() as s:
        summaries = list(s.scalars(select(AuditEntry.summary)))
    assert "Brief „Einladung nach Ulm“ gedruckt" in summaries

    _drop_stored_pdf(db, issued)
    assert documents.reprint(issued) == rendered.pdf
    again = documents.reprint_document(issued)
    assert (again.pdf, again.page_count, again.snapshot) == (
        rendered.pdf,
        2,
        rendered.snapshot,
    )


def test_a_logged_kind_without_renderer_is_refused_on_reprint(services: Any, db: Any) -> None:
    documents = services.documents
    rendered = documents.render(sample_letter("B"), title="Einladung")
    issued = documents.record_issue(rendered)
    _drop_stored_pdf(db, issued)
    with db.transaction() as s:
        s.execute(
            update(IssuedDocument).where(IssuedDocument.id == issued).values(kind="certificate")
        )
    with pytest.raises(NotFoundError, match="Für Dokumente der Art „certificate“"):
        documents.reprint(issued)
    assert KIND_LABELS.get("certificate", "certificate") == "certificate"
    assert KIND_LABELS["letter"] == "Brief"


class _Memo:
    def __init__(self, text: str) -> None:
        self.text = text

    def to_dict(self) -> dict[str, Any]:
        return {"kind": "memo", "text": self.text}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> _Memo:
        return cls(data["text"])


class _MemoRenderer:
    def render(self, snapshot: _Memo) -> RenderedPdf:
        return RenderedPdf(f"%PDF-memo {snapshot.text}".encode(), 3)


def test_a_new_kind_needs_only_its_registration(services: Any, db: Any) -> None:
    own = DocumentRegistry()
    own.register(DocumentType("memo", "Vermerk", _Memo, lambda _memo: _MemoRenderer()))
    documents = DocumentService(services.context, registry=own)

    rendered = documents.render(_Memo("Rückruf"), title="Vermerk zum Anruf")
    memo_pdf = "%PDF-memo Rückruf".encode()
    assert (rendered.kind, rendered.pdf, rendered.page_count) == ("memo", memo_pdf, 3)
    issued = documents.record_issue(rendered, action="als PDF gespeichert")
    _drop_stored_pdf(db, issued)
    assert documents.reprint(issued) == rendered.pdf
    with db.read() as s:
        summaries = list(s.scalars(select(AuditEntry.summary)))
    assert "Vermerk „Vermerk zum Anruf“ als PDF gespeichert" in summaries
