"""Veranstaltungen: the list (upcoming/past, counts, places), the tabs Details, Tagesordnung and
Dokumente, and the venue, date-helper and copy dialogs — on SQLite and PostgreSQL.

Widgets are driven through their own methods (``setText``, ``trigger``); dialogs through their
classmethod entry points, which the tests replace. Umlauts are typed with ``setText``, never
``keyClicks`` (which aborts the process offscreen on non-ASCII text).
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from events_helpers import BEFORE, at, berlin, make_event, make_people, unnamed_focus_widgets
from icalendar import Calendar
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from beratung.domain.enums import RegistrationStatus
from beratung.gui.events.agenda import AgendaDialogs, AgendaItemDialog
from beratung.gui.events.common import PlanningDialogs
from beratung.gui.events.copy_dialog import CopyDialog, CopyRequest
from beratung.gui.events.dates_dialog import DatesDialog
from beratung.gui.events.documents import DocumentsTab
from beratung.gui.events.list import FRACTION_ROLE, PLACES_COLUMN
from beratung.gui.events.venue_dialog import VenueDialog, VenueDialogs, VenueResult
from beratung.gui.main_window import MainWindow
from beratung.gui.operations import wait_for_operations
from beratung.gui.pages.events import EventsPage
from beratung.gui.pages.overview import OverviewPage
from beratung.services import Services
from beratung.services.events.snapshots import AgendaItemInput, EventInput, Invitee, VenueInput
from beratung.services.followups import FollowUpDraft

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


@pytest.fixture
def svc(services: Services) -> Services:
    """The services on 1 October 2017: the Werkstattgespräch of 25 October is ahead."""
    return at(services, BEFORE)


@pytest.fixture
def page(qtbot: QtBot, svc: Services) -> EventsPage:
    events_page = EventsPage(svc)
    qtbot.addWidget(events_page)
    events_page.resize(1280, 800)
    events_page.show()
    return events_page


def settle(qtbot: QtBot) -> None:
    """Let the operations worker finish and its results reach the widgets."""
    wait_for_operations()
    qtbot.wait(10)
    wait_for_operations()


def past_event(svc: Services) -> int:
    return svc.events.create_event(
        EventInput(
            title="Werkstattgespräch Reutlingen",
            series="Inklusive Quartiere",
            starts_at=berlin(2017, 5, 17, 10),
            ends_at=berlin(2017, 5, 17, 16),
            capacity=40,
        )
    ).id


def period_texts(page: EventsPage) -> list[str]:
    return [page.period_bar.tabText(i) for i in range(page.period_bar.count())]


def list_titles(page: EventsPage) -> list[str]:
    return [page.model.row_at(r).title for r in range(page.model.rowCount())]


# --------------------------------------------------------------------------------------------
# The list


def test_the_list_shows_upcoming_and_past_events_with_counts_and_places(
    qtbot: QtBot, qtmodeltester: Any, svc: Services, page: EventsPage
) -> None:
    people = make_people(svc)
    upcoming = make_event(svc, capacity=3)
    past_event(svc)
    svc.events.invite_persons(upcoming, [Invitee(people[k]) for k in ("anna", "ben", "cem")])
    svc.events.register_person(upcoming, people["anna"], companions=1)
    svc.events.decline_registration(upcoming, people["ben"])

    page.refresh()
    assert period_texts(page) == ["Anstehende (1)", "Vergangene (1)", "Alle (2)"]
    assert page.period() == "upcoming"
    assert list_titles(page) == ["Werkstattgespräch Ulm"]
    qtmodeltester.check(page.model)
    row = page.model.index(0, 0)
    assert page.model.data(row) == "Mi 25.10.2017"
    assert page.model.data(row, Qt.ItemDataRole.ToolTipRole) == "Mi 25.10.2017, 10:00–16:00"
    assert page.model.data(page.model.index(0, 2)) == "Ulm"
    answers = page.model.index(0, 4)
    assert page.model.data(answers) == "1 angemeldet · 1 ohne Antwort"
    assert "abgesagt: 1" in page.model.data(answers, Qt.ItemDataRole.ToolTipRole)
    places = page.model.index(0, PLACES_COLUMN)
    assert page.model.data(places) == "2 von 3"
    assert page.model.data(places, FRACTION_ROLE) == pytest.approx(2 / 3)
    assert "1 frei" in page.model.data(places, Qt.ItemDataRole.AccessibleTextRole)
    # the first event is shown in the tabs at once
    assert page.current() is not None and page.current().id == upcoming
    assert "Werkstattgespräch Ulm" in page.event_heading.text()

    page.period_bar.setCurrentIndex(1)
    assert list_titles(page) == ["Werkstattgespräch Reutlingen"]
    page.period_bar.setCurrentIndex(2)
    assert list_titles(page) == ["Werkstattgespräch Ulm", "Werkstattgespräch Reutlingen"]


def test_a_full_event_says_so_in_words_not_only_in_colour(svc: Services, page: EventsPage) -> None:
    people = make_people(svc)
    event_id = make_event(svc, capacity=2)
    for key in ("anna", "cem"):
        svc.events.register_person(event_id, people[key])
    page.refresh()
    assert page.model.data(page.model.index(0, PLACES_COLUMN)) == "2 von 2 – ausgebucht"


def test_an_empty_list_tells_what_to_do(svc: Services, page: EventsPage) -> None:
    page.refresh()
    assert page.empty_label.isVisible()
    assert "Neue Veranstaltung" in page.empty_label.text()
    assert not page.copy_action.isEnabled() and not page.delete_action.isEnabled()
    assert page.details is not None and page.details.placeholder.isVisible()


def test_the_page_starts_with_past_events_when_none_lie_ahead(
    svc: Services, page: EventsPage
) -> None:
    past_event(svc)
    page.refresh()
    assert page.period() == "past"
    assert list_titles(page) == ["Werkstattgespräch Reutlingen"]


def test_the_overview_tile_opens_the_events_page(window: MainWindow, services: Services) -> None:
    past_event(services)
    overview = window.show_page("overview")
    assert isinstance(overview, OverviewPage)
    overview.tiles["events"].activated.emit()
    assert window.current_key() == "events"
    events = window.page("events")
    assert isinstance(events, EventsPage)
    assert list_titles(events) == ["Werkstattgespräch Reutlingen"]


def test_every_control_is_named_and_reached_by_tab(svc: Services, page: EventsPage) -> None:
    make_event(svc)
    page.refresh()
    assert unnamed_focus_widgets(page) == []
    for index in range(page.tabs.count()):
        page.tabs.setCurrentIndex(index)
        assert unnamed_focus_widgets(page.tabs.currentWidget()) == []
    details = page.details
    assert details is not None
    for widget in details.tab_order:
        assert widget.focusPolicy() & Qt.FocusPolicy.TabFocus, widget.objectName()


def test_the_form_columns_stack_instead_of_being_cut_off(
    qtbot: QtBot, svc: Services, page: EventsPage
) -> None:
    """Beside each other they need more room than a 1280 px main window gives the form; the right
    column (description, notes) was cut off with no scroll bar. Now every field lies within
    the area's width, side by side on a wide screen and stacked on a narrow one."""
    make_event(svc)
    page.refresh()
    settle(qtbot)
    details = page.details
    assert details is not None
    viewport = details.form_scroll.viewport()

    def right_edges() -> list[int]:
        return [
            widget.mapTo(viewport, widget.rect().topRight()).x()
            for widget in (details.description, details.notes, details.title_edit)
        ]

    # 800: stacked, one column still fits (the page's own rows wrap, so it could get narrower
    # than a column, and the form's area would scroll sideways)
    for width, stacked in ((800, True), (2400, False)):
        page.resize(width, 800)
        qtbot.wait(30)
        assert (
            details.reflow.columns.direction() == QBoxLayout.Direction.TopToBottom
        ) is stacked
        assert max(right_edges()) <= viewport.width(), (width, right_edges(), viewport.width())


