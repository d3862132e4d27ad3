"""The invitation options of the Dokumente tab: the letter's version (each invitee's preference
by default, Leichte Sprache) reaches the run, and e-mail drafts land in the chosen folder —
with the first print of the preview, or at once when nobody is left to post — with the log and
``invited_at`` of exactly what was written; a cancel at the folder dialog writes nothing.

Dialogs are replaced through their classmethod entry points; the options dialog itself is built
and set as the user would, then its ``options()`` are what the tab gets.
"""

from __future__ import annotations

from email import policy
from email.parser import BytesParser
from pathlib import Path
from typing import Any

import pytest
from events_helpers import BEFORE, at, make_event, make_people, mnemonics, unnamed_focus_widgets
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QTabWidget
from pytestqt.qtbot import QtBot

from beratung.domain.enums import ContactRoute, PrintVariant
from beratung.gui.events.document_options import DocumentDialogs
from beratung.gui.events.documents import DocumentsTab
from beratung.gui.events.invitation_dialogs import (
    InvitationCheckDialog,
    InvitationOptions,
    InvitationOptionsDialog,
    InvitationPreviewDialog,
)
from beratung.gui.operations import wait_for_operations
from beratung.gui.preview import PreviewDialogs
from beratung.services import Services
from beratung.services.events.invitations import InvitationDocuments
from beratung.services.events.snapshots import Invitee
from beratung.services.office import OfficeProfileData

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


@pytest.fixture
def svc(services: Services) -> Services:
    return at(services, BEFORE)


@pytest.fixture
def event(svc: Services) -> dict[str, int]:
    """The Werkstattgespräch in Ulm, everybody still invited: Anna prefers post, Ben has no
    e-mail, Dora prefers e-mail and large print, the person without an address is skipped."""
    svc.office.save_profile(
        OfficeProfileData(
            name="Städtetag Baden-Württemberg",
            street="Königstraße 2",
            postcode="70173",
            town="Stuttgart",
            email="post@staedtetag-bw.de",
        ),
        expected_version=None,
    )
    people = make_people(svc)
    event_id = make_event(svc, capacity=20)
    svc.events.invite_persons(
        event_id, [Invitee(people[key]) for key in ("anna", "ben", "dora", "ohne")]
    )
    prefer(svc, people["anna"], contact_route=ContactRoute.POST)
    prefer(svc, people["dora"], contact_route=ContactRoute.EMAIL,
           print_variant=PrintVariant.LARGE)  # fmt: skip
    registrations = {r.person_id: r.id for r in svc.events.list_registrations(event_id)}
    return {
        "event": event_id,
        **people,
        **{f"{key}_reg": registrations[people[key]] for key in ("anna", "ben", "dora", "ohne")},
    }


def prefer(svc: Services, person_id: int, **changes: object) -> None:
    person = svc.contacts.get_person(person_id)
    svc.contacts.update_person(person_id, changes, expected_version=person.version)


@pytest.fixture
def tab(qtbot: QtBot, svc: Services, event: dict[str, int]) -> DocumentsTab:
    window = QTabWidget()
    qtbot.addWidget(window)
    documents = DocumentsTab(svc)
    window.addTab(documents, documents.tab_title())
    window.resize(1280, 800)
    window.show()
    documents.set_event(svc.events.get_event(event["event"]))
    documents.host_window = window  # type: ignore[attr-defined]  # keep it alive
    return documents


def settle(qtbot: QtBot) -> None:
    for _ in range(8):
        wait_for_operations()
        qtbot.wait(10)


def choose_in_dialog(
    monkeypatch: pytest.MonkeyPatch,
    qtbot: QtBot,
    *,
    variant: str | None = None,
    email: bool = False,
    chosen: tuple[int, ...] = (),
) -> list[InvitationOptions]:
    """Replace ``choose``: the real dialog, set as the user would, then its options."""
    given: list[InvitationOptions] = []

    def choose(cls: Any, parent: Any, rows: Any, preselected: Any = ()) -> InvitationOptions:
        dialog = InvitationOptionsDialog(rows, parent, chosen or preselected)
        qtbot.addWidget(dialog)
        dialog.variant.setCurrentIndex(dialog.variant.findData(variant))
        dialog.email_drafts.setChecked(email)
        given.append(dialog.options())
        return given[-1]

    monkeypatch.setattr(InvitationOptionsDialog, "choose", classmethod(choose))
    monkeypatch.setattr(InvitationCheckDialog, "review", classmethod(lambda *_a: True))
    return given


def capture_preview(
    monkeypatch: pytest.MonkeyPatch, qtbot: QtBot
) -> list[InvitationPreviewDialog]:
    previews: list[InvitationPreviewDialog] = []

    def show(_cls: Any, parent: Any, services: Any, documents: InvitationDocuments,
             folder: Any, on_issued: Any, **keywords: Any) -> None:  # fmt: skip
        dialog = InvitationPreviewDialog(services, documents, folder, parent, on_issued,
                                         **keywords)  # fmt: skip
        qtbot.addWidget(dialog)
        previews.append(dialog)

    monkeypatch.setattr(InvitationPreviewDialog, "show_invitations", classmethod(show))
    return previews


