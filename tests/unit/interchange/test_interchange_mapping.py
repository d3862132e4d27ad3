"""Column mapping, name splitting, row checks and format detection."""

from __future__ import annotations

import pytest

from beratung.domain.enums import Anrede
from beratung.domain.errors import ValidationError
from beratung.interchange import (
    ContactRecord,
    RawTable,
    apply_mapping,
    check_record,
    detect_format,
    normalize_anrede,
    split_full_name,
    split_postcode_town,
    split_salutation,
    suggest_mapping,
)


def _named(headers: list[str]) -> dict[str, str]:
    return {headers[i]: f for i, f in suggest_mapping(headers).items() if f}


def test_thunderbird_headers() -> None:
    headers = ["First Name", "Last Name", "Display Name", "Nickname", "Primary Email",
               "Secondary Email", "Work Phone", "Home Phone", "Fax Number", "Mobile Number",
               "Home Address", "Home City", "Home ZipCode", "Work Address", "Work Address 2",
               "Work City", "Work ZipCode", "Work Country", "Job Title", "Department",
               "Organization", "Web Page 1", "Notes"]
    assert _named(headers) == {
        "First Name": "vorname", "Last Name": "nachname", "Primary Email": "email",
        "Work Phone": "telefon", "Fax Number": "fax", "Mobile Number": "mobil",
        "Work Address": "strasse", "Work Address 2": "strasse", "Work City": "ort",
        "Work ZipCode": "plz", "Work Country": "land", "Job Title": "funktion",
        "Department": "abteilung", "Organization": "organisation", "Web Page 1": "webseite",
        "Notes": "notizen", "Home Address": "strasse_privat", "Home City": "ort_privat",
        "Home ZipCode": "plz_privat", "Home Phone": "telefon_privat", "Nickname": "spitzname",
        # The display name fills only what the name columns leave empty (a contact that
        # Thunderbird knows by its display name alone).
        "Display Name": "name",
    }


def test_german_thunderbird_headers() -> None:
    named = _named(["Vorname", "Nachname", "Anzeigename", "Primäre E-Mail-Adresse",
                    "Tel. dienstlich", "Mobil-Tel.-Nr.", "Dienstlich: Adresse", "Dienstlich: Ort",
                    "Dienstlich: PLZ", "Arbeitstitel", "Organisation"])
    assert named["Primäre E-Mail-Adresse"] == "email"
    assert named["Dienstlich: PLZ"] == "plz" and named["Arbeitstitel"] == "funktion"
    # Beside first and last name only a fallback: it fills what they leave empty.
    assert named["Anzeigename"] == "name"


def test_thunderbird_birthday_columns() -> None:
    """Thunderbird writes the birthday in three columns; in its German header "Geburtstag" is
    the day of the month, not a date as in Outlook's."""
    german = _named(["Vorname", "Nachname", "Geburtsjahr", "Geburtsmonat", "Geburtstag"])
    assert (german["Geburtsjahr"], german["Geburtsmonat"], german["Geburtstag"]) == (
        "geburtsjahr", "geburtsmonat", "geburtstag_tag"
    )
    english = _named(["First Name", "Birth Year", "Birth Month", "Birth Day"])
    assert english["Birth Day"] == "geburtstag_tag"
    assert _named(["Vorname", "Nachname", "Geburtstag"])["Geburtstag"] == "geburtstag"


@pytest.mark.parametrize(
    ("header", "field"),
    [("e-mail", "email"), ("EMAIL", "email"), ("Strasse", "strasse"), ("STRASSE", "strasse"),
     ("straße", "strasse"), ("Plz", "plz"), ("Frau/Herr", "anrede"), ("Kommune", "organisation"),
     ("Telefon", "telefon"), ("Funktion", "funktion"), ("Titel", "titel"), ("Anrede", "anrede"),
     ("Bemerkungen", "notizen"), ("  Nachname  ", "nachname"), ("Gemeinde", "organisation"),
     ("PLZ/Ort", "plz_ort")],
)
def test_hand_made_headers_are_matched_without_case_umlauts_or_punctuation(
    header: str, field: str
) -> None:
    assert suggest_mapping([header]) == {0: field}


def test_name_column_is_the_last_name_next_to_a_first_name_column_else_the_full_name() -> None:
    assert suggest_mapping(["Name", "Vorname"]) == {0: "nachname", 1: "vorname"}
    assert suggest_mapping(["Name", "E-Mail"]) == {0: "name", 1: "email"}


def test_stadt_is_the_town_in_an_address_and_the_municipality_otherwise() -> None:
    assert suggest_mapping(["Straße", "PLZ", "Stadt"])[2] == "ort"
    assert suggest_mapping(["Stadt", "Nachname", "E-Mail"])[0] == "organisation"
    assert suggest_mapping(["Kommune", "PLZ", "Ort", "Stadt"]) == {
        0: "organisation", 1: "plz", 2: "ort", 3: None}