def test_show_event_opens_an_event_and_says_when_it_is_gone(
    svc: Services, page: EventsPage
) -> None:
    past = past_event(svc)
    make_event(svc)
    page.refresh()
    page.show_event(past)
    assert page.current() is not None and page.current().id == past
    assert page.period() == "all"
    page.show_event(99_999)
    assert page.info.isVisible()
    assert page.current() is None


# --------------------------------------------------------------------------------------------
# Details: create, edit, planning warnings, bad input


def fill_new(page: EventsPage, title: str, day: str, start: str = "10:00") -> None:
    details = page.details
    assert details is not None
    details.title_edit.setText(title)
    details.start_date.setText(day)
    details.start_time.setText(start)
    details.end_time.setText("16:00")


def test_a_new_event_is_created_from_the_details_form(
    qtbot: QtBot, svc: Services, page: EventsPage
) -> None:
    page.refresh()
    page.new_action.trigger()
    details = page.details
    assert details is not None and details.is_new()
    assert page.event_heading.text() == "Neue Veranstaltung"
    # the other tabs wait until the event is stored
    assert [page.tabs.isTabEnabled(i) for i in range(page.tabs.count())] == [True] + [False] * 5
    fill_new(page, "Fachtag Inklusion", "15.11.2017")
    details.series.setEditText("Inklusive Quartiere")
    details.capacity.setValue(80)
    details.deadline.setText("1.11.17")
    assert details.when_note.text() == "Mittwoch, 15. November 2017, 10:00–16:00 Uhr"
    details.save()
    settle(qtbot)
    stored = svc.events.list_events()
    assert [e.title for e in stored] == ["Fachtag Inklusion"]
    detail = svc.events.get_event(stored[0].id)
    assert detail.capacity == 80
    assert detail.registration_deadline == date(2017, 11, 1)
    assert detail.series == "Inklusive Quartiere"
    assert list_titles(page) == ["Fachtag Inklusion"]
    assert page.current() is not None and page.current().id == detail.id
    assert all(page.tabs.isTabEnabled(i) for i in range(page.tabs.count()))
    assert details.state_label.text() == "Gespeichert"


