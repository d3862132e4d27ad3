"""The person form's "Einladungen" block: print variant and invitation route (decision 21) are
loaded from and saved through the same snapshot and ``update_person`` path as every other field,
with its version check; the two combos are named, have their own mnemonics and sit in the Tab
order where they are seen."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from events_helpers import mnemonics, unnamed_focus_widgets
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget
from pytestqt.qtbot import QtBot

from beratung.domain.enums import ContactRoute, PrintVariant
from beratung.gui.contacts.person_form import PersonForm
from beratung.gui.main_window import MainWindow
from beratung.gui.pages.contacts import ContactsPage
from beratung.services import Services
from beratung.services.contacts import PersonInput


@pytest.fixture
def person(services: Services) -> int:
    return services.contacts.create_person(
        PersonInput(last_name="Vogel", first_name="Ida", email="ida.vogel@example.org")
    ).id


@pytest.fixture
def form(qtbot: QtBot, services: Services, person: int) -> Iterator[PersonForm]:
    widget = PersonForm(services)
    qtbot.addWidget(widget)
    widget.resize(520, 900)
    widget.show()
    widget.load(services.contacts.get_person(person))
    yield widget


def choose(combo_data: object, form: PersonForm, which: str) -> None:
    combo = form.print_variant if which == "variant" else form.contact_route
    index = 0 if combo_data is None else combo.findData(combo_data)
    assert index >= 0
    combo.setCurrentIndex(index)


def shown(form: PersonForm) -> tuple[object, object]:
    return form.print_variant.currentData(), form.contact_route.currentData()


def test_a_person_without_preferences_shows_standard_and_no_route(form: PersonForm) -> None:
    assert shown(form) == (PrintVariant.STANDARD, None)
    assert form.contact_route.currentText().startswith("E-Mail, wenn vorhanden")
    assert [form.print_variant.itemText(i) for i in range(3)] == [
        "Standard",
        "Großdruck",
        "Leichte Sprache",
    ]
    assert [form.contact_route.itemText(i) for i in range(3)] == [
        "E-Mail, wenn vorhanden, sonst Post",
        "Post",
        "E-Mail",
    ]
    assert not form.is_dirty()


def test_preferences_round_trip_through_the_service(
    qtbot: QtBot, form: PersonForm, services: Services, person: int
) -> None:
    before = form.detail
    assert before is not None
    choose(PrintVariant.EASY, form, "variant")
    choose(ContactRoute.POST, form, "route")
    assert form.is_dirty() and form.save_button.isEnabled()
    form.save()
    qtbot.waitUntil(lambda: not form.is_dirty(), timeout=5000)
    stored = services.contacts.get_person(person)
    assert (stored.print_variant, stored.contact_route) == (PrintVariant.EASY, ContactRoute.POST)
    assert stored.version > before.version
    assert stored.email == "ida.vogel@example.org"  # nothing else changed

    # a fresh form shows what was stored; back to "keine Angabe" stores no route
    again = PersonForm(services)
    qtbot.addWidget(again)
    again.load(services.contacts.get_person(person))
    assert shown(again) == (PrintVariant.EASY, ContactRoute.POST)
    choose(None, again, "route")
    choose(PrintVariant.LARGE, again, "variant")
    again.save()
    qtbot.waitUntil(lambda: not again.is_dirty(), timeout=5000)
    stored = services.contacts.get_person(person)
    assert (stored.print_variant, stored.contact_route) == (PrintVariant.LARGE, None)
    assert shown(again) == (PrintVariant.LARGE, None)


def test_what_the_cli_set_is_shown_and_discarding_restores_it(
    form: PersonForm, services: Services, person: int
) -> None:
    detail = services.contacts.get_person(person)
    services.contacts.update_person(  # as `beratung contacts preferences` does
        person,
        {"print_variant": "large", "contact_route": "email"},
        expected_version=detail.version,
    )
    form.reload()
    assert shown(form) == (PrintVariant.LARGE, ContactRoute.EMAIL)
    choose(ContactRoute.POST, form, "route")
    assert form.is_dirty()
    form.discard()
    assert shown(form) == (PrintVariant.LARGE, ContactRoute.EMAIL) and not form.is_dirty()


def test_a_new_person_is_created_with_her_preferences(qtbot: QtBot, services: Services) -> None:
    form = PersonForm(services)
    qtbot.addWidget(form)
    form.new()
    assert shown(form) == (PrintVariant.STANDARD, None)
    form.last_name.setText("Kranich")
    choose(PrintVariant.LARGE, form, "variant")
    choose(ContactRoute.EMAIL, form, "route")
    form.save()
    qtbot.waitUntil(lambda: form.detail is not None and not form.is_dirty(), timeout=5000)
    assert form.detail is not None
    stored = services.contacts.get_person(form.detail.id)
    assert (stored.print_variant, stored.contact_route) == (PrintVariant.LARGE, ContactRoute.EMAIL)


def test_a_concurrent_edit_is_not_overwritten(
    qtbot: QtBot, form: PersonForm, services: Services, person: int
) -> None:
    loaded = form.detail
    assert loaded is not None
    services.contacts.update_person(
        person, {"contact_route": "email"}, expected_version=loaded.version
    )
    choose(ContactRoute.POST, form, "route")
    form.save()
    qtbot.waitUntil(lambda: form.conflict.isVisible(), timeout=5000)
    assert services.contacts.get_person(person).contact_route is ContactRoute.EMAIL
    form.reload_button.click()
    assert shown(form) == (PrintVariant.STANDARD, ContactRoute.EMAIL) and not form.is_dirty()


def buddy_label(form: PersonForm, field: QWidget) -> QLabel:
    for label in form.findChildren(QLabel):
        if label.buddy() is field:
            return label
    raise AssertionError(f"no label for {field.objectName()}")


def next_focus(widget: QWidget) -> QWidget:
    """The next widget the Tab key reaches (focus chain, visible, Tab-focusable)."""
    candidate = widget.nextInFocusChain()
    while not (
        candidate.focusPolicy() & Qt.FocusPolicy.TabFocus
        and candidate.isVisible()
        and candidate.isEnabled()
    ):
        candidate = candidate.nextInFocusChain()
    return candidate


def test_the_fields_are_named_labelled_and_in_tab_order(form: PersonForm) -> None:
    assert form.print_variant.accessibleName() == "Druckfassung der Einladungen"
    assert form.contact_route.accessibleName() == "Einladung per"
    assert buddy_label(form, form.print_variant).text() == "Druckfassun&g"
    assert buddy_label(form, form.contact_route).text() == "&Einladung per"
    unnamed = unnamed_focus_widgets(form)
    assert not [w for w in unnamed if "print_variant" in w or "contact_route" in w]
    assert next_focus(form.salutation_override) is form.print_variant
    assert next_focus(form.print_variant) is form.contact_route
    assert next_focus(form.contact_route) is form.notes
    # the label column lines up with the other blocks of the form
    assert buddy_label(form, form.print_variant).width() == buddy_label(form, form.anrede).width()


def test_mnemonics_do_not_clash_in_the_window(
    window: MainWindow, services: Services, person: int
) -> None:
    page = window.show_page("contacts")
    assert isinstance(page, ContactsPage)
    page.resize(1200, 800)
    assert page.person_form.isVisible()
    letters = mnemonics(page)
    assert {"f", "e"} <= set(letters)
    menus = [menu_letter(action.text()) for action in window.menuBar().actions()]
    letters += [letter for letter in menus if letter]
    assert len(letters) == len(set(letters)), letters


def menu_letter(text: str) -> str:
    plain = text.replace("&&", "")
    position = plain.find("&")
    return plain[position + 1].lower() if position >= 0 else ""
