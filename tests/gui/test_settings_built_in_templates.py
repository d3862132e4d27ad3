"""Einstellungen → Textvorlagen lists the invitation texts the office has not saved yet with
their built-in text, among them the e-mail in Leichte Sprache; saving one stores it under its
key, and the invitations use it from then on."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from beratung.domain.rules.easy_language import (
    DEFAULT_EASY_INVITATION_MAIL_BODY,
    EASY_INVITATION_MAIL_TEMPLATE_KEY,
)
from beratung.gui.pages.settings import SettingsPage
from beratung.services import Services
from beratung.services.office import BUILT_IN_ID


@pytest.fixture
def page(qtbot: QtBot, services: Services) -> SettingsPage:
    widget = SettingsPage(services)
    qtbot.addWidget(widget)
    widget.resize(1060, 720)
    widget.show()
    widget.refresh()
    return widget


def test_the_easy_e_mail_text_is_listed_built_in_and_saved_as_the_offices_own(
    qtbot: QtBot, page: SettingsPage, services: Services
) -> None:
    page.tabs.setCurrentWidget(page.templates_tab)
    tab = page.templates_tab
    keys = [tab.model.row_at(row).key for row in range(tab.model.rowCount())]
    assert {"einladung", "einladung_leichte_sprache", "einladung_email",
            EASY_INVITATION_MAIL_TEMPLATE_KEY} <= set(keys)
    row = keys.index(EASY_INVITATION_MAIL_TEMPLATE_KEY)
    assert tab.model.index(row, 0).data() == (
        "Einladung per E-Mail in Leichter Sprache (mitgeliefert)")
    tab.list.setCurrentIndex(tab.model.index(row, 0))
    assert tab.body.toPlainText() == DEFAULT_EASY_INVITATION_MAIL_BODY
    assert tab.key.text() == EASY_INVITATION_MAIL_TEMPLATE_KEY and tab.key.isReadOnly()
    assert services.office.list_templates() == []  # nothing stored yet

    tab.body.setPlainText(DEFAULT_EASY_INVITATION_MAIL_BODY.replace(
        "Wir freuen uns auf Sie!", "Wir freuen uns sehr auf Sie!"))
    tab.save_button.click()
    qtbot.waitUntil(lambda: not tab.busy, timeout=10_000)
    assert tab.feedback is not None and tab.feedback.invalid_field() is None
    (saved,) = services.office.list_templates()
    assert saved.key == EASY_INVITATION_MAIL_TEMPLATE_KEY and saved.id != BUILT_IN_ID
    assert "Wir freuen uns sehr auf Sie!" in saved.body
    listed = [t for t in services.office.list_templates(built_in=True)
              if t.key == EASY_INVITATION_MAIL_TEMPLATE_KEY]
    assert listed == [saved]  # the stored one replaces the built-in one
    assert tab.current == saved
    assert tab.model.index(row, 0).data() == "Einladung per E-Mail in Leichter Sprache"
