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


def main(argv: list[str]) -> int:
    db, repeat = argv[0], int(argv[1])
    app = application()
    services = Services.open(AppPaths(Path(db).parent / "data"), db_path=db)
    raw = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    results: list[dict[str, Any]] = []
    hosts: list[QWidget] = []

    def show(widget: QWidget) -> QWidget:
        widget.resize(1060, 760)
        widget.show()
        hosts.append(widget)
        return widget

    def close_all() -> None:
        while hosts:
            widget = hosts.pop()
            widget.close()
            widget.deleteLater()
        app.processEvents()

    def paint(widget: QWidget) -> None:
        widget.repaint()
        app.processEvents()

    def sql(statement: str, *params: object) -> list[Any]:
        return raw.execute(statement, params).fetchall()

    # ---------------------------------------------------------------- Kontakte
    def person_page(where: str = "", params: tuple[object, ...] = (), offset: int = 0) -> None:
        sql(f"SELECT count(*) FROM person p {where}", *params)
        sql(PERSON_ROWS.format(where=where, limit=PAGE, offset=offset), *params)

    def open_contacts() -> None:
        page = ContactsPage(services)
        show(page)
        page.refresh()
        paint(page)

    med, base = alternate(open_contacts, person_page, repeat, before=close_all)
    _lap(results)
    results.append(row("contacts_open", "Kontakte öffnen (erste Seite gezeichnet)", med,
                       "count + erste 200 Personen (SQL)", base))  # fmt: skip
    close_all()
    contacts = ContactsPage(services)
    show(contacts)
    contacts.refresh()
    paint(contacts)
    keystrokes: list[tuple[float, float]] = []
    for word in CONTACT_WORDS:
        for typed in prefixes(word):
            terms = query_terms(typed)
            where = "WHERE " + " AND ".join("p.search_text LIKE ?" for _ in terms)
            params = tuple(f"%{t}%" for t in terms)

            def contact_key(typed: str = typed) -> None:
                contacts.search.setText(typed)
                contacts.apply_filter()
                contacts.table.viewport().repaint()
                app.processEvents()

            keystrokes.append(
                alternate(contact_key, lambda w=where, p=params: person_page(w, p), repeat)
            )
    _lap(results)
    results.append(row(
        "contacts_search", "Kontakte: ein Suchtastendruck bis zur neu gezeichneten Liste",
        statistics.median(k[0] for k in keystrokes), "search_text LIKE: count + 200 (SQL)",
        statistics.median(k[1] for k in keystrokes),
    ))  # fmt: skip
    contacts.search.setText("")
    contacts.apply_filter()
    app.processEvents()
    model = contacts.person_model
    state = {"offset": PAGE}

    def contacts_scroll() -> None:
        if not model.canFetchMore():
            model.reload()
        state["offset"] = model.rowCount()
        model.fetchMore()
        contacts.table.scrollToBottom()
        contacts.table.viewport().repaint()
        app.processEvents()

    med, base = alternate(
        contacts_scroll,
        lambda: sql(PERSON_ROWS.format(where="", limit=PAGE, offset=state["offset"])),
        repeat,
    )
    _lap(results)
    results.append(row("contacts_scroll", "Kontakte blättern: nächste 200 Zeilen", med,
                       "200 Zeilen ab Versatz (SQL)", base))  # fmt: skip
    close_all()

    # ---------------------------------------------------------------- Beratungen
    def consultation_page(
        where: str = "", params: tuple[object, ...] = (), offset: int = 0
    ) -> None:
        sql(f"SELECT count(*) FROM consultation c {where}", *params)
        sql(CONSULTATION_ROWS.format(where=where, limit=CONSULTATION_PAGE, offset=offset), *params)

    def open_consultations() -> None:
        page = ConsultationsPage(services)
        show(page)
        page.refresh()
        paint(page)

    med, base = alternate(open_consultations, consultation_page, repeat, before=close_all)
    _lap(results)
    results.append(row("consultations_open", "Beratungen öffnen (erste Seite gezeichnet)", med,
                       "count + erste 100 Beratungen (SQL)", base))  # fmt: skip
    close_all()
    consultations = ConsultationsPage(services)
    show(consultations)
    consultations.refresh()
    paint(consultations)
    keystrokes = []
    fts_where = (
        "WHERE c.id IN (SELECT rowid FROM consultation_fts WHERE consultation_fts MATCH ?)"
    )
    for word in CONSULTATION_WORDS:
        for typed in prefixes(word):
            match = search.fts5_query(typed)
            if match is None:
                continue

            def consultation_key(typed: str = typed) -> None:
                consultations.search_edit.setText(typed)
                consultations.apply_filters()
                consultations.table.viewport().repaint()
                app.processEvents()

            keystrokes.append(alternate(
                consultation_key,
                lambda m=match: consultation_page(fts_where, (m,)),
                repeat,
            ))  # fmt: skip
    _lap(results)
    results.append(row(
        "consultations_search", "Beratungen: ein Suchtastendruck bis zur neu gezeichneten Liste",
        statistics.median(k[0] for k in keystrokes), "FTS5 MATCH: count + 100 (SQL)",
        statistics.median(k[1] for k in keystrokes),
    ))  # fmt: skip
    consultations.search_edit.setText("")
    consultations.apply_filters()
    app.processEvents()
    cmodel = consultations.model

    def consultations_scroll() -> None:
        if not cmodel.canFetchMore():
            cmodel.reload()
        state["offset"] = cmodel.rowCount()
        cmodel.fetchMore()
        consultations.table.scrollToBottom()
        consultations.table.viewport().repaint()
        app.processEvents()

    med, base = alternate(
        consultations_scroll,
        lambda: sql(
            CONSULTATION_ROWS.format(where="", limit=CONSULTATION_PAGE, offset=state["offset"])
        ),
        repeat,
    )
    _lap(results)
    results.append(row("consultations_scroll", "Beratungen blättern: nächste 100 Zeilen", med,
                       "100 Zeilen ab Versatz (SQL)", base))  # fmt: skip
    close_all()

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

    raw.close()
    services.close()
    print(json.dumps(results))
    sys.stdout.flush()
    QApplication.processEvents()
    os._exit(0)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
