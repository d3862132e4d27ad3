"""CSV reading and writing with the files the advisor really has."""

from __future__ import annotations

from pathlib import Path

import pytest

from beratung.domain.errors import ValidationError
from beratung.interchange import (
    EXPORT_HEADERS,
    ContactRecord,
    apply_mapping,
    check_record,
    read_csv,
    suggest_mapping,
    write_contacts_csv,
    write_table_csv,
)

DATA = Path(__file__).resolve().parents[2] / "data"


def _records(path: Path) -> list[ContactRecord]:
    table = read_csv(path.read_bytes(), filename=path.name)
    return apply_mapping(table, suggest_mapping(table.headers))


def test_german_outlook_export_in_windows_1252_with_semicolons() -> None:
    path = DATA / "outlook_de_cp1252_semikolon.csv"
    table = read_csv(path.read_bytes(), filename=path.name)
    assert table.encoding == "Windows-1252"
    assert table.delimiter == ";"
    assert table.has_header
    assert len(table.headers) == 91
    assert table.row_numbers == [2, 3, 4, 5, 6]
    assert table.problems == []

    mapping = suggest_mapping(table.headers)
    mapped = {table.headers[i]: f for i, f in mapping.items() if f}
    assert mapped["Nachname"] == "nachname"
    assert mapped["Firma"] == "organisation"
    assert mapped["Position"] == "funktion"
    assert mapped["Straße geschäftlich"] == "strasse"
    assert mapped["Postleitzahl geschäftlich"] == "plz"
    assert mapped["Ort geschäftlich"] == "ort"
    assert mapped["E-Mail-Adresse"] == "email"
    assert mapped["Kategorien"] == "verteiler"
    assert "Ort" not in mapped  # business beats the rest
    # The private block is the fallback for rows without a business address.
    assert mapped["Straße privat"] == "strasse_privat"
    assert mapped["Postleitzahl privat"] == "plz_privat"
    assert mapped["Telefon privat"] == "telefon_privat"
    assert "E-Mail 2: Adresse" not in mapped

    anna, juergen, sabine, klaus, staedtetag = apply_mapping(table, mapping)
    assert (anna.anrede, anna.titel, anna.vorname, anna.nachname) == ("Frau", "Dr.", "Anna",
                                                                      "Beispiel")
    assert anna.notizen == (
        "Ansprechpartnerin für „Quartier 2020“ – Werkstattgespräch am 25.10.2017\n"
        "Raummiete 50 € übernimmt die Stadt"
    )
    assert anna.verteiler == "Presse;Inklusive Quartiere"
    assert anna.source_row == 2
    assert juergen.vorname == "Jürgen Karl-Heinz"  # "Weitere Vornamen" is kept
    assert juergen.nachname == "Müller-Lüdenscheidt"
    assert sabine.funktion == "Sachgebietsleiterin „Teilhabe“"
    assert (klaus.anrede, klaus.titel, klaus.plz) == ("Herr", "Prof.", "1307")
    assert staedtetag.nachname is None and staedtetag.organisation == "Städtetag Baden-Württemberg"

    assert check_record(anna) == []
    assert check_record(staedtetag) == []
    [plz_warning] = check_record(klaus)
    assert plz_warning.severity == "warning" and plz_warning.field == "plz"
    assert "01307" in plz_warning.message and "Zeile 5" in plz_warning.message


def test_english_outlook_export_in_utf8_with_bom_and_commas() -> None:
    path = DATA / "outlook_en_utf8bom_komma.csv"
    table = read_csv(path.read_bytes(), filename=path.name)
    assert (table.encoding, table.delimiter) == ("UTF-8 (mit BOM)", ",")
    assert table.headers[0] == "Title"  # BOM not glued to the first header
    renate, thomas, peter = apply_mapping(table, suggest_mapping(table.headers))
    assert (renate.anrede, renate.vorname, renate.nachname) == ("Mrs.", "Renate", "Schäfer")
    assert renate.strasse == "Rathaus E 5, Room 12"
    assert renate.notizen == 'Met at "Quartier 2020" kick-off, Stuttgart'
    assert renate.funktion == "Head of Department"
    assert (thomas.anrede, thomas.titel) == (None, "Dr.")
    assert thomas.mobil == "+49 151 2345678"
    # Only a home address: the private block is taken as a whole (marked as private), and the
    # e-mail error is reported instead of the row vanishing.
    assert (peter.strasse, peter.plz, peter.ort) == ("Gartenweg 3", "73728", "Esslingen")
    assert peter.address_is_private and not renate.address_is_private
    problems = check_record(peter)
    assert [p.field for p in problems if p.severity == "error"] == ["email"]
    assert "peter.gross@example" in problems[0].message


