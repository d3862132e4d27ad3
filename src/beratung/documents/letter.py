"""DIN 5008 business letter (Form B by default, Form A as a subclass).

Every number comes from the DIN 5008 table in ``docs/../shared/design/documents.md``; they are mm
constants on the classes, measured from the top-left corner of the sheet. The fixed parts of page 1
(letterhead, address field, information block, fold and punch marks) are drawn on the canvas; the
flowing part (subject to enclosures) is Platypus text in a frame that ends at the last text line
(257 mm) on every page.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import ClassVar

from reportlab.lib.enums import TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    NextPageTemplate,
    PageTemplate,
    Paragraph,
)

from beratung.documents import fonts
from beratung.documents.base import (
    PdfRenderer,
    markup,
)
from beratung.documents.registry import register
from beratung.documents.tagging import Group, draw_lines, draw_string, heading, tag
from beratung.domain.errors import ValidationError
from beratung.domain.printing import InformationBlock, LetterSnapshot, Sender
from beratung.domain.rules.dates import format_date_de

InfoLine = tuple[str, str] | None
"""One line of the information block: (label, value), or None for a blank line."""


class DinLetterFormB(PdfRenderer[LetterSnapshot]):
    """DIN 5008 Form B: the address field 45 mm from the top, letterhead zone of 45 mm."""

    # Letterhead (page 1 only).
    letterhead_name_baseline: ClassVar[float] = 21 * mm
    letterhead_name_size: ClassVar[float] = 16
    letterhead_unit_baseline: ClassVar[float] = 27.5 * mm
    letterhead_unit_size: ClassVar[float] = 11
    logo_top: ClassVar[float] = 12 * mm
    logo_max_height: ClassVar[float] = 22 * mm
    logo_max_width: ClassVar[float] = 60 * mm

    # Address field: 85 x 45 mm at x 20 mm, text indented 5 mm.
    address_field_top: ClassVar[float] = 45 * mm
    address_field_left: ClassVar[float] = 20 * mm
    address_field_width: ClassVar[float] = 85 * mm
    address_field_height: ClassVar[float] = 45 * mm
    address_indent: ClassVar[float] = 5 * mm
    return_zone_height: ClassVar[float] = 5 * mm
    return_line_size: ClassVar[float] = 8
    return_line_min_size: ClassVar[float] = 7
    return_line_raise: ClassVar[float] = 1 * mm  # baseline above the zone's bottom edge
    endorsement_zone_height: ClassVar[float] = 12.7 * mm
    endorsement_max_lines: ClassVar[int] = 3
    endorsement_size: ClassVar[float] = 8
    recipient_zone_height: ClassVar[float] = 27.3 * mm
    recipient_max_lines: ClassVar[int] = 6
    recipient_size: ClassVar[float] = 11

    # Information block.
    info_left: ClassVar[float] = 125 * mm
    info_top: ClassVar[float] = 50 * mm
    info_width: ClassVar[float] = 75 * mm
    info_label_width: ClassVar[float] = 29 * mm
    info_line_pitch: ClassVar[float] = 4.233 * mm
    info_label_size: ClassVar[float] = 8
    info_value_size: ClassVar[float] = 9.5
    info_value_min_size: ClassVar[float] = 7

    # Marks at the left edge.
    mark_left: ClassVar[float] = 5 * mm
    fold_marks: ClassVar[tuple[float, ...]] = (105 * mm, 210 * mm)
    fold_mark_length: ClassVar[float] = 2.5 * mm
    punch_mark: ClassVar[float] = 148.5 * mm
    punch_mark_length: ClassVar[float] = 4 * mm
    mark_line_width: ClassVar[float] = 0.4

    # Flowing text.
    body_size: ClassVar[float] = 11
    body_leading: ClassVar[float] = 14
    subject_blank_lines: ClassVar[int] = 2
    later_pages_top: ClassVar[float] = 25 * mm
    last_line: ClassVar[float] = 257 * mm


    # --- derived positions --------------------------------------------------------------------

    @property
    def address_text_left(self) -> float:
        return self.address_field_left + self.address_indent

    @property
    def address_text_width(self) -> float:
        return self.address_field_width - self.address_indent

    @property
    def endorsement_top(self) -> float:
        return self.address_field_top + self.return_zone_height

    @property
    def recipient_top(self) -> float:
        return self.endorsement_top + self.endorsement_zone_height

    # --- metadata -----------------------------------------------------------------------------

    def title(self, snapshot: LetterSnapshot) -> str:
        return snapshot.title

    def author(self, snapshot: LetterSnapshot) -> str:
        return snapshot.sender.name

    def subject(self, snapshot: LetterSnapshot) -> str:
        return snapshot.subject

    # --- validation ---------------------------------------------------------------------------

    def validate(self, snapshot: LetterSnapshot) -> None:
        """Refuse what would not fit the window or the page; never cut text silently."""
        lines = snapshot.address.lines
        if not any(line.strip() for line in lines):
            raise ValidationError("Die Anschrift ist leer.", field="address")
        if len(lines) > self.recipient_max_lines:
            raise ValidationError(
                f"Die Anschrift hat {len(lines)} Zeilen; ins Anschriftfeld passen höchstens "
                f"{self.recipient_max_lines}.",
                field="address",
                hint="Bitte Abteilung oder Zusätze kürzen.",
            )
        for line in lines:
            self._check_width(line, fonts.REGULAR, self.recipient_size, self.address_text_width,
                              "address", "Die Anschriftzeile")
        endorsements = snapshot.address.endorsements
        if len(endorsements) > self.endorsement_max_lines:
            raise ValidationError(
                f"Die Vermerkzone hat Platz für höchstens {self.endorsement_max_lines} Zeilen.",
                field="endorsements",
            )
        for line in endorsements:
            self._check_width(line, fonts.REGULAR, self.endorsement_size, self.address_text_width,
                              "endorsements", "Der Vermerk")
        self.return_line_font_size(snapshot.return_line)
        if not snapshot.subject.strip():
            raise ValidationError("Der Brief hat keinen Betreff.", field="subject")
        if not any(paragraph.strip() for paragraph in snapshot.body):
            raise ValidationError("Der Brief hat keinen Text.", field="body")
        for _label, value in filter(None, self.info_lines(snapshot.information)):
            self._value_size(value)
        self.validate_footer(snapshot.sender)

    def _check_width(self, text: str, font: str, size: float, width: float, field: str,
                     what: str) -> None:
        if fonts.string_width(text, font, size) > width:
            raise ValidationError(
                f"{what} „{text}“ ist zu lang (höchstens {width / mm:.0f} mm breit).",
                field=field,
            )

    def return_line_font_size(self, text: str) -> float:
        """8 pt, or down to 7 pt when a long sender address would not fit on one line."""
        size = self.return_line_size
        while fonts.string_width(text, fonts.REGULAR, size) > self.address_text_width:
            size -= 0.25
            if size < self.return_line_min_size:
                raise ValidationError(
                    f"Die Rücksendeangabe „{text}“ ist zu lang für eine Zeile im Anschriftfeld.",
                    field="return_line",
                    hint="Bitte abkürzen, z. B. „Str.“ statt „Straße“.",
                )
        return size

    def _value_size(self, value: str) -> float:
        """The largest size from the normal one down to the minimum at which ``value`` fits."""
        width = self.info_width - self.info_label_width
        size = self.info_value_size
        while fonts.string_width(value, fonts.REGULAR, size) > width:
            size -= 0.5
            if size < self.info_value_min_size:
                raise ValidationError(
                    f"Die Angabe „{value}“ passt nicht in den Informationsblock.",
                    field="information",
                )
        return size

    # --- information block --------------------------------------------------------------------

    def info_lines(self, info: InformationBlock) -> list[InfoLine]:
        """The DIN order with blank lines between groups; empty entries are left out."""
        groups: list[list[tuple[str, str | None]]] = [
            [
                ("Ihr Zeichen", info.your_reference),
                ("Ihre Nachricht vom",
                 format_date_de(info.your_message_date) if info.your_message_date else None),
                ("Unser Zeichen", info.our_reference),
                ("Unsere Nachricht vom",
                 format_date_de(info.our_message_date) if info.our_message_date else None),
            ],
            [
                ("Name", info.name),
                ("Telefon", info.phone),
                ("Telefax", info.fax),
                ("E-Mail", info.email),
            ],
            [("Datum", format_date_de(info.letter_date))],
        ]
        lines: list[InfoLine] = []
        for group in groups:
            filled = [(label, value) for label, value in group if value]
            if not filled:
                continue
            if lines:
                lines.append(None)
            lines.extend(filled)
        return lines

    def info_bottom(self, info: InformationBlock) -> float:
        return self.info_top + len(self.info_lines(info)) * self.info_line_pitch

    def first_text_top(self, snapshot: LetterSnapshot) -> float:
        """Where the subject starts: below the address field, 2 blank lines under the info block."""
        above = max(self.address_field_top + self.address_field_height,
                    self.info_bottom(snapshot.information))
        return above + self.subject_blank_lines * self.info_line_pitch

    # --- page templates -----------------------------------------------------------------------

    def page_templates(self, snapshot: LetterSnapshot) -> Sequence[PageTemplate]:
        first = Frame(
            self.margin_left,
            self.from_top(self.last_line),
            self.text_width,
            self.last_line - self.first_text_top(snapshot),
            leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0,
            id="first",
        )
        later = Frame(
            self.margin_left,
            self.from_top(self.last_line),
            self.text_width,
            self.last_line - self.later_pages_top,
            leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0,
            id="later",
        )

        def on_first(canvas: Canvas, _doc: BaseDocTemplate) -> None:
            self.draw_first_page(canvas, snapshot)

        def on_later(canvas: Canvas, _doc: BaseDocTemplate) -> None:
            self.draw_footer(canvas, snapshot.sender)

        return [
            PageTemplate(id="First", frames=[first], onPage=on_first, autoNextPageTemplate="Later"),
            PageTemplate(id="Later", frames=[later], onPage=on_later),
        ]

    # --- fixed parts of the page --------------------------------------------------------------

    def draw_first_page(self, canvas: Canvas, snapshot: LetterSnapshot) -> None:
        """Letterhead, address field, information block and marks, in this reading order; the
        marks and the logo (the name beside it says the same) are artifacts."""
        canvas.saveState()
        self.draw_letterhead(canvas, snapshot.sender)
        self.draw_address_field(canvas, snapshot)
        self.draw_information_block(canvas, snapshot.information)
        self.draw_marks(canvas)
        canvas.restoreState()
        self.draw_footer(canvas, snapshot.sender)

    def draw_letterhead(self, canvas: Canvas, sender: Sender) -> None:
        tags = self.tags(canvas)
        canvas.setFillColorRGB(0, 0, 0)
        with tags.element("P"):
            canvas.setFont(fonts.BOLD, self.letterhead_name_size)
            # One paragraph of two lines in two sizes: "Städtetag … Fachberatung Inklusion".
            draw_string(canvas, self.margin_left, self.from_top(self.letterhead_name_baseline),
                        sender.name, space_after=bool(sender.unit))
            if sender.unit:
                canvas.setFont(fonts.REGULAR, self.letterhead_unit_size)
                canvas.drawString(self.margin_left,
                                  self.from_top(self.letterhead_unit_baseline), sender.unit)
        if sender.logo:
            with tags.artifact():
                self.draw_logo(canvas, sender.logo)

    def draw_logo(self, canvas: Canvas, logo: bytes) -> None:
        """The logo at the top right, scaled to fit its box without distortion."""
        image = ImageReader(io.BytesIO(logo))
        width, height = image.getSize()
        scale = min(self.logo_max_width / width, self.logo_max_height / height)
        draw_width, draw_height = width * scale, height * scale
        canvas.drawImage(
            image,
            self.right_edge - draw_width,
            self.from_top(self.logo_top + draw_height),
            draw_width,
            draw_height,
            mask="auto",
        )

    def draw_address_field(self, canvas: Canvas, snapshot: LetterSnapshot) -> None:
        """Return line, endorsements and the address: one paragraph each."""
        tags = self.tags(canvas)
        left = self.address_text_left
        # Return line: one 8 pt line whose glyphs sit inside the 5 mm zone.
        canvas.setFont(fonts.REGULAR, self.return_line_font_size(snapshot.return_line))
        baseline = self.address_field_top + self.return_zone_height - self.return_line_raise
        with tags.element("P"):
            canvas.drawString(left, self.from_top(baseline), snapshot.return_line)

        # Zusatz- und Vermerkzone: three slots, filled from the bottom up.
        pitch = self.endorsement_zone_height / self.endorsement_max_lines
        endorsements = snapshot.address.endorsements
        first_slot = self.endorsement_max_lines - len(endorsements)
        canvas.setFont(fonts.REGULAR, self.endorsement_size)
        offset = fonts.baseline_offset(fonts.REGULAR, self.endorsement_size)
        if endorsements:
            with tags.element("P"):
                draw_lines(canvas, [
                    (left, self.from_top(self.endorsement_top + (first_slot + index) * pitch
                                         + offset), line)
                    for index, line in enumerate(endorsements)
                ])

        # Anschriftzone: six slots from the top, no blank lines.
        pitch = self.recipient_zone_height / self.recipient_max_lines
        canvas.setFont(fonts.REGULAR, self.recipient_size)
        offset = fonts.baseline_offset(fonts.REGULAR, self.recipient_size)
        with tags.element("P"):
            draw_lines(canvas, [
                (left, self.from_top(self.recipient_top + index * pitch + offset), line)
                for index, line in enumerate(snapshot.address.lines)
            ])

    def draw_information_block(self, canvas: Canvas, info: InformationBlock) -> None:
        """A table of two columns: the labels are row headers ("Datum" › "20.09.2017")."""
        tags = self.tags(canvas)
        value_left = self.info_left + self.info_label_width
        with tags.element("Table"):
            for index, line in enumerate(self.info_lines(info)):
                if line is None:
                    continue
                label, value = line
                baseline = self.from_top(
                    self.info_top + index * self.info_line_pitch
                    + fonts.baseline_offset(fonts.REGULAR, self.info_value_size)
                )
                with tags.element("TR"):
                    with tags.element("TH", attributes={"Table": {"Scope": "Row"}}):
                        canvas.setFont(fonts.REGULAR, self.info_label_size)
                        canvas.drawString(self.info_left, baseline, label)
                    with tags.element("TD"):
                        canvas.setFont(fonts.REGULAR, self._value_size(value))
                        canvas.drawString(value_left, baseline, value)

    def draw_marks(self, canvas: Canvas) -> None:
        """Fold marks and the punch mark at the left edge (page 1 only): artifacts."""
        with self.tags(canvas).artifact():
            self._draw_marks(canvas)

    def _draw_marks(self, canvas: Canvas) -> None:
        canvas.setLineWidth(self.mark_line_width)
        canvas.setStrokeColorRGB(0, 0, 0)
        for top in self.fold_marks:
            y = self.from_top(top)
            canvas.line(self.mark_left, y, self.mark_left + self.fold_mark_length, y)
        y = self.from_top(self.punch_mark)
        canvas.line(self.mark_left, y, self.mark_left + self.punch_mark_length, y)

    # --- flowing text -------------------------------------------------------------------------

    def styles(self) -> dict[str, ParagraphStyle]:
        body = ParagraphStyle(
            "body",
            fontName=fonts.REGULAR,
            fontSize=self.body_size,
            leading=self.body_leading,
            alignment=TA_LEFT,
            allowWidows=0,
            allowOrphans=0,
        )
        return {
            "body": body,
            "subject": ParagraphStyle("subject", parent=body, fontName=fonts.BOLD),
            "enclosure_label": ParagraphStyle("enclosure_label", parent=body),
        }

    def after_blank_lines(self, style: ParagraphStyle, count: int) -> ParagraphStyle:
        """``style`` preceded by ``count`` blank lines.

        The gap is the paragraph's spaceBefore rather than a Spacer, because Platypus drops
        spaceBefore at the top of a page but keeps a Spacer, which would push page 2 down.
        """
        return ParagraphStyle(f"{style.name}+{count}", parent=style,
                              spaceBefore=count * self.body_leading)

    def story(self, snapshot: LetterSnapshot) -> list[Flowable]:
        styles = self.styles()
        body = styles["body"]
        gap1 = self.after_blank_lines(body, 1)
        story: list[Flowable] = [
            NextPageTemplate("Later"),
            # The subject is the letter's one heading: screen readers jump to it.
            heading(Paragraph(markup(snapshot.subject), styles["subject"]), 1),
            Paragraph(markup(snapshot.salutation), self.after_blank_lines(body, 2)),
        ]
        story += [Paragraph(markup(p), gap1) for p in snapshot.body if p.strip()]
        closing: list[Flowable] = [Paragraph(markup(snapshot.greeting), gap1)]
        if snapshot.signatory_name:
            closing.append(Paragraph(markup(snapshot.signatory_name),
                                     self.after_blank_lines(body, 3)))
            if snapshot.signatory_function:
                closing.append(Paragraph(markup(snapshot.signatory_function), body))
        story.append(KeepTogether(closing))
        if snapshot.enclosures:
            label = "Anlage" if len(snapshot.enclosures) == 1 else "Anlagen"
            enclosure_block: list[Flowable] = [
                Paragraph(label, self.after_blank_lines(styles["enclosure_label"], 1)),
            ]
            # The enclosures are a list (L › LI › LBody); they look like plain lines, as before.
            enclosures = Group("L")
            enclosure_block += [
                tag(Paragraph(markup(item), body), Group("LBody", Group("LI", enclosures)))
                for item in snapshot.enclosures
            ]
            story.append(KeepTogether(enclosure_block))
        return story


class DinLetterFormA(DinLetterFormB):
    """DIN 5008 Form A: the higher address field (27 mm), for a smaller letterhead."""

    letterhead_name_baseline: ClassVar[float] = 13 * mm
    letterhead_unit_baseline: ClassVar[float] = 19 * mm
    logo_top: ClassVar[float] = 6 * mm
    logo_max_height: ClassVar[float] = 16 * mm
    address_field_top: ClassVar[float] = 27 * mm
    info_top: ClassVar[float] = 32 * mm
    fold_marks: ClassVar[tuple[float, ...]] = (87 * mm, 192 * mm)


LETTER_RENDERERS: dict[str, type[DinLetterFormB]] = {"A": DinLetterFormA, "B": DinLetterFormB}
"""The renderer for each DIN form; a new form is a new subclass registered here."""


def letter_renderer(snapshot: LetterSnapshot) -> DinLetterFormB:
    """The layout of the DIN form the snapshot names."""
    return LETTER_RENDERERS[snapshot.form]()


def render_letter(snapshot: LetterSnapshot) -> bytes:
    """The PDF of a DIN 5008 letter in the form the snapshot names."""
    return letter_renderer(snapshot).render(snapshot).pdf


register("letter", LetterSnapshot, letter_renderer, label="Brief")
