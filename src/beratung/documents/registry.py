"""Which renderer prints which kind of document: one registration per kind.

Every kind of printed document is registered once, at the bottom of the module that defines its
renderer: the kind string, the snapshot class it prints, a German label and the renderer (pretix
registers its invoice renderers by identifier the same way). Services render through this module
and never name a renderer, so a new document (invitation, sign-in list, badges …) is its module,
its ``register(...)`` call and one line in :func:`_import_renderer_modules`; no service changes.

The kind is the ``"kind"`` key that the snapshot's ``to_dict()`` writes and the ``kind`` column of
the log of issued documents, so a stored snapshot finds its renderer again for an exact reprint
(:func:`render_stored`).

Importing this module is cheap: the renderer modules, and with them ReportLab, are imported on the
first lookup, so starting the application does not load the PDF library.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Generic, Protocol, Self, TypeVar

from beratung.documents.rendered import RenderedPdf
from beratung.domain.errors import NotFoundError

__all__ = [
    "REGISTRY",
    "DocumentRegistry",
    "DocumentType",
    "RenderedPdf",
    "Renderer",
    "StoredSnapshot",
    "UnknownDocumentKindError",
    "document_type",
    "kinds",
    "register",
    "render",
    "render_stored",
]


class StoredSnapshot(Protocol):
    """What a printable snapshot offers: JSON for the log of issued documents and back."""

    def to_dict(self) -> dict[str, Any]: ...

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self: ...


SnapshotT = TypeVar("SnapshotT", bound=StoredSnapshot)
SnapshotContraT = TypeVar("SnapshotContraT", contravariant=True)


class Renderer(Protocol[SnapshotContraT]):
    """Anything that lays a snapshot out, e.g. a :class:`~beratung.documents.base.PdfRenderer`."""

    def render(self, snapshot: SnapshotContraT) -> RenderedPdf: ...


class UnknownDocumentKindError(NotFoundError):
    """No renderer is registered for a kind, e.g. a logged document of a kind this version of
    the program no longer prints. A user error, because an old database can hold such rows."""

    def __init__(self, kind: str) -> None:
        super().__init__(f"Für Dokumente der Art „{kind}“ gibt es keinen Renderer.")
        self.kind = kind


@dataclass(frozen=True, slots=True)
class DocumentType(Generic[SnapshotT]):
    """One registered kind of document.

    ``renderer`` picks the layout for a snapshot (the letter's DIN form is a field of its
    snapshot, so the choice is made here rather than with an ``if`` in a service).
    ``draft_renderer`` is the layout for previews of unfinished documents (a press release draft
    is shown even when it is too long, so the author sees what to cut); without one, a draft
    renders like a final document.
    """

    kind: str
    label: str
    snapshot_type: type[SnapshotT]
    renderer: Callable[[SnapshotT], Renderer[SnapshotT]]
    draft_renderer: Callable[[SnapshotT], Renderer[SnapshotT]] | None = None

    def render(self, snapshot: SnapshotT, *, draft: bool = False) -> RenderedPdf:
        choose = self.draft_renderer if draft and self.draft_renderer else self.renderer
        return choose(snapshot).render(snapshot)

    def snapshot_from_stored(self, data: Mapping[str, Any]) -> SnapshotT:
        """The snapshot back from its stored JSON; a ``"kind"`` in it must be this kind."""
        stored_kind = data.get("kind", self.kind)
        if stored_kind != self.kind:
            raise ValueError(f"stored snapshot of kind {stored_kind!r} given as {self.kind!r}")
        return self.snapshot_type.from_dict(dict(data))


class DocumentRegistry:
    """The document kinds a program can print, by kind and by snapshot class.

    ``load`` imports the modules whose ``register`` calls fill the registry; it runs once, on the
    first lookup, so building the registry costs nothing. A registry without ``load`` holds just
    what is registered into it (tests use one to add a kind without touching the real one).
    """

    def __init__(self, load: Callable[[], object] | None = None) -> None:
        self._by_kind: dict[str, DocumentType[Any]] = {}
        self._by_snapshot_type: dict[type, DocumentType[Any]] = {}
        self._load = load
        self._loaded = load is None
        self._lock = threading.Lock()

    def register(self, document: DocumentType[Any]) -> None:
        """Add a kind. Two registrations of one kind or one snapshot class are a programming
        error, caught at import time rather than by printing the wrong layout."""
        for key, known in (
            (document.kind, self._by_kind.get(document.kind)),
            (document.snapshot_type.__name__, self._by_snapshot_type.get(document.snapshot_type)),
        ):
            if known is not None and known != document:
                raise ValueError(f"document {key!r} is registered twice ({known.kind!r})")
        self._by_kind[document.kind] = document
        self._by_snapshot_type[document.snapshot_type] = document

    def _ensure_loaded(self) -> None:
        """Import the renderer modules once; renders run on worker threads, hence the lock."""
        if self._loaded:
            return
        with self._lock:
            if self._loaded:
                return
            assert self._load is not None
            self._load()
            self._loaded = True

    def kinds(self) -> tuple[str, ...]:
        """Every registered kind, sorted (registration order depends on who imported what)."""
        self._ensure_loaded()
        return tuple(sorted(self._by_kind))

    def get(self, kind: str) -> DocumentType[Any]:
        """The registration of ``kind``; :class:`UnknownDocumentKindError` if there is none."""
        self._ensure_loaded()
        try:
            return self._by_kind[kind]
        except KeyError:
            raise UnknownDocumentKindError(kind) from None

    def for_snapshot(self, snapshot: object) -> DocumentType[Any]:
        """The registration whose snapshot class ``snapshot`` is (or derives from)."""
        self._ensure_loaded()
        for cls in type(snapshot).__mro__:
            document = self._by_snapshot_type.get(cls)
            if document is not None:
                return document
        # A snapshot without a renderer is a bug in the caller, not something to tell the user.
        raise TypeError(f"no document kind is registered for {type(snapshot).__qualname__}")

    def render(self, snapshot: StoredSnapshot, *, draft: bool = False) -> RenderedPdf:
        """The PDF of ``snapshot`` by the renderer registered for its class."""
        return self.for_snapshot(snapshot).render(snapshot, draft=draft)

    def render_stored(self, kind: str, data: Mapping[str, Any]) -> RenderedPdf:
        """The PDF of a stored snapshot (``to_dict()`` JSON), as :meth:`render` gave it then."""
        document = self.get(kind)
        return document.render(document.snapshot_from_stored(data))


def _import_renderer_modules() -> None:
    """The one list of document modules: importing one runs its ``register(...)`` call.

    Plain imports (rather than names in strings) so that PyInstaller sees them.
    """
    from beratung.documents import (  # noqa: F401  # imported for their registrations
        attendance_certificate,
        consultation_report,
        event_lists,
        event_report,
        letter,
        press_release,
        privacy_report,
        reply_form,
        serial_letter,
        sheets,
    )


REGISTRY = DocumentRegistry(load=_import_renderer_modules)
"""The registry of this program's documents; the renderer modules register into it."""


