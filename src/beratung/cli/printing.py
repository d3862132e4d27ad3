"""``beratung print …``: documents as PDF files. Each printed file is logged for exact reprints."""

from __future__ import annotations

import argparse
from pathlib import Path

from beratung.cli import print_invitations
from beratung.cli.runtime import Runtime
from beratung.domain.errors import UserError
from beratung.services.files import write_atomically


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("print", help="Dokumente als PDF erzeugen")
    kinds = parser.add_subparsers(dest="print_command", metavar="DOKUMENT", required=True)
    press = kinds.add_parser("press-release", help="eine Presseinformation, z. B. „P 309/2017“")
    press.add_argument("number", metavar="NUMMER")
    press.add_argument("--out", metavar="DATEI.pdf", type=Path, required=True)
    press.set_defaults(handler=_press_release)
    print_invitations.register(kinds)


def write_pdf(path: Path, data: bytes) -> None:
    """Write through a temporary file so a full disk never leaves half a PDF behind."""
    if path.suffix.lower() != ".pdf":
        raise UserError(f"Die Ausgabedatei {path} muss auf .pdf enden.")
    write_atomically(path, data, create_folder=True)


def _press_release(args: argparse.Namespace, runtime: Runtime) -> int:
    services = runtime.services()
    release = services.press.find_by_number(args.number)
    document = services.documents.render_press_release(release.id)
    write_pdf(args.out, document.pdf)
    services.documents.record_issue(document, action="als PDF gespeichert")
    print(f"{release.number_text} gespeichert: {args.out}")
    return 0
