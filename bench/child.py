"""What a fresh process does for the start-up and memory figures of ``python -m bench``.

    python -m bench.child app|bare|stack|visit DB

Why a process of its own: start-up is the advisor's wait from the double click, imports
included, and peak memory is the process's own high-water mark (``VmHWM``). Prints one JSON line
with ``time.monotonic()`` stamps (the same clock as the parent's, system-wide on Linux) so the
parent can count from the moment it started the process.

* ``app``: what ``run_gui`` does up to ``window.show()`` (``shown``: the window is painted once),
  then waits for the Übersicht's background loads and paints it with its figures (``painted``).
  Not included: the daily automatic backup (once a day, not at every start).
* ``bare``: a bare PySide6 main window with a 6×50 table, shown and painted — the floor.
* ``stack``: the same window after importing SQLAlchemy, making an engine and counting the
  persons into the table: the floor of any window on this stack that shows a figure from the
  database (``stack DB``). Everything the app adds — its models, services, pages — is above it.
* ``visit``: the app window, then every page shown and settled; reports the peak resident set.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def peak_rss_kib() -> int:
    for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def settle(app: Any) -> None:
    """Let background operations finish and their results reach the widgets."""
    from beratung.gui.operations import operations_pool, wait_for_operations

    idle = 0
    for _ in range(20):
        wait_for_operations()
        app.sendPostedEvents()
        app.processEvents()
        idle = idle + 1 if operations_pool().activeThreadCount() == 0 else 0
        if idle >= 2:
            break


def run_app(db: str, visit: bool) -> dict[str, Any]:
    import beratung.app as gui_app  # the import is part of the start-up
    from beratung.gui.main_window import VIEW_NAMES, MainWindow
    from beratung.paths import AppPaths
    from beratung.services import Services

    app = gui_app.application()
    services = Services.open(AppPaths(Path(db).parent / "data"), db_path=db, lock=True)
    window = MainWindow(services)
    window.resize(1280, 800)
    window.show()
    app.processEvents()
    window.grab()
    stamps: dict[str, Any] = {"shown": time.monotonic()}
    settle(app)
    window.grab()
    stamps["painted"] = time.monotonic()
    if visit:
        for key in VIEW_NAMES:
            window.show_page(key)
            settle(app)
            window.grab()
        stamps["pages"] = list(VIEW_NAMES)
    stamps["rss_kib"] = peak_rss_kib()
    window.close()
    settle(app)
    services.close()
    return stamps


def run_bare(db: str | None = None) -> dict[str, Any]:
    from PySide6.QtWidgets import QApplication, QMainWindow, QTableWidget, QTableWidgetItem

    app = QApplication([sys.argv[0]])
    window = QMainWindow()
    table = QTableWidget(50, 6)
    for row in range(50):
        for column in range(6):
            table.setItem(row, column, QTableWidgetItem(f"Zeile {row} Spalte {column}"))
    if db is not None:
        from sqlalchemy import create_engine, text

        engine = create_engine(f"sqlite:///{db}")
        with engine.connect() as conn:
            persons = conn.execute(text("SELECT count(*) FROM person")).scalar_one()
        table.setItem(0, 0, QTableWidgetItem(f"{persons} Personen"))
    window.setCentralWidget(table)
    window.resize(1280, 800)
    window.show()
    app.processEvents()
    window.grab()
    now = time.monotonic()
    return {"shown": now, "painted": now, "rss_kib": peak_rss_kib()}


def main(argv: list[str]) -> int:
    mode = argv[0]
    if mode in ("bare", "stack"):
        result = run_bare(argv[1] if mode == "stack" else None)
    else:
        result = run_app(argv[1], visit=mode == "visit")
    print(json.dumps(result))
    sys.stdout.flush()
    os._exit(0)  # skip interpreter teardown: not part of what the advisor waits for


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