def invited_at(svc: Services, event: dict[str, int]) -> dict[int, bool]:
    return {
        r.id: r.invited_at is not None for r in svc.events.list_registrations(event["event"])
    }


# --------------------------------------------------------------------------------------------
# The dialog


def test_the_dialog_starts_with_each_persons_preference_and_offers_leichte_sprache(
    qtbot: QtBot, svc: Services, event: dict[str, int]
) -> None:
    dialog = InvitationOptionsDialog(svc.events.list_registrations(event["event"]))
    qtbot.addWidget(dialog)
    dialog.show()
    assert unnamed_focus_widgets(dialog) == []
    letters = mnemonics(dialog)
    assert len(letters) == len(set(letters)), letters
    assert dialog.variant.objectName() == "letterVariant"
    assert [dialog.variant.itemText(i) for i in range(dialog.variant.count())] == [
        "Wie bei der Person hinterlegt", "Standard", "Großdruck (16 pt)", "Leichte Sprache",
    ]  # fmt: skip
    request = dialog.options().request
    assert request.variant is None and request.email_drafts is False
    assert "&" in dialog.email_drafts.text()
    assert dialog.email_drafts.accessibleName().startswith("E-Mail-Entwürfe")
    dialog.variant.setCurrentIndex(dialog.variant.findData("easy"))
    dialog.email_drafts.setChecked(True)
    request = dialog.options().request
    assert request.variant == "easy" and request.email_drafts is True


@pytest.mark.parametrize(("variant", "expected"), [(None, "large"), ("easy", "easy")])
def test_the_chosen_version_reaches_the_letters(
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    event: dict[str, int],
    tab: DocumentsTab,
    variant: str | None,
    expected: str,
) -> None:
    given = choose_in_dialog(monkeypatch, qtbot, variant=variant)
    previews = capture_preview(monkeypatch, qtbot)
    tab.document_buttons["printInvitations"].click()
    settle(qtbot)
    assert given[0].request.variant == variant
    (preview,) = previews
    variants = {letter.person_id: letter.variant for letter in preview.documents.letters}
    assert variants[event["dora"]] == expected  # Dora asked for large print
    assert variants[event["anna"]] == ("standard" if variant is None else "easy")
    assert not preview.drafts_label.isVisibleTo(preview)


# --------------------------------------------------------------------------------------------
# E-mail drafts


def test_the_drafts_are_written_with_the_first_print_and_never_twice(
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    svc: Services,
    event: dict[str, int],
    tab: DocumentsTab,
    tmp_path: Path,
) -> None:
    choose_in_dialog(monkeypatch, qtbot, email=True)
    previews = capture_preview(monkeypatch, qtbot)
    mails = tmp_path / "mails"
    asked: list[str] = []

    def choose_folder(_cls: Any, _parent: Any, title: str) -> Path:
        asked.append(title)
        return mails

    monkeypatch.setattr(DocumentDialogs, "choose_folder", classmethod(choose_folder))
    tab.document_buttons["printInvitations"].click()
    settle(qtbot)
    assert asked == ["Ordner für die E-Mail-Entwürfe (.eml)"]
    (preview,) = previews
    posted = {letter.person_id for letter in preview.documents.posted}
    assert posted == {event["anna"], event["ben"]}  # Anna prefers post, Ben has no e-mail
    assert preview.drafts_label.isVisibleTo(preview)
    assert "1 E-Mail-Entwurf" in preview.drafts_label.text()
    assert not mails.exists()  # nothing before she prints or saves
    assert not any(invited_at(svc, event).values())

    printed = tmp_path / "gedruckt.pdf"

    def choose_printer(_cls: Any, _parent: Any, printer: QPrinter) -> bool:
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(printed))
        printer.setResolution(72)
        return True

    monkeypatch.setattr(PreviewDialogs, "choose_printer", classmethod(choose_printer))
    qtbot.waitUntil(lambda: preview.page_count() > 0, timeout=10_000)
    preview.print_action.trigger()
    qtbot.waitUntil(lambda: bool(preview.issued_ids), timeout=10_000)
    (draft,) = sorted(mails.iterdir())
    assert draft.name == "Einladung Dora Dietz.eml"
    message = BytesParser(policy=policy.default).parsebytes(draft.read_bytes())
    assert message["To"].addresses[0].addr_spec == "dora@ulm.de"
    (attachment,) = message.iter_attachments()
    assert attachment.get_content_type() == "application/pdf"
    assert len(preview.issued_ids) == 2  # the printed letters and the draft
    assert invited_at(svc, event) == {
        event["anna_reg"]: True, event["ben_reg"]: True, event["dora_reg"]: True,
        event["ohne_reg"]: False,
    }  # fmt: skip
    text = tab.notice.text()
    assert text.startswith("2 Einladungsbrief(e) an den Drucker gesendet. 1 E-Mail-Entwurf in")
    assert str(mails) in text and "Outlook oder Thunderbird" in text

    # saving afterwards logs the saved PDF, and does not write or log the draft again
    monkeypatch.setattr(
        PreviewDialogs, "save_file_name", classmethod(lambda *_a: str(tmp_path / "briefe"))
    )
    draft.unlink()
    preview.save_action.trigger()
    qtbot.waitUntil(lambda: len(preview.issued_ids) == 3, timeout=10_000)
    assert (tmp_path / "briefe.pdf").exists()
    assert list(mails.iterdir()) == []
    assert len(svc.documents.list_issued()) == 3


