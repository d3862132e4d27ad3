"""Returned reply forms read back (issue 12, item 2), on SQLite and PostgreSQL: a form of the
demo's Ulm invitations filled with pypdf's writer, imported as a dry run (nothing changes) and
applied (registration with the consented needs, remarks in the notes); without the consent box
no needs; the waiting list when full; a decline; unmatched codes and unreadable files; the
command line."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader, PdfWriter
from sqlalchemy import select

from beratung.cli import main
from beratung.domain.enums import NeedKind, RegistrationStatus
from beratung.domain.events import Event, Registration
from beratung.domain.records import AuditEntry
from beratung.services.base import ServiceContext
from beratung.services.demo import DemoService
from beratung.services.events import EventService
from beratung.services.events.replies import DECLINE, REGISTER

NOW = datetime(2026, 3, 10, 9, 30, tzinfo=UTC)


@pytest.fixture
def demo(services: Any) -> dict[str, Any]:
    context = ServiceContext(db=services.db, paths=services.paths, user="Testerin",
                             clock=lambda: NOW)
    DemoService(context).create()
    events = EventService(context)
    by_day = {row.starts_at.date().isoformat(): row.id for row in events.list_events()}
    ulm = by_day["2017-10-25"]
    invited = events.list_registrations(ulm, statuses=[RegistrationStatus.INVITED])
    return {"context": context, "events": events, "ulm": ulm, "invited": invited}


def fill(pdf: bytes, values: dict[str, str]) -> bytes:
    """The form filled as a PDF program would: the values set, the file saved."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer.update_page_form_field_values(None, values, auto_regenerate=False)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def reply_pdf(events: EventService, event_id: int, registration_id: int) -> bytes:
    ((_name, document),) = events.render_reply_forms(event_id, [registration_id])
    return document.pdf


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


YES = {"teilnahme": "/ja", "begleitpersonen": "1", "bedarf_wheelchair_place": "/Yes",
       "bedarf_other": "/Yes", "bedarf_sonstiges_text": "Platz nahe der Tür",
       "ernaehrung": "glutenfrei", "bemerkungen": "Ich komme mit dem Zug."}


def _state(services: Any, registration_id: int) -> tuple[Any, ...]:
    with services.db.read() as s:
        registration = s.get(Registration, registration_id)
        assert registration is not None
        return (registration.status, registration.companions, registration.notes,
                sorted(n.kind for n in registration.needs),
                s.scalar(select(AuditEntry.id).order_by(AuditEntry.id.desc()).limit(1)))


def test_a_filled_form_is_a_registration_with_the_consented_needs(
    demo: dict[str, Any], services: Any, tmp_path: Path
) -> None:
    events: EventService = demo["events"]
    ulm = demo["ulm"]
    row = demo["invited"][0]
    pdf = reply_pdf(events, ulm, row.id)
    fields = PdfReader(io.BytesIO(pdf)).get_fields() or {}
    assert fields["code"]["/V"] == row.code
    path = write(tmp_path, "Antwort.pdf", fill(pdf, {**YES, "einwilligung": "/Yes"}))

    before = _state(services, row.id)
    dry = events.import_replies(ulm, [path], dry_run=True)
    assert not dry.applied and not dry.problems
    (change,) = dry.changes
    assert (change.registration_id, change.action, change.code) == (row.id, REGISTER, row.code)
    assert "Anmeldung" in change.text and "1 Begleitperson" in change.text
    assert "Rollstuhlplatz" in change.text and "Sonstiges (Platz nahe der Tür)" in change.text
    assert _state(services, row.id) == before  # the dry run changed nothing, not even the log

    result = events.import_replies(ulm, [path], dry_run=False)
    assert result.applied and [c.action for c in result.changes] == [REGISTER]
    detail = events.get_registration(row.id)
    assert detail.row.status in (RegistrationStatus.REGISTERED, RegistrationStatus.WAITLISTED)
    assert detail.row.companions == 1
    assert {(n.kind, n.details) for n in detail.needs} == {
        (NeedKind.WHEELCHAIR_PLACE, None), (NeedKind.OTHER, "Platz nahe der Tür"),
        (NeedKind.DIET, "glutenfrei")}
    assert detail.consent_given_on == NOW.date()
    assert detail.notes and "Antwortformular: Ich komme mit dem Zug." in detail.notes

    again = events.import_replies(ulm, [path], dry_run=False)  # the same file twice
    assert not again.changed and not again.problems


def test_without_the_consent_box_no_needs_are_stored_and_the_reason_is_given(
    demo: dict[str, Any], tmp_path: Path
) -> None:
    events: EventService = demo["events"]
    ulm = demo["ulm"]
    row = demo["invited"][1]
    path = write(tmp_path, "ohne.pdf", fill(reply_pdf(events, ulm, row.id), YES))
    result = events.import_replies(ulm, [path], dry_run=False)
    (change,) = result.changes
    assert change.action == REGISTER
    assert any("Einwilligung ist nicht angekreuzt" in note for note in change.notes)
    assert events.get_registration(row.id).needs == ()


