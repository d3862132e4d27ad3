"""Rendering documents and the log of issued documents.

Everything printed or saved is recorded with the snapshot it was rendered from and the PDF bytes
themselves, so "print that letter again" gives exactly what was sent — even after the office
profile, the template or the renderer changed.

Rendering goes through the document registry (:mod:`beratung.documents.registry`): this module
builds snapshots and logs documents, but never names a renderer, so a new kind of document needs
no change here.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from beratung.documents.registry import (
    REGISTRY,
    DocumentRegistry,
    RenderedPdf,
    StoredSnapshot,
    UnknownDocumentKindError,
)
from beratung.domain.enums import AuditAction
from beratung.domain.errors import NotFoundError
from beratung.domain.records import IssuedDocument, IssuedDocumentRecipient
from beratung.services.base import Service, ServiceContext


@dataclass(frozen=True, slots=True)
class RenderedDocument:
    """A finished PDF plus what is needed to log it.

    ``renderer`` is the registry kind that rendered it (the log keeps it next to ``kind``);
    ``page_count`` comes from the renderer (``None`` only for old log entries without one).
    """

    kind: str
    title: str
    renderer: str
    snapshot: dict[str, Any]
    pdf: bytes
    page_count: int | None
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


class _KindLabels(Mapping[str, str]):
    """The German label of each registered kind ("Presseinformation"), read from the registry.

    A mapping for the log page, which looks kinds up with ``.get(kind, kind)``. It asks the
    registry only when a label is wanted, so importing this module does not load the renderers.
    """

    def __getitem__(self, kind: str) -> str:
        try:
            return REGISTRY.get(kind).label
        except UnknownDocumentKindError:
            raise KeyError(kind) from None

    def __iter__(self) -> Iterator[str]:
        return iter(REGISTRY.kinds())

    def __len__(self) -> int:
        return len(REGISTRY.kinds())


KIND_LABELS: Mapping[str, str] = _KindLabels()


class DocumentService(Service):
    def __init__(self, context: ServiceContext, registry: DocumentRegistry | None = None) -> None:
        """``registry`` is the program's own unless a test passes another."""
        super().__init__(context)
        self.registry = REGISTRY if registry is None else registry

    def render(
        self,
        snapshot: StoredSnapshot,
        *,
        title: str,
        draft: bool = False,
        entity_type: str | None = None,
        entity_id: int | None = None,
        recipient_ids: tuple[int, ...] = (),
        recipient_names: tuple[str, ...] = (),
        file_name: str | None = None,
    ) -> RenderedDocument:
        """Any registered snapshot as a document ready for the preview and the log; the kind
        and the renderer come from the registry."""
        document = self.registry.for_snapshot(snapshot)
        rendered = document.render(snapshot, draft=draft)
        return RenderedDocument(
            kind=document.kind,
            title=title,
            renderer=document.kind,
            snapshot=snapshot.to_dict(),
            pdf=rendered.pdf,
            page_count=rendered.page_count,
            entity_type=entity_type,
            entity_id=entity_id,
            recipient_ids=recipient_ids,
            recipient_names=recipient_names,
            file_name=file_name,
        )

    def render_press_release(self, release_id: int) -> RenderedDocument:
        """Final releases print from their frozen data; drafts preview without the page limit
        (a draft that is too long must be visible to be shortened) and are marked in the
        file name."""
        from beratung.services.press import PressService

        press = PressService(self.ctx)
        detail = press.get_release(release_id)
        snapshot = press.snapshot(release_id)
        if detail.is_final and detail.number_text:
            file_name = f"Presseinformation {detail.number_text.replace('/', '-')}"
            if detail.revision > 1:
                file_name += f" Fassung {detail.revision}"
        else:
            file_name = f"Presseinformation Entwurf {detail.draft.headline[:40]}"
        return self.render(
            snapshot,
            title=snapshot.title if detail.is_final else f"Entwurf: {detail.draft.headline}",
            draft=not detail.is_final,
            entity_type="press_release",
            entity_id=release_id,
            file_name=file_name,
        )

    def render_consultation_report(
        self, period_from: date, period_to: date, programme_id: int | None = None
    ) -> RenderedDocument:
        """The statistics report (Beratungsstatistik) for a period, optionally one programme,
        rendered from a frozen snapshot; printing or saving it is logged by the preview."""
        from beratung.services.statistics import StatisticsService

        snapshot = StatisticsService(self.ctx).report_snapshot(period_from, period_to, programme_id)
        file_name = snapshot.title
        if snapshot.statistics.programme_name:
            file_name += f" {snapshot.statistics.programme_name}"
        return self.render(
            snapshot,
            title=snapshot.title,
            entity_type="programme" if programme_id is not None else None,
            entity_id=programme_id,
            file_name=file_name,
        )

    def render_event_report(
        self, period_from: date, period_to: date, series: str | None = None
    ) -> RenderedDocument:
        """The events report (Veranstaltungsstatistik) for a period, optionally one series,
        rendered from a frozen snapshot; printing or saving it is logged by the preview."""
        from beratung.services.events.report import EventReportService

        snapshot = EventReportService(self.ctx).get_event_report_snapshot(
            period_from, period_to, series
        )
        file_name = snapshot.title
        if snapshot.statistics.series:
            file_name += f" {snapshot.statistics.series}"
        return self.render(snapshot, title=snapshot.title, file_name=file_name)

    def kind_label(self, kind: str) -> str:
        """German name of a kind for the audit trail; the kind itself if it is not registered."""
        try:
            return self.registry.get(kind).label
        except UnknownDocumentKindError:
            return kind

    def record_issue(self, document: RenderedDocument, *, action: str = "gedruckt") -> int:
        """Log a printed/saved document (one transaction) and return its log id."""
        with self.db.transaction() as s:
            return self.add_issue(s, document, action=action)

    def add_issue(self, s: Session, document: RenderedDocument, *, action: str) -> int:
        """Log a document in the caller's transaction (several documents of one run, with
        what else the run changes, are logged all or none); returns its log id."""
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
            page_count=document.page_count,
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
            f"{self.kind_label(document.kind)} „{document.title}“ {action}",
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
        pdf, page_count = self._issued_pdf(issued_id)
        return RenderedDocument(
            kind=kind,
            title=title,
            renderer=renderer,
            snapshot=snapshot,
            pdf=pdf,
            page_count=page_count,
            entity_type=entity_type,
            entity_id=entity_id,
            recipient_ids=recipient_ids,
            recipient_names=names,
        )

    def reprint(self, issued_id: int) -> bytes:
        """The exact PDF that was issued (stored bytes; re-rendered from the snapshot if absent)."""
        return self._issued_pdf(issued_id)[0]

    def _issued_pdf(self, issued_id: int) -> tuple[bytes, int | None]:
        """The issued PDF and its page count: the stored bytes, or for a log entry without them
        the snapshot rendered again by the renderer registered for its kind."""
        with self.db.read() as s:
            doc = s.get(IssuedDocument, issued_id)
            if doc is None:
                raise NotFoundError("Dieses ausgegebene Dokument gibt es nicht im Protokoll.")
            if doc.pdf is not None:
                return bytes(doc.pdf), doc.page_count
            kind, snapshot = doc.kind, dict(doc.snapshot)
        rendered: RenderedPdf = self.registry.render_stored(kind, snapshot)
        return rendered.pdf, rendered.page_count
