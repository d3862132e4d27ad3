"""Wiedervorlagen of an event (issue 11): the box the event view embeds lists them (open first,
overdue in red, done ones grey), adds one from German words, marks done, reopens, deletes — by
mouse and by keyboard — and the Übersicht's panel opens the event a follow-up belongs to."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import pytest
from events_helpers import unnamed_focus_widgets
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from beratung.domain.rules.dates import OFFICE_TIME_ZONE
from beratung.gui.consultations.followups import FollowUpDialogs, FollowUpEditor
from beratung.gui.events.followups import EventFollowUps
from beratung.gui.operations import wait_for_operations
from beratung.gui.pages.base import PageRequest
from beratung.gui.pages.overview import OverviewPage
from beratung.gui.style import ALERT, MUTED
from beratung.services import Services
from beratung.services.events.snapshots import EventInput
from beratung.services.followups import FollowUpDraft

#: The services' clock: Monday, 2 March 2026.
MONDAY = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
TODAY = date(2026, 3, 2)


@pytest.fixture
def monday(services: Services) -> Iterator[Services]:
    yield Services.create(dataclasses.replace(services.context, clock=lambda: MONDAY))


@pytest.fixture
def event_id(monday: Services) -> int:
    return monday.events.create_event(
        EventInput(
            title="Fachtag Inklusion",
            starts_at=datetime(2026, 3, 20, 10, tzinfo=OFFICE_TIME_ZONE),
            ends_at=datetime(2026, 3, 20, 16, tzinfo=OFFICE_TIME_ZONE),
        )
    ).id


@pytest.fixture
def box(qtbot: QtBot, monday: Services, event_id: int) -> EventFollowUps:
    widget = EventFollowUps(monday)
    qtbot.addWidget(widget)
    widget.resize(760, 420)
    widget.show()
    show(qtbot, widget, event_id)
    return widget


def show(qtbot: QtBot, widget: EventFollowUps, event_id: int | None) -> None:
    if event_id is None:
        widget.show_event(None)
        return
    with qtbot.waitSignal(widget.loaded, timeout=10_000):
        widget.show_event(event_id)


def add_follow_ups(services: Services, event_id: int) -> dict[str, int]:
    """Overdue by three days, due today, later, and one done (due tomorrow)."""
    ids = {}
    for key, days, note in (
        ("later", 10, "Dokumentation verschicken"),
        ("overdue", -3, "Raum bestätigen"),
        ("done", 1, "Namensschilder drucken"),
        ("today", 0, "Catering anrufen"),
    ):
        ids[key] = services.followups.create_follow_up(
            FollowUpDraft(due=TODAY + timedelta(days=days), note=note, event_id=event_id)
        ).id
    services.followups.mark_done(ids["done"])
    return ids


def notes(widget: EventFollowUps) -> list[str]:
    return [widget.model.index(r, 2).data() for r in range(widget.model.rowCount())]


def stored(services: Services, event_id: int) -> list[tuple[date, str, bool]]:
    return [
        (f.due_on, f.note, f.is_done)
        for f in services.followups.list_follow_ups(event_id=event_id, include_done=True)
    ]


def test_lists_open_first_overdue_in_red_done_in_grey(
    qtbot: QtBot, monday: Services, event_id: int
) -> None:
    add_follow_ups(monday, event_id)
    widget = EventFollowUps(monday)
    qtbot.addWidget(widget)
    show(qtbot, widget, event_id)
    assert notes(widget) == [
        "Raum bestätigen",
        "Catering anrufen",
        "Dokumentation verschicken",
        "Namensschilder drucken",
    ]
    states = [widget.model.index(r, 1).data() for r in range(4)]
    assert states == ["überfällig seit 3 Tagen", "heute", "später", "erledigt am 02.03.2026"]
    red = widget.model.index(0, 1).data(Qt.ItemDataRole.ForegroundRole)
    assert red.color() == QColor(ALERT)
    assert widget.model.index(0, 1).data(Qt.ItemDataRole.FontRole).bold()
    assert widget.model.index(1, 1).data(Qt.ItemDataRole.ForegroundRole) is None
    assert widget.model.index(3, 2).data(Qt.ItemDataRole.ForegroundRole) == QColor(MUTED)
    assert widget.summary_label.text() == "3 offen, davon 1 überfällig · 1 erledigt"
    assert widget.summary_label.property("role") == "alertText"

    # no event: nothing listed, nothing to add to
    show(qtbot, widget, None)
    assert widget.model.rowCount() == 0
    assert widget.empty_label.text() == "Keine Veranstaltung gewählt."
    assert not widget.add_button.isEnabled()
    assert not widget.due.edit.isEnabled()


def test_adds_with_enter_from_german_words(
    qtbot: QtBot, monday: Services, event_id: int, box: EventFollowUps
) -> None:
    assert box.model.rowCount() == 0
    assert box.empty_label.text() == "Noch keine Wiedervorlagen zu dieser Veranstaltung."
    box.due.setText("in 2 Wochen")
    assert box.due.feedback.text() == "Montag, 16. März 2026"
    box.note.setText("Fotos an die Presse schicken")
    box.note.setFocus()
    with qtbot.waitSignals([box.changed, box.loaded], timeout=10_000):
        qtbot.keyClick(box.note, Qt.Key.Key_Return)
    assert stored(monday, event_id) == [(date(2026, 3, 16), "Fotos an die Presse schicken", False)]
    assert notes(box) == ["Fotos an die Presse schicken"]
    assert box.current() is not None and box.current().note == "Fotos an die Presse schicken"
    assert box.due.text() == "" and box.note.text() == ""  # ready for the next one
    assert box.summary_label.text() == "1 offen · 0 erledigt"

    # the button does the same; a date works too
    box.due.setText("25.03.2026")
    box.note.setText("Rechnung prüfen")
    with qtbot.waitSignal(box.loaded, timeout=10_000):
        qtbot.mouseClick(box.add_button, Qt.MouseButton.LeftButton)
    assert notes(box) == ["Fotos an die Presse schicken", "Rechnung prüfen"]


def test_bad_input_is_a_german_message_and_writes_nothing(
    qtbot: QtBot, monday: Services, event_id: int, box: EventFollowUps
) -> None:
    box.due.setText("irgendwann")
    box.note.setText("Raum bestätigen")
    box.add()
    wait_for_operations()
    message = box.due.feedback.text()
    assert "irgendwann" in message and "Wochen" in message  # names the input, gives examples
    assert box.due.feedback.property("role") == "fieldError"
    assert box.due.edit.property("invalid") is True
    assert box.due.edit.accessibleDescription() == message
    assert stored(monday, event_id) == []

    # an impossible date
    box.due.setText("31.02.2026")
    box.add()
    wait_for_operations()
    assert box.due.feedback.property("role") == "fieldError"
    assert stored(monday, event_id) == []

    # no due date: the service's question, at the field
    box.due.setText("")
    box.add()
    qtbot.waitUntil(lambda: "fällig ist" in box.due.feedback.text(), timeout=10_000)
    assert stored(monday, event_id) == []

    # no note: the service's message under the note
    box.due.setText("morgen")
    box.note.setText("   ")
    box.add()
    note_error = box.feedback.field("note").label
    assert note_error is not None
    qtbot.waitUntil(lambda: "worum es" in note_error.text(), timeout=10_000)
    assert note_error.isVisibleTo(box)
    assert stored(monday, event_id) == []

    # the event deleted meanwhile: said below the form, no dialog
    monday.events.delete_event(event_id)
    box.note.setText("Nachbereiten")
    box.add()
    qtbot.waitUntil(lambda: box.error_label.isVisibleTo(box), timeout=10_000)
    assert "Veranstaltung" in box.error_label.text()


def test_marks_done_and_reopens(
    qtbot: QtBot, monday: Services, event_id: int, box: EventFollowUps
) -> None:
    ids = add_follow_ups(monday, event_id)
    with qtbot.waitSignal(box.loaded, timeout=10_000):
        box.refresh()
    box.select_row(0)
    assert box.done_button.text() == "Erledigt"
    with qtbot.waitSignals([box.changed, box.loaded], timeout=10_000):
        qtbot.mouseClick(box.done_button, Qt.MouseButton.LeftButton)
    assert monday.followups.get_follow_up(ids["overdue"]).is_done
    # it moved to the done ones and stays chosen: the button now reopens it
    assert notes(box)[-2:] == ["Raum bestätigen", "Namensschilder drucken"]
    assert box.current() is not None and box.current().id == ids["overdue"]
    assert box.done_button.text() == "Wieder öffnen"
    assert box.done_button.accessibleName() == "Wiedervorlage wieder öffnen"
    assert box.summary_label.text() == "2 offen · 2 erledigt"
    with qtbot.waitSignal(box.loaded, timeout=10_000):
        box.toggle_done()
    assert not monday.followups.get_follow_up(ids["overdue"]).is_done
    assert notes(box)[0] == "Raum bestätigen"


def test_deletes_after_asking(
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    monday: Services,
    event_id: int,
    box: EventFollowUps,
) -> None:
    ids = add_follow_ups(monday, event_id)
    with qtbot.waitSignal(box.loaded, timeout=10_000):
        box.refresh()
    answers = [False, True]
    asked: list[str] = []

    def ask(_parent: QWidget, text: str) -> bool:
        asked.append(text)
        return answers.pop(0)

    monkeypatch.setattr(FollowUpDialogs, "confirm_delete", ask)
    box.select_row(1)
    box.delete_current()  # "Nein"
    wait_for_operations()
    assert asked == ["Die Wiedervorlage vom 02.03.2026 („Catering anrufen“) wirklich löschen?"]
    assert len(stored(monday, event_id)) == 4
    with qtbot.waitSignals([box.changed, box.loaded], timeout=10_000):
        qtbot.mouseClick(box.delete_button, Qt.MouseButton.LeftButton)
    assert ids["today"] not in [f.id for f in monday.followups.list_follow_ups(event_id=event_id)]
    assert notes(box) == ["Raum bestätigen", "Dokumentation verschicken", "Namensschilder drucken"]
    assert box.current() is not None and box.current().note == "Dokumentation verschicken"


def test_keyboard_only(
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    monday: Services,
    event_id: int,
    box: EventFollowUps,
) -> None:
    add_follow_ups(monday, event_id)
    with qtbot.waitSignal(box.loaded, timeout=10_000):
        box.refresh()
    box.activateWindow()
    qtbot.waitActive(box)

    # Tab goes list → Erledigt → Bearbeiten → Löschen → Fällig am → Notiz → Hinzufügen
    box.table.setFocus()
    box.select_row(0)
    order = [box.table]
    for _ in range(6):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        order.append(QApplication.focusWidget())
    assert order == [
        box.table,
        box.done_button,
        box.edit_button,
        box.delete_button,
        box.due.edit,
        box.note,
        box.add_button,
    ]

    # Strg+E in the list marks the chosen one done
    box.table.setFocus()
    with qtbot.waitSignal(box.loaded, timeout=10_000):
        qtbot.keyClick(box.table, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert box.current() is not None and box.current().is_done

    # F2 and Enter open the shared editor for the chosen one
    opened: list[int] = []

    def edit(_parent: QWidget | None, _services: Services, follow_up_id: int) -> str | None:
        opened.append(follow_up_id)
        return None

    monkeypatch.setattr(FollowUpEditor, "edit", edit)
    chosen = box.current()
    assert chosen is not None
    qtbot.keyClick(box.table, Qt.Key.Key_F2)
    qtbot.keyClick(box.table, Qt.Key.Key_Return)
    assert opened == [chosen.id, chosen.id]

    # Entf deletes after asking
    monkeypatch.setattr(FollowUpDialogs, "confirm_delete", lambda _p, _t: True)
    with qtbot.waitSignal(box.loaded, timeout=10_000):
        qtbot.keyClick(box.table, Qt.Key.Key_Delete)
    assert chosen.id not in [f.id for f in monday.followups.list_follow_ups(include_done=True)]


def test_edit_goes_through_the_shared_editor(
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    monday: Services,
    event_id: int,
    box: EventFollowUps,
) -> None:
    ids = add_follow_ups(monday, event_id)
    with qtbot.waitSignal(box.loaded, timeout=10_000):
        box.refresh()

    def edit(parent: QWidget | None, services: Services, follow_up_id: int) -> str | None:
        editor = FollowUpEditor(services, services.followups.get_follow_up(follow_up_id), parent)
        subject = editor.findChild(QLabel, "followUpSubject")
        assert subject is not None
        assert subject.text() == "Veranstaltung 20.03.2026 – Fachtag Inklusion"
        editor.due.setText("in 3 Tagen")
        with qtbot.waitSignal(editor.finished, timeout=10_000):
            editor.save()
        return editor.outcome

    monkeypatch.setattr(FollowUpEditor, "edit", edit)
    box.select_row(0)
    with qtbot.waitSignals([box.changed, box.loaded], timeout=10_000):
        box.edit_current()
    assert monday.followups.get_follow_up(ids["overdue"]).due_on == date(2026, 3, 5)
    assert box.current() is not None and box.current().id == ids["overdue"]
    assert box.model.index(box.table.currentIndex().row(), 1).data() == "diese Woche"


def test_every_widget_has_a_name(qtbot: QtBot, monday: Services, event_id: int) -> None:
    add_follow_ups(monday, event_id)
    widget = EventFollowUps(monday)
    qtbot.addWidget(widget)
    show(qtbot, widget, event_id)
    widget.select_row(0)
    assert unnamed_focus_widgets(widget) == []
    for named in (
        widget,
        widget.table,
        widget.done_button,
        widget.edit_button,
        widget.delete_button,
        widget.due.edit,
        widget.note,
        widget.add_button,
        widget.summary_label,
    ):
        assert named.accessibleName(), named.objectName()
    assert widget.title() == "Wiedervorlagen"


def test_overview_opens_the_event_of_a_follow_up(
    qtbot: QtBot, monday: Services, event_id: int
) -> None:
    monday.followups.create_follow_up(
        FollowUpDraft(due=TODAY, note="Catering anrufen", event_id=event_id)
    )
    overview = OverviewPage(monday)
    qtbot.addWidget(overview)
    overview.refresh()
    panel = overview.follow_ups
    assert panel.model.index(0, 3).data() == "Veranstaltung 20.03.2026 – Fachtag Inklusion"
    panel.select_row(0)
    with qtbot.waitSignal(overview.open_requested, timeout=10_000) as blocker:
        panel.open_current()
    assert blocker.args == [PageRequest("events", "show_event", {"event_id": event_id})]
