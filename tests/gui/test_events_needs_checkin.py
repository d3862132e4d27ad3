"""Bedarfe and Teilnahme: the needs dialog with its consent, the summary without names and the
named list after a question; the check-in by code and Enter, by name, walk-ins and "alle
übrigen" — on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from events_helpers import (
    AFTER,
    BEFORE,
    at,
    make_event,
    make_people,
    mnemonics,
    unnamed_focus_widgets,
)
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QTabWidget, QWidget
from pytestqt.qtbot import QtBot

from beratung.domain.enums import ConsentMethod, NeedKind, RegistrationStatus
from beratung.gui.events import needs_dialog, registration_dialog
from beratung.gui.events.checkin import CheckInTab
from beratung.gui.events.needs import NeedsTab, summary_text
from beratung.gui.events.needs_dialog import NeedsDialog, RegistrationChooser
from beratung.gui.events.registration_common import EventDialogs
from beratung.gui.events.registration_dialog import RegistrationDialog
from beratung.gui.events.walk_in_dialog import NEW, WalkInDialog
from beratung.services import Services
from beratung.services.events import needs as needs_service
from beratung.services.events import registrations as registrations_service
from beratung.services.events.snapshots import HealthConsentInput, NeedInput
from field_contract import scan_fields

R = RegistrationStatus


@pytest.fixture
def svc(services: Services) -> Services:
    return at(services, BEFORE)


@pytest.fixture
def people(svc: Services) -> dict[str, int]:
    return make_people(svc)


def host(qtbot: QtBot, svc: Services, tab: QWidget, event_id: int) -> None:
    window = QTabWidget()
    qtbot.addWidget(window)
    window.addTab(tab, "Tab")
    window.resize(1280, 800)
    window.show()
    tab.set_event(svc.events.get_event(event_id))  # type: ignore[attr-defined]
    tab.host_window = window  # type: ignore[attr-defined]


@pytest.fixture
def answers(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Say yes to every question; record what was asked."""
    asked: list[str] = []

    def confirm(cls: type, parent: object, text: str, info: str, ok: str) -> bool:
        asked.append(text)
        return True

    monkeypatch.setattr(EventDialogs, "confirm", classmethod(confirm))
    return asked


# --------------------------------------------------------------------------------------------
# The needs dialog


def test_the_needs_dialog_refuses_without_consent_and_stores_with_it(
    qtbot: QtBot, svc: Services, people: dict[str, int]
) -> None:
    event_id = make_event(svc)
    anna = svc.events.register_person(event_id, people["anna"]).registration
    dialog = NeedsDialog(svc, anna.id)
    qtbot.addWidget(dialog)
    dialog.show()
    assert unnamed_focus_widgets(dialog) == []
    letters = mnemonics(dialog)
    assert len(letters) == len(set(letters)), letters
    assert dialog.heading.text() == "Anna Müller – angemeldet"
    assert not dialog.details[NeedKind.DIET].isEnabled()
    dialog.boxes[NeedKind.SIGN_LANGUAGE].setChecked(True)
    dialog.boxes[NeedKind.DIET].setChecked(True)
    assert dialog.details[NeedKind.DIET].isEnabled()
    dialog.details[NeedKind.DIET].setText("vegetarisch")
    dialog.save()  # no consent chosen
    assert dialog.feedback.is_marked("needs_consent")
    assert "nur mit Einwilligung" in dialog.feedback.message("needs_consent")
    assert dialog.focusWidget() is dialog.method
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert svc.events.get_registration(anna.id).needs == ()

    dialog.method.setCurrentIndex(dialog.method.findData(ConsentMethod.EMAIL))
    dialog.given_on.setText("32.10.2017")
    dialog.save()
    assert dialog.feedback.is_marked("consent_given_on")
    dialog.given_on.setText("2.10.2017")
    dialog.consent_notes.setText("Mail vom 2.10.")
    dialog.save()
    assert dialog.result() == QDialog.DialogCode.Accepted
    saved = dialog.saved
    assert saved is not None
    assert [(n.label, n.details) for n in saved.needs] == [
        ("Gebärdensprachdolmetschung", None),
        ("Ernährung", "vegetarisch"),
    ]
    assert saved.consent_method is ConsentMethod.EMAIL
    assert saved.consent_given_on == date(2017, 10, 2)
    assert dialog.result_text() == (
        "Bedarfe von Anna Müller gespeichert: Gebärdensprachdolmetschung, Ernährung. "
        "Sie werden am 22.11.2017 gelöscht."
    )

    again = NeedsDialog(svc, anna.id)  # shows what is stored, the consent and the date
    qtbot.addWidget(again)
    assert again.boxes[NeedKind.SIGN_LANGUAGE].isChecked()
    assert again.details[NeedKind.DIET].text() == "vegetarisch"
    assert again.method.currentData() == ConsentMethod.EMAIL
    assert again.given_on.text() == "02.10.2017"
    assert again.deletion.text() == "Die Bedarfe werden am 22.11.2017 gelöscht."