def test_an_edit_is_saved_and_the_list_follows(
    qtbot: QtBot, svc: Services, page: EventsPage
) -> None:
    event_id = make_event(svc)
    page.refresh()
    details = page.details
    assert details is not None
    details.title_edit.setText("Werkstattgespräch Ulm – Quartiere")
    assert details.has_unsaved_changes()
    assert details.save_button.isEnabled()
    details.save()
    settle(qtbot)
    assert svc.events.get_event(event_id).title == "Werkstattgespräch Ulm – Quartiere"
    assert list_titles(page) == ["Werkstattgespräch Ulm – Quartiere"]
    assert not details.has_unsaved_changes()


def test_the_details_show_the_events_follow_ups_and_a_new_event_none(
    qtbot: QtBot, svc: Services, page: EventsPage
) -> None:
    event_id = make_event(svc)
    svc.followups.create_follow_up(
        FollowUpDraft(due=date(2017, 10, 10), note="Dolmetscherin bestätigen", event_id=event_id)
    )
    page.refresh()
    settle(qtbot)
    details = page.details
    assert details is not None
    box = details.follow_ups
    assert box.isVisibleTo(page) and box.accessibleName()
    assert box.current() is None or box.current().event_id == event_id
    model = box.table.model()
    assert model.rowCount() == 1
    assert "Dolmetscherin bestätigen" in [
        model.index(0, column).data() for column in range(model.columnCount())
    ]
    details.start_new()
    settle(qtbot)
    assert box.table.model().rowCount() == 0


