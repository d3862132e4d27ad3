"""Serial letters (Serienbrief): many DIN 5008 letters in one tagged PDF; large print variant.

The letters are laid out by the letter renderer itself (:mod:`.letter`), one after the other in
one Platypus build:

- every letter gets its own pair of page templates (its first page with letterhead, address
  field, information block and marks; its later pages), made by its letter renderer and
  renumbered, so the letters of a run may even differ in form;
- every letter starts on a new sheet and is numbered on its own: "Seite 1 von 2" restarts with
  each letter, and a one-page letter has no number (DIN 5008), whatever the length of the run;
- in the structure tree each letter is a ``Part`` holding exactly what a single letter holds
  (letterhead … enclosures, then its footer), so a screen reader can go from letter to letter.

Variants are subclasses with other constants (``LargePrintFormB``: 16 pt text;
``EasyLanguageFormB``: Leichte Sprache, 14 pt on 1.5 lines, never hyphenated), picked through
:data:`LETTER_LAYOUTS`, never with an ``if``; a run may mix them, one variant per letter
(``SerialLetterSnapshot.letter_variants``).

Hook for pages after each letter (the reply form of an invitation): :meth:`SerialLetterRenderer.
pages_after_letter` returns page templates and flowables that follow a letter on a new sheet;
they belong to the letter's ``Part`` but not to its page numbering.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, ExitStack, contextmanager
from dataclasses import dataclass
from typing import ClassVar

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    ActionFlowable,
    BaseDocTemplate,
    Flowable,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
)

from beratung.documents.base import PdfRenderer
from beratung.documents.letter import DinLetterFormA, DinLetterFormB
from beratung.documents.registry import register
from beratung.documents.tagging import StructElement
from beratung.domain.errors import ValidationError
from beratung.domain.printing import LetterForm, LetterSnapshot
from beratung.domain.serial_letters import LetterVariant, SerialLetterSnapshot


class LetterInSeries(PdfRenderer[LetterSnapshot]):
    """A letter renderer that draws one letter of a serial letter.

    The only difference to a single letter is the footer on the letter's first page: real
    content read at the end of *this letter* (not of the document); the serial renderer says
    how (:meth:`SerialLetterRenderer.running_in_letter`). Alone (``series`` unset), it is a
    plain letter.
    """

    series: SerialLetterRenderer | None = None

    def running(
        self, canvas: Canvas, subtype: str = "Footer"
    ) -> AbstractContextManager[StructElement | None]:
        if self.series is None:
            return super().running(canvas, subtype)
        return self.series.running_in_letter(canvas, subtype)


class SeriesFormB(LetterInSeries, DinLetterFormB):
    """Form B (the default) as a letter of a run."""


class SeriesFormA(LetterInSeries, DinLetterFormA):
    """Form A as a letter of a run."""


class LargePrint:
    """Large print (documents.md: 16 pt or more): the same text, bigger, on more pages.

    The address field, the information block and the marks keep their DIN sizes: they must fit
    the envelope's window and the zones of the form; everything that is read — subject,
    salutation, text, greeting, enclosures and the page number — is 16 pt with 1.3 line spacing.
    """

    body_size: ClassVar[float] = 16
    body_leading: ClassVar[float] = 21
    page_number_size: ClassVar[float] = 12
    # The number sits lower so that a 12 pt line still clears the last text line (257 mm).
    page_number_baseline: ClassVar[float] = 265 * mm


class LargePrintFormB(LargePrint, SeriesFormB):
    """Form B in large print."""


class LargePrintFormA(LargePrint, SeriesFormA):
    """Form A in large print."""


class EasyLanguage(DinLetterFormB):
    """Leichte Sprache (documents.md): 14 pt sans-serif on 1.5 lines, no hyphenation.

    The text itself (one statement per line, digits, no abbreviations) comes from its own
    template; the layout adds the size, the spacing and that no word is ever broken: ReportLab
    breaks lines only at spaces here (no hyphenation language, no splitting at a hyphen, and a
    word longer than the line is not split either). As in large print the address field and the
    information block keep their DIN sizes.
    """

    body_size: ClassVar[float] = 14
    body_leading: ClassVar[float] = 21  # 1.5 x 14 pt
    page_number_size: ClassVar[float] = 12
    page_number_baseline: ClassVar[float] = 265 * mm

    def styles(self) -> dict[str, ParagraphStyle]:
        styles = super().styles()
        for style in styles.values():
            style.hyphenationLang = ""
            style.embeddedHyphenation = 0
            style.splitLongWords = 0
            style.uriWasteReduce = 0
        return styles


class EasyLanguageFormB(EasyLanguage, SeriesFormB):
    """Form B in Leichte Sprache."""


class EasyLanguageFormA(EasyLanguage, SeriesFormA):
    """Form A in Leichte Sprache."""


LETTER_LAYOUTS: dict[tuple[LetterVariant, LetterForm], type[LetterInSeries]] = {
    ("standard", "B"): SeriesFormB,
    ("standard", "A"): SeriesFormA,
    ("large", "B"): LargePrintFormB,
    ("large", "A"): LargePrintFormA,
    ("easy", "B"): EasyLanguageFormB,
    ("easy", "A"): EasyLanguageFormA,
}
"""The layout of one letter by the run's variant and the letter's DIN form."""


@dataclass(slots=True)
class _LetterPages:
    """Where each page of the build belongs: the letter, and whether it is a letter page
    (numbered) or one that follows the letter (a reply form)."""

    letter: int
    numbered: bool
    first: bool


class _LetterEnd(ActionFlowable):  # type: ignore[misc]  # ReportLab ships no type hints
    """Closes the letter's ``Part`` in the structure tree once its last flowable is drawn."""

    def __init__(self, renderer: SerialLetterRenderer) -> None:
        super().__init__()
        self._renderer = renderer

    def apply(self, doc: BaseDocTemplate) -> None:
        self._renderer.end_letter()


