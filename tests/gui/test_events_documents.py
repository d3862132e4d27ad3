"""The Dokumente tab: every event document from options to the app's preview, saving logs
exactly one issue, the invitation check with its skip, and a cancel that leaves nothing.

Dialogs are replaced through their classmethod entry points; umlauts are set with ``setText``,
never typed with ``keyClicks``.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from events_helpers import BEFORE, at, make_event, make_people, mnemonics, unnamed_focus_widgets
from PySide6.QtWidgets import QTabWidget, QWidget
from pytestqt.qtbot import QtBot

from beratung.domain.enums import RegistrationStatus
from beratung.domain.sheets import SheetNudge
from beratung.gui.events.document_options import (
    BadgeOptions,
    BadgeOptionsDialog,
    CertificateOptions,
    CertificateOptionsDialog,
    DocumentDialogs,
    LabelOptions,
    LabelOptionsDialog,
    NeedsOptions,
    NeedsOptionsDialog,
    SignInOptions,
    SignInOptionsDialog,
)
from beratung.gui.events.documents import DocumentsTab
from beratung.gui.events.invitation_dialogs import (
    InvitationCheckDialog,
    InvitationOptions,
    InvitationOptionsDialog,
    InvitationPreviewDialog,
)
from beratung.gui.events.registration_common import EventDialogs
from beratung.gui.events.replies_dialog import ReplyImportDialog
from beratung.gui.operations import run_operation, wait_for_operations
from beratung.gui.preview import PdfPreviewDialog, PreviewDialogs
from beratung.services import Services
from beratung.services.documents import RenderedDocument
from beratung.services.events.invitations import InvitationDocuments, InvitationRequest
from beratung.services.events.snapshots import Invitee
from beratung.services.office import OfficeProfileData

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

#: Mnemonics of the page around the tab: its tab bar, menus and buttons.
PAGE_LETTERS = set("dtebnoahvkö")


@pytest.fixture
def svc(services: Services) -> Services:
    return at(services, BEFORE)


@pytest.fixture
def event(svc: Services) -> dict[str, int]:
    """The Werkstattgespräch in Ulm: Anna and Ben registered, Cem attended, Dora and the
    person without an address still invited."""
    svc.office.save_profile(
        OfficeProfileData(
            name="Städtetag Baden-Württemberg",
            street="Königstraße 2",
            postcode="70173",
            town="Stuttgart",
        ),
        expected_version=None,
    )
    people = make_people(svc)
    event_id = make_event(svc, capacity=20)
    svc.events.invite_persons(
        event_id, [Invitee(people[key]) for key in ("anna", "ben", "cem", "dora", "ohne")]
    )
    for key in ("anna", "ben", "cem"):
        svc.events.register_person(event_id, people[key])
    svc.events.mark_attended(event_id, people["cem"])
    return {"event": event_id, **people}


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
    """Let the chain of operations (read, check, render, write) run to its end."""
    for _ in range(8):
        wait_for_operations()
        qtbot.wait(10)


def capture_previews(monkeypatch: pytest.MonkeyPatch) -> list[RenderedDocument]:
    shown: list[RenderedDocument] = []

    def show(cls: Any, parent: Any, services: Any, rendered: RenderedDocument, **_k: Any) -> None:
        shown.append(rendered)

    monkeypatch.setattr(PdfPreviewDialog, "show_document", classmethod(show))
    return shown


def answer(monkeypatch: pytest.MonkeyPatch, cls: type, value: object) -> None:
    monkeypatch.setattr(cls, "choose", classmethod(lambda _cls, *_a: value))


# --------------------------------------------------------------------------------------------
# The tab


def test_every_control_is_named_reached_by_tab_and_mnemonics_do_not_clash(
    tab: DocumentsTab,
) -> None:
    assert unnamed_focus_widgets(tab) == []
    tab.notice.show_text("Test")
    letters = mnemonics(tab)
    assert len(letters) == len(set(letters)), letters
    assert not set(letters) & PAGE_LETTERS, letters
    assert all(button.isEnabled() for button in tab.document_buttons.values())


@pytest.mark.parametrize(
    "dialog",
    [
        SignInOptionsDialog,
        BadgeOptionsDialog,
        CertificateOptionsDialog,
        NeedsOptionsDialog,
    ],
)
def test_the_option_dialogs_are_named_and_their_mnemonics_unique(
    qtbot: QtBot, dialog: type[QWidget]
) -> None:
    widget = dialog()
    qtbot.addWidget(widget)
    widget.show()
    assert unnamed_focus_widgets(widget) == []
    letters = mnemonics(widget)
    assert len(letters) == len(set(letters)), letters


def test_the_label_and_invitation_dialogs_are_named_and_their_mnemonics_unique(
    qtbot: QtBot, svc: Services, event: dict[str, int]
) -> None:
    rows = svc.events.list_registrations(event["event"])
    for widget in (
        LabelOptionsDialog({"zweckform-3475": SheetNudge(1.5, -0.5)}),
        InvitationOptionsDialog(rows),
    ):
        qtbot.addWidget(widget)
        widget.show()
        assert unnamed_focus_widgets(widget) == []
        letters = mnemonics(widget)
        assert len(letters) == len(set(letters)), letters
    labels = LabelOptionsDialog({"zweckform-3475": SheetNudge(1.5, -0.5)})
    qtbot.addWidget(labels)
    assert (labels.nudge_x.value(), labels.nudge_y.value()) == (1.5, -0.5)
    assert labels.options().statuses is None
    labels.status_boxes[RegistrationStatus.DECLINED].setChecked(False)
    assert RegistrationStatus.DECLINED not in (labels.options().statuses or ())


# --------------------------------------------------------------------------------------------
# Each document: options → preview of the right kind


@pytest.mark.parametrize(
    ("button", "dialog", "options", "kind"),
    [
        ("printSignInList", SignInOptionsDialog,
         SignInOptions(columns=("nr", "name", "unterschrift"), sort="municipality",
                       blank_rows=3, landscape=True), "sign_in_list"),
        ("printBadges", BadgeOptionsDialog, BadgeOptions(start=3, qr=True, blank=2), "badges"),
        ("printCertificates", CertificateOptionsDialog, CertificateOptions(),
         "attendance_certificates"),
        ("printNeeds", NeedsOptionsDialog, NeedsOptions(), "needs_summary"),
    ],
)  # fmt: skip
def test_each_document_is_previewed_as_its_kind(
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    svc: Services,
    tab: DocumentsTab,
    button: str,
    dialog: type,
    options: object,
    kind: str,
) -> None:
    shown = capture_previews(monkeypatch)
    answer(monkeypatch, dialog, options)
    tab.document_buttons[button].click()
    settle(qtbot)
    (document,) = shown
    assert document.kind == kind
    assert document.pdf.startswith(b"%PDF")
    assert svc.documents.list_issued() == []  # a preview alone is not an issue
    assert tab.document_buttons[button].isEnabled()


def test_labels_remember_the_nudge_per_sheet(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, svc: Services, tab: DocumentsTab
) -> None:
    shown = capture_previews(monkeypatch)
    seen: list[dict[str, SheetNudge]] = []
    options = LabelOptions(sheet="avery-l7163", start=2, nudge=SheetNudge(1.5, -1.0))

    def choose(_cls: Any, _parent: Any, nudges: dict[str, SheetNudge]) -> LabelOptions:
        seen.append(nudges)
        return options

    monkeypatch.setattr(LabelOptionsDialog, "choose", classmethod(choose))
    # the person without an address stops a label sheet; labels for those registered only
    tab.document_buttons["printLabels"].click()
    settle(qtbot)
    assert seen and seen[0]["avery-l7163"] == SheetNudge()
    assert shown == []  # refused on the tab, naming whose address is missing
    assert "Ohneanschrift" in tab.notice.text()
    assert tab.notice.property("tone") == "error"
    assert svc.sheets.get_sheet_nudge("avery-l7163") == SheetNudge(1.5, -1.0)


def test_labels_of_those_registered_are_previewed(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tab: DocumentsTab
) -> None:
    shown = capture_previews(monkeypatch)
    answer(
        monkeypatch,
        LabelOptionsDialog,
        LabelOptions(statuses=(RegistrationStatus.REGISTERED, RegistrationStatus.ATTENDED)),
    )
    tab.document_buttons["printLabels"].click()
    settle(qtbot)
    (document,) = shown
    assert document.kind == "address_labels"


def test_the_named_needs_list_is_asked_for_first(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tab: DocumentsTab
) -> None:
    shown = capture_previews(monkeypatch)
    answer(monkeypatch, NeedsOptionsDialog, NeedsOptions(named=True))
    asked: list[str] = []

    def confirm(_cls: Any, _parent: Any, text: str, *_a: Any) -> bool:
        asked.append(text)
        return False

    monkeypatch.setattr(EventDialogs, "confirm", classmethod(confirm))
    tab.document_buttons["printNeeds"].click()
    settle(qtbot)
    assert asked == ["Namensliste mit Gesundheitsdaten erstellen?"]
    assert shown == []
    monkeypatch.setattr(EventDialogs, "confirm", classmethod(lambda *_a: True))
    tab.document_buttons["printNeeds"].click()
    settle(qtbot)
    (document,) = shown
    assert document.kind == "needs_summary"


# --------------------------------------------------------------------------------------------
# Saving from the preview logs one issue


def test_saving_from_the_preview_writes_the_pdf_and_logs_one_issue(
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    svc: Services,
    tab: DocumentsTab,
    tmp_path: Path,
) -> None:
    dialogs: list[PdfPreviewDialog] = []
    suggested: list[str] = []

    def show(cls: Any, parent: Any, services: Any, rendered: RenderedDocument, **_k: Any) -> None:
        dialog = PdfPreviewDialog(services, rendered, parent)
        qtbot.addWidget(dialog)
        dialogs.append(dialog)
        dialog.save_as_pdf()

    def file_name(_cls: Any, _parent: Any, name: str) -> str:
        suggested.append(name)
        return str(tmp_path / "liste")

    monkeypatch.setattr(PdfPreviewDialog, "show_document", classmethod(show))
    monkeypatch.setattr(PreviewDialogs, "save_file_name", classmethod(file_name))
    answer(monkeypatch, SignInOptionsDialog, SignInOptions())
    tab.document_buttons["printSignInList"].click()
    settle(qtbot)
    qtbot.waitUntil(lambda: bool(dialogs and dialogs[0].issued_ids), timeout=10_000)
    assert suggested == ["Teilnehmerliste Werkstattgespräch Ulm 25.10.2017.pdf"]
    written = tmp_path / "liste.pdf"
    assert written.read_bytes() == dialogs[0].rendered.pdf
    (logged,) = svc.documents.list_issued()
    assert logged.kind == "sign_in_list"


def test_certificates_one_per_person_go_into_the_folder_and_each_is_logged(
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    svc: Services,
    tab: DocumentsTab,
    tmp_path: Path,
) -> None:
    answer(monkeypatch, CertificateOptionsDialog, CertificateOptions(per_person=True))
    folder = tmp_path / "bescheinigungen"
    monkeypatch.setattr(DocumentDialogs, "choose_folder", classmethod(lambda *_a: folder))
    tab.document_buttons["printCertificates"].click()
    settle(qtbot)
    assert [p.name for p in sorted(folder.iterdir())] == ["Teilnahmebescheinigung Cem Yilmaz.pdf"]
    assert tab.last_files == [folder / "Teilnahmebescheinigung Cem Yilmaz.pdf"]
    (logged,) = svc.documents.list_issued()
    assert logged.kind == "attendance_certificates"
    assert "1 Teilnahmebescheinigung(en) gespeichert" in tab.notice.text()


# --------------------------------------------------------------------------------------------
# Invitations


def everyone(per_recipient: bool = False, combined: bool = True) -> InvitationOptions:
    return InvitationOptions(InvitationRequest(), combined=combined, per_recipient=per_recipient)


def test_the_check_lists_who_has_no_address_and_skipping_prints_the_others(
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    svc: Services,
    event: dict[str, int],
    tab: DocumentsTab,
    tmp_path: Path,
) -> None:
    chosen_rows: list[int] = []

    def choose(_cls: Any, _parent: Any, rows: Any, _preselected: Any) -> InvitationOptions:
        chosen_rows.append(len(rows))
        return everyone()

    monkeypatch.setattr(InvitationOptionsDialog, "choose", classmethod(choose))
    reviewed: list[list[str]] = []

    def review(_cls: Any, _parent: Any, problems: Any) -> bool:
        reviewed.append([problem.text for problem in problems])
        return True

    monkeypatch.setattr(InvitationCheckDialog, "review", classmethod(review))
    previews: list[InvitationPreviewDialog] = []

    def show(_cls: Any, parent: Any, services: Any, documents: InvitationDocuments,
             folder: Any, on_issued: Any, **keywords: Any) -> None:  # fmt: skip
        dialog = InvitationPreviewDialog(services, documents, folder, parent, on_issued,
                                         **keywords)  # fmt: skip
        qtbot.addWidget(dialog)
        previews.append(dialog)

    monkeypatch.setattr(InvitationPreviewDialog, "show_invitations", classmethod(show))
    tab.document_buttons["printInvitations"].click()
    settle(qtbot)
    assert chosen_rows == [5]
    (problems,) = reviewed
    assert len(problems) == 1 and problems[0].startswith("Ohneanschrift")
    assert "Anschrift" in problems[0]
    (preview,) = previews
    letters = preview.documents.letters
    assert [letter.person_id for letter in letters] == [event["dora"]]  # the only one invited
    assert preview.documents.combined.kind == "serial_letter"

    # saving from the preview issues the letters: the file, the log, invited_at
    monkeypatch.setattr(
        PreviewDialogs, "save_file_name", classmethod(lambda *_a: str(tmp_path / "einladungen"))
    )
    preview.save_action.trigger()
    qtbot.waitUntil(lambda: bool(preview.issued_ids), timeout=10_000)
    assert (tmp_path / "einladungen.pdf").read_bytes() == preview.documents.combined.pdf
    (logged,) = svc.documents.list_issued()
    assert logged.kind == "serial_letter"
    invited_at = {r.person_id: r.invited_at for r in svc.events.list_registrations(event["event"])}
    assert invited_at[event["dora"]] is not None
    assert invited_at[event["ohne"]] is None
    assert "1 Einladungsbrief(e) gespeichert" in tab.notice.text()


def test_cancelling_the_check_prints_nothing(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, svc: Services, tab: DocumentsTab
) -> None:
    answer(monkeypatch, InvitationOptionsDialog, everyone())
    monkeypatch.setattr(InvitationCheckDialog, "review", classmethod(lambda *_a: False))
    monkeypatch.setattr(
        InvitationPreviewDialog, "show_invitations", classmethod(lambda *_a: pytest.fail())
    )
    tab.document_buttons["printInvitations"].click()
    settle(qtbot)
    assert "Nichts gedruckt" in tab.notice.text()
    assert svc.documents.list_issued() == []


def test_single_letters_go_into_the_folder_with_invited_at(
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    svc: Services,
    event: dict[str, int],
    tab: DocumentsTab,
    tmp_path: Path,
) -> None:
    request = InvitationRequest(registration_ids=None, variant="large", form="A")
    answer(
        monkeypatch,
        InvitationOptionsDialog,
        InvitationOptions(request, combined=False, per_recipient=True),
    )
    monkeypatch.setattr(InvitationCheckDialog, "review", classmethod(lambda *_a: True))
    folder = tmp_path / "briefe"
    monkeypatch.setattr(DocumentDialogs, "choose_folder", classmethod(lambda *_a: folder))
    tab.document_buttons["printInvitations"].click()
    settle(qtbot)
    assert [p.name for p in folder.iterdir()] == ["Einladung Dora Dietz.pdf"]
    assert len(svc.documents.list_issued()) == 1
    assert tab.notice.text().startswith(
        f"1 Einladungsbrief(e) als 1 PDF-Datei(en), eine je Person, gespeichert in {folder}."
    )
    dora = next(
        r for r in svc.events.list_registrations(event["event"]) if r.person_id == event["dora"]
    )
    assert dora.invited_at is not None


def test_cancel_leaves_no_files_and_nothing_logged(
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    svc: Services,
    event: dict[str, int],
    tab: DocumentsTab,
    tmp_path: Path,
) -> None:
    answer(monkeypatch, InvitationOptionsDialog, everyone(per_recipient=True, combined=False))
    monkeypatch.setattr(InvitationCheckDialog, "review", classmethod(lambda *_a: True))
    folder = tmp_path / "briefe"
    release = threading.Event()

    def choose_folder(_cls: Any, parent: Any, _title: str) -> Path:
        # hold the worker, so the rendering is still queued when she cancels
        run_operation(None, lambda: release.wait(10), lambda _r: None)
        return folder

    monkeypatch.setattr(DocumentDialogs, "choose_folder", classmethod(choose_folder))
    tab.document_buttons["printInvitations"].click()
    qtbot.waitUntil(lambda: tab.work.running and "erstellt" in tab.work.label.text())
    assert not tab.document_buttons["printInvitations"].isEnabled()
    tab.work.cancel_button.click()
    release.set()
    settle(qtbot)
    assert not tab.work.running
    assert "Abgebrochen" in tab.notice.text()
    assert not folder.exists() or list(folder.iterdir()) == []
    assert svc.documents.list_issued() == []
    assert all(r.invited_at is None for r in svc.events.list_registrations(event["event"]))
    assert tab.document_buttons["printInvitations"].isEnabled()


def test_printing_the_previewed_letters_issues_them_and_the_folder_action_writes_singles(
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    svc: Services,
    event: dict[str, int],
    tmp_path: Path,
) -> None:
    from PySide6.QtPrintSupport import QPrinter

    documents = svc.events.render_invitations(
        event["event"],
        InvitationRequest(registration_ids=None, skip=frozenset(_ohne(svc, event))),
        per_recipient=True,
    )
    said: list[str] = []
    folder = tmp_path / "einzeln"
    dialog = InvitationPreviewDialog(svc, documents, folder, None, said.append)
    qtbot.addWidget(dialog)
    assert dialog.folder_action.isVisible() and dialog.folder_action.isEnabled()
    printed = tmp_path / "gedruckt.pdf"

    def choose(_cls: Any, _parent: Any, printer: QPrinter) -> bool:
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(printed))
        printer.setResolution(72)
        return True

    monkeypatch.setattr(PreviewDialogs, "choose_printer", classmethod(choose))
    qtbot.waitUntil(lambda: dialog.page_count() > 0, timeout=10_000)
    dialog.print_action.trigger()
    qtbot.waitUntil(lambda: len(said) == 1, timeout=10_000)
    assert printed.read_bytes().startswith(b"%PDF")
    assert said[0].startswith("1 Einladungsbrief(e) an den Drucker gesendet.")
    dialog.folder_action.trigger()
    qtbot.waitUntil(lambda: len(said) == 2, timeout=10_000)
    assert [p.name for p in folder.iterdir()] == ["Einladung Dora Dietz.pdf"]
    kinds = [issue.kind for issue in svc.documents.list_issued()]
    assert kinds == ["serial_letter", "serial_letter"]  # the combined one printed, one single
    dora = next(
        r for r in svc.events.list_registrations(event["event"]) if r.person_id == event["dora"]
    )
    assert dora.invited_at is not None


def _ohne(svc: Services, event: dict[str, int]) -> list[int]:
    return [
        r.id for r in svc.events.list_registrations(event["event"]) if r.person_id == event["ohne"]
    ]


def test_the_people_chosen_on_the_registrations_tab_are_ticked_in_the_invitation_dialog(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, svc: Services, event: dict[str, int]
) -> None:
    from PySide6.QtCore import QItemSelectionModel

    from beratung.gui.events.registrations import RegistrationsTab
    from beratung.gui.pages.events import EventsPage

    page = EventsPage(svc)
    qtbot.addWidget(page)
    page.resize(1280, 800)
    page.show()
    page.refresh()
    settle(qtbot)
    registrations = next(t for t in page.event_tabs if isinstance(t, RegistrationsTab))
    documents = next(t for t in page.event_tabs if isinstance(t, DocumentsTab))
    page.tabs.setCurrentWidget(registrations)
    settle(qtbot)
    dora = next(
        r.id for r in svc.events.list_registrations(event["event"]) if r.person_id == event["dora"]
    )
    proxy = registrations.proxy
    row = next(r for r in range(proxy.rowCount()) if proxy.row_at(r).id == dora)
    registrations.table.selectionModel().select(
        proxy.index(row, 0),
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )
    dialogs: list[InvitationOptionsDialog] = []

    def choose(cls: Any, parent: Any, rows: Any, preselected: Any = ()) -> None:
        dialog = cls(rows, parent, preselected)
        qtbot.addWidget(dialog)
        dialogs.append(dialog)

    monkeypatch.setattr(InvitationOptionsDialog, "choose", classmethod(choose))
    page.tabs.setCurrentWidget(documents)
    documents.document_buttons["printInvitations"].click()
    settle(qtbot)
    (dialog,) = dialogs
    assert dialog.chosen.isChecked() and dialog.people.isEnabled()
    assert dialog.chosen_ids() == (dora,)
    assert dialog.options().request.registration_ids == (dora,)


def test_reading_replies_opens_the_import_for_this_event_and_reloads_when_applied(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tab: DocumentsTab, event: dict[str, int]
) -> None:
    opened: list[int] = []

    def run(_cls: Any, _parent: Any, _services: Any, event_id: int) -> bool:
        opened.append(event_id)
        return len(opened) == 1  # the first time replies are applied, the second time not

    monkeypatch.setattr(ReplyImportDialog, "run", classmethod(run))
    button = tab.document_buttons["importReplies"]
    assert button.accessibleName() == "Rückmeldungen einlesen"
    with qtbot.waitSignal(tab.changed, timeout=10_000):
        button.click()
    with qtbot.assertNotEmitted(tab.changed):
        button.click()
    assert opened == [event["event"], event["event"]]
