"""An event's lists: the sign-in list (Teilnehmerliste) and the needs summary for venue and
caterer (Bedarfsübersicht; with names, the organiser's Bedarfsliste).

Both are A4 lists with the event at the top (title, date, place, organiser), a running head on
the pages after the first, a note at the foot of every page and "Seite x von y". The sign-in
list is a table of the chosen columns whose header row repeats on every page, with rows high
enough to sign in and blank rows for walk-ins; portrait, or landscape as a subclass
(``shared/design/documents.md``, "Sign-in list").
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar, TypeVar

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from beratung.documents import fonts
from beratung.documents.base import PdfRenderer, markup, page_label
from beratung.documents.registry import register
from beratung.documents.tagging import bullet_list, draw_lines, heading, tag_table
from beratung.domain.errors import ValidationError
from beratung.domain.event_lists import (
    SIGN_IN_COLUMNS,
    EventHeading,
    NeedsSummarySnapshot,
    SignInListSnapshot,
)
from beratung.domain.rules.dates import format_date_de, format_span_de

ListT = TypeVar("ListT", SignInListSnapshot, NeedsSummarySnapshot)

GRID = colors.HexColor("#404040")
HEAD_BACKGROUND = colors.HexColor("#e6e6e6")
MUTED = colors.HexColor("#404040")


class EventListRenderer(PdfRenderer[ListT]):
    """What the lists share: margins, the event block, running head, foot note, page number."""

    margin_left: ClassVar[float] = 20 * mm
    margin_right: ClassVar[float] = 15 * mm
    margin_top: ClassVar[float] = 15 * mm
    #: The running head of pages 2 onwards, and where their text starts.
    head_baseline: ClassVar[float] = 11 * mm
    later_top: ClassVar[float] = 17 * mm
    #: The foot: note lines from ``note_top`` down, the page number on the last baseline.
    note_size: ClassVar[float] = 8.5
    note_pitch: ClassVar[float] = 3.6 * mm
    note_max_lines: ClassVar[int] = 3
    foot_from_bottom: ClassVar[float] = 9 * mm  # page number baseline, from the bottom edge
    note_gap: ClassVar[float] = 3 * mm  # between the text frame and the note
    body_size: ClassVar[float] = 11
    body_leading: ClassVar[float] = 14

    def __init__(self) -> None:
        fonts.register_fonts()
        body = ParagraphStyle(
            "body", fontName=fonts.REGULAR, fontSize=self.body_size,
            leading=self.body_leading, alignment=TA_LEFT,
        )
        self.styles: dict[str, ParagraphStyle] = {
            "body": body,
            "title": ParagraphStyle(
                "title", body, fontName=fonts.BOLD, fontSize=18, leading=22, spaceAfter=2 * mm
            ),
            "event": ParagraphStyle("event", body, fontName=fonts.BOLD, fontSize=13, leading=16,
                                    spaceAfter=1 * mm),
            "h2": ParagraphStyle("h2", body, fontName=fonts.BOLD, fontSize=13, leading=16,
                                 spaceBefore=5 * mm, spaceAfter=2 * mm),
            "cell": ParagraphStyle("cell", body, fontSize=10.5, leading=12.5),
            "head": ParagraphStyle("head", body, fontName=fonts.BOLD, fontSize=10.5,
                                   leading=12.5),
            "note": ParagraphStyle("note", body, fontSize=10, leading=13),
        }

    # --- what each list says ------------------------------------------------------------------

    def heading_text(self, snapshot: ListT) -> str:
        raise NotImplementedError

    def foot_note(self, snapshot: ListT) -> str:
        raise NotImplementedError

    def event_of(self, snapshot: ListT) -> EventHeading:
        return snapshot.event

    # --- PdfRenderer --------------------------------------------------------------------------

    def title(self, snapshot: ListT) -> str:
        return snapshot.title

    def author(self, snapshot: ListT) -> str:
        return self.event_of(snapshot).organiser

    def subject(self, snapshot: ListT) -> str:
        event = self.event_of(snapshot)
        return f"{event.title}, {format_span_de(event.starts_at, event.ends_at)}"

    def note_lines(self, snapshot: ListT) -> list[str]:
        lines: list[str] = simpleSplit(self.foot_note(snapshot), fonts.REGULAR,
                                       self.note_size, self.text_width)
        return lines

    def validate(self, snapshot: ListT) -> None:
        lines = self.note_lines(snapshot)
        if len(lines) > self.note_max_lines:
            raise ValidationError(
                f"Der Hinweis am Fuß der Liste hat {len(lines)} Zeilen; Platz ist für "
                f"{self.note_max_lines}.",
                field="privacy_note",
            )

    def frame_bottom(self, snapshot: ListT) -> float:
        """ReportLab y of the text frame's bottom: above the note and the page number."""
        lines = max(1, len(self.note_lines(snapshot)))
        return float(self.foot_from_bottom + 5 * mm + lines * self.note_pitch + self.note_gap)

    def page_templates(self, snapshot: ListT) -> Sequence[PageTemplate]:
        bottom = self.frame_bottom(snapshot)

        def frame(top: float, ident: str) -> Frame:
            return Frame(
                self.margin_left, bottom, self.text_width, self.from_top(top) - bottom,
                leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id=ident,
            )

        def on_first(canvas: Canvas, _doc: BaseDocTemplate) -> None:
            self.draw_foot(canvas, snapshot)

        def on_later(canvas: Canvas, _doc: BaseDocTemplate) -> None:
            self.draw_running_head(canvas, snapshot)
            self.draw_foot(canvas, snapshot)

        return [
            PageTemplate(id="First", frames=[frame(self.margin_top, "first")],
                         onPage=on_first, autoNextPageTemplate="Later"),
            PageTemplate(id="Later", frames=[frame(self.later_top, "later")], onPage=on_later),
        ]

    def draw_running_head(self, canvas: Canvas, snapshot: ListT) -> None:
        """Pages 2 onwards: what the list is and the event's date, as a pagination artifact."""
        event = self.event_of(snapshot)
        canvas.saveState()
        canvas.setFont(fonts.REGULAR, 9)
        canvas.setFillColor(MUTED)
        y = self.from_top(self.head_baseline)
        with self.tags(canvas).artifact("Pagination", "Header"):
            canvas.drawString(self.margin_left, y, self.heading_text(snapshot))
            canvas.drawRightString(
                self.right_edge, y, f"{event.title} · {format_date_de(event.starts_at)}"
            )
        canvas.restoreState()

    def draw_foot(self, canvas: Canvas, snapshot: ListT) -> None:
        """The note above the page number: read once (page 1), an artifact after."""
        lines = self.note_lines(snapshot)
        canvas.saveState()
        canvas.setFont(fonts.REGULAR, self.note_size)
        canvas.setFillColorRGB(0, 0, 0)
        first = self.foot_from_bottom + 5 * mm + (len(lines) - 1) * self.note_pitch
        with self.running(canvas, "Footer"):
            draw_lines(canvas, [
                (self.margin_left, first - index * self.note_pitch, line)
                for index, line in enumerate(lines)
            ])
        canvas.restoreState()

    def draw_page_number(self, canvas: Canvas, page: int, pages: int) -> None:
        canvas.saveState()
        canvas.setFont(fonts.REGULAR, 9)
        canvas.drawRightString(self.right_edge, self.foot_from_bottom, page_label(page, pages))
        canvas.restoreState()

    # --- shared building blocks ---------------------------------------------------------------

    def event_block(self, snapshot: ListT) -> list[Flowable]:
        """H1 (what the list is), the event's title, then date, place and organiser."""
        event = self.event_of(snapshot)
        s = self.styles
        facts = [
            ("Termin", format_span_de(event.starts_at, event.ends_at)),
            ("Ort", event.place or "noch offen"),
            ("Veranstalter", event.organiser),
        ]
        block: list[Flowable] = [
            heading(Paragraph(markup(self.heading_text(snapshot)), s["title"]), 1),
            Paragraph(markup(event.title), s["event"]),
        ]
        for label, value in facts:
            block.append(Paragraph(f"<b>{label}:</b> {markup(value)}", s["body"]))
        return block


