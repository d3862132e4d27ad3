"""``beratung screenshot VIEW --out FILE.png [--size 1280x800]``."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from beratung.cli.runtime import Runtime
from beratung.domain.errors import UserError

VIEWS = ("overview", "contacts", "consultations", "events", "press", "reports", "settings")


def _size(text: str) -> tuple[int, int]:
    match = re.fullmatch(r"\s*(\d{3,5})\s*[xX×]\s*(\d{3,5})\s*", text)
    if not match:
        raise argparse.ArgumentTypeError(f"„{text}“ ist keine Größe; erwartet z. B. 1280x800")
    return int(match.group(1)), int(match.group(2))


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("screenshot", help="eine Ansicht des Hauptfensters als PNG speichern")
    parser.add_argument("view", metavar="ANSICHT", choices=VIEWS, help=", ".join(VIEWS))
    parser.add_argument("--out", metavar="DATEI.png", type=Path, required=True)
    parser.add_argument("--size", metavar="BREITExHÖHE", type=_size, default=(1280, 800))
    parser.set_defaults(handler=_screenshot)


def _screenshot(args: argparse.Namespace, runtime: Runtime) -> int:
    if args.out.suffix.lower() != ".png":
        raise UserError(f"Die Ausgabedatei {args.out} muss auf .png enden.")
    from beratung.app import render_screenshot

    render_screenshot(
        runtime.paths, args.view, args.out, args.size, db_path=runtime.db_path, url=runtime.url
    )
    print(f"Bildschirmfoto gespeichert: {args.out}")
    return 0