class SerialLetterRenderer(PdfRenderer[SerialLetterSnapshot]):
    """All letters of a :class:`SerialLetterSnapshot` in one PDF, each laid out by its layout
    from :data:`LETTER_LAYOUTS`."""

    part_role: ClassVar[str] = "Part"

    def __init__(self) -> None:
        self._layouts: list[LetterInSeries] = []
        self._pages: list[_LetterPages] = []
        self._part: ExitStack | None = None
        self._part_element: StructElement | None = None
        self._trailing: list[StructElement] = []
        self._numbering: list[int] | None = None
        self._counts: list[int] | None = None
        self._first_template: list[int] = []
        self._template_map: list[dict[str, int]] = []

    # --- what a run is made of ----------------------------------------------------------------

    def layout(self, snapshot: SerialLetterSnapshot, letter: LetterSnapshot,
               index: int | None = None) -> LetterInSeries:
        """The layout of ``letter``: its variant (letter ``index``'s own, else the run's)."""
        variant = snapshot.variant if index is None else snapshot.variant_of(index)
        renderer = LETTER_LAYOUTS[(variant, letter.form)]()
        renderer.series = self
        renderer.tagged = self.tagged
        return renderer

    def pages_after_letter(
        self, snapshot: SerialLetterSnapshot, index: int
    ) -> tuple[Sequence[PageTemplate], Sequence[Flowable]]:
        """Page templates and flowables printed after letter ``index`` on a new sheet (none
        here). A subclass returns, e.g., the reply form: one template whose ``onPage`` draws the
        form's fixed parts and the flowables that fill it. Those pages are read inside the
        letter's ``Part`` and are not counted in its "Seite x von y"."""
        return (), ()

    # --- metadata -----------------------------------------------------------------------------

    def title(self, snapshot: SerialLetterSnapshot) -> str:
        return snapshot.title

    def author(self, snapshot: SerialLetterSnapshot) -> str:
        return snapshot.letters[0].sender.name

    def subject(self, snapshot: SerialLetterSnapshot) -> str:
        subjects = dict.fromkeys(letter.subject for letter in snapshot.letters)
        return next(iter(subjects)) if len(subjects) == 1 else snapshot.title

    def validate(self, snapshot: SerialLetterSnapshot) -> None:
        """Every letter as a single letter would be checked; the message says which letter."""
        for number, letter in enumerate(snapshot.letters, start=1):
            try:
                self.layout(snapshot, letter, number - 1).validate(letter)
            except ValidationError as exc:
                recipient = " · ".join(letter.address.lines[:3]) or f"Brief {number}"
                raise ValidationError(
                    f"Brief {number} ({recipient}): {exc.message}", field=exc.field,
                    hint=exc.hint,
                ) from exc

    # --- layout -------------------------------------------------------------------------------

    def page_templates(self, snapshot: SerialLetterSnapshot) -> Sequence[PageTemplate]:
        self._layouts = [self.layout(snapshot, letter, index)
                         for index, letter in enumerate(snapshot.letters)]
        self._pages = []
        self._part = None
        self._part_element = None
        self._trailing = []
        self._numbering = None
        self._counts = None
        self._first_template = []
        self._template_map = []
        templates: list[PageTemplate] = []
        for index, (renderer, letter) in enumerate(zip(self._layouts, snapshot.letters,
                                                       strict=True)):
            own = list(renderer.page_templates(letter))
            ids = {str(template.id): len(templates) + offset for offset, template in
                   enumerate(own)}
            self._first_template.append(len(templates))
            self._template_map.append(ids)
            for offset, template in enumerate(own):
                templates.append(self._renumbered(template, index, ids, first=offset == 0,
                                                  numbered=True))
            extra, _flowables = self.pages_after_letter(snapshot, index)
            for template in extra:
                ids.setdefault(str(template.id), len(templates))
                templates.append(self._renumbered(template, index, ids, first=False,
                                                  numbered=False))
        return templates

    def _renumbered(self, template: PageTemplate, letter: int, ids: dict[str, int], *,
                    first: bool, numbered: bool) -> PageTemplate:
        """The letter's template under a unique id, recording which letter each page shows;
        the letter's ``Part`` opens on its first page, before anything of it is drawn."""
        own_on_page = template.onPage
        template.id = f"{template.id}-{letter + 1}"
        if isinstance(template.autoNextPageTemplate, str):
            template.autoNextPageTemplate = ids[template.autoNextPageTemplate]

        def on_page(canvas: Canvas, doc: BaseDocTemplate) -> None:
            if first:
                self.begin_letter(canvas, letter)
            self._pages.append(_LetterPages(letter, numbered, first))
            own_on_page(canvas, doc)

        template.onPage = on_page
        return template

    def story(self, snapshot: SerialLetterSnapshot) -> list[Flowable]:
        story: list[Flowable] = []
        last = len(snapshot.letters) - 1
        for index, (renderer, letter) in enumerate(zip(self._layouts, snapshot.letters,
                                                       strict=True)):
            ids = self._template_map[index]
            for flowable in renderer.story(letter):
                if isinstance(flowable, NextPageTemplate):
                    flowable = NextPageTemplate(ids[str(flowable.action[1])])
                story.append(flowable)
            _templates, after = self.pages_after_letter(snapshot, index)
            for flowable in after:
                if isinstance(flowable, NextPageTemplate):
                    flowable = NextPageTemplate(ids[str(flowable.action[1])])
                story.append(flowable)
            story.append(_LetterEnd(self))
            if index < last:
                story += [NextPageTemplate(self._first_template[index + 1]), PageBreak()]
        return story

    # --- structure of the run -----------------------------------------------------------------

    def begin_letter(self, canvas: Canvas, index: int) -> None:
        """Open the letter's ``Part``: what its page templates and flowables draw goes in."""
        self.end_letter()
        stack = ExitStack()
        self._part_element = stack.enter_context(
            self.tags(canvas).element(self.part_role, title=f"Brief {index + 1}")
        )
        self._part = stack

    def end_letter(self) -> None:
        """Close the open ``Part``; its footer moves to its end (read after the letter)."""
        if self._part is None:
            return
        part, self._part = self._part, None
        part.close()
        element, self._part_element = self._part_element, None
        if element is not None:
            for trailing in self._trailing:
                if trailing in element.kids:
                    element.kids.remove(trailing)
                    element.kids.append(trailing)
        self._trailing = []

    def running_in_letter(
        self, canvas: Canvas, subtype: str
    ) -> AbstractContextManager[StructElement | None]:
        """The footer: content of the letter on its first page, a pagination artifact later."""
        tags = self.tags(canvas)
        if self._pages and self._pages[-1].first:
            return self._trailing_element(tags.element("P"))
        return tags.artifact("Pagination", subtype)

    @contextmanager
    def _trailing_element(
        self, element: AbstractContextManager[StructElement]
    ) -> Iterator[StructElement | None]:
        with element as opened:
            self._trailing.append(opened)
            yield opened

    # --- page numbers -------------------------------------------------------------------------

    def draw_page_number(self, canvas: Canvas, page: int, pages: int) -> None:
        """ "Seite x von y" within the letter, by the letter's own layout; a one-page letter
        gets none. Pages after a letter (reply forms) are not numbered."""
        if page > len(self._pages) or not self._pages[page - 1].numbered:
            return
        letter = self._pages[page - 1].letter
        if self._numbering is None:
            self._numbering = self._number_pages()
        number = self._numbering[page - 1]
        count = self.letter_page_counts()[letter] if self._counts is None else self._counts[letter]
        if count > 1:
            self._layouts[letter].draw_page_number(canvas, number, count)

    def _number_pages(self) -> list[int]:
        """Each page's number within its letter (0 for pages after a letter)."""
        seen = [0] * len(self._layouts)
        numbers = []
        for entry in self._pages:
            if entry.numbered:
                seen[entry.letter] += 1
                numbers.append(seen[entry.letter])
            else:
                numbers.append(0)
        self._counts = seen
        return numbers

    def letter_page_counts(self) -> list[int]:
        """After :meth:`render`: the number of letter pages of each letter, in order."""
        counts = [0] * len(self._layouts)
        for entry in self._pages:
            if entry.numbered:
                counts[entry.letter] += 1
        return counts


def serial_letter_renderer(snapshot: SerialLetterSnapshot) -> SerialLetterRenderer:
    """Letters alone, or — with reply forms — each letter followed by its reply form."""
    if snapshot.reply_forms:
        from beratung.documents.reply_form import InvitationLetterRenderer  # imports this module

        return InvitationLetterRenderer()
    return SerialLetterRenderer()


def render_serial_letter(snapshot: SerialLetterSnapshot) -> bytes:
    """The PDF of all letters of ``snapshot`` (with their reply forms, when it has them)."""
    return serial_letter_renderer(snapshot).render(snapshot).pdf


register("serial_letter", SerialLetterSnapshot, serial_letter_renderer, label="Serienbrief")

__all__ = [
    "LETTER_LAYOUTS",
    "EasyLanguage",
    "EasyLanguageFormA",
    "EasyLanguageFormB",
    "LargePrint",
    "LargePrintFormA",
    "LargePrintFormB",
    "LetterInSeries",
    "SerialLetterRenderer",
    "SeriesFormA",
    "SeriesFormB",
    "render_serial_letter",
    "serial_letter_renderer",
]
