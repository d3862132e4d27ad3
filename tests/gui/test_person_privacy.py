"""Kontakte → Person → Datenschutz: the data report saved through the save dialog (off the GUI
thread), and anonymising after a clear question; the list follows, the statistics rows stay."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from beratung.domain.enums import Anrede
from beratung.gui.contacts.common import ContactDialogs
from beratung.gui.pages.contacts import ContactsPage
from beratung.services import Services
from beratung.services.contacts import AffiliationInput, OrganisationInput, PersonInput


@pytest.fixture
def person(services: Services) -> int:
    ulm = services.contacts.create_organisation(OrganisationInput(name="Stadt Ulm")).id
    return services.contacts.create_person(
        PersonInput(last_name="Müller", first_name="Anna", anrede=Anrede.FRAU,
                    email="anna.mueller@ulm.de"),
        affiliation=AffiliationInput(organisation_id=ulm, role="Sozialplanerin"),
    ).id


@pytest.fixture
def page(qtbot: QtBot, services: Services, person: int) -> Iterator[ContactsPage]:
    widget = ContactsPage(services)
    qtbot.addWidget(widget)
    widget.resize(1200, 760)
    widget.show()
    widget.refresh()
    widget.show_person(person)
    yield widget


@pytest.fixture
def dialogs(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> dict[str, list[str]]:
    said: dict[str, list[str]] = {"confirm": [], "information": [], "save": []}

    def confirm(cls: type, parent: object, text: str, info: str, ok: str) -> bool:
        said["confirm"].append(text)
        return True

    def information(cls: type, parent: object, text: str, informative: str = "") -> None:
        said["information"].append(f"{text}\n{informative}")

    def save_file(cls: type, parent: object, title: str, suggested: str,
                  filters: object) -> str:
        said["save"].append(suggested)
        return str(tmp_path / suggested)

    monkeypatch.setattr(ContactDialogs, "confirm", classmethod(confirm))
    monkeypatch.setattr(ContactDialogs, "information", classmethod(information))
    monkeypatch.setattr(ContactDialogs, "save_file", classmethod(save_file))
    return said


def test_export_and_anonymise_from_the_person(
    qtbot: QtBot, page: ContactsPage, services: Services, person: int,
    dialogs: dict[str, list[str]], tmp_path: Path,
) -> None:
    form = page.person_form
    button = form.privacy
    assert form.detail is not None and form.detail.id == person
    assert button.isEnabled() and button.accessibleName() == "Datenschutz"
    assert "&" in button.text()

    button.export_action.trigger()
    qtbot.waitUntil(lambda: bool(dialogs["information"]), timeout=20000)
    assert dialogs["save"] == [f"Auskunft Person {person}.pdf"]
    assert "Die Auskunft wurde gespeichert" in dialogs["information"][0]
    data = json.loads((tmp_path / f"Auskunft Person {person}.json").read_text("utf-8"))
    assert data["person"]["email"] == "anna.mueller@ulm.de"
    assert (tmp_path / f"Auskunft Person {person}.pdf").exists()

    button.erase_action.trigger()
    qtbot.waitUntil(lambda: len(dialogs["information"]) == 2, timeout=20000)
    assert "Anna Müller" in dialogs["confirm"][0]
    assert "anonymisiert" in dialogs["information"][1]
    # Anonymised persons leave the list (they stay for the statistics only).
    assert page.model().row_of_id(person) == -1
    assert form.detail is None or form.detail.id != person
    erased = services.contacts.get_person(person)
    assert erased.email is None and erased.last_name == f"Gelöschte Person #{person}"
    form.load(erased)
    assert not button.erase_action.isEnabled() and button.export_action.isEnabled()


def test_nothing_happens_without_confirmation(
    qtbot: QtBot, page: ContactsPage, services: Services, person: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(ContactDialogs, "confirm", classmethod(lambda *a: False))
    page.person_form.privacy.erase_action.trigger()
    qtbot.wait(50)
    assert services.contacts.get_person(person).erased_at is None