def test_utf16_with_bom_from_outlook() -> None:
    text = "Vorname\tNachname\tFirma\r\nJürgen\tMüller\tStadt Ulm\r\n"
    table = read_csv(text.encode("utf-16"), filename="outlook.txt")
    assert table.encoding.startswith("UTF-16")
    assert table.delimiter == "\t"
    assert table.rows == [["Jürgen", "Müller", "Stadt Ulm"]]


def test_utf8_without_bom_and_excel_sep_line() -> None:
    data = b"sep=,\nName;Teil,E-Mail\nBeispiel;Anna,a@b.de\n"
    table = read_csv(data, filename="x.csv")
    assert table.delimiter == ","
    assert table.headers == ["Name;Teil", "E-Mail"]
    assert table.row_numbers == [2]


def test_quoted_field_with_embedded_newline_and_semicolon() -> None:
    data = 'Nachname;Notizen;Ort\r\nMüller;"Zeile 1\r\nZeile 2; mit ""Zitat"""; Ulm\r\n'.encode()
    table = read_csv(data, filename="n.csv")
    assert table.rows == [["Müller", 'Zeile 1\nZeile 2; mit "Zitat"', " Ulm"]]


def test_cp1252_special_characters_are_decoded() -> None:
    data = "Nachname;Notizen\r\nMüller;„Quartier“ – 50 €\r\n".encode("cp1252")
    table = read_csv(data, filename="n.csv")
    assert table.rows[0][1] == "„Quartier“ – 50 €"


@pytest.mark.parametrize("data", [b"", b"   \r\n\r\n", b"\xef\xbb\xbf", b";;;\r\n;;\r\n"])
def test_empty_file_is_refused_with_its_name(data: bytes) -> None:
    with pytest.raises(ValidationError) as caught:
        read_csv(data, filename="leer.csv")
    assert "„leer.csv“" in str(caught.value)
    assert "leer" in str(caught.value) or "keine Daten" in str(caught.value)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (bytes(range(256)) * 4, "Binärdaten"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "Binärdaten"),
        (b"PK\x03\x04\x14\x00\x06\x00", "ZIP-Archiv"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "alten Office-Format"),
    ],
)
def test_binary_file_given_as_csv_is_refused(data: bytes, expected: str) -> None:
    with pytest.raises(ValidationError) as caught:
        read_csv(data, filename="bild.csv")
    assert expected in str(caught.value)
    assert "„bild.csv“" in str(caught.value)


def test_header_less_csv_is_read_as_data_with_content_based_mapping() -> None:
    data = (
        "Anna Beispiel;a.beispiel@ulm.de;89073;Ulm\r\n"
        "Bernd Groß;b.gross@konstanz.de;78467;Konstanz\r\n"
    ).encode("cp1252")
    table = read_csv(data, filename="ohne_kopf.csv")
    assert not table.has_header
    assert table.headers == ["Spalte 1", "Spalte 2", "Spalte 3", "Spalte 4"]
    assert table.row_numbers == [1, 2]
    assert any("Kopfzeile" in p.message for p in table.problems)
    mapping = suggest_mapping(table.headers, table.rows)
    assert mapping[0] == "name" and mapping[1] == "email" and mapping[2] == "plz"
    anna = apply_mapping(table, mapping)[0]
    assert (anna.vorname, anna.nachname, anna.email, anna.plz) == (
        "Anna", "Beispiel", "a.beispiel@ulm.de", "89073")


