"""The command line: the second face of the application, over the same services as the GUI.

Each area registers its subcommands from its own module (``register(subparsers)``), so the
contract in ``cli.md`` grows without one file everybody edits. Errors reach the user as one
German sentence on stderr: exit status 1 for bad input, 2 for wrong usage.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Collection, Sequence

from beratung.cli import _german  # noqa: F401  (installs German argparse messages)
from beratung.cli.runtime import Runtime
from beratung.domain.errors import UserError

log = logging.getLogger("beratung.cli")


#: Each command and the module that registers it (``register(subparsers)``), with the help line
#: ``beratung --help`` shows. A module is imported only when its command runs: ``--version`` or
#: ``contacts list`` do not pay for importing every service (a test keeps the lines equal to the
#: modules' own).
COMMANDS: dict[str, tuple[str, str]] = {
    "demo": (
        "demo",
        "eine leere Datenbank mit dem Demo-Szenario füllen (Werkstattgespräch Ulm 2017)",
    ),
    "db": ("database", "Datenbank aktualisieren, prüfen, sichern, wiederherstellen"),
    "screenshot": ("screenshot", "eine Ansicht des Hauptfensters als PNG speichern"),
    "contacts": ("contacts", "Kontakte auflisten, importieren, exportieren"),
    "consultations": ("consultations", "Beratungen auflisten"),
    "report": ("report", "Auswertungen ausgeben"),
    "events": ("events", "Veranstaltungen: Einladungen, Anmeldungen, Warteliste, Kalenderdatei"),
    "press": ("press", "Presseinformationen"),
    "print": ("printing", "Dokumente als PDF erzeugen"),
    "privacy": ("privacy", "Datenschutz: Auskunft, Löschung, Löschfristen"),
    "masterdata": ("masterdata", "Gemeindeverzeichnis (Stammdaten) laden und suchen"),
    "selftest": (
        "selftest",
        "prüfen, ob diese Installation vollständig ist (Schriften, PDF, Qt, Drucken …)",
    ),
    "desktop-entry": (
        "desktop",
        "Beratung ins Anwendungsmenü eintragen (Linux, für den angemeldeten Benutzer)",
    ),
}


def _register_commands(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], full: Collection[str]
) -> None:
    """Register the commands in ``full`` by their modules, the others by name and help only
    (enough for ``beratung --help`` and for finding which command was asked for)."""
    for name, (module_name, help_text) in COMMANDS.items():
        if name in full:
            module = importlib.import_module(f"beratung.cli.{module_name}")
            module.register(sub)
        else:
            sub.add_parser(name, help=help_text, add_help=False)


def build_parser(commands: Collection[str] | None = None) -> argparse.ArgumentParser:
    """The parser with ``commands`` fully registered (all of them when ``None``)."""
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
    _register_commands(sub, COMMANDS if commands is None else commands)
    return parser


def parse_arguments(
    argv: Sequence[str] | None,
) -> tuple[argparse.ArgumentParser, argparse.Namespace]:
    """Find the command with a parser that knows the commands by name only, then parse again
    with only that command's module imported and registered."""
    outline = build_parser(commands=())
    found, _rest = outline.parse_known_args(argv)
    if found.command is None:
        return outline, outline.parse_args(argv)
    parser = build_parser(commands=(found.command,))
    return parser, parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    parser, args = parse_arguments(argv)
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
