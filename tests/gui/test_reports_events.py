"""The Veranstaltungen tab of Auswertungen on the hand-made year of ``tests/event_report_data.py``:
key figures, charts with their numbers, the tables, a series, the PDF and the Excel export."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

import event_report_data as data
from beratung.gui.pages.reports import ReportsPage
from beratung.gui.reports.common import ReportDialogs
from beratung.services import Services
from beratung.services.documents import RenderedDocument

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support grabbing the keyboard")


def _cells(model: object, row: int) -> list[str]:
    return [
        model.index(row, column).data()  # type: ignore[attr-defined]
        for column in range(model.columnCount())  # type: ignore[attr-defined]
    ]


def test_the_events_tab_shows_the_year_and_writes_pdf_and_excel(
    qtbot: QtBot,
    qtmodeltester: object,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    services: Services,
) -> None:
    data.build(services)
    page = ReportsPage(services)
    qtbot.addWidget(page)
    page.resize(1280, 900)
    view = page.events
    tall = page.tabs.sizeHint().height()

    # Shown the first time its tab is chosen: the newest year with events (2018).
    with qtbot.waitSignal(view.statistics_shown, timeout=20_000):
        page.tabs.setCurrentWidget(view)
    assert view.year_combo.currentData() == 2018
    assert [e.title for e in view.statistics.events] == ["Werkstattgespräch Reutlingen"]
    assert page.tabs.sizeHint().height() < tall  # as tall as this tab, not the longest
    assert [view.series_combo.itemText(i) for i in range(view.series_combo.count())] == [
        "alle Reihen",
        data.SERIES,
    ]

    with qtbot.waitSignal(view.statistics_shown, timeout=20_000):
        view.set_year(2017)
    assert view.period_label.text() == "01.01.2017 – 31.12.2017"
    tiles = {key: (t.value_label.text(), t.detail_label.text()) for key, t in view.figures.items()}
    assert tiles == {
        "events": ("3", "2 durchgeführt, 1 abgesagt"),
        "attended": ("6", "5 verschiedene Personen"),
        "municipalities": ("3", "erreicht (verschiedene)"),
        "members": ("2", "67 % der Kommunen"),
        "non_members": ("1", ""),
    }
    assert view.figures["events"].accessibleName() == (
        "Veranstaltungen: 3 2 durchgeführt, 1 abgesagt"
    )

    # The charts, and their numbers for a screen reader; the cancelled Fachtag is left out.
    assert view.reach_chart.values() == [("22.03.2017", 2), ("25.10.2017", 3)]
    description = view.reach_chart.accessibleDescription()
    assert "22.03.2017 Werkstattgespräch Stuttgart: 2 Kommunen, davon 2 Mitglieder und 0 " \
        "Nichtmitglieder" in description
    assert "25.10.2017 Werkstattgespräch Ulm: 3 Kommunen, davon 2 Mitglieder und 1 " \
        "Nichtmitglieder" in description
    assert view.region_chart.values() == [("Stuttgart", 1), ("Tübingen", 2)]
    assert view.region_chart.accessibleDescription() == "Stuttgart: 1; Tübingen: 2"

    # The tables: the alternative to the charts.
    for model in (view.events_model, view.reach_model, view.guests_model):
        qtmodeltester.check(model)  # type: ignore[attr-defined]
    assert _cells(view.events_model, 0) == [
        "22.03.2017", "Werkstattgespräch Stuttgart", "", "geplant", "1", "0", "1", "0", "4", "1",
    ]
    assert view.events_model.rowCount() == 3
    headers = [
        view.reach_model.headerData(c, Qt.Orientation.Horizontal)
        for c in range(view.reach_model.columnCount())
    ]
    assert headers == [
        "Veranstaltung", "Kommunen", "Mitglieder", "Nichtmitglieder", "Stuttgart", "Tübingen",
    ]
    assert _cells(view.reach_model, 3) == [
        "Gesamt (verschiedene Kommunen)", "3", "2", "1", "1", "2",
    ]
    assert view.series_label.text() == (
        "„Inklusive Quartiere“: 2 Veranstaltungen (2 durchgeführt), 5 Personen mit 6 "
        "Teilnahmen, 1 davon mehrmals dabei."
    )
    assert [_cells(view.guests_model, r)[1:4] for r in range(view.guests_model.rowCount())] == [
        ["Anna Adler", "Stadt Ulm", "2"],
        ["Ben Becker", "Universitätsstadt Tübingen", "1"],
        ["Emil Engel", "Landkreis Böblingen", "1"],
        ["Gina Graf", "", "1"],
    ]

    # One series only.
    with qtbot.waitSignal(view.statistics_shown, timeout=20_000):
        view.set_series(data.SERIES)
    assert view.events_model.rowCount() == 2
    assert view.period_label.text() == "01.01.2017 – 31.12.2017 · Reihe „Inklusive Quartiere“"

    # The PDF, rendered off the GUI thread, into the preview.
    shown: list[RenderedDocument] = []
    monkeypatch.setattr(
        ReportDialogs, "show_document", classmethod(lambda cls, p, s, r: shown.append(r))
    )
    view.report_pdf()
    qtbot.waitUntil(lambda: bool(shown), timeout=30_000)
    assert shown[0].kind == "event_report" and shown[0].pdf.startswith(b"%PDF")
    assert shown[0].snapshot["statistics"]["series"] == data.SERIES
    assert shown[0].suggested_file_name == "Veranstaltungsstatistik 2017 Inklusive Quartiere.pdf"
    assert view.pdf_button.isEnabled()

    # Excel, written whole by the atomic writer; a name without ending becomes .xlsx.
    folder = tmp_path / "export"
    folder.mkdir()
    target = folder / "veranstaltungen"
    monkeypatch.setattr(
        ReportDialogs, "export_file_name", classmethod(lambda cls, p, s: str(target))
    )
    view.export_table()
    written = target.with_suffix(".xlsx")
    qtbot.waitUntil(written.exists, timeout=20_000)
    workbook = openpyxl.load_workbook(written)
    assert workbook.sheetnames[:2] == ["Gesamt", "Veranstaltungen"]
    assert workbook["Veranstaltungen"].max_row == 1 + 2 + 1
    assert [p.name for p in folder.iterdir()] == ["veranstaltungen.xlsx"]  # no leftovers


def test_a_wrong_period_is_reported_at_the_events_tab(qtbot: QtBot, services: Services) -> None:
    page = ReportsPage(services)
    qtbot.addWidget(page)
    view = page.events
    view.from_field.setText("31.02.2017")
    view.update_statistics()
    assert not view.error_label.isHidden()
    assert "31.02.2017" in view.error_label.text()
    view.from_field.setText("01.12.2017")
    view.to_field.setText("01.01.2017")
    view.report_pdf()
    assert view.error_label.text() == "Das Ende des Zeitraums liegt vor seinem Anfang."