def test_other_needs_must_be_described(qtbot: QtBot, svc: Services, people: dict[str, int]) -> None:
    event_id = make_event(svc)
    anna = svc.events.register_person(event_id, people["anna"]).registration
    dialog = NeedsDialog(svc, anna.id)
    qtbot.addWidget(dialog)
    dialog.boxes[NeedKind.OTHER].setChecked(True)
    dialog.method.setCurrentIndex(dialog.method.findData(ConsentMethod.FORM))
    dialog.save()
    assert dialog.feedback.is_marked("needs")
    assert "Sonstiges" in dialog.feedback.message("needs")


def test_the_needs_dialogs_fields_are_the_services_field_names(
    qtbot: QtBot, svc: Services, people: dict[str, int]
) -> None:
    """Every field the services behind the registration and needs dialogs can name is a field
    the dialog registers (the contract of ``gui/feedback.py``)."""
    event_id = make_event(svc)
    anna = svc.events.register_person(event_id, people["anna"]).registration
    needs_form = NeedsDialog(svc, anna.id)
    registration_form = RegistrationDialog(svc, event_id)
    qtbot.addWidget(needs_form)
    qtbot.addWidget(registration_form)
    needs_scan = scan_fields((needs_service, ["record_needs"]), (needs_dialog, None))
    assert needs_scan.dynamic == set()
    assert needs_scan.names <= set(needs_form.feedback.names())
    registration_scan = scan_fields(
        (
            registrations_service,
            ["register_person", "update_registration", "_check_numbers", "_role"],
        ),
        (registration_dialog, None),
    )
    assert registration_scan.dynamic == set()
    assert registration_scan.names <= set(registration_form.feedback.names())


# --------------------------------------------------------------------------------------------
# The needs tab


def _needs(svc: Services, people: dict[str, int]) -> int:
    event_id = make_event(svc, capacity=10)
    consent = HealthConsentInput(ConsentMethod.FORM, date(2017, 10, 2))
    for key, needs in (
        ("anna", [NeedInput(NeedKind.SIGN_LANGUAGE), NeedInput(NeedKind.DIET, "vegetarisch")]),
        ("ben", [NeedInput(NeedKind.SIGN_LANGUAGE), NeedInput(NeedKind.WHEELCHAIR_PLACE)]),
        ("cem", [NeedInput(NeedKind.DIET, "vegan")]),
    ):
        reg = svc.events.register_person(event_id, people[key]).registration
        svc.events.record_needs(reg.id, needs, consent)
    return event_id