def warnings_after(qtbot: QtBot, page: EventsPage) -> dict[str, str]:
    """The warnings once the debounced check has run (as while typing)."""
    details = page.details
    assert details is not None
    qtbot.waitUntil(lambda: not details.plan_timer.isActive(), timeout=10_000)
    return details.warnings()


def test_planning_warnings_appear_while_typing_and_never_block(
    qtbot: QtBot, svc: Services, page: EventsPage
) -> None:
    make_event(svc)  # 25.10.2017 in Ulm, its venue holds 120
    venue_id = svc.events.list_venues()[0].id
    page.refresh()
    page.new_action.trigger()
    details = page.details
    assert details is not None
    fill_new(page, "Netzwerktreffen", "03.10.2017")  # Tag der Deutschen Einheit, a Tuesday
    warnings = warnings_after(qtbot, page)
    assert "Feiertag in Baden-Württemberg" in warnings["starts_at"]
    assert warnings["starts_at"].startswith("Hinweis:")
    assert details.start_date.accessibleDescription() == warnings["starts_at"]

    details.start_date.setText("28.10.2017")  # a Saturday
    assert "Samstag" in warnings_after(qtbot, page)["starts_at"]

    details.start_date.setText("25.10.2017")  # the Werkstattgespräch in Ulm
    assert "„Werkstattgespräch Ulm“" in warnings_after(qtbot, page)["starts_at"]

    details.end_date.setText("26.10.2017")  # two days: a deadline on the second is allowed
    details.deadline.setText("26.10.2017")
    assert "nach dem Beginn" in warnings_after(qtbot, page)["registration_deadline"]

    details.venue.setCurrentIndex(details.venue.findData(venue_id))
    details.capacity.setValue(150)  # the venue holds 120
    found = warnings_after(qtbot, page)
    assert "fasst 120 Personen" in found["venue_id"]
    assert details.warning_labels["venue_id"].isVisible()

    # none of it blocks saving
    details.save()
    settle(qtbot)
    titles = [e.title for e in svc.events.list_events()]
    assert "Netzwerktreffen" in titles

    # a plain Thursday without anything else: no warnings left
    details.start_date.setText("16.11.2017")
    details.deadline.setText("")
    details.capacity.setValue(100)
    assert warnings_after(qtbot, page) == {}


def test_an_end_before_the_start_is_refused_in_german_and_nothing_is_written(
    qtbot: QtBot, svc: Services, page: EventsPage
) -> None:
    page.refresh()
    page.new_action.trigger()
    details = page.details
    assert details is not None
    fill_new(page, "Netzwerktreffen", "16.11.2017", start="14:00")
    details.end_time.setText("09:00")
    details.save()
    settle(qtbot)
    assert svc.events.list_events() == []
    assert details.feedback.invalid_field() == "ends_at"
    assert details.feedback.message("ends_at") == "Das Ende liegt vor dem Beginn."
    assert details.is_new() and details.has_unsaved_changes()


def test_a_deadline_after_the_event_is_refused_in_german(
    qtbot: QtBot, svc: Services, page: EventsPage
) -> None:
    page.refresh()
    page.new_action.trigger()
    details = page.details
    assert details is not None
    fill_new(page, "Netzwerktreffen", "16.11.2017")
    details.deadline.setText("20.11.2017")
    details.save()
    settle(qtbot)
    assert svc.events.list_events() == []
    assert details.feedback.invalid_field() == "registration_deadline"
    assert "Anmeldeschluss" in details.feedback.message("registration_deadline") or (
        "Anmeldefrist" in details.feedback.message("registration_deadline")
    )


def test_a_date_that_is_no_date_is_said_at_the_field(svc: Services, page: EventsPage) -> None:
    page.refresh()
    page.new_action.trigger()
    details = page.details
    assert details is not None
    details.start_date.setText("31.02.2017")
    assert details.feedback.is_marked("starts_at")
    assert details.feedback.message("starts_at")
    details.save()
    assert svc.events.list_events() == []


