"""``beratung privacy export|erase|purge-due|record``: data protection from the command line.

The commands ask nothing (they are for scripts and IT staff); each prints what it did. Output
names a person by number only, so a transcript of a script run holds no personal data beyond
the ids the caller passed in.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from beratung.cli.runtime import Runtime


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("privacy", help="Datenschutz: Auskunft, Löschung, Löschfristen")
    actions = parser.add_subparsers(dest="privacy_command", metavar="AKTION", required=True)

    export = actions.add_parser(
        "export",
        help="alles über eine Person ausgeben (Auskunft nach Art. 15 DSGVO, PDF und JSON)",
    )
    export.add_argument("person", type=int, metavar="PERSON", help="Nummer der Person")
    export.add_argument(
        "--out",
        required=True,
        metavar="DATEI",
        help="Zieldatei; DATEI.pdf bekommt DATEI.json daneben (und umgekehrt), "
        "ein anderer Name beide Endungen",
    )
    export.set_defaults(handler=_export)

    erase = actions.add_parser(
        "erase",
        help="eine Person anonymisieren (Art. 17 DSGVO); Statistiken bleiben richtig",
    )
    erase.add_argument("person", type=int, metavar="PERSON", help="Nummer der Person")
    erase.set_defaults(handler=_erase)

    purge = actions.add_parser(
        "purge-due",
        help="löschen, was über seine Frist hinaus gespeichert ist (Bedarfe, alte Beratungen); "
        "Kontakte ohne Aktivität werden nur zur Prüfung aufgelistet",
    )
    purge.add_argument(
        "--dry-run", action="store_true", help="nur anzeigen, was fällig ist; nichts ändern"
    )
    purge.set_defaults(handler=_purge_due)

    record = actions.add_parser(
        "record",
        help="Verzeichnis von Verarbeitungstätigkeiten (Art. 30 DSGVO) als PDF",
    )
    record.add_argument("--out", required=True, metavar="DATEI.pdf", help="Zieldatei")
    record.set_defaults(handler=_record)


def _export(args: argparse.Namespace, runtime: Runtime) -> int:
    result = runtime.services().privacy.export_person(args.person, Path(args.out))
    print(
        f"Auskunft für Person Nr. {result.person_id} gespeichert: {result.pdf_path} "
        f"({result.page_count} Seiten) und {result.json_path}."
    )
    for title, count in result.counts:
        print(f"  {title}: {count}")
    return 0


def _erase(args: argparse.Namespace, runtime: Runtime) -> int:
    result = runtime.services().privacy.erase_person(args.person)
    for line in result.lines():
        print(line)
    return 0


def _purge_due(args: argparse.Namespace, runtime: Runtime) -> int:
    result = runtime.services().privacy.purge_due(dry_run=args.dry_run)
    for line in result.lines():
        print(line)
    return 0


def _record(args: argparse.Namespace, runtime: Runtime) -> int:
    out = Path(args.out)
    if out.suffix.lower() != ".pdf":
        print("Fehler: Das Verzeichnis wird als PDF gespeichert; bitte eine Datei mit der "
              "Endung .pdf angeben.", file=sys.stderr)
        return 1
    path, pages = runtime.services().privacy.write_processing_record(out)
    print(f"Verzeichnis von Verarbeitungstätigkeiten gespeichert: {path} ({pages} Seiten).")
    return 0
