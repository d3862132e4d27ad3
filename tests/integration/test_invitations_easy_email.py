"""Invitations in Leichte Sprache, the variant chosen per invitee, and e-mail drafts, from the
demo's Ulm Werkstattgespräch on SQLite and PostgreSQL: the layout measured with pdfplumber,
veraPDF, the ``.eml`` files parsed back, the log and ``invited_at`` of exactly what was made,
the command line."""

from __future__ import annotations

import io
import json
from collections import defaultdict
from datetime import UTC, datetime
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from itertools import pairwise
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from sqlalchemy import delete, select, update

from beratung.cli import main
from beratung.domain.contacts import Affiliation, Person
from beratung.domain.enums import ContactRoute, PrintVariant, RegistrationStatus
from beratung.domain.errors import UserError
from beratung.domain.events import Registration
from beratung.services.base import ServiceContext
from beratung.services.contacts import ContactService
from beratung.services.demo import DemoService
from beratung.services.events import EventService
from beratung.services.events.invitations import InvitationRequest

NOW = datetime(2026, 3, 10, 9, 30, tzinfo=UTC)
EASY_SIZE = 14.0


@pytest.fixture
def demo(services: Any) -> dict[str, Any]:
    context = ServiceContext(db=services.db, paths=services.paths, user="Testerin",
                             clock=lambda: NOW)
    DemoService(context).create()
    events = EventService(context)
    by_day = {row.starts_at.date().isoformat(): row.id for row in events.list_events()}
    ulm = by_day["2017-10-25"]
    invited = sorted(r.id for r in events.list_registrations(
        ulm, statuses=[RegistrationStatus.INVITED]))
    return {"context": context, "events": events, "ulm": ulm, "invited": invited,
            "contacts": ContactService(context)}


def _person_of(demo: dict[str, Any], registration_id: int) -> int:
    with demo["context"].db.read() as s:
        person_id: int = s.get(Registration, registration_id).person_id
    return person_id


def _prefer(demo: dict[str, Any], registration_id: int, **changes: object) -> int:
    contacts: ContactService = demo["contacts"]
    person_id = _person_of(demo, registration_id)
    person = contacts.get_person(person_id)
    contacts.update_person(person_id, changes, expected_version=person.version)
    return person_id


def _body_lines(pdf: bytes) -> list[list[tuple[float, float, str]]]:
    """Per page, the lines of the letter text set in the easy size: (top, size, text)."""
    pages = []
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        for page in doc.pages:
            rows: dict[float, list[Any]] = defaultdict(list)
            for char in page.chars:
                if abs(char["size"] - EASY_SIZE) < 0.1:
                    rows[round(char["top"], 1)].append(char)
            pages.append([
                (top, chars[0]["size"], "".join(c["text"] for c in sorted(
                    chars, key=lambda c: c["x0"])).rstrip())
                for top, chars in sorted(rows.items())
            ])
    return pages


def test_a_leichte_sprache_run_has_14_pt_on_1_5_lines_one_statement_per_line(
    demo: dict[str, Any],
) -> None:
    events: EventService = demo["events"]
    documents = events.render_invitations(demo["ulm"], InvitationRequest(variant="easy"))
    assert {letter.variant for letter in documents.letters} == {"easy"}
    assert documents.post is not None
    pages = _body_lines(documents.combined.pdf)
    lines = [text for page in pages for _top, _size, text in page]
    assert "Wann ist die Veranstaltung?" in lines
    assert "Am Mittwoch, 25. Oktober 2017." in lines
    assert "Von 10 Uhr bis 16 Uhr." in lines
    assert "Das wissen wir noch nicht:" in lines
    assert "Viele Grüße" in lines
    assert not any(text.endswith(("-", "\u00ad")) for text in lines)  # no hyphenation
    assert not any(abbreviation in " ".join(lines) for abbreviation in
                   (" Dr. ", " z. B. ", " ca. ", " bzw. ", " Prof. "))
    for page in pages:
        for (top, size, _), (next_top, _s, _t) in pairwise(page):
            assert next_top - top >= 1.5 * size - 0.05
    # Every text line of the letter is at least 14 pt: nothing smaller below the address.
    with pdfplumber.open(io.BytesIO(documents.combined.pdf)) as doc:
        first = doc.pages[0]
        subject_top = next(top for top, _size, text in pages[0] if text.startswith("Einladung"))
        small = [c for c in first.chars
                 if subject_top - 1 <= c["top"] < 257 * 72 / 25.4 and c["size"] < EASY_SIZE]
        assert small == []


