"""The GUI figures of ``python -m bench`` for one database, in a process of its own.

    python -m bench.gui_figures DB REPEAT

Why a separate process per size: each size must start from a cold cache of its own, and the
Qt application must not leak one size's widgets into the next. Prints one JSON list of figures
(see :func:`bench.figures.figure`), each the median of ``REPEAT`` runs, its baseline measured
alternately in the same process: the bare query on a plain ``sqlite3`` connection that returns
the same rows the page shows (count and first page; for searches the same indexed condition:
``search_text LIKE`` for contacts, the FTS5 ``MATCH`` for consultations). What a figure adds
over its baseline is the service (ORM, rules), the model update and the repaint.
"""

from __future__ import annotations

import gc
import json
import os
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication, QTabWidget, QWidget

from bench.child import settle
from beratung.app import application
from beratung.domain.rules.search import query_terms
from beratung.gui.events.registrations import RegistrationsTab
from beratung.gui.pages.consultations import ConsultationsPage
from beratung.gui.pages.contacts import ContactsPage
from beratung.gui.pages.events import EventsPage
from beratung.gui.pages.reports import ReportsPage
from beratung.paths import AppPaths
from beratung.services import Services
from beratung.storage import search

CONTACT_WORDS = ("muller", "stutt", "stadt ulm")
CONSULTATION_WORDS = ("Förderung", "quartiers", "barrierefreien strassen")


