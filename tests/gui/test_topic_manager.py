"""Themen verwalten: usage counts, add, rename (the full-text index follows), deactivate and
reactivate — from the Beratungen page and from the entry form's topic list."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from beratung.domain.enums import OrganisationKind
from beratung.gui.consultations.form import ConsultationForm
from beratung.gui.consultations.topics import TopicManager
from beratung.gui.pages.consultations import ConsultationsPage
from beratung.services import Services
from beratung.services.consultations import ConsultationDraft, ConsultationFilter
from beratung.services.contacts import OrganisationInput

Driver = Callable[[TopicManager], None]


@pytest.fixture
def ulm(services: Services) -> int:
    org = services.contacts.create_organisation(
        OrganisationInput(name="Stadt Ulm", kind=OrganisationKind.MUNICIPALITY, is_member=True)
    )
    for day, topics in ((3, ("Mobilität", "Wohnen")), (4, ("Mobilität",))):
        services.consultations.create_consultation(
            ConsultationDraft(
                occurred_at=datetime(2017, 5, day, 10, tzinfo=UTC),
                organisation_id=org.id,
                subject="Gespräch",
                summary="Busse und Bahnen",
                new_topic_names=topics,
            )
        )
    services.consultations.create_topic("Ungenutzt")
    return org.id


def rows(dialog: TopicManager) -> list[tuple[str, str, str]]:
    model = dialog.model
    return [
        (model.index(r, 0).data(), model.index(r, 2).data(), model.index(r, 1).data())
        for r in range(model.rowCount())
    ]


def select(dialog: TopicManager, name: str) -> None:
    dialog.select_topic(next(t.id for t in dialog.topics() if t.name == name))


def act(qtbot: QtBot, dialog: TopicManager, action: Callable[[], None]) -> None:
    with qtbot.waitSignal(dialog.changed, timeout=10_000):
        action()


def drive(monkeypatch: pytest.MonkeyPatch, qtbot: QtBot, steps: Driver) -> list[TopicManager]:
    """Replace the modal entry point: build the dialog, run ``steps`` in it."""
    opened: list[TopicManager] = []

    def manage(parent: QWidget | None, services: Services) -> bool:
        dialog = TopicManager(services, parent)  # deleted with its parent
        opened.append(dialog)
        steps(dialog)
        return dialog.was_changed

    monkeypatch.setattr(TopicManager, "manage", manage)
    return opened


def test_counts_add_rename_deactivate_reactivate(
    qtbot: QtBot, services: Services, ulm: int, qtmodeltester: object
) -> None:
    dialog = TopicManager(services)
    qtbot.addWidget(dialog)
    assert rows(dialog) == [
        ("Mobilität", "2", "aktiv"),
        ("Ungenutzt", "0", "aktiv"),
        ("Wohnen", "1", "aktiv"),
    ]
    qtmodeltester.check(dialog.model)  # type: ignore[attr-defined]

    # add: Enter in the name field; an existing name (any case) cannot be added twice
    dialog.name_edit.setText("wohnen")
    assert not dialog.add_button.isEnabled()
    dialog.table.clearSelection()
    dialog.name_edit.setText("Inklusive Bildung")
    assert dialog.add_button.isEnabled()
    act(qtbot, dialog, dialog.name_edit.returnPressed.emit)
    assert ("Inklusive Bildung", "0", "aktiv") in rows(dialog)
    assert dialog.current() is not None and dialog.current().name == "Inklusive Bildung"
    assert "angelegt" in dialog.message.text()

    # rename: the consultations keep it, and the full-text search finds the new name
    select(dialog, "Mobilität")
    assert dialog.name_edit.text() == "Mobilität"
    assert not dialog.rename_button.isEnabled()  # same name
    dialog.name_edit.setText("Verkehrswende")
    act(qtbot, dialog, dialog.rename_button.click)
    assert ("Verkehrswende", "2", "aktiv") in rows(dialog)
    found = services.consultations.list_consultations(ConsultationFilter(text="verkehrswende"))
    assert len(found) == 2
    assert all("Verkehrswende" in r.topic_names for r in found)
    assert services.consultations.list_consultations(ConsultationFilter(text="mobilitat")) == []

    # a clash is a clear message in the dialog, not a dialog box
    dialog.name_edit.setText("Wohnen")
    dialog.rename_current()
    qtbot.waitUntil(lambda: "gibt es schon" in dialog.message.text(), timeout=10_000)
    assert dialog.message.property("role") == "alertText"

    # deactivate: shown as inactive (muted, explained), not offered, still on the old ones
    select(dialog, "Wohnen")
    assert dialog.active_button.text() == "&Deaktivieren"
    act(qtbot, dialog, dialog.active_button.click)
    assert ("Wohnen", "1", "inaktiv") in rows(dialog)
    row = next(r for r, t in enumerate(dialog.topics()) if t.name == "Wohnen")
    assert dialog.model.index(row, 1).data(Qt.ItemDataRole.ToolTipRole).startswith("Wird für")
    assert dialog.active_button.text() == "&Aktivieren"
    choices = [t.name for t in services.consultations.draft_blank().topic_choices]
    assert "Wohnen" not in choices
    assert sum("Wohnen" in r.topic_names for r in services.consultations.list_consultations()) == 1

    # reactivate
    act(qtbot, dialog, dialog.active_button.click)
    assert ("Wohnen", "1", "aktiv") in rows(dialog)
    assert "Wohnen" in [t.name for t in services.consultations.draft_blank().topic_choices]
    assert dialog.was_changed


def test_page_opens_the_manager_and_shows_the_new_names(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, services: Services, ulm: int
) -> None:
    def rename(dialog: TopicManager) -> None:
        select(dialog, "Mobilität")
        dialog.name_edit.setText("Verkehrswende")
        act(qtbot, dialog, dialog.rename_current)

    opened = drive(monkeypatch, qtbot, rename)
    page = ConsultationsPage(services)
    qtbot.addWidget(page)
    page.refresh()
    page.select_row(0)
    assert page.topics_button.text() == "The&men verwalten …"
    page.topics_button.click()
    assert len(opened) == 1
    topics = [page.topic_filter.itemText(i) for i in range(page.topic_filter.count())]
    assert "Verkehrswende" in topics and "Mobilität" not in topics
    assert "Verkehrswende" in page.model.row_at(0).topic_names
    assert "Verkehrswende" in page.detail_view.toPlainText()  # the selection stays, refreshed
    page.search_edit.setText("verkehrswende")
    page.apply_filters()
    assert page.model.total == 2


def test_form_topic_list_follows_the_manager(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, services: Services, ulm: int
) -> None:
    old = services.consultations.list_consultations()[-1]  # 3 May: Mobilität and Wohnen
    detail = services.consultations.get_consultation(old.id)

    def change(dialog: TopicManager) -> None:
        select(dialog, "Wohnen")
        act(qtbot, dialog, dialog.toggle_current)  # deactivated
        select(dialog, "Mobilität")
        dialog.name_edit.setText("Verkehrswende")
        act(qtbot, dialog, dialog.rename_current)

    drive(monkeypatch, qtbot, change)

    def listed(form: ConsultationForm) -> dict[str, bool]:
        model = form.topics_model
        return {
            model.item(r).text(): model.item(r).checkState() == Qt.CheckState.Checked
            for r in range(model.rowCount())
        }

    # editing the old consultation: the inactive topic stays (checked), the rename shows
    form = ConsultationForm(services, services.consultations.draft_blank(), detail)
    qtbot.addWidget(form)
    assert form.topics_button in form.tab_order
    form.topics_button.click()
    assert listed(form) == {"Verkehrswende": True, "Ungenutzt": False, "Wohnen": True}

    # a new consultation: a topic deactivated meanwhile is no longer offered
    new = ConsultationForm(services, services.consultations.draft_for_organisation(ulm))
    qtbot.addWidget(new)
    assert "Ungenutzt" in listed(new)

    def deactivate(dialog: TopicManager) -> None:
        select(dialog, "Ungenutzt")
        act(qtbot, dialog, dialog.toggle_current)

    drive(monkeypatch, qtbot, deactivate)
    new.manage_topics()
    assert "Ungenutzt" not in listed(new)
    assert "Wohnen" not in listed(new)
    assert "Verkehrswende" in listed(new)
