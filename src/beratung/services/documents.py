"""Rendering documents and the log of issued documents.

Everything printed or saved is recorded with the snapshot it was rendered from and the PDF bytes
themselves, so "print that letter again" gives exactly what was sent — even after the office
profile, the template or the renderer changed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select

from beratung.domain.enums import AuditAction
from beratung.domain.errors import NotFoundError
from beratung.domain.records import IssuedDocument, IssuedDocumentRecipient
from beratung.services.base import Service


@dataclass(frozen=True, slots=True)
class RenderedDocument:
    """A finished PDF plus what is needed to log it."""

    kind: str
    title: str
    renderer: str
    snapshot: dict[str, Any]
    pdf: bytes
    entity_type: str | None = None
    entity_id: int | None = None
    recipient_ids: tuple[int, ...] = ()
    recipient_names: tuple[str, ...] = ()
    file_name: str | None = None

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.pdf).hexdigest()

    @property
    def suggested_file_name(self) -> str:
        """A file name Windows accepts: no / \\ : * ? " < > |."""
        base = self.file_name or self.title
        safe = "".join("-" if c in '/\\:*?"<>|' else c for c in base)
        safe = " ".join(safe.split()).strip(" .")
        return f"{safe or self.kind}.pdf"


@dataclass(frozen=True, slots=True)
class IssuedDocumentRow:
    id: int
    issued_at: datetime
    user_name: str
    kind: str
    title: str
    recipients: tuple[str, ...]
    page_count: int | None
    sha256: str


KIND_LABELS = {
    "press_release": "Presseinformation",
    "letter": "Brief",
    "invitation": "Einladung",
    "consultation_report": "Beratungsstatistik",
}


def page_count(pdf: bytes) -> int:
    """Pages of a PDF we made ourselves (ReportLab writes ``/Type /Page`` once per page)."""
    return pdf.count(b"/Type /Page\n") + pdf.count(b"/Type /Page ") or pdf.count(b"/Type /Page")


