"""Contact import (dry run, commit, all-or-nothing) and export round trip."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from sqlalchemy import func, select

from beratung.domain.errors import UserError
from beratung.domain.models import AuditEntry, Organisation, Person
from beratung.domain.rules.sorting import sort_key
from beratung.services.contact_io import ImportOptions

DATA = Path(__file__).resolve().parents[1] / "data"

SMALL_CSV = (
    "Anrede;Vorname;Nachname;Firma;Position;E-Mail-Adresse;Postleitzahl geschäftlich;"
    "Ort geschäftlich;Kategorien\r\n"
    "Frau;Anna;Müller;Stadt Ulm;Sozialdezernentin;anna.mueller@ulm.de;89073;Ulm;Presse\r\n"
    "Herr;Jan;Weber;Netzwerk Inklusion;Vorsitzender;jan@netzwerk.de;70173;Stuttgart;\r\n"
    "Frau;Eva;Falsch;;;eva@;;;\r\n"
).encode("cp1252")


def _count(services: Any, model: Any) -> int:
    with services.db.read() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def test_preview_detects_encoding_delimiter_and_mapping(services: Any) -> None:
    preview = services.contact_transfer.preview_import(SMALL_CSV, "kontakte.csv")
    assert preview.format == "csv" and preview.delimiter == ";"
    assert preview.encoding and "1252" in preview.encoding
    assert preview.headers[2] == "Nachname" and preview.mapping[2] == "nachname"
    assert preview.total_rows == 3 and preview.rows[0][2] == "Müller"


def test_dry_run_reports_each_row_and_writes_nothing(services: Any) -> None:
    report = services.contact_transfer.dry_run_import(SMALL_CSV, "kontakte.csv")
    assert [(ln.row, ln.action) for ln in report.lines] == [
        (2, "create"),
        (3, "create"),
        (4, "reject"),
    ]
    assert "Zeile 4" in report.lines[2].message and "E-Mail" in report.lines[2].message
    assert set(report.organisations_created) == {"Stadt Ulm", "Netzwerk Inklusion"}
    assert report.lists_created == ("Presse",)
    assert _count(services, Person) == 0 and _count(services, Organisation) == 0
    assert not report.committed


def test_rejected_row_blocks_the_commit_unless_skipped(services: Any) -> None:
    transfer = services.contact_transfer
    report = transfer.commit_import(SMALL_CSV, "kontakte.csv")
    assert not report.committed and report.rejected == 1
    assert _count(services, Person) == 0 and _count(services, AuditEntry) == 0
    report = transfer.commit_import(
        SMALL_CSV, "kontakte.csv", options=ImportOptions(skip_rejected=True)
    )
    assert report.committed and report.count("create") == 2
    assert _count(services, Person) == 2
    rows = services.contacts.list_persons()
    assert [(r.last_name, r.organisation, r.role) for r in rows] == [
        ("Müller", "Stadt Ulm", "Sozialdezernentin"),
        ("Weber", "Netzwerk Inklusion", "Vorsitzender"),
    ]
    assert rows[0].lists == ("Presse",)
    # Importing again: everything is known, nothing is created twice.
    again = transfer.dry_run_import(SMALL_CSV, "kontakte.csv")
    assert [ln.action for ln in again.lines] == ["unchanged", "unchanged", "reject"]


def test_outlook_csv_fixture(services: Any) -> None:
    path = DATA / "outlook_de_cp1252_semikolon.csv"
    if not path.exists():
        pytest.skip("Outlook-Beispieldatei fehlt")
    report = services.contact_transfer.dry_run_import(path.read_bytes(), path.name)
    actions = {ln.row: ln.action for ln in report.lines}
    assert actions[2] == "create"  # Dr. Anna Beispiel, Stadt Ulm
    assert "create" in actions.values()
    for line in report.lines:
        assert line.message.startswith(f"Zeile {line.row}")
    names = [ln.name for ln in report.lines]
    assert any("Müller-Lüdenscheidt" in n for n in names)
    assert any(n == "Städtetag Baden-Württemberg" for n in names)  # organisation-only row


def test_vcard_fixture_with_several_cards(services: Any) -> None:
    path = DATA / "kontakte_gemischt.vcf"
    if not path.exists():
        pytest.skip("vCard-Beispieldatei fehlt")
    report = services.contact_transfer.dry_run_import(path.read_bytes(), path.name)
    actions = {ln.row: ln.action for ln in report.lines}
    assert actions[1] == "create" and report.lines[0].name.startswith("Jürgen Müller")
    assert actions[4] == "reject" and "Karl Kaputt" in report.lines[3].message
    assert actions[6] == "reject"
    assert len(report.lines) == 6
    assert report.format == "vcf"


def test_xlsx_import(services: Any) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Nachname", "Vorname", "Organisation", "Funktion", "E-Mail", "PLZ", "Ort"])
    ws.append(
        [
            "Beispiel",
            "Alex",
            "Gemeinde Aidlingen",
            "Bürgermeister",
            "alex@aidlingen.de",
            "71134",
            "Aidlingen",
        ]
    )
    ws.append(["", "", "", "", "ohne@name.de", "", ""])
    buffer = io.BytesIO()
    wb.save(buffer)
    report = services.contact_transfer.dry_run_import(buffer.getvalue(), "liste.xlsx")
    assert [(ln.row, ln.action) for ln in report.lines] == [(2, "create"), (3, "reject")]


def test_export_then_import_creates_no_duplicates(services: Any) -> None:
    transfer = services.contact_transfer
    transfer.commit_import(SMALL_CSV, "kontakte.csv", options=ImportOptions(skip_rejected=True))
    before = _count(services, Person)
    for fmt, name in (("csv", "export.csv"), ("xlsx", "export.xlsx"), ("vcf", "export.vcf")):
        data = transfer.export_contacts(fmt)
        report = transfer.commit_import(data, name)
        assert report.committed, fmt
        assert report.count("create") == 0, (fmt, [ln.message for ln in report.lines])
        assert {ln.action for ln in report.lines} <= {"unchanged", "update"}, fmt
    assert _count(services, Person) == before
    with services.db.read() as s:
        for person in s.scalars(select(Person)):
            assert person.sort_name == sort_key(person.last_name, person.first_name)
    presse = transfer.export_contacts("csv", list_name="Presse").decode("utf-8-sig")
    assert "Müller" in presse and "Weber" not in presse


def test_unknown_list_is_a_german_error(services: Any) -> None:
    with pytest.raises(UserError):
        services.contact_transfer.export_contacts("csv", list_name="Gibt es nicht")
