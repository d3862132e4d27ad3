"""Unsaved edits on the Presse page: switching releases, leaving the page and closing the window
ask Speichern/Verwerfen/Abbrechen."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from pytestqt.qtbot import QtBot

from beratung.gui.feedback import FeedbackDialogs
from beratung.gui.main_window import MainWindow
from beratung.gui.pages.base import Page
from beratung.gui.pages.press import PressPage
from beratung.services import Services
from beratung.services.press import PressDraft


class Answers:
    def __init__(self) -> None:
        self.next = "cancel"
        self.asked: list[str] = []


@pytest.fixture
def answers(monkeypatch: pytest.MonkeyPatch) -> Answers:
    state = Answers()

    def unsaved(_cls: object, _parent: object, headline: str) -> str:
        state.asked.append(headline)
        return state.next

    monkeypatch.setattr(FeedbackDialogs, "unsaved_changes", classmethod(unsaved))
    return state


@pytest.fixture
def two_releases(services: Services, office: object) -> list[int]:
    ids = []
    for headline in ("Erste", "Zweite"):
        detail = services.press.create_draft(
            PressDraft(headline=headline, body="Text", release_date=date(2017, 7, 31))
        )
        ids.append(detail.id)
    return ids


@pytest.fixture
def press_window(qtbot: QtBot, services: Services, two_releases: list[int]) -> Iterator[MainWindow]:
    window = MainWindow(services)
    qtbot.addWidget(window)
    window.show()
    window.show_page("press")
    yield window
    _press(window).editor.feedback.set_dirty(False)


def _press(window: MainWindow) -> PressPage:
    page = window.page("press")
    assert isinstance(page, PressPage)
    return page


def _edit(page: PressPage, headline: str) -> None:
    page.editor.headline.setText(headline)
    page.editor.headline.textEdited.emit(headline)
    assert page.has_unsaved_changes()


def _other_row(page: PressPage) -> int:
    current = page.current()
    assert current is not None
    for row in range(page.proxy.rowCount()):
        if page.proxy.index(row, 0).data(page.model.ID_ROLE) != current.id:
            return row
    raise AssertionError("no other release")


def test_pages_have_no_unsaved_changes_by_default(press_window: MainWindow) -> None:
    assert not Page.has_unsaved_changes(press_window.page("overview"))
    assert not _press(press_window).has_unsaved_changes()


def test_switching_release_cancel_keeps_the_edits(
    press_window: MainWindow, answers: Answers
) -> None:
    page = _press(press_window)
    before = page.current()
    _edit(page, "Geändert")
    page.table.setCurrentIndex(page.proxy.index(_other_row(page), 0))
    assert answers.asked == ["Geändert"]
    assert page.current() == before and page.editor.headline.text() == "Geändert"


def test_switching_release_discard_drops_the_edits(
    press_window: MainWindow, answers: Answers, services: Services
) -> None:
    page = _press(press_window)
    before = page.current()
    assert before is not None
    _edit(page, "Verworfen")
    answers.next = "discard"
    page.table.setCurrentIndex(page.proxy.index(_other_row(page), 0))
    after = page.current()
    assert after is not None and after.id != before.id and not page.has_unsaved_changes()
    assert services.press.get_release(before.id).draft.headline == before.draft.headline


def test_switching_release_save_stores_then_switches(
    qtbot: QtBot, press_window: MainWindow, answers: Answers, services: Services
) -> None:
    page = _press(press_window)
    before = page.current()
    assert before is not None
    _edit(page, "Gespeichert")
    answers.next = "save"
    target_row = _other_row(page)
    target = page.proxy.index(target_row, 0).data(page.model.ID_ROLE)
    page.table.setCurrentIndex(page.proxy.index(target_row, 0))
    qtbot.waitUntil(
        lambda: page.current() is not None and page.current().id == target, timeout=10_000
    )
    assert services.press.get_release(before.id).draft.headline == "Gespeichert"
    assert not page.has_unsaved_changes()


def test_leaving_the_page_asks(
    qtbot: QtBot, press_window: MainWindow, answers: Answers, services: Services
) -> None:
    page = _press(press_window)
    _edit(page, "Noch offen")
    press_window.show_page("overview")
    assert press_window.current_key() == "press"  # Abbrechen: stays
    assert press_window.navigation.currentRow() == press_window.stack.currentIndex()
    assert page.editor.headline.text() == "Noch offen"

    answers.next = "save"
    press_window.navigation.setCurrentRow(0)  # as a click in the navigation
    qtbot.waitUntil(lambda: press_window.current_key() == "overview", timeout=10_000)
    current = page.current()
    assert current is not None
    assert services.press.get_release(current.id).draft.headline == "Noch offen"

    press_window.show_page("press")
    _edit(page, "Weg damit")
    answers.next = "discard"
    press_window.show_page("contacts")
    assert press_window.current_key() == "contacts"
    assert services.press.get_release(current.id).draft.headline == "Noch offen"
    assert not page.has_unsaved_changes()
    assert answers.asked == ["Noch offen", "Noch offen", "Weg damit"]


def test_closing_the_window_asks_about_unsaved_edits(
    qtbot: QtBot, press_window: MainWindow, answers: Answers, services: Services
) -> None:
    page = _press(press_window)
    _edit(page, "Vor dem Schließen")
    answers.next = "cancel"
    assert not press_window.close()
    assert press_window.isVisible()

    answers.next = "save"
    assert not press_window.close()  # the save runs first, then the window closes
    qtbot.waitUntil(lambda: not press_window.isVisible(), timeout=10_000)
    current = page.current()
    assert current is not None
    assert services.press.get_release(current.id).draft.headline == "Vor dem Schließen"


def test_closing_from_another_page_shows_the_press_page_first(
    press_window: MainWindow, answers: Answers
) -> None:
    page = _press(press_window)
    _edit(page, "Vergessen")
    # leave it dirty behind the user's back (as a page that keeps edits would)
    press_window.stack.setCurrentIndex(0)
    press_window.navigation.blockSignals(True)
    press_window.navigation.setCurrentRow(0)
    press_window.navigation.blockSignals(False)
    answers.next = "discard"
    assert press_window.close()
    assert answers.asked == ["Vergessen"]
