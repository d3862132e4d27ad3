"""Adressetiketten for a distribution list from the Verteiler view: the same options dialog
as the events' Dokumente tab (without the invitees' statuses), the nudge remembered per sheet,
rendered off the GUI thread and shown in the app's preview; refusals named in a message."""

from __future__ import annotations

from io import BytesIO
from typing import Any

import pdfplumber
import pytest
from events_helpers import make_people, mnemonics, unnamed_focus_widgets
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from beratung.domain.errors import UserError
from beratung.domain.sheets import SheetNudge
from beratung.gui.contacts.lists import ListPanel
from beratung.gui.errors import ErrorDialogs
from beratung.gui.events.document_options import LabelOptions, LabelOptionsDialog
from beratung.gui.main_window import MainWindow
from beratung.gui.operations import wait_for_operations
from beratung.gui.pages.contacts import LISTS, ContactsPage
from beratung.gui.preview import PdfPreviewDialog
from beratung.services import Services
from beratung.services.documents import RenderedDocument
from beratung.services.office import OfficeProfileData


@pytest.fixture
def people(services: Services) -> dict[str, int]:
    services.office.save_profile(
        OfficeProfileData(
            name="Städtetag Baden-Württemberg",
            street="Königstraße 2",
            postcode="70173",
            town="Stuttgart",
        ),
        expected_version=None,
    )
    ids = make_people(services)
    contacts = services.contacts
    ids["list"] = contacts.create_distribution_list("Sozialplanung Ulm").id
    contacts.add_list_members(ids["list"], [ids["anna"], ids["ben"], ids["cem"]])
    return ids


@pytest.fixture
def page(qtbot: QtBot, services: Services, people: dict[str, int]) -> ContactsPage:
    widget = ContactsPage(services)
    qtbot.addWidget(widget)
    widget.resize(1280, 800)
    widget.show()
    widget.refresh()
    widget.set_mode(LISTS)
    return widget


@pytest.fixture
def panel(page: ContactsPage, people: dict[str, int]) -> ListPanel:
    panel = page.list_panel
    assert panel.row is not None and panel.row.id == people["list"]
    return panel


def settle(qtbot: QtBot) -> None:
    """Let the chain of operations (read the nudges, render) run to its end."""
    for _ in range(6):
        wait_for_operations()
        qtbot.wait(10)


def capture_previews(monkeypatch: pytest.MonkeyPatch) -> list[RenderedDocument]:
    shown: list[RenderedDocument] = []

    def show(cls: Any, parent: Any, services: Any, rendered: RenderedDocument, **_k: Any) -> None:
        shown.append(rendered)

    monkeypatch.setattr(PdfPreviewDialog, "show_document", classmethod(show))
    return shown


