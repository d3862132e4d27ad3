"""Finding the header row (issue 13, defect 3): values that look like column names ("Mobile",
"Home", "Fax" in a type column) do not make a data row the header; an uncertain choice is refused
with a German message naming --header-row, and a given header row is used as it is."""

from __future__ import annotations

import pytest

from beratung.domain.errors import ValidationError
from beratung.interchange import read_csv

# Only "Kontakt" of the real header is a known column name, while the data rows hold "Mobile",
# "Home" and "Fax" — which the old count of known names took for the better header.
TYPED = (
    b"Kontakt;Rufnummer;Typ;Zweitnummer;Typ 2\r\n"
    b"Anna Beispiel;0171 1234567;Mobile;07071 20;Home\r\n"
    b"Jan Weber;0160 9876543;Mobile;0711 30;Fax\r\n"
)


def test_values_like_column_names_do_not_make_a_header() -> None:
    table = read_csv(TYPED, filename="typen.csv")
    assert table.has_header and table.headers[0] == "Kontakt"
    assert table.row_numbers == [2, 3]
    assert not [p for p in table.problems if "über der Kopfzeile" in p.message]


def test_title_row_above_the_header_is_still_found() -> None:
    data = (
        b"Adressliste Netzwerk Inklusion;;;\r\n"
        b"Vorname;Nachname;Firma;E-Mail\r\n"
        b"Anna;Beispiel;Stadt Ulm;anna@ulm.de\r\n"
    )
    table = read_csv(data, filename="liste.csv")
    assert table.headers[:2] == ["Vorname", "Nachname"] and table.row_numbers == [3]


UNCERTAIN = b"Kontakt;Typ;Typ 2\r\nPerson;Mobile;Fax\r\n"


def test_uncertain_header_is_refused_naming_the_option() -> None:
    with pytest.raises(ValidationError) as caught:
        read_csv(UNCERTAIN, filename="unklar.csv")
    text = f"{caught.value} {caught.value.hint}"
    assert "nicht sicher zu erkennen" in text and "Zeile 1" in text and "Zeile 2" in text
    assert "--header-row" in text


def test_given_header_row_is_used() -> None:
    table = read_csv(UNCERTAIN, filename="unklar.csv", header_row=1)
    assert table.headers == ["Kontakt", "Typ", "Typ 2"] and table.rows == [
        ["Person", "Mobile", "Fax"]
    ]
    none = read_csv(UNCERTAIN, filename="unklar.csv", header_row=0)
    assert not none.has_header and len(none.rows) == 2


def test_given_header_row_must_exist() -> None:
    with pytest.raises(ValidationError, match="Zeile 7"):
        read_csv(UNCERTAIN, filename="unklar.csv", header_row=7)
