"""What every printed document shares: A4, embedded fonts, metadata, page numbers, determinism.

A renderer is a class whose layout numbers are mm class constants (``address_top = 45 * mm``);
a layout variant is a subclass that overrides constants, never an ``if`` on a flag. Renderers take
a frozen snapshot from :mod:`beratung.domain.printing` and return the PDF bytes with their page
count (:class:`~beratung.documents.rendered.RenderedPdf`); they read nothing but the shipped fonts
and write nothing.

Coordinates: the constants are measured from the *top* of the sheet, as in DIN 5008 and in
``documents.md``; :meth:`PdfRenderer.from_top` converts them to ReportLab's bottom-up y.
"""

from __future__ import annotations

import gc
import io
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from typing import Any, ClassVar, Generic, TypeVar
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfdoc import PDFDictionary
from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.textobject import PDFTextObject
from reportlab.platypus import BaseDocTemplate, Flowable, PageTemplate

from beratung.documents import archival, fonts, forms
from beratung.documents.rendered import RenderedPdf
from beratung.documents.tagging import (
    NullTagger,
    StructElement,
    TaggedTextObject,
    Tagger,
    draw_lines,
    tag_story,
    tagger_of,
)
from beratung.domain.errors import ValidationError
from beratung.domain.printing import Sender

SnapshotT = TypeVar("SnapshotT")

PageMarker = Callable[[Canvas, int, int], None]
"""Draws "Seite x von y" on a finished page: (canvas, page number, page count)."""


def markup(text: str) -> str:
    """Plain snapshot text as Paragraph markup: escaped, with ``\\n`` as a line break.

    Snapshot text is user input and never markup, so ``<`` or ``&`` in it print as they are.
    """
    return "<br/>".join(escape(line) for line in text.split("\n"))


def page_label(page: int, pages: int) -> str:
    return f"Seite {page} von {pages}"


def default_footer_lines(sender: Sender) -> tuple[str, ...]:
    """The footer when the office profile has none of its own: address, then the ways to call."""
    if sender.footer_lines:
        return sender.footer_lines
    town = " ".join(part for part in (sender.postcode, sender.town) if part)
    address = " · ".join(part for part in (sender.name, sender.street, town) if part)
    contact = " · ".join(
        part
        for part in (
            f"Telefon {sender.phone}" if sender.phone else None,
            f"Telefax {sender.fax}" if sender.fax else None,
            sender.email,
            sender.website,
        )
        if part
    )
    return tuple(line for line in (address, contact) if line)


