"""The invitation's reply form (Antwortformular): printed and fillable in one, in its letter's
variant (:data:`REPLY_LAYOUTS`): one page (standard), two in large print, three in Leichte
Sprache (:class:`EasyReplyFormPage`) — always the same fields under the same names.

The page is drawn by one flowable on a full-page frame, so every position is a constant in mm
from the top of the sheet (like the letter) and the AcroForm fields (``forms.py``) sit exactly
on the printed boxes. It follows each invitation letter (:class:`InvitationLetterRenderer`,
through the serial letter's ``pages_after_letter`` hook) and is a document of its own
(:class:`ReplyFormRenderer`, kind ``reply_form``) for one recipient.

- The office's address stands in the letter layout's address field, so the folded form goes
  back in a window envelope; the fold marks are the letter's. Beside it: how to send it back
  (post, fax, e-mail, by when) and the registration code.
- Fields, named by :mod:`beratung.domain.reply_forms`: name (prefilled), code (prefilled,
  read-only), attend yes/no (radio group), companions, a check box per need, "Sonstiges" with a
  line, dietary wishes, the consent box with its sentence, remarks (several lines).
- Structure: a ``Div`` holding ``H1``, ``P`` labels and a ``Form`` element per widget, each
  with ``/TU`` (the label a screen reader announces) and a visible label beside it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm as _mm
from reportlab.platypus import (
    Flowable,
    Frame,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
)

from beratung.documents import fonts
from beratung.documents.base import PdfRenderer, markup
from beratung.documents.forms import RadioButton, check_box, radio_group, text_field
from beratung.documents.letter import DinLetterFormA, DinLetterFormB
from beratung.documents.registry import register
from beratung.documents.serial_letter import EasyLanguage, SerialLetterRenderer
from beratung.documents.tagging import Tagger, draw_lines, tag, tagger_of
from beratung.domain.enums import NeedKind, label
from beratung.domain.printing import LetterForm
from beratung.domain.reply_forms import (
    ATTEND_NO,
    ATTEND_YES,
    EASY_NEED_STATEMENTS,
    FIELD_ATTEND,
    FIELD_CODE,
    FIELD_COMPANIONS,
    FIELD_CONSENT,
    FIELD_DIET,
    FIELD_NAME,
    FIELD_NEED_OTHER_TEXT,
    FIELD_REMARKS,
    FORM_NEEDS,
    ReplyForm,
    ReplyFormSnapshot,
    consent_sentence,
    easy_consent_statements,
    form_prefix,
    need_field,
)
from beratung.domain.serial_letters import SerialLetterSnapshot

REPLY_TEMPLATE = "Reply"

mm: float = _mm  # typed: ReportLab ships no type hints

#: The letter layout whose address field and fold marks the form uses, by the letter's form.
DIN_LAYOUTS: dict[LetterForm, type[DinLetterFormB]] = {"B": DinLetterFormB, "A": DinLetterFormA}


def office_address(form: ReplyForm) -> tuple[str, ...]:
    """The office's postal address for the window: name, unit, street, town."""
    sender = form.sender
    town = " ".join(part for part in (sender.postcode, sender.town) if part)
    return tuple(line for line in (sender.name, sender.unit, sender.street, town) if line)


def _paragraphs(canvas: Any) -> dict[tuple[Any, ...], tuple[Paragraph, float]]:
    """The wrapped paragraphs of one document build, kept on its canvas (see
    :meth:`ReplyFormPage.paragraph`)."""
    cache: dict[tuple[Any, ...], tuple[Paragraph, float]] | None = getattr(
        canvas, "_beratung_paragraphs", None)
    if cache is None:
        cache = {}
        canvas._beratung_paragraphs = cache
    return cache


