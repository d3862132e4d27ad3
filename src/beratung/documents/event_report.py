"""Veranstaltungsstatistik: the events of a period (optionally one series) as a report.

Page 1 answers what people ask first: how many events, how many came, how many municipalities
they reached (members / non-members). Then the registrations of every event, the municipalities
each reached as a chart (members and non-members stacked) and as a table with the
Regierungsbezirke, and per series who came how often with the names of those who came more
than once. A kind of its own rather than a section of the Beratungsstatistik (see
``docs/documents.md``): it has its own filter (a series, not a programme), its own reprint data
and is asked for separately.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from beratung.documents import fonts
from beratung.documents.base import markup
from beratung.documents.registry import register
from beratung.documents.statistics_report import (
    MUTED,
    PRIMARY,
    RULE,
    SECONDARY,
    StatisticsReportRenderer,
    nice_step,
    number,
    shorten,
)
from beratung.documents.tagging import heading, tag, tag_table
from beratung.domain.reports import (
    REGISTRATION_FIELDS,
    REGISTRATION_TITLES,
    EventReportSnapshot,
    EventStatistics,
    EventStatisticsRow,
    Reach,
    RegistrationTally,
    SeriesStatistics,
)
from beratung.domain.rules.dates import format_date_de


def _plural(count: int, one: str, many: str) -> str:
    return f"{number(count)} {one if count == 1 else many}"


def event_label(row: EventStatisticsRow) -> str:
    """ "17.05.2017 Werkstattgespräch Inklusive Quartiere": how charts name an event."""
    return f"{format_date_de(row.starts_on)} {row.title}"


class EventReportRenderer(StatisticsReportRenderer[EventReportSnapshot]):
    #: The chart's label column, and how many events it shows at most.
    label_width: ClassVar[float] = 66 * mm
    chart_bar: ClassVar[float] = 7 * mm
    chart_limit: ClassVar[int] = 24
    #: More Regierungsbezirke than this (bad data) get their own table, not columns.
    max_region_columns: ClassVar[int] = 5
    cell_padding: ClassVar[float] = 1.2 * mm

    def __init__(self) -> None:
        super().__init__()
        self.styles["head"] = ParagraphStyle(
            "head", self.styles["body"], fontName=fonts.BOLD, fontSize=8, leading=9.5,
            textColor=PRIMARY,
        )
        self.styles["head_number"] = ParagraphStyle(
            "head_number", self.styles["head"], alignment=TA_RIGHT
        )
        self.styles["event"] = ParagraphStyle(
            "event", self.styles["cell"], fontSize=8.5, leading=10.5
        )

    # --- the story ----------------------------------------------------------------------------

    def story(self, snapshot: EventReportSnapshot) -> list[Flowable]:
        stats = snapshot.statistics
        s = self.styles
        story: list[Flowable] = [
            heading(Paragraph(markup(snapshot.title), s["title"]), 1),
            Paragraph(markup(snapshot.subtitle), s["subtitle"]),
            Spacer(0, 6 * mm),
            self.key_figures(stats),
        ]
        if stats.is_empty:
            story += [
                Spacer(0, 8 * mm),
                Paragraph("Im Zeitraum gab es keine Veranstaltungen.", s["body"]),
            ]
            return story
        story += [
            heading(Paragraph("Anmeldungen je Veranstaltung", s["h2"]), 2),
            self.registrations_table(stats),
        ]
        charted = self.charted(stats)
        if charted:
            title = "Erreichte Kommunen je Veranstaltung"
            if len(charted) < len([r for r in stats.events if not r.cancelled]):
                title += f" (die {len(charted)} mit den meisten)"
            story += [
                CondPageBreak(40 * mm),
                KeepTogether(
                    [
                        heading(Paragraph(markup(title), s["h2"]), 2),
                        tag(
                            self.reach_chart(charted),
                            "Figure",
                            alt=self.reach_chart_text(charted),
                        ),
                    ]
                ),
            ]
        story += self.reach_section(stats)
        if stats.series_statistics:
            story.append(CondPageBreak(50 * mm))
            story.append(heading(Paragraph("Reihen: wer wie oft kam", s["h2"]), 2))
            for series in stats.series_statistics:
                story += self.series_section(series, snapshot.top_n)
        if snapshot.notes:
            story.append(Spacer(0, 4 * mm))
            story.append(
                KeepTogether([Paragraph(markup(note), s["note"]) for note in snapshot.notes])
            )
        return story

    # --- building blocks ----------------------------------------------------------------------

    def key_figures(self, stats: EventStatistics) -> Flowable:
        totals = stats.totals
        return self.figures_row(
            [
                (number(totals.events), "Veranstaltungen"),
                (number(totals.held), "davon durchgeführt"),
                (number(totals.registrations.attended), "Teilnahmen"),
                (number(totals.participants), "Teilnehmende (Personen)"),
                (number(totals.reach.municipalities), "erreichte Kommunen"),
                (number(totals.reach.members), "davon Mitglieder"),
            ]
        )

    def event_cell(self, row: EventStatisticsRow, *, status: bool = True) -> Paragraph:
        """Date, place (and status) over the title: the row's header."""
        facts = " · ".join(
            part
            for part in (
                format_date_de(row.starts_on),
                row.town,
                row.status_label if status else None,
            )
            if part
        )
        return Paragraph(
            f"<b>{markup(facts)}</b><br/>{markup(row.title)}", self.styles["event"]
        )

    def head(self, texts: Sequence[str], *, text_columns: int = 1) -> list[Paragraph]:
        """Header cells that wrap: over text left-aligned, over numbers right-aligned."""
        return [
            Paragraph(markup(text), self.styles["head" if index < text_columns else "head_number"])
            for index, text in enumerate(texts)
        ]

    def number_widths(self, headers: Sequence[str], rows: Sequence[Sequence[str]]) -> list[float]:
        """Widths of number columns: their longest header word or value, never broken."""
        widths = []
        for index, header in enumerate(headers):
            size = self.styles["head"].fontSize
            words = [stringWidth(word, fonts.BOLD, size) for word in header.split()]
            values = [stringWidth(row[index], fonts.BOLD, 9) for row in rows]
            widths.append(max([*words, *values]) + 2 * self.cell_padding + 1 * mm)
        return widths

    def grid(
        self,
        data: list[list[Any]],
        widths: Sequence[float | None],
        *,
        total: bool,
        text_columns: int = 1,
    ) -> Table:
        """A table of text columns, then number columns; a column of width ``None`` takes the
        room the others leave."""
        rest = self.text_width - sum(w for w in widths if w is not None)
        table = Table(
            data,
            colWidths=[rest if w is None else w for w in widths],
            repeatRows=1,
            hAlign="LEFT",
        )
        # Column headers in the first row; the first column names each row.
        tag_table(table, row_headers=True)
        style = self.table_style(len(data), total=total)
        style += [
            ("LEFTPADDING", (1, 0), (-1, -1), self.cell_padding),
            ("RIGHTPADDING", (0, 0), (-1, -1), self.cell_padding),
            ("VALIGN", (0, 0), (-1, 0), "BOTTOM"),
            ("ALIGN", (0, 0), (text_columns - 1, -1), "LEFT"),
        ]
        table.setStyle(TableStyle(style))
        return table

    def registrations_table(self, stats: EventStatistics) -> Table:
        def values(tally: RegistrationTally) -> list[str]:
            return [number(getattr(tally, name)) for name in REGISTRATION_FIELDS]

        rows = [values(row.registrations) for row in stats.events]
        total = values(stats.totals.registrations)
        data: list[list[Any]] = [self.head(("Veranstaltung", *REGISTRATION_TITLES))]
        data += [
            [self.event_cell(row), *cells] for row, cells in zip(stats.events, rows, strict=True)
        ]
        data.append(["Gesamt", *total])
        widths = self.number_widths(REGISTRATION_TITLES, [*rows, total])
        return self.grid(data, [None, *widths], total=True)

    def reach_section(self, stats: EventStatistics) -> list[Flowable]:
        s = self.styles
        regions = stats.regierungsbezirke
        columns = regions if len(regions) <= self.max_region_columns else ()

        def values(reach: Reach) -> list[str]:
            return [
                number(reach.municipalities),
                number(reach.members),
                number(reach.non_members),
                *(number(reach.in_regierungsbezirk(name)) for name in columns),
            ]

        headers = ("Kommunen", "Mitglieder", "Nichtmitglieder", *columns)
        rows = [values(row.reach) for row in stats.events]
        total = values(stats.totals.reach)
        data: list[list[Any]] = [self.head(("Veranstaltung", *headers))]
        data += [
            [self.event_cell(row, status=row.cancelled), *cells]
            for row, cells in zip(stats.events, rows, strict=True)
        ]
        data.append(["Gesamt (verschiedene)", *total])
        widths = self.number_widths(headers, [*rows, total])
        title = "Erreichte Kommunen je Veranstaltung"
        if columns:
            title += " und Regierungsbezirk"
        parts: list[Flowable] = [
            CondPageBreak(40 * mm),
            heading(Paragraph(markup(title), s["h2"]), 2),
            self.grid(data, [None, *widths], total=True),
        ]
        if columns:
            parts.append(
                Paragraph(
                    markup(
                        f"{', '.join(columns)}: die erreichten Kommunen je "
                        "Regierungsbezirk. Im Gesamt zählt jede Kommune einmal; abgesagte "
                        "Veranstaltungen zählen dort nicht mit."
                    ),
                    s["note"],
                )
            )
        elif regions:
            region_data: list[list[Any]] = [self.head(("Regierungsbezirk", "Kommunen"))]
            region_data += [
                [Paragraph(markup(t.label), s["cell"]), number(t.count)]
                for t in stats.totals.reach.by_regierungsbezirk
            ]
            parts += [
                heading(Paragraph("Erreichte Kommunen nach Regierungsbezirk", s["h2"]), 2),
                self.grid(region_data, [None, 30 * mm], total=False),
            ]
        return parts

    def series_section(self, series: SeriesStatistics, top_n: int) -> list[Flowable]:
        s = self.styles
        summary = (
            f"{_plural(series.events, 'Veranstaltung', 'Veranstaltungen')} im Zeitraum, davon "
            f"{number(series.held)} durchgeführt; "
            f"{_plural(series.participants, 'Person', 'Personen')} mit "
            f"{_plural(series.attendances, 'Teilnahme', 'Teilnahmen')}."
        )
        parts: list[Flowable] = [
            heading(Paragraph(markup(f"Reihe „{series.series}“"), s["h3"]), 3),
            Paragraph(markup(summary), s["body"]),
        ]
        if series.frequency:
            data: list[list[Any]] = [self.head(("Teilgenommen an", "Personen"))]
            data += [
                [_plural(times, "Veranstaltung", "Veranstaltungen"), number(persons)]
                for times, persons in series.frequency
            ]
            parts += [Spacer(0, 2 * mm), self.grid(data, [60 * mm, 25 * mm], total=False)]
        regulars = series.regulars
        if not regulars:
            if series.attendances:
                parts += [
                    Spacer(0, 2 * mm),
                    Paragraph("Bisher war niemand mehrmals dabei.", s["body"]),
                ]
            return [KeepTogether(parts)]
        shown = regulars[:top_n]
        guests: list[list[Any]] = [
            self.head(("Mehrmals dabei", "Organisation", "Teilnahmen"), text_columns=2)
        ]
        guests += [
            [
                Paragraph(markup(g.name), s["cell"]),
                Paragraph(markup(g.organisation or "–"), s["cell"]),
                number(g.attended),
            ]
            for g in shown
        ]
        # The head stays with the first rows of the names; a long list continues overleaf.
        rest: list[Flowable] = [
            Spacer(0, 3 * mm),
            self.grid(guests, [55 * mm, None, 25 * mm], total=False, text_columns=2),
        ]
        if len(regulars) > len(shown):
            rest.append(
                Paragraph(
                    f"Gezeigt sind {len(shown)} von {len(regulars)} Personen, die mehrmals "
                    "dabei waren; alle stehen in der Excel-Ausgabe.",
                    s["note"],
                )
            )
        return [KeepTogether(parts), CondPageBreak(25 * mm), *rest]

    # --- the chart ----------------------------------------------------------------------------

    def charted(self, stats: EventStatistics) -> list[EventStatisticsRow]:
        """The events the chart shows, in date order: those not cancelled, at most
        ``chart_limit`` (those that reached the most municipalities)."""
        rows = [r for r in stats.events if not r.cancelled]
        if len(rows) > self.chart_limit:
            ranked = sorted(rows, key=lambda r: -r.reach.municipalities)[: self.chart_limit]
            keep = {r.event_id for r in ranked}
            rows = [r for r in rows if r.event_id in keep]
        return rows if any(r.reach.municipalities for r in rows) else []

    def reach_chart(self, rows: Sequence[EventStatisticsRow]) -> Drawing:
        width = self.text_width
        height = len(rows) * self.chart_bar + 20 * mm
        drawing = self.drawing(width, height)
        chart = HorizontalBarChart()
        chart.x, chart.y = self.label_width, 9 * mm
        chart.width = width - self.label_width - 14 * mm
        chart.height = len(rows) * self.chart_bar
        # The first event on top: horizontal bar charts draw the first category at the bottom.
        ordered = list(reversed(rows))
        chart.data = [
            [r.reach.members for r in ordered],
            [r.reach.non_members for r in ordered],
        ]
        chart.categoryAxis.style = "stacked"
        chart.categoryAxis.categoryNames = [shorten(event_label(r), 44) for r in ordered]
        chart.categoryAxis.labels.fontName = fonts.REGULAR
        chart.categoryAxis.labels.fontSize = 8
        chart.categoryAxis.labels.boxAnchor = "e"
        chart.categoryAxis.labels.dx = -5
        chart.categoryAxis.strokeColor = RULE
        chart.categoryAxis.tickLeft = 0
        top = max([1, *(r.reach.municipalities for r in rows)])
        step = nice_step(top)
        chart.valueAxis.valueMin = 0
        chart.valueAxis.valueMax = step * (-(-top // step))
        chart.valueAxis.valueStep = step
        chart.valueAxis.labels.fontName = fonts.REGULAR
        chart.valueAxis.labels.fontSize = 8
        chart.valueAxis.labelTextFormat = lambda v: number(int(v))
        chart.valueAxis.strokeColor = RULE
        chart.bars[0].fillColor = PRIMARY
        chart.bars[1].fillColor = SECONDARY
        chart.bars.strokeColor = None
        chart.barSpacing = 0
        chart.groupSpacing = 2.2
        drawing.add(chart)
        # The total at the end of each bar.
        scale = chart.width / chart.valueAxis.valueMax
        slot = chart.height / len(ordered)
        for index, row in enumerate(ordered):
            drawing.add(
                String(
                    chart.x + row.reach.municipalities * scale + 3,
                    chart.y + (index + 0.5) * slot - 2.8,
                    number(row.reach.municipalities),
                    fontName=fonts.REGULAR,
                    fontSize=8,
                )
            )
        drawing.add(
            String(
                chart.x + chart.width / 2,
                0,
                "Anzahl Kommunen",
                fontName=fonts.REGULAR,
                fontSize=8,
                fillColor=MUTED,
                textAnchor="middle",
            )
        )
        drawing.add(
            self.legend(
                width - 2 * mm,
                height - 1 * mm,
                [(PRIMARY, "Mitgliedskommunen"), (SECONDARY, "Nichtmitglieder")],
            )
        )
        return drawing

    def reach_chart_text(self, rows: Sequence[EventStatisticsRow]) -> str:
        """The chart's alt text: what it shows and every number in it."""
        values = "; ".join(
            f"{event_label(r)}: {_plural(r.reach.municipalities, 'Kommune', 'Kommunen')}, "
            f"davon {number(r.reach.members)} Mitglieder und "
            f"{number(r.reach.non_members)} Nichtmitglieder"
            for r in rows
        )
        return (
            "Balkendiagramm der erreichten Kommunen je Veranstaltung, Mitgliedskommunen und "
            f"Nichtmitglieder gestapelt. {values}."
        )


def render_event_report(snapshot: EventReportSnapshot) -> bytes:
    """The events report as PDF bytes (A4, Liberation Sans embedded, "Seite x von y")."""
    return EventReportRenderer().render(snapshot).pdf


register(
    "event_report",
    EventReportSnapshot,
    lambda _snapshot: EventReportRenderer(),
    label="Veranstaltungsstatistik",
)