def test_the_variant_is_chosen_per_invitee_and_the_pile_stays_in_postcode_order(
    demo: dict[str, Any],
) -> None:
    events: EventService = demo["events"]
    easy, large = demo["invited"][0], demo["invited"][1]
    _prefer(demo, easy, print_variant="easy")
    _prefer(demo, large, print_variant=PrintVariant.LARGE)

    documents = events.render_invitations(demo["ulm"])
    variants = {letter.registration_id: letter.variant for letter in documents.letters}
    assert variants[easy] == "easy" and variants[large] == "large"
    assert {v for rid, v in variants.items() if rid not in (easy, large)} == {"standard"}
    assert documents.post is not None
    snapshot = documents.combined.snapshot
    assert snapshot["letter_variants"] == [letter.variant for letter in documents.letters]
    reference = events.render_invitations(demo["ulm"], InvitationRequest(variant="standard"))
    assert [item.registration_id for item in documents.letters] == [
        item.registration_id for item in reference.letters]  # same postcode order

    with pdfplumber.open(io.BytesIO(documents.combined.pdf)) as doc:
        text = "\n".join(page.extract_text() for page in doc.pages)
    assert text.count("Wann ist die Veranstaltung?") == 1
    # The whole run's variant wins over the preference.
    forced = events.render_invitations(demo["ulm"], InvitationRequest(variant="standard"))
    assert {letter.variant for letter in forced.letters} == {"standard"}


def _parse(path: Path) -> EmailMessage:
    message = BytesParser(policy=policy.default).parsebytes(path.read_bytes())
    assert isinstance(message, EmailMessage)
    return message


def test_e_mail_drafts_for_the_e_mail_route_letters_for_the_rest_logged_exactly(
    demo: dict[str, Any], services: Any, tmp_path: Path,
) -> None:
    events: EventService = demo["events"]
    by_mail, by_post, no_address, easy_mail = demo["invited"][:4]
    _prefer(demo, by_mail, contact_route=ContactRoute.EMAIL)
    _prefer(demo, by_post, contact_route="post")
    gone = _prefer(demo, no_address, contact_route="email")
    _prefer(demo, easy_mail, print_variant="easy")
    with services.db.transaction() as s:  # no address at all: the letter goes by post
        s.execute(update(Person).where(Person.id == gone).values(email=None))
        s.execute(update(Affiliation).where(Affiliation.person_id == gone).values(email=None))
    chosen = tuple(demo["invited"][:6])  # the last two have no preference and an address
    logged_before = len(services.documents.list_issued(entity_type="event",
                                                       entity_id=demo["ulm"]))

    documents = events.render_invitations(
        demo["ulm"], InvitationRequest(registration_ids=chosen, email_drafts=True))
    mailed = {draft.registration_id for draft in documents.drafts}
    assert mailed == {by_mail, easy_mail, *chosen[4:]}
    assert {letter.registration_id for letter in documents.posted} == {by_post, no_address}

    issued = events.issue_invitations(documents, out=tmp_path / "Post.pdf",
                                      email_folder=tmp_path / "mails")
    assert issued.letters == 6 and issued.drafts == 4
    files = sorted((tmp_path / "mails").iterdir())
    assert len(files) == 4 and all(path.suffix == ".eml" for path in files)
    assert all(name.startswith("Einladung ") for name in (path.name for path in files))

    detail = demo["contacts"].get_person(_person_of(demo, by_mail))
    draft = next(d for d in documents.drafts if d.registration_id == by_mail)
    message = _parse(tmp_path / "mails" / draft.file_name)
    assert message["X-Unsent"] == "1"
    assert message["From"].addresses[0].addr_spec == "post@staedtetag-bw.de"
    assert message["To"].addresses[0].display_name == detail.display_name
    assert "@" in message["To"].addresses[0].addr_spec
    assert str(message["Subject"]) == (
        "Einladung: Werkstattgespräch Inklusive Quartiere am Mittwoch, 25. Oktober 2017")
    raw = (tmp_path / "mails" / draft.file_name).read_bytes()
    assert b"=?utf-8?" in raw.split(b"\r\n\r\n", 1)[0]  # umlauts encoded in the header
    body = message.get_body(preferencelist=("plain",))
    assert body is not None
    text = body.get_content()
    assert text.startswith(("Sehr geehrte", "Guten Tag"))
    assert "wir laden Sie herzlich ein" in text and "11. Oktober 2017" in text
    assert "Wann: Mittwoch, 25. Oktober 2017, 10:00 bis 16:00 Uhr" in text
    assert "\n-- \n" in text.replace("\r\n", "\n")  # the signature, below the text
    attachments = list(message.iter_attachments())
    assert [a.get_content_type() for a in attachments] == ["application/pdf"]
    assert attachments[0].get_filename() == f"Einladung {detail.display_name}.pdf"
    pdf = attachments[0].get_content()
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        assert "Einladung" in doc.pages[0].extract_text()
    easy_draft = next(d for d in documents.drafts if d.registration_id == easy_mail)
    # Its e-mail is in Leichte Sprache too (test_easy_reply_and_mail.py); the letter attached:
    with pdfplumber.open(io.BytesIO(easy_draft.document.pdf)) as doc:
        assert "Wann ist die Veranstaltung?" in doc.pages[0].extract_text()

    issued_now = services.documents.list_issued(entity_type="event", entity_id=demo["ulm"])
    assert len(issued_now) == logged_before + 1 + 4  # the combined PDF and each draft
    with services.db.read() as s:
        stamped = dict(s.execute(select(Registration.id, Registration.invited_at).where(
            Registration.event_id == demo["ulm"])).all())
    assert {rid for rid, at in stamped.items() if at is not None and
            at.replace(tzinfo=UTC) == NOW} == set(chosen)