# ---------------------------------------------------------------------------------------------
# Sign-in list


class SignInListRenderer(EventListRenderer[SignInListSnapshot]):
    """Teilnehmerliste, A4 portrait."""

    #: Fixed column widths; the other columns share the rest by their weights.
    fixed_widths: ClassVar[dict[str, float]] = {
        "nr": 10 * mm, "titel": 20 * mm, "begleitung": 23 * mm,
    }
    weights: ClassVar[dict[str, float]] = {
        "name": 1.0, "vorname": 0.85, "kommune": 1.4, "funktion": 1.3, "unterschrift": 1.6,
    }
    #: The signature column is never narrower than this.
    signature_min_width: ClassVar[float] = 45 * mm
    #: Room to sign: the least height of a participant's row.
    row_height: ClassVar[float] = 11 * mm
    cell_padding: ClassVar[float] = 1.5 * mm

    def heading_text(self, snapshot: SignInListSnapshot) -> str:
        return "Teilnehmerliste"

    def foot_note(self, snapshot: SignInListSnapshot) -> str:
        return snapshot.privacy_note

    def column_widths(self, columns: Sequence[str]) -> list[float]:
        fixed = sum(self.fixed_widths.get(c, 0) for c in columns)
        weight = sum(self.weights.get(c, 0) for c in columns if c not in self.fixed_widths)
        rest = self.text_width - fixed
        if weight == 0:  # only fixed columns: stretch them evenly
            return [self.text_width / len(columns)] * len(columns)
        widths = {c: rest * self.weights[c] / weight for c in columns if c in self.weights}
        signature = widths.get("unterschrift")
        if signature is not None and signature < self.signature_min_width and len(widths) > 1:
            # Give the signature its room; the text columns share what is left.
            others = rest - self.signature_min_width
            weight -= self.weights["unterschrift"]
            widths = {c: others * self.weights[c] / weight for c in widths}
            widths["unterschrift"] = self.signature_min_width
        return [self.fixed_widths[c] if c in self.fixed_widths else widths[c] for c in columns]

    def summary(self, snapshot: SignInListSnapshot) -> str:
        people = len(snapshot.rows)
        order = "Kommune" if snapshot.sort == "municipality" else "Name"
        text = (f"{people} angemeldete {'Person' if people == 1 else 'Personen'}, "
                f"sortiert nach {order}")
        if snapshot.blank_rows:
            rows = "Zeile" if snapshot.blank_rows == 1 else "Zeilen"
            text += f"; {snapshot.blank_rows} freie {rows} für Nachmeldungen"
        return text + "."

    def story(self, snapshot: SignInListSnapshot) -> list[Flowable]:
        s = self.styles
        return [
            *self.event_block(snapshot),
            Paragraph(markup(self.summary(snapshot)), s["body"]),
            Spacer(0, 4 * mm),
            self.table(snapshot),
        ]

    def table(self, snapshot: SignInListSnapshot) -> Table:
        s = self.styles
        columns = snapshot.columns
        widths = self.column_widths(columns)
        data: list[list[Any]] = [
            [Paragraph(markup(SIGN_IN_COLUMNS[c]), s["head"]) for c in columns]
        ]
        heights: list[float | None] = [None]
        for number, row in enumerate(snapshot.rows, start=1):
            cells = [Paragraph(markup(row.value(c, number)), s["cell"]) for c in columns]
            data.append(cells)
            heights.append(self.height_of(cells, widths))
        first_blank = len(snapshot.rows) + 1
        for number in range(first_blank, first_blank + snapshot.blank_rows):
            data.append([str(number) if c == "nr" else "" for c in columns])
            heights.append(self.row_height)
        table = Table(data, colWidths=widths, rowHeights=heights, repeatRows=1, hAlign="LEFT")
        tag_table(table)
        table.setStyle(TableStyle([
            ("FONT", (0, 0), (-1, -1), fonts.REGULAR, 10.5),
            ("GRID", (0, 0), (-1, -1), 0.5, GRID),
            ("BACKGROUND", (0, 0), (-1, 0), HEAD_BACKGROUND),
            ("VALIGN", (0, 0), (-1, 0), "BOTTOM"),
            ("VALIGN", (0, 1), (-1, -1), "MIDDLE"),
            ("LEFTPADDING", (0, 0), (-1, -1), self.cell_padding),
            ("RIGHTPADDING", (0, 0), (-1, -1), self.cell_padding),
            ("TOPPADDING", (0, 0), (-1, -1), self.cell_padding),
            ("BOTTOMPADDING", (0, 0), (-1, -1), self.cell_padding),
        ]))
        return table

    def height_of(self, cells: Sequence[Paragraph], widths: Sequence[float]) -> float:
        """The row's height: room to sign, or more when a long name wraps."""
        needed = max(
            cell.wrap(width - 2 * self.cell_padding, 1000)[1]
            for cell, width in zip(cells, widths, strict=True)
        )
        return float(max(self.row_height, needed + 2 * self.cell_padding))