class ReplyFormPage(Flowable):  # type: ignore[misc]  # ReportLab ships no type hints
    """The whole reply form, drawn on a full-page frame (its origin is the sheet's corner)."""

    # Text sizes.
    heading_size: ClassVar[float] = 15
    text_size: ClassVar[float] = 10.5
    small_size: ClassVar[float] = 9
    # Positions and sizes, in mm from the top-left corner.
    left: ClassVar[float] = 25 * mm
    right: ClassVar[float] = 190 * mm
    side_left: ClassVar[float] = 125 * mm
    field_height: ClassVar[float] = 7 * mm
    box: ClassVar[float] = 4.5 * mm
    row: ClassVar[float] = 9.5 * mm
    need_pitch: ClassVar[float] = 7 * mm
    second_column: ClassVar[float] = 110 * mm
    min_field: ClassVar[float] = 45 * mm
    remarks_height: ClassVar[float] = 27 * mm
    signature_gap: ClassVar[float] = 18 * mm
    caption_size: ClassVar[float] = 8
    need_columns: ClassVar[int] = 2
    no_left: ClassVar[float] = 80 * mm
    #: How far a label's em box starts below the top of its field (centred on the field).
    label_drop: ClassVar[float] = 1.6 * mm
    #: How to send it back: beside the window (standard) or below the heading.
    ways_beside: ClassVar[bool] = True
    #: The sections of each page, drawn in this order by ``draw_<section>``.
    pages: ClassVar[tuple[tuple[str, ...], ...]] = ((
        "window", "heading", "identity", "attend", "companions", "needs", "diet", "consent",
        "remarks", "signature",
    ),)

    def __init__(self, form: ReplyForm, layout: DinLetterFormB, page_height: float,
                 prefix: str = "", page: int = 0) -> None:
        super().__init__()
        self.form = form
        self.sections = self.pages[page]
        #: Put before every field name when one PDF holds several forms (``brief2_name``):
        #: AcroForm fields of the same name are one field with one value.
        self.prefix = prefix
        self.layout = layout
        self.page_height = page_height
        self.width = 0.0
        self.height = 0.0

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:  # noqa: N803
        self.width, self.height = aW, aH
        return aW, aH

    # --- helpers ------------------------------------------------------------------------------

    def y(self, top: float) -> float:
        return self.page_height - top

    def _style(self, size: float, *, bold: bool = False) -> ParagraphStyle:
        return ParagraphStyle(
            f"reply{size}{bold}", fontName=fonts.BOLD if bold else fonts.REGULAR,
            fontSize=size, leading=size * 1.25,
        )

    def paragraph(self, tags: Tagger, text: str, x: float, top: float, width: float,
                  size: float, *, role: str = "P", bold: bool = False) -> float:
        """A wrapped paragraph whose first line's em box starts at ``top``; its bottom.

        Most texts are the same on every form of a run (headings, the ways back, the
        consent), so a paragraph is parsed and wrapped once per document and layout and
        drawn again wherever the same text stands at the same width: a wrapped ``Paragraph``
        draws the same each time."""
        cache = _paragraphs(self.canv)
        key = (type(self), text, round(width, 3), size, bold)
        known = cache.get(key)
        if known is None:
            para = Paragraph(markup(text), self._style(size, bold=bold))
            _w, height = para.wrap(width, self.page_height)
            known = cache[key] = (para, float(height))
        para, height = known
        with tags.element(role):
            para.drawOn(self.canv, x, self.y(top) - height)
        return top + float(height)

    def line(self, tags: Tagger, x: float, top: float, text: str, size: float | None = None,
             *, bold: bool = False) -> None:
        """One label line whose em box starts at ``top``."""
        size = size or self.text_size
        font = fonts.BOLD if bold else fonts.REGULAR
        self.canv.setFont(font, size)
        with tags.element("P"):
            self.canv.drawString(x, self.y(top + fonts.baseline_offset(font, size)), text)

    # Every field is drawn twice: in the page content as an artifact (so the form prints from
    # viewers that do not draw form fields, like the preview's pdfium without annotations) and
    # as the widget's appearance on top (opaque where it holds a value, so an edited value does
    # not show the printed one beneath it).

    def text(self, name: str, *, x: float, y: float, width: float, height: float,
             tooltip: str, value: str = "", max_length: int | None = None,
             read_only: bool = False, multiline: bool = False) -> None:
        c = self.canv
        with tagger_of(c).artifact():
            c.setLineWidth(0.6)
            c.rect(x + 0.3, y + 0.3, width - 0.6, height - 0.6, stroke=1, fill=0)
            if value:
                c.setFont(fonts.REGULAR, self.text_size)
                c.drawString(x + 2, y + (height - self.text_size) / 2 + self.text_size * 0.22,
                             value)
        text_field(c, self.prefix + name, x=x, y=y, width=width, height=height,
                   tooltip=tooltip,
                   value=value, font_size=self.text_size, max_length=max_length,
                   read_only=read_only, multiline=multiline, opaque=bool(value))

    def check(self, name: str, *, x: float, y: float, tooltip: str) -> None:
        c = self.canv
        with tagger_of(c).artifact():
            c.setLineWidth(0.6)
            c.rect(x + 0.3, y + 0.3, self.box - 0.6, self.box - 0.6, stroke=1, fill=0)
        check_box(c, self.prefix + name, x=x, y=y, size=self.box, tooltip=tooltip)

    def radios(self, name: str, tooltip: str, buttons: Sequence[RadioButton]) -> None:
        c = self.canv
        with tagger_of(c).artifact():
            c.setLineWidth(0.6)
            for button in buttons:
                c.circle(button.x + self.box / 2, button.y + self.box / 2, self.box / 2 - 0.3,
                         stroke=1, fill=0)
        radio_group(c, self.prefix + name, tooltip=tooltip, size=self.box, buttons=buttons)

    def field_row(self, tags: Tagger, top: float, caption: str, name: str, tooltip: str, *,
                  width: float | None = None, value: str = "",
                  max_length: int | None = None) -> float:
        """A label and, right after it, a framed text field up to ``width`` (or the margin);
        below the label when less than :attr:`min_field` would be left. The row's bottom."""
        self.line(tags, self.left, top + self.label_drop, caption)
        start = self.left + fonts.string_width(caption, fonts.REGULAR,
                                               self.text_size) + 2.5 * mm
        end = self.right if width is None else start + width
        if end > self.right or end - start < min(self.min_field, width or self.min_field):
            top += self.text_size * 1.3 + 1 * mm
            start = self.left
            end = self.right if width is None else start + width
        self.text(name, x=start, y=self.y(top + self.field_height), width=end - start,
                  height=self.field_height, tooltip=tooltip, value=value,
                  max_length=max_length)
        return top + self.row

    # --- the page -----------------------------------------------------------------------------

    def draw(self) -> None:
        c = self.canv
        tags = tagger_of(c)
        c.saveState()
        c.setFillColorRGB(0, 0, 0)
        top = 0.0
        for section in self.sections:
            top = getattr(self, f"draw_{section}")(tags, top)
        c.restoreState()

    def draw_window(self, tags: Tagger, _top: float) -> float:
        """The office's address in the window ("Antwort an" in the return zone) and the
        letter's fold marks; beside it, when there is room, how to send the form back."""
        c = self.canv
        layout = self.layout
        left = layout.address_text_left
        self.line(tags, left, layout.address_field_top + 1 * mm, "Antwort an", 8)
        pitch = layout.recipient_zone_height / layout.recipient_max_lines
        c.setFont(fonts.REGULAR, layout.recipient_size)
        offset = fonts.baseline_offset(fonts.REGULAR, layout.recipient_size)
        with tags.element("P"):
            draw_lines(c, [
                (left, self.y(layout.recipient_top + index * pitch + offset), line)
                for index, line in enumerate(office_address(self.form))
            ])
        if self.ways_beside:
            self.draw_ways(tags, layout.info_top, self.side_left, self.right - self.side_left)
        layout.draw_marks(c)
        return layout.address_field_top + layout.address_field_height + 6 * mm

    def draw_ways(self, tags: Tagger, top: float, x: float | None = None,
                  width: float | None = None) -> float:
        """How to send the form back: post, the office's fax and e-mail, the deadline."""
        x = self.left if x is None else x
        width = self.right - self.left if width is None else width
        form = self.form
        top = self.paragraph(tags, "So senden Sie die Antwort zurück:", x, top, width,
                             self.small_size, bold=True) + 1 * mm
        ways = ["per Post im Fensterumschlag"]
        if form.sender.fax:
            ways.append(f"per Fax an {form.sender.fax}")
        if form.sender.email:
            ways.append(f"per E-Mail an {form.sender.email} (das ausgefüllte PDF anhängen)")
        for way in ways:
            top = self.paragraph(tags, f"– {way}", x, top, width, self.small_size) + 0.5 * mm
        if form.deadline:
            top = self.paragraph(tags, f"Bitte bis zum {form.deadline}.", x, top + 1 * mm,
                                 width, self.small_size, bold=True)
        return top + 3 * mm

    def draw_heading(self, tags: Tagger, top: float) -> float:
        top = self.paragraph(tags, "Antwort auf die Einladung", self.left, top,
                             self.right - self.left, self.heading_size, role="H1",
                             bold=True) + 1 * mm
        return self.paragraph(tags, f"{self.form.event_title}, {self.form.event_when}",
                              self.left, top, self.right - self.left, self.text_size) + 3 * mm

    def draw_continued(self, tags: Tagger, _top: float) -> float:
        """The head of a second page: whose answer it continues, with the code, so a page
        sent alone (by fax) can still be matched."""
        return self.paragraph(
            tags, f"Antwort von {self.form.name} (Anmeldecode {self.form.code}), Fortsetzung",
            self.left, 20 * mm, self.right - self.left, self.text_size, bold=True) + 4 * mm

    def draw_identity(self, tags: Tagger, top: float) -> float:
        """Name (prefilled) and code (prefilled, read-only), side by side when they fit."""
        caption = "Anmeldecode:"
        code_width = (fonts.string_width(caption, fonts.REGULAR, self.text_size) + 2.5 * mm
                      + fonts.string_width(self.form.code or "XXXX-XXXX", fonts.REGULAR,
                                           self.text_size) + 6 * mm)
        beside = self.right - code_width > 130 * mm
        self.field_row(tags, top, "Name:", FIELD_NAME, "Ihr Name", value=self.form.name,
                       width=78 * mm if beside else None)
        code_left = 130 * mm if beside else self.left
        code_top = top if beside else top + self.row
        self.line(tags, code_left, code_top + self.label_drop, caption)
        start = code_left + fonts.string_width(caption, fonts.REGULAR,
                                               self.text_size) + 2.5 * mm
        self.text(FIELD_CODE, x=start, y=self.y(code_top + self.field_height),
                  width=(self.right - start if beside else code_width - (start - code_left)),
                  height=self.field_height, tooltip="Anmeldecode (bitte nicht ändern)",
                  value=self.form.code, read_only=True)
        return code_top + self.row + 1 * mm

    def draw_attend(self, tags: Tagger, top: float) -> float:
        self.radios(FIELD_ATTEND, "Teilnahme", [
            RadioButton(ATTEND_YES, self.left, self.y(top + self.box), "Ich nehme teil"),
            RadioButton(ATTEND_NO, self.no_left, self.y(top + self.box),
                        "Ich nehme nicht teil"),
        ])
        raise_text = (self.box - self.text_size * 0.8) / 2
        self.line(tags, self.left + self.box + 2 * mm, top + raise_text, "Ich nehme teil.",
                  bold=True)
        self.line(tags, self.no_left + self.box + 2 * mm, top + raise_text,
                  "Ich nehme nicht teil.", bold=True)
        return top + self.row

    def draw_companions(self, tags: Tagger, top: float) -> float:
        return self.field_row(tags, top, "Ich bringe so viele Begleitpersonen mit:",
                              FIELD_COMPANIONS, "Anzahl der Begleitpersonen (eine Zahl)",
                              width=14 * mm, max_length=2) + 2 * mm

    def draw_needs(self, tags: Tagger, top: float) -> float:
        top = self.paragraph(
            tags, "Das brauche ich, um gut teilnehmen zu können (bitte ankreuzen):", self.left,
            top, self.right - self.left, self.text_size, bold=True) + 2 * mm
        rows = -(-len(FORM_NEEDS) // self.need_columns)
        raise_text = (self.box - self.text_size * 0.8) / 2
        for index, kind in enumerate(FORM_NEEDS):
            column, row = divmod(index, rows)
            x = self.left if column == 0 else self.second_column
            row_top = top + row * self.need_pitch
            text = label(kind)
            self.check(need_field(kind), x=x, y=self.y(row_top + self.box),
                       tooltip=f"Bedarf: {text}")
            caption = f"{text}:" if kind is NeedKind.OTHER else text
            self.line(tags, x + self.box + 2 * mm, row_top + raise_text, caption)
            if kind is NeedKind.OTHER:
                start = (x + self.box + 2 * mm
                         + fonts.string_width(caption, fonts.REGULAR, self.text_size) + 2 * mm)
                height = self.field_height - 0.5 * mm
                self.text(FIELD_NEED_OTHER_TEXT, x=start,
                          y=self.y(row_top + (self.box + height) / 2), width=self.right - start,
                          height=height, tooltip="Sonstiger Bedarf: bitte beschreiben")
        return top + rows * self.need_pitch + 1 * mm

    def draw_diet(self, tags: Tagger, top: float) -> float:
        return self.field_row(tags, top, "Ernährung (z. B. vegetarisch, Unverträglichkeiten):",
                              FIELD_DIET, "Wünsche zur Ernährung, z. B. vegetarisch oder "
                              "Unverträglichkeiten") + 1 * mm

    def draw_consent(self, tags: Tagger, top: float) -> float:
        """The consent box with its sentence beside it."""
        self.check(FIELD_CONSENT, x=self.left, y=self.y(top + self.box),
                   tooltip="Einwilligung: Meine Angaben zu Bedarfen und Ernährung dürfen "
                   "gespeichert werden")
        text_left = self.left + self.box + 2 * mm
        top = self.paragraph(
            tags, "Einwilligung: " + consent_sentence(self.form.sender.name), text_left, top,
            self.right - text_left, self.small_size) + 1 * mm
        return self.paragraph(
            tags, "Ohne dieses Kreuz speichern wir keine Bedarfe und keine Angaben zur "
            "Ernährung.", text_left, top, self.right - text_left, self.small_size) + 3 * mm

    def draw_remarks(self, tags: Tagger, top: float) -> float:
        self.line(tags, self.left, top, "Bemerkungen:")
        top += self.text_size * 1.3 + 1.5 * mm
        self.text(FIELD_REMARKS, x=self.left, y=self.y(top + self.remarks_height),
                  width=self.right - self.left, height=self.remarks_height,
                  tooltip="Bemerkungen", multiline=True)
        return top + self.remarks_height

    def draw_signature(self, tags: Tagger, top: float) -> float:
        """Place, date and signature lines, some room below the remarks."""
        c = self.canv
        line = top + self.signature_gap
        c.setLineWidth(0.5)
        middle = 110 * mm
        with tags.artifact():
            c.line(self.left, self.y(line), middle - 10 * mm, self.y(line))
            c.line(middle, self.y(line), self.right, self.y(line))
        self.line(tags, self.left, line + 1.5 * mm, "Ort, Datum", self.caption_size)
        self.line(tags, middle, line + 1.5 * mm, "Unterschrift", self.caption_size)
        return line + 6 * mm


class LargeReplyFormPage(ReplyFormPage):
    """Large print (documents.md: 16 pt or more): the same form on two pages; the window's
    address keeps its DIN size, the ways back stand below the heading (too long beside it),
    the needs in one column."""

    heading_size: ClassVar[float] = 20
    text_size: ClassVar[float] = 16
    small_size: ClassVar[float] = 16
    caption_size: ClassVar[float] = 12
    field_height: ClassVar[float] = 9.5 * mm
    box: ClassVar[float] = 6 * mm
    row: ClassVar[float] = 12.5 * mm
    need_pitch: ClassVar[float] = 9 * mm
    need_columns: ClassVar[int] = 1
    no_left: ClassVar[float] = 95 * mm
    label_drop: ClassVar[float] = 1.8 * mm
    remarks_height: ClassVar[float] = 28 * mm
    signature_gap: ClassVar[float] = 16 * mm
    ways_beside: ClassVar[bool] = False
    pages: ClassVar[tuple[tuple[str, ...], ...]] = (
        ("window", "heading", "ways", "identity", "attend", "companions"),
        ("continued", "needs", "diet", "consent", "remarks", "signature"),
    )


class EasyReplyFormPage(ReplyFormPage):
    """Leichte Sprache (documents.md): the same fields under the same names, asked in short
    questions, one statement per line, in the easy letter's type (``EasyLanguage``: 14 pt on
    1.5 lines, never hyphenated), with big boxes, on three pages.

    Each statement is a paragraph of its own, so the lines stand exactly 1.5 × the size apart
    and a screen reader reads them one by one; the questions are ``H2``. Every page after the
    first starts with the name and the code (a page sent alone by fax can still be matched),
    the first two end with "Auf der nächsten Seite geht es weiter.". Labels stand above their
    fields (no field squeezed beside a long label); the signature captions are 14 pt too.
    """

    heading_size: ClassVar[float] = 20
    text_size: ClassVar[float] = EasyLanguage.body_size
    small_size: ClassVar[float] = EasyLanguage.body_size
    caption_size: ClassVar[float] = EasyLanguage.body_size
    #: The easy letter's line spacing (1.5), as a factor of the size.
    spacing: ClassVar[float] = EasyLanguage.body_leading / EasyLanguage.body_size
    field_height: ClassVar[float] = 10 * mm
    box: ClassVar[float] = 7 * mm
    row: ClassVar[float] = 11 * mm
    need_pitch: ClassVar[float] = 10.5 * mm
    remarks_height: ClassVar[float] = 30 * mm
    signature_gap: ClassVar[float] = 16 * mm
    #: Where "Auf der nächsten Seite geht es weiter." stands.
    more_top: ClassVar[float] = 262 * mm
    ways_beside: ClassVar[bool] = False
    pages: ClassVar[tuple[tuple[str, ...], ...]] = (
        ("window", "heading", "ways", "identity", "more"),
        ("continued", "attend", "companions", "needs", "more"),
        ("continued", "diet", "consent", "remarks", "signature"),
    )

    def _style(self, size: float, *, bold: bool = False) -> ParagraphStyle:
        style = super()._style(size, bold=bold)
        style.leading = size * self.spacing
        # As the easy letter (EasyLanguage.styles): lines break at spaces only.
        style.hyphenationLang = ""
        style.embeddedHyphenation = 0
        style.splitLongWords = 0
        style.uriWasteReduce = 0
        return style

    def say(self, tags: Tagger, top: float, *lines: str, bold: bool = False,
            role: str = "P", x: float | None = None) -> float:
        """Statements, one paragraph each, 1.5 lines apart from ``top``; their bottom."""
        x = self.left if x is None else x
        for text in lines:
            top = self.paragraph(tags, text, x, top, self.right - x, self.text_size, role=role,
                                 bold=bold)
        return top

    def ask(self, tags: Tagger, top: float, question: str, *lines: str) -> float:
        """A question as a heading, then what to do, one statement per line."""
        top = self.say(tags, top, question, bold=True, role="H2")
        return self.say(tags, top, *lines)

    def field_below(self, name: str, top: float, tooltip: str, *, width: float | None = None,
                    value: str = "", max_length: int | None = None,
                    read_only: bool = False) -> float:
        """A framed text field from the left margin, its top at ``top``; its bottom."""
        self.text(name, x=self.left, y=self.y(top + self.field_height),
                  width=(self.right - self.left) if width is None else width,
                  height=self.field_height, tooltip=tooltip, value=value,
                  max_length=max_length, read_only=read_only)
        return top + self.field_height

    def beside_box(self, tags: Tagger, top: float, text: str, *, bold: bool = False) -> None:
        """One statement beside a box whose top is at ``top``, centred on it."""
        raise_text = (self.box - self.text_size * 0.8) / 2
        self.line(tags, self.left + self.box + 3 * mm, top + raise_text, text, bold=bold)

    # --- the pages ----------------------------------------------------------------------------

    def draw_heading(self, tags: Tagger, top: float) -> float:
        top = self.paragraph(tags, "Antwort auf die Einladung", self.left, top,
                             self.right - self.left, self.heading_size, role="H1",
                             bold=True) + 2 * mm
        top = self.say(tags, top, "Die Veranstaltung heißt:")
        top = self.say(tags, top, self.form.event_title, bold=True)
        return self.say(tags, top, "Die Veranstaltung ist am:", self.form.event_when) + 4 * mm

    def draw_ways(self, tags: Tagger, top: float, x: float | None = None,
                  width: float | None = None) -> float:
        """How to send it back, one way per line, and by when."""
        sender = self.form.sender
        lines = ["Mit der Post.",
                 "Stecken Sie die Blätter in einen Brief-Umschlag mit Fenster."]
        if sender.fax:
            lines.append(f"Oder per Fax an: {sender.fax}")
        if sender.email:
            lines += [f"Oder per E-Mail an: {sender.email}",
                      "Dann schicken Sie dieses Formular als Anhang mit."]
        top = self.ask(tags, top, "So schicken Sie uns Ihre Antwort:", *lines)
        if self.form.deadline:
            top = self.say(tags, top, f"Bitte schicken Sie die Antwort bis zum "
                                      f"{self.form.deadline}.", bold=True)
        return top + 4 * mm

    def draw_identity(self, tags: Tagger, top: float) -> float:
        """Name and code one below the other, each with its label above it."""
        top = self.say(tags, top, "Ihr Name:") + 1 * mm
        top = self.field_below(FIELD_NAME, top, "Ihr Name", value=self.form.name) + 3 * mm
        top = self.say(tags, top, "Ihr Anmelde-Code:") + 1 * mm
        code_width = fonts.string_width(self.form.code or "XXXX-XXXX", fonts.REGULAR,
                                        self.text_size) + 8 * mm
        top = self.field_below(FIELD_CODE, top, "Ihr Anmelde-Code. Bitte nicht ändern.",
                               width=max(code_width, 45 * mm), value=self.form.code,
                               read_only=True) + 1 * mm
        return self.say(tags, top, "Bitte ändern Sie den Code nicht.") + 3 * mm

    def draw_more(self, tags: Tagger, top: float) -> float:
        return self.say(tags, max(top, self.more_top),
                        "Auf der nächsten Seite geht es weiter.", bold=True)

    def draw_continued(self, tags: Tagger, _top: float) -> float:
        return self.say(tags, 20 * mm, f"Antwort von: {self.form.name}",
                        f"Anmelde-Code: {self.form.code}") + 5 * mm

    def draw_attend(self, tags: Tagger, top: float) -> float:
        top = self.ask(tags, top, "Kommen Sie zur Veranstaltung?",
                       "Bitte machen Sie 1 Kreuz.") + 2 * mm
        self.radios(FIELD_ATTEND, "Kommen Sie zur Veranstaltung?", [
            RadioButton(ATTEND_YES, self.left, self.y(top + self.box), "Ich komme."),
            RadioButton(ATTEND_NO, self.left, self.y(top + self.row + self.box),
                        "Ich komme nicht."),
        ])
        self.beside_box(tags, top, "Ich komme.", bold=True)
        self.beside_box(tags, top + self.row, "Ich komme nicht.", bold=True)
        return top + 2 * self.row + 3 * mm

    def draw_companions(self, tags: Tagger, top: float) -> float:
        top = self.ask(tags, top, "Kommt jemand mit Ihnen?",
                       "Zum Beispiel eine Begleit-Person.",
                       "Dann schreiben Sie hier die Zahl:") + 1 * mm
        return self.field_below(FIELD_COMPANIONS, top, "So viele Personen kommen mit mir. "
                                "Bitte eine Zahl.", width=20 * mm, max_length=2) + 5 * mm

    def draw_needs(self, tags: Tagger, top: float) -> float:
        top = self.ask(tags, top, "Was brauchen Sie bei der Veranstaltung?",
                       "Bitte kreuzen Sie alles an, was Sie brauchen.") + 2 * mm
        for kind in FORM_NEEDS:
            statement = EASY_NEED_STATEMENTS[kind]
            self.check(need_field(kind), x=self.left, y=self.y(top + self.box),
                       tooltip=statement)
            self.beside_box(tags, top, statement)
            top += self.need_pitch
        top = self.say(tags, top, "Das brauche ich noch:") + 1 * mm
        return self.field_below(FIELD_NEED_OTHER_TEXT, top, "Das brauche ich noch") + 3 * mm

    def draw_diet(self, tags: Tagger, top: float) -> float:
        top = self.ask(tags, top, "Brauchen Sie besonderes Essen?",
                       "Zum Beispiel Essen ohne Fleisch.",
                       "Oder Sie vertragen etwas nicht.",
                       "Dann schreiben Sie es hier auf:") + 1 * mm
        return self.field_below(FIELD_DIET, top, "Das möchte ich essen. Das vertrage ich "
                                "nicht.") + 5 * mm

    def draw_consent(self, tags: Tagger, top: float) -> float:
        """The consent in plain words, then its box: "Ja, das erlaube ich."."""
        top = self.ask(tags, top, "Dürfen wir Ihre Angaben speichern?",
                       *easy_consent_statements(self.form.sender.name)) + 2 * mm
        self.check(FIELD_CONSENT, x=self.left, y=self.y(top + self.box),
                   tooltip="Ja, Sie dürfen meine Angaben speichern.")
        self.beside_box(tags, top, "Ja, das erlaube ich.", bold=True)
        top += self.row
        return self.say(tags, top, "Ohne Kreuz speichern wir diese Angaben nicht.") + 5 * mm

    def draw_remarks(self, tags: Tagger, top: float) -> float:
        top = self.ask(tags, top, "Möchten Sie uns noch etwas sagen?",
                       "Dann schreiben Sie es hier auf:") + 1 * mm
        self.text(FIELD_REMARKS, x=self.left, y=self.y(top + self.remarks_height),
                  width=self.right - self.left, height=self.remarks_height,
                  tooltip="Das möchte ich Ihnen noch sagen", multiline=True)
        return top + self.remarks_height

    def draw_signature(self, tags: Tagger, top: float) -> float:
        """Two lines side by side, captioned in words: "Ort und Datum", "Unterschrift"."""
        c = self.canv
        line = top + self.signature_gap
        middle = 110 * mm
        c.setLineWidth(0.5)
        with tags.artifact():
            c.line(self.left, self.y(line), middle - 10 * mm, self.y(line))
            c.line(middle, self.y(line), self.right, self.y(line))
        self.line(tags, self.left, line + 1.5 * mm, "Ort und Datum")
        self.line(tags, middle, line + 1.5 * mm, "Unterschrift")
        return line + 8 * mm


#: The reply form's layout by its letter's variant.
REPLY_LAYOUTS: dict[str, type[ReplyFormPage]] = {
    "standard": ReplyFormPage,
    "large": LargeReplyFormPage,
    "easy": EasyReplyFormPage,
}


class ReplyFormPages:
    """The page template and flowables of a reply form, in a given letter layout."""

    def __init__(self, layout: DinLetterFormB) -> None:
        self.layout = layout

    def template(self, template_id: str = REPLY_TEMPLATE) -> PageTemplate:
        frame = Frame(0, 0, self.layout.page_width, self.layout.page_height, id="reply",
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        return PageTemplate(id=template_id, frames=[frame])

    def flowables(self, form: ReplyForm, prefix: str = "",
                  page_class: type[ReplyFormPage] = ReplyFormPage) -> list[Any]:
        """The form's pages, each a ``Div``, with a page break between them."""
        result: list[Any] = []
        for page in range(len(page_class.pages)):
            if page:
                result.append(PageBreak())
            result.append(tag(page_class(form, self.layout, self.layout.page_height, prefix,
                                         page), "Div"))
        return result


class InvitationLetterRenderer(SerialLetterRenderer):
    """Invitation letters: each letter followed by its reply form on a new sheet."""

    def pages_after_letter(
        self, snapshot: SerialLetterSnapshot, index: int
    ) -> tuple[Sequence[PageTemplate], Sequence[Flowable]]:
        if not snapshot.reply_forms:
            return (), ()
        form = snapshot.reply_forms[index]
        layout = DIN_LAYOUTS[snapshot.letters[index].form]()
        pages = ReplyFormPages(layout)
        prefix = form_prefix(index) if len(snapshot.letters) > 1 else ""
        page_class = REPLY_LAYOUTS.get(snapshot.variant_of(index), ReplyFormPage)
        return ([pages.template()], [NextPageTemplate(REPLY_TEMPLATE), PageBreak(),
                                     *pages.flowables(form, prefix, page_class)])


class ReplyFormRenderer(PdfRenderer[ReplyFormSnapshot]):
    """The reply form alone, in its variant's layout (one page for the standard form)."""

    def title(self, snapshot: ReplyFormSnapshot) -> str:
        return snapshot.title

    def author(self, snapshot: ReplyFormSnapshot) -> str:
        return snapshot.form.sender.name

    def subject(self, snapshot: ReplyFormSnapshot) -> str:
        return f"Antwort: {snapshot.form.event_title}"

    def page_templates(self, snapshot: ReplyFormSnapshot) -> Sequence[PageTemplate]:
        return [ReplyFormPages(DinLetterFormB()).template()]

    def story(self, snapshot: ReplyFormSnapshot) -> list[Flowable]:
        return ReplyFormPages(DinLetterFormB()).flowables(
            snapshot.form, page_class=REPLY_LAYOUTS.get(snapshot.variant, ReplyFormPage))


register("reply_form", ReplyFormSnapshot, lambda _snapshot: ReplyFormRenderer(),
         label="Antwortformular")

__all__ = [
    "REPLY_LAYOUTS",
    "EasyReplyFormPage",
    "InvitationLetterRenderer",
    "LargeReplyFormPage",
    "ReplyFormPage",
    "ReplyFormPages",
    "ReplyFormRenderer",
    "office_address",
]