def test_each_field_goes_to_one_column_and_unknown_columns_stay_unmapped() -> None:
    mapping = suggest_mapping(["E-Mail", "E-Mail 2: Adresse", "Lieblingsfarbe"])
    assert mapping == {0: "email", 1: None, 2: None}


def test_apply_mapping_splits_full_name_and_postcode_town_into_free_fields_only() -> None:
    table = RawTable(
        headers=["Name", "PLZ Ort", "Titel", "Notiz", "Bemerkung"],
        rows=[["Frau Prof. Dr. Anna Maria Beispiel-Muster", "D-89073 Ulm", "", "a", "b"],
              ["Beispiel, Bernd", "Ulm", "Dr.", "", ""], ["", "", "", "", ""]],
        source="t", row_numbers=[2, 3, 5],
    )
    mapping = {0: "name", 1: "plz_ort", 2: "titel", 3: "notizen", 4: "notizen"}
    anna, bernd, empty = apply_mapping(table, mapping)
    assert (anna.anrede, anna.titel, anna.vorname, anna.nachname) == (
        "Frau", "Prof. Dr.", "Anna Maria", "Beispiel-Muster")
    assert (anna.plz, anna.ort, anna.notizen) == ("89073", "Ulm", "a\nb")
    assert (bernd.titel, bernd.vorname, bernd.nachname, bernd.plz, bernd.ort) == (
        "Dr.", "Bernd", "Beispiel", None, "Ulm")
    assert empty.is_empty() and empty.source_row == 5  # kept, so the checks report it
    assert [p.severity for p in check_record(empty)] == ["error"]


def test_apply_mapping_rejects_unknown_targets() -> None:
    table = RawTable(headers=["A"], rows=[["x"]], source="t")
    with pytest.raises(ValueError, match="unknown mapping target"):
        apply_mapping(table, {0: "lieblingsfarbe"})


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("Dr. Anna Beispiel", (None, "Dr.", "Anna", "Beispiel")),
        ("Anna Beispiel", (None, None, "Anna", "Beispiel")),
        ("Beispiel", (None, None, None, "Beispiel")),
        ("Herr Hans-Peter von der Heide", ("Herr", None, "Hans-Peter", "von der Heide")),
        ("Prof. Dr. med. Karl Müller", (None, "Prof. Dr. med.", "Karl", "Müller")),
        ("von Weizsäcker", (None, None, None, "von Weizsäcker")),
        ("  Müller ,  Jürgen ", (None, None, "Jürgen", "Müller")),
        ("", (None, None, None, None)),
    ],
)
def test_split_full_name(text: str, parts: tuple[str | None, ...]) -> None:
    assert tuple(split_full_name(text)) == parts


@pytest.mark.parametrize(
    ("text", "parts"),
    [("Frau Dr.", ("Frau", "Dr.")), ("Dr.", (None, "Dr.")), ("Herr", ("Herr", None)),
     ("Mr.", ("Mr.", None)), ("Prof. Dr.", (None, "Prof. Dr.")), ("", (None, None)),
     ("Familie", ("Familie", None))],
)
def test_split_salutation(text: str, parts: tuple[str | None, str | None]) -> None:
    assert split_salutation(text) == parts


def test_split_postcode_town() -> None:
    assert split_postcode_town("70173 Stuttgart") == ("70173", "Stuttgart")
    assert split_postcode_town("Stuttgart") == (None, "Stuttgart")


@pytest.mark.parametrize(
    ("value", "expected"),
    [("Frau", Anrede.FRAU), ("Fr.", Anrede.FRAU), ("Ms.", Anrede.FRAU), ("Mrs", Anrede.FRAU),
     ("Herr", Anrede.HERR), ("Hr.", Anrede.HERR), ("Mr.", Anrede.HERR), ("herrn", Anrede.HERR),
     ("", Anrede.NONE), (None, Anrede.NONE), ("Familie", None), ("Sehr geehrte", None)],
)
def test_normalize_anrede(value: str | None, expected: Anrede | None) -> None:
    assert normalize_anrede(value) == expected


def _problems(**fields: str) -> list[tuple[str | None, str]]:
    record = ContactRecord(source_row=7, **fields)
    return [(p.field, p.severity) for p in check_record(record)]


def test_check_record() -> None:
    assert _problems(nachname="Müller") == []
    assert _problems(organisation="Stadt Ulm") == []
    assert _problems(vorname="Anna") == [("nachname", "error")]
    assert _problems(nachname="M", plz="7017") == [("plz", "warning")]
    assert _problems(nachname="M", plz="7017x") == [("plz", "error")]
    assert _problems(nachname="M", plz="1010", land="Österreich") == []
    assert _problems(nachname="M", email="anna@ulm") == [("email", "error")]
    assert _problems(nachname="M", email="a@ulm.de; b@ulm.de") == [("email", "error")]
    assert _problems(nachname="M", email="anna.müller@städtetag-bw.de") == []
    assert _problems(nachname="M", anrede="Familie") == [("anrede", "warning")]
    assert _problems(nachname="M", anrede="Hr.") == []
    assert _problems(nachname="M", telefon="folgt") == [("telefon", "warning")]
    [problem] = check_record(ContactRecord(source_row=7, nachname="M", email="x"))
    assert problem.message == "Zeile 7, E-Mail: „x“ ist keine gültige E-Mail-Adresse."


