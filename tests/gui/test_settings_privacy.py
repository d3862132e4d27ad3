"""Einstellungen → Datenschutz over the demo data: the periods load and save, "Zur Löschung
fällig" lists the needs of past events, the button deletes them after a question, and the record
of processing activities (Art. 30) is saved as a PDF."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from beratung.gui.pages.settings import SettingsPage
from beratung.gui.settings.privacy import PrivacyDialogs
from beratung.services import Services
from beratung.services.base import ServiceContext
from beratung.services.demo import DemoService

NOW = datetime(2026, 3, 10, 9, 30, tzinfo=UTC)


@pytest.fixture
def page(qtbot: QtBot, services: Services) -> SettingsPage:
    DemoService(ServiceContext(db=services.db, paths=services.paths, clock=lambda: NOW)).create()
    widget = SettingsPage(services)
    qtbot.addWidget(widget)
    widget.resize(1100, 760)
    widget.show()
    widget.refresh()
    widget.show_tab(widget.privacy_tab)
    qtbot.waitUntil(lambda: widget.privacy_tab.report is not None, timeout=20_000)
    return widget


def test_periods_due_list_purge_and_record(
    qtbot: QtBot, page: SettingsPage, services: Services, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    tab = page.privacy_tab
    assert tab.needs_weeks.value() == 4 and tab.consultations_years.value() == 10
    assert tab.model.rowCount() > 0 and tab.purge_button.isEnabled()
    assert tab.model.index(0, 0).data() == "Bedarfe"
    if os.environ.get("BERATUNG_SCREENSHOTS"):
        page.grab().save(os.environ["BERATUNG_SCREENSHOTS"])

    tab.contacts_years.setValue(5)
    tab.save_button.click()
    qtbot.waitUntil(lambda: not tab.busy, timeout=10_000)
    assert services.privacy.retention_settings().contacts_review_years == 5
    assert "gespeichert" in tab.feedback.summary_text()

    asked: list[str] = []

    def confirm(cls: type, parent: object, text: str, info: str, ok: str) -> bool:
        asked.append(info)
        return True

    monkeypatch.setattr(PrivacyDialogs, "confirm", classmethod(confirm))
    tab.purge_button.click()
    qtbot.waitUntil(lambda: not tab.busy and bool(asked), timeout=20_000)
    assert "Bedarfe" in asked[0]
    assert services.privacy.due().needs == ()
    assert not tab.purge_button.isEnabled()

    target = tmp_path / "verzeichnis.pdf"
    monkeypatch.setattr(PrivacyDialogs, "save_pdf", classmethod(lambda *a: str(target)))
    tab.record_button.click()
    qtbot.waitUntil(lambda: not tab.busy and target.exists(), timeout=20_000)
    assert target.read_bytes().startswith(b"%PDF")
    assert "Verzeichnis gespeichert" in tab.feedback.summary_text()


def test_nothing_is_deleted_without_confirmation(
    qtbot: QtBot, page: SettingsPage, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(PrivacyDialogs, "confirm", classmethod(lambda *a: False))
    page.privacy_tab.purge_button.click()
    qtbot.wait(50)
    assert services.privacy.due().needs != ()
