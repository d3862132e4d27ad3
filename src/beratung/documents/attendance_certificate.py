"""Teilnahmebescheinigung: one page per person who attended, in the DIN 5008 letter layout
without the return line (``shared/design/documents.md``, "Attendance certificate").

The fixed parts of each page — letterhead, the address for the window envelope, the information
block, fold and punch marks — are the DIN letter's (:class:`~.letter.DinLetterFormB`, used for
its drawing, so the two cannot drift apart). Each certificate has a page template of its own,
so that page *n* shows person *n*'s address whatever the text before it took; a certificate
that runs over continues on a page with the footer only.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import ClassVar

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
)

from beratung.documents import fonts
from beratung.documents.base import PdfRenderer, markup
from beratung.documents.letter import DinLetterFormB
from beratung.documents.registry import register
from beratung.documents.tagging import Group, artifact, draw_lines, heading, tag
from beratung.domain.errors import ValidationError
from beratung.domain.event_lists import AttendanceCertificate, AttendanceCertificatesSnapshot
from beratung.domain.rules.dates import format_date_de


class SignatureLine(Flowable):  # type: ignore[misc]  # ReportLab ships no type hints
    """The line to sign on: decoration (the typed name below says whose signature it is)."""

    def __init__(self, width: float) -> None:
        super().__init__()
        self.width = width
        self.height = 1

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        self.canv.setLineWidth(0.5)
        self.canv.line(0, 0, self.width, 0)


class AttendanceCertificateRenderer(PdfRenderer[AttendanceCertificatesSnapshot]):
    """Teilnahmebescheinigungen, DIN 5008 Form B positions."""

    letter_layout: ClassVar[type[DinLetterFormB]] = DinLetterFormB
    title_size: ClassVar[float] = 16
    title_leading: ClassVar[float] = 20
    signature_gap: ClassVar[float] = 3  # blank lines above the signature line
    signature_width: ClassVar[float] = 70 * mm

    def __init__(self) -> None:
        self.letter = self.letter_layout()
        styles = self.letter.styles()
        self.body = styles["body"]
        self.gap1 = self.letter.after_blank_lines(self.body, 1)
        self.title_style = ParagraphStyle(
            "certificate_title", parent=self.body, fontName=fonts.BOLD,
            fontSize=self.title_size, leading=self.title_leading,
        )

    # --- metadata -----------------------------------------------------------------------------

    def title(self, snapshot: AttendanceCertificatesSnapshot) -> str:
        return snapshot.title

    def author(self, snapshot: AttendanceCertificatesSnapshot) -> str:
        return snapshot.sender.name

    def subject(self, snapshot: AttendanceCertificatesSnapshot) -> str:
        count = len(snapshot.certificates)
        return f"{count} {'Bescheinigung' if count == 1 else 'Bescheinigungen'}"

    def draw_page_number(self, canvas: Canvas, page: int, pages: int) -> None:
        """None: every certificate is a document of one page, however many are printed
        together ("Seite 2 von 40" would be wrong on each of them)."""

    # --- validation ---------------------------------------------------------------------------

    def validate(self, snapshot: AttendanceCertificatesSnapshot) -> None:
        if not snapshot.certificates:
            raise ValidationError(
                "Es gibt keine Teilnahmebescheinigung zu drucken: niemand ist als "
                "„teilgenommen“ erfasst.",
                field="certificates",
            )
        letter = self.letter
        for certificate in snapshot.certificates:
            lines = certificate.address
            if len(lines) > letter.recipient_max_lines:
                raise ValidationError(
                    f"Die Anschrift „{lines[0]} …“ hat {len(lines)} Zeilen; ins Anschriftfeld "
                    f"passen höchstens {letter.recipient_max_lines}.",
                    field="address",
                )
            for line in lines:
                if (fonts.string_width(line, fonts.REGULAR, letter.recipient_size)
                        > letter.address_text_width):
                    raise ValidationError(
                        f"Die Anschriftzeile „{line}“ ist zu lang für das Anschriftfeld.",
                        field="address",
                    )
        self.validate_footer(snapshot.sender)

    # --- pages --------------------------------------------------------------------------------

    def first_text_top(self, snapshot: AttendanceCertificatesSnapshot) -> float:
        letter = self.letter
        above = max(letter.address_field_top + letter.address_field_height,
                    letter.info_bottom(snapshot.information))
        return above + letter.subject_blank_lines * letter.info_line_pitch

    def page_templates(self, snapshot: AttendanceCertificatesSnapshot) -> Sequence[PageTemplate]:
        letter = self.letter
        bottom = self.from_top(letter.last_line)

        def frame(top: float, ident: str) -> Frame:
            return Frame(
                self.margin_left, bottom, self.text_width, letter.last_line - top,
                leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id=ident,
            )

        def first_page(
            certificate: AttendanceCertificate,
        ) -> Callable[[Canvas, BaseDocTemplate], None]:
            def on_page(canvas: Canvas, _doc: BaseDocTemplate) -> None:
                self.draw_fixed_parts(canvas, snapshot, certificate)

            return on_page

        def on_later(canvas: Canvas, _doc: BaseDocTemplate) -> None:
            self.draw_footer(canvas, snapshot.sender)

        top = self.first_text_top(snapshot)
        templates = [
            PageTemplate(id=f"Certificate{index}", frames=[frame(top, f"c{index}")],
                         onPage=first_page(certificate), autoNextPageTemplate="Later")
            for index, certificate in enumerate(snapshot.certificates)
        ]
        templates.append(
            PageTemplate(id="Later", frames=[frame(letter.later_pages_top, "later")],
                         onPage=on_later)
        )
        return templates

    def draw_fixed_parts(self, canvas: Canvas, snapshot: AttendanceCertificatesSnapshot,
                         certificate: AttendanceCertificate) -> None:
        """Letterhead, address, information block, marks (as in the DIN letter), footer."""
        letter = self.letter
        canvas.saveState()
        letter.draw_letterhead(canvas, snapshot.sender)
        if certificate.address:
            canvas.setFont(fonts.REGULAR, letter.recipient_size)
            pitch = letter.recipient_zone_height / letter.recipient_max_lines
            offset = fonts.baseline_offset(fonts.REGULAR, letter.recipient_size)
            with self.tags(canvas).element("P"):
                draw_lines(canvas, [
                    (letter.address_text_left,
                     self.from_top(letter.recipient_top + index * pitch + offset), line)
                    for index, line in enumerate(certificate.address)
                ])
        letter.draw_information_block(canvas, snapshot.information)
        letter.draw_marks(canvas)
        canvas.restoreState()
        self.draw_footer(canvas, snapshot.sender)

    # --- text ---------------------------------------------------------------------------------

    def story(self, snapshot: AttendanceCertificatesSnapshot) -> list[Flowable]:
        story: list[Flowable] = []
        last = len(snapshot.certificates) - 1
        for index, certificate in enumerate(snapshot.certificates):
            story += self.certificate_story(snapshot, certificate)
            if index < last:
                story += [NextPageTemplate(f"Certificate{index + 1}"), PageBreak()]
        return story

    def certificate_story(self, snapshot: AttendanceCertificatesSnapshot,
                          certificate: AttendanceCertificate) -> list[Flowable]:
        body, gap1 = self.body, self.gap1
        story: list[Flowable] = [
            heading(Paragraph("Teilnahmebescheinigung", self.title_style), 1),
            Paragraph(markup(certificate.sentence), self.letter.after_blank_lines(body, 2)),
        ]
        if snapshot.topics:
            story.append(Paragraph("Themen der Veranstaltung:", gap1))
            # The topics are a list (L › LI › LBody), printed as indented lines with a dash.
            topics = Group("L")
            story += [
                tag(Paragraph(f"–\u2002{markup(topic)}", self.topic_style()),
                    Group("LBody", Group("LI", topics)))
                for topic in snapshot.topics
            ]
        place_date = format_date_de(snapshot.information.letter_date)
        if snapshot.issue_place:
            place_date = f"{snapshot.issue_place}, {place_date}"
        closing: list[Flowable] = [
            Paragraph(markup(place_date), self.letter.after_blank_lines(body, 2)),
            Spacer(0, self.signature_gap * self.letter.body_leading),
            artifact(SignatureLine(self.signature_width)),
        ]
        if snapshot.signatory_name:
            closing.append(Paragraph(markup(snapshot.signatory_name), body))
            if snapshot.signatory_function:
                closing.append(Paragraph(markup(snapshot.signatory_function), body))
        story.append(KeepTogether(closing))
        return story

    def topic_style(self) -> ParagraphStyle:
        return ParagraphStyle(
            "topic", parent=self.body, leftIndent=5 * mm, firstLineIndent=-5 * mm,
            spaceBefore=1.5,
        )


def render_attendance_certificates(snapshot: AttendanceCertificatesSnapshot) -> bytes:
    return AttendanceCertificateRenderer().render(snapshot).pdf


register(
    "attendance_certificates",
    AttendanceCertificatesSnapshot,
    lambda _snapshot: AttendanceCertificateRenderer(),
    label="Teilnahmebescheinigung",
)
