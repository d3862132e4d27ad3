"""The events over a period (Veranstaltungsstatistik) on a small hand-made year with known
figures (``tests/event_report_data.py``), on SQLite and PostgreSQL: per event, totals, series,
the agreement with ``event_figures``, the query count, the report and its exports, the command
line."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pdfplumber
import pytest
from sqlalchemy import event as sa_event

import event_report_data as data
from beratung.cli import main
from beratung.documents.registry import render_stored
from beratung.domain.errors import ValidationError
from beratung.domain.reports import EventStatistics, RegistrationTally, Tally
from beratung.services import Services


@pytest.fixture
def ids(services: Services) -> dict[str, int]:
    return data.build(services)


@pytest.fixture
def year(services: Services, ids: dict[str, int]) -> EventStatistics:
    return services.events.get_event_statistics(*data.YEAR)


@contextmanager
def counted_queries(services: Services) -> Iterator[list[str]]:
    """The SELECT statements run inside the block."""
    statements: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            statements.append(statement)

    engine = services.db.engine
    sa_event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        sa_event.remove(engine, "before_cursor_execute", record)


def test_each_event_counts_its_registrations_and_the_municipalities_it_reached(
    year: EventStatistics, ids: dict[str, int]
) -> None:
    assert [(e.title, e.starts_on) for e in year.events] == [
        ("Werkstattgespräch Stuttgart", date(2017, 3, 22)),
        ("Fachtag Karlsruhe", date(2017, 7, 6)),
        ("Werkstattgespräch Ulm", date(2017, 10, 25)),
    ]
    e1, e3, e2 = year.events
    assert e1.registrations == RegistrationTally(
        invited=1, registered=0, declined=1, waitlisted=0, attended=4, no_show=1
    )
    # Ulm and Tübingen; the Landkreis is no municipality, Gina has no organisation.
    assert (e1.reach.municipalities, e1.reach.members, e1.reach.non_members) == (2, 2, 0)
    assert e1.reach.by_regierungsbezirk == (Tally("Tübingen", 2),)
    assert e1.held and e1.status == "planned"  # attendance recorded: held
    assert e2.registrations == RegistrationTally(0, 2, 1, 1, 2, 0)
    assert (e2.reach.municipalities, e2.reach.members, e2.reach.non_members) == (3, 2, 1)
    assert e2.reach.by_regierungsbezirk == (Tally("Stuttgart", 1), Tally("Tübingen", 2))
    assert e3.cancelled and not e3.held and e3.status_label == "abgesagt"
    assert e3.registrations.registered == 2
    # A municipality without a Regierungsbezirk is counted, and listed last.
    assert e3.reach.by_regierungsbezirk == (Tally("Freiburg", 1), Tally("(ohne Angabe)", 1))


def test_the_totals_count_each_municipality_and_person_once(year: EventStatistics) -> None:
    totals = year.totals
    assert (totals.events, totals.held, totals.cancelled) == (3, 2, 1)
    assert totals.registrations == RegistrationTally(1, 4, 2, 1, 6, 1)
    # Anna came twice: six attendances, five people (Hans, erased, still counts).
    assert totals.participants == 5
    # Ulm reached twice counts once; the cancelled Fachtag's Kehl and Irgendwo do not count.
    assert (totals.reach.municipalities, totals.reach.members, totals.reach.non_members) == (
        3,
        2,
        1,
    )
    assert totals.reach.by_regierungsbezirk == (Tally("Stuttgart", 1), Tally("Tübingen", 2))
    assert year.regierungsbezirke == ("Stuttgart", "Tübingen")


def test_who_came_how_often_to_the_series_within_the_period(year: EventStatistics) -> None:
    [series] = year.series_statistics
    assert series.series == data.SERIES
    assert (series.events, series.held, series.participants, series.attendances) == (2, 2, 5, 6)
    assert series.frequency == ((1, 4), (2, 1))
    # The erased Hans Huber is counted above but not named; Anna first, then by name.
    assert [(g.name, g.organisation, g.attended) for g in series.guests] == [
        ("Anna Adler", "Stadt Ulm", 2),
        ("Ben Becker", "Universitätsstadt Tübingen", 1),
        ("Emil Engel", "Landkreis Böblingen", 1),
        ("Gina Graf", None, 1),
    ]
    assert series.guests[0].events == (
        "22.03.2017 Werkstattgespräch Stuttgart",
        "25.10.2017 Werkstattgespräch Ulm",
    )
    assert [g.name for g in series.regulars] == ["Anna Adler"]


def test_the_figures_agree_with_event_figures(
    services: Services, year: EventStatistics
) -> None:
    for row in year.events:
        figures = services.events.event_figures(row.event_id)
        counts = figures.counts
        assert row.registrations == RegistrationTally(
            counts.invited,
            counts.registered,
            counts.declined,
            counts.waitlisted,
            counts.attended,
            counts.no_show,
        )
        assert (row.reach.municipalities, row.reach.members, row.reach.non_members) == (
            figures.municipalities,
            figures.members,
            figures.non_members,
        )
        assert {(t.label, t.count) for t in row.reach.by_regierungsbezirk} == {
            (b.label, b.count) for b in figures.by_regierungsbezirk
        }


def test_a_series_and_a_period_narrow_it_down(services: Services, ids: dict[str, int]) -> None:
    series = services.events.get_event_statistics(*data.YEAR, data.SERIES)
    assert series.series == data.SERIES
    assert [e.title for e in series.events] == [
        "Werkstattgespräch Stuttgart",
        "Werkstattgespräch Ulm",
    ]
    assert series.totals.cancelled == 0
    whole = services.events.get_event_statistics(date(2017, 1, 1), date(2018, 12, 31), data.SERIES)
    [regulars] = whole.series_statistics
    assert regulars.events == 3 and regulars.guests[0].attended == 3  # Anna in 2018 too
    assert services.events.get_series_span(data.SERIES) == (date(2017, 3, 22), date(2018, 3, 21))
    assert services.events.get_series_span("Unbekannt") is None
    # The day the Fachtag starts is inside "from", the day after "to" is not.
    fachtag = services.events.get_event_statistics(date(2017, 7, 6), date(2017, 7, 6))
    assert [e.title for e in fachtag.events] == ["Fachtag Karlsruhe"]
    assert services.events.get_event_statistics(date(2017, 7, 7), date(2017, 10, 24)).is_empty
    assert services.events.list_event_years() == [2018, 2017]
    with pytest.raises(ValidationError) as caught:
        services.events.get_event_statistics(date(2017, 12, 31), date(2017, 1, 1))
    assert caught.value.field == "period_to"


def test_one_call_runs_four_queries_however_many_events(
    services: Services, ids: dict[str, int]
) -> None:
    with counted_queries(services) as few:
        services.events.get_event_statistics(date(2017, 1, 1), date(2017, 3, 31))  # one event
    with counted_queries(services) as many:
        services.events.get_event_statistics(date(2017, 1, 1), date(2018, 12, 31))  # four
    assert len(few) == len(many) == 4, many


def test_the_pdf_reads_back_and_is_logged_for_a_reprint(
    services: Services, ids: dict[str, int]
) -> None:
    rendered = services.documents.render_event_report(*data.YEAR)
    assert rendered.kind == "event_report" and rendered.title == "Veranstaltungsstatistik 2017"
    assert rendered.suggested_file_name == "Veranstaltungsstatistik 2017.pdf"
    with pdfplumber.open(io.BytesIO(rendered.pdf)) as pdf:
        text = "\n".join(page.extract_text() or "" for page in pdf.pages)
    assert "Werkstattgespräch Stuttgart" in text and "Anna Adler" in text
    assert "Hans Huber" not in text  # erased
    assert render_stored("event_report", rendered.snapshot).pdf == rendered.pdf
    issued = services.documents.record_issue(rendered)
    assert services.documents.reprint(issued) == rendered.pdf


def test_xlsx_has_a_sheet_per_table_and_csv_the_events(
    services: Services, ids: dict[str, int]
) -> None:
    workbook = openpyxl.load_workbook(
        io.BytesIO(services.events.export_event_report(*data.YEAR, format="xlsx"))
    )
    assert workbook.sheetnames == [
        "Gesamt",
        "Veranstaltungen",
        "Regierungsbezirke",
        "Reihen",
        "Teilnehmende der Reihen",
    ]
    figures = {row[0]: row[1] for row in workbook["Gesamt"].iter_rows(min_row=2, values_only=True)}
    assert figures["Veranstaltungen"] == 3 and figures["Teilnehmende (Personen)"] == 5
    assert figures["Zeitraum"] == "01.01.2017 – 31.12.2017"
    events = list(workbook["Veranstaltungen"].iter_rows(values_only=True))
    assert events[0][-2:] == (
        "Kommunen im Regierungsbezirk Stuttgart",
        "Kommunen im Regierungsbezirk Tübingen",
    )
    first = dict(zip(events[0], events[1], strict=True))
    assert first["Veranstaltung"] == "Werkstattgespräch Stuttgart"
    assert first["Datum"].date() == date(2017, 3, 22)  # a real date, shown as dd.mm.yyyy
    assert (first["Teilgenommen"], first["Kommunen"], first["Mitgliedskommunen"]) == (4, 2, 2)
    total = dict(zip(events[0], events[-1], strict=True))
    assert total["Veranstaltung"] == "Gesamt" and total["Kommunen"] == 3
    guests = list(workbook["Teilnehmende der Reihen"].iter_rows(min_row=2, values_only=True))
    assert [g[1] for g in guests] == ["Anna Adler", "Ben Becker", "Emil Engel", "Gina Graf"]

    text = services.events.export_event_report(*data.YEAR, format="csv").decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][:2] == ["Datum", "Veranstaltung"]
    assert [r[1] for r in rows[1:]] == [
        "Werkstattgespräch Stuttgart",
        "Fachtag Karlsruhe",
        "Werkstattgespräch Ulm",
        "Gesamt",
    ]
    assert rows[1][0] == "22.03.2017"
    with pytest.raises(ValidationError):
        services.events.export_event_report(*data.YEAR, format="ods")


def test_the_command_line_writes_each_format(
    services: Services,
    ids: dict[str, int],
    database_url: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    db = ["--database-url", database_url]
    pdf = tmp_path / "v.pdf"
    assert main([*db, "report", "events", "--out", str(pdf), "--from", "1.1.2017",
                 "--to", "31.12.2017"]) == 0
    assert "Veranstaltungsstatistik 01.01.2017 – 31.12.2017 geschrieben" in capsys.readouterr().out
    with pdfplumber.open(pdf) as document:
        assert "Fachtag Karlsruhe" in (document.pages[0].extract_text() or "")

    # A series without dates: the years of its events.
    workbook = tmp_path / "reihe.xlsx"
    assert main([*db, "report", "events", "--out", str(workbook), "--series",
                 "inklusive quartiere"]) == 0
    out = capsys.readouterr().out
    assert "01.01.2017 – 31.12.2018, Reihe „Inklusive Quartiere“" in out
    sheet = openpyxl.load_workbook(workbook)["Veranstaltungen"]
    assert sheet.max_row == 1 + 3 + 1  # three events of the series and the total

    table = tmp_path / "liste.txt"
    assert main([*db, "report", "events", "--out", str(table), "--format", "csv",
                 "--from", "1.1.2017", "--to", "31.12.2017"]) == 0
    assert table.read_bytes().decode("utf-8-sig").startswith("Datum;Veranstaltung")
    capsys.readouterr()

    assert main([*db, "report", "events", "--out", str(pdf), "--series", "Gibtsnicht"]) == 1
    error = capsys.readouterr().err
    assert "Reihe „Gibtsnicht“ gibt es nicht" in error and "„Inklusive Quartiere“" in error
