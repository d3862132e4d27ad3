"""The statistics report renderer, from a hand-built snapshot (no database)."""

from __future__ import annotations

import io
from datetime import date

import pdfplumber
from docpdf import font_problems

from beratung.documents.consultation_report import render_consultation_report
from beratung.domain.reports import (
    ConsultationReportSnapshot,
    ConsultationStatistics,
    StatisticsRow,
)

MONTHS = [
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
]


def r(
    key: str, label: str, n: int, m: int = 0, members: int = 0, minutes: int = 0
) -> StatisticsRow:
    return StatisticsRow(key, label, n, m, members, m - members, minutes)


def snapshot(topics: int = 14, empty: bool = False) -> ConsultationReportSnapshot:
    by_period = tuple(
        r(
            f"2017-{i:02d}",
            f"{name} 2017",
            0 if empty else 10 + i,
            0 if empty else 5 + i,
            0 if empty else 3,
        )
        for i, name in enumerate(MONTHS, start=1)
    )
    total = r(
        "total",
        "Gesamt",
        0 if empty else 1234,
        0 if empty else 120,
        0 if empty else 90,
        0 if empty else 11_880,
    )
    stats = ConsultationStatistics(
        period_from=date(2017, 1, 1),
        period_to=date(2017, 12, 31),
        granularity="month",
        programme_id=None,
        programme_name=None,
        totals=total,
        by_period=by_period,
        by_programme=(r("1", "Quartier 2020", 177, 110, 80), r("-", "(ohne Programm)", 45, 43, 37)),
        by_topic=tuple(
            r(str(i), f"Thema Nummer {i} mit Förderung", 100 - i, 10, 5) for i in range(topics)
        ),
        by_mode=(r("on_site", "vor Ort", 48, 41, 33), r("phone", "Telefon", 107, 77, 60)),
        by_kreis=tuple(r(f"k{i}", f"Landkreis {i}", 20 - i, 5, 3) for i in range(15)),
        by_regierungsbezirk=(r("Stuttgart", "Stuttgart", 70, 38, 30),),
        by_membership=(
            r("member", "Mitgliedskommunen", 179, 90, 90),
            r("non_member", "Nichtmitglieder", 43, 30, 0),
        ),
    )
    return ConsultationReportSnapshot(
        title="Beratungsstatistik 2017",
        subtitle="Zeitraum: 01.01.2017 – 31.12.2017",
        organisation_name="Städtetag Baden-Württemberg",
        department="Fachberatung Inklusion",
        created_on=date(2018, 1, 15),
        statistics=stats,
        top_n=10,
        notes=("Kommunen: verschiedene beratene Städte und Gemeinden.",),
    )


def text_of(pdf: bytes) -> tuple[str, int, dict[str, str]]:
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return (
            "\n".join(page.extract_text() or "" for page in document.pages),
            len(document.pages),
            dict(document.metadata),
        )


def test_report_has_title_months_numbers_and_metadata() -> None:
    pdf = render_consultation_report(snapshot())
    text, pages, metadata = text_of(pdf)
    assert metadata["Title"] == "Beratungsstatistik 2017"
    assert "Städtetag Baden-Württemberg" in metadata["Author"]
    assert text.startswith("Städtetag Baden-Württemberg · Fachberatung Inklusion")
    assert "Beratungsstatistik 2017" in text
    for month in MONTHS:
        assert f"{month} 2017" in text  # the month table
    for short in ("Jan", "Mär", "Dez"):
        assert short in text  # the chart's axis
    assert "1.234" in text  # German thousands separator
    assert "198" in text  # 11,880 minutes as hours
    assert "Anzahl" in text and "Anzahl Beratungen" in text
    assert "Gezeigt sind die 10 häufigsten von 14 Themen" in text
    assert "Gezeigt sind die 10 häufigsten von 15 Kreise" in text
    assert "Landkreis 9" in text and "Landkreis 10" not in text
    assert f"Seite 1 von {pages}" in text and pages >= 2
    assert "Erstellt am 15.01.2018" in text


def test_report_is_deterministic_and_handles_an_empty_period() -> None:
    assert render_consultation_report(snapshot()) == render_consultation_report(snapshot())
    text, pages, _ = text_of(render_consultation_report(snapshot(empty=True)))
    assert "keine Beratungen erfasst" in text
    assert pages == 1


def test_charts_use_only_the_embedded_font() -> None:
    """ReportLab's drawings start in Helvetica unless told otherwise; it must not end up in the
    file even when no text is set in it."""
    assert font_problems(render_consultation_report(snapshot())) == []