class DocumentService(Service):
    def render_press_release(self, release_id: int) -> RenderedDocument:
        """Final releases print from their frozen data; drafts preview without the page limit
        (a draft that is too long must be visible to be shortened) and are marked in the
        file name."""
        from beratung.documents.press_release import render_press_release
        from beratung.services.press import PressService

        press = PressService(self.ctx)
        detail = press.get(release_id)
        snapshot = press.snapshot(release_id)
        pdf = render_press_release(snapshot, draft=not detail.is_final)
        if detail.is_final and detail.number_text:
            file_name = f"Presseinformation {detail.number_text.replace('/', '-')}"
            if detail.revision > 1:
                file_name += f" Fassung {detail.revision}"
        else:
            file_name = f"Presseinformation Entwurf {detail.draft.headline[:40]}"
        return RenderedDocument(
            kind="press_release",
            title=snapshot.title if detail.is_final else f"Entwurf: {detail.draft.headline}",
            renderer="press_release",
            snapshot=snapshot.to_dict(),
            pdf=pdf,
            entity_type="press_release",
            entity_id=release_id,
            file_name=file_name,
        )

    def render_consultation_report(
        self, period_from: date, period_to: date, programme_id: int | None = None
    ) -> RenderedDocument:
        """The statistics report (Beratungsstatistik) for a period, optionally one programme,
        rendered from a frozen snapshot; printing or saving it is logged by the preview."""
        from beratung.documents.consultation_report import render_consultation_report
        from beratung.services.statistics import StatisticsService

        snapshot = StatisticsService(self.ctx).report_snapshot(period_from, period_to, programme_id)
        file_name = snapshot.title
        if snapshot.statistics.programme_name:
            file_name += f" {snapshot.statistics.programme_name}"
        return RenderedDocument(
            kind="consultation_report",
            title=snapshot.title,
            renderer="consultation_report",
            snapshot=snapshot.to_dict(),
            pdf=render_consultation_report(snapshot),
            entity_type="programme" if programme_id is not None else None,
            entity_id=programme_id,
            file_name=file_name,
        )

    def record_issue(self, document: RenderedDocument, *, action: str = "gedruckt") -> int:
        """Log a printed/saved document (one transaction) and return its log id."""
        with self.db.transaction() as s:
            entry = IssuedDocument(
                issued_at=self.ctx.now(),
                user_name=self.ctx.user,
                kind=document.kind,
                title=document.title,
                recipients=list(document.recipient_names) or None,
                entity_type=document.entity_type,
                entity_id=document.entity_id,
                renderer=document.renderer,
                snapshot=document.snapshot,
                pdf_sha256=document.sha256,
                page_count=page_count(document.pdf),
                pdf=document.pdf,
            )
            s.add(entry)
            s.flush()
            for person_id in dict.fromkeys(document.recipient_ids):
                s.add(IssuedDocumentRecipient(document_id=entry.id, person_id=person_id))
            self.audit(
                s,
                AuditAction.PRINT,
                document.entity_type or document.kind,
                document.entity_id,
                f"{KIND_LABELS.get(document.kind, document.kind)} „{document.title}“ {action}",
            )
            return entry.id

    def list_issued(
        self, *, entity_type: str | None = None, entity_id: int | None = None, limit: int = 500
    ) -> list[IssuedDocumentRow]:
        with self.db.read() as s:
            stmt = select(IssuedDocument).order_by(IssuedDocument.issued_at.desc()).limit(limit)
            if entity_type is not None:
                stmt = stmt.where(IssuedDocument.entity_type == entity_type)
            if entity_id is not None:
                stmt = stmt.where(IssuedDocument.entity_id == entity_id)
            return [
                IssuedDocumentRow(
                    id=d.id,
                    issued_at=d.issued_at,
                    user_name=d.user_name,
                    kind=d.kind,
                    title=d.title,
                    recipients=tuple(d.recipients or ()),
                    page_count=d.page_count,
                    sha256=d.pdf_sha256,
                )
                for d in s.scalars(stmt)
            ]

    def reprint_document(self, issued_id: int) -> RenderedDocument:
        """An issued document as it was, ready for the preview; printing it again is logged as
        a new issue with the original snapshot."""
        with self.db.read() as s:
            doc = s.get(IssuedDocument, issued_id)
            if doc is None:
                raise NotFoundError("Dieses ausgegebene Dokument gibt es nicht im Protokoll.")
            recipient_ids = tuple(
                s.scalars(
                    select(IssuedDocumentRecipient.person_id).where(
                        IssuedDocumentRecipient.document_id == issued_id
                    )
                )
            )
            kind, title, renderer = doc.kind, doc.title, doc.renderer
            snapshot = dict(doc.snapshot)
            entity_type, entity_id = doc.entity_type, doc.entity_id
            names = tuple(doc.recipients or ())
        return RenderedDocument(
            kind=kind,
            title=title,
            renderer=renderer,
            snapshot=snapshot,
            pdf=self.reprint(issued_id),
            entity_type=entity_type,
            entity_id=entity_id,
            recipient_ids=recipient_ids,
            recipient_names=names,
        )

    def reprint(
        self,
        issued_id: int,
        renderers: Sequence[tuple[str, Callable[[dict[str, Any]], bytes]]] = (),
    ) -> bytes:
        """The exact PDF that was issued (stored bytes; re-rendered from the snapshot if absent)."""
        with self.db.read() as s:
            doc = s.get(IssuedDocument, issued_id)
            if doc is None:
                raise NotFoundError("Dieses ausgegebene Dokument gibt es nicht im Protokoll.")
            if doc.pdf is not None:
                return bytes(doc.pdf)
            snapshot, renderer = doc.snapshot, doc.renderer
        for name, render in renderers or _default_renderers():
            if name == renderer:
                return render(snapshot)
        raise NotFoundError(f"Für Dokumente der Art „{renderer}“ gibt es keinen Renderer mehr.")


def _default_renderers() -> list[tuple[str, Callable[[dict[str, Any]], bytes]]]:
    from beratung.documents.consultation_report import render_consultation_report
    from beratung.documents.letter import render_letter
    from beratung.documents.press_release import render_press_release
    from beratung.domain.printing import LetterSnapshot, PressReleaseSnapshot
    from beratung.domain.reports import ConsultationReportSnapshot

    return [
        ("press_release", lambda d: render_press_release(PressReleaseSnapshot.from_dict(d))),
        ("letter", lambda d: render_letter(LetterSnapshot.from_dict(d))),
        (
            "consultation_report",
            lambda d: render_consultation_report(ConsultationReportSnapshot.from_dict(d)),
        ),
    ]
