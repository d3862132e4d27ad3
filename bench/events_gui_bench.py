"""The tab "Einladungen und Anmeldungen" with 2,000 invitees (events issue, item 14, GUI side).

Run: ``QT_QPA_PLATFORM=offscreen .venv/bin/python bench/events_gui_bench.py [--repeat 15]``.
Writes ``bench/results/events_gui.md``; nothing is asserted. The event comes from the service
benchmark's generator (``bench/events_bench.py``, :func:`make_event`: 2,000 persons invited,
200 places, a random selection of 500 for the bulk change).

Measured on the GUI thread, as the advisor waits for it, each next to a baseline in the same
run, so that "Faktor" shows what the tab adds on top of the work it cannot avoid:

* opening the tab: build ``RegistrationsTab`` in a 1280×800 window, ``set_event`` (one
  ``list_registrations`` call, the model, counts) and paint it — baseline: the bare service
  call ``list_registrations(event)``;
* a status filter change ("alle" → "Warteliste", sorted by place, and back) and the repaint —
  baseline: the service call a reload per filter would cost, ``list_registrations(event,
  statuses=[waitlisted])``; the tab filters the rows it has in memory instead;
* one search keystroke (after the debounce, which is not counted) and the repaint — baseline:
  the same match (``search_key`` + ``matches``) over the same rows in plain Python, no Qt;
* selecting the 500 rows (``select_ids``) — no baseline;
* the bulk change of those 500 to "angemeldet" through the tab's own path: the button, the
  operation on the worker thread, the reload, the summary, the repaint — baseline: the bare
  ``set_registration_status_many`` call. Reset to "everybody invited" before each run, untimed.
  For this one the longest time the GUI thread did not answer is reported too (the work runs
  on the worker thread, so it should stay short).
"""

from __future__ import annotations

import argparse
import dataclasses
import importlib.util
import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6 import __version__ as pyside_version
from PySide6.QtWidgets import QApplication, QTabWidget

from beratung.app import application
from beratung.domain.enums import RegistrationStatus
from beratung.domain.rules.search import matches, query_terms, search_key
from beratung.gui.events.registrations import RegistrationsTab
from beratung.gui.operations import wait_for_operations
from beratung.paths import AppPaths
from beratung.services import Services

HERE = Path(__file__).resolve().parent
R = RegistrationStatus


