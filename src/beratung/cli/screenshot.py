"""``beratung screenshot VIEW --out FILE.png [--size 1280x800] [--scale 2] [--font-size 20]
[--theme high-contrast]``.

``--scale`` and ``--font-size`` show the window as a person with 200 % scaling or a 200 % system
font sees it; the image keeps its device pixels (``--scale 2 --size 1280x800`` gives 2560×1600).
"""

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
    parser.add_argument(
        "--scale",
        metavar="FAKTOR",
        type=_factor,
        help="wie auf einem Bildschirm mit diesem Skalierungsfaktor (QT_SCALE_FACTOR), z. B. 2; "
        "das Bild wird nicht zurück verkleinert",
    )
    parser.add_argument(
        "--font-size",
        metavar="PUNKT",
        type=_factor,
        help="Schriftgröße der Anwendung in Punkt, als wäre die des Systems so groß "
        "(Standard 10; 20 = 200 %%)",
    )
    parser.add_argument(
        "--theme",
        choices=("standard", "high-contrast"),
        help="Farbschema (Standard: standard)",
    )
    parser.set_defaults(handler=_screenshot)


def _factor(text: str) -> float:
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        raise argparse.ArgumentTypeError(f"„{text}“ ist keine Zahl") from None
    if value <= 0:
        raise argparse.ArgumentTypeError(f"„{text}“ muss größer als 0 sein")
    return value


def _screenshot(args: argparse.Namespace, runtime: Runtime) -> int:
    if args.out.suffix.lower() != ".png":
        raise UserError(f"Die Ausgabedatei {args.out} muss auf .png enden.")
    from beratung.app import render_screenshot

    render_screenshot(
        runtime.paths,
        args.view,
        args.out,
        args.size,
        db_path=runtime.db_path,
        url=runtime.url,
        scale=args.scale,
        font_size=args.font_size,
        theme=args.theme,
    )
    print(f"Bildschirmfoto gespeichert: {args.out}")
    return 0
