"""Kontakte → Person → Datenschutz: the data report saved through the save dialog (off the GUI
thread), and anonymising after a clear question; the list follows, the statistics rows stay."""

from __future__ import annotations

import json
import os
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



def test_consent_recorded_and_withdrawn_in_the_person_form(
    qtbot: QtBot, page: ContactsPage, services: Services, person: int,
    dialogs: dict[str, list[str]], monkeypatch: pytest.MonkeyPatch,
) -> None:
    from datetime import date

    from beratung.domain.enums import ConsentMethod, ConsentPurpose
    from beratung.gui.contacts.consents import ConsentDialog
    from beratung.services.privacy import ConsentInput

    tab = page.person_form.consents
    assert tab.model.rowCount() == 0 and tab.add_button.isEnabled()
    assert not tab.withdraw_button.isEnabled()
    given = ConsentInput(ConsentPurpose.DISTRIBUTION_LIST, ConsentMethod.EMAIL, date(2024, 5, 2))
    monkeypatch.setattr(ConsentDialog, "ask", classmethod(lambda cls, parent, today: given))
    tab.add_button.click()
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1, timeout=10_000)
    assert tab.model.index(0, 0).data() == "Verteiler"
    assert tab.model.index(0, 1).data() == "02.05.2024"

    tab.view.setCurrentIndex(tab.model.index(0, 0))
    assert tab.withdraw_button.isEnabled()
    tab.withdraw_button.click()
    qtbot.waitUntil(lambda: bool(tab.model.index(0, 4).data()), timeout=10_000)
    assert "widerrufen" in dialogs["confirm"][0]
    assert services.contacts.get_person(person).consents[0].withdrawn_on is not None


def test_the_consent_dialog_reads_its_fields(qtbot: QtBot) -> None:
    from datetime import date

    from beratung.domain.enums import ConsentMethod, ConsentPurpose
    from beratung.gui.contacts.consents import ConsentDialog

    dialog = ConsentDialog(date(2026, 3, 10))
    qtbot.addWidget(dialog)
    dialog.purpose.setCurrentIndex(dialog.purpose.findData(ConsentPurpose.PHOTO))
    dialog.method.setCurrentIndex(dialog.method.findData(ConsentMethod.VERBAL))
    dialog.limited.setChecked(True)
    dialog.notes.setPlainText("Fototermin")
    value = dialog.value()
    assert value.purpose is ConsentPurpose.PHOTO and value.method is ConsentMethod.VERBAL
    assert value.given_on == date(2026, 3, 10) and value.valid_until == date(2026, 3, 10)
    assert value.notes == "Fototermin"
    dialog.show()
    if os.environ.get("BERATUNG_SCREENSHOTS"):
        dialog.grab().save(os.environ["BERATUNG_SCREENSHOTS"])
