"""The Kontakte page on a fresh database: lazy list, search, filters, the person form."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from beratung.domain.enums import Anrede, OrganisationKind
from beratung.gui.contacts.common import ContactDialogs
from beratung.gui.contacts.models import PersonTableModel
from beratung.gui.pages.contacts import ContactsPage
from beratung.services import Services
from beratung.services.contacts import AffiliationInput, OrganisationInput, PersonInput


@pytest.fixture
def sample(services: Services) -> dict[str, int]:
    contacts = services.contacts
    ulm = contacts.create_organisation(
        OrganisationInput(
            name="Stadt Ulm",
            kind=OrganisationKind.MUNICIPALITY,
            street="Marktplatz 1",
            postcode="89073",
            town="Ulm",
            kreis="Ulm",
            regierungsbezirk="Tübingen",
            is_member=True,
        )
    ).id
    tue = contacts.create_organisation(
        OrganisationInput(
            name="Landkreis Tübingen",
            kind=OrganisationKind.COUNTY,
            postcode="72072",
            town="Tübingen",
            kreis="Tübingen",
            regierungsbezirk="Tübingen",
        )
    ).id
    mueller = contacts.create_person(
        PersonInput(last_name="Müller", first_name="Anna", anrede=Anrede.FRAU, title="Dr."),
        affiliation=AffiliationInput(organisation_id=ulm, role="Oberbürgermeisterin"),
    ).id
    weber = contacts.create_person(
        PersonInput(last_name="Weber", first_name="Jan", anrede=Anrede.HERR),
        affiliation=AffiliationInput(organisation_id=tue, role="Sozialdezernent"),
    ).id
    return {"ulm": ulm, "tue": tue, "mueller": mueller, "weber": weber}


@pytest.fixture
def page(qtbot: QtBot, services: Services, sample: dict[str, int]) -> Iterator[ContactsPage]:
    widget = ContactsPage(services)
    qtbot.addWidget(widget)
    widget.resize(1100, 700)
    widget.show()
    widget.refresh()
    yield widget


def names(page: ContactsPage) -> list[str]:
    model = page.model()
    return [model.row_at(row).sort_name for row in range(model.rowCount())]


def test_lazy_model_fetches_pages_while_scrolling(
    qtbot: QtBot, qtmodeltester: Any, services: Services
) -> None:
    for number in range(45):
        services.contacts.create_person(PersonInput(last_name=f"Person{number:02d}"))
    model = PersonTableModel(services.contacts, page_size=20)
    model.reload()
    assert (model.total, model.rowCount(), model.canFetchMore()) == (45, 20, True)
    qtmodeltester.check(model)

    from beratung.gui.contacts.common import table_view

    view = table_view("t", "t", model)
    qtbot.addWidget(view)
    view.resize(400, 300)
    view.show()
    view.scrollToBottom()  # the view asks for more when the bottom is reached
    qtbot.waitUntil(lambda: model.rowCount() > 20)
    model.fetch_all_to(44)
    assert model.rowCount() == 45 and not model.canFetchMore()
    assert model.row_at(44).last_name == "Person44"
    # a header click sorts in the database: descending by name
    model.sort(0, Qt.SortOrder.DescendingOrder)
    assert model.order_by == "-name"
    assert model.row_at(0).last_name == "Person44"
    qtmodeltester.check(model)


def test_search_muller_finds_mueller(qtbot: QtBot, page: ContactsPage) -> None:
    assert page.count_label.text() == "2 Personen"
    page.search.setText("muller")
    assert page.search_timer.isActive()  # debounced, not yet applied
    qtbot.waitUntil(lambda: page.person_model.total == 1, timeout=10_000)
    assert names(page) == ["Müller, Anna"]
    assert page.count_label.text() == "1 Person"
    assert page.person_form.detail.last_name == "Müller"  # the first hit is shown


def test_filter_by_landkreis(page: ContactsPage) -> None:
    index = page.kreis_combo.findText("Tübingen")
    assert index > 0
    page.kreis_combo.setCurrentIndex(index)
    assert names(page) == ["Weber, Jan"]
    page.reset_filters()
    assert len(names(page)) == 2


def test_create_edit_and_save_a_person(
    qtbot: QtBot, page: ContactsPage, services: Services
) -> None:
    page.new_record()
    form = page.person_form
    assert form.is_new() and form.title_label.text() == "Neue Person"
    form.anrede.setCurrentIndex(form.anrede.findData(Anrede.FRAU))
    form.first_name.setText("Eva")
    form.last_name.setText("Schäfer")  # non-ASCII: setText, not keyClicks
    form.email.setText("eva.schaefer@example.org")
    assert form.is_dirty() and form.save_button.isEnabled()
    page.save_current()
    qtbot.waitUntil(lambda: form.detail is not None, timeout=5000)
    created = services.contacts.get_person(form.detail.id)
    assert (created.first_name, created.last_name) == ("Eva", "Schäfer")
    assert page.person_model.total == 3 and page.current_id() == created.id
    assert "Sehr geehrte Frau Schäfer," in form.letter_preview.text()

    form.phone.setText("0711 22921-0")
    assert form.is_dirty()
    page.save_current()
    qtbot.waitUntil(lambda: not form.is_dirty(), timeout=5000)
    assert services.contacts.get_person(created.id).phone
    assert form.detail.version > created.version


def test_four_digit_postcode_is_shown_at_the_field(
    qtbot: QtBot, page: ContactsPage, sample: dict[str, int]
) -> None:
    form = page.person_form
    assert form.detail.id == sample["mueller"]
    form.postcode.setText("8907")
    form.town.setText("Ulm")
    form.save()
    qtbot.waitUntil(lambda: form.feedback.is_marked("postcode"), timeout=5000)
    assert "PLZ" in form.feedback.message("postcode") or "Postleitzahl" in form.feedback.message(
        "postcode"
    )
    assert not form.feedback.is_marked("town")
    assert form.is_dirty()  # the input stays for correction
    form.postcode.setText("89073")
    form.save()
    qtbot.waitUntil(lambda: not form.is_dirty(), timeout=5000)
    assert not form.feedback.is_marked("postcode")


def test_concurrent_edit_shows_conflict_and_reload(
    qtbot: QtBot, page: ContactsPage, services: Services, sample: dict[str, int]
) -> None:
    form = page.person_form
    loaded = form.detail
    assert loaded.id == sample["mueller"]
    services.contacts.update_person(
        loaded.id, {"email": "a.mueller@ulm.de"}, expected_version=loaded.version
    )
    form.mobile.setText("0171 1234567")
    form.save()
    qtbot.waitUntil(lambda: form.conflict.isVisible(), timeout=5000)
    assert "inzwischen" in form.conflict_label.text()
    assert form.reload_button.isVisible()
    assert services.contacts.get_person(loaded.id).mobile is None  # nothing overwritten
    form.reload_button.click()
    assert not form.conflict.isVisible()
    assert form.email.text() == "a.mueller@ulm.de" and not form.is_dirty()


def test_keyboard_search_new_delete(
    qtbot: QtBot, page: ContactsPage, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    page.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is page)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert page.search.hasFocus()
    qtbot.keyClicks(page.search, "weber")
    qtbot.keyClick(page.search, Qt.Key.Key_Down)  # applies the search at once, into the list
    assert page.table.hasFocus() and names(page) == ["Weber, Jan"]
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert page.person_form.anrede.hasFocus()
    qtbot.keyClick(page.person_form.anrede, Qt.Key.Key_Escape)
    assert page.table.hasFocus()

    asked: list[str] = []

    def confirm(cls: type, parent: object, text: str, info: str, ok: str) -> bool:
        asked.append(text)
        return True

    monkeypatch.setattr(ContactDialogs, "confirm", classmethod(confirm))
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    assert asked and "Weber" in asked[0]
    qtbot.waitUntil(lambda: page.person_model.total == 0, timeout=5000)
    assert services.contacts.count_persons() == 1

    qtbot.keyClick(page.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert page.person_form.is_new() and page.person_form.anrede.hasFocus()
