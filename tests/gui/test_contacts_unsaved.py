"""Leaving the Kontakte page with unsaved edits asks first, like leaving a record does."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from beratung.domain.enums import Anrede
from beratung.gui.feedback import FeedbackDialogs
from beratung.gui.main_window import MainWindow
from beratung.services import Services
from beratung.services.contacts import PersonInput


def test_leaving_the_page_with_unsaved_edits_asks(
    qtbot: QtBot, window: MainWindow, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    services.contacts.create_person(PersonInput(last_name="Fischer", anrede=Anrede.FRAU))
    asked: list[str] = []
    monkeypatch.setattr(
        FeedbackDialogs,
        "unsaved_changes",
        classmethod(lambda cls, parent, name: asked.append(name) or "cancel"),
    )
    page = window.show_page("contacts")
    qtbot.waitUntil(lambda: page.current_form().is_dirty() is False)
    qtbot.waitUntil(lambda: bool(page.person_form.record_name()))
    page.person_form.first_name.setText("Simone")
    assert page.has_unsaved_changes()
    window.show_page("overview")
    assert asked, "leaving the page did not ask about the unsaved edit"
    assert window.current_page() is page