def test_nobody_left_to_post_skips_the_preview_and_writes_the_drafts(
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    svc: Services,
    event: dict[str, int],
    tab: DocumentsTab,
    tmp_path: Path,
) -> None:
    prefer(svc, event["anna"], contact_route=None)  # no preference, an address: e-mail
    choose_in_dialog(monkeypatch, qtbot, email=True,
                     chosen=(event["anna_reg"], event["dora_reg"]))  # fmt: skip
    monkeypatch.setattr(
        InvitationPreviewDialog, "show_invitations", classmethod(lambda *_a, **_k: pytest.fail())
    )
    mails = tmp_path / "mails"
    monkeypatch.setattr(DocumentDialogs, "choose_folder", classmethod(lambda *_a: mails))
    tab.document_buttons["printInvitations"].click()
    settle(qtbot)
    assert sorted(p.name for p in mails.iterdir()) == [
        "Einladung Anna Müller.eml", "Einladung Dora Dietz.eml",
    ]  # fmt: skip
    assert sorted(tab.last_files) == sorted(mails.iterdir())
    assert len(svc.documents.list_issued()) == 2
    assert invited_at(svc, event) == {
        event["anna_reg"]: True, event["ben_reg"]: False, event["dora_reg"]: True,
        event["ohne_reg"]: False,
    }  # fmt: skip
    text = tab.notice.text()
    assert text.startswith(f"2 E-Mail-Entwürfe in {mails} gespeichert; 0 Briefe zum Drucken.")
    assert "Outlook oder Thunderbird" in text


def test_single_letters_and_drafts_without_a_preview_go_together(
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    svc: Services,
    event: dict[str, int],
    tab: DocumentsTab,
    tmp_path: Path,
) -> None:
    def choose(cls: Any, parent: Any, rows: Any, preselected: Any = ()) -> InvitationOptions:
        dialog = InvitationOptionsDialog(rows, parent)
        qtbot.addWidget(dialog)
        dialog.combined.setChecked(False)
        dialog.per_recipient.setChecked(True)
        dialog.email_drafts.setChecked(True)
        return dialog.options()

    monkeypatch.setattr(InvitationOptionsDialog, "choose", classmethod(choose))
    monkeypatch.setattr(InvitationCheckDialog, "review", classmethod(lambda *_a: True))
    folders = iter([tmp_path / "briefe", tmp_path / "mails"])
    monkeypatch.setattr(DocumentDialogs, "choose_folder", classmethod(lambda *_a: next(folders)))
    tab.document_buttons["printInvitations"].click()
    settle(qtbot)
    assert sorted(p.name for p in (tmp_path / "briefe").iterdir()) == [
        "Einladung Anna Müller.pdf", "Einladung Ben Becker.pdf", "Einladung Dora Dietz.pdf",
    ]  # fmt: skip
    assert [p.name for p in (tmp_path / "mails").iterdir()] == ["Einladung Dora Dietz.eml"]
    text = tab.notice.text()
    assert text.startswith("3 Einladungsbrief(e) als 3 PDF-Datei(en), eine je Person,")
    assert "1 E-Mail-Entwurf in" in text


def test_cancel_at_the_folder_dialog_writes_nothing(
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    svc: Services,
    event: dict[str, int],
    tab: DocumentsTab,
) -> None:
    choose_in_dialog(monkeypatch, qtbot, email=True)
    monkeypatch.setattr(
        InvitationPreviewDialog, "show_invitations", classmethod(lambda *_a, **_k: pytest.fail())
    )
    monkeypatch.setattr(DocumentDialogs, "choose_folder", classmethod(lambda *_a: None))
    tab.document_buttons["printInvitations"].click()
    settle(qtbot)
    assert "Kein Ordner für die E-Mail-Entwürfe" in tab.notice.text()
    assert svc.documents.list_issued() == []
    assert not any(invited_at(svc, event).values())
    assert tab.document_buttons["printInvitations"].isEnabled()
