"""Data protection over the demo data, on SQLite and PostgreSQL: a person's data report
(Art. 15) finds everything through the reference walker, including audit entries and issued
documents that name the person, and is a tagged PDF plus JSON; erasure (Art. 17) leaves no
trace of the name or e-mail address anywhere in the database while the consultations per
municipality stay exactly as they were."""

from __future__ import annotations

import contextlib
import json
import logging
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, inspect, select, text

from beratung.domain.errors import UserError
from beratung.domain.events import AccessibilityNeed, Registration
from beratung.domain.records import AuditEntry
from beratung.domain.rules.search import full_text_fold
from beratung.domain.work import Consultation, consultation_person
from beratung.services import Services
from beratung.services.base import ServiceContext
from beratung.services.demo import DemoService

NOW = datetime(2026, 3, 10, 9, 30, tzinfo=UTC)


def _demo(services: Services) -> None:
    context = ServiceContext(db=services.db, paths=services.paths, user="Testerin",
                             clock=lambda: NOW)
    DemoService(context).create()


def _subject(services: Services) -> dict[str, Any]:
    """A demo person with everything: needs at an event they attended, and consultations."""
    with services.db.read() as s:
        with_needs = select(Registration.person_id).join(
            AccessibilityNeed, AccessibilityNeed.registration_id == Registration.id
        )
        consulted = select(consultation_person.c.person_id)
        person_id = s.scalar(
            select(Registration.person_id)
            .where(
                Registration.person_id.in_(with_needs),
                Registration.person_id.in_(consulted),
                Registration.attended_at.is_not(None),
            )
            .order_by(Registration.person_id)
            .limit(1)
        )
        event_id = s.scalar(
            select(Registration.event_id).where(
                Registration.person_id == person_id, Registration.attended_at.is_not(None)
            )
        )
    assert person_id is not None and event_id is not None
    detail = services.contacts.get_person(person_id)
    return {"id": person_id, "event": event_id, "detail": detail}


def _name_the_person_everywhere(services: Services, subject: dict[str, Any]) -> None:
    """An audit entry, an issued certificate and a consultation note that name the person."""
    detail = subject["detail"]
    services.contacts.update_person(
        subject["id"], {"phone": "0731 161-0"}, expected_version=detail.version
    )
    for document in services.events.render_attendance_certificates_per_person(subject["event"]):
        services.documents.record_issue(document, action="gespeichert")
    with services.db.transaction() as s:
        consultation_id = s.scalar(
            select(consultation_person.c.consultation_id).where(
                consultation_person.c.person_id == subject["id"]
            )
        )
        s.execute(
            text("UPDATE consultation SET summary = :summary WHERE id = :id"),
            {
                "summary": f"Gespräch mit {detail.first_name} {detail.last_name} "
                f"({detail.email}) über das Quartier.",
                "id": consultation_id,
            },
        )


def test_export_finds_everything_and_is_a_tagged_pdf_with_json(
    services: Services, tmp_path: Path, verapdf_checker: Any
) -> None:
    _demo(services)
    subject = _subject(services)
    _name_the_person_everywhere(services, subject)
    detail = subject["detail"]

    result = services.privacy.export_person(subject["id"], tmp_path / "auskunft.pdf")

    assert result.pdf_path == tmp_path / "auskunft.pdf"
    assert result.json_path == tmp_path / "auskunft.json"
    assert (result.pdf_path.stat().st_mode & 0o777) == 0o600
    data = json.loads(result.json_path.read_text(encoding="utf-8"))
    assert data["person"]["last_name"] == detail.last_name
    refs = data["references"]
    assert refs["registration"] and refs["registration"][0]["links"]["event_id"]["label"]
    needs = [
        need for reg in refs["registration"]
        for need in reg.get("children", {}).get("accessibility_need", [])
    ]
    assert needs, "the needs of the registrations are part of the report"
    assert refs["consultation_person"][0]["consultation"]["organisation_id"]
    assert refs["consultation_person"][0]["links"]["organisation_id"]["label"]
    assert refs["affiliation"]
    assert refs["issued_document_recipient"], "the certificate names the person as recipient"
    assert any(e["entity_type"] == "person" for e in data["audit_entries"])
    assert any(d["kind"] == "attendance_certificates" for d in data["issued_documents"])
    counts = dict(result.counts)
    assert counts["Einladungen und Anmeldungen"] >= 1 and counts["Beratungen"] >= 1

    import pdfplumber

    with pdfplumber.open(result.pdf_path) as pdf:
        words = " ".join(page.extract_text() or "" for page in pdf.pages)
    for expected in ("Auskunft über gespeicherte Daten", "Stammdaten", "Bedarf",
                     "Änderungsprotokoll", "Teilnahmebescheinigung", detail.last_name):
        assert expected in words
    # The record of processing activities (Art. 30) from the demo's office profile too.
    record, pages = services.privacy.write_processing_record(tmp_path / "verzeichnis.pdf")
    assert pages >= 2
    with pdfplumber.open(record) as pdf:
        words = " ".join(page.extract_text() or "" for page in pdf.pages)
    for expected in ("Verzeichnis von Verarbeitungstätigkeiten", "Städtetag Baden-Württemberg",
                     "4 Wochen nach der Veranstaltung", "nach 10 Jahren", "0600"):
        assert expected in words
    results = verapdf_checker.validate([result.pdf_path, record], profiles=("ua1", "2a"))
    assert [r.summary() for r in results if not r.compliant] == []
    assert len(results) == 4

    # The export itself is audited, by number only.
    with services.db.read() as s:
        last = s.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
        assert last is not None and last.action.value == "export"
        assert detail.last_name not in last.summary


