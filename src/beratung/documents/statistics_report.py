"""What the statistics reports share (Beratungsstatistik, Veranstaltungsstatistik): A4 portrait
with 20 mm margins, a running head with the office and the title, "Erstellt am" and the page
number at the foot, the paragraph styles, the key figures read as a list, chart canvases in our
font, and table styles. Each report is a subclass with its own story.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar, TypeVar

from babel.numbers import format_decimal
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    PageTemplate,
    Paragraph,
    Table,
    TableStyle,
)

from beratung.documents import fonts
from beratung.documents.base import PdfRenderer, page_label
from beratung.documents.tagging import tag_columns_as_list
from beratung.domain.reports import ReportHeading
from beratung.domain.rules.dates import LOCALE, format_date_de

PRIMARY = colors.HexColor("#1f4e79")
SECONDARY = colors.HexColor("#9dc3e6")
MUTED = colors.HexColor("#595959")
RULE = colors.HexColor("#bfbfbf")
ZEBRA = colors.HexColor("#f2f2f2")


#: A report snapshot: the page template prints its heading (domain.reports).
ReportT = TypeVar("ReportT", bound=ReportHeading)


def number(value: int | float) -> str:
    """German number: 1.234 and 5,5."""
    return str(format_decimal(value, format="#,##0.#", locale=LOCALE))


def nice_step(top: int) -> int:
    """A round axis step giving four to eight gridlines."""
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000, 10000):
        if top / step <= 8:
            return step
    return int(10 ** len(str(top)))


def shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


class StatisticsReportRenderer(PdfRenderer[ReportT]):
    margin_left: ClassVar[float] = 20 * mm
    margin_right: ClassVar[float] = 20 * mm
    margin_top: ClassVar[float] = 22 * mm
    margin_bottom: ClassVar[float] = 20 * mm
    head_baseline: ClassVar[float] = 12 * mm
    foot_baseline: ClassVar[float] = 10 * mm

    def __init__(self) -> None:
        fonts.register_fonts()
        base = ParagraphStyle("base", fontName=fonts.REGULAR, fontSize=9.5, leading=12.5)
        self.styles = {
            "title": ParagraphStyle(
                "title",
                base,
                fontName=fonts.BOLD,
                fontSize=22,
                leading=26,
                textColor=PRIMARY,
                spaceAfter=2 * mm,
            ),
            "subtitle": ParagraphStyle("subtitle", base, fontSize=11, leading=14),
            "meta": ParagraphStyle("meta", base, fontSize=8.5, textColor=MUTED),
            "h2": ParagraphStyle(
                "h2",
                base,
                fontName=fonts.BOLD,
                fontSize=12.5,
                leading=15,
                textColor=PRIMARY,
                spaceBefore=6 * mm,
                spaceAfter=2.5 * mm,
            ),
            "h3": ParagraphStyle(
                "h3",
                base,
                fontName=fonts.BOLD,
                fontSize=10.5,
                leading=13,
                textColor=PRIMARY,
                spaceBefore=4 * mm,
                spaceAfter=1.5 * mm,
            ),
            "body": base,
            "note": ParagraphStyle("note", base, fontSize=8.5, leading=11, textColor=MUTED),
            "figure": ParagraphStyle(
                "figure",
                base,
                fontName=fonts.BOLD,
                fontSize=20,
                leading=23,
                alignment=TA_CENTER,
                textColor=PRIMARY,
            ),
            "figure_label": ParagraphStyle(
                "figure_label",
                base,
                fontSize=8.5,
                leading=10.5,
                alignment=TA_CENTER,
                textColor=MUTED,
            ),
            "cell": ParagraphStyle("cell", base, fontSize=9, leading=11, alignment=TA_LEFT),
        }

    # --- PdfRenderer --------------------------------------------------------------------------

    def title(self, snapshot: ReportT) -> str:
        return snapshot.title

    def author(self, snapshot: ReportT) -> str:
        return f"{snapshot.organisation_name} – {snapshot.department}"

    def subject(self, snapshot: ReportT) -> str:
        return snapshot.subtitle

    def page_templates(self, snapshot: ReportT) -> Sequence[PageTemplate]:
        frame = Frame(
            self.margin_left,
            self.margin_bottom,
            self.text_width,
            self.page_height - self.margin_top - self.margin_bottom,
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
            id="body",
        )

        def on_page(canvas: Canvas, _doc: BaseDocTemplate) -> None:
            # The running head repeats the title and the office: a pagination artifact. The
            # date of the report is read once, at the end (real content on page 1).
            tags = self.tags(canvas)
            canvas.saveState()
            canvas.setFont(fonts.REGULAR, 8)
            canvas.setFillColor(MUTED)
            y = self.from_top(self.head_baseline)
            with tags.artifact("Pagination", "Header"):
                canvas.drawString(
                    self.margin_left, y, f"{snapshot.organisation_name} · {snapshot.department}"
                )
                canvas.drawRightString(self.page_width - self.margin_right, y, snapshot.title)
                canvas.setStrokeColor(RULE)
                canvas.setLineWidth(0.5)
                canvas.line(
                    self.margin_left, y - 2 * mm, self.page_width - self.margin_right, y - 2 * mm
                )
            with self.running(canvas, "Footer"):
                canvas.drawString(
                    self.margin_left,
                    self.foot_baseline,
                    f"Erstellt am {format_date_de(snapshot.created_on)}",
                )
            canvas.restoreState()

        return [PageTemplate(id="page", frames=[frame], onPage=on_page)]

    def draw_page_number(self, canvas: Canvas, page: int, pages: int) -> None:
        canvas.saveState()
        canvas.setFont(fonts.REGULAR, 8)
        canvas.setFillColor(MUTED)
        canvas.drawRightString(
            self.page_width - self.margin_right, self.foot_baseline, page_label(page, pages)
        )
        canvas.restoreState()

    # --- building blocks ----------------------------------------------------------------------

    def figures_row(self, figures: Sequence[tuple[str, str]]) -> Flowable:
        """Key figures side by side, big value over its label; read as a list, one item per
        column ("167 Beratungen"), not as a table whose header sits below its values."""
        s = self.styles
        cells = [
            [Paragraph(value, s["figure"]) for value, _ in figures],
            [Paragraph(text, s["figure_label"]) for _, text in figures],
        ]
        width = self.text_width / len(figures)
        table = Table(cells, colWidths=[width] * len(figures))
        tag_columns_as_list(table)
        table.setStyle(
            TableStyle(
                [
                    # Cells start in Helvetica otherwise, even when they hold paragraphs.
                    ("FONT", (0, 0), (-1, -1), fonts.REGULAR, 9),
                    ("BACKGROUND", (0, 0), (-1, -1), ZEBRA),
                    ("LINEAFTER", (0, 0), (-2, -1), 2, colors.white),
                    ("TOPPADDING", (0, 0), (-1, 0), 4 * mm),
                    ("BOTTOMPADDING", (0, -1), (-1, -1), 3.5 * mm),
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ]
            )
        )
        return table

    def drawing(self, width: float, height: float) -> Drawing:
        """A chart canvas whose initial font is ours: ReportLab starts every drawing in
        Helvetica, which would put an unembedded base-14 font into the file."""
        drawing = Drawing(width, height)
        drawing.initialFontName = fonts.REGULAR
        return drawing

    def legend(self, x: float, y: float, items: list[tuple[Any, str]]) -> Legend:
        """Legend entries side by side, right-aligned at (x, y), the chart's top right."""
        legend = Legend()
        legend.y = y
        legend.alignment = "right"
        legend.boxAnchor = "ne"
        legend.dx = legend.dy = 7
        legend.fontName = fonts.REGULAR
        legend.fontSize = 8
        legend.strokeColor = None
        legend.colorNamePairs = items
        legend.autoXPadding = 8
        legend.dxTextSpace = 4
        legend.columnMaximum = 1
        legend.x = x - (len(items) - 1) * 62 * mm
        legend.deltax = 0
        legend.variColumn = 1
        return legend

    @staticmethod
    def table_style(rows: int, *, total: bool) -> list[tuple[Any, ...]]:
        """Bold coloured header row, numbers right-aligned, zebra rows, a "Gesamt" row set off
        by a rule when ``total``."""
        style: list[tuple[Any, ...]] = [
            ("FONT", (0, 1), (-1, -1), fonts.REGULAR, 9),  # not Helvetica, ReportLab's default
            ("FONT", (0, 0), (-1, 0), fonts.BOLD, 8.5),
            ("TEXTCOLOR", (0, 0), (-1, 0), PRIMARY),
            ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("LINEBELOW", (0, 0), (-1, 0), 0.8, PRIMARY),
            ("LINEBELOW", (0, -1), (-1, -1), 0.5, RULE),
            ("TOPPADDING", (0, 0), (-1, -1), 1.6),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2.2),
            ("LEFTPADDING", (0, 0), (0, -1), 1.5 * mm),
        ]
        for index in range(2, rows, 2):
            style.append(("BACKGROUND", (0, index), (-1, index), ZEBRA))
        if total:
            style += [
                ("FONT", (0, -1), (-1, -1), fonts.BOLD, 9),
                ("LINEABOVE", (0, -1), (-1, -1), 0.8, PRIMARY),
                ("BACKGROUND", (0, -1), (-1, -1), colors.white),
            ]
        return style
