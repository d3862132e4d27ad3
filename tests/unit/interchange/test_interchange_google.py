"""Google Contacts CSV (issue 13, defect 1): the legacy export ("Given Name", "Phone 1 - Type",
"Organization 1 - Title" …) and the current one ("First Name", "Phone 1 - Label",
"Organization Name" …) land in the right fields; phone numbers go by the type cell beside them,
and an address comes from one "Address N" block only."""

from __future__ import annotations

from pathlib import Path

import pytest

from beratung.interchange import ContactRecord, map_rows, read_csv, suggest_mapping
from beratung.interchange.mapping import MappedRows

DATA = Path(__file__).resolve().parents[2] / "data"


def _mapped(name: str) -> MappedRows:
    table = read_csv((DATA / name).read_bytes(), filename=name)
    assert table.has_header and not table.problems
    return map_rows(table, suggest_mapping(table.headers, table.rows[:20]))


def _anna(record: ContactRecord) -> None:
    assert (record.titel, record.nachname) == ("Dr.", "Beispiel-Meier")
    assert record.organisation == "Landratsamt Tübingen"
    assert record.funktion == "Sozialdezernentin"
    assert record.abteilung == "Abteilung Soziales"
    assert record.telefon == "07071 207-1234"
    assert record.mobil == "0171 2345678"
    assert record.fax == "07071 207-1299"
    assert record.email == "anna.beispiel-meier@kreis-tuebingen.de"
    assert (record.strasse, record.plz, record.ort, record.land) == (
        "Wilhelm-Keil-Straße 50", "72072", "Tübingen", "Deutschland"
    )
    assert not record.address_is_private


def test_legacy_header_has_81_columns_and_maps_every_kept_field() -> None:
    mapped = _mapped("google_contacts_legacy.csv")
    anna, jan, _klaus = mapped.records
    assert len(read_csv((DATA / "google_contacts_legacy.csv").read_bytes(),
                        filename="g.csv").headers) == 81
    _anna(anna)
    assert anna.vorname == "Anna" and anna.notizen == "Ansprechpartnerin Eingliederungshilfe"
    # A mobile and a home number; the home number is the phone because there is no work one,
    # and the home address is the person's own.
    assert (jan.mobil, jan.telefon) == ("+49 160 9876543", "0711 123456")
    assert (jan.strasse, jan.plz, jan.ort) == ("Hauptstraße 5", "70173", "Stuttgart")
    assert jan.address_is_private


def test_work_address_in_the_second_block_wins_as_a_whole() -> None:
    mapped = _mapped("google_contacts_legacy.csv")
    klaus = mapped.records[2]
    assert klaus.titel == "Prof. Dr." and klaus.organisation == "Universität Hohenheim"
    # Street, postcode and town all from "Address 2" (Work), none from "Address 1" (Home).
    assert (klaus.strasse, klaus.plz, klaus.ort) == ("Schloss Hohenheim 1", "70593", "Stuttgart")
    assert not klaus.address_is_private
    notes = [p.message for p in mapped.problems if p.row == 4]
    assert any("Privatadresse („" in n and "“) nicht" in n for n in notes)
    # Google's " ::: " between two addresses in one cell: the first is kept, the other named.
    assert klaus.email == "k.oeztuerk@uni-hohenheim.de"
    assert any("klaus.oeztuerk@example.org" in n and "nicht übernommen" in n for n in notes)


def test_current_header() -> None:
    mapped = _mapped("google_contacts_current.csv")
    anna, fatma = mapped.records
    _anna(anna)
    assert anna.vorname == "Anna Maria" and anna.webseite == "https://www.kreis-tuebingen.de"
    assert (fatma.anrede, fatma.nachname, fatma.funktion) == ("Frau", "Yıldız", "Geschäftsführerin")
    assert fatma.mobil == "0152 33445566" and fatma.telefon is None
    assert [p.message for p in mapped.problems] == [
        "Zeile 3: Die weitere Telefonnummer „0176 99887766“ („Mobile“) wird nicht übernommen; "
        "übernommen ist „0152 33445566“.",
        "Systemgruppen des Adressbuchs werden nicht als Verteiler übernommen: „* myContacts“ "
        "(2 Zeilen).",
        "nicht übernommen: Spalte „Address 1 - Region“ (1 Wert) – keinem Feld zugeordnet.",
    ]


@pytest.mark.parametrize(
    ("kind", "field"),
    [("Mobile", "mobil"), ("* Mobile", "mobil"), ("Work Fax", "fax"), ("Home Fax", "fax"),
     ("Work", "telefon"), ("Main", "telefon"), ("", "telefon"), ("Home", "telefon")],
)
def test_phone_goes_by_its_type(kind: str, field: str) -> None:
    headers = ["Given Name", "Family Name", "Phone 1 - Type", "Phone 1 - Value"]
    data = (",".join(headers) + "\r\nEva,Roth," + kind + ",0711 1\r\n").encode()
    table = read_csv(data, filename="google.csv")
    (record,) = map_rows(table, suggest_mapping(table.headers)).records
    assert getattr(record, field) == "0711 1"


def test_home_phone_only_when_there_is_no_work_phone() -> None:
    headers = ["Given Name", "Family Name", "Phone 1 - Type", "Phone 1 - Value",
               "Phone 2 - Type", "Phone 2 - Value"]
    data = (",".join(headers) + "\r\nEva,Roth,Home,0711 1,Work,0711 2\r\n").encode()
    table = read_csv(data, filename="google.csv")
    (record,) = map_rows(table, suggest_mapping(table.headers)).records
    assert record.telefon == "0711 2"
