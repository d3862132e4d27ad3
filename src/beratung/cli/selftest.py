"""``beratung selftest``: check that this installation can do its work (for IT staff)."""

from __future__ import annotations

import argparse
import os

from beratung.cli.runtime import Runtime
from beratung.services.selftest import CheckResult


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "selftest",
        help="prüfen, ob diese Installation vollständig ist (Schriften, PDF, Qt, Drucken …)",
    )
    parser.add_argument(
        "--no-gui", action="store_true", help="ohne die Prüfungen der Programmoberfläche (Qt)"
    )
    parser.set_defaults(handler=_selftest)


def _selftest(args: argparse.Namespace, runtime: Runtime) -> int:
    from beratung.services.selftest import core_checks

    results = core_checks()
    if not args.no_gui:
        results += _qt_results()
    width = max(len(result.name) for result in results)
    failed = 0
    for result in results:
        if result.ok:
            status = "ok"
        elif result.optional:
            status = "fehlt"
        else:
            status = "FEHLER"
            failed += 1
        print(f"{status:<7} {result.name:<{width}}  {result.detail}")
    if failed:
        print(f"Ergebnis: {failed} Prüfung(en) fehlgeschlagen.")
        return 1
    print("Ergebnis: diese Installation ist vollständig.")
    return 0


def _qt_results() -> list[CheckResult]:
    """Qt's checks, after loading Qt itself: a missing system library (libEGL, xcb) is the
    failure IT most needs to see, so it is reported like any other, not as a traceback."""
    try:
        from beratung.app import application, has_display

        if not has_display():
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        application()
        from beratung.gui.selftest import qt_checks
    except Exception as exc:  # ImportError of a Qt module, a platform plugin that cannot load
        return [CheckResult("Qt", False, f"Qt lässt sich nicht laden: {type(exc).__name__}: {exc}")]
    return qt_checks()
