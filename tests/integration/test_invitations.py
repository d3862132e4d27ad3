"""Invitation letters from the demo's Werkstattgespräche, on SQLite and PostgreSQL: the check
before printing, the serial letter (sorted by postcode, each letter addressed through the
registration's role), the files, the log of issued documents and ``invited_at``, the command
line."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from sqlalchemy import select

from beratung.cli import main
from beratung.domain.contacts import Organisation
from beratung.domain.enums import RegistrationStatus
from beratung.domain.errors import UserError, ValidationError
from beratung.domain.events import Event, Registration
from beratung.services.base import ServiceContext
from beratung.services.demo import DemoService
from beratung.services.events import EventService
from beratung.services.events.invitations import (
    ADDRESS_TOO_LONG,
    DOES_NOT_FIT,
    NO_ADDRESS,
    NO_CODE,
    InvitationProblemsError,
    InvitationRequest,
)
from beratung.services.letters import LetterService

NOW = datetime(2026, 3, 10, 9, 30, tzinfo=UTC)


@pytest.fixture
def demo(services: Any) -> dict[str, Any]:
    context = ServiceContext(db=services.db, paths=services.paths, user="Testerin",
                             clock=lambda: NOW)
    DemoService(context).create()
    events = EventService(context)
    by_day = {row.starts_at.date().isoformat(): row.id for row in events.list_events()}
    return {
        "context": context,
        "events": events,
        "ulm": by_day["2017-10-25"],
        "freiburg": by_day["2018-04-18"],
    }


def _pdf_text(pdf: bytes) -> list[str]:
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        # Lines joined: a sentence broken across lines still reads as one.
        return [" ".join(page.extract_text().split()) for page in doc.pages]


def _postcode(lines: tuple[str, ...]) -> str:
    return next(line[:5] for line in reversed(lines) if re.match(r"\d{5} ", line))


def test_the_ulm_invitations_are_addressed_through_the_role_saluted_and_sorted(
    demo: dict[str, Any],
) -> None:
    events: EventService = demo["events"]
    ulm = demo["ulm"]
    assert events.check_invitations(ulm) == []
    documents = events.render_invitations(ulm)
    letters = documents.letters
    invited = events.list_registrations(ulm, statuses=[RegistrationStatus.INVITED])
    assert sorted(letter.registration_id for letter in letters) == sorted(r.id for r in invited)
    postcodes = [_postcode(letter.letter.address.lines) for letter in letters]
    assert postcodes == sorted(postcodes)

    addresses = LetterService(demo["context"])
    for letter in letters:
        chosen = events.get_registration(letter.registration_id).affiliation_id
        expected = addresses.address(letter.person_id, chosen)
        assert letter.letter.address.lines == expected.lines
        assert letter.letter.salutation == expected.salutation
        assert letter.letter.salutation.startswith(("Sehr geehrte Frau ", "Sehr geehrter Herr ",
                                                    "Guten Tag "))
        assert letter.letter.signatory_name == "Benjamin Lachat"  # the office's signatory
        assert letter.letter.information.name  # the event's clerk answers questions
        assert letter.letter.information.letter_date == NOW.date()

    pages = _pdf_text(documents.combined.pdf)
    assert len(pages) == documents.combined.page_count
    first = pages[0]
    assert "Wann: Mittwoch, 25. Oktober 2017, 10:00 bis 16:00 Uhr" in first
    assert "Wo: Haus der Begegnung, Großer Saal, Grüner Hof 7, 89073 Ulm" in first
    assert "Straßenbahnlinie 1" in first
    assert "Der Eingang ist ohne Stufen erreichbar." in first
    assert "Noch nicht geklärt ist, ob es ein Leitsystem" in first
    text = " ".join(pages)
    assert text.count("Bitte melden Sie sich bis zum 11. Oktober 2017 an.") == len(letters)
    assert text.count("Seite 1 von") == len(letters)  # every letter is longer than a page
    assert documents.combined.kind == "serial_letter"


def test_issuing_writes_the_files_logs_them_and_sets_invited_at_for_exactly_those(
    demo: dict[str, Any], services: Any, tmp_path: Path
) -> None:
    events: EventService = demo["events"]
    ulm = demo["ulm"]
    invited = events.list_registrations(ulm, statuses=[RegistrationStatus.INVITED])
    chosen = tuple(sorted(r.id for r in invited)[:3])
    before = {r.id: r.invited_at for r in events.list_registrations(ulm)}
    logged_before = len(services.documents.list_issued(entity_type="event", entity_id=ulm))

    documents = events.render_invitations(
        ulm, InvitationRequest(registration_ids=chosen, variant="large", form="A"),
        per_recipient=True,
    )
    issued = events.issue_invitations(documents, out=tmp_path / "Einladungen.pdf",
                                      folder=tmp_path / "einzeln")
    assert issued.letters == 3
    assert (tmp_path / "Einladungen.pdf").read_bytes() == documents.combined.pdf
    names = sorted(path.name for path in (tmp_path / "einzeln").iterdir())
    assert names == sorted(name for name, _doc in documents.per_recipient)
    assert all(name.startswith("Einladung ") and name.endswith(".pdf") for name in names)
    assert len(issued.log_ids) == 4

    log = services.documents.list_issued(entity_type="event", entity_id=ulm)
    assert len(log) == logged_before + 4
    after = {r.id: r.invited_at for r in events.list_registrations(ulm)}
    for ident, when in after.items():
        if ident in chosen:
            assert when == NOW
        else:
            assert when == before[ident]
    # A logged single letter reprints exactly.
    single = services.documents.reprint(issued.log_ids[1])
    assert single == documents.per_recipient[0][1].pdf


def test_the_check_names_each_problem_and_skipping_leaves_exactly_those_out(
    demo: dict[str, Any], services: Any
) -> None:
    events: EventService = demo["events"]
    freiburg = demo["freiburg"]
    registrations = sorted(events.list_registrations(freiburg), key=lambda r: r.id)
    no_code, no_town, too_long = registrations[:3]
    with services.db.transaction() as s:
        s.get(Registration, no_code.id).code = " "
        for registration, change in ((no_town, "town"), (too_long, "department")):
            reg = s.get(Registration, registration.id)
            aff = reg.person.affiliations[0] if reg.affiliation_id is None else next(
                a for a in reg.person.affiliations if a.id == reg.affiliation_id)
            org: Organisation = aff.organisation
            if change == "town":
                org.town = None
            else:
                aff.department = "Abteilung 1\nReferat 2\nSachgebiet 3\nTeam 4"

    problems = events.check_invitations(freiburg)
    kinds = {(problem.registration_id, problem.kind) for problem in problems}
    assert (no_code.id, NO_CODE) in kinds
    assert (no_town.id, NO_ADDRESS) in kinds
    assert (too_long.id, ADDRESS_TOO_LONG) in kinds
    ministry = [p for p in problems if p.kind == DOES_NOT_FIT]
    assert ministry and "zu lang" in ministry[0].message
    for problem in problems:
        assert problem.text.startswith(problem.name)

    with pytest.raises(InvitationProblemsError) as refused:
        events.render_invitations(freiburg)
    assert refused.value.problems == tuple(problems)

    skip = frozenset(problem.registration_id for problem in problems)
    documents = events.render_invitations(freiburg, InvitationRequest(skip=skip))
    assert {letter.registration_id for letter in documents.letters} == (
        {r.id for r in registrations if r.status is RegistrationStatus.INVITED} - skip
    )


def test_an_event_without_deadline_stops_the_run_with_one_message(
    demo: dict[str, Any], services: Any
) -> None:
    with services.db.transaction() as s:
        s.get(Event, demo["freiburg"]).registration_deadline = None
    with pytest.raises(ValidationError, match=r"\{anmeldeschluss\}"):
        demo["events"].check_invitations(demo["freiburg"])


def test_nothing_is_logged_when_a_file_cannot_be_written(
    demo: dict[str, Any], services: Any, tmp_path: Path
) -> None:
    events: EventService = demo["events"]
    ulm = demo["ulm"]
    documents = events.render_invitations(ulm, per_recipient=True)
    blocker = tmp_path / "einzeln"
    blocker.write_text("kein Ordner")
    logged = len(services.documents.list_issued())
    with pytest.raises(UserError, match="kein Ordner"):
        events.issue_invitations(documents, out=tmp_path / "alle.pdf", folder=blocker)
    assert not (tmp_path / "alle.pdf").exists()
    assert len(services.documents.list_issued()) == logged
    with services.db.read() as s:
        sent = s.scalars(select(Registration.invited_at).where(
            Registration.id.in_(documents.registration_ids))).all()
    assert NOW not in sent


def test_print_invitations_on_the_command_line(
    demo: dict[str, Any], database_url: str, tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    freiburg = demo["freiburg"]
    base = ["--database-url", database_url, "print", "invitations", str(freiburg)]
    out = tmp_path / "Einladungen Freiburg.pdf"

    assert main([*base, "--out", str(out)]) == 1
    captured = capsys.readouterr()
    assert "1 Einladung kann so nicht gedruckt werden:" in captured.err
    assert "Dr. Renate Schulte: Die Anschriftzeile" in captured.err
    assert "--skip-problems" in captured.err
    assert not out.exists()

    folder = tmp_path / "einzeln"
    assert main([*base, "--out", str(out), "--per-recipient", str(folder), "--variant",
                 "large", "--form", "a", "--skip-problems"]) == 0
    captured = capsys.readouterr()
    assert "Ausgelassen (1):" in captured.err
    match = re.search(r"(\d+) Einladungen \((\d+) Seiten\) gespeichert", captured.out)
    assert match and int(match.group(1)) == len(list(folder.iterdir())) > 50
    assert out.read_bytes().startswith(b"%PDF")

    assert main(["--database-url", database_url, "print", "invitations", "999",
                 "--out", str(out)]) == 1
    assert "Veranstaltung Nr. 999" in capsys.readouterr().err
    assert main(["--database-url", database_url, "print", "invitations", str(freiburg)]) == 1
    assert "--out" in capsys.readouterr().err


def test_the_demo_invitations_pass_verapdf(
    demo: dict[str, Any], verapdf_checker: Any, tmp_path: Path
) -> None:
    events: EventService = demo["events"]
    paths = []
    for variant in ("standard", "large"):
        documents = events.render_invitations(
            demo["ulm"], InvitationRequest(variant=variant), per_recipient=True  # type: ignore[arg-type]
        )
        for name, pdf in (("alle", documents.combined.pdf),
                          ("einzeln", documents.per_recipient[0][1].pdf)):
            path = tmp_path / f"{variant}-{name}.pdf"
            path.write_bytes(pdf)
            paths.append(path)
    results = verapdf_checker.validate(paths, profiles=("ua1", "2a"))
    assert len(results) == 8
    assert [result.summary() for result in results if not result.compliant] == []
