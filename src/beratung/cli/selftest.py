"""``beratung selftest``: check that this installation can do its work (for IT staff)."""

from __future__ import annotations

import argparse
import os

from beratung.cli.runtime import Runtime


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
        from beratung.app import application, has_display
        from beratung.gui.selftest import qt_checks

        if not has_display():
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        application()
        results += qt_checks()
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
