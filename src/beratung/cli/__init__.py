"""The command line: the second face of the application, over the same services as the GUI.

Each area registers its subcommands from its own module (``register(subparsers)``), so the
contract in ``cli.md`` grows without one file everybody edits. Errors reach the user as one
German sentence on stderr: exit status 1 for bad input, 2 for wrong usage.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from beratung.cli import _german  # noqa: F401  (installs German argparse messages)
from beratung.cli.runtime import Runtime
from beratung.domain.errors import UserError

log = logging.getLogger("beratung.cli")


def _register_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from beratung.cli import database, demo, screenshot

    for module in (demo, database, screenshot):
        module.register(sub)
    # Areas added by later issues register themselves here when present.
    import importlib

    for name in (
        "contacts",
        "consultations",
        "report",
        "events",
        "press",
        "printing",
        "privacy",
        "masterdata",
        "selftest",
        "desktop",
    ):
        try:
            module = importlib.import_module(f"beratung.cli.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"beratung.cli.{name}":
                raise
            continue
        module.register(sub)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="beratung",
        description="Beratung – Fachberatung Inklusion des Städtetags Baden-Württemberg. "
        "Ohne Unterbefehl startet die Programmoberfläche.",
    )
    parser.add_argument(
        "--version",
        action="store_true",
        help="Programmversion, Datenbank mit Schemastand und Ablageorte anzeigen und beenden",
    )
    parser.add_argument("--db", metavar="PFAD", help="diese SQLite-Datei verwenden")
    parser.add_argument(
        "--database-url",
        metavar="URL",
        help="beliebige SQLAlchemy-URL, z. B. postgresql+psycopg://… "
        "(auch über BERATUNG_DATABASE_URL)",
    )
    parser.add_argument(
        "--data-dir",
        metavar="ORDNER",
        help="Datenordner (Datenbank, Sicherungen, Anhänge, Protokolle); "
        "Standard: der Benutzerdatenordner (auch über BERATUNG_DATA_DIR)",
    )
    parser.add_argument("--verbose", "-v", action="store_true", help="ausführliche Meldungen")
    sub = parser.add_subparsers(dest="command", metavar="BEFEHL", title="Befehle")
    _register_commands(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.db and args.database_url:
        parser.error("--db und --database-url schließen sich aus; bitte nur eines angeben")
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    runtime = Runtime.from_args(args)
    try:
        if args.version:
            from beratung.services.about import about

            print(about(runtime.paths, db_path=args.db, url=args.database_url).text())
            return 0
        if args.command is None:
            from beratung.app import run_gui

            return run_gui(runtime.paths, db_path=args.db, url=args.database_url)
        handler = args.handler
        return int(handler(args, runtime) or 0)
    except UserError as exc:
        print(f"Fehler: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("Abgebrochen.", file=sys.stderr)
        return 130
    except Exception as exc:
        from beratung.services.database import explain_database_error

        known = explain_database_error(exc, runtime.describe_database())
        if known is None:
            raise
        log.debug("database error", exc_info=True)
        print(f"Fehler: {known}", file=sys.stderr)
        return 1
    finally:
        runtime.close()
