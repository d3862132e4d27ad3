"""``beratung print invitations EVENT --out FILE.pdf [--per-recipient DIR] [--email DIR]
[--variant standard|large|easy]`` (cli.md).

The same three service steps as the GUI: the check before printing (records that cannot be
printed are listed in German; the run stops unless ``--skip-problems`` leaves them out), the
rendering of everything in memory, then writing the files and logging them with
``invited_at`` in one go. EVENT is the number ``beratung events list`` shows. Without
``--variant`` each invitee's preference from the contacts decides; with ``--email DIR`` those
who want e-mail (or have no preference and an address) get an ``.eml`` draft instead of a
letter in ``--out``.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path
from typing import TextIO

from beratung.cli.runtime import Runtime
from beratung.domain.errors import UserError
from beratung.domain.printing import LetterForm
from beratung.domain.serial_letters import LETTER_VARIANTS, LetterVariant
from beratung.services.events.invitations import InvitationRequest, PrintProblem, Progress


def register(kinds: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = kinds.add_parser(
        "invitations",
        help="Einladungsbriefe einer Veranstaltung (Serienbrief nach DIN 5008)",
        description="Druckt je eingeladener Person einen Einladungsbrief (DIN 5008, Form B; "
        "mit --form a Form A), nach Postleitzahl sortiert, in eine PDF-Datei und auf Wunsch "
        "je Person in eine eigene Datei. Vorher wird geprüft, ob jede Anschrift ins Fenster "
        "passt; Einträge mit Problemen werden aufgelistet und nichts wird gedruckt, außer "
        "mit --skip-problems.",
    )
    parser.add_argument("event", metavar="VERANSTALTUNG", type=int,
                        help="Nummer der Veranstaltung (beratung events list)")
    parser.add_argument("--out", metavar="DATEI.pdf", type=Path,
                        help="alle Briefe in einer PDF-Datei (zum Drucken)")
    parser.add_argument("--per-recipient", metavar="ORDNER", type=Path,
                        help="zusätzlich je Person eine PDF-Datei in diesen Ordner")
    parser.add_argument("--email", metavar="ORDNER", type=Path,
                        help="E-Mail-Entwürfe (.eml, Einladung als PDF im Anhang) in diesen "
                        "Ordner für alle, die per E-Mail eingeladen werden möchten oder keinen "
                        "Weg angegeben haben und eine E-Mail-Adresse haben; die übrigen "
                        "bekommen einen Brief")
    parser.add_argument("--variant", choices=LETTER_VARIANTS, default=None,
                        help="für alle: standard (11 pt), large (Großdruck, 16 pt) oder easy "
                        "(Leichte Sprache); ohne Angabe gilt, was bei jeder Person eingetragen "
                        "ist")
    parser.add_argument("--form", choices=("a", "b"), default="b",
                        help="DIN-5008-Form: b (Standard) oder a")
    parser.add_argument("--registration", metavar="ANMELDUNG", type=int, action="append",
                        help="nur diese Anmeldung (mehrfach möglich); sonst alle, die noch "
                        "„eingeladen“ sind")
    parser.add_argument("--skip-problems", action="store_true",
                        help="Einträge, die so nicht gedruckt werden können, auslassen")
    parser.set_defaults(handler=_invitations)


def _count(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def _problem_lines(problems: list[PrintProblem]) -> list[str]:
    return [f"  – {problem.text}" for problem in problems]


def _progress(stream: TextIO) -> Progress:
    def report(done: int, total: int) -> None:
        stream.write(f"\rEinzelbriefe: {done} von {total}")
        if done == total:
            stream.write("\n")
        stream.flush()

    return report


def _invitations(args: argparse.Namespace, runtime: Runtime) -> int:
    if args.out is None and args.per_recipient is None and args.email is None:
        raise UserError(
            "Bitte --out DATEI.pdf, --per-recipient ORDNER oder --email ORDNER angeben."
        )
    if args.out is not None and args.out.suffix.lower() != ".pdf":
        raise UserError(f"Die Ausgabedatei {args.out} muss auf .pdf enden.")
    services = runtime.services()
    event = services.events.get_event(args.event)
    variant: LetterVariant | None = args.variant
    form: LetterForm = "A" if args.form == "a" else "B"
    request = InvitationRequest(
        registration_ids=tuple(args.registration) if args.registration else None,
        variant=variant,
        form=form,
        email_drafts=args.email is not None,
    )
    problems = services.events.check_invitations(event.id, request)
    if problems:
        count = len({problem.registration_id for problem in problems})
        if not args.skip_problems:
            head = ("1 Einladung kann" if count == 1 else f"{count} Einladungen können")
            lines = [f"{head} so nicht gedruckt werden:", *_problem_lines(problems),
                     "Es wurde nichts gedruckt. Bitte die Angaben ergänzen oder mit "
                     "--skip-problems auslassen."]
            print("\n".join(lines), file=sys.stderr)
            return 1
        print("\n".join([f"Ausgelassen ({count}):", *_problem_lines(problems)]),
              file=sys.stderr)
        request = replace(request,
                          skip=frozenset(problem.registration_id for problem in problems))
    progress = _progress(sys.stderr) if sys.stderr.isatty() else None
    documents = services.events.render_invitations(
        event.id, request, per_recipient=args.per_recipient is not None,
        progress=progress,
    )
    if documents.post is not None and args.out is None and args.per_recipient is None:
        raise UserError(
            f"{_count(len(documents.posted), 'Person wird', 'Personen werden')} per Post "
            "eingeladen; bitte --out DATEI.pdf angeben. Es wurde nichts gespeichert."
        )
    issued = services.events.issue_invitations(
        documents, out=args.out, folder=args.per_recipient, email_folder=args.email
    )
    posted = len(documents.posted)
    if args.out is not None and documents.post is not None:
        print(f"{_count(posted, 'Einladung', 'Einladungen')} ({issued.pages} Seiten) gespeichert: "
              f"{args.out}")
    elif args.out is not None:
        print(f"Alle werden per E-Mail eingeladen; {args.out} wurde nicht geschrieben.")
    if args.per_recipient is not None:
        print(f"{_count(issued.letters, 'Einladung', 'Einladungen')} einzeln gespeichert "
              f"in: {args.per_recipient}")
    if args.email is not None:
        print(f"{_count(issued.drafts, 'E-Mail-Entwurf', 'E-Mail-Entwürfe')} gespeichert in: "
              f"{args.email}")
    return 0
