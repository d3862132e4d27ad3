"""Invitation letters with reply forms for 1,000 invitees in one PDF (events issue, item 13).

Run: ``.venv/bin/python bench/invitations_bench.py [--sizes 100 1000] [--repeat 3]``
(``--quick``: 50 invitees, one run, for trying it out). Writes
``bench/results/invitations.md``; nothing is asserted.

The data is ``make_event`` of ``bench/events_bench.py`` (persons with a role in a municipality,
addressed through it, all invited) in a temporary SQLite file, plus an office profile and a
signing clerk. Measured, each as wall time (the shared machine's clock) and CPU time:

* ``render_invitations`` end to end: one combined PDF, letter (two pages) + reply form (one
  page) per invitee — what the advisor waits for;
* its parts, timed on their own in the same run: loading the data and building the letters
  (``list_invitation_letters``, the same ``_build`` that ``render_invitations`` runs first), the
  renderer alone on the same snapshot, and the renderer with ``tagged = False`` (no structure
  tree, marked content, XMP or output intent) — so tagging's share shows;
* baseline 1, in the same run: a plain ReportLab ``Canvas`` drawing the same number of pages
  from bare SQL rows — letterhead, return line, address block, information block, subject,
  the same body text wrapped with ``simpleSplit``, a second page, and a form page with boxes,
  circles and labels; same embedded fonts, no Platypus, no tagging, no AcroForm fields;
* baseline 2: LibreOffice (``soffice --headless --convert-to pdf``) of a flat ODT with the same
  number of pages of the same text (letter pages with forced breaks, the form as a table of
  framed cells), where ``soffice`` is installed; its start-up is reported on its own;
* peak memory: the peak resident set (``VmHWM``) of a fresh subprocess that renders once
  (and its growth over what it held before rendering), and the ``tracemalloc`` peak of one
  render in this process.
"""

from __future__ import annotations

import argparse
import cProfile
import dataclasses
import gc
import io
import json
import platform
import pstats
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import reportlab
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen.canvas import Canvas
from sqlalchemy import text

from beratung.documents import fonts
from beratung.documents.serial_letter import serial_letter_renderer
from beratung.domain.enums import NeedKind, label
from beratung.domain.reply_forms import FORM_NEEDS
from beratung.domain.serial_letters import SerialLetterSnapshot
from beratung.paths import AppPaths
from beratung.services import Services
from beratung.services.events.invitations import InvitationLetter, InvitationService
from beratung.services.office import ClerkData, OfficeProfileData, OfficeService

sys.path.insert(0, str(Path(__file__).resolve().parent))
from events_bench import NOW, cpu_model, de, make_event

RESULTS = Path(__file__).resolve().parent / "results" / "invitations.md"
PAGES_PER_INVITEE = 3  # letter (two pages) + reply form


# --------------------------------------------------------------------------------------------
# Data


@dataclass(frozen=True, slots=True)
class Setup:
    services: Services
    invitations: InvitationService
    event_id: int
    db_path: Path
    build_seconds: float


