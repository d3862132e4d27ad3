"""Kontakte page speed with 20,000 persons and 2,000 organisations (issue 3, GUI side).

Run: ``QT_QPA_PLATFORM=offscreen .venv/bin/python bench/contacts_gui_bench.py [--repeat 15]``.
Writes ``bench/results/contacts_gui.md``; nothing is asserted. The data come from the service
benchmark's generator (``bench/contacts_bench.py``, bulk insert).

Measured on the GUI thread, as the user waits for it:

* opening the page: build the ``ContactsPage``, ``refresh()`` (filter options, count, first page
  of 200 rows, first person's detail form) and paint it (``grab()``);
* one search keystroke: ``apply_filter()`` after the 150 ms debounce (count + first page + model
  reset + detail of the first hit) and the repaint of the list; the debounce itself is not counted;
* scrolling: one ``fetchMore`` (the next 200 rows) and the repaint;
* sorting by a header (Organisation) and the repaint.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from beratung.app import application
from beratung.gui.pages.contacts import ContactsPage
from beratung.paths import AppPaths
from beratung.services import Services

HERE = Path(__file__).resolve().parent


def _generator() -> Callable[[Services, int, int], None]:
    spec = importlib.util.spec_from_file_location("contacts_bench", HERE / "contacts_bench.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["contacts_bench"] = module
    spec.loader.exec_module(module)
    return module.generate  # type: ignore[no-any-return]


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def summary(times: list[float]) -> tuple[float, float]:
    times = sorted(times)
    return statistics.median(times), times[min(len(times) - 1, int(len(times) * 0.9))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--persons", type=int, default=20_000)
    parser.add_argument("--organisations", type=int, default=2_000)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--out", type=Path, default=HERE / "results" / "contacts_gui.md")
    args = parser.parse_args()
    app = application()
    with tempfile.TemporaryDirectory() as tmp:
        paths = AppPaths(Path(tmp) / "data")
        services = Services.open(paths, db_path=Path(tmp) / "bench.sqlite", user="bench")
        _generator()(services, args.persons, args.organisations)
        results: list[tuple[str, float, float, int]] = []

        def repaint(page: ContactsPage) -> None:
            page.table.viewport().repaint()
            app.processEvents()

        # ---- opening the page
        open_times = []
        for _ in range(args.repeat + 1):

            def open_page() -> ContactsPage:
                page = ContactsPage(services)
                page.resize(1060, 760)
                page.show()
                page.refresh()
                page.grab()
                app.processEvents()
                return page

            start = time.perf_counter()
            page = open_page()
            open_times.append((time.perf_counter() - start) * 1000)
            assert page.person_model.rowCount() == 200
            page.close()
            page.deleteLater()
            app.processEvents()
        results.append(("Seite öffnen (erste 200 Zeilen gezeichnet)", *summary(open_times[1:]), 0))

        page = ContactsPage(services)
        page.resize(1060, 760)
        page.show()
        page.refresh()
        app.processEvents()

        # ---- search keystrokes
        words = ["muller", "schmidt", "stadt ulm", "bürgermeister", "weber@", "inklusion"]
        key_times: list[float] = []
        hits: list[int] = []
        for _ in range(max(1, args.repeat // 5)):
            for word in words:
                for end in range(1, len(word) + 1):
                    page.search.setText(word[:end])

                    def keystroke() -> None:
                        page.apply_filter()
                        repaint(page)

                    key_times.append(timed(keystroke))
                    hits.append(page.person_model.total)
            page.reset_filters()
        results.append(
            (
                "Suche: ein Tastendruck (nach 150 ms Pause) bis zur neuen Liste",
                *summary(key_times),
                len(key_times),
            )
        )
        page.search.setText("muller")
        page.apply_filter()
        muller_hits = page.person_model.total
        page.reset_filters()

        # ---- scrolling: one more page
        scroll_times = []
        for _ in range(args.repeat):
            if not page.person_model.canFetchMore():
                page.person_model.reload()

            def scroll() -> None:
                page.person_model.fetchMore()
                page.table.scrollToBottom()
                repaint(page)

            scroll_times.append(timed(scroll))
        results.append(("Blättern: nächste 200 Zeilen nachladen", *summary(scroll_times), 0))

        # ---- sorting by the Organisation header
        sort_times = []
        for number in range(args.repeat):
            order = Qt.SortOrder.AscendingOrder if number % 2 else Qt.SortOrder.DescendingOrder

            def sort(order: Qt.SortOrder = order) -> None:
                page.table.sortByColumn(1, order)
                repaint(page)

            sort_times.append(timed(sort))
        results.append(("Sortieren nach Organisation (Kopfzeile)", *summary(sort_times), 0))
        services.close()

    lines = [
        "# Kontakte-Seite: Geschwindigkeit der Oberfläche",
        "",
        "{persons} Personen, {orgs} Organisationen (SQLite, Generator aus "
        "`bench/contacts_bench.py`), Qt offscreen, Seitengröße des Modells 200, "
        "Wiederholungen: {repeat}. Erzeugt von `bench/contacts_gui_bench.py`.".format(
            persons=f"{args.persons:,}".replace(",", "."),
            orgs=f"{args.organisations:,}".replace(",", "."),
            repeat=args.repeat,
        ),
        "",
        "| Vorgang | Median ms | 90 % ms |",
        "|---|---:|---:|",
    ]
    for name, median, p90, count in results:
        label = f"{name} ({count} Tastendrücke)" if count else name
        lines.append(f"| {label} | {median:.1f} | {p90:.1f} |")
    lines += [
        "",
        f"„muller“ findet {muller_hits} Personen (Umlaute gefaltet). Ein Tastendruck enthält "
        "Anzahl, erste Seite, Modell-Reset, Detailformular des ersten Treffers und Neuzeichnen; "
        "die Entprellung von 150 ms kommt für die Benutzerin hinzu.",
        "",
    ]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))
    QApplication.processEvents()


if __name__ == "__main__":
    main()
