"""Beratungsstatistik: the annual (or any period's) statistics report of the advisory office.

Page 1 answers the questions people ask first: how many consultations, how many municipalities
(members / non-members), and how the year went month by month (bar chart). Then the topics as a
horizontal bar chart, the tables per programme, mode, Regierungsbezirk and Landkreis (top N), the
month table and the counting rules. Charts carry German axis titles and value labels, no
gridline clutter, two colours at most.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from babel.dates import format_date
from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.units import mm
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
from beratung.domain.reports import ConsultationReportSnapshot, StatisticsRow
from beratung.domain.rules.dates import LOCALE

__all__ = ["ConsultationReportRenderer", "number", "render_consultation_report"]


class ConsultationReportRenderer(StatisticsReportRenderer[ConsultationReportSnapshot]):
    label_width: ClassVar[float] = 62 * mm

    # --- PdfRenderer --------------------------------------------------------------------------

    def story(self, snapshot: ConsultationReportSnapshot) -> list[Flowable]:
        stats = snapshot.statistics
        s = self.styles
        story: list[Flowable] = [
            heading(Paragraph(markup(snapshot.title), s["title"]), 1),
            Paragraph(markup(snapshot.subtitle), s["subtitle"]),
            Spacer(0, 6 * mm),
            self.key_figures(snapshot),
        ]
        if stats.is_empty:
            story += [
                Spacer(0, 8 * mm),
                Paragraph("Im Zeitraum wurden keine Beratungen erfasst.", s["body"]),
            ]
            return story
        period_name = "Quartal" if stats.granularity == "quarter" else "Monat"
        story += [
            KeepTogether(
                [
                    heading(
                        Paragraph(f"Beratungen und beratene Kommunen je {period_name}", s["h2"]),
                        2,
                    ),
                    tag(
                        self.period_chart(stats.by_period, stats.granularity),
                        "Figure",
                        alt=self.period_chart_text(stats.by_period, period_name),
                    ),
                ]
            ),
            KeepTogether(
                [
                    heading(Paragraph("Mitgliedskommunen und Nichtmitglieder", s["h2"]), 2),
                    self.table("Gruppe", stats.by_membership),
                ]
            ),
        ]
        topics = [r for r in stats.by_topic if r.key != "-"]
        if topics:
            story += [
                CondPageBreak(90 * mm),
                KeepTogether(
                    [
                        heading(Paragraph("Beratungen nach Thema", s["h2"]), 2),
                        tag(
                            self.topic_chart(topics[: snapshot.top_n]),
                            "Figure",
                            alt=self.topic_chart_text(topics[: snapshot.top_n]),
                        ),
                        self.more_note(len(topics), snapshot.top_n, "Themen"),
                    ]
                ),
            ]
        story += [
            self.section("Nach Programm", "Programm", stats.by_programme),
            self.section("Nach Beratungsart", "Art", stats.by_mode),
            self.section("Nach Regierungsbezirk", "Regierungsbezirk", stats.by_regierungsbezirk),
            self.section(
                f"Nach Kreis (die {min(snapshot.top_n, len(stats.by_kreis))} häufigsten)",
                "Kreis",
                stats.by_kreis[: snapshot.top_n],
                note=self.more_note(len(stats.by_kreis), snapshot.top_n, "Kreise"),
            ),
            self.section(f"Nach {period_name}", period_name, stats.by_period, total=stats.totals),
        ]
        if snapshot.notes:
            story.append(Spacer(0, 4 * mm))
            story += [Paragraph(markup(note), s["note"]) for note in snapshot.notes]
        return story

    # --- building blocks ----------------------------------------------------------------------

    def key_figures(self, snapshot: ConsultationReportSnapshot) -> Flowable:
        totals = snapshot.statistics.totals
        return self.figures_row(
            [
                (number(totals.consultations), "Beratungen"),
                (number(totals.municipalities), "beratene Kommunen"),
                (number(totals.members), "davon Mitglieder"),
                (number(totals.non_members), "davon Nichtmitglieder"),
                (number(totals.hours), "Beratungsstunden"),
            ]
        )

    def period_chart(self, rows: Sequence[StatisticsRow], granularity: str) -> Drawing:
        width, height = self.text_width, 62 * mm
        drawing = self.drawing(width, height)
        chart = VerticalBarChart()
        chart.x, chart.y = 14 * mm, 12 * mm
        chart.width, chart.height = width - 18 * mm, height - 22 * mm
        chart.data = [
            [r.consultations for r in rows],
            [r.municipalities for r in rows],
        ]
        if granularity == "quarter":
            names = [r.label.replace(" Quartal ", ". Q. ").replace("..", ".") for r in rows]
        elif len(rows) <= 12:
            names = [_month_short(r.key) for r in rows]
        else:
            names = [_month_short(r.key, with_year=True) for r in rows]
        chart.categoryAxis.categoryNames = names
        chart.categoryAxis.labels.fontName = fonts.REGULAR
        chart.categoryAxis.labels.fontSize = 7.5 if len(rows) > 12 else 8
        chart.categoryAxis.labels.dy = -2
        if len(rows) > 12:
            chart.categoryAxis.labels.angle = 45
            chart.categoryAxis.labels.boxAnchor = "ne"
        chart.categoryAxis.strokeColor = RULE
        chart.categoryAxis.tickDown = 0
        top = max([1, *chart.data[0], *chart.data[1]])
        step = nice_step(top)
        chart.valueAxis.valueMin = 0
        chart.valueAxis.valueMax = step * (-(-top // step))
        chart.valueAxis.valueStep = step
        chart.valueAxis.labels.fontName = fonts.REGULAR
        chart.valueAxis.labels.fontSize = 8
        chart.valueAxis.labelTextFormat = lambda v: number(int(v))
        chart.valueAxis.strokeColor = RULE
        chart.valueAxis.visibleGrid = True
        chart.valueAxis.gridStrokeColor = colors.HexColor("#e6e6e6")
        chart.valueAxis.gridStrokeWidth = 0.4
        chart.bars[0].fillColor = PRIMARY
        chart.bars[1].fillColor = SECONDARY
        chart.bars.strokeColor = None
        chart.barSpacing = 0.6
        chart.groupSpacing = 6 if len(rows) <= 12 else 2
        if len(rows) <= 12:
            chart.barLabelFormat = lambda v: number(int(v)) if v else ""
            chart.barLabels.fontName = fonts.REGULAR
            chart.barLabels.fontSize = 6.5
            chart.barLabels.nudge = 5
        drawing.add(chart)
        axis_title = String(0, 0, "Anzahl", fontName=fonts.REGULAR, fontSize=8, fillColor=MUTED)
        axis_title.x, axis_title.y = 2 * mm, height - 6 * mm
        drawing.add(axis_title)
        drawing.add(
            self.legend(
                width - 2 * mm,
                height - 2 * mm,
                [
                    (PRIMARY, "Beratungen"),
                    (SECONDARY, "beratene Kommunen (verschiedene)"),
                ],
            )
        )
        return drawing

    def topic_chart(self, rows: Sequence[StatisticsRow]) -> Drawing:
        bar = 6.5 * mm
        width = self.text_width
        height = len(rows) * bar + 16 * mm
        drawing = self.drawing(width, height)
        chart = HorizontalBarChart()
        chart.x, chart.y = self.label_width, 9 * mm
        chart.width = width - self.label_width - 12 * mm
        chart.height = len(rows) * bar
        # Largest on top: horizontal bar charts draw the first category at the bottom.
        ordered = list(reversed(rows))
        chart.data = [[r.consultations for r in ordered]]
        chart.categoryAxis.categoryNames = [shorten(r.label, 42) for r in ordered]
        chart.categoryAxis.labels.fontName = fonts.REGULAR
        chart.categoryAxis.labels.fontSize = 8.5
        chart.categoryAxis.labels.boxAnchor = "e"
        chart.categoryAxis.labels.dx = -5
        chart.categoryAxis.strokeColor = RULE
        chart.categoryAxis.tickLeft = 0
        top = max([1, *chart.data[0]])
        step = nice_step(top)
        chart.valueAxis.valueMin = 0
        chart.valueAxis.valueMax = step * (-(-top // step))
        chart.valueAxis.valueStep = step
        chart.valueAxis.labels.fontName = fonts.REGULAR
        chart.valueAxis.labels.fontSize = 8
        chart.valueAxis.labelTextFormat = lambda v: number(int(v))
        chart.valueAxis.strokeColor = RULE
        chart.bars[0].fillColor = PRIMARY
        chart.bars.strokeColor = None
        chart.barSpacing = 0
        chart.groupSpacing = 2.2
        chart.barLabelFormat = lambda v: number(int(v))
        chart.barLabels.fontName = fonts.REGULAR
        chart.barLabels.fontSize = 7.5
        chart.barLabels.boxAnchor = "w"
        chart.barLabels.dx = 3
        drawing.add(chart)
        axis_title = String(
            chart.x + chart.width / 2,
            0,
            "Anzahl Beratungen",
            fontName=fonts.REGULAR,
            fontSize=8,
            fillColor=MUTED,
            textAnchor="middle",
        )
        drawing.add(axis_title)
        return drawing

    def section(
        self,
        title: str,
        first_column: str,
        rows: Sequence[StatisticsRow],
        *,
        total: StatisticsRow | None = None,
        note: Flowable | None = None,
    ) -> Flowable:
        parts: list[Flowable] = [
            heading(Paragraph(markup(title), self.styles["h2"]), 2),
            self.table(first_column, rows, total=total),
        ]
        if note is not None:
            parts.append(note)
        return KeepTogether(parts)

    def table(
        self,
        first_column: str,
        rows: Sequence[StatisticsRow],
        *,
        total: StatisticsRow | None = None,
    ) -> Table:
        header = [
            first_column,
            "Beratungen",
            "Kommunen",
            "Mitglieder",
            "Nichtmitglieder",
            "Stunden",
        ]
        body = [
            [
                Paragraph(markup(r.label), self.styles["cell"]),
                number(r.consultations),
                number(r.municipalities),
                number(r.members),
                number(r.non_members),
                number(r.hours),
            ]
            for r in rows
        ]
        data: list[list[Any]] = [header, *body]
        if total is not None:
            data.append(
                [
                    "Gesamt",
                    number(total.consultations),
                    number(total.municipalities),
                    number(total.members),
                    number(total.non_members),
                    number(total.hours),
                ]
            )
        numbers = [21 * mm, 21 * mm, 22 * mm, 27 * mm, 18 * mm]
        widths = [self.text_width - sum(numbers), *numbers]
        table = Table(data, colWidths=widths, repeatRows=1)
        # Column headers in the first row; the first column names each row.
        tag_table(table, row_headers=True)
        style = self.table_style(len(data), total=total is not None)
        table.setStyle(TableStyle(style))
        return table

    def period_chart_text(self, rows: Sequence[StatisticsRow], period_name: str) -> str:
        """The alt text of the period chart: what it shows and every number in it."""
        values = "; ".join(
            f"{row.label}: {number(row.consultations)} Beratungen, "
            f"{number(row.municipalities)} Kommunen"
            for row in rows
        )
        return (f"Säulendiagramm der Beratungen und der beratenen Kommunen je {period_name}. "
                f"{values}.")

    def topic_chart_text(self, rows: Sequence[StatisticsRow]) -> str:
        """The alt text of the topic chart: every topic with its number."""
        values = "; ".join(f"{row.label}: {number(row.consultations)}" for row in rows)
        return f"Balkendiagramm der Beratungen nach Thema, die häufigsten zuerst. {values}."

    def more_note(self, count: int, top_n: int, what: str) -> Flowable:
        if count <= top_n:
            return Spacer(0, 0)
        return Paragraph(
            f"Gezeigt sind die {top_n} häufigsten von {count} {what}; "
            "alle stehen in der Excel-Ausgabe.",
            self.styles["note"],
        )


def _month_short(key: str, *, with_year: bool = False) -> str:
    """ "2017-05" → "Mai" (or "Mai 17"), from Babel, so the names are German everywhere."""
    from datetime import date

    year, month = (int(part) for part in key.split("-"))
    text = str(format_date(date(year, month, 1), "MMM", locale=LOCALE)).rstrip(".")
    return f"{text} {year % 100:02d}" if with_year else text


def render_consultation_report(snapshot: ConsultationReportSnapshot) -> bytes:
    """The statistics report as PDF bytes (A4, Liberation Sans embedded, "Seite x von y")."""
    return ConsultationReportRenderer().render(snapshot).pdf


register(
    "consultation_report",
    ConsultationReportSnapshot,
    lambda _snapshot: ConsultationReportRenderer(),
    label="Beratungsstatistik",
)