def test_ragged_rows_are_padded_or_widened_and_reported() -> None:
    data = (
        "Vorname;Nachname;PLZ\r\n"
        "Anna;Beispiel;89073\r\n"
        "Bernd;Groß\r\n"
        "Carla;Dietz;70173;überzählig;auch das\r\n"
        "Doris;Ernst;79098;;\r\n"  # trailing empty fields from Excel: not a problem
    ).encode("cp1252")
    table = read_csv(data, filename="schief.csv")
    assert table.headers == ["Vorname", "Nachname", "PLZ", "Spalte 4", "Spalte 5"]
    assert table.rows[1] == ["Bernd", "Groß", "", "", ""]
    assert table.rows[2] == ["Carla", "Dietz", "70173", "überzählig", "auch das"]
    assert [(p.row, p.severity) for p in table.problems] == [(3, "warning"), (4, "warning")]
    assert "Zeile 3 hat nur 2 statt 3 Felder" in table.problems[0].message
    assert "Zeile 4 hat 5 statt 3 Felder" in table.problems[1].message


def test_title_row_above_header_is_skipped_and_reported() -> None:
    data = "Verteiler Werkstattgespräch Ulm;;\r\n;;\r\nNachname;E-Mail;Ort\r\nMüller;m@x.de;Ulm\r\n"
    table = read_csv(data.encode(), filename="t.csv")
    assert table.headers == ["Nachname", "E-Mail", "Ort"]
    assert table.row_numbers == [4]
    assert "Zeile 1 steht über der Kopfzeile" in table.problems[0].message


def test_unclosed_quote_is_refused_instead_of_swallowing_rows() -> None:
    data = 'Nachname;Notizen\r\nMüller;"offen\r\nMeier;zu\r\nSchulz;auch\r\n'.encode()
    with pytest.raises(ValidationError) as caught:
        read_csv(data, filename="q.csv")
    assert "Anführungszeichen" in str(caught.value) and "Zeile 2" in str(caught.value)


def test_only_a_header_is_refused() -> None:
    with pytest.raises(ValidationError, match="nur die Kopfzeile"):
        read_csv(b"Vorname;Nachname\r\n", filename="k.csv")


def test_contact_export_is_excel_friendly_and_reimports_with_automatic_mapping() -> None:
    record = ContactRecord(
        source_row=2, anrede="Frau", titel="Dr.", vorname="Anna", nachname="Beispiel",
        organisation="Stadt Ulm", plz="07111", notizen="Zeile 1\nZeile 2; „zitiert“",
        telefon="+49 731 161-0", verteiler="Presse;Inklusive Quartiere",
    )
    data = write_contacts_csv([record])
    assert data.startswith(b"\xef\xbb\xbf")
    text = data[3:].decode("utf-8")
    header_line = text.split("\r\n", 1)[0]
    assert header_line.split(";") == list(EXPORT_HEADERS.values())
    assert text.endswith("\r\n")
    assert "+49 731 161-0" in text  # phone numbers are not mistaken for formulas
    table = read_csv(data, filename="export.csv")
    mapping = suggest_mapping(table.headers)
    assert sorted(f for f in mapping.values() if f) == sorted(EXPORT_HEADERS)
    assert apply_mapping(table, mapping) == [record]


def test_formula_like_values_are_neutralised_for_excel_and_restored_on_import() -> None:
    record = ContactRecord(source_row=2, nachname="=HYPERLINK(\"x\")", notizen="@SUMME(A1)",
                           organisation="-Stadt", funktion="'=schon maskiert")
    data = write_contacts_csv([record])
    assert b"'=HYPERLINK" in data and b"'@SUMME" in data
    table = read_csv(data, filename="export.csv")
    assert apply_mapping(table, suggest_mapping(table.headers)) == [record]


def test_table_csv_formats_dates_and_decimals_for_german_excel() -> None:
    import datetime as dt
    from decimal import Decimal

    data = write_table_csv(
        ["Datum", "Anzahl", "Anteil", "Mitglied", "Leer"],
        [[dt.date(2017, 10, 25), 147, Decimal("0.55"), True, None]],
    )
    assert data.decode("utf-8-sig").splitlines()[1] == "25.10.2017;147;0,55;ja;"


def test_a_field_beyond_the_csv_modules_limit_is_read() -> None:
    """Found with the hostile-input tests (issue 14): a field longer than the csv module's
    131,072 characters made it raise "field larger than field limit", which then stood in a
    German message. The length is the importer's business (it names row and field)."""
    data = ("Nachname;Notizen\r\nMüller;" + "x" * 200_000 + "\r\n").encode()
    table = read_csv(data, filename="kontakte.csv")
    assert len(table.rows[0][1]) == 200_000
