"""``beratung events replies EVENT FILE... [--dry-run]`` (cli.md): returned reply forms.

The service's import (``services/events/replies.py``): the filled PDFs are matched by their
registration code, the changes are listed in German, and without ``--dry-run`` applied in one
transaction. Files that change nothing are listed with the reason on stderr. The exit code is 1
when there were problems and nothing was (or would be) applied, else 0.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from beratung.cli.runtime import Runtime
from beratung.services.events.replies import UNCHANGED, ReplyImport


def register(actions: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = actions.add_parser(
        "replies",
        help="zurückgeschickte, ausgefüllte Antwortformulare (PDF) einlesen",
        description="Liest ausgefüllte Antwortformulare (PDF) ein, ordnet sie über den "
        "Anmeldecode zu und übernimmt Zusage, Absage, Begleitpersonen, Bedarfe (nur mit "
        "angekreuzter Einwilligung) und Bemerkungen in einem Schritt – ist die Veranstaltung "
        "voll, auf die Warteliste. Mit --dry-run wird nur angezeigt, was sich ändern würde.",
    )
    parser.add_argument("event", metavar="VERANSTALTUNG", type=int,
                        help="Nummer der Veranstaltung (beratung events list)")
    parser.add_argument("files", metavar="DATEI", type=Path, nargs="+",
                        help="ausgefüllte Antwortformulare (PDF)")
    parser.add_argument("--dry-run", action="store_true",
                        help="nur anzeigen, was sich ändern würde; nichts speichern")
    parser.set_defaults(handler=_replies)


def print_import(title: str, result: ReplyImport) -> None:
    """The changes on stdout, the problems on stderr, in German."""
    changed = result.changed
    if result.applied:
        print(f"„{title}“: {len(changed)} Antwort(en) übernommen.")
    else:
        print(f"„{title}“ – Probelauf, nichts gespeichert: {len(changed)} Antwort(en) würden "
              "übernommen.")
    for change in result.changes:
        marker = "=" if change.action == UNCHANGED else "–"
        print(f"  {marker} {change.name} (Code {change.code}, {change.file}): {change.text}")
        for note in change.notes:
            print(f"      Hinweis: {note}")
    if result.problems:
        print(f"Nicht übernommen ({len(result.problems)}):", file=sys.stderr)
        for problem in result.problems:
            print(f"  – {problem.text}", file=sys.stderr)


def _replies(args: argparse.Namespace, runtime: Runtime) -> int:
    events = runtime.services().events
    detail = events.get_event(args.event)
    result = events.import_replies(detail.id, args.files, dry_run=args.dry_run)
    print_import(detail.title, result)
    return 1 if result.problems and not result.changed else 0


__all__ = ["print_import", "register"]