def _events_bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("events_bench", HERE / "events_bench.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["events_bench"] = module
    spec.loader.exec_module(module)
    return module


def summary(times: list[float]) -> tuple[float, float]:
    times = sorted(times)
    return statistics.median(times), times[min(len(times) - 1, int(len(times) * 0.9))]


def measure(
    fn: Callable[[], object], repeat: int, before: Callable[[], object] | None = None
) -> tuple[float, float]:
    """Median and p90 in ms over ``repeat`` runs after one warm-up; ``before`` runs untimed."""
    times = []
    for run in range(repeat + 1):
        if before is not None:
            before()
        began = time.perf_counter()
        fn()
        elapsed = (time.perf_counter() - began) * 1000
        if run:
            times.append(elapsed)
    return summary(times)


@dataclass
class Line:
    name: str
    rows: str
    median: float
    p90: float
    base_name: str = ""
    base_median: float | None = None
    base_p90: float | None = None
    note: str = ""


def ms(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--invitees", type=int, default=2000)
    parser.add_argument("--capacity", type=int, default=200)
    parser.add_argument("--bulk", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--bulk-repeat", type=int, default=7)
    parser.add_argument("--out", type=Path, default=HERE / "results" / "events_gui.md")
    args = parser.parse_args()
    app = application()
    bench_module = _events_bench()
    lines: list[Line] = []
    with tempfile.TemporaryDirectory() as tmp:
        opened = Services.open(
            AppPaths(Path(tmp) / "data"), db_path=Path(tmp) / "bench.sqlite", user="bench"
        )
        services = Services.create(
            dataclasses.replace(opened.context, clock=lambda: bench_module.NOW)
        )
        began = time.perf_counter()
        bench = bench_module.make_event(
            services, args.invitees, capacity=args.capacity, bulk=args.bulk
        )
        setup_s = time.perf_counter() - began
        events = services.events
        event_id = bench.event_id
        selection = list(bench.selection)

        def host() -> tuple[QTabWidget, RegistrationsTab]:
            window = QTabWidget()
            tab = RegistrationsTab(services)
            window.addTab(tab, tab.tab_title())
            window.resize(1280, 800)
            window.show()
            return window, tab

        def paint(window: QTabWidget) -> None:
            window.repaint()
            app.processEvents()

        # ---- opening the tab
        windows: list[QTabWidget] = []

        def open_tab() -> None:
            window, tab = host()
            tab.set_event(events.get_event(event_id))
            paint(window)
            windows.append(window)

        def close_tabs() -> None:
            while windows:
                window = windows.pop()
                window.close()
                window.deleteLater()
            app.processEvents()

        med, p90 = measure(open_tab, args.repeat, before=close_tabs)
        base = measure(
            lambda: (events.get_event(event_id), events.list_registrations(event_id)), args.repeat
        )
        lines.append(
            Line("Reiter öffnen und zeichnen", f"{args.invitees:,}".replace(",", "."), med, p90,
                 "get_event + list_registrations", *base)
        )  # fmt: skip
        close_tabs()

        # The other measurements work on one tab, in the state after one bulk change
        # (200 angemeldet, 300 auf der Warteliste, the rest eingeladen).
        bench_module.reset_to_invited(services, bench)
        events.set_registration_status_many(selection, R.REGISTERED)
        window, tab = host()
        tab.set_event(events.get_event(event_id))
        paint(window)
        waiting = tab.counts().waitlisted

        # ---- status filter change
        def filter_to(value: RegistrationStatus | None) -> Callable[[], None]:
            def change() -> None:
                tab.set_status_filter(value)
                paint(window)

            return change

        med, p90 = measure(filter_to(R.WAITLISTED), args.repeat, before=filter_to(None))
        base = measure(
            lambda: events.list_registrations(event_id, statuses=[R.WAITLISTED]), args.repeat
        )
        lines.append(
            Line("Filter „alle“ → „Warteliste“", f"{waiting} von {args.invitees}", med, p90,
                 "list_registrations(Warteliste)", *base)
        )  # fmt: skip
        med, p90 = measure(filter_to(None), args.repeat, before=filter_to(R.WAITLISTED))
        base = measure(lambda: events.list_registrations(event_id), args.repeat)
        lines.append(
            Line("Filter „Warteliste“ → „alle“", str(args.invitees), med, p90,
                 "list_registrations (alle)", *base)
        )  # fmt: skip
        tab.set_status_filter(None)

        # ---- a search keystroke (the debounce not counted)
        word = tab.rows()[len(tab.rows()) // 2].name.split()[-1][:3]

        def type_search() -> None:
            tab.search.setText(word)
            tab.apply_search()
            paint(window)

        def clear_search() -> None:
            tab.search.setText("")
            tab.apply_search()

        med, p90 = measure(type_search, args.repeat, before=clear_search)
        shown = tab.proxy.rowCount()
        rows = tab.rows()

        def plain_match() -> int:
            terms = query_terms(word)
            return sum(
                1
                for r in rows
                if matches(search_key(r.name, r.organisation, r.role, r.town, r.code), terms)
            )

        base = measure(plain_match, args.repeat)
        lines.append(
            Line(f"Suche „{word}“ (ein Tastendruck)", f"{shown} von {args.invitees}", med, p90,
                 "derselbe Abgleich in Python, ohne Qt", *base)
        )  # fmt: skip
        clear_search()

        # ---- selecting 500
        med, p90 = measure(
            lambda: tab.select_ids(selection), args.repeat, before=tab.table.clearSelection
        )
        lines.append(Line(f"{len(selection)} Zeilen auswählen (select_ids)", "", med, p90))

        # ---- bulk change of 500 through the tab
        changed: list[bool] = []
        tab.changed.connect(lambda: changed.append(True))
        longest: list[float] = []

        def prepare_bulk() -> None:
            bench_module.reset_to_invited(services, bench)
            tab.reload()
            tab.select_ids(selection)
            changed.clear()
            paint(window)

        def bulk_in_tab() -> None:
            tab.actions_by_name["markRegistered"][1].click()
            gap = 0.0
            while not changed:
                started = time.perf_counter()
                app.processEvents()
                gap = max(gap, time.perf_counter() - started)
                time.sleep(0.001)
            paint(window)
            longest.append(gap * 1000)

        med, p90 = measure(bulk_in_tab, args.bulk_repeat, before=prepare_bulk)
        counts = tab.counts()
        rows_text = (
            f"{len(selection)} ausgewählt → {counts.registered} angemeldet, "
            f"{counts.waitlisted} Warteliste"
        )

        def prepare_base() -> None:
            bench_module.reset_to_invited(services, bench)

        base = measure(
            lambda: events.set_registration_status_many(selection, R.REGISTERED),
            args.bulk_repeat,
            before=prepare_base,
        )
        gap_med, gap_p90 = summary(longest[1:])
        lines.append(
            Line(f"Sammeländerung {len(selection)} → angemeldet (über den Reiter)", rows_text,
                 med, p90, "set_registration_status_many", *base,
                 note=f"GUI-Thread längstens blockiert: Median {gap_med:.0f} ms, "
                      f"p90 {gap_p90:.0f} ms")
        )  # fmt: skip
        wait_for_operations()
        window.close()
        opened.close()

    args.out.write_text(report(args, lines, setup_s), encoding="utf-8")
    print(args.out.read_text(encoding="utf-8"))
    return 0


def report(args: argparse.Namespace, lines: list[Line], setup_s: float) -> str:
    today = datetime.now(UTC).date()
    cpu = platform.processor() or platform.machine()
    out = [
        "# Veranstaltungen: der Reiter „Einladungen und Anmeldungen“ mit 2.000 Eingeladenen",
        "",
        f"Erzeugt von `bench/events_gui_bench.py` am {today:%Y-%m-%d}: {args.invitees} "
        f"Eingeladene, {args.capacity} Plätze, {args.bulk} zufällig ausgewählt für die "
        f"Sammeländerung (Daten aus `bench/events_bench.py`, `make_event`, Aufbau "
        f"{setup_s:.1f} s). SQLite-Datei, Qt offscreen, Fenster 1280×800. Python "
        f"{platform.python_version()}, PySide6 {pyside_version}, {cpu}, "
        f"{os.cpu_count()} Kerne, {platform.system()} {platform.release()}.",
        "",
        f"Zeiten in ms: Median und 90. Perzentil aus {args.repeat} Läufen nach einem "
        f"Aufwärmlauf (Sammeländerung: {args.bulk_repeat} Läufe, vor jedem ungemessen auf "
        "„alle eingeladen“ zurückgesetzt). Gemessen auf dem GUI-Thread bis zum fertig "
        "gezeichneten Fenster. Die Baseline läuft im selben Lauf auf denselben Daten: der "
        "Dienstaufruf allein (bzw. für die Suche derselbe Abgleich ohne Qt). „Faktor“ = Reiter ÷ "
        "Baseline; was darüber liegt, kostet die Oberfläche selbst.",
        "",
        "| Messung | Zeilen | Median | p90 | Baseline | Baseline Median | Baseline p90 | Faktor |",
        "|---|---|---:|---:|---|---:|---:|---:|",
    ]
    for line in lines:
        factor = f"{line.median / line.base_median:.1f}×" if line.base_median else "–"
        out.append(
            f"| {line.name} | {line.rows} | {ms(line.median)} | {ms(line.p90)} | "
            f"{line.base_name or '–'} | {ms(line.base_median)} | {ms(line.base_p90)} | {factor} |"
        )
    notes = [line for line in lines if line.note]
    if notes:
        out.append("")
        for line in notes:
            out.append(f"{line.name}: {line.note}.")
    out.append("")
    return "\n".join(out)


if __name__ == "__main__":
    QApplication.setDesktopSettingsAware(False)
    raise SystemExit(main())
