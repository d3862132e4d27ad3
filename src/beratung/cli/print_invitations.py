"""``beratung print invitations EVENT --out FILE.pdf [--per-recipient DIR]`` (cli.md).

The same three service steps as the GUI: the check before printing (records that cannot be
printed are listed in German; the run stops unless ``--skip-problems`` leaves them out), the
rendering of everything in memory, then writing the files and logging them with
``invited_at`` in one go. EVENT is the number ``beratung events list`` shows.
"""

from __future__ import annotations

import argparse
import sys
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
    parser.add_argument("--variant", choices=LETTER_VARIANTS, default="standard",
                        help="standard (11 pt) oder large (Großdruck, 16 pt)")
    parser.add_argument("--form", choices=("a", "b"), default="b",
                        help="DIN-5008-Form: b (Standard) oder a")
    parser.add_argument("--registration", metavar="ANMELDUNG", type=int, action="append",
                        help="nur diese Anmeldung (mehrfach möglich); sonst alle, die noch "
                        "„eingeladen“ sind")
    parser.add_argument("--skip-problems", action="store_true",
                        help="Einträge, die so nicht gedruckt werden können, auslassen")
    parser.set_defaults(handler=_invitations)


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
    if args.out is None and args.per_recipient is None:
        raise UserError("Bitte --out DATEI.pdf oder --per-recipient ORDNER angeben.")
    if args.out is not None and args.out.suffix.lower() != ".pdf":
        raise UserError(f"Die Ausgabedatei {args.out} muss auf .pdf enden.")
    services = runtime.services()
    event = services.events.get_event(args.event)
    variant: LetterVariant = args.variant
    form: LetterForm = "A" if args.form == "a" else "B"
    request = InvitationRequest(
        registration_ids=tuple(args.registration) if args.registration else None,
        variant=variant,
        form=form,
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
        request = InvitationRequest(
            registration_ids=request.registration_ids,
            variant=variant,
            form=form,
            skip=frozenset(problem.registration_id for problem in problems),
        )
    progress = _progress(sys.stderr) if sys.stderr.isatty() else None
    documents = services.events.render_invitations(
        event.id, request, per_recipient=args.per_recipient is not None,
        progress=progress,
    )
    issued = services.events.issue_invitations(
        documents, out=args.out, folder=args.per_recipient
    )
    letters = f"{issued.letters} Einladung{'en' if issued.letters != 1 else ''}"
    if args.out is not None:
        print(f"{letters} ({issued.pages} Seiten) gespeichert: {args.out}")
    if args.per_recipient is not None:
        print(f"{letters} einzeln gespeichert in: {args.per_recipient}")
    return 0