def test_the_summary_has_no_names_and_the_named_list_comes_after_a_question(
    qtbot: QtBot, svc: Services, people: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    event_id = _needs(svc, people)
    tab = NeedsTab(svc)
    host(qtbot, svc, tab, event_id)
    text = tab.summary_label.text()
    assert text.splitlines() == [
        "2 × Gebärdensprachdolmetschung",
        "1 × Rollstuhlplatz",
        "2 × Ernährung (vegan, vegetarisch)",
    ]
    assert tab.deletion_label.text().startswith("Die Angaben werden am 22.11.2017 gelöscht")
    for name in ("Anna", "Müller", "Becker", "Yilmaz"):
        assert name not in text
    tab.copy_summary()
    copied = QApplication.clipboard().text()
    assert copied == summary_text("Werkstattgespräch Ulm", tab.summary) and "Müller" not in copied

    asked: list[str] = []
    answer = [False]

    def confirm(cls: type, parent: object, question: str, info: str, ok: str) -> bool:
        asked.append(question)
        return answer[0]

    monkeypatch.setattr(EventDialogs, "confirm", classmethod(confirm))
    tab.show_names()
    assert asked == ["Namensliste mit Gesundheitsdaten anzeigen?"]
    assert not tab.names_shown() and tab.named_model.rowCount() == 0
    answer[0] = True
    tab.show_names()
    assert tab.names_shown()
    model = tab.named_model
    shown = [[model.data(model.index(r, c)) for c in (0, 3)] for r in range(model.rowCount())]
    assert shown == [
        ["Ben Becker", "Gebärdensprachdolmetschung; Rollstuhlplatz"],
        ["Anna Müller", "Gebärdensprachdolmetschung; Ernährung: vegetarisch"],
        ["Cem Yilmaz", "Ernährung: vegan"],
    ]
    other = make_event(svc)
    tab.set_event(svc.events.get_event(other))  # another event: the names are hidden again
    assert not tab.names_shown() and tab.named_model.rowCount() == 0
    assert unnamed_focus_widgets(tab) == []
    letters = mnemonics(tab)
    assert len(letters) == len(set(letters)) and not set(letters) & set("dtebnoah")


def test_needs_are_recorded_from_the_tab_for_a_person_chosen_from_the_list(
    qtbot: QtBot, svc: Services, people: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    event_id = make_event(svc, capacity=10)
    svc.events.register_person(event_id, people["anna"])
    svc.events.register_person(event_id, people["dora"])
    tab = NeedsTab(svc)
    host(qtbot, svc, tab, event_id)
    assert tab.summary_label.text().startswith("Bisher hat niemand")

    def choose(cls: type, parent: object, rows: list[Any]) -> int | None:
        chooser = cls(rows)
        qtbot.addWidget(chooser)
        chooser.search.setText("dietz")
        assert chooser.results.count() == 1
        return chooser.chosen()

    def run(cls: type, parent: object, services: Services, registration_id: int) -> Any:
        dialog = cls(services, registration_id)
        qtbot.addWidget(dialog)
        dialog.boxes[NeedKind.HEARING_LOOP].setChecked(True)
        dialog.method.setCurrentIndex(dialog.method.findData(ConsentMethod.VERBAL))
        dialog.save()
        return dialog.saved

    monkeypatch.setattr(RegistrationChooser, "choose", classmethod(choose))
    monkeypatch.setattr(NeedsDialog, "run", classmethod(run))
    changes: list[bool] = []
    tab.changed.connect(lambda: changes.append(True))
    tab.record_needs()
    assert tab.summary_label.text() == "1 × Induktionsschleife"
    assert tab.notice.text().startswith("Bedarfe von Dora Dietz gespeichert: Induktionsschleife.")
    assert changes == [True]


def test_the_registrations_tab_opens_the_needs_dialog_and_shows_only_labels(
    qtbot: QtBot, svc: Services, people: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    from beratung.gui.events.registration_models import NEEDS
    from beratung.gui.events.registrations import RegistrationsTab

    event_id = _needs(svc, people)
    tab = RegistrationsTab(svc)
    host(qtbot, svc, tab, event_id)
    anna = next(row for row in tab.rows() if row.name == "Anna Müller")
    row = tab.model.row_of_id(anna.id)
    assert tab.model.data(tab.model.index(row, NEEDS)) == "Gebärdensprachdolmetschung, Ernährung"
    opened: list[int] = []

    def run(cls: type, parent: object, services: Services, registration_id: int) -> Any:
        opened.append(registration_id)
        return None

    monkeypatch.setattr(NeedsDialog, "run", classmethod(run))
    tab.select_ids({anna.id})
    tab.actions_by_name["editNeeds"][1].click()
    assert opened == [anna.id]


# --------------------------------------------------------------------------------------------
# The check-in


def _day(svc: Services, people: dict[str, int]) -> tuple[int, dict[str, Any]]:
    event_id = make_event(svc, capacity=10)
    for key in ("anna", "ben", "cem"):
        svc.events.register_person(event_id, people[key])
    return event_id, {row.name: row for row in svc.events.list_registrations(event_id)}


def test_a_scanned_code_and_enter_check_in_at_once(
    qtbot: QtBot, svc: Services, people: dict[str, int]
) -> None:
    event_id, rows = _day(svc, people)
    tab = CheckInTab(svc)
    host(qtbot, svc, tab, event_id)
    assert tab.count_label.text() == "0 von 3 anwesend"
    assert tab.window().focusWidget() is tab.search
    changes: list[bool] = []
    tab.changed.connect(lambda: changes.append(True))
    code = rows["Anna Müller"].code
    qtbot.keyClicks(tab.search, code.lower().replace("-", ""))  # as a scanner types it
    qtbot.keyClick(tab.search, Qt.Key.Key_Return)  # at once: no waiting for the type-ahead
    assert tab.confirmation_text() == "Anna Müller ist da – 1 von 3 anwesend"
    assert tab.confirmation_label.accessibleName() == tab.confirmation_text()
    assert tab.count_label.text() == "1 von 3 anwesend"
    assert tab.search.text() == "" and tab.window().focusWidget() is tab.search
    assert changes == [True]
    assert svc.events.get_registration(rows["Anna Müller"].id).row.status is R.ATTENDED

    qtbot.keyClicks(tab.search, code)  # the same badge again
    qtbot.keyClick(tab.search, Qt.Key.Key_Enter)
    assert tab.confirmation_text() == "Anna Müller ist schon da – 1 von 3 anwesend"
    assert tab.confirmation.property("tone") == "warning"


def test_check_in_by_name_with_the_arrow_keys(
    qtbot: QtBot, svc: Services, people: dict[str, int]
) -> None:
    event_id, rows = _day(svc, people)
    svc.events.check_in_registration(rows["Ben Becker"].id)
    tab = CheckInTab(svc)
    host(qtbot, svc, tab, event_id)
    tab.search.setText("ulm")  # everybody's organisation
    tab.update_matches()
    texts = [tab.model.text_of(m) for m in tab.model.matches()]
    assert texts[0] == "✓ Ben Becker – Stadt Ulm · schon da"
    assert texts[1].startswith("Anna Müller – Stadt Ulm · angemeldet · Code ")
    qtbot.keyClick(tab.search, Qt.Key.Key_Down)
    qtbot.keyClick(tab.search, Qt.Key.Key_Down)
    qtbot.keyClick(tab.search, Qt.Key.Key_Up)
    assert tab.current_match() is not None and tab.current_match().name == "Anna Müller"
    qtbot.keyClick(tab.search, Qt.Key.Key_Return)
    assert tab.confirmation_text() == "Anna Müller ist da – 2 von 3 anwesend"

    tab.search.setText("niemand")
    qtbot.keyClick(tab.search, Qt.Key.Key_Return)
    assert tab.confirmation_text().startswith("Niemand gefunden zu „niemand“")
    assert tab.confirmation.property("tone") == "error"
    assert unnamed_focus_widgets(tab) == []
    letters = mnemonics(tab)
    assert len(letters) == len(set(letters)) and not set(letters) & set("dtebnoah")


def test_walk_ins_existing_or_created_quickly(
    qtbot: QtBot, svc: Services, people: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    event_id, _rows = _day(svc, people)
    tab = CheckInTab(svc)
    host(qtbot, svc, tab, event_id)
    plans = ["existing", "new"]

    def run(cls: type, parent: object, services: Services, event: int) -> Any:
        dialog = cls(services, event)
        qtbot.addWidget(dialog)
        dialog.show()
        assert unnamed_focus_widgets(dialog) == []
        letters = mnemonics(dialog)
        assert len(letters) == len(set(letters)), letters
        if plans.pop(0) == "existing":
            dialog.picker.search.setText("Dietz")
        else:
            dialog.tabs.setCurrentIndex(NEW)
            dialog.save()
            assert dialog.feedback.is_marked("last_name")
            dialog.last_name.setText("Neumann")
            dialog.first_name.setText("Nina")
            dialog.organisation.search.setText("Gibt es nicht")
            dialog.save()
            assert dialog.feedback.is_marked("organisation_id")
            dialog.organisation.search.setText("Stadt Ulm")
            dialog.role.setText("Quartiersmanagerin")
        dialog.save()
        assert dialog.result() == QDialog.DialogCode.Accepted
        return dialog.outcome

    monkeypatch.setattr(WalkInDialog, "run", classmethod(run))
    tab.walk_in()
    assert tab.confirmation_text() == "Dora Dietz ist da (ohne Anmeldung) – 1 von 4 anwesend"
    tab.walk_in()
    assert tab.confirmation_text() == "Nina Neumann ist da (ohne Anmeldung) – 2 von 5 anwesend"
    rows = {row.name: row for row in svc.events.list_registrations(event_id)}
    assert rows["Nina Neumann"].walk_in and rows["Nina Neumann"].organisation == "Stadt Ulm"
    assert rows["Nina Neumann"].role == "Quartiersmanagerin"


def test_all_others_did_not_come_after_asking_and_only_after_the_day(
    qtbot: QtBot, svc: Services, people: dict[str, int], answers: list[str]
) -> None:
    event_id, rows = _day(svc, people)
    svc.events.check_in_registration(rows["Anna Müller"].id)
    early = CheckInTab(svc)
    host(qtbot, svc, early, event_id)
    early.mark_remaining_no_show()
    assert answers == ["Alle übrigen als nicht erschienen vermerken?"]
    assert "noch nicht begonnen" in early.notice.text()

    later = at(svc, AFTER)
    tab = CheckInTab(later)
    host(qtbot, later, tab, event_id)
    tab.mark_remaining_no_show()
    assert tab.notice.text() == "2 Angemeldete als nicht erschienen vermerkt."
    counts = later.events.get_event(event_id).counts
    assert (counts.attended, counts.no_show) == (1, 2)
    assert tab.count_label.text() == "1 von 1 anwesend"


def test_escape_closes_the_needs_and_walk_in_dialogs(
    qtbot: QtBot, svc: Services, people: dict[str, int]
) -> None:
    event_id, rows = _day(svc, people)
    for dialog in (
        NeedsDialog(svc, rows["Anna Müller"].id),
        WalkInDialog(svc, event_id),
        RegistrationChooser(list(rows.values())),
    ):
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
        assert not dialog.isVisible()
