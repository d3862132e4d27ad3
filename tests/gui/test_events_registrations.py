"""Einladungen und Anmeldungen: the table and its model, the filter, bulk changes with the waiting
list, the invite dialog, the registration dialog — on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from typing import Any

import pytest
from events_helpers import (
    BEFORE,
    at,
    focus_order,
    make_event,
    make_people,
    mnemonics,
    unnamed_focus_widgets,
)
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QTabWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import event

from beratung.domain.enums import RegistrationStatus
from beratung.gui.events.invite_dialog import FROM_FILTER, FROM_LIST, SINGLE, InviteDialog
from beratung.gui.events.registration_common import EventDialogs, counts_text
from beratung.gui.events.registration_dialog import RegistrationDialog
from beratung.gui.events.registration_models import (
    NOTIFY,
    PROMOTED,
    REACH,
    RegistrationFilterProxy,
    RegistrationTableModel,
)
from beratung.gui.events.registrations import RegistrationsTab
from beratung.services import Services
from beratung.services.contacts import AffiliationInput, PersonInput
from beratung.services.events.snapshots import Invitee, StatusCounts

R = RegistrationStatus


@pytest.fixture
def svc(services: Services) -> Services:
    return at(services, BEFORE)


@pytest.fixture
def people(svc: Services) -> dict[str, int]:
    return make_people(svc)


def host(qtbot: QtBot, svc: Services, event_id: int) -> RegistrationsTab:
    """The tab in a test window, showing the event (as the page will)."""
    window = QTabWidget()
    qtbot.addWidget(window)
    tab = RegistrationsTab(svc)
    window.addTab(tab, tab.tab_title())
    window.resize(1280, 800)
    window.show()
    tab.set_event(svc.events.get_event(event_id))
    tab.host_window = window  # keep the window alive as long as the tab is used
    return tab


def invite(svc: Services, event_id: int, people: dict[str, int], *keys: str) -> None:
    svc.events.invite_persons(event_id, [Invitee(people[k]) for k in keys])


def names_in_view(tab: RegistrationsTab) -> list[str]:
    return [tab.proxy.row_at(r).name for r in range(tab.proxy.rowCount())]


# --------------------------------------------------------------------------------------------
# The model


def test_the_model_and_its_filter_pass_the_model_tester(
    qtmodeltester: Any, svc: Services, people: dict[str, int]
) -> None:
    event_id = make_event(svc, capacity=3)
    invite(svc, event_id, people, "anna", "ben", "cem", "dora", "ohne")
    svc.events.register_person(event_id, people["anna"], companions=2)
    svc.events.register_person(event_id, people["ben"])
    model = RegistrationTableModel()
    qtmodeltester.check(model)  # empty
    model.set_rows(svc.events.list_registrations(event_id))
    qtmodeltester.check(model)
    proxy = RegistrationFilterProxy()
    proxy.setSourceModel(model)
    proxy.sort(0)
    qtmodeltester.check(proxy)
    proxy.set_status(R.WAITLISTED)
    qtmodeltester.check(proxy)
    assert [proxy.row_at(r).name for r in range(proxy.rowCount())] == ["Ben Becker"]
    proxy.set_status(None)
    proxy.set_search("ohne")
    assert [proxy.row_at(r).name for r in range(proxy.rowCount())] == ["Ohneanschrift"]
    row = model.row_of_id(proxy.row_at(0).id)
    reach = model.data(model.index(row, REACH))
    assert reach == "keine Postanschrift, keine E-Mail"
    anna = model.row_of_id(next(r.id for r in model.rows() if r.name == "Anna Müller"))
    assert model.data(model.index(anna, 3)) == "3 (2 Begl.)"
    assert model.data(model.index(anna, 3), Qt.ItemDataRole.AccessibleTextRole) == (
        "3 Plätze, 2 Begleitpersonen"
    )


def test_one_query_set_per_load_whatever_the_number_of_rows(
    qtbot: QtBot, svc: Services, people: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """No query per row: loading the list costs the same statements for 2 rows as for 5, and
    one ``list_registrations`` call."""
    event_id = make_event(svc, capacity=None)
    invite(svc, event_id, people, "anna", "ben")
    tab = host(qtbot, svc, event_id)
    calls: list[int] = []
    original = svc.events.list_registrations

    def counted(event: int, **kwargs: Any) -> Any:
        calls.append(event)
        return original(event, **kwargs)

    monkeypatch.setattr(svc.events, "list_registrations", counted)
    statements: list[str] = []

    def count(*args: Any) -> None:
        statements.append(str(args[2]))

    engine = svc.db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        tab.reload()
        few = len(statements)
        invite(svc, event_id, people, "cem", "dora", "ohne")
        svc.events.register_person(event_id, people["cem"])
        statements.clear()
        tab.reload()
        many = len(statements)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert tab.model.rowCount() == 5
    assert calls == [event_id, event_id]
    assert many == few


# --------------------------------------------------------------------------------------------
# Counts, filter, search


def test_sorting_by_a_header_keeps_the_selection(
    qtbot: QtBot, svc: Services, people: dict[str, int]
) -> None:
    event_id = make_event(svc, capacity=None)
    invite(svc, event_id, people, "anna", "ben", "cem", "dora")
    tab = host(qtbot, svc, event_id)
    assert names_in_view(tab) == ["Ben Becker", "Dora Dietz", "Anna Müller", "Cem Yilmaz"]
    chosen = {row.id for row in tab.rows() if row.name in ("Ben Becker", "Anna Müller")}
    tab.select_ids(chosen)
    tab.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    assert names_in_view(tab) == ["Cem Yilmaz", "Anna Müller", "Dora Dietz", "Ben Becker"]
    assert set(tab.selected_ids()) == chosen
    tab.reload()  # a new load keeps the order chosen
    assert names_in_view(tab)[0] == "Cem Yilmaz"
    assert set(tab.selected_ids()) == chosen


def test_counts_above_the_table_and_the_status_filter(
    qtbot: QtBot, svc: Services, people: dict[str, int]
) -> None:
    event_id = make_event(svc, capacity=2)
    invite(svc, event_id, people, "anna", "ben", "cem", "dora", "ohne")
    for key in ("anna", "ben", "cem"):
        svc.events.register_person(event_id, people[key])
    svc.events.decline_registration(event_id, people["dora"])
    tab = host(qtbot, svc, event_id)
    assert tab.counts_label.text() == (
        "5 eingeladen · 2 angemeldet · 1 Warteliste · 1 abgesagt · 1 noch ohne Antwort"
    )
    assert "2 von 2 Plätzen vergeben, 0 frei" in tab.places_label.text()
    tab.set_status_filter(R.WAITLISTED)
    assert names_in_view(tab) == ["Cem Yilmaz"]
    assert tab.shown_label.text() == "1 von 5 angezeigt"
    tab.set_status_filter(None)
    tab.search.setText("dietz")
    tab.apply_search()
    assert names_in_view(tab) == ["Dora Dietz"]
    tab.search.setText("")
    tab.apply_search()
    assert len(names_in_view(tab)) == 5
    assert counts_text(StatusCounts(registered=60, waitlisted=3, invited=39)) == (
        "102 eingeladen · 60 angemeldet · 3 Warteliste · 39 noch ohne Antwort"
    )


# --------------------------------------------------------------------------------------------
# Bulk changes


def test_bulk_change_fills_the_waiting_list_and_reports_who_moved_up(
    qtbot: QtBot, svc: Services, people: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    event_id = make_event(svc, capacity=2)
    invite(svc, event_id, people, "anna", "ben", "cem", "dora", "ohne")
    tab = host(qtbot, svc, event_id)
    changes: list[bool] = []
    tab.changed.connect(lambda: changes.append(True))
    tab.select_ids({row.id for row in tab.rows()})
    assert tab.selection_label.text() == "5 ausgewählt:"
    tab.actions_by_name["markRegistered"][1].click()
    qtbot.waitUntil(lambda: "5 geändert" in tab.notice.text(), timeout=10_000)
    assert "3 davon auf der Warteliste (ausgebucht)." in tab.notice.text()
    assert changes == [True]
    counts = tab.counts()
    assert (counts.registered, counts.waitlisted) == (2, 3)
    registered = [row for row in tab.rows() if row.status is R.REGISTERED]
    first_waiting = next(row for row in tab.rows() if row.waitlist_position == 1)

    tab.select_ids({row.id for row in registered})
    tab.actions_by_name["markDeclined"][1].click()
    qtbot.waitUntil(lambda: "Absagen: 2 geändert" in tab.notice.text(), timeout=10_000)
    assert "noch zu benachrichtigen" in tab.notice.text()
    assert first_waiting.name in tab.notice.text()
    promoted = [row for row in tab.rows() if row.notify_pending]
    assert len(promoted) == 2
    row = tab.model.row_of_id(promoted[0].id)
    assert tab.model.data(tab.model.index(row, PROMOTED)) == "01.10.2017 – noch zu benachrichtigen"
    assert "2 Nachgerückte noch zu benachrichtigen" in tab.places_label.text()

    tab.set_status_filter(NOTIFY)
    assert sorted(names_in_view(tab)) == sorted(row.name for row in promoted)
    tab.select_ids({row.id for row in promoted})
    assert tab.actions_by_name["markNotified"][1].isEnabled()
    tab.actions_by_name["markNotified"][1].click()
    assert "Als benachrichtigt vermerkt" in tab.notice.text()
    assert names_in_view(tab) == []
    assert not any(row.notify_pending for row in tab.rows())
    row = tab.model.row_of_id(promoted[0].id)
    assert tab.model.data(tab.model.index(row, PROMOTED)) == "01.10.2017 – benachrichtigt"


def test_bulk_change_by_keyboard_alone(qtbot: QtBot, svc: Services, people: dict[str, int]) -> None:
    """Select with Umschalt+Pfeil, Tab to the step, Leertaste: no mouse needed."""
    event_id = make_event(svc, capacity=None)
    invite(svc, event_id, people, "anna", "ben", "cem")
    tab = host(qtbot, svc, event_id)
    table = tab.table
    table.setFocus()
    table.setCurrentIndex(tab.proxy.index(0, 0))
    table.selectRow(0)
    qtbot.keyClick(table, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    assert tab.selection_label.text() == "2 ausgewählt:"
    chosen = set(tab.selected_ids())
    qtbot.keyClick(table, Qt.Key.Key_Tab)
    first_step = tab.actions_by_name["markRegistered"][1]
    assert tab.window().focusWidget() is first_step
    qtbot.keyClick(first_step, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: "Anmelden: 2 geändert" in tab.notice.text(), timeout=10_000)
    registered = {row.id for row in tab.rows() if row.status is R.REGISTERED}
    assert registered == chosen
    assert set(tab.selected_ids()) == chosen  # the selection survives the reload


def test_registering_after_the_deadline_warns_before_and_after(
    qtbot: QtBot, svc: Services, people: dict[str, int]
) -> None:
    event_id = make_event(svc, capacity=None)  # deadline 13.10.2017
    invite(svc, event_id, people, "anna", "ben")
    late = at(svc, datetime(2017, 10, 20, 9, 0, tzinfo=UTC))
    dialog = RegistrationDialog(late, event_id)
    qtbot.addWidget(dialog)
    assert dialog.late_notice.isVisibleTo(dialog)
    assert dialog.late_notice.text().startswith("Der Anmeldeschluss war am 13.10.2017.")
    on_time = RegistrationDialog(svc, event_id)
    qtbot.addWidget(on_time)
    assert not on_time.late_notice.isVisibleTo(on_time)

    tab = host(qtbot, late, event_id)
    tab.select_ids({row.id for row in tab.rows()})
    tab.actions_by_name["markRegistered"][1].click()
    qtbot.waitUntil(lambda: "2 geändert" in tab.notice.text(), timeout=10_000)
    assert "Der Anmeldeschluss war am 13.10.2017." in tab.notice.text()
    assert tab.notice.property("tone") == "warning"


def test_a_long_step_can_be_cancelled_and_then_nothing_has_changed(
    qtbot: QtBot, svc: Services, people: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    event_id = make_event(svc, capacity=None)
    invite(svc, event_id, people, "anna", "ben", "cem")
    tab = host(qtbot, svc, event_id)
    before = tab.rows()
    release = threading.Event()
    real = svc.events.set_registration_status_many

    def slow(ids: list[int], status: R) -> Any:
        release.wait(10)  # the user clicks "Abbrechen" while the step runs
        return real(ids, status)

    monkeypatch.setattr(svc.events, "set_registration_status_many", slow)
    tab.select_ids({row.id for row in before})
    tab.actions_by_name["markRegistered"][1].click()
    assert tab.work.isVisibleTo(tab)
    assert tab.work.label.text() == "Anmelden: 3 Anmeldungen werden geändert …"
    assert not tab.actions_by_name["markDeclined"][1].isEnabled()  # nothing queues behind it
    assert not tab.invite_button.isEnabled()
    qtbot.keyClick(tab.table, Qt.Key.Key_Escape)  # Esc, as the button's tooltip says
    assert not tab.work.cancel_button.isEnabled()
    release.set()
    qtbot.waitUntil(lambda: not tab.work.running, timeout=10_000)
    assert tab.notice.text() == "Abgebrochen – es wurde nichts geändert."
    assert svc.events.list_registrations(event_id) == before
    assert tab.work.isHidden()
    assert tab.actions_by_name["markDeclined"][1].isEnabled()

    release.clear()
    tab.actions_by_name["markRegistered"][1].click()  # not cancelled: done as usual
    release.set()
    qtbot.waitUntil(lambda: "3 geändert" in tab.notice.text(), timeout=10_000)
    assert tab.work.isHidden()


def test_inviting_can_be_cancelled_and_the_dialog_stays_open(
    qtbot: QtBot, svc: Services, people: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    event_id = make_event(svc, capacity=None)
    release = threading.Event()
    real = svc.events.invite_contacts

    def slow(event: int, flt: Any) -> Any:
        release.wait(10)
        return real(event, flt)

    monkeypatch.setattr(svc.events, "invite_contacts", slow)
    dialog = InviteDialog(svc, event_id)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.tabs.setCurrentIndex(FROM_FILTER)
    dialog.filter_search.setText("Sozialplanung")
    dialog.update_filter_count()
    dialog.invite()
    assert dialog.work.isVisibleTo(dialog)
    dialog.cancel_button.click()  # "Abbrechen" while inviting stops the inviting
    release.set()
    qtbot.waitUntil(lambda: not dialog.busy, timeout=10_000)
    assert dialog.isVisible()
    assert dialog.notice.text() == "Abgebrochen – niemand wurde eingeladen."
    assert svc.events.list_registrations(event_id) == []
    assert dialog.invite_button.isEnabled()


def test_steps_that_do_not_apply_are_counted_as_unchanged(
    qtbot: QtBot, svc: Services, people: dict[str, int]
) -> None:
    event_id = make_event(svc, capacity=None)
    invite(svc, event_id, people, "anna", "ben")
    tab = host(qtbot, svc, event_id)
    tab.select_ids({row.id for row in tab.rows()})
    tab.actions_by_name["markNoShow"][1].click()  # invited → no-show makes no sense
    qtbot.waitUntil(lambda: bool(tab.notice.text()), timeout=10_000)
    assert tab.notice.text().startswith("Nicht erschienen: 0 geändert, 2 unverändert.")


def test_taking_people_off_the_list_asks_first_and_serves_the_waiting_list(
    qtbot: QtBot, svc: Services, people: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    event_id = make_event(svc, capacity=1)
    for key in ("anna", "ben", "cem"):
        svc.events.register_person(event_id, people[key])
    tab = host(qtbot, svc, event_id)
    anna = next(row for row in tab.rows() if row.name == "Anna Müller")
    answers = [False, True]
    asked: list[str] = []

    def confirm(cls: type, parent: object, text: str, info: str, ok: str) -> bool:
        asked.append(text)
        return answers.pop(0)

    monkeypatch.setattr(EventDialogs, "confirm", classmethod(confirm))
    tab.select_ids({anna.id})
    tab.remove_selection()
    assert asked == ["Anna Müller von der Liste nehmen?"]
    assert len(tab.rows()) == 3  # said no: nothing happened
    tab.remove_selection()
    qtbot.waitUntil(lambda: "Von der Liste genommen" in tab.notice.text(), timeout=10_000)
    assert "1 geändert" in tab.notice.text() and "Ben Becker" in tab.notice.text()
    assert [row.name for row in tab.rows() if row.status is R.REGISTERED] == ["Ben Becker"]
    assert [row.waitlist_position for row in tab.rows() if row.status is R.WAITLISTED] == [1]


# --------------------------------------------------------------------------------------------
# Keyboard


def test_keyboard_space_opens_tab_leaves_and_the_menu_has_every_action(
    qtbot: QtBot, svc: Services, people: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    event_id = make_event(svc, capacity=None)
    invite(svc, event_id, people, "anna", "ben")
    tab = host(qtbot, svc, event_id)
    opened: list[int | None] = []

    def run(cls: type, parent: object, services: Services, event: int, reg: int | None) -> None:
        opened.append(reg)

    monkeypatch.setattr(RegistrationDialog, "run", classmethod(run))
    table = tab.table
    table.setFocus()
    table.setCurrentIndex(tab.proxy.index(0, 0))
    qtbot.keyClick(table, Qt.Key.Key_Space)
    qtbot.keyClick(table, Qt.Key.Key_Return)
    first = tab.proxy.row_at(0).id
    assert opened == [first, first]
    assert not table.tabKeyNavigation()
    assert tab.focusNextPrevChild(True)
    assert tab.window().focusWidget() is tab.actions_by_name["markRegistered"][1]
    tab.select_ids({first})
    menu = tab.context_menu()
    texts = [action.text() for action in menu.actions() if not action.isSeparator()]
    assert texts == [
        "Anmeldung bearbeiten …",
        "Bedarfe …",
        "Anmelden",
        "Absagen",
        "Teilgenommen",
        "Nicht erschienen",
        "Als benachrichtigt markieren",
        "Person in Kontakten öffnen",
        "Von der Liste nehmen",
    ]
    shown: list[int] = []
    tab.open_person.connect(shown.append)
    next(a for a in menu.actions() if a.objectName() == "openPersonAction").trigger()
    assert shown == [tab.proxy.row_at(0).person_id]
    menu.deleteLater()


def test_the_tab_names_every_control_and_its_mnemonics_do_not_clash(
    qtbot: QtBot, svc: Services, people: dict[str, int]
) -> None:
    event_id = make_event(svc)
    invite(svc, event_id, people, "anna")
    tab = host(qtbot, svc, event_id)
    tab.notice.show_text("Test")
    letters = mnemonics(tab)
    assert len(letters) == len(set(letters)), letters
    # nor with the page's buttons (Neue Veranstaltung, Kopieren, Löschen) and the menus
    # (Datei, Bearbeiten, Ansicht, Hilfe); the event's tab titles carry no letters (the tabs'
    # controls need them; Strg+Tab switches tabs), test_a11y_main_window checks the whole page
    assert not set(letters) & set("vköabdh")
    assert unnamed_focus_widgets(tab) == []


# --------------------------------------------------------------------------------------------
# Inviting


def test_invite_from_a_list_a_filter_and_single_persons_nobody_twice(
    qtbot: QtBot, svc: Services, people: dict[str, int]
) -> None:
    event_id = make_event(svc, capacity=None)
    network = svc.contacts.create_distribution_list("Netzwerk Inklusive Quartiere")
    svc.contacts.add_list_members(network.id, [people["anna"], people["ben"], people["ohne"]])
    dialog = InviteDialog(svc, event_id)
    qtbot.addWidget(dialog)
    dialog.show()
    assert unnamed_focus_widgets(dialog) == []
    letters = mnemonics(dialog)
    assert len(letters) == len(set(letters)), letters

    dialog.tabs.setCurrentIndex(FROM_LIST)
    dialog.list_combo.setCurrentIndex(dialog.list_combo.findData(network.id))
    assert dialog.invite_button.isEnabled()
    dialog.invite()
    qtbot.waitUntil(lambda: dialog.result_ is not None, timeout=10_000)
    assert dialog.result_label.text() == "3 Personen eingeladen."
    problems = [dialog.problems.item(i).text() for i in range(dialog.problems.count())]
    assert any(p.startswith("Ben Becker: keine E-Mail") for p in problems)
    assert any(p.startswith("Ohneanschrift: keine Postanschrift") for p in problems)

    dialog.show_choice()
    dialog.tabs.setCurrentIndex(FROM_FILTER)
    assert not dialog.invite_button.isEnabled()  # an empty filter would invite everybody
    dialog.filter_search.setText("Sozialplanung")
    dialog.update_filter_count()
    assert dialog.filter_count.text() == "Der Filter findet 4 Personen."
    dialog.invite()
    qtbot.waitUntil(lambda: dialog.stack.currentIndex() == 1, timeout=10_000)
    qtbot.waitUntil(lambda: not dialog.busy, timeout=10_000)
    assert dialog.result_ is not None
    assert dialog.result_.invited == 2  # Cem and Dora
    assert sorted(dialog.result_.already_invited) == ["Anna Müller", "Ben Becker"]
    assert "nicht noch einmal eingeladen (2)" in dialog.already_label.text()
    assert dialog.already.count() == 2

    dialog.show_choice()
    dialog.tabs.setCurrentIndex(SINGLE)
    svc.contacts.create_person(
        PersonInput(last_name="Zeller", first_name="Zoe", email="zoe@ulm.de"),
        affiliation=AffiliationInput(organisation_id=people["ulm"], role="Quartiersmanagement"),
    )
    dialog.picker.search.setText("Zeller")
    dialog.picker.update_results()
    assert dialog.role_combo.isEnabled()
    roles = [dialog.role_combo.itemText(i) for i in range(dialog.role_combo.count())]
    assert roles == ["Hauptfunktion (wie auf Briefen)", "Stadt Ulm – Quartiersmanagement"]
    dialog.role_combo.setCurrentIndex(1)
    dialog.add_chosen()
    dialog.add_chosen()  # the same person once only
    dialog.picker.search.setText("Yilmaz")
    dialog.picker.update_results()
    dialog.add_chosen()
    assert dialog.chosen_list.count() == 2
    dialog.invite()
    qtbot.waitUntil(lambda: dialog.stack.currentIndex() == 1 and not dialog.busy, timeout=10_000)
    assert dialog.result_.invited == 1
    assert dialog.result_.already_invited == ("Cem Yilmaz",)
    rows = {r.name: r for r in svc.events.list_registrations(event_id)}
    assert len(rows) == 6
    assert rows["Zoe Zeller"].role == "Quartiersmanagement"


def test_invite_by_contacts_filter_with_programme_and_member_combos(
    qtbot: QtBot, svc: Services, people: dict[str, int]
) -> None:
    event_id = make_event(svc, capacity=None)
    dialog = InviteDialog(svc, event_id)
    qtbot.addWidget(dialog)
    dialog.tabs.setCurrentIndex(FROM_FILTER)
    dialog.member_combo.setCurrentIndex(dialog.member_combo.findData(False))
    dialog.update_filter_count()
    assert dialog.filter_count.text() == "Der Filter findet 4 Personen."
    assert dialog.current_filter().is_member is False
    assert dialog.programme_combo.itemText(0) == "egal"


def test_the_problems_of_an_invitation_open_the_person_on_the_contacts_page(
    qtbot: QtBot, svc: Services, people: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    event_id = make_event(svc, capacity=None)
    dialog = InviteDialog(svc, event_id)
    qtbot.addWidget(dialog)
    dialog.tabs.setCurrentIndex(SINGLE)
    dialog.picker.search.setText("Ohneanschrift")
    dialog.picker.update_results()
    dialog.add_chosen()
    dialog.invite()
    qtbot.waitUntil(lambda: dialog.result_ is not None, timeout=10_000)
    assert dialog.open_button.isVisibleTo(dialog)
    dialog.open_current_problem()
    assert dialog.person_to_open == people["ohne"]
    assert dialog.result() == QDialog.DialogCode.Accepted

    tab = host(qtbot, svc, event_id)
    shown: list[int] = []
    tab.open_person.connect(shown.append)

    def run(cls: type, parent: object, services: Services, event: int, open_person: Any) -> Any:
        open_person(people["ohne"])
        return None

    monkeypatch.setattr(InviteDialog, "run", classmethod(run))
    tab.invite()
    assert shown == [people["ohne"]]


def test_the_tab_reports_an_invitation_and_reloads(
    qtbot: QtBot, svc: Services, people: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    event_id = make_event(svc, capacity=None)
    tab = host(qtbot, svc, event_id)

    def run(cls: type, parent: object, services: Services, event: int, open_person: Any) -> Any:
        return services.events.invite_persons(
            event, [Invitee(people[k]) for k in ("anna", "ben", "anna")]
        )

    monkeypatch.setattr(InviteDialog, "run", classmethod(run))
    tab.invite()
    assert tab.notice.text() == (
        "2 Personen eingeladen. 1 standen schon auf der Liste (nicht doppelt eingeladen). "
        "1 ohne Postanschrift oder E-Mail-Adresse: vor dem Druck klären (Spalte „Hinweise“)."
    )
    assert tab.model.rowCount() == 2


# --------------------------------------------------------------------------------------------
# The registration dialog


def test_registration_dialog_registers_then_puts_on_the_waiting_list(
    qtbot: QtBot, svc: Services, people: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    event_id = make_event(svc, capacity=3)
    tab = host(qtbot, svc, event_id)
    plan = [("müller", 1, "Max Müller"), ("becker", 1, "")]

    def run(cls: type, parent: object, services: Services, event: int, reg: int | None) -> Any:
        search, companions, names = plan.pop(0)
        dialog = cls(services, event, reg)
        qtbot.addWidget(dialog)
        assert unnamed_focus_widgets(dialog) == []
        letters = mnemonics(dialog)
        assert len(letters) == len(set(letters)), letters
        dialog.picker.search.setText(search)
        dialog.companions.setValue(companions)
        dialog.companion_names.setText(names)
        dialog.notes.setPlainText("kommt mit dem Zug")
        dialog.save()
        assert dialog.result() == QDialog.DialogCode.Accepted
        return dialog.outcome, True

    monkeypatch.setattr(RegistrationDialog, "run", classmethod(run))
    tab.register()
    assert tab.notice.text() == "Anna Müller ist angemeldet."
    tab.register()
    assert tab.notice.text() == (
        "Ben Becker steht auf der Warteliste. "
        "Die Veranstaltung ist ausgebucht: Platz 1 auf der Warteliste."
    )
    rows = {row.name: row for row in tab.rows()}
    assert rows["Ben Becker"].waitlist_position == 1
    detail = svc.events.get_registration(rows["Anna Müller"].id)
    assert (detail.companion_names, detail.notes) == ("Max Müller", "kommt mit dem Zug")


def test_the_tab_order_follows_what_is_seen(
    qtbot: QtBot, svc: Services, people: dict[str, int]
) -> None:
    event_id = make_event(svc)
    invite(svc, event_id, people, "anna")
    tab = host(qtbot, svc, event_id)
    wanted = [
        tab.search,
        tab.status_filter,
        tab.invite_button,
        tab.register_button,
        tab.table,
        *tab.bulk_buttons,
        *tab.single_buttons,
    ]
    assert focus_order(tab.search, wanted) == wanted
    dialog = RegistrationDialog(svc, event_id)
    qtbot.addWidget(dialog)
    assert dialog.picker is not None
    wanted = [
        dialog.picker.search,
        dialog.picker.results,
        dialog.role,
        dialog.companions,
        dialog.companion_names,
        dialog.assistants,
        dialog.notes,
        dialog.save_button,
        dialog.cancel_button,
    ]
    assert focus_order(dialog.picker.search, wanted) == wanted


def test_registration_dialog_without_a_person_says_so_at_the_field(
    qtbot: QtBot, svc: Services, people: dict[str, int]
) -> None:
    event_id = make_event(svc, capacity=3)
    dialog = RegistrationDialog(svc, event_id)
    qtbot.addWidget(dialog)
    dialog.save()
    assert dialog.feedback.is_marked("person_id")
    assert dialog.result() != QDialog.DialogCode.Accepted


def test_changing_a_registration_refuses_places_that_are_not_free_and_frees_them(
    qtbot: QtBot, svc: Services, people: dict[str, int]
) -> None:
    event_id = make_event(svc, capacity=3)
    anna = svc.events.register_person(event_id, people["anna"], companions=1).registration
    svc.events.register_person(event_id, people["ben"])
    svc.events.register_person(event_id, people["cem"])  # waits
    dialog = RegistrationDialog(svc, event_id, anna.id)
    qtbot.addWidget(dialog)
    dialog.show()
    assert "Anna Müller – angemeldet" in dialog.heading.text()
    assert dialog.history.count() >= 1
    dialog.companions.setValue(2)
    dialog.save()
    assert dialog.feedback.is_marked("companions")
    assert "kein Platz frei" in dialog.feedback.message("companions")
    dialog.companions.setValue(0)
    dialog.save()
    assert dialog.outcome is not None
    assert [row.name for row in dialog.outcome.promoted] == ["Cem Yilmaz"]
    assert dialog.result_text() == "Anmeldung von Anna Müller gespeichert."


def test_a_registration_changed_meanwhile_shows_the_conflict_banner(
    qtbot: QtBot, svc: Services, people: dict[str, int]
) -> None:
    event_id = make_event(svc, capacity=None)
    anna = svc.events.register_person(event_id, people["anna"]).registration
    dialog = RegistrationDialog(svc, event_id, anna.id)
    qtbot.addWidget(dialog)
    dialog.show()
    svc.events.update_registration(anna.id, notes="von woanders")
    dialog.assistants.setValue(1)
    dialog.save()
    assert dialog.feedback.banner is not None and dialog.feedback.banner.isVisible()
    dialog.feedback.banner.reload_button.click()
    assert dialog.notes.toPlainText() == "von woanders"
    dialog.assistants.setValue(1)
    dialog.save()
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_escape_closes_the_dialogs(qtbot: QtBot, svc: Services, people: dict[str, int]) -> None:
    event_id = make_event(svc)
    for dialog in (InviteDialog(svc, event_id), RegistrationDialog(svc, event_id)):
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
        assert not dialog.isVisible()
        assert dialog.result() == QDialog.DialogCode.Rejected


def test_no_event_chosen_leaves_the_tab_empty_and_quiet(qtbot: QtBot, svc: Services) -> None:
    tab = RegistrationsTab(svc)
    qtbot.addWidget(tab)
    tab.set_event(None)
    assert tab.model.rowCount() == 0 and not tab.invite_button.isEnabled()
    tab.invite()
    tab.open_current()
    assert tab.loads == 0
