"""The sign-in list, the attendance certificates and the needs summary of the demo's
Werkstattgespräch in Ulm (25.10.2017), on SQLite and PostgreSQL: what the services put on
them, the log of issued documents and exact reprints, the command line, veraPDF."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pdfplumber
import pytest

from beratung.cli import main
from beratung.documents.registry import render_stored
from beratung.domain.enums import RegistrationStatus
from beratung.domain.errors import ValidationError
from beratung.domain.rules.dates import format_date_de
from beratung.services.base import ServiceContext
from beratung.services.demo import DemoService

NOW = datetime(2026, 3, 10, 9, 30, tzinfo=UTC)


@pytest.fixture
def ulm(services: Any) -> int:
    """The demo loaded; the id of the Werkstattgespräch in Ulm."""
    context = ServiceContext(db=services.db, paths=services.paths, user="Testerin",
                             clock=lambda: NOW)
    DemoService(context).create()
    [event] = [e for e in services.events.list_events()
               if e.starts_at.date() == date(2017, 10, 25)]
    return int(event.id)


def _text(pdf: bytes) -> str:
    import io

    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return "\n".join(page.extract_text() or "" for page in document.pages)


def test_sign_in_list_lists_everyone_with_a_place(services: Any, ulm: int) -> None:
    rows = services.events.list_registrations(ulm)
    expected = [r for r in rows if r.status in (
        RegistrationStatus.REGISTERED, RegistrationStatus.ATTENDED, RegistrationStatus.NO_SHOW)]
    snapshot = services.events.get_sign_in_list(ulm, blank_rows=5)
    assert len(snapshot.rows) == len(expected) == 54
    assert snapshot.event.place == "Haus der Begegnung, Großer Saal, Grüner Hof 7, 89073 Ulm"
    assert snapshot.event.organiser.startswith("Städtetag Baden-Württemberg")
    # By name: the order of the registrations list (sort key, DIN 5007-1).
    by_name = [r.name for r in sorted(expected, key=lambda r: (r.sort_name, r.id))]
    assert [" ".join(p for p in (r.title, r.first_name, r.last_name) if p)
            for r in snapshot.rows] == by_name
    waiting = {r.name for r in rows if r.status is RegistrationStatus.WAITLISTED}
    assert waiting and not waiting & set(by_name)
    # By municipality: grouped by the organisation's town.
    towns = services.events.get_sign_in_list(ulm, sort="municipality")
    assert {r.last_name for r in towns.rows} == {r.last_name for r in snapshot.rows}
    assert towns.rows != snapshot.rows


def test_sign_in_list_is_logged_and_reprinted_exactly(services: Any, ulm: int) -> None:
    document = services.events.render_sign_in_list(
        ulm, columns=["nr", "name", "vorname", "kommune", "funktion", "unterschrift"],
        blank_rows=8, landscape=True,
    )
    assert document.kind == "sign_in_list" and document.page_count >= 2
    assert document.suggested_file_name == (
        "Teilnehmerliste Werkstattgespräch Inklusive Quartiere 25.10.2017.pdf"
    )
    issued = services.documents.record_issue(document)
    [row] = services.documents.list_issued(entity_type="event", entity_id=ulm)
    assert row.id == issued and row.kind == "sign_in_list" and row.page_count == document.page_count
    again = services.documents.reprint_document(issued)
    assert again.pdf == document.pdf
    assert render_stored("sign_in_list", again.snapshot).pdf == document.pdf
    with pytest.raises(ValidationError, match="Spalte „telefon“"):
        services.events.get_sign_in_list(ulm, columns=["nr", "telefon"])


def test_certificates_for_those_who_attended(services: Any, ulm: int) -> None:
    attended = [r for r in services.events.list_registrations(ulm)
                if r.status is RegistrationStatus.ATTENDED]
    document = services.events.render_attendance_certificates(ulm)
    assert document.page_count == len(attended) == 50
    assert set(document.recipient_ids) == {r.person_id for r in attended}
    snapshot = document.snapshot
    assert snapshot["signatory_name"] == "Benjamin Lachat"  # the office's signatory
    assert snapshot["signatory_function"] == "Dezernent"
    assert snapshot["issue_place"] == "Stuttgart"
    assert snapshot["information"]["name"] == "Christiane Conzen"
    assert "Mittagspause" not in snapshot["topics"] and "Begrüßung" not in snapshot["topics"]
    assert "Praxisberichte aus den Kommunen" in snapshot["topics"]
    sentences = [c["sentence"] for c in snapshot["certificates"]]
    assert all("hat am Mittwoch, 25. Oktober 2017, in Ulm am Werkstattgespräch „Inklusive "
               "Quartiere“ teilgenommen (10:00–16:00 Uhr, 5 Zeitstunden)." in s
               for s in sentences)
    assert sum(bool(c["address"]) for c in snapshot["certificates"]) >= 45
    issued = services.documents.record_issue(document)
    assert services.documents.reprint(issued) == document.pdf
    singles = services.events.render_attendance_certificates_per_person(ulm)
    assert len(singles) == 50 and all(s.page_count == 1 for s in singles)
    assert singles[0].suggested_file_name.startswith("Teilnahmebescheinigung ")
    assert singles[0].recipient_names[0] in singles[0].suggested_file_name


def test_no_certificates_before_anyone_attended(services: Any, ulm: int) -> None:
    planned = [e for e in services.events.list_events() if e.starts_at.year == 2018]
    with pytest.raises(ValidationError, match="niemand als „teilgenommen“"):
        services.events.render_attendance_certificates(planned[0].id)


def test_needs_summary_counts_and_names(services: Any, ulm: int) -> None:
    summary = services.events.needs_summary(ulm)
    document = services.events.render_needs_summary(ulm)
    text = _text(document.pdf)
    for need in summary.counts:
        assert f"{need.count} × {need.label}" in text
    assert summary.delete_after is not None
    day = format_date_de(summary.delete_after)
    assert f"am {day} gelöscht" in text.replace("\n", " ")
    names = [n.name for n in services.events.named_needs(ulm)]
    assert names and not any(name in text for name in names)
    named = services.events.render_needs_summary(ulm, named=True)
    named_text = _text(named.pdf)
    assert all(name in named_text for name in names)
    assert named.kind == "needs_summary" and named.snapshot["is_named"]


def test_everything_passes_verapdf(services: Any, ulm: int, verapdf_checker: Any,
                                   tmp_path: Path) -> None:
    events = services.events
    documents = {
        "list": events.render_sign_in_list(ulm, blank_rows=5).pdf,
        "list-landscape": events.render_sign_in_list(
            ulm, columns=["nr", "name", "vorname", "titel", "kommune", "funktion",
                          "begleitung", "unterschrift"], landscape=True, sort="municipality").pdf,
        "certificates": events.render_attendance_certificates(ulm).pdf,
        "certificate-one": events.render_attendance_certificates_per_person(ulm)[0].pdf,
        "needs": events.render_needs_summary(ulm).pdf,
        "needs-named": events.render_needs_summary(ulm, named=True).pdf,
    }
    paths = []
    for name, pdf in documents.items():
        path = tmp_path / f"{name}.pdf"
        path.write_bytes(pdf)
        paths.append(path)
    results = verapdf_checker.validate(paths, profiles=("ua1", "2a"))
    assert [r.summary() for r in results if not r.compliant] == []


def test_command_line(services: Any, ulm: int, database_url: str, tmp_path: Path,
                      capsys: pytest.CaptureFixture[str]) -> None:
    db = ["--database-url", database_url]
    out = tmp_path / "liste.pdf"
    assert main([*db, "print", "sign-in-list", str(ulm), "--out", str(out),
                 "--columns", "nr,name,vorname", "kommune", "unterschrift",
                 "--sort", "municipality", "--blank", "4", "--landscape"]) == 0
    assert out.read_bytes().startswith(b"%PDF") and "54 Personen" in capsys.readouterr().out
    folder = tmp_path / "einzeln"
    assert main([*db, "print", "certificates", str(ulm), "--out", str(tmp_path / "alle.pdf"),
                 "--per-recipient", str(folder)]) == 0
    files = sorted(p.name for p in folder.iterdir())
    assert len(files) == 50 and all(f.startswith("Teilnahmebescheinigung ") for f in files)
    assert not any(set(f) & set('/\\:*?"<>|') for f in files)
    assert main([*db, "print", "needs-summary", str(ulm), "--out", str(tmp_path / "b.pdf"),
                 "--named"]) == 0
    kinds = [row.kind for row in services.documents.list_issued(entity_type="event",
                                                                entity_id=ulm)]
    assert kinds.count("attendance_certificates") == 51
    assert {"sign_in_list", "needs_summary"} <= set(kinds)
    capsys.readouterr()
    assert main([*db, "print", "sign-in-list", str(ulm), "--out", str(out),
                 "--columns", "nr", "telefon"]) == 1
    assert "Die Spalte „telefon“ gibt es nicht" in capsys.readouterr().err
    assert main([*db, "print", "needs-summary", "999", "--out", str(out)]) == 1
    assert "Die Veranstaltung Nr. 999 gibt es nicht" in capsys.readouterr().err
    assert main([*db, "print", "certificates", str(ulm), "--out", str(tmp_path / "x.txt")]) == 1
    assert "muss auf .pdf enden" in capsys.readouterr().err
    with pytest.raises(SystemExit) as usage:
        main([*db, "print", "certificates", str(ulm)])
    assert usage.value.code == 2
