"""Wiedervorlagen on the Übersicht: created in the entry form with "in 2 Wochen", shown when due,
done with "Erledigt", opened with a double-click; the panel's counts match the tile."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from beratung.domain.enums import OrganisationKind
from beratung.gui.consultations.form import ConsultationForm
from beratung.gui.main_window import MainWindow
from beratung.gui.pages.consultations import ConsultationsPage
from beratung.gui.pages.overview import OverviewPage
from beratung.services import Services
from beratung.services.contacts import OrganisationInput
from beratung.services.followups import FollowUpDraft

MONDAY = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def at(services: Services, moment: datetime) -> Services:
    """The same database seen on another day (fixed clock)."""
    return Services.create(dataclasses.replace(services.context, clock=lambda: moment))


@pytest.fixture
def monday(services: Services) -> Iterator[Services]:
    yield at(services, MONDAY)


def test_follow_up_in_two_weeks_appears_when_due(qtbot: QtBot, monday: Services) -> None:
    org = monday.contacts.create_organisation(
        OrganisationInput(name="Stadt Ulm", kind=OrganisationKind.MUNICIPALITY, is_member=True)
    )
    form = ConsultationForm(monday, monday.consultations.draft_for_organisation(org.id))
    qtbot.addWidget(form)
    form.follow_up_due.setText("in 2 Wochen")
    assert form.follow_up_due.feedback.text() == "Montag, 16. März 2026"
    form.follow_up_note.setText("Nachfragen, ob der Antrag gestellt ist")
    with qtbot.waitSignal(form.saved, timeout=10_000) as blocker:
        form.save()
    consultation_id = blocker.args[0].detail.id
    assert blocker.args[0].follow_up_id is not None

    # the same day: nothing due yet
    window = MainWindow(monday)
    qtbot.addWidget(window)
    overview = window.page("overview")
    assert isinstance(overview, OverviewPage)
    overview.refresh()
    assert overview.follow_ups.model.rowCount() == 0
    assert "0 überfällig" in overview.follow_ups.summary_label.text()

    # two weeks later it is due today, and the tile says the same
    later = at(monday, MONDAY + timedelta(days=14))
    window = MainWindow(later)
    qtbot.addWidget(window)
    window.show()
    overview = window.page("overview")
    assert isinstance(overview, OverviewPage)
    window.show_page("overview")
    panel = overview.follow_ups
    assert panel.counts() == (0, 1, 0)
    assert panel.model.index(0, 1).data() == "heute"
    assert panel.model.index(0, 2).data() == "Nachfragen, ob der Antrag gestellt ist"
    assert "Stadt Ulm" in panel.model.index(0, 3).data()
    assert overview.tiles["follow_ups"].value_label.text() == str(sum(panel.counts()[:2]))

    # a double-click opens the consultation it belongs to
    panel.select_row(0)
    panel.open_current()
    assert window.current_key() == "consultations"
    consultations = window.page("consultations")
    assert isinstance(consultations, ConsultationsPage)
    assert consultations.current_id() == consultation_id

    # "Erledigt" takes it off the list and the tile
    window.show_page("overview")
    panel.select_row(0)
    with qtbot.waitSignal(panel.changed, timeout=10_000):
        panel.done_button.click()
    assert panel.model.rowCount() == 0
    assert overview.tiles["follow_ups"].value_label.text() == "0"


def test_overdue_stand_out_and_counts_match_the_tile(qtbot: QtBot, monday: Services) -> None:
    org = monday.contacts.create_organisation(
        OrganisationInput(name="Gemeinde Beispiel", kind=OrganisationKind.MUNICIPALITY)
    )
    today = monday.context.today()
    for days, note in ((-3, "alt"), (0, "heute fällig"), (2, "Mittwoch"), (20, "später")):
        monday.followups.create_follow_up(
            FollowUpDraft(due=today + timedelta(days=days), note=note, organisation_id=org.id)
        )
    overview = OverviewPage(monday)
    qtbot.addWidget(overview)
    overview.refresh()
    panel = overview.follow_ups
    assert panel.counts() == (1, 1, 1)
    assert [panel.model.index(r, 2).data() for r in range(3)] == ["alt", "heute fällig", "Mittwoch"]
    overdue = panel.model.index(0, 0)
    assert overdue.data(Qt.ItemDataRole.FontRole).bold()
    assert panel.model.index(1, 0).data(Qt.ItemDataRole.FontRole) is None
    assert panel.model.index(0, 1).data() == "überfällig seit 3 Tagen"
    counts = monday.overview.counts()
    assert counts.due_follow_ups == 2
    assert overview.tiles["follow_ups"].value_label.text() == "2"
    assert "1 später" in panel.summary_label.text()


def test_long_overdue_items_are_told_in_months_and_years() -> None:
    from datetime import date

    from beratung.gui.consultations.followups import bucket_label

    class Item:
        def __init__(self, due_on: date) -> None:
            self.due_on = due_on

    today = date(2026, 11, 24)
    assert bucket_label(Item(date(2026, 11, 23)), today) == "überfällig seit 1 Tag"  # type: ignore[arg-type]
    assert bucket_label(Item(date(2026, 10, 25)), today) == "überfällig seit 30 Tagen"  # type: ignore[arg-type]
    assert bucket_label(Item(date(2026, 6, 1)), today) == "überfällig seit 5 Monaten"  # type: ignore[arg-type]
    assert bucket_label(Item(date(2025, 6, 1)), today) == "überfällig seit über einem Jahr"  # type: ignore[arg-type]
    assert bucket_label(Item(date(2017, 12, 12)), today) == "überfällig seit über 8 Jahren"  # type: ignore[arg-type]
