"""A document that uses every part of the tagging layer, for the tests: what the letters, press
releases and report use today plus what the next documents need (a fillable reply form with text
fields, check boxes and a radio group; a long table that repeats its header on the next page,
with a row span; a bulleted list; a link; a figure with alt text)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from reportlab.graphics.shapes import Drawing, Rect
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Frame, PageTemplate, Paragraph, Table, TableStyle

from beratung.documents import fonts
from beratung.documents.base import PdfRenderer
from beratung.documents.forms import RadioButton, check_box, radio_group, text_field
from beratung.documents.tagging import bullet_list, heading, tag, tag_table


@dataclass(frozen=True)
class Showcase:
    rows: int = 31
    name: str = "Dr. Anna Beispiel"


class ReplyForm(Flowable):  # type: ignore[misc]
    """A small reply form: labels as paragraphs, each field a Form element beside its label."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = name
        self.width, self.height = 160 * mm, 48 * mm

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:  # noqa: N803
        return self.width, self.height

    def draw(self) -> None:
        from beratung.documents.tagging import tagger_of

        c = self.canv
        tags = tagger_of(c)

        def label(x: float, y: float, text: str) -> None:
            with tags.element("P"):
                c.setFont(fonts.REGULAR, 10)
                c.drawString(x, y, text)

        label(0, 40 * mm, "Name:")
        text_field(c, "name", x=30 * mm, y=38 * mm, width=80 * mm, height=7 * mm,
                   tooltip="Name der angemeldeten Person", value=self.name)
        label(0, 30 * mm, "Anmeldecode:")
        text_field(c, "code", x=30 * mm, y=28 * mm, width=40 * mm, height=7 * mm,
                   tooltip="Anmeldecode", value="WG-2017-0042")
        label(0, 20 * mm, "Teilnahme:")
        radio_group(c, "teilnahme", tooltip="Teilnahme", size=4 * mm, selected="ja", buttons=[
            RadioButton("ja", 30 * mm, 19 * mm, "Ich nehme teil"),
            RadioButton("nein", 70 * mm, 19 * mm, "Ich nehme nicht teil"),
        ])
        label(35 * mm, 20 * mm, "Ich nehme teil")
        label(75 * mm, 20 * mm, "Ich nehme nicht teil")
        check_box(c, "rollstuhl", x=0, y=9 * mm, size=4 * mm,
                  tooltip="Rollstuhlgerechter Platz", checked=True)
        label(6 * mm, 10 * mm, "Rollstuhlgerechter Platz")
        check_box(c, "gebaerden", x=0, y=2 * mm, size=4 * mm,
                  tooltip="Gebärdensprachdolmetschung")
        label(6 * mm, 3 * mm, "Gebärdensprachdolmetschung")
        label(80 * mm, 3 * mm, "Bemerkungen:")
        text_field(c, "bemerkungen", x=105 * mm, y=1 * mm, width=55 * mm, height=7 * mm,
                   tooltip="Bemerkungen")


class ShowcaseRenderer(PdfRenderer[Showcase]):
    margin_left: ClassVar[float] = 25 * mm

    def title(self, snapshot: Showcase) -> str:
        return "Werkstattgespräch: Antwort und Teilnehmerliste"

    def author(self, snapshot: Showcase) -> str:
        return "Städtetag Baden-Württemberg"

    def page_templates(self, snapshot: Showcase) -> Sequence[PageTemplate]:
        frame = Frame(self.margin_left, 30 * mm, self.text_width, 240 * mm, id="body",
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        return [PageTemplate(id="page", frames=[frame])]

    def story(self, snapshot: Showcase) -> list[Any]:
        body = ParagraphStyle("body", fontName=fonts.REGULAR, fontSize=11, leading=14,
                              spaceAfter=6)
        h1 = ParagraphStyle("h1", body, fontName=fonts.BOLD, fontSize=16, leading=20)
        h2 = ParagraphStyle("h2", body, fontName=fonts.BOLD, fontSize=13, leading=16)
        cell = ParagraphStyle("cell", body, fontSize=9, leading=11, spaceAfter=0)
        chart = Drawing(80 * mm, 20 * mm)
        chart.add(Rect(0, 0, 30 * mm, 20 * mm, fillColor=None))
        chart.add(Rect(40 * mm, 0, 30 * mm, 12 * mm, fillColor=None))
        data: list[list[Any]] = [["Nr.", "Name", "Kommune", "Unterschrift"]]
        for number in range(1, snapshot.rows + 1):
            data.append([str(number), f"Person {number}",
                         Paragraph(f'<a href="https://www.ulm.de/">Stadt Ulm</a> {number}', cell),
                         ""])
        data[3][3] = "(gemeinsam)"
        table = Table(data, colWidths=[12 * mm, 50 * mm, 60 * mm, 38 * mm], repeatRows=1)
        table.setStyle(TableStyle([
            ("FONT", (0, 0), (-1, -1), fonts.REGULAR, 9),
            ("FONT", (0, 0), (-1, 0), fonts.BOLD, 9),
            ("GRID", (0, 0), (-1, -1), 0.4, "black"),
            ("SPAN", (3, 3), (3, 4)),
        ]))
        tag_table(table, row_headers=False)
        return [
            heading(Paragraph("Werkstattgespräch in Ulm", h1), 1),
            Paragraph(
                "Anmeldung und Programm unter "
                '<a href="https://www.staedtetag-bw.de/">www.staedtetag-bw.de</a>. Bitte '
                "senden Sie das Formular bis zum 11. Oktober 2017 zurück; wir freuen uns "
                "auf einen lebendigen Austausch mit Ihnen und allen anderen Jahre "
                "erwarten wir weitere Kommunen.",
                body,
            ),
            *bullet_list(
                [Paragraph("Barrierefreier Zugang", body),
                 Paragraph("Induktionsschleife im Saal", body)],
                bulletType="bullet", start="•", bulletFontName=fonts.REGULAR,
            ),
            tag(chart, "Figure", alt="Zwei Rechtecke: 30 und 12 Millimeter hoch."),
            heading(Paragraph("Antwort", h2), 2),
            tag(ReplyForm(snapshot.name), "Div"),
            heading(Paragraph("Teilnehmerliste", h2), 2),
            table,
        ]