def capture_errors(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    said: list[str] = []

    def user_error(cls: Any, parent: Any, error: UserError, **_k: Any) -> None:
        said.append(error.message)

    monkeypatch.setattr(ErrorDialogs, "user_error", classmethod(user_error))
    return said


def test_the_members_labels_are_previewed_and_the_nudge_remembered(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, services: Services, panel: ListPanel
) -> None:
    shown = capture_previews(monkeypatch)
    asked: list[tuple[dict[str, SheetNudge], dict[str, Any]]] = []
    options = LabelOptions(sheet="avery-l7163", start=2, nudge=SheetNudge(1.5, -1.0))

    def choose(_cls: Any, _parent: Any, nudges: dict[str, SheetNudge], **kw: Any) -> LabelOptions:
        asked.append((dict(nudges), kw))
        return options

    monkeypatch.setattr(LabelOptionsDialog, "choose", classmethod(choose))
    assert panel.labels_button.isEnabled()
    panel.labels_button.click()
    settle(qtbot)
    (document,) = shown
    assert document.kind == "address_labels"
    assert document.pdf.startswith(b"%PDF")
    with pdfplumber.open(BytesIO(document.pdf)) as pdf:
        text = "\n".join(page.extract_text() or "" for page in pdf.pages)
    for name in ("Anna Müller", "Ben Becker", "Cem Yilmaz"):
        assert name in text
    assert "Dora" not in text  # not on the list
    assert asked[0][1] == {"invitees": False}  # no statuses: a list has no invitations
    assert asked[0][0]["avery-l7163"] == SheetNudge()
    assert services.sheets.get_sheet_nudge("avery-l7163") == SheetNudge(1.5, -1.0)
    assert services.documents.list_issued() == []  # a preview alone is not an issue
    assert panel.labels_button.isEnabled()

    panel.labels_button.click()  # the next time the dialog starts with the remembered nudge
    settle(qtbot)
    assert asked[1][0]["avery-l7163"] == SheetNudge(1.5, -1.0)
    assert len(shown) == 2


def test_a_member_without_an_address_is_named_and_nothing_is_shown(
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    services: Services,
    people: dict[str, int],
    panel: ListPanel,
) -> None:
    services.contacts.add_list_members(people["list"], [people["ohne"]])
    panel.reload()
    shown = capture_previews(monkeypatch)
    said = capture_errors(monkeypatch)
    monkeypatch.setattr(LabelOptionsDialog, "choose", classmethod(lambda *_a, **_k: LabelOptions()))
    panel.labels_button.click()
    settle(qtbot)
    assert shown == []
    assert said and "Ohneanschrift" in said[0]
    assert panel.labels_button.isEnabled()


def test_cancelling_the_options_renders_nothing(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, services: Services, panel: ListPanel
) -> None:
    shown = capture_previews(monkeypatch)
    monkeypatch.setattr(LabelOptionsDialog, "choose", classmethod(lambda *_a, **_k: None))
    panel.labels_button.click()
    settle(qtbot)
    assert shown == []
    assert services.sheets.get_sheet_nudge("zweckform-3475") == SheetNudge()
    assert panel.labels_button.isEnabled()


def test_no_labels_for_an_empty_or_unsaved_list(
    services: Services, people: dict[str, int], panel: ListPanel
) -> None:
    empty = services.contacts.create_distribution_list("Leer")
    panel.load(empty)
    assert not panel.labels_button.isEnabled()
    panel.load(None)
    assert not panel.labels_button.isEnabled()


def test_the_list_dialog_has_no_statuses_and_its_controls_are_named(qtbot: QtBot) -> None:
    dialog = LabelOptionsDialog({"zweckform-3475": SheetNudge(0.5, 1.0)}, invitees=False)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.status_boxes == {}
    intro = dialog.findChild(QLabel, "optionsIntro")
    assert intro is not None and "Mitglieder des Verteilers" in intro.text()
    assert dialog.ok_button.isEnabled()
    assert (dialog.nudge_x.value(), dialog.nudge_y.value()) == (0.5, 1.0)
    assert dialog.options().statuses is None
    assert unnamed_focus_widgets(dialog) == []
    letters = mnemonics(dialog)
    assert len(letters) == len(set(letters)), letters


def test_the_button_is_named_and_its_mnemonic_is_free_in_the_window(
    window: MainWindow, people: dict[str, int]
) -> None:
    page = window.show_page("contacts")
    assert isinstance(page, ContactsPage)
    page.set_mode(LISTS)
    panel = page.list_panel
    assert panel.labels_button.isVisible()
    assert panel.labels_button.accessibleName() == "Adressetiketten"
    assert panel.labels_button.text() == "Adresseti&ketten …"  # "I" is "Importieren …"
    assert unnamed_focus_widgets(panel) == []
    letters = mnemonics(page)
    assert "k" in letters
    for action in window.menuBar().actions():
        plain = action.text().replace("&&", "")
        if "&" in plain:
            letters.append(plain[plain.find("&") + 1].lower())
    assert len(letters) == len(set(letters)), letters