def _consultations_per_organisation(services: Services) -> dict[int | None, int]:
    with services.db.read() as s:
        rows = s.execute(
            select(Consultation.organisation_id, func.count(Consultation.id)).group_by(
                Consultation.organisation_id
            )
        ).all()
    return {org: int(count) for org, count in rows}


def _every_text_in_the_database(services: Services) -> str:
    """All values of every table (FTS shadow tables included), as folded text."""
    engine = services.db.engine
    parts: list[str] = []
    with engine.connect() as conn:
        for table in inspect(engine).get_table_names():
            for row in conn.execute(text(f'SELECT * FROM "{table}"')):
                for value in row:
                    if isinstance(value, str) and value[:1] in "[{":
                        with contextlib.suppress(ValueError):
                            value = json.loads(value)
                    if isinstance(value, dict | list):
                        value = json.dumps(value, ensure_ascii=False)
                    if isinstance(value, str):
                        parts.append(value.casefold())
    return "\n".join(parts)


def test_erase_leaves_no_trace_and_keeps_the_statistics(
    services: Services, caplog: pytest.LogCaptureFixture
) -> None:
    _demo(services)
    subject = _subject(services)
    _name_the_person_everywhere(services, subject)
    detail = subject["detail"]
    before = _consultations_per_organisation(services)
    stats_before = services.statistics.consultation_statistics(
        datetime(2016, 1, 1).date(), datetime(2018, 12, 31).date()
    )
    # The last name alone may be a namesake's (the demo has two Bühlers).
    traces = [
        detail.email,
        f"{detail.first_name} {detail.last_name}",
        f"{detail.last_name}, {detail.first_name}",
    ]
    everything = _every_text_in_the_database(services)
    assert all(t.casefold() in everything for t in traces[:2])

    with caplog.at_level(logging.DEBUG, logger="beratung"):
        result = services.privacy.erase_person(subject["id"])
    assert "erased" in caplog.text
    for trace in (detail.email, detail.last_name):
        assert trace not in caplog.text, "the log names people by number only"

    assert result.placeholder == f"Gelöschte Person #{subject['id']}"
    assert dict(result.kept)["Beratungen"] >= 1
    assert result.needs_deleted >= 1 and result.documents >= 1 and result.audit_entries >= 1
    assert _consultations_per_organisation(services) == before
    stats_after = services.statistics.consultation_statistics(
        datetime(2016, 1, 1).date(), datetime(2018, 12, 31).date()
    )
    assert stats_after.totals == stats_before.totals
    assert stats_after.by_kreis == stats_before.by_kreis

    everything = _every_text_in_the_database(services)
    for trace in traces:
        assert trace.casefold() not in everything, trace
        assert full_text_fold(trace) not in everything, trace
    erased = services.contacts.get_person(subject["id"])
    assert erased.last_name == result.placeholder and erased.email is None
    assert erased.erased_at is not None
    with pytest.raises(UserError, match="bereits anonymisiert"):
        services.privacy.erase_person(subject["id"])
