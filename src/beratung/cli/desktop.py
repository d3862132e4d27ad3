"""``beratung desktop-entry [--remove]``: menu entry and icon for the current Linux user."""

from __future__ import annotations

import argparse
import os
import sys

from beratung.cli.runtime import Runtime
from beratung.domain.errors import UserError


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "desktop-entry",
        help="Beratung ins Anwendungsmenü eintragen (Linux, für den angemeldeten Benutzer)",
    )
    parser.add_argument("--remove", action="store_true", help="den Eintrag wieder entfernen")
    parser.set_defaults(handler=_desktop_entry)


def _desktop_entry(args: argparse.Namespace, runtime: Runtime) -> int:
    if not sys.platform.startswith("linux"):
        raise UserError(
            "Den Menüeintrag legt dieser Befehl nur unter Linux an.",
            hint="Unter Windows legt das Installationsprogramm den Eintrag im Startmenü an.",
        )
    from beratung.gui import desktop_entry

    if args.remove:
        removed = desktop_entry.remove()
        if not removed:
            print("Es gab keinen Menüeintrag von Beratung.")
        for path in removed:
            print(f"Entfernt: {path}")
        return 0
    try:
        program = desktop_entry.program_path()
    except FileNotFoundError as exc:
        raise UserError(
            "Das Startprogramm beratung-gui wurde nicht gefunden.",
            hint="Bitte rufen Sie den Befehl mit dem beratung aus derselben Installation auf.",
        ) from exc
    from beratung.app import application, has_display

    if not has_display():
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    application()
    written = desktop_entry.install(program)
    print(f"Menüeintrag geschrieben: {written.entry}")
    print(f"Startet: {program}")
    print(f"Symbole: {len(written.icons)} Dateien unter {written.icons[0].parents[3]}")
    return 0
