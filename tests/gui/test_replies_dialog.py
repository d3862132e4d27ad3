"""Antwortformulare einlesen: the dry run in the table, "Übernehmen" on the worker thread, the
summary; on SQLite and PostgreSQL."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from events_helpers import BEFORE, at, make_event, make_people
from pypdf import PdfReader, PdfWriter
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from beratung.domain.enums import NeedKind, RegistrationStatus
from beratung.gui.events.replies_dialog import ReplyImportDialog
from beratung.services import Services
from beratung.services.events.snapshots import Invitee
from beratung.services.office import OfficeProfileData


def _filled(pdf: bytes, values: dict[str, str]) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer.update_page_form_field_values(None, values, auto_regenerate=False)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_the_dialog_shows_the_dry_run_and_applies_it(
    qtbot: QtBot, services: Services, tmp_path: Path
) -> None:
    svc = at(services, BEFORE)
    svc.office.save_profile(OfficeProfileData(
        name="Städtetag Baden-Württemberg", street="Königstraße 2", postcode="70173",
        town="Stuttgart", fax="0711 22921-42", email="post@staedtetag-bw.de"),
        expected_version=None)
    people = make_people(svc)
    event_id = make_event(svc)
    svc.events.invite_persons(event_id, [Invitee(people["anna"])])
    (row,) = svc.events.list_registrations(event_id)
    ((_name, document),) = svc.events.render_reply_forms(event_id, [row.id])
    reply = tmp_path / "Antwort Anna Müller.pdf"
    reply.write_bytes(_filled(document.pdf, {
        "teilnahme": "/ja", "bedarf_hearing_loop": "/Yes", "einwilligung": "/Yes",
        "bemerkungen": "Bitte vorne sitzen"}))
    scan = tmp_path / "Scan.pdf"
    scan.write_bytes(b"kein PDF")

    dialog = ReplyImportDialog(svc, event_id)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.apply_button.isEnabled()
    dialog.set_files([reply, scan])
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 2 and not dialog.work.running,
                    timeout=15_000)
    cells = [[dialog.table.item(r, c).text() for c in range(5)] for r in range(2)]
    assert cells[0][:3] == ["Antwort Anna Müller.pdf", "Anna Müller", row.code]
    assert cells[0][3].startswith("Anmeldung") and "Induktionsschleife" in cells[0][3]
    assert cells[1] == ["Scan.pdf", "", "", "nicht übernommen", "Die Datei ist kein PDF."]
    assert "Probelauf: 1 Antwort(en) würden übernommen." in dialog.notice.text()
    assert svc.events.get_registration(row.id).row.status is RegistrationStatus.INVITED

    assert dialog.apply_button.isEnabled()
    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "1 Antwort(en) übernommen." in dialog.notice.text(),
                    timeout=15_000)
    assert dialog.applied and not dialog.apply_button.isEnabled()
    detail = svc.events.get_registration(row.id)
    assert detail.row.status is RegistrationStatus.REGISTERED
    assert [n.kind for n in detail.needs] == [NeedKind.HEARING_LOOP]
    assert detail.notes == "Antwortformular: Bitte vorne sitzen"


def test_run_opens_the_dialog_and_says_whether_anything_was_applied(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    svc = at(services, BEFORE)
    event_id = make_event(svc)
    shown: list[str] = []

    def closed_at_once(dialog: ReplyImportDialog) -> int:
        shown.append(dialog.windowTitle())
        return 0

    monkeypatch.setattr(ReplyImportDialog, "exec", closed_at_once)
    assert ReplyImportDialog.run(None, svc, event_id) is False
    assert shown == ["Antwortformulare einlesen"]