def test_drafts_need_a_folder_and_nothing_is_written_without(
    demo: dict[str, Any], services: Any, tmp_path: Path,
) -> None:
    events: EventService = demo["events"]
    request = InvitationRequest(registration_ids=tuple(demo["invited"][:2]), email_drafts=True)
    documents = events.render_invitations(demo["ulm"], request)
    assert documents.post is None  # everybody by e-mail
    with pytest.raises(UserError, match="keine Briefe zum Drucken"):
        _ = documents.combined
    with pytest.raises(UserError) as caught:
        events.issue_invitations(documents, out=tmp_path / "x.pdf")
    assert "Ordner" in str(caught.value)
    assert not (tmp_path / "x.pdf").exists()


def test_print_invitations_easy_and_email_on_the_command_line(
    demo: dict[str, Any], database_url: str, tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    ulm = str(demo["ulm"])
    db = ["--database-url", database_url]
    person = _person_of(demo, demo["invited"][0])
    assert main([*db, "contacts", "preferences", str(person), "--variant", "easy",
                 "--route", "post", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"id": person, "variant": "easy",
                                                   "route": "post"}
    assert main([*db, "contacts", "preferences", str(person)]) == 0
    assert "Leichte Sprache, per Post" in capsys.readouterr().out

    mails = tmp_path / "mails"
    assert main([*db, "print", "invitations", ulm, "--email", str(mails)]) == 1
    assert "per Post eingeladen; bitte --out" in capsys.readouterr().err
    assert not mails.exists()

    out = tmp_path / "Post.pdf"
    assert main([*db, "print", "invitations", ulm, "--out", str(out), "--email",
                 str(mails)]) == 0
    captured = capsys.readouterr().out
    # The letter in Leichte Sprache (4 pages) and its reply form in Leichte Sprache (3 pages).
    assert "1 Einladung (7 Seiten) gespeichert" in captured
    count = len(demo["invited"]) - 1
    assert f"{count} E-Mail-Entwürfe gespeichert in" in captured
    assert len(list(mails.glob("*.eml"))) == count
    with pdfplumber.open(out) as doc:
        assert "Wann ist die Veranstaltung?" in doc.pages[0].extract_text()


def test_a_leichte_sprache_run_passes_verapdf(
    demo: dict[str, Any], verapdf_checker: Any, tmp_path: Path
) -> None:
    events: EventService = demo["events"]
    _prefer(demo, demo["invited"][0], print_variant="large")
    paths = []
    for name, request in (("easy", InvitationRequest(variant="easy")),
                          ("mixed", InvitationRequest())):
        documents = events.render_invitations(demo["ulm"], request)
        assert documents.post is not None
        path = tmp_path / f"{name}.pdf"
        path.write_bytes(documents.combined.pdf)
        paths.append(path)
    results = verapdf_checker.validate(paths, profiles=("ua1", "2a"))
    assert len(results) == 4
    assert [result.summary() for result in results if not result.compliant] == []


def test_an_e_mail_invitee_needs_no_postal_address(demo: dict[str, Any], services: Any) -> None:
    events: EventService = demo["events"]
    chosen = demo["invited"][0]
    person = _prefer(demo, chosen, contact_route="email")
    with services.db.transaction() as s:  # no role and no own address
        s.execute(update(Registration).where(Registration.id == chosen).values(
            affiliation_id=None))
        s.execute(delete(Affiliation).where(Affiliation.person_id == person))
        s.execute(update(Person).where(Person.id == person).values(
            street=None, postcode=None, town=None, email="ohne.anschrift@example.de"))
    by_post = InvitationRequest(registration_ids=(chosen,))
    assert [problem.kind for problem in events.check_invitations(demo["ulm"], by_post)] == [
        "no_address"]
    documents = events.render_invitations(
        demo["ulm"], InvitationRequest(registration_ids=(chosen,), email_drafts=True))
    assert len(documents.drafts) == 1 and documents.post is None
    (letter,) = documents.letters
    assert letter.mail is not None and letter.mail.to_address == "ohne.anschrift@example.de"
    assert letter.letter.address.lines[-1] == letter.name  # name only, no postal lines