def make_setup(folder: Path, invitees: int) -> Setup:
    """The office, a signing clerk and ``make_event``'s event with ``invitees`` invited."""
    start = time.perf_counter()
    db_path = folder / "bench.sqlite"
    services = Services.open(AppPaths(folder / "data"), db_path=db_path, user="bench")
    context = dataclasses.replace(services.context, clock=lambda: NOW)
    office = OfficeService(context)
    office.save_profile(
        OfficeProfileData(
            name="Städtetag Baden-Württemberg", street="Königstraße 2", postcode="70173",
            town="Stuttgart", phone="0711 22921-0", fax="0711 22921-42",
            email="post@staedtetag-bw.de",
        ),
        expected_version=None,
    )
    clerk = office.create_clerk(ClerkData(
        name="Benjamin Lachat", initials="BL", function="Dezernent", phone_extension="27",
        email="lachat@staedtetag-bw.de", is_signatory=True,
    ))
    bench = make_event(services, invitees=invitees, bulk=min(500, invitees // 2))
    with services.db.engine.begin() as conn:
        conn.execute(text("UPDATE event SET clerk_id = :clerk WHERE id = :event"),
                     {"clerk": clerk.id, "event": bench.event_id})
    return Setup(services, InvitationService(context), bench.event_id, db_path,
                 time.perf_counter() - start)


def open_setup(db_path: Path, event_id: int) -> Setup:
    """The same database again (for the memory subprocess)."""
    services = Services.open(AppPaths(db_path.parent / "data"), db_path=db_path, user="bench")
    context = dataclasses.replace(services.context, clock=lambda: NOW)
    return Setup(services, InvitationService(context), event_id, db_path, 0.0)


def snapshot_of(letters: Sequence[InvitationLetter]) -> SerialLetterSnapshot:
    """The snapshot ``render_invitations`` renders (every invitee in the standard variant)."""
    return SerialLetterSnapshot(
        title=f"Einladungen ({len(letters)} Briefe)",
        letters=tuple(item.letter for item in letters),
        variant="standard",
        reply_forms=tuple(item.reply_form for item in letters if item.reply_form is not None),
    )


def render_snapshot(snapshot: SerialLetterSnapshot, *, tagged: bool) -> tuple[bytes, int]:
    renderer = serial_letter_renderer(snapshot)  # what the registry's "serial_letter" makes
    renderer.tagged = tagged
    result = renderer.render(snapshot)
    return result.pdf, result.page_count


# --------------------------------------------------------------------------------------------
# Baseline 1: a plain ReportLab canvas


ROWS_SQL = """
SELECT p.anrede, p.first_name, p.last_name, a.role, o.name, o.street, o.postcode, o.town,
       r.code
FROM registration r
JOIN person p ON p.id = r.person_id
LEFT JOIN affiliation a ON a.id = r.affiliation_id
LEFT JOIN organisation o ON o.id = a.organisation_id
WHERE r.event_id = :event AND r.status = 'invited'
ORDER BY o.postcode, p.sort_name
"""


@dataclass(frozen=True, slots=True)
class CanvasText:
    """What every letter shares (taken once from a rendered letter, outside the timing)."""

    subject: str
    body: tuple[str, ...]
    closing: tuple[str, ...]
    heading: str
    event_line: str


def canvas_text(letter: InvitationLetter) -> CanvasText:
    snapshot = letter.letter
    form = letter.reply_form
    assert form is not None
    return CanvasText(
        subject=snapshot.subject,
        body=snapshot.body,
        closing=(snapshot.greeting, "", snapshot.signatory_name or "",
                 snapshot.signatory_function or ""),
        heading="Antwort auf die Einladung",
        event_line=f"{form.event_title}, {form.event_when}",
    )


def canvas_baseline(setup: Setup, shared: CanvasText) -> tuple[bytes, int]:
    """The same pages drawn straight on a canvas from bare SQL rows: the floor of what
    ReportLab needs for them (no Platypus, no tagging, no form fields)."""
    with setup.services.db.engine.connect() as conn:
        rows = conn.execute(text(ROWS_SQL), {"event": setup.event_id}).all()
    fonts.register_fonts()
    regular, bold = fonts.REGULAR, fonts.BOLD
    buffer = io.BytesIO()
    c = Canvas(buffer, pagesize=A4, invariant=1, pageCompression=1)
    height = A4[1]
    left, right = 25 * mm, 190 * mm

    def top(y_mm: float) -> float:
        return float(height - y_mm * mm)

    def footer(page: int | None) -> None:
        c.setFont(regular, 7)
        c.drawString(left, 15 * mm, "Städtetag Baden-Württemberg · Königstraße 2 · 70173 Stuttgart")
        c.drawString(left, 12 * mm, "Telefon 0711 22921-0 · Telefax 0711 22921-42 · "
                     "post@staedtetag-bw.de")
        c.line(left, 18 * mm, right, 18 * mm)
        if page is not None:
            c.setFont(regular, 9)
            c.drawRightString(right, 30 * mm, f"Seite {page} von 2")

    def marks() -> None:
        c.setLineWidth(0.5)
        for y in (87, 148.5, 192):
            c.line(3 * mm, top(y), 8 * mm, top(y))

    for anrede, first, last, _role, org, street, postcode, town, code in rows:
        herr = anrede == "herr"
        name = f"{first} {last}"
        greeting = f"Sehr geehrte{'r Herr' if herr else ' Frau'} {last},"
        # Page 1: letterhead, return line, address, information block, subject, body.
        c.setFont(bold, 16)
        c.drawString(left, top(21), "Städtetag Baden-Württemberg")
        c.setFont(regular, 7)
        c.drawString(25 * mm, top(49), "Städtetag Baden-Württemberg · Königstraße 2 · "
                     "70173 Stuttgart")
        c.setFont(regular, 11)
        for index, line in enumerate((org, f"{'Herrn' if herr else 'Frau'} {name}", street,
                                      f"{postcode} {town}")):
            c.drawString(25 * mm, top(62 + index * 4.55), line or "")
        c.setFont(regular, 8)
        for index, (key, value) in enumerate((
            ("Name", "Benjamin Lachat"), ("Telefon", "0711 22921-27"),
            ("Telefax", "0711 22921-42"), ("E-Mail", "lachat@staedtetag-bw.de"),
            ("Datum", "02.10.2017"),
        )):
            c.drawString(125 * mm, top(53 + index * 4.233), key)
            c.drawString(154 * mm, top(53 + index * 4.233), value)
        marks()
        c.setFont(bold, 11)
        y = top(103)
        for line in simpleSplit(shared.subject, bold, 11, right - left):
            c.drawString(left, y, line)
            y -= 14
        c.setFont(regular, 11)
        y -= 12
        lines: list[str] = [greeting, ""]
        for paragraph in shared.body:
            lines += [*simpleSplit(paragraph, regular, 11, right - left), ""]
        lines += list(shared.closing)
        page = 1
        for line in lines:
            if y < 40 * mm:
                footer(page)
                c.showPage()
                page += 1
                marks()
                c.setFont(regular, 11)
                y = top(20)
            c.drawString(left, y, line)
            y -= 14
        footer(page)
        c.showPage()
        # The reply form: office address, the ways back, fields as framed boxes.
        c.setFont(regular, 8)
        c.drawString(25 * mm, top(49), "Antwort an")
        c.setFont(regular, 11)
        for index, line in enumerate(("Städtetag Baden-Württemberg", "Königstraße 2",
                                      "70173 Stuttgart")):
            c.drawString(25 * mm, top(62 + index * 4.55), line)
        c.setFont(bold, 9)
        c.drawString(125 * mm, top(53), "So senden Sie die Antwort zurück:")
        c.setFont(regular, 9)
        for index, line in enumerate(("– per Post im Fensterumschlag",
                                      "– per Fax an 0711 22921-42",
                                      "– per E-Mail an post@staedtetag-bw.de")):
            c.drawString(125 * mm, top(58 + index * 4), line)
        marks()
        c.setFont(bold, 15)
        c.drawString(left, top(100), shared.heading)
        c.setFont(regular, 10.5)
        c.drawString(left, top(106), shared.event_line)
        c.setLineWidth(0.6)
        c.drawString(left, top(114), "Name:")
        c.rect(37 * mm, top(117), 78 * mm, 7 * mm)
        c.drawString(39 * mm, top(114.5), name)
        c.drawString(130 * mm, top(114), "Anmeldecode:")
        c.rect(155 * mm, top(117), 35 * mm, 7 * mm)
        c.drawString(157 * mm, top(114.5), code)
        c.circle(left + 2.25 * mm, top(124), 2.25 * mm)
        c.circle(80 * mm + 2.25 * mm, top(124), 2.25 * mm)
        c.setFont(bold, 10.5)
        c.drawString(left + 6.5 * mm, top(125), "Ich nehme teil.")
        c.drawString(86.5 * mm, top(125), "Ich nehme nicht teil.")
        c.setFont(regular, 10.5)
        c.drawString(left, top(134), "Ich bringe so viele Begleitpersonen mit:")
        c.rect(95 * mm, top(137), 14 * mm, 7 * mm)
        c.setFont(bold, 10.5)
        c.drawString(left, top(146), "Das brauche ich, um gut teilnehmen zu können "
                     "(bitte ankreuzen):")
        c.setFont(regular, 10.5)
        rows_needed = -(-len(FORM_NEEDS) // 2)
        for index, kind in enumerate(FORM_NEEDS):
            column, row = divmod(index, rows_needed)
            x = left if column == 0 else 110 * mm
            y_top = 150 + row * 7
            c.rect(x, top(y_top + 4.5), 4.5 * mm, 4.5 * mm)
            caption = label(kind) + (":" if kind is NeedKind.OTHER else "")
            c.drawString(x + 6.5 * mm, top(y_top + 3.5), caption)
        c.drawString(left, top(190), "Ernährung (z. B. vegetarisch, Unverträglichkeiten):")
        c.rect(115 * mm, top(193), 75 * mm, 7 * mm)
        c.rect(left, top(202), 4.5 * mm, 4.5 * mm)
        c.setFont(regular, 9)
        consent = ("Einwilligung: Ich willige ein, dass meine Angaben zu Bedarfen und zur "
                   "Ernährung gespeichert werden, damit die Veranstaltung barrierefrei "
                   "geplant werden kann.")
        y = top(201)
        for line in simpleSplit(consent, regular, 9, right - left - 7 * mm):
            c.drawString(left + 6.5 * mm, y, line)
            y -= 11
        c.setFont(regular, 10.5)
        c.drawString(left, top(218), "Bemerkungen:")
        c.rect(left, top(248), right - left, 27 * mm)
        c.line(left, top(266), 100 * mm, top(266))
        c.line(110 * mm, top(266), right, top(266))
        c.setFont(regular, 8)
        c.drawString(left, top(270), "Ort, Datum")
        c.drawString(110 * mm, top(270), "Unterschrift")
        c.showPage()
    c.save()
    return buffer.getvalue(), c.getPageNumber() - 1


# --------------------------------------------------------------------------------------------
# Baseline 2: LibreOffice


FODT_HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
<office:font-face-decls>
 <style:font-face style:name="Liberation Sans" svg:font-family="'Liberation Sans'"
  xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"/>
</office:font-face-decls>
<office:styles>
 <style:default-style style:family="paragraph">
  <style:paragraph-properties fo:margin-top="0cm" fo:margin-bottom="0cm"/>
  <style:text-properties style:font-name="Liberation Sans" fo:font-size="11pt"
   fo:language="de" fo:country="DE"/>
 </style:default-style>
 <style:style style:name="Standard" style:family="paragraph"/>
 <style:style style:name="Gap" style:family="paragraph">
  <style:paragraph-properties fo:margin-bottom="0.42cm"/>
 </style:style>
 <style:style style:name="Head" style:family="paragraph">
  <style:text-properties fo:font-size="16pt" fo:font-weight="bold"/>
 </style:style>
 <style:style style:name="Small" style:family="paragraph">
  <style:text-properties fo:font-size="8pt"/>
 </style:style>
 <style:style style:name="Bold" style:family="paragraph">
  <style:paragraph-properties fo:margin-bottom="0.42cm"/>
  <style:text-properties fo:font-weight="bold"/>
 </style:style>
</office:styles>
<office:automatic-styles>
 <style:style style:name="Break" style:family="paragraph">
  <style:paragraph-properties fo:break-before="page"/>
  <style:text-properties fo:font-size="16pt" fo:font-weight="bold"/>
 </style:style>
 <style:style style:name="Next" style:family="paragraph">
  <style:paragraph-properties fo:break-before="page" fo:margin-bottom="0.42cm"/>
  <style:text-properties fo:font-size="8pt"/>
 </style:style>
 <style:style style:name="Form" style:family="table">
  <style:table-properties style:width="16.5cm" table:align="left"/>
 </style:style>
 <style:style style:name="Box" style:family="table-cell">
  <style:table-cell-properties fo:border="0.5pt solid #000000" fo:padding="0.1cm"/>
 </style:style>
 <style:page-layout style:name="A4">
  <style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm"
   fo:margin-top="2cm" fo:margin-bottom="2cm" fo:margin-left="2.5cm" fo:margin-right="2cm"/>
 </style:page-layout>
</office:automatic-styles>
<office:master-styles>
 <style:master-page style:name="Standard" style:page-layout-name="A4"/>
</office:master-styles>
<office:body><office:text>
"""
FODT_TAIL = "</office:text></office:body></office:document>\n"


def fodt(rows: Sequence[Any], shared: CanvasText) -> str:
    """A flat ODT with the same text: per invitee a letter page, a second page (forced breaks,
    so that every invitee has three pages like the PDF) and the form as a table of boxes."""

    def p(content: str, style: str = "Standard") -> str:
        return f'<text:p text:style-name="{style}">{escape(content)}</text:p>'

    def cell(content: str = "") -> str:
        return (f'<table:table-cell table:style-name="Box" office:value-type="string">'
                f"{p(content)}</table:table-cell>")

    parts = [FODT_HEAD]
    half = max(1, len(shared.body) // 2 + 1)
    for anrede, first, last, _role, org, street, postcode, town, code in rows:
        herr = anrede == "herr"
        name = f"{first} {last}"
        parts += [
            p("Städtetag Baden-Württemberg", "Break" if len(parts) > 1 else "Head"),
            p("Städtetag Baden-Württemberg · Königstraße 2 · 70173 Stuttgart", "Small"),
            p(org or ""), p(f"{'Herrn' if herr else 'Frau'} {name}"), p(street or ""),
            p(f"{postcode} {town}", "Gap"),
            p("Benjamin Lachat · Telefon 0711 22921-27 · lachat@staedtetag-bw.de · "
              "02.10.2017", "Small"),
            p(shared.subject, "Bold"),
            p(f"Sehr geehrte{'r Herr' if herr else ' Frau'} {last},", "Gap"),
            *(p(paragraph, "Gap") for paragraph in shared.body[:half]),
            p("Seite 1 von 2", "Small"),
            p("Seite 2 von 2", "Next"),
            *(p(paragraph, "Gap") for paragraph in shared.body[half:]),
            *(p(line) for line in shared.closing),
        ]
        parts += [
            p("Antwort auf die Einladung", "Break"), p(shared.event_line, "Gap"),
            p("Antwort an: Städtetag Baden-Württemberg, Königstraße 2, 70173 Stuttgart", "Gap"),
            '<table:table table:style-name="Form"><table:table-column '
            'table:number-columns-repeated="2"/>',
            f"<table:table-row>{cell('Name: ' + name)}{cell('Anmeldecode: ' + code)}"
            "</table:table-row>",
            f"<table:table-row>{cell('○ Ich nehme teil.')}{cell('○ Ich nehme nicht teil.')}"
            "</table:table-row>",
            f"<table:table-row>{cell('Begleitpersonen:')}{cell()}</table:table-row>",
            *(f"<table:table-row>{cell('☐ ' + label(a))}{cell('☐ ' + label(b))}"
              "</table:table-row>"
              for a, b in zip(FORM_NEEDS[::2], FORM_NEEDS[1::2], strict=False)),
            f"<table:table-row>{cell('Ernährung:')}{cell()}</table:table-row>",
            f"<table:table-row>{cell('☐ Einwilligung')}{cell()}</table:table-row>",
            f"<table:table-row>{cell('Bemerkungen:')}{cell()}</table:table-row>",
            f"<table:table-row>{cell('Ort, Datum')}{cell('Unterschrift')}</table:table-row>",
            "</table:table>",
        ]
    parts.append(FODT_TAIL)
    return "".join(parts)


@dataclass(slots=True)
class Office:
    seconds: list[float]
    cpu: list[float]
    pages: int
    startup: list[float]
    startup_cpu: list[float]


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def pdf_pages(pdf: bytes) -> int:
    import pypdfium2  # type: ignore[import-untyped]  # the preview's PDF library

    document = pypdfium2.PdfDocument(pdf)
    try:
        return len(document)
    finally:
        document.close()


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def convert(binary: str, source: Path, profile: Path) -> tuple[float, float, bytes]:
    """Wall time and CPU time (``soffice`` and its children, waited for) of one ``soffice
    --headless --convert-to pdf``, start-up included."""
    out = source.parent / "out"
    out.mkdir(exist_ok=True)
    cpu = children_cpu()
    start = time.perf_counter()
    subprocess.run(
        [binary, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to",
         "pdf", "--outdir", str(out), str(source)],
        check=True, capture_output=True, timeout=1800,
    )
    seconds = time.perf_counter() - start
    return seconds, children_cpu() - cpu, (out / (source.stem + ".pdf")).read_bytes()


def libreoffice(setup: Setup, shared: CanvasText, folder: Path, repeat: int) -> Office | None:
    binary = soffice()
    if binary is None:
        return None
    with setup.services.db.engine.connect() as conn:
        rows = conn.execute(text(ROWS_SQL), {"event": setup.event_id}).all()
    profile = folder / "lo-profile"
    tiny = folder / "tiny.fodt"
    tiny.write_text(fodt(rows[:1], shared), encoding="utf-8")
    convert(binary, tiny, profile)  # first start: makes the user profile
    source = folder / "invitations.fodt"
    source.write_text(fodt(rows, shared), encoding="utf-8")
    office = Office([], [], 0, [], [])
    for _ in range(repeat):
        elapsed, cpu, _pdf = convert(binary, tiny, profile)
        office.startup.append(elapsed)
        office.startup_cpu.append(cpu)
        elapsed, cpu, pdf = convert(binary, source, profile)
        office.seconds.append(elapsed)
        office.cpu.append(cpu)
        office.pages = pdf_pages(pdf)
    return office


# --------------------------------------------------------------------------------------------
# Timing


@dataclass(slots=True)
class Timing:
    wall: list[float]
    cpu: list[float]

    @property
    def median(self) -> float:
        return statistics.median(self.wall)

    @property
    def median_cpu(self) -> float:
        return statistics.median(self.cpu)


def timed(timing: Timing, call: Callable[[], Any]) -> Any:
    """One run: garbage collected before, wall and CPU time recorded."""
    gc.collect()
    wall, cpu = time.perf_counter(), time.process_time()
    result = call()
    timing.wall.append(time.perf_counter() - wall)
    timing.cpu.append(time.process_time() - cpu)
    return result


@dataclass(slots=True)
class SizeResult:
    invitees: int
    pages: int
    canvas_pages: int
    pdf_bytes: int
    canvas_bytes: int
    data_seconds: float
    total: Timing
    build: Timing
    render: Timing
    untagged: Timing
    canvas: Timing
    memory: dict[str, float] | None = None
    office: Office | None = None
    office_note: str = ""


def measure(setup: Setup, invitees: int, repeat: int) -> SizeResult:
    total, build, render, untagged, canvas = (Timing([], []) for _ in range(5))
    letters = setup.invitations.list_invitation_letters(setup.event_id)  # warm-up
    shared = canvas_text(letters[0])
    snapshot = snapshot_of(letters)
    canvas_baseline(setup, shared)
    pages = pdf_bytes = canvas_pages = canvas_bytes = 0
    for _ in range(repeat):
        documents = timed(total, lambda: setup.invitations.render_invitations(setup.event_id))
        pages, pdf_bytes = documents.combined.page_count or 0, len(documents.combined.pdf)
        del documents
        timed(build, lambda: setup.invitations.list_invitation_letters(setup.event_id))
        timed(render, lambda: render_snapshot(snapshot, tagged=True))
        timed(untagged, lambda: render_snapshot(snapshot, tagged=False))
        pdf, canvas_pages = timed(canvas, lambda: canvas_baseline(setup, shared))
        canvas_bytes = len(pdf)
    return SizeResult(invitees, pages, canvas_pages, pdf_bytes, canvas_bytes,
                      setup.build_seconds, total, build, render, untagged, canvas)


# --------------------------------------------------------------------------------------------
# Memory


def peak_rss() -> int:
    """This process's peak resident set (KiB): ``VmHWM``, which starts afresh with the
    process's own memory. (``ru_maxrss`` would not do: Linux keeps it across ``exec``, so a
    subprocess reports the peak of the benchmark that started it.)"""
    for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def child(db_path: Path, event_id: int, what: str) -> None:
    """In a fresh process: one render (or one canvas baseline); prints the peak resident set
    (KiB) before and after as JSON."""
    setup = open_setup(db_path, event_id)
    shared = canvas_text(setup.invitations.list_invitation_letters(setup.event_id)[0])
    fonts.register_fonts()
    before = peak_rss()
    if what == "render":
        setup.invitations.render_invitations(setup.event_id)
    else:
        canvas_baseline(setup, shared)
    after = peak_rss()
    print(json.dumps({"before": before, "after": after}))


def memory(setup: Setup) -> dict[str, float]:
    """Peak memory of one render: the peak resident set (VmHWM) of a fresh subprocess (its
    growth while rendering, and the whole), the same for the canvas baseline, and the
    tracemalloc peak here."""
    result: dict[str, float] = {}
    for what in ("render", "canvas"):
        out = subprocess.run(
            [sys.executable, __file__, "--child", what, str(setup.db_path), str(setup.event_id)],
            check=True, capture_output=True, text=True,
        ).stdout
        figures = json.loads(out.strip().splitlines()[-1])
        result[f"{what}_rss"] = figures["after"] / 1024
        result[f"{what}_rss_growth"] = (figures["after"] - figures["before"]) / 1024
    gc.collect()
    tracemalloc.start()
    setup.invitations.render_invitations(setup.event_id)
    result["render_traced"] = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return result


def profile_top(setup: Setup, top: int = 25) -> str:
    """cProfile of one render_invitations: the costliest functions by their own time."""
    profiler = cProfile.Profile()
    profiler.enable()
    setup.invitations.render_invitations(setup.event_id)
    profiler.disable()
    stream = io.StringIO()
    stats = pstats.Stats(profiler, stream=stream)
    stats.sort_stats("tottime").print_stats(top)
    stream.write("\n")
    stats.sort_stats("cumulative").print_stats(top)
    return stream.getvalue()


# --------------------------------------------------------------------------------------------
# Report


def rate(pages: int, seconds: float) -> float:
    return pages / seconds if seconds else 0.0


def report(results: Sequence[SizeResult], repeat: dict[int, int], profile: str | None) -> str:
    version = ""
    binary = soffice()
    if binary:
        version = subprocess.run([binary, "--version"], capture_output=True, text=True,
                                 check=False).stdout.strip()
    lines = [
        "# Einladungen: 1.000 Briefe mit Antwortformular in einem PDF",
        "",
        f"Erzeugt von `bench/invitations_bench.py` am {date.today().isoformat()}; Python "
        f"{platform.python_version()}, ReportLab {reportlab.Version}, {cpu_model()}, 2 Kerne "
        "(geteilt mit anderen Prozessen). Daten: `make_event` aus `bench/events_bench.py` "
        "(Personen mit Funktion in einer Kommune, über sie adressiert, alle eingeladen) in "
        "einer SQLite-Datei, dazu Absender und unterschreibender Sachbearbeiter. Je Person: "
        "Brief (2 Seiten) + Antwortformular (1 Seite, mit AcroForm-Feldern).",
        "",
        "Zeiten: Wanduhr (Median), in Klammern CPU-Zeit des Prozesses; Garbage Collection vor "
        "jedem Lauf. Baseline 1 im selben Lauf: ein schlichter ReportLab-`Canvas`, der "
        "dieselbe Seitenzahl aus rohen SQL-Zeilen zeichnet (Briefkopf, Rücksendezeile, "
        "Anschrift, Infoblock, Betreff, derselbe Brieftext mit `simpleSplit` umbrochen, "
        "zweite Seite, Formularseite mit Kästchen, Kreisen und Beschriftungen; dieselben "
        "eingebetteten Schriften; ohne Platypus, ohne Tagging, ohne Formularfelder) – eine "
        "Untergrenze.",
        "",
        "Auf dem geteilten Rechner schwankt die Wanduhr mit der Last der Nachbarn; das "
        "Verhältnis wird deshalb aus der CPU-Zeit gebildet (wie in `tagged_pdf_bench.py`), "
        "das Wanduhr-Verhältnis steht daneben.",
        "",
        "| Eingeladene | Läufe | Seiten | `render_invitations` s | Seiten/s (CPU) | Canvas s | "
        "Canvas Seiten/s (CPU) | Anteil am Canvas-Tempo (CPU) | Wanduhr | PDF | Canvas-PDF |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        ours = rate(r.pages, r.total.median)
        theirs = rate(r.canvas_pages, r.canvas.median)
        ours_cpu = rate(r.pages, r.total.median_cpu)
        theirs_cpu = rate(r.canvas_pages, r.canvas.median_cpu)
        lines.append(
            f"| {de(r.invitees)} | {repeat[r.invitees]} | {de(r.pages)} | {r.total.median:.2f} "
            f"({r.total.median_cpu:.2f}) | {ours:.0f} ({ours_cpu:.0f}) | {r.canvas.median:.2f} "
            f"({r.canvas.median_cpu:.2f}) | {theirs:.0f} ({theirs_cpu:.0f}) | "
            f"**{100 * ours_cpu / theirs_cpu:.0f} %** | {100 * ours / theirs:.0f} % | "
            f"{r.pdf_bytes / 2**20:.1f} MiB | {r.canvas_bytes / 2**20:.1f} MiB |"
        )
    lines += [
        "",
        "## Wohin die Zeit geht",
        "",
        "Die Teile einzeln gemessen, im selben Lauf (Median, Wanduhr; CPU in Klammern): "
        "„Laden und Aufbauen“ = `list_invitation_letters` (dasselbe `_build`, mit dem "
        "`render_invitations` beginnt: Abfragen, Anrede, Vorlage, Prüfung jedes Briefs); "
        "„Rendern“ = der Serienbrief-Renderer allein auf demselben Snapshot; „ungetaggt“ = "
        "derselbe Renderer mit `tagged = False`; „Tagging“ = Differenz; „Rest“ = "
        "`render_invitations` − Laden − Rendern (Snapshot-Dict für das Protokoll u. Ä.).",
        "",
        "| Eingeladene | gesamt | Laden und Aufbauen | Rendern (getaggt) | davon Tagging | "
        "ungetaggt | Rest | Seiten/s nur Rendern |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        rest = r.total.median - r.build.median - r.render.median
        tagging = r.render.median - r.untagged.median
        lines.append(
            f"| {de(r.invitees)} | {r.total.median:.2f} | {r.build.median:.2f} "
            f"({r.build.median_cpu:.2f}) | {r.render.median:.2f} ({r.render.median_cpu:.2f}) "
            f"| {tagging:.2f} ({100 * tagging / r.render.median:.0f} %) | "
            f"{r.untagged.median:.2f} ({r.untagged.median_cpu:.2f}) | {rest:.2f} | "
            f"{rate(r.pages, r.render.median):.0f} |"
        )
    big = results[-1]
    lines += ["", "## Speicher", ""]
    if big.memory:
        m = big.memory
        lines += [
            f"Bei {de(big.invitees)} Eingeladenen ({de(big.pages)} Seiten): "
            "Spitze des Resident Set (`VmHWM`) eines frischen Unterprozesses, der einmal "
            "`render_invitations` "
            f"aufruft: **{m['render_rss']:.0f} MiB** Spitze, davon {m['render_rss_growth']:.0f} "
            "MiB Zuwachs während des Renderns (vorher: Importe, Datenbank, Schriften). "
            f"Canvas-Baseline ebenso: {m['canvas_rss']:.0f} MiB Spitze, "
            f"{m['canvas_rss_growth']:.0f} MiB Zuwachs. `tracemalloc`-Spitze von "
            f"`render_invitations` im Messprozess (nur Python-Allokationen): "
            f"{m['render_traced']:.0f} MiB.",
        ]
    lines += ["", "## LibreOffice (`soffice --headless --convert-to pdf`)", ""]
    office = big.office
    if office is None:
        lines.append(big.office_note or "LibreOffice ist nicht installiert; nicht gemessen.")
    else:
        lo_seconds = statistics.median(office.seconds)
        lo_startup = statistics.median(office.startup)
        lo_cpu = statistics.median(office.cpu)
        lo_startup_cpu = statistics.median(office.startup_cpu)
        ours = rate(big.pages, big.total.median)
        theirs = rate(office.pages, lo_seconds)
        ours_cpu = rate(big.pages, big.total.median_cpu)
        theirs_cpu = rate(office.pages, lo_cpu)
        lines += [
            f"{version}. Eine flache ODT-Datei (`.fodt`) mit demselben Text für "
            f"{de(big.invitees)} Eingeladene: je Person Briefseite, zweite Seite (erzwungene "
            "Umbrüche) und das Formular als Tabelle mit umrandeten Zellen, Liberation Sans. "
            "Gemessen: ein Aufruf von `soffice --headless --convert-to pdf` (eigenes Profil, "
            f"nach einem Aufwärmlauf), Median aus {len(office.seconds)} Läufen; der "
            "Serienbrief-Weg von LibreOffice endet genauso in diesem Export. Die Zeit für das "
            "Erzeugen der `.fodt` ist nicht mitgezählt.",
            "",
            "| | Seiten | Wanduhr s | Seiten/s | CPU s | Seiten/s (CPU) |",
            "|---|---:|---:|---:|---:|---:|",
            f"| LibreOffice, gesamt | {de(office.pages)} | {lo_seconds:.2f} | {theirs:.1f} | "
            f"{lo_cpu:.2f} | {theirs_cpu:.1f} |",
            f"| davon Start (1-Seiten-Dokument) | | {lo_startup:.2f} | | {lo_startup_cpu:.2f} | |",
            f"| `render_invitations` | {de(big.pages)} | {big.total.median:.2f} | {ours:.1f} | "
            f"{big.total.median_cpu:.2f} | {ours_cpu:.1f} |",
            "",
            f"Verhältnis (Wanduhr): **{ours / theirs:.1f}×** das Tempo von LibreOffice "
            f"(Vorgabe: mindestens 2×); CPU-Zeit: {ours_cpu / theirs_cpu:.1f}×; ohne dessen "
            f"Start (Wanduhr): {ours / rate(office.pages, lo_seconds - lo_startup):.1f}×.",
        ]
    if profile:
        lines += ["", "## Profil (cProfile, ein `render_invitations`)", "", "```",
                  profile.rstrip(), "```"]
    lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--repeat", type=int, default=3, help="runs at the largest size")
    parser.add_argument("--quick", action="store_true", help="50 invitees, one run")
    parser.add_argument("--no-office", action="store_true", help="skip LibreOffice")
    parser.add_argument("--profile", action="store_true", help="add a cProfile of one run")
    parser.add_argument("--output", type=Path, default=RESULTS)
    parser.add_argument("--child", nargs=3, metavar=("WHAT", "DB", "EVENT"),
                        help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(Path(args.child[1]), int(args.child[2]), args.child[0])
        return 0
    sizes = [50] if args.quick else sorted(args.sizes)
    repeat = {size: 1 if args.quick else (args.repeat if size == sizes[-1] else 5)
              for size in sizes}
    results: list[SizeResult] = []
    profile: str | None = None
    for size in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            setup = make_setup(Path(tmp), size)
            print(f"{size} invitees: data built in {setup.build_seconds:.1f} s", flush=True)
            result = measure(setup, size, repeat[size])
            print(f"  render_invitations {result.total.median:.2f} s for {result.pages} pages, "
                  f"canvas {result.canvas.median:.2f} s", flush=True)
            if size == sizes[-1]:
                result.memory = memory(setup)
                print(f"  memory {result.memory}", flush=True)
                if args.profile:
                    profile = profile_top(setup)
                if args.no_office:
                    result.office_note = "LibreOffice nicht gemessen (`--no-office`)."
                elif soffice() is None:
                    print("  LibreOffice (soffice) is not installed: not measured", flush=True)
                    result.office_note = (
                        "LibreOffice ist auf diesem Rechner nicht installiert; nicht gemessen."
                    )
                else:
                    shared = canvas_text(
                        setup.invitations.list_invitation_letters(setup.event_id)[0])
                    result.office = libreoffice(setup, shared, Path(tmp), repeat[size])
                    assert result.office is not None
                    print(f"  LibreOffice {statistics.median(result.office.seconds):.2f} s "
                          f"for {result.office.pages} pages", flush=True)
            setup.services.db.engine.dispose()
            results.append(result)
    text_out = report(results, repeat, profile)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text_out, encoding="utf-8")
    print(text_out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