def register(
    kind: str,
    snapshot_type: type[SnapshotT],
    renderer: Callable[[SnapshotT], Renderer[SnapshotT]],
    *,
    label: str,
    draft_renderer: Callable[[SnapshotT], Renderer[SnapshotT]] | None = None,
) -> DocumentType[SnapshotT]:
    """Register a kind of document in :data:`REGISTRY`; called once at the bottom of the module
    that defines the renderer. ``label`` is the German name shown in the log of issued
    documents and in the audit trail ("Presseinformation")."""
    document = DocumentType(kind, label, snapshot_type, renderer, draft_renderer)
    REGISTRY.register(document)
    return document


def kinds() -> tuple[str, ...]:
    """Every kind this program can print."""
    return REGISTRY.kinds()


def document_type(kind: str) -> DocumentType[Any]:
    """The registration of ``kind``; :class:`UnknownDocumentKindError` if there is none."""
    return REGISTRY.get(kind)


def render(snapshot: StoredSnapshot, *, draft: bool = False) -> RenderedPdf:
    """The PDF and page count of ``snapshot``, by the renderer registered for its class."""
    return REGISTRY.render(snapshot, draft=draft)


def render_stored(kind: str, data: Mapping[str, Any]) -> RenderedPdf:
    """The exact reprint of a stored snapshot: ``render_stored(kind, snapshot.to_dict())`` gives
    the same bytes as ``render(snapshot)``."""
    return REGISTRY.render_stored(kind, data)