class _CollectorPause:
    """How many renders are running with the cyclic garbage collector paused, and whether it
    ran before the first of them (so the last one leaves it as it found it)."""

    lock = threading.Lock()
    depth = 0
    was_enabled = False


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a document is built.

    A build only adds objects that stay alive until the PDF is written (pages, the object
    tree, the structure tree), so every automatic collection during it scans a growing heap
    and finds next to nothing: at 1,000 invitation letters that was a fifth of the render's
    CPU time. The garbage the build leaves (the canvas and its document refer to each other)
    is collected as usual once the collector runs again; reference counting frees everything
    else at once, paused or not. Nested and concurrent renders are counted, so the collector
    runs again when the last one ends (unless it was off before)."""
    with _CollectorPause.lock:
        if _CollectorPause.depth == 0:
            _CollectorPause.was_enabled = gc.isenabled()
            gc.disable()
        _CollectorPause.depth += 1
    try:
        yield
    finally:
        with _CollectorPause.lock:
            _CollectorPause.depth -= 1
            if _CollectorPause.depth == 0 and _CollectorPause.was_enabled:
                gc.enable()


class NumberedCanvas(Canvas):  # type: ignore[misc]  # ReportLab ships no type hints
    """A canvas that knows the page count when it finishes ("Seite x von y") and writes tagged
    PDF (PDF/UA-1, PDF/A-2a).

    Pages are kept until :meth:`save`, then each is stamped by ``page_marker`` and written. With a
    single page nothing is stamped: DIN 5008 numbers only letters of more than one page. After
    :meth:`save`, :attr:`page_count` is the number of pages written, which the renderer returns
    with the bytes.

    :attr:`tagger` records the structure as pages are drawn (see :mod:`.tagging`); the page
    number is a pagination artifact, and :meth:`save` writes the structure tree and the archival
    metadata (:mod:`.archival`). With ``tagged=False`` the canvas writes what it wrote before
    tagging existed (the benchmark's baseline).
    """

    def __init__(self, *args: Any, page_marker: PageMarker, tagged: bool = True,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._page_marker = page_marker
        self._saved_page_states: list[dict[str, Any]] = []
        self.page_count = 0
        self.tagger: Tagger = Tagger(self) if tagged else NullTagger(self)

    def beginText(self, x: float = 0, y: float = 0, direction: Any = None) -> PDFTextObject:
        if not self.tagger.enabled:
            return super().beginText(x, y, direction=direction)
        return TaggedTextObject(self, x, y, direction=direction)

    def showPage(self) -> None:
        self.tagger.end_page()
        self._saved_page_states.append(dict(self.__dict__))
        self._startPage()

    def _addAnnotation(self, annotation: Any, name: Any = None, addtopage: int = 1) -> None:
        super()._addAnnotation(annotation, name, addtopage)
        if not self.tagger.enabled:
            return
        subtype, target = _annotation_kind(annotation)
        archival.prepare_annotation(annotation, f"Link: {target}" if target else None)
        self.tagger.annotation_added(annotation, subtype, target)

    def save(self) -> None:
        pages = len(self._saved_page_states)
        for number, state in enumerate(self._saved_page_states, start=1):
            self.__dict__.update(state)
            if pages > 1:
                with self.tagger.artifact("Pagination"):
                    self._page_marker(self, number, pages)
            super().showPage()
        # Set after the loop: restoring each page's state above also restores the old count.
        self.page_count = pages
        forms.finish_form(self)
        if self.tagger.enabled:
            archival.finish_document(self._doc, self.tagger)
        super().save()


def _annotation_kind(annotation: Any) -> tuple[str, str | None]:
    """(subtype, link target) of a ReportLab annotation."""
    if isinstance(annotation, PDFDictionary):
        subtype = str(annotation.dict.get("Subtype", "/Annot")).lstrip("/")  # PDFName is a str
        action = annotation.dict.get("A")
        target = action.dict.get("URI") if isinstance(action, PDFDictionary) else None
        text = getattr(target, "s", None)
        return subtype, str(text) if text else None
    subtype = type(annotation).__name__.removesuffix("Annotation") or "Annot"
    return subtype, None


class PdfRenderer(Generic[SnapshotT]):
    """Base of all renderers: builds the document, sets metadata, keeps output reproducible."""

    page_width: ClassVar[float] = A4[0]
    page_height: ClassVar[float] = A4[1]

    margin_left: ClassVar[float] = 25 * mm
    margin_right: ClassVar[float] = 20 * mm

    # Page number ("Seite x von y", only with more than one page) and the sender's footer lines,
    # both below the last text line (257 mm) on every page.
    page_number_baseline: ClassVar[float] = 263 * mm
    page_number_size: ClassVar[float] = 9
    footer_last_baseline: ClassVar[float] = 286 * mm
    footer_pitch: ClassVar[float] = 3.5 * mm
    footer_size: ClassVar[float] = 7.5
    footer_rule_gap: ClassVar[float] = 2.5 * mm
    footer_rule_width: ClassVar[float] = 0.4
    footer_max_lines: ClassVar[int] = 4

    creator: ClassVar[str] = "Beratung"
    language: ClassVar[str] = "de-DE"

    tagged: bool = True
    """Tagged PDF/UA-1 and PDF/A-2a. ``False`` only for the benchmark's untagged baseline."""

    # --- what subclasses provide -------------------------------------------------------------

    def validate(self, snapshot: SnapshotT) -> None:
        """Raise :class:`~beratung.domain.errors.ValidationError` for what cannot be printed."""

    def title(self, snapshot: SnapshotT) -> str:
        raise NotImplementedError

    def author(self, snapshot: SnapshotT) -> str:
        raise NotImplementedError

    def subject(self, snapshot: SnapshotT) -> str:
        return ""

    def page_templates(self, snapshot: SnapshotT) -> Sequence[PageTemplate]:
        raise NotImplementedError

    def story(self, snapshot: SnapshotT) -> list[Flowable]:
        raise NotImplementedError

    def tags(self, canvas: Canvas) -> Tagger:
        """The structure of the document being drawn on ``canvas`` (:mod:`.tagging`)."""
        return tagger_of(canvas)

    def running(
        self, canvas: Canvas, subtype: str = "Footer"
    ) -> AbstractContextManager[StructElement | None]:
        """Text repeated on every page (footer, running head): real content on page 1, read at
        the end of the document, and a pagination artifact on the pages after it, so that a
        screen reader reads the sender's address and numbers once."""
        tags = self.tags(canvas)
        if canvas.getPageNumber() == 1:
            return tags.element("P", at_end=True)
        return tags.artifact("Pagination", subtype)

    def draw_page_number(self, canvas: Canvas, page: int, pages: int) -> None:
        """Stamp "Seite x von y" at the right edge; only called with more than one page."""
        canvas.saveState()
        canvas.setFont(fonts.REGULAR, self.page_number_size)
        canvas.drawRightString(self.right_edge, self.from_top(self.page_number_baseline),
                               page_label(page, pages))
        canvas.restoreState()

    def validate_footer(self, sender: Sender) -> None:
        """The footer must fit below the page number: a few lines, each within the margins."""
        lines = default_footer_lines(sender)
        if len(lines) > self.footer_max_lines:
            raise ValidationError(
                f"Die Fußzeile hat {len(lines)} Zeilen; Platz ist für {self.footer_max_lines}.",
                field="footer_lines",
            )
        for line in lines:
            if fonts.string_width(line, fonts.REGULAR, self.footer_size) > self.text_width:
                raise ValidationError(
                    f"Die Fußzeile „{line}“ ist zu lang für eine Zeile.", field="footer_lines"
                )

    def draw_footer(self, canvas: Canvas, sender: Sender) -> None:
        """The sender's footer lines at the bottom of every page, below a hairline."""
        lines = default_footer_lines(sender)
        if not lines:
            return
        canvas.saveState()
        canvas.setFillColorRGB(0, 0, 0)
        canvas.setFont(fonts.REGULAR, self.footer_size)
        first_baseline = self.footer_last_baseline - (len(lines) - 1) * self.footer_pitch
        with self.running(canvas, "Footer"):
            draw_lines(canvas, [
                (self.margin_left, self.from_top(first_baseline + index * self.footer_pitch),
                 line)
                for index, line in enumerate(lines)
            ])
        rule = (first_baseline - fonts.baseline_offset(fonts.REGULAR, self.footer_size)
                - self.footer_rule_gap)
        canvas.setLineWidth(self.footer_rule_width)
        with self.tags(canvas).artifact():
            canvas.line(self.margin_left, self.from_top(rule), self.right_edge,
                        self.from_top(rule))
        canvas.restoreState()

    def check_result(self, snapshot: SnapshotT, pages: int) -> None:
        """A last check on the finished layout (e.g. a page limit); raise ValidationError."""

    # --- shared machinery --------------------------------------------------------------------

    def from_top(self, distance: float) -> float:
        """ReportLab y for a distance measured from the top edge of the sheet."""
        return self.page_height - distance

    @property
    def right_edge(self) -> float:
        """Where right-aligned things end (page number, rules, logo)."""
        return self.page_width - self.margin_right

    @property
    def text_width(self) -> float:
        return self.page_width - self.margin_left - self.margin_right

    def render(self, snapshot: SnapshotT) -> RenderedPdf:
        """The PDF for ``snapshot`` and its page count; the same snapshot always gives the same
        bytes.

        This is the one place where the document and its canvas are made and built, so a layer
        that changes how pages are written (another canvas class, a structure tree) hooks in here.
        """
        fonts.register_fonts()
        self.validate(snapshot)
        with collector_paused():
            return self._build(snapshot)

    def _build(self, snapshot: SnapshotT) -> RenderedPdf:
        buffer = io.BytesIO()
        doc = BaseDocTemplate(
            buffer,
            pagesize=(self.page_width, self.page_height),
            # invariant: no time stamp and a fixed document ID, so reprints are byte-identical.
            invariant=1,
            title=self.title(snapshot),
            author=self.author(snapshot),
            subject=self.subject(snapshot),
            creator=self.creator,
            lang=self.language,
            displayDocTitle=1,
            initialFontName=fonts.REGULAR,
        )
        doc.addPageTemplates(list(self.page_templates(snapshot)))
        # Platypus makes the canvas itself; keep hold of it to read the page count afterwards.
        canvases: list[NumberedCanvas] = []

        def make_canvas(*args: Any, **kwargs: Any) -> NumberedCanvas:
            canvas = NumberedCanvas(*args, page_marker=self.draw_page_number,
                                    tagged=self.tagged, **kwargs)
            canvases.append(canvas)
            return canvas

        story = self.story(snapshot)
        doc.build(tag_story(story) if self.tagged else story, canvasmaker=make_canvas)
        pages = canvases[-1].page_count
        self.check_result(snapshot, pages)
        return RenderedPdf(buffer.getvalue(), pages)
