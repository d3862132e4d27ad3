"""``beratung print …``: documents as PDF files. Each printed file is logged for exact reprints."""

from __future__ import annotations

import argparse
from pathlib import Path

from beratung.cli import print_invitations
from beratung.cli.runtime import Runtime
from beratung.domain.enums import RegistrationStatus
from beratung.domain.errors import UserError
from beratung.domain.sheets import (
    BADGE_SHEETS,
    DEFAULT_BADGE_SHEET,
    DEFAULT_LABEL_SHEET,
    LABEL_SHEETS,
    SheetNudge,
    badge_sheet,
    label_sheet,
)
from beratung.services.files import write_atomically


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("print", help="Dokumente als PDF erzeugen")
    kinds = parser.add_subparsers(dest="print_command", metavar="DOKUMENT", required=True)
    press = kinds.add_parser("press-release", help="eine Presseinformation, z. B. „P 309/2017“")
    press.add_argument("number", metavar="NUMMER")
    press.add_argument("--out", metavar="DATEI.pdf", type=Path, required=True)
    press.set_defaults(handler=_press_release)
    from beratung.cli import event_lists

    event_lists.register(kinds)
    _register_sheets(kinds)
    print_invitations.register(kinds)


def write_pdf(path: Path, data: bytes) -> None:
    """Write through a temporary file so a full disk never leaves half a PDF behind. A missing
    folder is refused, as by every other ``--out`` (folders given as folders, like
    ``--per-recipient DIR``, are made)."""
    if path.suffix.lower() != ".pdf":
        raise UserError(f"Die Ausgabedatei {path} muss auf .pdf enden.")
    write_atomically(path, data)


def _press_release(args: argparse.Namespace, runtime: Runtime) -> int:
    services = runtime.services()
    release = services.press.find_by_number(args.number)
    document = services.documents.render_press_release(release.id)
    write_pdf(args.out, document.pdf)
    services.documents.record_issue(document, action="als PDF gespeichert")
    print(f"{release.number_text} gespeichert: {args.out}")
    return 0


# --- name badges and address labels (issue 12, items 6 and 7) ---------------------------------


def _register_sheets(kinds: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    badges = kinds.add_parser(
        "badges",
        help="Namensschilder für eine Veranstaltung",
        description="Namensschilder für alle Angemeldeten und Teilnehmenden, nach Namen "
        "sortiert. Bögen: " + ", ".join(BADGE_SHEETS) + ". Die Schilder eines Bogens sind "
        "zeilenweise von links oben gezählt (--start). Eine Verschiebung (--nudge-x/--nudge-y) "
        "wird für den Bogen gespeichert und beim nächsten Mal wieder verwendet.",
    )
    badges.add_argument("event", metavar="VERANSTALTUNG", type=int, help="Nummer der Veranstaltung")
    badges.add_argument("--qr", action="store_true", help="QR-Code mit dem Anmeldecode drucken")
    badges.add_argument("--blank", metavar="N", type=int, default=0,
                        help="N leere Schilder für Gäste ohne Anmeldung anhängen")
    _sheet_options(badges, DEFAULT_BADGE_SHEET)
    badges.set_defaults(handler=_badges)

    labels = kinds.add_parser(
        "labels",
        help="Adressetiketten für die Eingeladenen einer Veranstaltung oder einen Verteiler",
        description="Adressetiketten (Anschrift nach DIN 5008 wie im Brief), nach Postleitzahl "
        "sortiert. Bögen: " + ", ".join(
            ", ".join((key, *sheet.aliases)) for key, sheet in LABEL_SHEETS.items()
        ) + ". Die Etiketten sind zeilenweise von links oben gezählt (--start). Eine "
        "Verschiebung (--nudge-x/--nudge-y) wird für den Bogen gespeichert.",
    )
    source = labels.add_mutually_exclusive_group(required=True)
    source.add_argument("--list", metavar="NAME", help="die Mitglieder dieses Verteilers")
    source.add_argument("--event", metavar="VERANSTALTUNG", type=int,
                        help="die Eingeladenen dieser Veranstaltung")
    labels.add_argument(
        "--status", metavar="STAND", action="append", default=[],
        choices=[status.value for status in RegistrationStatus],
        help="mit --event: nur Anmeldungen mit diesem Stand (mehrfach möglich), z. B. attended",
    )
    _sheet_options(labels, DEFAULT_LABEL_SHEET)
    labels.set_defaults(handler=_labels, parser=labels)


def _sheet_options(parser: argparse.ArgumentParser, default_sheet: str) -> None:
    parser.add_argument("--out", metavar="DATEI.pdf", type=Path, required=True)
    parser.add_argument("--sheet", metavar="BOGEN", default=default_sheet,
                        help=f"der Bogen (Vorgabe: {default_sheet})")
    parser.add_argument("--start", metavar="N", type=int, default=1,
                        help="erste freie Position auf einem angebrochenen Bogen (Vorgabe: 1)")
    parser.add_argument("--nudge-x", metavar="MM", type=float,
                        help="alles um MM Millimeter nach rechts verschieben (negativ: links)")
    parser.add_argument("--nudge-y", metavar="MM", type=float,
                        help="alles um MM Millimeter nach unten verschieben (negativ: oben)")


def _nudge(args: argparse.Namespace, runtime: Runtime, sheet_key: str) -> SheetNudge | None:
    """The nudge given on the command line, saved for the sheet; ``None``: the saved one."""
    if args.nudge_x is None and args.nudge_y is None:
        return None
    sheets = runtime.services().sheets
    saved = sheets.get_sheet_nudge(sheet_key)
    nudge = SheetNudge(
        saved.x if args.nudge_x is None else args.nudge_x,
        saved.y if args.nudge_y is None else args.nudge_y,
    )
    sheets.set_sheet_nudge(sheet_key, nudge)
    return nudge


def _badges(args: argparse.Namespace, runtime: Runtime) -> int:
    sheet = badge_sheet(args.sheet)
    services = runtime.services()
    nudge = _nudge(args, runtime, sheet.key)
    document = services.sheets.render_badges(
        args.event, sheet=sheet.key, start=args.start, qr=args.qr, blank=args.blank, nudge=nudge
    )
    write_pdf(args.out, document.pdf)
    services.documents.record_issue(document, action="als PDF gespeichert")
    pages = "Bogen" if document.page_count == 1 else "Bögen"
    print(f"Namensschilder ({document.page_count} {pages} {sheet.name}) gespeichert: {args.out}")
    return 0


def _labels(args: argparse.Namespace, runtime: Runtime) -> int:
    if args.status and args.event is None:
        args.parser.error("--status gilt nur mit --event")
    sheet = label_sheet(args.sheet)
    services = runtime.services()
    nudge = _nudge(args, runtime, sheet.key)
    if args.event is not None:
        statuses = [RegistrationStatus(status) for status in args.status] or None
        document = services.sheets.render_event_labels(
            args.event, sheet=sheet.key, start=args.start, statuses=statuses, nudge=nudge
        )
    else:
        list_id = services.contacts.distribution_list_by_name(args.list).id
        document = services.sheets.render_list_labels(
            list_id, sheet=sheet.key, start=args.start, nudge=nudge
        )
    write_pdf(args.out, document.pdf)
    services.documents.record_issue(document, action="als PDF gespeichert")
    count = len(document.recipient_ids)
    pages = "Bogen" if document.page_count == 1 else "Bögen"
    print(
        f"{count} Adressetikett{'' if count == 1 else 'en'} ({document.page_count} {pages} "
        f"{sheet.name}) gespeichert: {args.out}"
    )
    return 0
