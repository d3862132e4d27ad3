"""Name badges and address labels from the demo's Werkstattgespräch in Ulm (25.10.2017), on
SQLite and PostgreSQL: who is on them, in which order, the remembered nudge, the log of issued
documents and its exact reprint, veraPDF, and ``beratung print badges|labels``."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pdfplumber
import pytest

from beratung.cli import main
from beratung.domain.enums import RegistrationStatus
from beratung.domain.errors import ValidationError
from beratung.domain.sheets import SheetNudge
from beratung.services.base import ServiceContext
from beratung.services.demo import DemoService

NOW = datetime(2026, 3, 10, 9, 30, tzinfo=UTC)


@pytest.fixture
def ulm(services: Any) -> int:
    """The demo, and the id of its Werkstattgespräch in Ulm."""
    context = ServiceContext(db=services.db, paths=services.paths, user="Testerin",
                             clock=lambda: NOW)
    DemoService(context).create()
    [event] = [row for row in services.events.list_events()
               if row.starts_at.date() == date(2017, 10, 25)]
    return int(event.id)


def _texts(pdf: bytes) -> list[str]:
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        return [page.extract_text() or "" for page in doc.pages]


def test_badges_for_the_registered_and_attended_sorted_by_name(services: Any, ulm: int) -> None:
    rows = services.events.list_registrations(ulm)
    expected = [row for row in rows
                if row.status in (RegistrationStatus.REGISTERED, RegistrationStatus.ATTENDED)]
    snapshot = services.sheets.get_badge_snapshot(ulm, qr=True, blank=2)
    named = [badge for badge in snapshot.badges if badge.name]
    assert len(named) == len(expected) > 0
    assert len(snapshot.badges) == len(named) + 2
    assert {badge.code for badge in named} == {row.code for row in expected}
    assert snapshot.event_line == "Werkstattgespräch Inklusive Quartiere · 25.10.2017 · Ulm"
    assert all(badge.organisation for badge in named)
    # Alphabetical by surname, as at the welcome table.
    surnames = [badge.name.split()[-1] for badge in named]
    assert surnames[0] <= surnames[-1]
    without_qr = services.sheets.get_badge_snapshot(ulm)
    assert all(badge.code is None for badge in without_qr.badges)


def test_badges_are_logged_and_reprint_exactly(services: Any, ulm: int) -> None:
    document = services.sheets.render_badges(ulm, qr=True, start=3)
    assert document.kind == "badges" and document.entity_id == ulm
    assert document.page_count == len(_texts(document.pdf)) >= 2
    issued = services.documents.record_issue(document)
    [row] = services.documents.list_issued(entity_type="event", entity_id=ulm)
    assert (row.id, row.kind) == (issued, "badges")
    assert services.documents.reprint_document(issued).pdf == document.pdf
    from beratung.documents import registry

    assert registry.render_stored("badges", document.snapshot).pdf == document.pdf
    assert services.documents.kind_label("badges") == "Namensschilder"


def test_labels_for_the_invitees_sorted_by_postcode_and_for_a_status(
    services: Any, ulm: int
) -> None:
    rows = services.events.list_registrations(ulm)
    document = services.sheets.render_event_labels(ulm, sheet="zweckform-3490", start=2)
    assert len(document.recipient_ids) == len(rows)
    snapshot = services.sheets.get_event_label_snapshot(ulm)
    postcodes = [next(part for part in lines[-1].split() if part.isdigit())
                 for lines in snapshot.labels]
    assert postcodes == sorted(postcodes)
    assert all(len(lines) <= 6 for lines in snapshot.labels)
    attended = services.sheets.get_event_label_snapshot(
        ulm, statuses=[RegistrationStatus.ATTENDED])
    assert len(attended.labels) == sum(r.status == RegistrationStatus.ATTENDED for r in rows)
    issued = services.documents.record_issue(document)
    assert set(services.documents.reprint_document(issued).recipient_ids) == set(
        document.recipient_ids)


def test_labels_for_a_distribution_list(services: Any, ulm: int) -> None:
    lists = services.contacts.list_distribution_lists()
    target = next(row for row in lists if row.name == "Presse")
    document = services.sheets.render_list_labels(target.id, sheet="avery-l7163")
    assert document.entity_type == "distribution_list"
    assert len(document.recipient_ids) == len(set(document.recipient_ids)) > 0
    assert document.title == "Adressetiketten: Verteiler Presse"


def test_the_nudge_is_remembered_per_sheet_and_used_when_none_is_given(
    services: Any, ulm: int
) -> None:
    sheets = services.sheets
    assert sheets.get_sheet_nudge("zweckform-3475") == SheetNudge()
    sheets.set_sheet_nudge("zweckform-3490", SheetNudge(1.5, -0.5))  # the same sheet type
    assert sheets.get_sheet_nudge("zweckform-3475") == SheetNudge(1.5, -0.5)
    assert sheets.get_sheet_nudge("zweckform-3474") == SheetNudge()
    sheets.set_sheet_nudge("durable-1445-02", SheetNudge(0, 2))
    assert sheets.get_event_label_snapshot(ulm).nudge == SheetNudge(1.5, -0.5)
    assert sheets.get_badge_snapshot(ulm).nudge == SheetNudge(0, 2)
    assert sheets.get_badge_snapshot(ulm, nudge=SheetNudge()).nudge == SheetNudge()
    with pytest.raises(ValidationError, match="Bekannt sind"):
        sheets.set_sheet_nudge("durable-0000", SheetNudge())


def test_a_bad_start_or_an_event_without_registrations_is_refused(
    services: Any, ulm: int
) -> None:
    with pytest.raises(ValidationError, match="1 bis 10"):
        services.sheets.render_badges(ulm, start=11)
    future = next(row for row in services.events.list_events()
                  if row.starts_at.date() == date(2018, 4, 18))
    with pytest.raises(ValidationError, match="noch niemand angemeldet"):
        services.sheets.render_badges(future.id)


def test_sheets_printed_from_the_demo_pass_verapdf(
    services: Any, ulm: int, verapdf_checker: Any, tmp_path: Path
) -> None:
    presse = next(r for r in services.contacts.list_distribution_lists() if r.name == "Presse")
    documents = {
        "badges-1445-qr": services.sheets.render_badges(ulm, qr=True, start=3, blank=1),
        "badges-1453-qr": services.sheets.render_badges(ulm, sheet="durable-1453-02", qr=True),
        "labels-3475": services.sheets.render_event_labels(ulm, start=2),
        "labels-l7163": services.sheets.render_list_labels(presse.id, sheet="avery-l7163"),
    }
    paths = []
    for name, document in documents.items():
        path = tmp_path / f"{name}.pdf"
        path.write_bytes(document.pdf)
        paths.append(path)
    results = verapdf_checker.validate(paths, profiles=("ua1", "2a"))
    assert [r.summary() for r in results if not r.compliant] == []
    assert len(results) == 2 * len(paths)


# --- the command line ---------------------------------------------------------------------------


def test_print_badges_and_labels_on_the_command_line(
    services: Any, ulm: int, database_url: str, tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    cli = ["--database-url", database_url, "print"]
    out = tmp_path / "schilder.pdf"
    assert main([*cli, "badges", str(ulm), "--out", str(out), "--qr", "--start", "9"]) == 0
    assert "Namensschilder (" in capsys.readouterr().out
    assert out.read_bytes().startswith(b"%PDF")
    assert [row.kind for row in services.documents.list_issued()] == ["badges"]

    labels = tmp_path / "etiketten.pdf"
    assert main([*cli, "labels", "--event", str(ulm), "--out", str(labels),
                 "--sheet", "avery-l7160", "--nudge-x", "-1.5"]) == 0
    assert "Adressetiketten (" in capsys.readouterr().out
    assert services.sheets.get_sheet_nudge("avery-l7160") == SheetNudge(-1.5, 0)
    assert main([*cli, "labels", "--list", "presse", "--out", str(labels)]) == 0
    assert "Avery" not in capsys.readouterr().out

    assert main([*cli, "labels", "--event", str(ulm), "--out", str(labels),
                 "--status", "attended"]) == 0
    capsys.readouterr()


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["badges", "{ulm}", "--sheet", "durable-9999"], "Bekannt sind: durable-1445-02"),
        (["badges", "{ulm}", "--start", "11"], "Die Startposition 11 gibt es nicht"),
        (["labels", "--event", "{ulm}", "--start", "25"], "hat 24 Etiketten"),
        (["labels", "--list", "Gibt es nicht"], "Einen Verteiler „Gibt es nicht“ gibt es nicht"),
        (["labels", "--event", "{ulm}", "--nudge-y", "12"], "±10 mm"),
        (["badges", "9999"], "Die Veranstaltung Nr. 9999 gibt es nicht"),
    ],
)
def test_bad_input_is_one_german_sentence_and_exit_status_1(
    services: Any, ulm: int, database_url: str, tmp_path: Path,
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str,
) -> None:
    args = [a.replace("{ulm}", str(ulm)) for a in argv]
    code = main(["--database-url", database_url, "print", *args,
                 "--out", str(tmp_path / "x.pdf")])
    assert code == 1
    assert message in capsys.readouterr().err
    assert not (tmp_path / "x.pdf").exists()