def test_a_full_event_puts_the_reply_on_the_waiting_list_and_a_no_declines(
    demo: dict[str, Any], services: Any, tmp_path: Path
) -> None:
    events: EventService = demo["events"]
    ulm = demo["ulm"]
    first, second = demo["invited"][2:4]
    with services.db.transaction() as s:
        event = s.get(Event, ulm)
        assert event is not None
        taken = sum(1 + r.companions for r in event.registrations
                    if r.status in (RegistrationStatus.REGISTERED, RegistrationStatus.ATTENDED))
        event.capacity = max(taken, 1)
    yes = write(tmp_path, "ja.pdf", fill(reply_pdf(events, ulm, first.id),
                                         {"teilnahme": "/ja"}))
    no = write(tmp_path, "nein.pdf", fill(reply_pdf(events, ulm, second.id),
                                          {"teilnahme": "/nein", "bemerkungen": "Urlaub"}))
    result = events.import_replies(ulm, [yes, no], dry_run=True)
    actions = {c.registration_id: c for c in result.changes}
    assert actions[first.id].text.startswith("Anmeldung (Warteliste)")
    assert any("Warteliste" in note for note in actions[first.id].notes)
    assert actions[second.id].action == DECLINE
    events.import_replies(ulm, [yes, no], dry_run=False)
    assert events.get_registration(first.id).row.status is RegistrationStatus.WAITLISTED
    declined = events.get_registration(second.id)
    assert declined.row.status is RegistrationStatus.DECLINED
    assert declined.notes == "Antwortformular: Urlaub"


def test_unmatched_and_unreadable_files_are_listed_and_change_nothing(
    demo: dict[str, Any], services: Any, tmp_path: Path, database_url: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    events: EventService = demo["events"]
    ulm = demo["ulm"]
    row = demo["invited"][0]
    pdf = reply_pdf(events, ulm, row.id)
    stranger = write(tmp_path, "fremd.pdf", fill(pdf, {"teilnahme": "/ja",
                                                        "code": "AAAA-AAAA"}))
    silent = write(tmp_path, "leer.pdf", pdf)  # nothing ticked
    text = write(tmp_path, "notiz.pdf", b"Das ist kein PDF")
    letter_only = write(tmp_path, "brief.pdf", _letter_without_form())
    before = _state(services, row.id)
    result = events.import_replies(ulm, [stranger, silent, text, letter_only], dry_run=False)
    assert result.changes == ()
    reasons = {p.file: p.reason for p in result.problems}
    assert "Zum Code AAAA-AAAA gibt es" in reasons["fremd.pdf"]
    assert "Weder „Ich nehme teil“" in reasons["leer.pdf"]
    assert reasons["notiz.pdf"] == "Die Datei ist kein PDF."
    assert "kein ausfüllbares Antwortformular" in reasons["brief.pdf"]
    assert _state(services, row.id) == before

    base = ["--database-url", database_url, "events", "replies", str(ulm)]
    assert main([*base, str(stranger), str(text)]) == 1
    captured = capsys.readouterr()
    assert "Nicht übernommen (2):" in captured.err and "fremd.pdf" in captured.err


def _letter_without_form() -> bytes:
    from beratung.documents.registry import render
    from beratung.documents.samples import sample_letter

    return render(sample_letter("B")).pdf


def test_the_command_line_lists_the_changes_and_applies_them(
    demo: dict[str, Any], tmp_path: Path, database_url: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    events: EventService = demo["events"]
    ulm = demo["ulm"]
    row = demo["invited"][0]
    path = write(tmp_path, "Antwort.pdf", fill(reply_pdf(events, ulm, row.id),
                                                {**YES, "einwilligung": "/Yes"}))
    junk = write(tmp_path, "kaputt.pdf", b"%PDF-1.4 kaputt")
    base = ["--database-url", database_url, "events", "replies", str(ulm)]
    assert main([*base, str(path), str(junk), "--dry-run"]) == 0
    captured = capsys.readouterr()
    assert "Probelauf, nichts gespeichert: 1 Antwort(en) würden übernommen." in captured.out
    assert f"(Code {row.code}, Antwort.pdf): Anmeldung" in captured.out
    assert "kaputt.pdf: Das PDF ist beschädigt" in captured.err
    assert events.get_registration(row.id).row.status is RegistrationStatus.INVITED

    assert main([*base, str(path)]) == 0
    assert "1 Antwort(en) übernommen." in capsys.readouterr().out
    assert events.get_registration(row.id).row.status is not RegistrationStatus.INVITED


def test_a_cancelled_event_takes_no_replies(
    demo: dict[str, Any], services: Any, tmp_path: Path
) -> None:
    from beratung.domain.enums import EventStatus
    from beratung.domain.errors import UserError

    events: EventService = demo["events"]
    ulm = demo["ulm"]
    row = demo["invited"][0]
    path = write(tmp_path, "ja.pdf", fill(reply_pdf(events, ulm, row.id), {"teilnahme": "/ja"}))
    with services.db.transaction() as s:
        event = s.get(Event, ulm)
        assert event is not None
        event.status = EventStatus.CANCELLED
    with pytest.raises(UserError, match="ist abgesagt"):
        events.import_replies(ulm, [path], dry_run=True)
