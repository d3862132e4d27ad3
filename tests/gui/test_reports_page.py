"""Auswertungen with the demo data: Quartier 2020 member count, charts, PDF report, export,
Vernetzung. One demo database for the whole test (it takes a few seconds)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from beratung.gui.pages.reports import ReportsPage
from beratung.gui.reports.common import ReportDialogs
from beratung.services import Services
from beratung.services.contacts import ContactFilter
from beratung.services.demo import DemoService
from beratung.services.documents import RenderedDocument

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support grabbing the keyboard")


def test_statistics_page_answers_the_quartier_2020_question(
    qtbot: QtBot,
    qtmodeltester: object,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    services: Services,
) -> None:
    DemoService(services.context).create()
    programme = services.programmes.find_by_name("Quartier 2020")
    expected = services.statistics.application_phase_statistics(programme.id).totals

    page = ReportsPage(services)
    qtbot.addWidget(page)
    page.resize(1280, 800)
    with qtbot.waitSignal(page.statistics_shown, timeout=20_000):
        page.refresh()

    # the year 2017
    with qtbot.waitSignal(page.statistics_shown, timeout=20_000):
        page.set_year(2017)
    stats = page.statistics
    assert stats is not None
    assert (stats.period_from, stats.period_to) == (date(2017, 1, 1), date(2017, 12, 31))
    assert page.figures["consultations"].value_label.text() == str(stats.totals.consultations)
    assert stats.totals.consultations > 100
    months = page.month_chart.values()
    assert len(months) == 12 and months[0][0] == "Jan"
    assert sum(v for _l, v in months) == stats.totals.consultations
    topics = [v for _l, v in page.topic_chart.values()]
    assert topics == sorted(topics, reverse=True) and topics
    assert page.tables["by_kreis"].rowCount() == len(stats.by_kreis)
    qtmodeltester.check(page.tables["by_topic"])  # type: ignore[attr-defined]

    # Quartier 2020, application phase: start to deadline
    page.set_programme("Quartier 2020")
    assert page.phase_button.isEnabled()
    with qtbot.waitSignal(page.statistics_shown, timeout=20_000):
        page.use_application_phase()
    qtbot.waitUntil(
        lambda: (
            page.statistics is not None
            and page.statistics.programme_id == programme.id
            and page.statistics.period_from == programme.starts_on
        ),
        timeout=20_000,
    )
    assert page.from_field.value() == programme.starts_on
    assert page.to_field.value() == programme.deadline
    members = page.figures["members"].value_label.text()
    assert members == str(expected.members)
    assert expected.members > 0
    answer = page.answer_label.text()
    assert f"{expected.members} Mitgliedskommunen" in answer
    assert "Quartier 2020" in answer and "01.03.2017" in answer

    # the PDF report, rendered off the GUI thread
    shown: list[RenderedDocument] = []
    monkeypatch.setattr(
        ReportDialogs, "show_document", classmethod(lambda cls, p, s, r: shown.append(r))
    )
    page.report_pdf()
    qtbot.waitUntil(lambda: bool(shown), timeout=30_000)
    assert shown[0].pdf.startswith(b"%PDF")
    assert shown[0].kind == "consultation_report"
    assert shown[0].suggested_file_name.startswith("Beratungsstatistik ")
    assert shown[0].snapshot["statistics"]["programme_name"] == "Quartier 2020"

    # export as CSV
    target = tmp_path / "statistik.csv"
    monkeypatch.setattr(
        ReportDialogs, "export_file_name", classmethod(lambda cls, p, s: str(target))
    )
    page.export_table()
    qtbot.waitUntil(target.exists, timeout=20_000)
    assert target.stat().st_size > 0

    # Vernetzung: Ulm → others on the same topics
    page.tabs.setCurrentWidget(page.networking)
    ulm = services.contacts.list_organisations(ContactFilter(search="Stadt Ulm"))[0]
    with qtbot.waitSignal(page.networking.matches_shown, timeout=20_000):
        page.networking.show_for(ulm.id, ulm.name)
    model = page.networking.model
    matches = services.statistics.networking(ulm.id)
    assert model.rowCount() == len(matches)
    if matches:
        assert model.index(0, 0).data() == matches[0].name
        assert page.networking.detail.toPlainText()


def test_wrong_period_is_reported_not_guessed(qtbot: QtBot, services: Services) -> None:
    page = ReportsPage(services)
    qtbot.addWidget(page)
    page.from_field.setText("31.02.2017")
    page.update_statistics()
    assert not page.error_label.isHidden()
    assert "31.02.2017" in page.error_label.text()
