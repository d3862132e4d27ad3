"""Invitees who read Leichte Sprache, from the demo's Ulm Werkstattgespräch on SQLite and
PostgreSQL: their e-mail draft has the easy text (the built-in one, then the office's own
template), everybody else's is unchanged; their reply form is the easy one, and filled it goes
through the reply import like any other."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader, PdfWriter

from beratung.domain.enums import NeedKind, RegistrationStatus
from beratung.domain.rules.easy_language import (
    EASY_INVITATION_MAIL_TEMPLATE_KEY,
    EASY_INVITATION_MAIL_TEMPLATE_TITLE,
    abbreviations_in,
)
from beratung.services.base import ServiceContext
from beratung.services.contacts import ContactService
from beratung.services.demo import DemoService
from beratung.services.events import EventService
from beratung.services.events.invitations import InvitationRequest
from beratung.services.events.replies import REGISTER

NOW = datetime(2026, 3, 10, 9, 30, tzinfo=UTC)


@pytest.fixture
def demo(services: Any) -> dict[str, Any]:
    context = ServiceContext(db=services.db, paths=services.paths, user="Testerin",
                             clock=lambda: NOW)
    DemoService(context).create()
    events = EventService(context)
    by_day = {row.starts_at.date().isoformat(): row.id for row in events.list_events()}
    ulm = by_day["2017-10-25"]
    invited = sorted(events.list_registrations(ulm, statuses=[RegistrationStatus.INVITED]),
                     key=lambda row: row.id)
    contacts = ContactService(context)
    easy = invited[0]
    person = contacts.get_person(easy.person_id)
    contacts.update_person(easy.person_id, {"print_variant": "easy"},
                           expected_version=person.version)
    return {"events": events, "ulm": ulm, "invited": invited, "easy": easy}


def _bodies(documents: Any) -> dict[int, str]:
    """Per registration, the plain text of its draft, parsed back from the ``.eml`` bytes."""
    bodies = {}
    for draft in documents.drafts:
        message = BytesParser(policy=policy.default).parsebytes(draft.message)
        assert isinstance(message, EmailMessage)
        body = message.get_body(preferencelist=("plain",))
        assert body is not None
        bodies[draft.registration_id] = body.get_content().replace("\r\n", "\n")
    return bodies


def test_an_easy_invitees_draft_has_the_easy_text_the_others_are_unchanged(
    demo: dict[str, Any], services: Any,
) -> None:
    events: EventService = demo["events"]
    chosen = tuple(row.id for row in demo["invited"][:3])
    request = InvitationRequest(registration_ids=chosen, email_drafts=True)
    documents = events.render_invitations(demo["ulm"], request)
    bodies = _bodies(documents)
    assert set(bodies) == set(chosen)  # the demo's invitees have addresses and no route
    easy = bodies[demo["easy"].id]
    text = easy.split("\n-- \n")[0]
    assert "wir laden Sie ein.\nWir machen eine Veranstaltung." in text
    assert "Am Mittwoch, 25. Oktober 2017.\nVon 10 Uhr bis 16 Uhr." in text
    assert "Das Antwort-Formular ist am Ende vom Brief." in text
    assert "bis zum 11. Oktober 2017." in text
    assert text.rstrip().endswith("Viele Grüße")
    assert "herzlich" not in text and abbreviations_in(text) == []
    assert "\n-- \n" in easy  # the same signature below
    for registration_id in chosen[1:]:
        other = bodies[registration_id]
        assert "wir laden Sie herzlich ein" in other
        assert "Wann: Mittwoch, 25. Oktober 2017, 10:00 bis 16:00 Uhr" in other
        assert "Wir machen eine Veranstaltung." not in other

    # The office's own text in Leichte Sprache wins, for the easy invitee only.
    services.office.create_template(
        EASY_INVITATION_MAIL_TEMPLATE_KEY, EASY_INVITATION_MAIL_TEMPLATE_TITLE,
        "{anrede}\n\nSie sind eingeladen.\nZu: {veranstaltung}\n\nViele Grüße",
        subject="Einladung in Leichter Sprache",
    )
    again = events.render_invitations(demo["ulm"], request)
    bodies = _bodies(again)
    assert "Sie sind eingeladen.\nZu: Werkstattgespräch" in bodies[demo["easy"].id]
    assert all("wir laden Sie herzlich ein" in bodies[rid] for rid in chosen[1:])
    mail = next(item.mail for item in again.letters if item.registration_id == demo["easy"].id)
    assert mail is not None and mail.subject == "Einladung in Leichter Sprache"


def test_the_easy_form_filled_goes_through_the_reply_import(
    demo: dict[str, Any], tmp_path: Path,
) -> None:
    events: EventService = demo["events"]
    ulm, row = demo["ulm"], demo["easy"]
    ((_name, document),) = events.render_reply_forms(ulm, [row.id])
    assert document.page_count == 3  # the form in Leichte Sprache
    reader = PdfReader(io.BytesIO(document.pdf))
    assert "Ich komme nicht." in reader.pages[1].extract_text()
    fields = reader.get_fields() or {}
    assert fields["code"]["/V"] == row.code
    writer = PdfWriter(clone_from=reader)
    writer.update_page_form_field_values(None, {
        "teilnahme": "/ja", "begleitpersonen": "1", "bedarf_easy_language": "/Yes",
        "bedarf_wheelchair_place": "/Yes", "ernaehrung": "ohne Fleisch",
        "einwilligung": "/Yes", "bemerkungen": "Ich komme mit dem Bus.",
    }, auto_regenerate=False)
    path = tmp_path / "Antwort.pdf"
    with path.open("wb") as out:
        writer.write(out)

    result = events.import_replies(ulm, [path], dry_run=False)
    assert result.applied and not result.problems
    (change,) = result.changes
    assert (change.registration_id, change.action) == (row.id, REGISTER)
    detail = events.get_registration(row.id)
    assert detail.row.companions == 1
    assert {(n.kind, n.details) for n in detail.needs} == {
        (NeedKind.EASY_LANGUAGE, None), (NeedKind.WHEELCHAIR_PLACE, None),
        (NeedKind.DIET, "ohne Fleisch")}
    assert detail.notes and "Ich komme mit dem Bus." in detail.notes