class LandscapeSignInListRenderer(SignInListRenderer):
    """Teilnehmerliste, A4 landscape: more columns side by side."""

    page_width: ClassVar[float] = A4[1]
    page_height: ClassVar[float] = A4[0]
    row_height: ClassVar[float] = 10 * mm


SIGN_IN_RENDERERS: dict[bool, type[SignInListRenderer]] = {
    False: SignInListRenderer,
    True: LandscapeSignInListRenderer,
}
"""The layout of a sign-in list by its ``landscape`` field."""


def sign_in_list_renderer(snapshot: SignInListSnapshot) -> SignInListRenderer:
    return SIGN_IN_RENDERERS[snapshot.landscape]()


def render_sign_in_list(snapshot: SignInListSnapshot) -> bytes:
    return sign_in_list_renderer(snapshot).render(snapshot).pdf


# ---------------------------------------------------------------------------------------------
# Needs summary


class NeedsSummaryRenderer(EventListRenderer[NeedsSummarySnapshot]):
    """Bedarfsübersicht (counts only) or, with names, the organiser's Bedarfsliste."""

    def heading_text(self, snapshot: NeedsSummarySnapshot) -> str:
        return "Bedarfsliste mit Namen" if snapshot.is_named else "Bedarfsübersicht"

    def deletion_text(self, snapshot: NeedsSummarySnapshot) -> str:
        if snapshot.delete_after is None:
            return "Es sind keine Bedarfe gespeichert."
        day = format_date_de(snapshot.delete_after)
        if snapshot.is_named:
            return (f"Gesundheitsdaten (Art. 9 DSGVO), nur für die Organisation der "
                    f"Veranstaltung. Die Angaben werden am {day} gelöscht; bitte vernichten Sie "
                    "diese Liste spätestens dann.")
        return (f"Nur Anzahlen, keine Namen. Die zugrunde liegenden Angaben werden am {day} "
                "gelöscht.")

    def foot_note(self, snapshot: NeedsSummarySnapshot) -> str:
        return (f"Stand: {format_date_de(snapshot.created_on)}. "
                f"{self.deletion_text(snapshot)}")

    def story(self, snapshot: NeedsSummarySnapshot) -> list[Flowable]:
        s = self.styles
        places = snapshot.expected_places
        story: list[Flowable] = [
            *self.event_block(snapshot),
            Paragraph(
                f"<b>Erwartet:</b> {places} {'Platz' if places == 1 else 'Plätze'} "
                "(Angemeldete mit Begleitpersonen)",
                s["body"],
            ),
            Spacer(0, 2 * mm),
            Paragraph(markup(self.deletion_text(snapshot)), s["body"]),
            heading(Paragraph("Bedarfe", s["h2"]), 2),
        ]
        if snapshot.totals:
            story += bullet_list(
                [Paragraph(markup(f"{t.count} × {t.label}"), s["body"]) for t in snapshot.totals],
                bulletType="bullet", start="•", bulletFontName=fonts.REGULAR,
                leftIndent=6 * mm,
            )
        else:
            story.append(Paragraph("Keine Bedarfe angegeben.", s["body"]))
        if snapshot.details:
            story += [
                heading(Paragraph("Angaben zu Ernährung und Sonstigem", s["h2"]), 2),
                *bullet_list(
                    [Paragraph(markup(text), s["body"]) for text in snapshot.details],
                    bulletType="bullet", start="•", bulletFontName=fonts.REGULAR,
                    leftIndent=6 * mm,
                ),
            ]
        if snapshot.is_named:
            story += [CondPageBreak(30 * mm), heading(Paragraph("Wer braucht was", s["h2"]), 2)]
            story.append(self.named_table(snapshot) if snapshot.named else
                         Paragraph("Niemand hat Bedarfe angegeben.", s["body"]))
        return story

    def named_table(self, snapshot: NeedsSummarySnapshot) -> Flowable:
        s = self.styles
        headers = ("Name", "Kommune/Institution", "Stand", "Bedarfe")
        data: list[list[Any]] = [[Paragraph(h, s["head"]) for h in headers]]
        for entry in snapshot.named:
            data.append([
                Paragraph(markup(entry.name), s["cell"]),
                Paragraph(markup(entry.organisation or "–"), s["cell"]),
                Paragraph(markup(entry.status), s["cell"]),
                Paragraph("<br/>".join(markup(n) for n in entry.needs), s["cell"]),
            ])
        widths = [45 * mm, 45 * mm, 30 * mm]
        widths.append(self.text_width - sum(widths))
        table = Table(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
        # The name heads each row.
        tag_table(table, row_headers=True)
        table.setStyle(TableStyle([
            ("FONT", (0, 0), (-1, -1), fonts.REGULAR, 10.5),
            ("GRID", (0, 0), (-1, -1), 0.5, GRID),
            ("BACKGROUND", (0, 0), (-1, 0), HEAD_BACKGROUND),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("TOPPADDING", (0, 0), (-1, -1), 1.5 * mm),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5 * mm),
        ]))
        return KeepTogether([table]) if len(data) < 4 else table


def render_needs_summary(snapshot: NeedsSummarySnapshot) -> bytes:
    return NeedsSummaryRenderer().render(snapshot).pdf


register("sign_in_list", SignInListSnapshot, sign_in_list_renderer, label="Teilnehmerliste")
register(
    "needs_summary",
    NeedsSummarySnapshot,
    lambda _snapshot: NeedsSummaryRenderer(),
    label="Bedarfsübersicht",
)
