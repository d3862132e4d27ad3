"""Tagged PDF (PDF/UA-1, ISO 14289-1): the logical structure of every printed document.

ReportLab writes no marked content and no structure tree, so this module adds both:

- :class:`Tagger` lives on the canvas (:class:`~beratung.documents.base.NumberedCanvas`) for one
  build. Renderers say what they draw — ``with tags.element("P"):`` around real content,
  ``with tags.artifact():`` around decoration — and the tagger writes ``/P <</MCID n>> BDC … EMC``
  or ``/Artifact BMC … EMC`` into the page and records which structure element owns which MCID.
  Marked content cannot nest, so when a child element starts inside a content element the
  parent's sequence is closed and reopened with a new MCID afterwards; the parent's ``/K`` keeps
  the reading order ``[mcid, child, mcid]``.
- :func:`tag` wraps a flowable (a proxy, as ReportLab's own ``DDIndenter``; a ``Flowable``
  subclass would lose attributes that Platypus sets during multi-pass builds) so that its
  ``drawOn`` is marked as one structure element. Split parts (a paragraph or a table that
  continues on the next page) share a :class:`Group` key and so one element.
  :func:`tag_story` wraps a whole story by type — ``Paragraph`` → ``P``, ``Table`` → ``Table``
  with rows and cells, ``Drawing``/``Image`` → ``Figure`` (alt text required) — so a new document
  is tagged without further thought; headings, lists and figures say their role explicitly.
- Tables are tagged through ReportLab's ``renderCB`` hook (``TableTagger`` in
  :mod:`beratung.documents.tagged_tables`): ``TR``,
  ``TH`` with ``/Scope``, ``TD``, ``RowSpan``/``ColSpan``; backgrounds and rules are artifacts,
  and the header rows that Platypus repeats on a new page are pagination artifacts, so the
  logical table has its header once.
- Annotations (links, form fields) get a ``/StructParent`` and an object reference in a ``Link``
  or ``Form`` element (the canvas calls :meth:`Tagger.annotation_added`).

The structure tree itself, the ParentTree, MarkInfo, XMP and the output intent are written by
:mod:`beratung.documents.archival` when the canvas saves. A :class:`NullTagger` does nothing,
for the untagged baseline of the benchmark.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from typing import Any, Literal

from reportlab import rl_config
from reportlab.graphics.shapes import Drawing
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.textobject import PDFTextObject
from reportlab.platypus import (
    ActionFlowable,
    CondPageBreak,
    Image,
    KeepTogether,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
)
from reportlab.platypus.flowables import ListFlowable

# Structure types of ISO 32000-1, 14.8.4, that only group other elements and never hold content
# of their own; content drawn while one of them is innermost would be untagged.
GROUPING_ROLES = frozenset(
    {
        "Document", "Part", "Art", "Sect", "Div", "BlockQuote", "TOC", "TOCI", "Index",
        "NonStruct", "Private", "L", "LI", "Table", "TR", "THead", "TBody", "TFoot",
    }
)
STANDARD_ROLES = GROUPING_ROLES | {
    "P", "H", "H1", "H2", "H3", "H4", "H5", "H6", "Lbl", "LBody", "TH", "TD", "Span", "Quote",
    "Note", "Reference", "BibEntry", "Code", "Link", "Annot", "Figure", "Formula", "Form",
    "Caption",
}
# Table cells and rows stay in the tree even when empty: veraPDF checks that every row has
# the same number of cells.
KEEP_EMPTY = frozenset({"TR", "TH", "TD", "Table"})

AttributeValue = str | int | float | Sequence[float]
"""A value in a structure attribute dictionary; a ``str`` is written as a PDF name."""

ArtifactType = Literal["Layout", "Pagination", "Page", "Background"]


class TaggingError(RuntimeError):
    """A renderer used the tagging layer wrongly (a figure without alt text, content inside an
    artifact, a page that ends inside marked content). A bug, never a user error."""


@dataclass(eq=False, slots=True)
class MarkedContent:
    """One marked-content sequence: its page (0-based) and MCID on that page."""

    page: int
    mcid: int


@dataclass(eq=False, slots=True)
class AnnotationRef:
    """An annotation (link, form field) that belongs to a structure element."""

    page: int
    annotation: Any  # ReportLab's annotation object (a PDFDictionary or an Annotation)


@dataclass(eq=False, slots=True)
class StructElement:
    """One structure element: its type, attributes and children in reading order."""

    role: str
    parent: StructElement | None = None
    kids: list[StructElement | MarkedContent | AnnotationRef] = field(default_factory=list)
    alt: str | None = None
    actual_text: str | None = None
    expansion: str | None = None  # /E: the spelled-out form of an abbreviation ("Telefon")
    lang: str | None = None
    title: str | None = None  # /T
    attributes: dict[str, dict[str, AttributeValue]] = field(default_factory=dict)

    def add(self, kid: StructElement | MarkedContent | AnnotationRef) -> None:
        if isinstance(kid, StructElement):
            kid.parent = self
        self.kids.append(kid)

    def set_attribute(self, owner: str, name: str, value: AttributeValue) -> None:
        """An attribute such as ``("Table", "Scope", "Column")`` or ``("Layout", "BBox", …)``."""
        self.attributes.setdefault(owner, {})[name] = value

    def has_content(self) -> bool:
        """Whether anything below this element was drawn (empty elements are left out)."""
        return any(
            not isinstance(kid, StructElement) or kid.role in KEEP_EMPTY or kid.has_content()
            for kid in self.kids
        )

    def walk(self) -> Iterator[StructElement]:
        """This element and every element below it, in reading order."""
        yield self
        for kid in self.kids:
            if isinstance(kid, StructElement):
                yield from kid.walk()


@dataclass(eq=False)
class Group:
    """A structure element that is made the first time something is drawn into it.

    Flowables that belong together (the parts of a split paragraph, the items of a list, the
    rows of a table that continues on the next page) name the same group, so a renderer can
    say "these paragraphs are the items of one list" while building the story, long before
    anything is drawn. ``parent`` is another group, or None for "wherever the drawing happens"
    (the current element when the first part is drawn).

    A group is only a key: the element it stands for is made anew by the tagger of each build
    pass, so a multi-pass build never keeps content references of an earlier pass.
    """

    role: str
    parent: Group | None = None
    alt: str | None = None
    actual_text: str | None = None
    expansion: str | None = None
    title: str | None = None
    attributes: dict[str, dict[str, AttributeValue]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.role not in STANDARD_ROLES:
            raise TaggingError(f"{self.role!r} is no standard structure type")
        if self.role in ("Figure", "Formula") and not self.alt and not self.actual_text:
            raise TaggingError(f"a {self.role} needs alternative text (alt=…)")


class Tagger:
    """Marked content and the structure tree of one document build, kept by its canvas.

    The canvas calls :meth:`end_page` when a page is finished and :meth:`annotation_added`
    for every annotation; renderers use :meth:`element`, :meth:`group` and :meth:`artifact`.
    """

    enabled = True

    def __init__(self, canvas: Any) -> None:
        self._canvas = canvas
        self.root = StructElement("Document")
        # Elements drawn on page templates but read after the main text (a letter's footer on
        # page 1); appended to the document when the tree is written.
        self.trailing: list[StructElement] = []
        self._stack: list[StructElement] = [self.root]
        self._open_at: int | None = None  # len(code) right after the open BDC, if one is open
        self._artifact_depth = 0
        self._artifact_at: int | None = None
        self.page = 0
        self._mcids: list[StructElement] = []
        self.pages: list[list[StructElement]] = []  # per page: the owner of each MCID
        self.annotations: list[AnnotationRef] = []
        self._groups: dict[int, tuple[Group, StructElement]] = {}
        self._inline: dict[Any, StructElement] = {}
        self._inline_links: dict[str, StructElement] = {}
        self._inline_open = False

    # --- what renderers use ---------------------------------------------------------------

    @property
    def current(self) -> StructElement:
        return self._stack[-1]

    def element(
        self,
        role: str,
        *,
        alt: str | None = None,
        actual_text: str | None = None,
        expansion: str | None = None,
        title: str | None = None,
        at_end: bool = False,
        attributes: dict[str, dict[str, AttributeValue]] | None = None,
    ) -> AbstractContextManager[StructElement]:
        """A new structure element, child of the current one, for what is drawn inside.

        ``at_end`` puts it at the end of the document instead (reading order), for things a
        page template draws first but that are read last.
        """
        return _NewElement(self, role, alt, actual_text, expansion, title, at_end, attributes)

    def _new_element(
        self, role: str, alt: str | None, actual_text: str | None, expansion: str | None,
        title: str | None, at_end: bool, attributes: dict[str, dict[str, AttributeValue]] | None,
    ) -> StructElement:
        """The element :meth:`element` opens, made and placed when its block is entered."""
        if role not in STANDARD_ROLES:
            raise TaggingError(f"{role!r} is no standard structure type")
        if role in ("Figure", "Formula") and not alt and not actual_text:
            raise TaggingError(f"a {role} needs alternative text (alt=…)")
        element = StructElement(
            role, alt=alt, actual_text=actual_text, expansion=expansion, title=title,
            attributes=dict(attributes or {}),
        )
        if at_end:
            if len(self._stack) != 1:
                raise TaggingError("at_end only applies to top-level elements")
            self.trailing.append(element)
            element.parent = self.root
        else:
            self.current.add(element)
        return element

    @contextmanager
    def group(self, group: Group) -> Iterator[StructElement]:
        """The element that ``group`` stands for in this build (made on first use)."""
        with self._entered(self.resolve(group)) as element:
            yield element

    def resolve(self, group: Group) -> StructElement:
        known = self._groups.get(id(group))
        if known is not None:
            return known[1]
        parent = self.current if group.parent is None else self.resolve(group.parent)
        element = StructElement(
            group.role, alt=group.alt, actual_text=group.actual_text,
            expansion=group.expansion, title=group.title,
            attributes={owner: dict(values) for owner, values in group.attributes.items()},
        )
        parent.add(element)
        # Keep the group alive with its element: ids must not be reused during the build.
        self._groups[id(group)] = (group, element)
        return element

    @contextmanager
    def artifact(
        self, kind: ArtifactType = "Layout", subtype: str | None = None
    ) -> Iterator[None]:
        """Decoration or pagination: drawn, but not part of the text (rules, marks, running
        heads, page numbers, table backgrounds). Nested artifacts are one artifact."""
        if self._artifact_depth:
            self._artifact_depth += 1
            try:
                yield
            finally:
                self._artifact_depth -= 1
            return
        self._close_marked()
        code = self._canvas._code
        properties = f"/Type /{kind}"
        if subtype:
            properties += f" /Subtype /{subtype}"
        code.append(f"/Artifact <<{properties}>> BDC")
        self._artifact_at = len(code)
        self._artifact_depth = 1
        try:
            yield
        finally:
            self._artifact_depth = 0
            code = self._canvas._code
            if len(code) == self._artifact_at:
                del code[-1]  # nothing was drawn: leave no empty artifact behind
            else:
                code.append("EMC")
            self._artifact_at = None
            self._resume()

    # --- what the canvas calls -------------------------------------------------------------

    def end_page(self) -> None:
        """The page is finished: MCIDs start again at 0 on the next one."""
        if self._open_at is not None or self._artifact_depth:
            raise TaggingError("a page ended inside marked content")
        self.pages.append(self._mcids)
        self._mcids = []
        self.page += 1

    def annotation_added(self, annotation: Any, subtype: str, target: str | None = None) -> None:
        """An annotation was put on the current page: it belongs to the current ``Link``,
        ``Form`` or ``Annot`` element, to the ``Link`` that tagged its text in the current
        paragraph (:meth:`begin_inline`), or to a new element made for it here."""
        if self._artifact_depth:
            raise TaggingError("an annotation inside an artifact cannot be tagged")
        ref = AnnotationRef(self.page, annotation)
        self.annotations.append(ref)
        wanted = {"Link": "Link", "Widget": "Form"}.get(subtype, "Annot")
        if self.current.role == wanted:
            self.current.add(ref)
            return
        inline = self._inline_links.get(target) if target else None
        if wanted == "Link" and inline is not None and inline.parent is self.current:
            inline.add(ref)
            return
        element = StructElement(wanted)
        self.current.add(element)
        element.add(ref)

    def begin_inline(self, role: str, code: list[str], at: int, key: Any,
                     target: str | None = None) -> None:
        """Start an inline element (a link inside a paragraph) in the middle of a text object:
        its marked content begins before ``code[at]`` (the text object's own code list).

        The enclosing element's sequence ends there and continues after :meth:`end_inline`.
        ``key`` keeps one element for the parts of a link broken across lines; ``target``
        lets the link annotation made afterwards join the element.
        """
        if self._artifact_depth or self._open_at is None:
            return
        element = self._inline.get(key)
        if element is None or element.parent is not self.current:
            element = StructElement(role)
            self.current.add(element)
            self._inline[key] = element
            if target:
                self._inline_links[target] = element
        mcid = len(self._mcids)
        self._mcids.append(element)
        element.add(MarkedContent(self.page, mcid))
        code[at:at] = ["EMC", f"/{role} <</MCID {mcid}>> BDC"]
        self._inline_open = True

    def end_inline(self, code: list[str]) -> None:
        """End the inline element; the enclosing element continues with a new MCID."""
        if not self._inline_open:
            return
        self._inline_open = False
        element = self.current
        mcid = len(self._mcids)
        self._mcids.append(element)
        element.add(MarkedContent(self.page, mcid))
        code.extend(["EMC", f"/{element.role} <</MCID {mcid}>> BDC"])
        self._open_at = -1  # opened inside a text object: never taken back as empty

    # --- marked content --------------------------------------------------------------------

    def _entered(self, element: StructElement) -> AbstractContextManager[StructElement]:
        """Draw into ``element`` inside the block (its marked content opens and closes)."""
        return _Entered(self, element)

    def _enter(self, element: StructElement) -> StructElement:
        if self._artifact_depth:
            raise TaggingError(f"a {element.role} element cannot be inside an artifact")
        self._close_marked()
        self._stack.append(element)
        self._resume()
        return element

    def _leave(self) -> None:
        self._close_marked()
        self._stack.pop()
        self._resume()

    def _resume(self) -> None:
        """Open a marked-content sequence for the innermost element if it holds content."""
        element = self.current
        if element.role in GROUPING_ROLES or self._artifact_depth:
            return
        code = self._canvas._code
        mcid = len(self._mcids)
        code.append(f"/{element.role} <</MCID {mcid}>> BDC")
        self._mcids.append(element)
        element.add(MarkedContent(self.page, mcid))
        self._open_at = len(code)

    def _close_marked(self) -> None:
        if self._open_at is None:
            return
        code = self._canvas._code
        if len(code) == self._open_at:
            # Nothing was drawn since the BDC: take it back, with its MCID.
            del code[-1]
            owner = self._mcids.pop()
            for index in range(len(owner.kids) - 1, -1, -1):
                if isinstance(owner.kids[index], MarkedContent):
                    del owner.kids[index]
                    break
        else:
            code.append("EMC")
        self._open_at = None


class _Entered:
    """The block of :meth:`Tagger._entered`: a plain context manager, not a generator one,
    because it runs for every element drawn (some 14,000 per 100 invitation letters)."""

    __slots__ = ("_element", "_tagger")

    def __init__(self, tagger: Tagger, element: StructElement) -> None:
        self._tagger = tagger
        self._element = element

    def __enter__(self) -> StructElement:
        return self._tagger._enter(self._element)

    def __exit__(self, *_exc: object) -> None:
        self._tagger._leave()


class _NewElement:
    """The block of :meth:`Tagger.element`: makes the element when entered (as the
    generator did), then draws into it."""

    __slots__ = ("_args", "_tagger")

    def __init__(self, tagger: Tagger, *args: Any) -> None:
        self._tagger = tagger
        self._args = args

    def __enter__(self) -> StructElement:
        tagger = self._tagger
        return tagger._enter(tagger._new_element(*self._args))

    def __exit__(self, *_exc: object) -> None:
        self._tagger._leave()


class NullTagger(Tagger):
    """Tags nothing: the untagged baseline (``PdfRenderer(tagged=False)``)."""

    enabled = False

    @contextmanager
    def element(self, role: str, **_kwargs: Any) -> Iterator[StructElement]:
        yield self.root

    @contextmanager
    def group(self, group: Group) -> Iterator[StructElement]:
        yield self.root

    @contextmanager
    def artifact(
        self, kind: ArtifactType = "Layout", subtype: str | None = None
    ) -> Iterator[None]:
        yield

    def end_page(self) -> None:
        self.page += 1

    def annotation_added(self, annotation: Any, subtype: str, target: str | None = None) -> None:
        return

    def begin_inline(self, role: str, code: list[str], at: int, key: Any,
                     target: str | None = None) -> None:
        return

    def end_inline(self, code: list[str]) -> None:
        return


class TaggedTextObject(PDFTextObject):  # type: ignore[misc]  # ReportLab ships no type hints
    """The canvas's text object in a tagged document: it keeps the space at the end of each
    line of a paragraph and tags the text of a paragraph's links as ``Link``.

    ReportLab's Paragraph drops the space where it breaks a line, so the tagged text of
    "… Jahre / erwarten …" would read "Jahreerwarten". Platypus ends every line with
    ``_textOut(text, TStar=1)``; the space is put back there, as a text run of its own after
    the line's run, so that viewers render the line's glyphs exactly as before (pdfium
    anti-aliases a run as a whole). A line ended by ``<br/>`` reaches here with empty text.

    Paragraph reports where a link's text starts and ends (``_linkRecord``, called just after
    the link's first run and before the run after it); the link's runs are marked as a ``Link``
    element inside the paragraph, and the link annotation joins it.
    """

    _ends_with_space = True
    _last_run = -1

    def _textOut(self, text: str, TStar: int = 0) -> None:  # noqa: N803
        ends_with_space = text[-1].isspace() if text else self._ends_with_space
        if TStar and not ends_with_space:
            if text:
                super()._textOut(text, 0)
                self._last_run = len(self._code) - 1
            self._space_out()
            self._ends_with_space = True
        else:
            super()._textOut(text, TStar)
            self._last_run = len(self._code) - 1
            self._ends_with_space = ends_with_space

    def _space_out(self) -> None:
        """``_textOut(" ", 1)``, without ReportLab's text formatting when the result is known:
        an embedded TrueType font whose first subset is current writes a space as code 32
        (ReportLab keeps ASCII readable in subset 0) once the space is registered as used.
        Half of all text runs of a page are these spaces, so this saves a noticeable part of
        the tagging's cost."""
        canvas = self._canvas
        ready: set[str] | None = getattr(canvas, "_spaces_registered", None)
        if ready is None:
            ready = canvas._spaces_registered = set()
        font_name = self._fontname
        if self._curSubset == 0 and font_name in ready:
            self._code.append("( ) Tj T*")
            return
        super()._textOut(" ", 1)
        font = pdfmetrics.getFont(font_name)
        if font._dynamicFont and rl_config.ttfAsciiReadable and not font.shapable:
            ready.add(font_name)

    def _linkRecord(self, link: Any, event: str) -> None:
        tagger = tagger_of(self._canvas)
        if event == "start" and self._last_run >= 0:
            target = link[1] if isinstance(link, tuple) and len(link) > 1 else None
            tagger.begin_inline("Link", self._code, self._last_run, link,
                                target=str(target) if target else None)
        elif event == "end":
            tagger.end_inline(self._code)


def tagger_of(canvas: Any) -> Tagger:
    """The canvas's tagger; a plain ReportLab canvas (a test drawing a flowable by itself) gets
    a null tagger, so flowables from this module draw anywhere."""
    tagger = getattr(canvas, "tagger", None)
    if tagger is None:
        tagger = NullTagger(canvas)
    return tagger


# --- flowables --------------------------------------------------------------------------------


class TaggedFlowable:
    """A flowable drawn as (part of) one structure element; everything else is the wrapped
    flowable's (a transparent proxy like ReportLab's ``DDIndenter``).

    Split parts are new proxies around the parts with the same :class:`Group`, so they continue
    the same element. ``bbox`` adds the layout bounding box (figures); ``on_draw`` lets a
    container tag the inside (tables, list items).
    """

    _own = frozenset({"_flowable", "_group", "_bbox", "_part"})
    _flowable: Any
    _group: Group
    _bbox: bool
    _part: int

    def __init__(self, flowable: Any, group: Group, *, bbox: bool = False, part: int = 0) -> None:
        object.__setattr__(self, "_flowable", flowable)
        object.__setattr__(self, "_group", group)
        object.__setattr__(self, "_bbox", bbox)
        object.__setattr__(self, "_part", part)

    @property
    def flowable(self) -> Any:
        return self._flowable

    @property
    def group(self) -> Group:
        return self._group

    def __getattr__(self, name: str) -> Any:
        return getattr(self._flowable, name)

    def __setattr__(self, name: str, value: Any) -> None:
        if name in self._own:
            object.__setattr__(self, name, value)
        else:
            setattr(self._flowable, name, value)

    def __delattr__(self, name: str) -> None:
        delattr(self._flowable, name)

    def __repr__(self) -> str:
        return f"tag({self._group.role}, {self._flowable!r})"

    def wrapOn(self, canv: Any, aW: float, aH: float) -> tuple[float, float]:  # noqa: N803
        return self._flowable.wrapOn(canv, aW, aH)  # type: ignore[no-any-return]

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:  # noqa: N803
        return self._flowable.wrap(aW, aH)  # type: ignore[no-any-return]

    def splitOn(self, canv: Any, aW: float, aH: float) -> list[Any]:  # noqa: N803
        return self._parts(self._flowable.splitOn(canv, aW, aH))

    def split(self, aW: float, aH: float) -> list[Any]:  # noqa: N803
        return self._parts(self._flowable.split(aW, aH))

    def _parts(self, parts: list[Any]) -> list[Any]:
        return [
            TaggedFlowable(part, self._group, bbox=self._bbox, part=self._part + index)
            for index, part in enumerate(parts)
        ]

    def drawOn(self, canv: Any, x: float, y: float, _sW: float = 0) -> None:  # noqa: N803
        tagger = tagger_of(canv)
        with tagger.group(self._group) as element:
            if self._bbox and tagger.enabled:
                width = getattr(self._flowable, "width", 0) or 0
                height = getattr(self._flowable, "height", 0) or 0
                element.set_attribute("Layout", "BBox", _absolute_box(canv, x, y, width, height))
                element.set_attribute("Layout", "Placement", "Block")
            self._flowable.drawOn(canv, x, y, _sW)


def _absolute_box(canv: Any, x: float, y: float, w: float, h: float) -> list[float]:
    """(x, y, w, h) in the current user space as [llx lly urx ury] in default user space."""
    a, b, c, d, e, f = canv._currentMatrix
    xs, ys = [], []
    for px, py in ((x, y), (x + w, y), (x, y + h), (x + w, y + h)):
        xs.append(a * px + c * py + e)
        ys.append(b * px + d * py + f)
    return [round(min(xs), 2), round(min(ys), 2), round(max(xs), 2), round(max(ys), 2)]


def tag(
    flowable: Any,
    role: str | Group,
    *,
    alt: str | None = None,
    actual_text: str | None = None,
    expansion: str | None = None,
    parent: Group | None = None,
) -> TaggedFlowable:
    """``flowable`` as one structure element: ``tag(Paragraph(...), "H1")``,
    ``tag(drawing, "Figure", alt="…")``, or ``tag(p, group)`` to draw into a shared group.

    Tables get their rows and cells tagged (:func:`tag_table`); a figure gets its bounding box.
    """
    if isinstance(flowable, TaggedFlowable):
        raise TaggingError(f"{flowable!r} is tagged already")
    if isinstance(role, Group):
        group = role
    else:
        group = Group(role, parent=parent, alt=alt, actual_text=actual_text, expansion=expansion)
    if isinstance(flowable, Table) and group.role == "Table":
        tag_table(flowable)
    return TaggedFlowable(flowable, group, bbox=group.role in ("Figure", "Formula"))


def heading(flowable: Any, level: int) -> TaggedFlowable:
    """A heading ``H1`` … ``H6``; PDF/UA wants the levels without gaps, starting at 1."""
    if not 1 <= level <= 6:
        raise TaggingError(f"heading level {level} is not 1–6")
    return tag(flowable, f"H{level}")


def tag_story(story: Sequence[Any]) -> list[Any]:
    """Every flowable of ``story`` tagged by its type, unless it is tagged already.

    ``Paragraph`` → ``P``; ``Table`` → ``Table``; ``KeepTogether`` and lists keep their own
    flowables tagged inside. Spacers and page-flow actions draw nothing and stay as they are.
    A ``Drawing`` or an ``Image`` without a tag is an error: a figure needs alt text, and only
    the renderer knows it (``tag(drawing, "Figure", alt=…)``), or it is decoration
    (``tag(drawing, "Artifact")``).
    """
    return [tag_flowable(flowable) for flowable in story]


def tag_flowable(flowable: Any) -> Any:
    """One flowable tagged by its type (see :func:`tag_story`)."""
    if isinstance(flowable, (TaggedFlowable, ArtifactFlowable)):
        return flowable
    if isinstance(flowable, (ActionFlowable, PageBreak, CondPageBreak, Spacer)):
        return flowable
    if isinstance(flowable, KeepTogether):
        flowable._content = tag_story(flowable._content)
        return flowable
    if isinstance(flowable, ListFlowable):
        raise TaggingError("use tagging.bullet_list() for lists, so items get Lbl and LBody")
    if isinstance(flowable, Paragraph):
        return tag(flowable, "P")
    if isinstance(flowable, Table):
        if getattr(getattr(flowable, "_renderCB", None), "tags_itself", False):
            return flowable  # tag_columns_as_list: it tags itself
        return tag(flowable, "Table")
    if isinstance(flowable, (Drawing, Image)):
        raise TaggingError(
            f"{type(flowable).__name__} without tag: a figure needs alt text "
            "(tag(x, 'Figure', alt=…)) or is decoration (artifact(x))"
        )
    raise TaggingError(f"no default tag for {type(flowable).__name__}; tag it explicitly")


class ArtifactFlowable(TaggedFlowable):
    """A flowable drawn as decoration (an artifact), e.g. an ornamental rule."""

    def __init__(self, flowable: Any, part: int = 0) -> None:
        super().__init__(flowable, _ARTIFACT_GROUP, part=part)

    def _parts(self, parts: list[Any]) -> list[Any]:
        return [ArtifactFlowable(part, self._part + i) for i, part in enumerate(parts)]

    def drawOn(self, canv: Any, x: float, y: float, _sW: float = 0) -> None:  # noqa: N803
        with tagger_of(canv).artifact():
            self._flowable.drawOn(canv, x, y, _sW)


_ARTIFACT_GROUP = Group("NonStruct")


def artifact(flowable: Any) -> ArtifactFlowable:
    """``flowable`` as decoration: not read by assistive technology."""
    return ArtifactFlowable(flowable)


# --- canvas drawing ---------------------------------------------------------------------------


def draw_string(canvas: Any, x: float, y: float, text: str, *, space_after: bool) -> None:
    """``canvas.drawString``, with a space after the text in a tagged document when
    ``space_after``: for a line that the next line continues, so the tagged text reads
    "Stadt Ulm Marktplatz 1" and not "Stadt UlmMarktplatz 1". The space is a text run of its
    own after the line's run: invisible, and the line's glyphs render exactly as before."""
    if space_after and tagger_of(canvas).enabled:
        text_object = canvas.beginText(x, y)
        text_object._textOut(text, 0)
        text_object._textOut(" ", 1)
        canvas.drawText(text_object)
    else:
        canvas.drawString(x, y, text)


def draw_lines(canvas: Any, lines: Sequence[tuple[float, float, str]]) -> None:
    """Draw the lines of one left-aligned text block, each at its (x, y), like ``drawString``,
    every line but the last followed by a space (:func:`draw_string`)."""
    last = len(lines) - 1
    for index, (x, y, text) in enumerate(lines):
        draw_string(canvas, x, y, text, space_after=index < last)


# Tables and lists live in their own module; their helpers are part of this API.
from beratung.documents.tagged_tables import (  # noqa: E402  (they build on the classes above)
    bullet_list,
    tag_columns_as_list,
    tag_table,
)

__all__ = [
    "ArtifactFlowable",
    "Group",
    "NullTagger",
    "StructElement",
    "TaggedFlowable",
    "Tagger",
    "TaggingError",
    "artifact",
    "bullet_list",
    "draw_lines",
    "draw_string",
    "heading",
    "tag",
    "tag_columns_as_list",
    "tag_flowable",
    "tag_story",
    "tag_table",
    "tagger_of",
]
