"""Editing Wiedervorlagen on the Übersicht and in a consultation's detail: due date in German
words ("in 2 Wochen", "nächsten Monat", "25.10.2017"), note, done/reopen, delete — all through
FollowUpService."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from beratung.domain.enums import OrganisationKind
from beratung.gui.consultations.followups import FollowUpDialogs, FollowUpEditor
from beratung.gui.pages.consultations import ConsultationsPage
from beratung.gui.pages.overview import OverviewPage
from beratung.services import Services
from beratung.services.consultations import ConsultationDraft
from beratung.services.contacts import OrganisationInput
from beratung.services.followups import FollowUpDraft

MONDAY = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
Steps = Callable[[FollowUpEditor], None]


@pytest.fixture
def monday(services: Services) -> Iterator[Services]:
    yield Services.create(dataclasses.replace(services.context, clock=lambda: MONDAY))


@pytest.fixture
def org(monday: Services) -> int:
    return monday.contacts.create_organisation(
        OrganisationInput(name="Gemeinde Beispiel", kind=OrganisationKind.MUNICIPALITY)
    ).id


def drive(monkeypatch: pytest.MonkeyPatch, qtbot: QtBot, steps: Steps) -> list[FollowUpEditor]:
    """Replace the modal entry point: build the editor, run ``steps``, wait until it closes."""
    opened: list[FollowUpEditor] = []

    def edit(parent: QWidget | None, services: Services, follow_up_id: int) -> str | None:
        editor = FollowUpEditor(services, services.followups.get_follow_up(follow_up_id), parent)
        opened.append(editor)
        with qtbot.waitSignal(editor.finished, timeout=10_000):
            steps(editor)
        return editor.outcome

    monkeypatch.setattr(FollowUpEditor, "edit", edit)
    return opened


def confirm(monkeypatch: pytest.MonkeyPatch, answer: bool) -> list[str]:
    asked: list[str] = []

    def ask(_parent: QWidget, text: str) -> bool:
        asked.append(text)
        return answer

    monkeypatch.setattr(FollowUpDialogs, "confirm_delete", ask)
    return asked


def test_editor_parses_german_due_dates_and_saves(qtbot: QtBot, monday: Services, org: int) -> None:
    item = monday.followups.create_follow_up(
        FollowUpDraft(due=date(2026, 3, 1), note="Anrufen", organisation_id=org)
    )
    editor = FollowUpEditor(monday, item)
    qtbot.addWidget(editor)
    assert editor.due.text() == "01.03.2026"
    assert editor.status_label.text() == "offen"
    assert editor.done_button.text() == "&Erledigt"
    for text, shown in (
        ("in 2 Wochen", "Montag, 16. März 2026"),
        ("nächsten Monat", "Donnerstag, 2. April 2026"),
        ("25.10.2017", "Mittwoch, 25. Oktober 2017"),
    ):
        editor.due.setText(text)
        assert editor.due.feedback.text() == shown, text
    # a wrong date is a message at the field; nothing is saved
    editor.due.setText("31.02.2026")
    editor.save()
    assert editor.error_label.isVisibleTo(editor)
    assert editor.outcome is None
    assert monday.followups.get_follow_up(item.id).due_on == date(2026, 3, 1)
    # an empty note is the service's German message
    editor.due.setText("in 2 Wochen")
    editor.note.setText("  ")
    editor.save()
    qtbot.waitUntil(lambda: "worum es" in editor.error_label.text(), timeout=10_000)
    assert editor.outcome is None

    editor.note.setText("Anrufen wegen Antrag")
    with qtbot.waitSignal(editor.finished, timeout=10_000):
        editor.save()
    assert editor.outcome == "saved"
    stored = monday.followups.get_follow_up(item.id)
    assert (stored.due_on, stored.note) == (date(2026, 3, 16), "Anrufen wegen Antrag")
    assert stored.organisation_id == org  # still belongs to the same


def test_overview_panel_edits_marks_done_and_deletes(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, monday: Services, org: int
) -> None:
    today = monday.context.today()
    for days, note in ((-3, "alt"), (0, "heute fällig"), (2, "Mittwoch")):
        monday.followups.create_follow_up(
            FollowUpDraft(due=today + timedelta(days=days), note=note, organisation_id=org)
        )
    overview = OverviewPage(monday)
    qtbot.addWidget(overview)
    overview.refresh()
    panel = overview.follow_ups
    notes = lambda: [panel.model.index(r, 2).data() for r in range(panel.model.rowCount())]  # noqa: E731
    assert notes() == ["alt", "heute fällig", "Mittwoch"]
    assert not panel.edit_button.isEnabled()

    # postpone the overdue one "in 2 Wochen": off this week's list, the tile follows
    def postpone(editor: FollowUpEditor) -> None:
        editor.due.setText("in 2 Wochen")
        editor.note.setText("alt, verschoben")
        editor.save_button.click()

    drive(monkeypatch, qtbot, postpone)
    panel.select_row(0)
    assert panel.edit_button.isEnabled()
    assert panel.edit_action.shortcut().toString() == "F2"
    with qtbot.waitSignal(panel.changed, timeout=10_000):
        panel.edit_action.trigger()
    assert notes() == ["heute fällig", "Mittwoch"]
    assert panel.counts() == (0, 1, 1)
    assert "1 später" in panel.summary_label.text()
    assert overview.tiles["follow_ups"].value_label.text() == "1"
    later = monday.followups.due_overview().later
    assert [(f.note, f.due_on) for f in later] == [("alt, verschoben", date(2026, 3, 16))]

    # "Erledigt" in the editor
    drive(monkeypatch, qtbot, lambda editor: editor.done_button.click())
    panel.select_row(0)
    with qtbot.waitSignal(panel.changed, timeout=10_000):
        panel.edit_current()
    assert notes() == ["Mittwoch"]

    # delete (Entf): asked first; "Nein" keeps it
    asked = confirm(monkeypatch, False)
    panel.select_row(0)
    panel.delete_action.trigger()
    assert asked and "Mittwoch" in asked[0]
    assert notes() == ["Mittwoch"]
    confirm(monkeypatch, True)
    with qtbot.waitSignal(panel.changed, timeout=10_000):
        panel.delete_action.trigger()
    assert notes() == []
    assert panel.empty_label.isVisibleTo(panel)
    assert len(monday.followups.list_follow_ups(organisation_id=org, include_done=True)) == 2


def test_consultation_detail_edits_reopens_and_deletes_its_follow_ups(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, monday: Services, org: int
) -> None:
    consultation = monday.consultations.create_consultation(
        ConsultationDraft(
            occurred_at=datetime(2026, 2, 20, 10, tzinfo=UTC),
            organisation_id=org,
            subject="Antrag",
        )
    )
    item = monday.followups.create_follow_up(
        FollowUpDraft(due="nächsten Monat", note="Nachfragen", consultation_id=consultation.id)
    )
    page = ConsultationsPage(monday)
    qtbot.addWidget(page)
    page.refresh()
    page.select_row(0)
    assert f"followup:{item.id}" in page.detail_view.toHtml()
    assert "02.04.2026: Nachfragen" in page.detail_view.toPlainText()

    # a click on the follow-up opens the editor: done, shown struck through
    editors = drive(monkeypatch, qtbot, lambda editor: editor.done_button.click())
    with qtbot.waitSignal(page.follow_ups_changed, timeout=10_000):
        page.detail_view.anchorClicked.emit(QUrl(f"followup:{item.id}"))
    assert editors[-1].outcome == "done"
    assert monday.followups.get_follow_up(item.id).is_done
    assert "<s>" in page.detail_html(monday.consultations.get_consultation(consultation.id))
    assert "✓" in page.detail_view.toPlainText()

    # open again: the editor offers "Wieder öffnen" for a done one
    def reopen(editor: FollowUpEditor) -> None:
        assert editor.done_button.text() == "Wieder ö&ffnen"
        assert editor.status_label.text().startswith("erledigt am")
        editor.done_button.click()

    drive(monkeypatch, qtbot, reopen)
    assert page.edit_follow_up(item.id) == "reopened"
    assert not monday.followups.get_follow_up(item.id).is_done
    assert "✓" not in page.detail_view.toPlainText()

    # change the date with a German date, then delete it
    def redate(editor: FollowUpEditor) -> None:
        editor.due.setText("25.10.2026")
        editor.save()

    drive(monkeypatch, qtbot, redate)
    assert page.edit_follow_up(item.id) == "saved"
    assert "25.10.2026: Nachfragen" in page.detail_view.toPlainText()
    confirm(monkeypatch, True)
    drive(monkeypatch, qtbot, lambda editor: editor.delete_button.click())
    assert page.edit_follow_up(item.id) == "deleted"
    assert "Nachfragen" not in page.detail_view.toPlainText()
    assert (
        monday.followups.list_follow_ups(consultation_id=consultation.id, include_done=True) == []
    )
