"""Property tests: whatever we export, we import again unchanged, in every format.

This is what makes "a round trip export → import creates no duplicates" hold: the import service
matches on the same values the export wrote.
"""

from __future__ import annotations

from dataclasses import replace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from beratung.interchange import (
    CONTACT_FIELDS,
    ContactRecord,
    apply_mapping,
    read_csv,
    read_vcards,
    read_xlsx,
    suggest_mapping,
    write_contacts_csv,
    write_contacts_xlsx,
    write_vcards,
)
from beratung.interchange.groups import is_system_group

# Letters with umlauts and ß, digits, and every character the formats have to escape or quote:
# , ; " ' \ : = + - @ and line breaks; also typographic quotes, dash and euro sign (cp1252).
ALPHABET = (
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZäöüÄÖÜßéÉ0123456789"
    " .,;:\"'\\/-+=@()&%!?\n„“‚‘–€"
)
_text = st.text(alphabet=ALPHABET, min_size=1, max_size=25).map(str.strip).filter(bool)
_optional = st.none() | _text
# Address-book system groups ("myContacts", "* starred") are never lists, so not generated.
_list_name = st.text(alphabet=ALPHABET.replace(";", ""), min_size=1, max_size=12).map(
    str.strip
).filter(lambda name: bool(name) and not is_system_group(name))
_verteiler = st.none() | st.lists(_list_name, min_size=1, max_size=3, unique=True).map(";".join)
_ANREDE = st.sampled_from([None, "Frau", "Herr", "Familie", "Hr.", "Mr."])


@st.composite
def records(draw: st.DrawFn) -> ContactRecord:
    values = {name: draw(_optional) for name in CONTACT_FIELDS}
    values["anrede"] = draw(_ANREDE)
    values["verteiler"] = draw(_verteiler)
    if values["nachname"] is None and values["organisation"] is None:
        values["nachname"] = draw(_text)
    return ContactRecord(source_row=0, **values)


_lists = st.lists(records(), min_size=1, max_size=5)
_settings = settings(max_examples=80, deadline=None,
                     suppress_health_check=[HealthCheck.too_slow])


def _without_rows(items: list[ContactRecord]) -> list[ContactRecord]:
    return [replace(item, source_row=0) for item in items]


@_settings
@given(_lists)
def test_csv_round_trip(items: list[ContactRecord]) -> None:
    table = read_csv(write_contacts_csv(items), filename="export.csv")
    assert table.problems == []
    assert _without_rows(apply_mapping(table, suggest_mapping(table.headers))) == items


@_settings
@given(_lists)
def test_xlsx_round_trip(items: list[ContactRecord]) -> None:
    table = read_xlsx(write_contacts_xlsx(items), filename="export.xlsx")
    assert table.problems == []
    assert _without_rows(apply_mapping(table, suggest_mapping(table.headers))) == items


@_settings
@given(_lists)
def test_vcard_round_trip(items: list[ContactRecord]) -> None:
    batch = read_vcards(write_vcards(items), filename="export.vcf")
    assert batch.problems == []
    assert _without_rows(batch.records) == items
    assert [r.source_row for r in batch.records] == list(range(1, len(items) + 1))


_junk = st.binary(max_size=300) | st.text(alphabet=ALPHABET + "\r\t\x00", max_size=300).map(
    lambda text: text.encode("cp1252", errors="replace")
)
_vcard_junk = st.lists(
    st.sampled_from(["BEGIN:VCARD", "END:VCARD", "VERSION:2.1", "N:Müller;Anna", "FN:A B",
                     "NOTE;ENCODING=QUOTED-PRINTABLE;CHARSET=Windows-1252:a=FC=", "=0D=0A",
                     " folded", "ADR;WORK:;;x", "TEL;VALUE=uri:tel:1", "item1.EMAIL:a@b.de",
                     "ORG:;", "X-ODD;\"quoted:param\":v", ":", ";;;", "N;CHARSET=nope;ENCODING"
                     "=QUOTED-PRINTABLE:=ZZ", ""]),
    max_size=30,
).map(lambda lines: "\r\n".join(lines).encode("utf-8"))


@_settings
@given(_junk)
def test_any_bytes_as_csv_give_a_table_or_a_german_message(data: bytes) -> None:
    from beratung.domain.errors import ValidationError

    try:
        table = read_csv(data, filename="x.csv")
    except ValidationError as error:
        assert "„x.csv“" in str(error)
    else:
        assert all(len(row) == len(table.headers) for row in table.rows)
        apply_mapping(table, suggest_mapping(table.headers, table.rows))


@_settings
@given(_vcard_junk | _junk)
def test_any_bytes_as_vcard_give_cards_or_a_german_message(data: bytes) -> None:
    from beratung.domain.errors import ValidationError

    try:
        read_vcards(data, filename="x.vcf")
    except ValidationError as error:
        assert "„x.vcf“" in str(error)
