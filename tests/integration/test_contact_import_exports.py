"""Importing real exporters' files through the service (issue 13, defects 1–3): Google Contacts
CSV (legacy, 81 columns, and current) and Android/KDE vCards with cards that have no family
name. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from beratung.cli import main
from beratung.domain.models import Organisation, Person

DATA = Path(__file__).resolve().parents[1] / "data"


def _persons(services: Any) -> dict[str, Person]:
    with services.db.read() as s:
        return {p.last_name: p for p in s.scalars(select(Person))}


def _organisations(services: Any) -> dict[str, Organisation]:
    with services.db.read() as s:
        return {o.name: o for o in s.scalars(select(Organisation))}


def _digits(text: str | None) -> str:
    return "".join(ch for ch in text or "" if ch.isdigit())


def _legacy_rows(*names: str) -> bytes:
    """The legacy Google fixture with only the rows of the given family names, as Google
    writes it (comma, CRLF, multi-line quoted "Formatted" addresses)."""
    text = (DATA / "google_contacts_legacy.csv").read_text(encoding="utf-8")
    header, *rows = csv.reader(io.StringIO(text, newline=""))
    family = header.index("Family Name")
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(row for row in rows if row[family] in names)
    return out.getvalue().encode("utf-8")


def test_google_legacy_csv_stores_phones_organisation_title_and_address(services: Any) -> None:
    data = (DATA / "google_contacts_legacy.csv").read_bytes()
    report = services.contact_transfer.commit_import(data, "contacts.csv")
    assert report.committed, [ln.message for ln in report.lines]
    assert [ln.action for ln in report.lines] == ["create", "create", "create"]
    persons = _persons(services)
    anna = persons["Beispiel-Meier"]
    assert anna.title == "Dr." and anna.first_name == "Anna"
    assert _digits(anna.phone) == "070712071234" and _digits(anna.mobile) == "01712345678"
    assert _digits(anna.fax) == "070712071299"
    orgs = _organisations(services)
    kreis = orgs["Landratsamt Tübingen"]
    assert (kreis.street, kreis.postcode, kreis.town) == (
        "Wilhelm-Keil-Straße 50", "72072", "Tübingen"
    )
    jan = persons["Weber"]
    assert (jan.street, jan.postcode, jan.town) == ("Hauptstraße 5", "70173", "Stuttgart")
    assert _digits(jan.mobile) == "491609876543"
    uni = orgs["Universität Hohenheim"]
    assert (uni.street, uni.postcode) == ("Schloss Hohenheim 1", "70593")
    rows = {r.last_name: r for r in services.contacts.list_persons()}
    assert rows["Beispiel-Meier"].role == "Sozialdezernentin"
    assert rows["Öztürk"].role == "Professor für Agrarökonomie"


def test_google_current_csv(services: Any) -> None:
    data = (DATA / "google_contacts_current.csv").read_bytes()
    report = services.contact_transfer.commit_import(data, "contacts.csv")
    assert report.committed and report.count("create") == 2
    fatma = _persons(services)["Yıldız"]
    assert _digits(fatma.mobile) == "015233445566"
    assert any("0176 99887766" in w for ln in report.lines for w in ln.warnings)


def test_google_81_columns_with_mobile_and_home_values_one_row(services: Any) -> None:
    data = _legacy_rows("Weber")
    assert b"Mobile" in data and b"* Home" in data
    report = services.contact_transfer.commit_import(data, "contacts.csv")
    assert report.committed and [ln.action for ln in report.lines] == ["create"]
    assert report.summary() == "1 Zeile: 1 neu"
    assert set(_persons(services)) == {"Weber"}


def test_google_81_columns_two_rows_saves_both(services: Any) -> None:
    data = _legacy_rows("Weber", "Beispiel-Meier")
    report = services.contact_transfer.commit_import(data, "contacts.csv")
    assert report.committed
    assert all("Systemgruppen" in p or "nicht übernommen" in p for p in report.file_problems)
    assert report.summary() == "2 Zeilen: 2 neu"
    assert set(_persons(services)) == {"Weber", "Beispiel-Meier"}


def test_cli_header_row_option(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db_path = str(tmp_path / "cli.sqlite")
    assert main(["--db", db_path, "db", "upgrade"]) == 0  # made on purpose
    source = tmp_path / "unklar.csv"
    source.write_bytes(b"Kontakt;Typ;Typ 2\r\nWeber;Mobile;Fax\r\n")
    assert main(["--db", db_path, "contacts", "import", str(source)]) == 1
    err = capsys.readouterr().err
    assert "nicht sicher zu erkennen" in err and "--header-row" in err
    assert main(["--db", db_path, "contacts", "import", str(source), "--header-row", "1"]) == 0
    out = capsys.readouterr().out
    assert "1 Zeile: 1 neu" in out and "Import gespeichert" in out
    with pytest.raises(SystemExit):
        main(["--db", db_path, "contacts", "import", str(source), "--header-row", "x"])
    assert "keine Zeilennummer" in capsys.readouterr().err


def test_android_vcards_without_family_name_are_saved_with_warnings(services: Any) -> None:
    data = (DATA / "android_ohne_nachname.vcf").read_bytes()
    report = services.contact_transfer.commit_import(data, "Kontakte.vcf")
    assert report.committed and report.rejected == 0
    assert [(ln.row, ln.action) for ln in report.lines] == [
        (1, "create"), (2, "create"), (3, "create"), (4, "skip"), (5, "create"),
    ]
    assert report.summary() == "5 Karten: 4 neu, 1 übersprungen"
    mama = report.lines[0]
    assert any(w.startswith("Karte 1:") and "„Mama“" in w for w in mama.warnings)
    assert report.lines[3].message.startswith("Karte 4:")
    assert not report.file_problems
    assert set(_persons(services)) == {
        "Mama", "Schneider", "hausmeister.sued@example.org", "Jürgen",
    }


def test_kde_vcards_without_family_name(services: Any) -> None:
    data = (DATA / "kde_ohne_nachname.vcf").read_bytes()
    report = services.contact_transfer.commit_import(data, "adressbuch.vcf")
    assert report.committed and report.count("create") == 3
    persons = _persons(services)
    assert persons["Oma Hilde"].email == "oma.hilde@example.de"
    assert persons["Keller"].title == "Dr."


def test_cli_imports_a_vcard_file_with_nameless_cards(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db_path = str(tmp_path / "cli.sqlite")
    assert main(["--db", db_path, "db", "upgrade"]) == 0  # made on purpose
    source = tmp_path / "android.vcf"
    source.write_bytes((DATA / "android_ohne_nachname.vcf").read_bytes())
    assert main(["--db", db_path, "contacts", "import", str(source)]) == 0
    out = capsys.readouterr().out
    assert "Karte 1: Die Karte hat keinen Nachnamen" in out
    assert "5 Karten: 4 neu, 1 übersprungen." in out and "Import gespeichert" in out