def prefixes(word: str) -> list[str]:
    """What the search field holds after some keystrokes of ``word`` (not every one: the
    repeats of every prefix would make the run long; the middle ones behave alike)."""
    ends = sorted({3, (3 + len(word)) // 2, len(word)})
    return [word[:end] for end in ends if end <= len(word)]


PAGE = 200
CONSULTATION_PAGE = 100

PERSON_ROWS = """
SELECT p.id, p.first_name, p.last_name, p.email, a.role, o.name, o.town
FROM person p
LEFT JOIN affiliation a ON a.person_id = p.id AND a.is_primary
LEFT JOIN organisation o ON o.id = a.organisation_id
{where} ORDER BY p.sort_name LIMIT {limit} OFFSET {offset}
"""
CONSULTATION_ROWS = """
SELECT c.id, c.occurred_at, c.subject, c.mode, o.name
FROM consultation c LEFT JOIN organisation o ON o.id = c.organisation_id
{where} ORDER BY c.occurred_at DESC LIMIT {limit} OFFSET {offset}
"""


def _ms(call: Callable[[], object]) -> float:
    began = time.perf_counter()
    call()
    return (time.perf_counter() - began) * 1000


def alternate(
    subject: Callable[[], object],
    baseline: Callable[[], object],
    repeat: int,
    before: Callable[[], object] | None = None,
) -> tuple[float, float]:
    """Medians (ms) of subject and baseline, run alternately after one warm-up of each."""
    subject_times: list[float] = []
    baseline_times: list[float] = []
    gc.collect()
    for run in range(repeat + 1):
        if before is not None:
            before()
        took = _ms(subject)
        base = _ms(baseline)
        if run:
            subject_times.append(took)
            baseline_times.append(base)
    return statistics.median(subject_times), statistics.median(baseline_times)


_LAP = [time.perf_counter()]


def _lap(results: list[dict[str, Any]]) -> None:
    """Progress on stderr (the figures' own time), so a slow figure shows where it is."""
    now = time.perf_counter()
    print(f"  Abschnitt {len(results) + 1}: {now - _LAP[0]:.1f} s", file=sys.stderr)
    _LAP[0] = now


def row(key: str, label: str, value: float, baseline_label: str, baseline: float) -> dict[str, Any]:
    return {
        "key": key,
        "label": label,
        "unit": "ms",
        "value": value,
        "baseline_label": baseline_label,
        "baseline": baseline,
    }


@dataclass(frozen=True)
class ListPage:
    """What differs between the list pages measured alike (Kontakte, Beratungen): the page,
    its search field and model, and the bare SQL of what it shows.

    Why one shape: opening, one search keystroke and scrolling by a page are what the advisor
    waits for on every list, and a figure measured one way on one list and another way on the
    next could not be compared."""

    key: str  # figure key prefix
    title: str  # the page's German name
    noun: str  # what the rows are, plural
    page: Callable[[Services], QWidget]
    page_size: int
    #: ``FROM`` of the count (with the alias the conditions use) and the rows' SELECT.
    table: str
    rows: str
    words: tuple[str, ...]
    #: What the field holds → the SQL condition and its parameters (``None``: no word).
    condition: Callable[[str], tuple[str, tuple[object, ...]] | None]
    condition_label: str
    #: Put the text in the search field and run the page's filter, as a keystroke does.
    type_text: Callable[[Any, str], None]
    model: Callable[[Any], Any]


def _contact_condition(typed: str) -> tuple[str, tuple[object, ...]]:
    terms = query_terms(typed)
    where = "WHERE " + " AND ".join("p.search_text LIKE ?" for _ in terms)
    return where, tuple(f"%{t}%" for t in terms)


def _consultation_condition(typed: str) -> tuple[str, tuple[object, ...]] | None:
    match = search.fts5_query(typed)
    if match is None:
        return None
    return "WHERE c.id IN (SELECT rowid FROM consultation_fts WHERE consultation_fts MATCH ?)", (
        match,
    )


def _type_contact(page: ContactsPage, typed: str) -> None:
    page.search.setText(typed)
    page.apply_filter()


def _type_consultation(page: ConsultationsPage, typed: str) -> None:
    page.search_edit.setText(typed)
    page.apply_filters()


LIST_PAGES = (
    ListPage(
        "contacts", "Kontakte", "Personen", ContactsPage, PAGE, "person p", PERSON_ROWS,
        CONTACT_WORDS, _contact_condition, "search_text LIKE", _type_contact,
        lambda page: page.person_model,
    ),
    ListPage(
        "consultations", "Beratungen", "Beratungen", ConsultationsPage, CONSULTATION_PAGE,
        "consultation c", CONSULTATION_ROWS, CONSULTATION_WORDS, _consultation_condition,
        "FTS5 MATCH", _type_consultation, lambda page: page.model,
    ),
)  # fmt: skip


class Bench:
    """The offscreen application, the services and a plain ``sqlite3`` connection for the
    baselines, and the widgets shown so far (closed before the next figure)."""

    def __init__(self, db: str, repeat: int) -> None:
        self.app = application()
        self.repeat = repeat
        self.services = Services.open(AppPaths(Path(db).parent / "data"), db_path=db)
        self.raw = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        self.results: list[dict[str, Any]] = []
        self.hosts: list[QWidget] = []

    def show(self, widget: QWidget) -> QWidget:
        widget.resize(1060, 760)
        widget.show()
        self.hosts.append(widget)
        return widget

    def close_all(self) -> None:
        while self.hosts:
            widget = self.hosts.pop()
            widget.close()
            widget.deleteLater()
        self.app.processEvents()

    def paint(self, widget: QWidget) -> None:
        widget.repaint()
        self.app.processEvents()

    def sql(self, statement: str, *params: object) -> list[Any]:
        return self.raw.execute(statement, params).fetchall()

    def add(self, key: str, label: str, value: float, baseline_label: str, base: float) -> None:
        _lap(self.results)
        self.results.append(row(key, label, value, baseline_label, base))

    def close(self) -> None:
        self.raw.close()
        self.services.close()


def list_page(bench: Bench, spec: ListPage) -> None:
    """Open the page, type into its search field, scroll it by a page: three figures, each vs
    the bare SQL returning the same rows (count and page)."""
    size = spec.page_size

    def bare_page(where: str = "", params: tuple[object, ...] = ()) -> None:
        bench.sql(f"SELECT count(*) FROM {spec.table} {where}", *params)
        bench.sql(spec.rows.format(where=where, limit=size, offset=0), *params)

    def open_page() -> None:
        page = bench.show(spec.page(bench.services))
        page.refresh()  # type: ignore[attr-defined]
        bench.paint(page)

    med, base = alternate(open_page, bare_page, bench.repeat, before=bench.close_all)
    bench.add(f"{spec.key}_open", f"{spec.title} öffnen (erste Seite gezeichnet)", med,
              f"count + erste {size} {spec.noun} (SQL)", base)  # fmt: skip
    bench.close_all()
    page: Any = bench.show(spec.page(bench.services))
    page.refresh()
    bench.paint(page)
    keystrokes: list[tuple[float, float]] = []
    for word in spec.words:
        for typed in prefixes(word):
            condition = spec.condition(typed)
            if condition is None:
                continue

            def keystroke(typed: str = typed) -> None:
                spec.type_text(page, typed)
                page.table.viewport().repaint()
                bench.app.processEvents()

            def bare_search(condition: tuple[str, tuple[object, ...]] = condition) -> None:
                bare_page(*condition)

            keystrokes.append(alternate(keystroke, bare_search, bench.repeat))
    bench.add(f"{spec.key}_search",
              f"{spec.title}: ein Suchtastendruck bis zur neu gezeichneten Liste",
              statistics.median(k[0] for k in keystrokes),
              f"{spec.condition_label}: count + {size} (SQL)",
              statistics.median(k[1] for k in keystrokes))  # fmt: skip
    spec.type_text(page, "")
    bench.app.processEvents()
    model = spec.model(page)
    state = {"offset": size}

    def scroll() -> None:
        if not model.canFetchMore():
            model.reload()
        state["offset"] = model.rowCount()
        model.fetchMore()
        page.table.scrollToBottom()
        page.table.viewport().repaint()
        bench.app.processEvents()

    med, base = alternate(
        scroll,
        lambda: bench.sql(spec.rows.format(where="", limit=size, offset=state["offset"])),
        bench.repeat,
    )
    bench.add(f"{spec.key}_scroll", f"{spec.title} blättern: nächste {size} Zeilen", med,
              f"{size} Zeilen ab Versatz (SQL)", base)  # fmt: skip
    bench.close_all()


def main(argv: list[str]) -> int:
    db, repeat = argv[0], int(argv[1])
    bench = Bench(db, repeat)
    app, services, results = bench.app, bench.services, bench.results
    show, close_all, paint, sql = bench.show, bench.close_all, bench.paint, bench.sql
    for spec in LIST_PAGES:
        list_page(bench, spec)

    # ---------------------------------------------------------------- Anmeldungen
    event_id, registrations = sql(
        "SELECT event_id, count(*) FROM registration GROUP BY event_id "
        "ORDER BY count(*) DESC, event_id LIMIT 1"
    )[0]

    def open_registrations() -> None:
        window = QTabWidget()
        tab = RegistrationsTab(services)
        window.addTab(tab, tab.tab_title())
        show(window)
        tab.set_event(services.events.get_event(event_id))
        paint(window)

    med, base = alternate(
        open_registrations,
        lambda: sql(
            "SELECT r.id, r.status, r.code, p.first_name, p.last_name, o.name "
            "FROM registration r JOIN person p ON p.id = r.person_id "
            "LEFT JOIN affiliation a ON a.id = r.affiliation_id "
            "LEFT JOIN organisation o ON o.id = a.organisation_id WHERE r.event_id = ? "
            "ORDER BY p.sort_name",
            event_id,
        ),
        repeat,
        before=close_all,
    )
    _lap(results)
    results.append(row("registrations_open",
                       f"Anmeldungen einer Veranstaltung öffnen ({registrations} Eingeladene)",
                       med, "Anmeldungen mit Person und Organisation (SQL)", base))  # fmt: skip
    close_all()

    # ---------------------------------------------------------------- Veranstaltungen
    events = sql("SELECT count(*) FROM event")[0][0]

    def open_events() -> None:
        page = EventsPage(services)
        show(page)
        page.refresh()
        settle(app)
        paint(page)

    med, base = alternate(
        open_events,
        lambda: sql(
            "SELECT e.id, e.title, e.starts_at, count(r.id) FROM event e "
            "LEFT JOIN registration r ON r.event_id = e.id GROUP BY e.id ORDER BY e.starts_at"
        ),
        repeat,
        before=close_all,
    )
    _lap(results)
    results.append(row("events_open", f"Veranstaltungen öffnen ({events} Veranstaltungen)", med,
                       "Veranstaltungen mit Anmeldezahl (SQL)", base))  # fmt: skip
    close_all()

    # ---------------------------------------------------------------- Statistik
    year = int(sql("SELECT max(substr(occurred_at, 1, 4)) FROM consultation")[0][0])
    year_count = sql(
        "SELECT count(*) FROM consultation WHERE occurred_at >= ? AND occurred_at < ?",
        f"{year}-01-01", f"{year + 1}-01-01",
    )[0][0]

    def open_statistics() -> None:
        page = ReportsPage(services)
        show(page)
        page.refresh()
        page.set_year(year)
        settle(app)
        paint(page)

    def statistics_sql() -> None:
        bounds = (f"{year}-01-01", f"{year + 1}-01-01")
        where = "WHERE c.occurred_at >= ? AND c.occurred_at < ?"
        sql(f"SELECT c.mode, count(*) FROM consultation c {where} GROUP BY c.mode", *bounds)
        sql(
            "SELECT t.topic_id, count(*) FROM consultation c JOIN consultation_topic t "
            f"ON t.consultation_id = c.id {where} GROUP BY t.topic_id",
            *bounds,
        )
        sql(
            "SELECT o.regierungsbezirk, count(*) FROM consultation c JOIN organisation o "
            f"ON o.id = c.organisation_id {where} GROUP BY o.regierungsbezirk",
            *bounds,
        )
        sql(f"SELECT substr(c.occurred_at, 6, 2), count(*) FROM consultation c {where} "
            "GROUP BY 1", *bounds)  # fmt: skip

    med, base = alternate(open_statistics, statistics_sql, repeat, before=close_all)
    _lap(results)
    results.append(row("statistics_open",
                       f"Statistik eines Jahres ({year}: {year_count} Beratungen)", med,
                       "Zählungen nach Art, Thema, Bezirk, Monat (SQL)", base))  # fmt: skip
    close_all()

    bench.close()
    print(json.dumps(results))
    sys.stdout.flush()
    QApplication.processEvents()
    os._exit(0)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