def test_fewer_places_than_taken_offers_the_waiting_list(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, svc: Services, page: EventsPage
) -> None:
    from beratung.gui.events.common import CapacityAnswer

    people = make_people(svc)
    event_id = make_event(svc, capacity=3)
    for key in ("anna", "ben", "cem"):
        svc.events.register_person(event_id, people[key])
    asked: list[tuple[str, int, int]] = []

    def answer(cls: Any, parent: QWidget, message: str, *, taken: int, capacity: int) -> Any:
        asked.append((message, taken, capacity))
        return CapacityAnswer.WAITLIST

    monkeypatch.setattr(PlanningDialogs, "capacity_conflict", classmethod(answer))
    page.refresh()
    details = page.details
    assert details is not None
    details.capacity.setValue(2)
    details.save()
    settle(qtbot)
    settle(qtbot)
    assert asked and asked[0][1:] == (3, 2)
    assert "3" in asked[0][0]
    detail = svc.events.get_event(event_id)
    assert detail.capacity == 2
    assert detail.counts.waitlisted == 1


# --------------------------------------------------------------------------------------------
# Tagesordnung


def test_agenda_items_are_added_edited_and_reordered_by_keyboard(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, svc: Services, page: EventsPage
) -> None:
    event_id = make_event(svc)
    for title in ("Begrüßung", "Impulsvortrag", "Austausch"):
        svc.events.add_agenda_item(event_id, AgendaItemInput(title=title))
    page.refresh()
    page.tabs.setCurrentIndex(1)
    agenda = page.event_tabs[1]
    from beratung.gui.events.agenda import AgendaTab

    assert isinstance(agenda, AgendaTab)
    assert agenda.titles() == ["Begrüßung", "Impulsvortrag", "Austausch"]

    # add: the dialog's entry point saves as the dialog would
    monkeypatch.setattr(
        AgendaItemDialog,
        "edit",
        classmethod(
            lambda cls, parent, services, ev, item=None: services.events.add_agenda_item(
                ev, AgendaItemInput(title="Mittagspause")
            )
        ),
    )
    agenda.add_button.click()
    assert agenda.titles()[-1] == "Mittagspause"
    assert agenda.current_item() is not None and agenda.current_item().title == "Mittagspause"

    # reorder from the keyboard: Alt+Up twice moves the current item two places up
    page.window().activateWindow()
    agenda.table.setFocus()
    for _ in range(2):
        qtbot.keyClick(agenda.table, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
        settle(qtbot)
    assert agenda.titles() == ["Begrüßung", "Mittagspause", "Impulsvortrag", "Austausch"]
    assert agenda.current_item() is not None and agenda.current_item().title == "Mittagspause"
    qtbot.keyClick(agenda.table, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    settle(qtbot)
    assert [i.title for i in svc.events.get_event(event_id).agenda] == [
        "Begrüßung",
        "Impulsvortrag",
        "Mittagspause",
        "Austausch",
    ]

    # delete with the Delete key, after asking
    monkeypatch.setattr(AgendaDialogs, "confirm_delete", classmethod(lambda cls, p, t: True))
    qtbot.keyClick(agenda.table, Qt.Key.Key_Delete)
    settle(qtbot)
    assert agenda.titles() == ["Begrüßung", "Impulsvortrag", "Austausch"]


def test_the_agenda_dialog_saves_times_and_refuses_an_end_before_the_start(
    qtbot: QtBot, svc: Services
) -> None:
    event_id = make_event(svc)
    dialog = AgendaItemDialog(svc, event_id)
    qtbot.addWidget(dialog)
    dialog.starts.setText("11:00")
    dialog.ends.setText("10:30")
    dialog.title.setText("Impulsvortrag")
    dialog.speaker.setText("Dr. Jürgen Weiß")
    dialog.save()
    assert dialog.feedback.message("agenda_ends") == "Das Ende liegt vor dem Beginn."
    assert svc.events.get_event(event_id).agenda == ()
    dialog.ends.setText("11:45")
    dialog.save()
    settle(qtbot)
    assert dialog.result_value is not None
    (item,) = svc.events.get_event(event_id).agenda
    assert (item.title, item.speaker) == ("Impulsvortrag", "Dr. Jürgen Weiß")
    assert (item.starts_at.isoformat(), item.ends_at and item.ends_at.isoformat()) == (
        "11:00:00",
        "11:45:00",
    )

    edit = AgendaItemDialog(svc, event_id, item)
    qtbot.addWidget(edit)
    assert edit.starts.text() == "11:00" and edit.title.text() == "Impulsvortrag"
    edit.title.setText("")
    edit.save()
    settle(qtbot)
    assert edit.feedback.message("agenda_title")
    assert edit.result_value is None


# --------------------------------------------------------------------------------------------
# Venues


def test_the_venue_dialog_keeps_unknown_as_a_third_state_and_the_event_names_it(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, svc: Services, page: EventsPage
) -> None:
    dialog = VenueDialog(svc)
    qtbot.addWidget(dialog)
    assert unnamed_focus_widgets(dialog) == []
    combo = dialog.checks["hearing_loop"]
    assert [combo.itemText(i) for i in range(combo.count())] == ["ja", "nein", "unbekannt"]
    assert all(dialog.check(key) is None for key in dialog.checks)  # a new venue: all unknown
    dialog.name.setText("Haus der Begegnung")
    dialog.room.setText("Großer Saal")
    dialog.street.setText("Grüner Hof 7")
    dialog.postcode.setText("89073")
    dialog.town.setText("Ulm")
    dialog.capacity.setValue(120)
    for key in ("step_free_access", "lift", "accessible_wc"):
        dialog.set_check(key, True)
    dialog.set_check("tactile_guidance", False)
    dialog.save()
    settle(qtbot)
    assert dialog.result_value is not None and dialog.result_value.venue is not None
    venue = dialog.result_value.venue
    assert {item.key: item.value for item in venue.checklist}["tactile_guidance"] is False
    assert venue.unknown == (
        "Induktionsschleife",
        "Behindertenparkplatz",
        "Barrierefreie Anreise mit Bus und Bahn",
        "Ruheraum",
    )

    # the event shows what is still unknown
    make_event(svc, venue_id=venue.id)
    page.refresh()
    details = page.details
    assert details is not None
    assert details.venue.currentData() == venue.id
    assert details.venue_open.isVisible()
    assert details.venue_open.text() == (
        "Noch offen: Induktionsschleife, Behindertenparkplatz, "
        "Barrierefreie Anreise mit Bus und Bahn, Ruheraum"
    )
    assert "nicht vorhanden: Taktiles Leitsystem" in details.venue_summary.text()
    assert "Noch offen" in details.venue.accessibleDescription()

    # "Neuer Ort …" from the form: the dialog's result is chosen
    other = svc.events.create_venue(VenueInput(name="Rathaus", town="Reutlingen"))
    monkeypatch.setattr(
        VenueDialog, "edit", classmethod(lambda cls, parent, s, v=None: VenueResult(venue=other))
    )
    details.new_venue_action.trigger()
    assert details.venue.currentData() == other.id
    assert details.has_unsaved_changes()


def test_a_venue_in_use_is_not_deleted_and_the_dialog_says_why(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, svc: Services
) -> None:
    make_event(svc)
    venue = svc.events.list_venues()[0]
    monkeypatch.setattr(VenueDialogs, "confirm_delete", classmethod(lambda cls, p, n: True))
    dialog = VenueDialog(svc, venue)
    qtbot.addWidget(dialog)
    dialog.delete()
    settle(qtbot)
    assert dialog.result_value is None
    assert "wird noch verwendet" in dialog.summary.text()
    assert "„Werkstattgespräch Ulm“" in dialog.summary.text()
    assert svc.events.get_venue(venue.id).name == venue.name

    unused = svc.events.create_venue(VenueInput(name="Bürgersaal", town="Biberach"))
    dialog = VenueDialog(svc, unused)
    qtbot.addWidget(dialog)
    dialog.delete()
    settle(qtbot)
    assert dialog.result_value == VenueResult(deleted_id=unused.id)
    assert [v.id for v in svc.events.list_venues()] == [venue.id]


# --------------------------------------------------------------------------------------------
# Date helper


def test_the_date_helper_proposes_dates_and_skips_holidays(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, svc: Services, page: EventsPage
) -> None:
    dialog = DatesDialog(svc, date(2017, 9, 1))
    qtbot.addWidget(dialog)
    assert unnamed_focus_widgets(dialog) == []
    dialog.rule.setText("jeden 1. Dienstag im Oktober")
    dialog.count.setValue(2)
    dialog.propose()
    texts = dialog.shown_texts()
    assert texts[0] == (
        "Dienstag, 3. Oktober 2017 – übersprungen: Feiertag (Tag der Deutschen Einheit)"
    )
    assert dialog.understood.text().startswith("Verstanden: ")
    # the skipped holiday cannot be taken; the first real proposal is current
    assert dialog.list.currentRow() == 1
    assert texts[1].startswith("Dienstag, 2. Oktober 2018")
    dialog.take()
    assert dialog.chosen == date(2018, 10, 2)

    wrong = DatesDialog(svc, date(2017, 9, 1))
    qtbot.addWidget(wrong)
    wrong.rule.setText("jeden 5. Mittwoch im Monat")
    wrong.propose()
    assert wrong.feedback.message("recurrence")
    assert wrong.shown_texts() == []
    assert not wrong.take_button.isEnabled()

    # the form takes the chosen date
    monkeypatch.setattr(
        DatesDialog, "choose", classmethod(lambda cls, parent, s, start: date(2018, 3, 21))
    )
    page.refresh()
    page.new_action.trigger()
    details = page.details
    assert details is not None
    details.propose_button.click()
    assert details.start_date.text() == "21.03.2018"


# --------------------------------------------------------------------------------------------
# Kopieren and Löschen


def test_kopieren_makes_the_next_event_with_agenda_venue_and_invitees_only(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, svc: Services, page: EventsPage
) -> None:
    people = make_people(svc)
    source = make_event(svc, capacity=3, series="Inklusive Quartiere")
    svc.events.add_agenda_item(source, AgendaItemInput(title="Begrüßung"))
    svc.events.add_agenda_item(source, AgendaItemInput(title="Austausch"))
    svc.events.invite_persons(source, [Invitee(people[k]) for k in ("anna", "ben", "cem")])
    svc.events.register_person(source, people["anna"])
    svc.events.decline_registration(source, people["ben"])
    page.refresh()

    dialog = CopyDialog(svc, svc.events.get_event(source))
    qtbot.addWidget(dialog)
    assert dialog.start_time.text() == "10:00"
    assert dialog.title.text() == "Werkstattgespräch Ulm"
    dialog.start_date.setText("21.3.18")
    assert dialog.feedback.field("starts_at").label.text() == "Mittwoch, 21. März 2018"
    request = dialog.values()
    assert request.starts_at == datetime(2018, 3, 21, 10, tzinfo=request.starts_at.tzinfo)

    monkeypatch.setattr(
        CopyDialog,
        "ask",
        classmethod(
            lambda cls, parent, s, ev: CopyRequest(berlin(2018, 3, 21), "Werkstattgespräch 2018")
        ),
    )
    page.copy_action.trigger()
    settle(qtbot)
    copies = [e for e in svc.events.list_events() if e.title == "Werkstattgespräch 2018"]
    assert len(copies) == 1
    copy = svc.events.get_event(copies[0].id)
    original = svc.events.get_event(source)
    assert [i.title for i in copy.agenda] == ["Begrüßung", "Austausch"]
    assert copy.venue is not None and original.venue is not None
    assert copy.venue.id == original.venue.id
    assert copy.series == "Inklusive Quartiere"
    assert copy.registration_deadline == date(2018, 3, 9)  # moved with the start
    assert copy.counts.total == 3
    assert copy.counts.invited == 3  # invited again, without their answers
    assert copy.counts.registered == 0 and copy.counts.declined == 0
    statuses = {r.status for r in svc.events.list_registrations(copy.id)}
    assert statuses == {RegistrationStatus.INVITED}
    # the page shows the copy
    assert page.current() is not None and page.current().id == copy.id


def test_deleting_an_event_with_registrations_asks_twice_and_names_how_many(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, svc: Services, page: EventsPage
) -> None:
    people = make_people(svc)
    event_id = make_event(svc)
    svc.events.invite_persons(event_id, [Invitee(people["anna"]), Invitee(people["ben"])])
    page.refresh()
    asked: list[tuple[str, str]] = []
    answers = iter([False])
    monkeypatch.setattr(
        PlanningDialogs,
        "ask",
        classmethod(
            lambda cls, parent, text, informative, yes, warning=False: (
                asked.append((text, informative)) or next(answers)
            )
        ),
    )
    page.delete_action.trigger()
    settle(qtbot)
    assert asked == [
        (
            "„Werkstattgespräch Ulm“ löschen?",
            "Die Veranstaltung hat 2 Einladung(en) und Anmeldung(en); sie würden mit gelöscht. "
            "Eine abgesagte Veranstaltung setzen Sie besser auf den Status „abgesagt“.",
        )
    ]
    assert svc.events.get_event(event_id).title == "Werkstattgespräch Ulm"

    asked.clear()
    answers = iter([True, True])
    page.delete_action.trigger()
    settle(qtbot)
    assert len(asked) == 2
    assert "2 Einladung(en)" in asked[1][0]
    assert svc.events.list_events() == []
    assert page.current() is None
    assert page.empty_label.isVisible()


def test_deleting_an_event_without_registrations_asks_once(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, svc: Services, page: EventsPage
) -> None:
    make_event(svc)
    page.refresh()
    asked: list[str] = []
    monkeypatch.setattr(
        PlanningDialogs,
        "ask",
        classmethod(
            lambda cls, parent, text, informative, yes, warning=False: asked.append(yes) or True
        ),
    )
    page.delete_action.trigger()
    settle(qtbot)
    assert asked == ["Löschen"]
    assert svc.events.list_events() == []


# --------------------------------------------------------------------------------------------
# Dokumente


def test_the_calendar_file_is_exported_from_the_documents_tab(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, svc: Services, page: EventsPage
) -> None:
    event_id = make_event(svc)
    svc.events.add_agenda_item(event_id, AgendaItemInput(title="Begrüßung"))
    page.refresh()
    documents = page.event_tabs[-1]
    assert isinstance(documents, DocumentsTab)
    page.tabs.setCurrentWidget(documents)
    suggested: list[str] = []
    target = tmp_path / "termin"  # without the suffix: it is added

    def file_name(cls: Any, parent: QWidget, name: str) -> str:
        suggested.append(name)
        return str(target)

    monkeypatch.setattr(PlanningDialogs, "calendar_file_name", classmethod(file_name))
    assert documents.calendar_button.isEnabled()
    documents.calendar_button.click()
    settle(qtbot)
    assert suggested == ["Werkstattgespräch-Ulm-2017-10-25.ics"]
    written = tmp_path / "termin.ics"
    assert documents.last_calendar_file == written
    assert str(written) in documents.calendar_state.text()
    calendar = Calendar.from_ical(written.read_bytes())
    (vevent,) = calendar.walk("VEVENT")
    assert str(vevent["SUMMARY"]) == "Werkstattgespräch Ulm"
    assert "Begrüßung" in str(vevent["DESCRIPTION"])

    page.new_action.trigger()
    assert not page.tabs.isTabEnabled(page.tabs.indexOf(documents))
    assert not documents.calendar_button.isEnabled()
