"""The Kontakte page, second round: the live "So im Brief" block, moving on after "Speichern",
export → re-import, the affiliation and directory dialogs, the Verteiler view."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from beratung.domain.enums import AddressPreference, Anrede, OrganisationKind
from beratung.domain.models import Organisation
from beratung.gui.contacts.common import ContactDialogs
from beratung.gui.contacts.pickers import AffiliationDialog, DirectoryDialog
from beratung.gui.feedback import FeedbackDialogs
from beratung.gui.pages.contacts import LISTS, ORGANISATIONS, ContactsPage
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
    verband = contacts.create_organisation(
        OrganisationInput(
            name="Netzwerk Inklusion e. V.",
            kind=OrganisationKind.ASSOCIATION,
            street="Königstraße 2",
            postcode="70173",
            town="Stuttgart",
        )
    ).id
    mueller = contacts.create_person(
        PersonInput(
            last_name="Müller",
            first_name="Anna",
            anrede=Anrede.FRAU,
            title="Dr.",
            email="anna.mueller@ulm.de",
        ),
        affiliation=AffiliationInput(organisation_id=ulm, role="Oberbürgermeisterin"),
    ).id
    weber = contacts.create_person(
        PersonInput(last_name="Weber", first_name="Jan", anrede=Anrede.HERR, email="jw@nw.de"),
        affiliation=AffiliationInput(organisation_id=verband, role="Vorsitzender"),
    ).id
    return {"ulm": ulm, "verband": verband, "mueller": mueller, "weber": weber}


@pytest.fixture
def page(qtbot: QtBot, services: Services, sample: dict[str, int]) -> Iterator[ContactsPage]:
    widget = ContactsPage(services)
    qtbot.addWidget(widget)
    widget.resize(1200, 760)
    widget.show()
    widget.refresh()
    yield widget


@pytest.fixture
def confirmed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    asked: list[str] = []

    def confirm(cls: type, parent: object, text: str, info: str, ok: str) -> bool:
        asked.append(text)
        return True

    def information(cls: type, parent: object, text: str, informative: str = "") -> None:
        asked.append(text)

    monkeypatch.setattr(ContactDialogs, "confirm", classmethod(confirm))
    monkeypatch.setattr(ContactDialogs, "information", classmethod(information))
    return asked


def _select(page: ContactsPage, ident: int) -> None:
    model = page.model()
    page.table.setCurrentIndex(model.index(model.row_of_id(ident), 0))


# ---------------------------------------------------------------- the live letter block


def test_letter_block_follows_the_typing(
    qtbot: QtBot, page: ContactsPage, services: Services, sample: dict[str, int]
) -> None:
    form = page.person_form
    assert form.detail.id == sample["mueller"]
    assert "Dr. Anna Müller" in form.letter_preview.text()
    form.title.setText("Prof.")
    assert form.letter_preview.timer.isActive()  # debounced, not per keystroke
    assert "Dr. Anna Müller" in form.letter_preview.text()
    qtbot.waitUntil(lambda: "Prof. Anna Müller" in form.letter_preview.text(), timeout=10_000)
    assert "Sehr geehrte Frau Oberbürgermeisterin Prof. Müller," in form.letter_preview.text()
    assert form.letter_preview.property("problem") is False

    # her own address, typed and chosen for letters
    form.street.setText("Hauptstraße 5")
    form.postcode.setText("89077")
    form.town.setText("Ulm")
    form.address_preference.setCurrentIndex(
        form.address_preference.findData(AddressPreference.PRIVATE)
    )
    qtbot.waitUntil(lambda: "Hauptstraße 5" in form.letter_preview.text(), timeout=10_000)
    assert "Stadt Ulm" not in form.letter_preview.text()
    assert services.contacts.get_person(sample["mueller"]).title == "Dr."  # nothing saved

    # back to the office address, which cannot fit six lines: the German reason is shown
    with services.db.transaction() as s:
        org = s.get(Organisation, sample["ulm"])
        assert org is not None
        org.department = "Dezernat II\nAmt für Soziales\nSachgebiet Inklusion"
    form.address_preference.setCurrentIndex(
        form.address_preference.findData(AddressPreference.ORGANISATION)
    )
    qtbot.waitUntil(lambda: "höchstens 6" in form.letter_preview.text(), timeout=10_000)
    assert form.letter_preview.property("problem") is True

    # a new person: the block appears as soon as a name and a town are typed
    form.discard()
    page.new_record()
    assert "sobald" in form.letter_preview.text()
    form.anrede.setCurrentIndex(form.anrede.findData(Anrede.HERR))
    form.last_name.setText("Schäfer")
    qtbot.waitUntil(lambda: form.letter_preview.property("problem") is True, timeout=10_000)
    form.town.setText("Stuttgart")
    form.postcode.setText("70173")
    qtbot.waitUntil(lambda: "70173 Stuttgart" in form.letter_preview.text(), timeout=10_000)
    assert "Sehr geehrter Herr Schäfer," in form.letter_preview.text()
    assert services.contacts.count_persons() == 2


# ---------------------------------------------------------------- "Speichern", then move on


def test_saving_from_the_question_moves_on_to_the_picked_record(
    qtbot: QtBot,
    page: ContactsPage,
    services: Services,
    sample: dict[str, int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    asked: list[str] = []

    def unsaved(cls: type, parent: object, name: str) -> str:
        asked.append(name)
        return "save"

    monkeypatch.setattr(FeedbackDialogs, "unsaved_changes", classmethod(unsaved))
    form = page.person_form
    assert form.detail.id == sample["mueller"]

    # an invalid value: the save fails, she stays on the record with the error shown
    form.email.setText("anna@")
    _select(page, sample["weber"])
    assert asked == ["Dr. Anna Müller"]
    qtbot.waitUntil(lambda: form.feedback.is_marked("email"), timeout=5000)
    assert form.detail.id == sample["mueller"] and form.is_dirty()
    assert page.current_id() == sample["mueller"]

    # corrected: the save succeeds and the record she picked is shown
    form.email.setText("a.mueller@ulm.de")
    _select(page, sample["weber"])
    qtbot.waitUntil(lambda: form.detail.id == sample["weber"], timeout=5000)
    assert page.current_id() == sample["weber"] and not form.is_dirty()
    assert services.contacts.get_person(sample["mueller"]).email == "a.mueller@ulm.de"

    # the same for a mode change: Organisationen follows the save
    form.mobile.setText("0171 1234567")
    page.mode_bar.setCurrentIndex(1)
    qtbot.waitUntil(lambda: page.mode == ORGANISATIONS, timeout=5000)
    assert services.contacts.get_person(sample["weber"]).mobile
    assert page.organisation_form.detail is not None


# ---------------------------------------------------------------- export → import


def test_export_of_the_filter_reimports_without_creating(
    qtbot: QtBot,
    page: ContactsPage,
    services: Services,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    target = tmp_path / "ausgewählte Kontakte"  # without the suffix: it is added
    offered: list[str] = []

    def save_file(cls: type, parent: object, title: str, suggested: str, filters: Any) -> str:
        offered.append(suggested)
        return str(target)

    monkeypatch.setattr(ContactDialogs, "save_file", classmethod(save_file))
    page.search.setText("muller")
    page.apply_filter()
    assert page.person_model.total == 1
    page.export_actions["csv"].trigger()
    written = target.with_name(target.name + ".csv")
    qtbot.waitUntil(written.exists, timeout=10_000)
    assert offered == ["Kontakte.csv"]
    data = written.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM for Excel
    text = data.decode("utf-8-sig")
    assert "Müller" in text and "Weber" not in text  # the filter, not everything

    report = services.contact_transfer.dry_run_import(data, written.name)
    assert report.count("create") == 0 and report.rejected == 0
    assert len(report.lines) == 1
    assert report.organisations_created == ()


# ---------------------------------------------------------------- dialogs


def test_affiliation_dialog_adds_a_role(
    qtbot: QtBot,
    page: ContactsPage,
    services: Services,
    sample: dict[str, int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen: list[AffiliationDialog] = []

    def fill_and_accept(dialog: AffiliationDialog) -> int:
        seen.append(dialog)
        dialog.search.setText("netzwerk")
        dialog.update_results()
        assert dialog.results.count() == 1
        dialog.role.setText("Beirätin")
        dialog.valid_from.setText("01.02.2024")
        dialog.accept()
        return int(dialog.result())

    monkeypatch.setattr(AffiliationDialog, "exec", fill_and_accept)
    form = page.person_form
    assert form.detail.id == sample["mueller"]
    form.roles.add_affiliation_button.click()
    qtbot.waitUntil(lambda: form.roles.affiliations.rowCount() == 2, timeout=5000)
    assert seen and seen[0].result() == QDialog.DialogCode.Accepted
    detail = services.contacts.get_person(sample["mueller"])
    added = next(a for a in detail.affiliations if a.organisation_id == sample["verband"])
    assert (added.role, added.valid_from.isoformat()) == ("Beirätin", "2024-02-01")
    assert not added.is_primary  # the first function stays the one letters use
    assert "Beirätin" in {form.roles.affiliations.row_at(r).role for r in range(2)}


def test_directory_picker_fills_the_master_data(
    qtbot: QtBot, page: ContactsPage, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    services.masterdata.load_directory(source_label="mitgeliefert")

    def pick_ulm(dialog: DirectoryDialog) -> int:
        dialog.search.setText("08421000")
        dialog.update_results()
        assert dialog.results.count() == 1
        return int(QDialog.DialogCode.Accepted)

    monkeypatch.setattr(DirectoryDialog, "exec", pick_ulm)
    page.set_mode(ORGANISATIONS)
    page.new_record()
    form = page.organisation_form
    form.pick_municipality()
    assert form.name.text() == "Stadt Ulm"
    assert (form.postcode.text(), form.town.text()) == ("89073", "Ulm")
    assert form.ags.text() == "08421000"
    assert form.kreis.text() == "Stadtkreis Ulm"
    assert form.regierungsbezirk.text() == "Tübingen"
    assert form.population.text().replace(".", "").replace(",", "") == "129882"
    assert form.is_dirty()
    page.save_current()
    qtbot.waitUntil(lambda: form.detail is not None and not form.is_dirty(), timeout=5000)
    saved = services.contacts.get_organisation(form.detail.id)
    assert (saved.ags, saved.kreis, saved.regierungsbezirk, saved.population) == (
        "08421000",
        "Ulm",
        "Tübingen",
        129_882,
    )


# ---------------------------------------------------------------- Verteiler


def test_lists_view_renames_a_list_removes_a_member_and_deletes(
    qtbot: QtBot,
    page: ContactsPage,
    services: Services,
    sample: dict[str, int],
    confirmed: list[str],
) -> None:
    contacts = services.contacts
    row = contacts.create_distribution_list("Presse")
    contacts.add_list_members(row.id, [sample["mueller"], sample["weber"]])
    page.set_mode(LISTS)
    panel = page.list_panel
    assert panel.row is not None and panel.row.id == row.id
    assert panel.members.rowCount() == 2

    panel.name.setText("Presseverteiler")
    assert panel.is_dirty()
    panel.save()
    qtbot.waitUntil(lambda: panel.row.name == "Presseverteiler", timeout=5000)
    assert [r.name for r in contacts.list_distribution_lists()] == ["Presseverteiler"]
    assert page.model().rows()[0].name == "Presseverteiler"  # the list on the left follows

    weber_row = next(
        n for n in range(panel.members.rowCount()) if panel.members.row_at(n).id == sample["weber"]
    )
    panel.member_view.setCurrentIndex(panel.members.index(weber_row, 0))
    panel.remove_selected()
    qtbot.waitUntil(lambda: panel.members.rowCount() == 1, timeout=5000)
    assert "Jan Weber" in confirmed[-1]
    assert [p.id for p in contacts.list_members(row.id)] == [sample["mueller"]]
    assert contacts.get_person(sample["weber"]).lists == ()

    # the organisations of the list: the Verteiler filter works there as well
    page.set_mode(ORGANISATIONS)
    page.list_combo.setCurrentIndex(page.list_combo.findData(row.id))
    assert page.organisation_model.total == 1
    assert page.current_row().name == "Stadt Ulm"
    page.set_mode(LISTS)

    page.delete_current()
    qtbot.waitUntil(lambda: contacts.list_distribution_lists() == [], timeout=5000)
    assert "Presseverteiler" in confirmed[-1]
