"""Presseinformation in the association's layout (reference: P 309/2017 of 31.07.2017).

Top to bottom: the association's name, the word PRESSEINFORMATION, then a narrow side block on the
right (function line, Bearbeiterin, E/T/F, Az, date) beside the main column, which holds the
optional Sperrfrist, the headline, an optional subline and the body. The body opens with the
dateline ("Stuttgart. Der Städtetag …"), runs at 1.5 line spacing in a column with a wide right
margin (editors write in it), and ends with "Weitere Infos unter …" and "Kontakt: …".
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
    Spacer,
)

from beratung.documents import fonts
from beratung.documents.base import (
    PdfRenderer,
    markup,
)
from beratung.documents.registry import register
from beratung.documents.tagging import heading
from beratung.domain.errors import ValidationError
from beratung.domain.printing import PressReleaseSnapshot, direct_dial
from beratung.domain.rules.dates import format_date_de, format_datetime_de

SideLine = tuple[str, str] | None
"""One line of the side block: (label, value); label "" for a continuation; None = blank line."""

SIDE_LABEL_WORDS = {
    "E": "E-Mail",
    "T": "Telefon",
    "F": "Telefax",
    "Az": "Aktenzeichen",
}
"""What the side block's one-letter labels stand for: their expansion (/E) in the tagged PDF,
so a screen reader says "Telefon" where the page prints "T"."""


class PressReleaseRenderer(PdfRenderer[PressReleaseSnapshot]):
    """The association's press release: 1–2 pages, main column plus side block."""

    # Head of page 1.
    sender_baseline: ClassVar[float] = 20 * mm
    sender_size: ClassVar[float] = 15
    title_baseline: ClassVar[float] = 32 * mm
    title_size: ClassVar[float] = 24
    title_text: ClassVar[str] = "PRESSEINFORMATION"
    title_char_space: ClassVar[float] = 1.5
    head_rule: ClassVar[float] = 37 * mm
    logo_top: ClassVar[float] = 10 * mm
    logo_max_height: ClassVar[float] = 22 * mm
    logo_max_width: ClassVar[float] = 55 * mm

    # Side block (page 1, right).
    side_left: ClassVar[float] = 148 * mm
    side_right: ClassVar[float] = 200 * mm  # like the DIN information block, 10 mm from the edge
    side_top: ClassVar[float] = 47 * mm
    side_label_width: ClassVar[float] = 4 * mm
    side_pitch: ClassVar[float] = 4 * mm
    side_size: ClassVar[float] = 8
    side_min_size: ClassVar[float] = 7
    side_heading_size: ClassVar[float] = 8.5

    # Main column: the wide right margin leaves room for the side block and for editors' notes.
    main_right: ClassVar[float] = 143 * mm
    main_top_first: ClassVar[float] = 47 * mm
    main_top_later: ClassVar[float] = 27 * mm
    last_line: ClassVar[float] = 257 * mm
    embargo_size: ClassVar[float] = 10
    headline_size: ClassVar[float] = 14
    headline_leading: ClassVar[float] = 18
    headline_max_lines: ClassVar[int] = 3
    subline_size: ClassVar[float] = 12
    subline_leading: ClassVar[float] = 16
    body_size: ClassVar[float] = 11
    body_leading: ClassVar[float] = 19  # 1.5 lines of 11 pt Liberation Sans (single ≈ 12.65 pt)
    paragraph_gap: ClassVar[float] = 9
    max_pages: ClassVar[int] = 2

    # Later pages: a one-line running head.
    running_head_baseline: ClassVar[float] = 17 * mm
    running_head_size: ClassVar[float] = 8

    @property
    def right_edge(self) -> float:
        """The head rule, the logo and the page number align with the side block."""
        return self.side_right

    @property
    def main_width(self) -> float:
        return self.main_right - self.margin_left

    @property
    def side_width(self) -> float:
        return self.right_edge - self.side_left

    # --- metadata -----------------------------------------------------------------------------

    def title(self, snapshot: PressReleaseSnapshot) -> str:
        return snapshot.title

    def author(self, snapshot: PressReleaseSnapshot) -> str:
        return snapshot.sender.name

    def subject(self, snapshot: PressReleaseSnapshot) -> str:
        return f"Presseinformation {snapshot.number} vom {format_date_de(snapshot.release_date)}"

    # --- validation ---------------------------------------------------------------------------

    def validate(self, snapshot: PressReleaseSnapshot) -> None:
        if not snapshot.headline.strip():
            raise ValidationError("Die Presseinformation hat keine Überschrift.", field="headline")
        lines = self.headline_lines(snapshot.headline)
        if lines > self.headline_max_lines:
            raise ValidationError(
                f"Die Überschrift ist zu lang: Sie bräuchte {lines} Zeilen, Platz ist für "
                f"höchstens {self.headline_max_lines}.",
                field="headline",
                hint="Bitte kürzen oder einen Teil in die Unterzeile verschieben.",
            )
        if not any(paragraph.strip() for paragraph in snapshot.body):
            raise ValidationError("Die Presseinformation hat keinen Text.", field="body")
        if not snapshot.dateline_place.strip():
            raise ValidationError(
                "Der Ort für die Ortszeile fehlt (z. B. „Stuttgart“).", field="dateline_place"
            )
        self.validate_footer(snapshot.sender)
        for line in filter(None, self.side_lines(snapshot)):
            self._side_value_size(line[1], bold=False)

    def check_result(self, snapshot: PressReleaseSnapshot, pages: int) -> None:
        if pages > self.max_pages:
            raise ValidationError(
                f"Die Presseinformation ist {pages} Seiten lang; höchstens {self.max_pages} "
                "sind vorgesehen.",
                field="body",
                hint="Bitte den Text kürzen.",
            )

    def headline_lines(self, headline: str) -> int:
        paragraph = Paragraph(markup(headline), self.styles()["headline"])
        paragraph.wrap(self.main_width, self.page_height)
        return len(paragraph.blPara.lines)

    def _side_value_size(self, value: str, *, bold: bool) -> float:
        width = self.side_width - self.side_label_width
        font = fonts.BOLD if bold else fonts.REGULAR
        size = self.side_size
        while fonts.string_width(value, font, size) > width:
            size -= 0.25
            if size < self.side_min_size:
                raise ValidationError(
                    f"Die Angabe „{value}“ passt nicht in den Seitenblock der Presseinformation.",
                    field="side_block",
                )
        return size

    # --- side block ---------------------------------------------------------------------------

    def side_lines(self, snapshot: PressReleaseSnapshot) -> list[SideLine]:
        """Bearbeiterin, E, T, F, Az and the date, in the reference's order and spacing."""
        sender, clerk = snapshot.sender, snapshot.clerk
        contact: list[SideLine] = []
        if clerk.email:
            contact.append(("E", clerk.email))
        phone = direct_dial(sender.phone, clerk.phone_extension)
        if phone:
            contact.append(("T", phone))
        if sender.fax:
            contact.append(("F", sender.fax))
        lines: list[SideLine] = [("Bearbeiterin", ""), ("", clerk.name), None]
        if contact:
            lines += [*contact, None]
        lines += [
            ("Az", ""),
            ("", snapshot.file_reference),
            None,
            ("", format_date_de(snapshot.release_date)),
        ]
        return lines

    def draw_side_block(self, canvas: Canvas, snapshot: PressReleaseSnapshot) -> None:
        """The side block, read after the head and before the headline, as in the reference
        release's own text: the function line, then a table of label and value (Bearbeiterin,
        E, T, F, Az; the labels are row headers with their expansion), then the date."""
        tags = self.tags(canvas)
        top = self.side_top
        function_line = snapshot.sender.function_line
        if function_line:
            heading_ = Paragraph(markup(function_line), self.styles()["side_heading"])
            _, height = heading_.wrap(self.side_width, self.page_height)
            with tags.element("P"):
                heading_.drawOn(canvas, self.side_left, self.from_top(top + height))
            top += height + self.side_pitch
        value_left = self.side_left + self.side_label_width
        lines = self.side_lines(snapshot)
        rows: list[tuple[tuple[str, float] | None, tuple[str, float, float]]] = []
        pending_label: tuple[str, float] | None = None
        date: tuple[str, float] | None = None
        for index, line in enumerate(lines):
            if line is None:
                continue
            label, value = line
            baseline = self.from_top(
                top + index * self.side_pitch + fonts.baseline_offset(fonts.REGULAR, self.side_size)
            )
            if label and not value:
                # A label on a line of its own ("Bearbeiterin", "Az"), value on the next line.
                pending_label = (label, baseline)
            elif label:
                rows.append(((label, baseline), (value, value_left, baseline)))
            elif pending_label is not None:
                rows.append((pending_label, (value, self.side_left, baseline)))
                pending_label = None
            else:
                date = (value, baseline)  # the release date, the one value without a label
        with tags.element("Table"):
            for row_label, (value, x, baseline) in rows:
                with tags.element("TR"):
                    if row_label is not None:
                        label, label_baseline = row_label
                        with tags.element("TH", expansion=SIDE_LABEL_WORDS.get(label),
                                          attributes={"Table": {"Scope": "Row"}}):
                            canvas.setFont(fonts.BOLD, self.side_size)
                            canvas.drawString(self.side_left, label_baseline, label)
                    with tags.element("TD"):
                        canvas.setFont(fonts.REGULAR, self._side_value_size(value, bold=False))
                        canvas.drawString(x, baseline, value)
        if date is not None:
            value, baseline = date
            with tags.element("P"):
                canvas.setFont(fonts.REGULAR, self._side_value_size(value, bold=False))
                canvas.drawString(self.side_left, baseline, value)

    # --- fixed parts --------------------------------------------------------------------------

    def page_templates(self, snapshot: PressReleaseSnapshot) -> Sequence[PageTemplate]:
        def frame(top: float, frame_id: str) -> Frame:
            return Frame(
                self.margin_left,
                self.from_top(self.last_line),
                self.main_width,
                self.last_line - top,
                leftPadding=0,
                rightPadding=0,
                topPadding=0,
                bottomPadding=0,
                id=frame_id,
            )

        def on_first(canvas: Canvas, _doc: BaseDocTemplate) -> None:
            self.draw_head(canvas, snapshot)
            self.draw_side_block(canvas, snapshot)
            self.draw_footer(canvas, snapshot.sender)

        def on_later(canvas: Canvas, _doc: BaseDocTemplate) -> None:
            self.draw_running_head(canvas, snapshot)
            self.draw_footer(canvas, snapshot.sender)

        return [
            PageTemplate(
                id="First",
                frames=[frame(self.main_top_first, "first")],
                onPage=on_first,
                autoNextPageTemplate="Later",
            ),
            PageTemplate(id="Later", frames=[frame(self.main_top_later, "later")], onPage=on_later),
        ]

    def draw_head(self, canvas: Canvas, snapshot: PressReleaseSnapshot) -> None:
        """The sender and the word PRESSEINFORMATION as paragraphs; rule and logo (the name
        beside it says the same) are artifacts."""
        tags = self.tags(canvas)
        canvas.saveState()
        canvas.setFillColorRGB(0, 0, 0)
        canvas.setFont(fonts.BOLD, self.sender_size)
        with tags.element("P"):
            canvas.drawString(
                self.margin_left, self.from_top(self.sender_baseline), snapshot.sender.name
            )
        text = canvas.beginText(self.margin_left, self.from_top(self.title_baseline))
        text.setFont(fonts.BOLD, self.title_size)
        text.setCharSpace(self.title_char_space)
        text.textOut(self.title_text)
        with tags.element("P"):
            canvas.drawText(text)
        with tags.artifact():
            canvas.setLineWidth(0.8)
            y = self.from_top(self.head_rule)
            canvas.line(self.margin_left, y, self.right_edge, y)
        if snapshot.sender.logo:
            with tags.artifact():
                self._draw_logo(canvas, snapshot.sender.logo)
        canvas.restoreState()

    def _draw_logo(self, canvas: Canvas, logo: bytes) -> None:
        if logo:
            image = ImageReader(io.BytesIO(logo))
            width, height = image.getSize()
            scale = min(self.logo_max_width / width, self.logo_max_height / height)
            canvas.drawImage(
                image,
                self.right_edge - width * scale,
                self.from_top(self.logo_top + height * scale),
                width * scale,
                height * scale,
                mask="auto",
            )

    def draw_running_head(self, canvas: Canvas, snapshot: PressReleaseSnapshot) -> None:
        """Sender, number and date on the pages after the first: a pagination artifact (page 1
        says all of it)."""
        canvas.saveState()
        canvas.setFont(fonts.REGULAR, self.running_head_size)
        with self.tags(canvas).artifact("Pagination", "Header"):
            canvas.drawString(
                self.margin_left,
                self.from_top(self.running_head_baseline),
                f"{snapshot.sender.name} · Presseinformation {snapshot.number} vom "
                f"{format_date_de(snapshot.release_date)}",
            )
        canvas.restoreState()

    # --- flowing text -------------------------------------------------------------------------

    def styles(self) -> dict[str, ParagraphStyle]:
        body = ParagraphStyle(
            "body",
            fontName=fonts.REGULAR,
            fontSize=self.body_size,
            leading=self.body_leading,
            alignment=TA_LEFT,
            spaceAfter=self.paragraph_gap,
            allowWidows=0,
            allowOrphans=0,
        )
        return {
            "body": body,
            "embargo": ParagraphStyle(
                "embargo",
                parent=body,
                fontName=fonts.BOLD,
                fontSize=self.embargo_size,
                leading=self.embargo_size * 1.3,
                spaceAfter=3 * mm,
            ),
            "headline": ParagraphStyle(
                "headline",
                parent=body,
                fontName=fonts.BOLD,
                fontSize=self.headline_size,
                leading=self.headline_leading,
                spaceAfter=2 * mm,
            ),
            "subline": ParagraphStyle(
                "subline",
                parent=body,
                fontName=fonts.REGULAR,
                fontSize=self.subline_size,
                leading=self.subline_leading,
                spaceAfter=0,
            ),
            "closing": ParagraphStyle("closing", parent=body, spaceAfter=0),
            "side_heading": ParagraphStyle(
                "side_heading",
                fontName=fonts.BOLD,
                fontSize=self.side_heading_size,
                leading=self.side_pitch,
                alignment=TA_LEFT,
            ),
        }

    def embargo_text(self, snapshot: PressReleaseSnapshot) -> str | None:
        """ "Sperrfrist: 31.07.2017, 11:00 Uhr" in German local time, whatever zone was stored."""
        if snapshot.embargo is None:
            return None
        return f"Sperrfrist: {format_datetime_de(snapshot.embargo)} Uhr"

    def story(self, snapshot: PressReleaseSnapshot) -> list[Flowable]:
        styles = self.styles()
        story: list[Flowable] = [NextPageTemplate("Later")]
        embargo = self.embargo_text(snapshot)
        if embargo:
            story.append(Paragraph(markup(embargo), styles["embargo"]))
        story.append(heading(Paragraph(markup(snapshot.headline), styles["headline"]), 1))
        if snapshot.subline:
            story.append(Paragraph(markup(snapshot.subline), styles["subline"]))
        story.append(Spacer(0, 5 * mm))
        paragraphs = [p for p in snapshot.body if p.strip()]
        for index, paragraph in enumerate(paragraphs):
            text = markup(paragraph)
            if index == 0:
                text = f"<b>{markup(snapshot.dateline_place.strip())}.</b> {text}"
            story.append(Paragraph(text, styles["body"]))
        closing: list[Flowable] = []
        if snapshot.more_info:
            closing.append(
                Paragraph(f"Weitere Infos unter {markup(snapshot.more_info)}", styles["body"])
            )
        if snapshot.contact:
            closing.append(
                Paragraph(f"<b>Kontakt:</b> {markup(snapshot.contact)}", styles["closing"])
            )
        if closing:
            story.append(KeepTogether(closing))
        return story


class DraftPressReleaseRenderer(PressReleaseRenderer):
    """Preview of a draft: no page limit, so the author can see what she has to shorten."""

    max_pages: ClassVar[int] = 999


def render_press_release(snapshot: PressReleaseSnapshot, *, draft: bool = False) -> bytes:
    """The PDF of a press release in the association's layout."""
    renderer = DraftPressReleaseRenderer() if draft else PressReleaseRenderer()
    return renderer.render(snapshot).pdf


register(
    "press_release",
    PressReleaseSnapshot,
    lambda _snapshot: PressReleaseRenderer(),
    label="Presseinformation",
    draft_renderer=lambda _snapshot: DraftPressReleaseRenderer(),
)
