"""``beratung selftest``: does this installation have everything it needs?

IT staff run it after installing a wheel or the bundle, before the advisor starts work; CI runs
it on every install route. Each check does the real thing on a small scale (render a PDF, format
a German date, look up a holiday) instead of asking whether a file exists, so a missing hidden
import or data file of a bundle shows up here and not in front of the advisor.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from importlib import metadata

from beratung import resources
from beratung.domain.rules.dates import OFFICE_TIME_ZONE, format_date_de


@dataclass(frozen=True, slots=True)
class CheckResult:
    name: str
    ok: bool
    detail: str
    #: A missing optional part (the PostgreSQL driver on a single workstation) is no failure.
    optional: bool = False


Check = Callable[[], str]


def run_checks(
    checks: list[tuple[str, Check]], *, optional: set[str] | None = None
) -> list[CheckResult]:
    """Run each check; its return value is the detail, an exception the failure."""
    results = []
    for name, check in checks:
        try:
            results.append(CheckResult(name, True, check()))
        except Exception as exc:  # every failure is reported, none stops the others
            results.append(
                CheckResult(
                    name, False, f"{type(exc).__name__}: {exc}", optional=name in (optional or ())
                )
            )
    return results


def _shipped_files() -> str:
    shipped = resources.shipped_files()
    for name in shipped:
        resources.read_bytes(*name.split("/"))
    return f"{len(shipped)} Dateien lesbar"


def sample_pdf() -> bytes:
    """The sample press release P 309/2017 as PDF (also what the Qt checks load)."""
    from beratung.documents.press_release import render_press_release
    from beratung.documents.samples import sample_press_release

    return render_press_release(sample_press_release())


def _fonts_and_pdf() -> str:
    from beratung.documents import fonts

    fonts.register_fonts()
    pdf = sample_pdf()
    if not pdf.startswith(b"%PDF-") or b"LiberationSans" not in pdf:
        raise RuntimeError("die Probe-Presseinformation ist kein PDF mit eingebetteter Schrift")
    return f"Presseinformation gesetzt ({len(pdf) // 1024} KB, Liberation Sans eingebettet)"


def _german_dates() -> str:
    text = format_date_de(date(2017, 10, 25), "weekday")
    if text != "Mittwoch, 25. Oktober 2017":
        raise RuntimeError(f"Babel schreibt „{text}“")
    return text


def _time_zone() -> str:
    offset = datetime(2017, 10, 25, 10, tzinfo=OFFICE_TIME_ZONE).utcoffset()
    if offset != timedelta(hours=2):
        raise RuntimeError(f"Europe/Berlin am 25.10.2017: {offset}")
    return "Europe/Berlin (MESZ am 25.10.2017)"


def _holidays() -> str:
    import holidays

    bw = holidays.country_holidays("DE", subdiv="BW", years=2017, language="de")
    name = bw.get(date(2017, 11, 1))
    if not name:
        raise RuntimeError("Allerheiligen 2017 fehlt")
    return f"Feiertage Baden-Württemberg, z. B. 01.11.2017 {name}"


def _migrations() -> str:
    from beratung.storage import migrate

    revisions = migrate.known_revisions()
    return f"{len(revisions)} Schemaversionen, neueste {migrate.head_revision()}"


def _sqlite() -> str:
    with sqlite3.connect(":memory:") as conn:
        conn.execute("CREATE VIRTUAL TABLE probe USING fts5(text)")
    conn.close()
    return f"SQLite {sqlite3.sqlite_version} mit Volltextsuche (FTS5)"


def _postgres_driver() -> str:
    import psycopg

    return f"psycopg {psycopg.__version__}"


def _spreadsheets_and_cards() -> str:
    import icalendar
    import openpyxl

    return (
        f"openpyxl {openpyxl.__version__}, vobject {metadata.version('vobject')}, "
        f"icalendar {icalendar.__version__}"
    )


CORE_CHECKS: list[tuple[str, Check]] = [
    ("Mitgelieferte Dateien", _shipped_files),
    ("Schriften und PDF", _fonts_and_pdf),
    ("Deutsche Datumsangaben", _german_dates),
    ("Zeitzone", _time_zone),
    ("Feiertage", _holidays),
    ("Datenbankschema", _migrations),
    ("SQLite", _sqlite),
    ("Excel, vCard, Kalender", _spreadsheets_and_cards),
    ("PostgreSQL-Treiber", _postgres_driver),
]
OPTIONAL = {"PostgreSQL-Treiber"}


def core_checks() -> list[CheckResult]:
    return run_checks(CORE_CHECKS, optional=OPTIONAL)
