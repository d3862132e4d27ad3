"""``beratung print sign-in-list|certificates|needs-summary EVENT`` (cli.md, issue 12).

EVENT is the number ``events list`` shows, resolved like ``events show EVENT``. Every file
written is logged as an issued document (exact reprints); many files show their progress on
stderr when it is a terminal.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from beratung.cli.runtime import Runtime
from beratung.domain.errors import UserError
from beratung.domain.event_lists import DEFAULT_SIGN_IN_COLUMNS, SIGN_IN_COLUMNS
from beratung.services.files import check_target, write_atomically

SAVED = "als PDF gespeichert"


def register(kinds: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    sign_in = kinds.add_parser(
        "sign-in-list",
        help="Teilnehmerliste einer Veranstaltung zum Unterschreiben",
        description="Alle Angemeldeten (nach der Veranstaltung auch Teilgenommene und nicht "
        "Erschienene) mit den gewählten Spalten; die Kopfzeile der Tabelle steht auf jeder "
        f"Seite. Spalten: {', '.join(SIGN_IN_COLUMNS)} "
        f"(Standard: {' '.join(DEFAULT_SIGN_IN_COLUMNS)}).",
    )
    _event(sign_in)
    sign_in.add_argument(
        "--columns",
        metavar="SPALTE",
        nargs="+",
        default=list(DEFAULT_SIGN_IN_COLUMNS),
        help="Spalten, durch Leerzeichen oder Kommas getrennt, z. B. "
        "„nr,name,vorname,kommune,funktion,unterschrift“",
    )
    sign_in.add_argument(
        "--sort",
        choices=("name", "municipality"),
        default="name",
        help="sortiert nach Name (Standard) oder nach Kommune",
    )
    sign_in.add_argument(
        "--blank", metavar="N", type=int, default=0, help="N leere Zeilen für Nachmeldungen"
    )
    sign_in.add_argument("--landscape", action="store_true", help="im Querformat")
    sign_in.set_defaults(handler=_sign_in_list)

    certificates = kinds.add_parser(
        "certificates",
        help="Teilnahmebescheinigungen für alle, die teilgenommen haben",
        description="Eine Seite je Person mit dem Stand „teilgenommen“: Veranstaltung, Datum, "
        "Dauer in Zeitstunden, Themen, Ort und Unterschriftszeile. Eine PDF-Datei für alle "
        "(--out) und/oder eine Datei je Person in einen Ordner (--per-recipient).",
    )
    _event(certificates, out=False)
    certificates.add_argument("--out", metavar="DATEI.pdf", type=Path)
    certificates.add_argument(
        "--per-recipient",
        metavar="ORDNER",
        type=Path,
        help="zusätzlich eine PDF-Datei je Person in diesen Ordner (Dateiname mit dem Namen)",
    )
    certificates.set_defaults(handler=_certificates, parser=certificates)

    needs = kinds.add_parser(
        "needs-summary",
        help="Bedarfe für Tagungsort und Catering (nur Anzahlen) oder mit Namen",
        description="Die Bedarfe der Angemeldeten als Anzahlen ohne Namen, für Tagungsort und "
        "Catering. Mit --named die Liste mit Namen für die Organisation (Gesundheitsdaten). "
        "Beide nennen das Löschdatum der Angaben.",
    )
    _event(needs)
    needs.add_argument("--named", action="store_true", help="mit Namen (nur für die Organisation)")
    needs.set_defaults(handler=_needs_summary)


def _event(parser: argparse.ArgumentParser, *, out: bool = True) -> None:
    parser.add_argument("event", metavar="VERANSTALTUNG", type=int, help="Nummer der Veranstaltung")
    if out:
        parser.add_argument("--out", metavar="DATEI.pdf", type=Path, required=True)


def _pdf_target(path: Path) -> Path:
    if path.suffix.lower() != ".pdf":
        raise UserError(f"Die Ausgabedatei {path} muss auf .pdf enden.")
    check_target(path)  # before the database is opened
    return path


def _columns(values: list[str]) -> list[str]:
    return [part for value in values for part in value.replace(",", " ").split()]


def _sign_in_list(args: argparse.Namespace, runtime: Runtime) -> int:
    out = _pdf_target(args.out)
    services = runtime.services()
    detail = services.events.get_event(args.event)
    document = services.events.render_sign_in_list(
        detail.id,
        columns=_columns(args.columns),
        sort=args.sort,
        blank_rows=args.blank,
        landscape=args.landscape,
    )
    write_atomically(out, document.pdf)
    services.documents.record_issue(document, action=SAVED)
    rows = len(document.snapshot["rows"])
    print(f"Teilnehmerliste für „{detail.title}“ gespeichert ({rows} Personen, "
          f"{document.page_count} Seiten): {out}")
    return 0


def _unique(folder: Path, name: str, taken: set[str]) -> Path:
    """``name`` in ``folder``; a second "Anna Beispiel" gets " (2)" (case-insensitive, as on
    Windows)."""
    stem, suffix = name[: -len(".pdf")], ".pdf"
    candidate, number = name, 1
    while candidate.casefold() in taken:
        number += 1
        candidate = f"{stem} ({number}){suffix}"
    taken.add(candidate.casefold())
    return folder / candidate


def _certificates(args: argparse.Namespace, runtime: Runtime) -> int:
    if args.out is None and args.per_recipient is None:
        args.parser.error("bitte --out DATEI.pdf und/oder --per-recipient ORDNER angeben")
    out = _pdf_target(args.out) if args.out is not None else None
    folder: Path | None = args.per_recipient
    if folder is not None and folder.exists() and not folder.is_dir():
        raise UserError(f"{folder} ist kein Ordner; es wurde nichts geschrieben.")
    services = runtime.services()
    events, documents = services.events, services.documents
    detail = events.get_event(args.event)
    if out is not None:
        document = events.render_attendance_certificates(detail.id)
        write_atomically(out, document.pdf)
        documents.record_issue(document, action=SAVED)
        count = len(document.recipient_ids)
        print(f"{count} Teilnahmebescheinigungen für „{detail.title}“ gespeichert: {out}")
        _say_without_address(document.snapshot["certificates"])
    if folder is not None:
        singles = events.render_attendance_certificates_per_person(detail.id)
        taken: set[str] = set()
        show = sys.stderr.isatty()
        for index, single in enumerate(singles, start=1):
            path = _unique(folder, single.suggested_file_name, taken)
            write_atomically(path, single.pdf, create_folder=True)
            documents.record_issue(single, action=SAVED)
            if show:
                print(f"\r{index}/{len(singles)} Bescheinigungen", end="", file=sys.stderr)
        if show:
            print(file=sys.stderr)
        print(f"{len(singles)} Teilnahmebescheinigungen einzeln gespeichert in: {folder}")
        if out is None and singles:
            _say_without_address([c for s in singles for c in s.snapshot["certificates"]])
    return 0


def _say_without_address(certificates: list[dict[str, Any]]) -> None:
    missing = [c for c in certificates if not c.get("address")]
    if missing:
        print(f"Hinweis: {len(missing)} Bescheinigung(en) ohne Anschrift (keine Anschrift "
              "hinterlegt oder zu lang für das Fenster) – bitte persönlich übergeben.")


def _needs_summary(args: argparse.Namespace, runtime: Runtime) -> int:
    out = _pdf_target(args.out)
    services = runtime.services()
    detail = services.events.get_event(args.event)
    document = services.events.render_needs_summary(detail.id, named=args.named)
    write_atomically(out, document.pdf)
    services.documents.record_issue(document, action=SAVED)
    what = "Bedarfsliste mit Namen" if args.named else "Bedarfsübersicht (nur Anzahlen)"
    print(f"{what} für „{detail.title}“ gespeichert: {out}")
    return 0
