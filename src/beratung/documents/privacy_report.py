"""The data-protection documents: a person's data report (Auskunft, GDPR Art. 15) and the
record of processing activities (Verzeichnis der Verarbeitungstätigkeiten, Art. 30).

Both share the statistics reports' page (running head, "Erstellt am", "Seite x von y"): a title,
a few lines of introduction, then per section a heading, a sentence saying what it is, and each
record as a heading over a two-column "Feld | Wert" table. Two columns stay readable for any
table the report walks, and a screen reader reads each value with its row header.
"""

from __future__ import annotations

from typing import Any, ClassVar

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
from beratung.documents.statistics_report import RULE, ZEBRA, StatisticsReportRenderer
from beratung.documents.tagging import heading, tag_table
from beratung.domain.privacy import (
    DataSubjectReport,
    PrivacyDocument,
    PrivacyRecord,
    ProcessingRecord,
)

__all__ = ["PrivacyReportRenderer"]


class PrivacyReportRenderer(StatisticsReportRenderer[PrivacyDocument]):
    label_width: ClassVar[float] = 52 * mm

    def story(self, snapshot: PrivacyDocument) -> list[Flowable]:
        s = self.styles
        story: list[Flowable] = [
            heading(Paragraph(markup(snapshot.title), s["title"]), 1),
            Paragraph(markup(snapshot.subtitle), s["subtitle"]),
            Spacer(0, 4 * mm),
        ]
        for line in snapshot.intro:
            story += [Paragraph(markup(line), s["body"]), Spacer(0, 1.5 * mm)]
        for section in snapshot.sections:
            story.append(CondPageBreak(40 * mm))
            head: list[Flowable] = [heading(Paragraph(markup(section.title), s["h2"]), 2)]
            if section.intro:
                head.append(Paragraph(markup(section.intro), s["note"]))
            if not section.records:
                head.append(Paragraph("Keine Einträge.", s["body"]))
                story.append(KeepTogether(head))
                continue
            first, *rest = section.records
            story.append(KeepTogether([*head, *self.record(first)]))
            story += [KeepTogether(self.record(record)) for record in rest]
        return story

    def record(self, record: PrivacyRecord) -> list[Flowable]:
        s = self.styles
        parts: list[Flowable] = [heading(Paragraph(markup(record.heading), s["h3"]), 3)]
        if not record.fields:
            return parts
        data: list[list[Any]] = [
            [Paragraph(markup(f.label), s["cell"]), Paragraph(markup(f.value), s["cell"])]
            for f in record.fields
        ]
        table = Table(data, colWidths=[self.label_width, self.text_width - self.label_width])
        # No header row: the first column names each row (the field).
        tag_table(table, header_rows=0, row_headers=True)
        style: list[tuple[Any, ...]] = [
            ("FONT", (0, 0), (-1, -1), fonts.REGULAR, 9),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LINEBELOW", (0, 0), (-1, -1), 0.3, RULE),
            ("TOPPADDING", (0, 0), (-1, -1), 1.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ("LEFTPADDING", (0, 0), (0, -1), 1.5 * mm),
        ]
        style += [("BACKGROUND", (0, i), (-1, i), ZEBRA) for i in range(1, len(data), 2)]
        table.setStyle(TableStyle(style))
        return [*parts, table]


register(
    DataSubjectReport.KIND,
    DataSubjectReport,
    lambda _snapshot: PrivacyReportRenderer(),
    label="Datenauskunft (Art. 15 DSGVO)",
)
register(
    ProcessingRecord.KIND,
    ProcessingRecord,
    lambda _snapshot: PrivacyReportRenderer(),
    label="Verzeichnis der Verarbeitungstätigkeiten",
)
