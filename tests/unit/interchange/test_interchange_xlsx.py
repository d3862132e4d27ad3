"""Excel workbooks: hand-made lists in, filterable sheets out."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import Workbook, load_workbook

from beratung.domain.errors import ValidationError
from beratung.interchange import (
    EXPORT_HEADERS,
    ContactRecord,
    apply_mapping,
    check_record,
    detect_format,
    read_xlsx,
    suggest_mapping,
    write_contacts_xlsx,
    write_table_xlsx,
)


def _hand_made_workbook() -> bytes:
    """What the advisor's own list looks like: an empty cover sheet, a merged title row, a
    vertically merged municipality, postcodes as numbers (one with the "00000" format), a date.
    """
    workbook = Workbook()
    cover = workbook.active
    cover.title = "Deckblatt"
    sheet = workbook.create_sheet("Verteiler")
    sheet["A1"] = "Verteiler Werkstattgespräch Ulm 2017"
    sheet.merge_cells("A1:H1")
    headers = ["Frau/Herr", "Titel", "Name", "Vorname", "Kommune", "PLZ", "Ort", "E-Mail",
               "Telefon", "Funktion", "Stand"]
    sheet.append(headers)
    sheet.append(["Frau", "Dr.", "Beispiel", "Anna", "Stadt Ulm", 89073, "Ulm",
                  "a.beispiel@ulm.de", "0731 161-0", "Sozialdezernentin", dt.date(2017, 9, 1)])
    sheet.append(["Herr", None, "Groß", "Bernd", None, 89073, "Ulm", "b.gross@ulm.de",
                  7311610, "Sozialplaner", dt.datetime(2017, 9, 2, 14, 30)])
    sheet.merge_cells("E3:E4")
    sheet.append(["Frau", None, "Dreßler", "Clara", "Stadt Dresden", 1067, "Dresden",
                  "c.dressler@dresden.de", None, None, None])
    sheet["F5"].number_format = "00000"
    sheet.append(["Herr", None, "Ohnezero", "Dieter", "Gemeinde Zeroburg", 1099, "Zeroburg",
                  "d@zeroburg.de", None, None, None])  # no format: the zero is really gone
    other = workbook.create_sheet("Alt")
    other.append(["Nachname", "E-Mail"])
    other.append(["Alt", "alt@example.org"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_hand_made_sheet_with_merged_cells_and_numeric_postcodes() -> None:
    data = _hand_made_workbook()
    assert detect_format("liste.xlsx", data) == "xlsx"
    table = read_xlsx(data, filename="liste.xlsx")
    assert table.sheet == "Verteiler"
    assert table.sheet_names == ["Deckblatt", "Verteiler", "Alt"]
    assert table.headers[:5] == ["Frau/Herr", "Titel", "Name", "Vorname", "Kommune"]
    assert table.row_numbers == [3, 4, 5, 6]
    messages = [p.message for p in table.problems]
    assert any("Zeile 1 steht über der Kopfzeile" in m for m in messages)
    assert any("verbundene Zellen" in m for m in messages)

    mapping = suggest_mapping(table.headers)
    named = {table.headers[i]: f for i, f in mapping.items() if f}
    assert named == {
        "Frau/Herr": "anrede", "Titel": "titel", "Name": "nachname", "Vorname": "vorname",
        "Kommune": "organisation", "PLZ": "plz", "Ort": "ort", "E-Mail": "email",
        "Telefon": "telefon", "Funktion": "funktion",
    }
    anna, bernd, clara, dieter = apply_mapping(table, mapping)
    assert (anna.anrede, anna.titel, anna.vorname, anna.nachname) == ("Frau", "Dr.", "Anna",
                                                                      "Beispiel")
    assert anna.plz == "89073"
    assert bernd.organisation == "Stadt Ulm"  # vertical merge applies to every row
    assert bernd.telefon == "7311610"  # a number, but no ".0"
    assert clara.plz == "01067"  # leading zero kept through the cell format
    assert dieter.plz == "1099"
    assert table.rows[0][10] == "01.09.2017" and table.rows[1][10] == "02.09.2017 14:30"
    assert [p.field for p in check_record(dieter)] == ["plz"]


def test_other_sheet_by_name_and_unknown_sheet() -> None:
    data = _hand_made_workbook()
    table = read_xlsx(data, filename="liste.xlsx", sheet="Alt")
    assert table.rows == [["Alt", "alt@example.org"]]
    with pytest.raises(ValidationError) as caught:
        read_xlsx(data, filename="liste.xlsx", sheet="Neu")
    assert "„Neu“" in str(caught.value) and "„Verteiler“" in str(caught.value)
    with pytest.raises(ValidationError, match="enthält keine Daten"):
        read_xlsx(data, filename="liste.xlsx", sheet="Deckblatt")


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", "leer"),
        (b"Vorname;Nachname\r\n", "keine Excel-Arbeitsmappe"),
        (b"PK\x03\x04kaputt" + b"\x00" * 50, "keine lesbare Excel-Arbeitsmappe"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "alten Excel-Format"),
    ],
)
def test_unreadable_workbooks_are_refused_in_german(data: bytes, expected: str) -> None:
    with pytest.raises(ValidationError) as caught:
        read_xlsx(data, filename="liste.xlsx")
    assert expected in str(caught.value) and "„liste.xlsx“" in str(caught.value)


def test_empty_workbook_is_refused() -> None:
    buffer = io.BytesIO()
    Workbook().save(buffer)
    with pytest.raises(ValidationError, match="enthält keine Daten"):
        read_xlsx(buffer.getvalue(), filename="leer.xlsx")


def test_contact_export_layout() -> None:
    records = [
        ContactRecord(source_row=2, nachname="Beispiel", plz="07111", organisation="=Stadt",
                      notizen="Zeile 1\nZeile 2", telefon="0731 161-0"),
    ]
    data = write_contacts_xlsx(records)
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet.title == "Kontakte"
    assert [c.value for c in sheet[1]] == list(EXPORT_HEADERS.values())
    assert all(c.font.bold for c in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:R2"
    plz = sheet.cell(row=2, column=list(EXPORT_HEADERS).index("plz") + 1)
    assert (plz.value, plz.number_format, plz.data_type) == ("07111", "@", "s")
    org = sheet.cell(row=2, column=list(EXPORT_HEADERS).index("organisation") + 1)
    assert org.data_type == "s" and org.value == "=Stadt"  # data, never a formula
    assert sheet.column_dimensions["H"].width >= len("Straße geschäftlich")
    table = read_xlsx(data, filename="export.xlsx")
    assert apply_mapping(table, suggest_mapping(table.headers)) == records


def test_generic_report_table() -> None:
    data = write_table_xlsx(
        "Beratungen: Quartier 2020 / Regierungsbezirke",
        ["Regierungsbezirk", "Mitglieder", "Anteil", "Stand"],
        [["Stuttgart", 31, 0.55, dt.date(2017, 10, 25)], ["Tübingen", 12, None, None]],
    )
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet.title == "Beratungen- Quartier 2020 - Reg"  # Excel allows 31 characters
    assert sheet["B2"].value == 31 and sheet["C2"].value == 0.55
    assert sheet["D2"].number_format == "DD.MM.YYYY"
    assert sheet["A1"].font.bold and sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:D3"


def test_merged_cells_below_the_last_person_do_not_invent_rows() -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Nachname", "Kommune"])
    sheet.append(["Müller", "Stadt Ulm"])
    sheet.append(["Meier", None])
    sheet.merge_cells("B2:B6")  # merged further down than the list goes
    buffer = io.BytesIO()
    workbook.save(buffer)
    table = read_xlsx(buffer.getvalue(), filename="m.xlsx")
    assert table.rows == [["Müller", "Stadt Ulm"], ["Meier", "Stadt Ulm"]]


def test_one_far_away_value_does_not_span_the_whole_sheet() -> None:
    """Found with the hostile-input tests (issue 14): a 5 KB workbook with one value in A1 and
    one in XFD1048576 made the reader build a grid of seventeen billion cells (MemoryError, or
    the machine swapping). Only the cells with values are read now, and a sheet that really
    spans too many is refused in German."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Nachname", "Vorname"])
    sheet.append(["Müller", "Anna"])
    sheet.cell(row=1_048_576, column=16_384, value="x")
    buffer = io.BytesIO()
    workbook.save(buffer)
    table = read_xlsx(buffer.getvalue(), filename="weit.xlsx")
    assert table.rows[0][:2] == ["Müller", "Anna"]
    assert table.row_numbers == [2, 1_048_576]

    for row in range(3, 1_000):
        sheet.cell(row=row, column=1, value=f"Person {row}")
    buffer = io.BytesIO()
    workbook.save(buffer)
    with pytest.raises(ValidationError, match="ist zu groß zum Importieren"):
        read_xlsx(buffer.getvalue(), filename="weit.xlsx")


def test_a_merged_range_over_the_whole_sheet_is_refused_before_loading() -> None:
    """Found with the hostile-input tests (issue 14): openpyxl makes an object per cell of a
    merged range while loading, so "A3:XFD1048576" in a 5 KB file took all memory."""
    import zipfile

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Nachname"])
    sheet.append(["Müller"])
    sheet.merge_cells("A3:B4")
    buffer = io.BytesIO()
    workbook.save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename.endswith("sheet1.xml"):
                content = content.replace(b'ref="A3:B4"', b'ref="A3:XFD1048576"')
            target.writestr(info.filename, content)
    with pytest.raises(ValidationError, match=r"Zellbereiche über mehr als 10\.000\.000"):
        read_xlsx(out.getvalue(), filename="verbunden.xlsx")
    assert read_xlsx(buffer.getvalue(), filename="klein.xlsx").rows[0][0] == "Müller"