@pytest.mark.parametrize(
    ("filename", "data", "expected"),
    [
        ("kontakte.csv", b"Vorname;Nachname\r\n", "csv"),
        ("kontakte.txt", b"BEGIN:VCARD\r\nVERSION:3.0\r\n", "vcf"),
        ("kontakte.csv", "BEGIN:VCARD\r\n".encode("utf-16"), "vcf"),
        ("kontakte.vcf", b"", "vcf"),
        ("kontakte.xlsx", b"", "xlsx"),
        ("ohne_endung", b"a;b\r\n", "csv"),
    ],
)
def test_detect_format(filename: str, data: bytes, expected: str) -> None:
    assert detect_format(filename, data) == expected


@pytest.mark.parametrize(
    ("filename", "data", "expected"),
    [
        ("alt.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", ".xls"),
        ("brief.pdf", b"%PDF-1.7", "PDF"),
        ("liste.ods", b"", "nicht unterstützt"),
        ("kaputt.xlsx", b"PK\x03\x04kaputt", "beschädigtes ZIP"),
    ],
)
def test_detect_format_refuses_what_cannot_be_read(
    filename: str, data: bytes, expected: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        detect_format(filename, data)
    assert expected in str(caught.value) and f"„{filename}“" in str(caught.value)


OUTLOOK_ADDRESS_HEADERS = [
    "Nachname", "Firma", "Straße geschäftlich", "Ort geschäftlich", "Postleitzahl geschäftlich",
    "Telefon geschäftlich", "Straße privat", "Ort privat", "Postleitzahl privat",
    "Land/Region privat", "Telefon privat",
]


def test_private_address_is_taken_as_a_whole_when_the_business_address_is_empty() -> None:
    from beratung.interchange import map_rows

    rows = [
        # only private: the whole private block, the private phone
        ["Groß", "", "", "", "", "", "Gartenweg 3", "Esslingen", "73728", "", "0711 1"],
        # both: the business block, a warning, no private value mixed in
        ["Beispiel", "Stadt Ulm", "Marktplatz 1", "Ulm", "89073", "0731 1", "Gartenweg 3",
         "Esslingen", "73728", "", "0711 1"],
        # business town only, private complete: never street from one and town from the other
        ["Weiß", "", "", "Konstanz", "", "", "Seestraße 1", "Überlingen", "88662", "", ""],
    ]
    table = RawTable(headers=OUTLOOK_ADDRESS_HEADERS, rows=rows, source="x.csv",
                     row_numbers=[2, 3, 4])
    mapping = suggest_mapping(table.headers)
    assert mapping[6] == "strasse_privat" and mapping[10] == "telefon_privat"
    mapped = map_rows(table, mapping)
    gross, beispiel, weiss = mapped.records
    assert (gross.strasse, gross.plz, gross.ort, gross.telefon) == (
        "Gartenweg 3", "73728", "Esslingen", "0711 1"
    )
    assert gross.address_is_private
    assert (beispiel.strasse, beispiel.plz, beispiel.ort, beispiel.telefon) == (
        "Marktplatz 1", "89073", "Ulm", "0731 1"
    )
    assert not beispiel.address_is_private
    assert (weiss.strasse, weiss.plz, weiss.ort) == (None, None, "Konstanz")
    assert [(p.row, p.severity) for p in mapped.problems] == [
        (3, "warning"), (3, "warning"), (4, "warning")
    ]
    assert "Privatadresse" in mapped.problems[0].message
    assert "private Telefonnummer „0711 1“" in mapped.problems[1].message
    assert mapped.problems[0].message.startswith("Zeile 3")
    assert apply_mapping(table, mapping) == mapped.records


def test_only_private_columns_still_fill_the_address() -> None:
    headers = ["Nachname", "Straße privat", "PLZ privat", "Ort privat"]
    table = RawTable(headers=headers, rows=[["Groß", "Gartenweg 3", "73728", "Esslingen"]],
                     source="x.csv")
    [record] = apply_mapping(table, suggest_mapping(headers))
    assert (record.strasse, record.plz, record.ort) == ("Gartenweg 3", "73728", "Esslingen")
    assert record.address_is_private


def test_check_record_names_cards_for_vcards() -> None:
    problems = check_record(ContactRecord(source_row=3, nachname="X", email="kaputt@"),
                            unit="Karte")
    assert problems[0].message.startswith("Karte 3, E-Mail")
