"""``beratung contacts list|import|export`` (cli.md), and ``contacts preferences PERSON``
(an addition: how a person gets invitations)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from beratung.cli.jsonout import write_json_list
from beratung.cli.runtime import Runtime
from beratung.domain.enums import ContactRoute, PrintVariant, label
from beratung.services.files import check_target, read_input_file, write_atomically
from beratung.services.person_list import ListedPerson, list_persons_quickly

FORMATS = ("csv", "xlsx", "vcf")
#: Persons read per round through the services (a server database at 100×: 200,000 persons).
PAGE = 5000
#: The fields of ``contacts list --json``, in this order (scripts read them by name).
JSON_KEYS = (
    "id", "name", "anrede", "titel", "vorname", "nachname", "organisation", "organisation_id",
    "funktion", "ort", "email", "telefon", "verteiler",
)  # fmt: skip


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("contacts", help="Kontakte auflisten, importieren, exportieren")
    actions = parser.add_subparsers(dest="contacts_command", metavar="AKTION", required=True)

    lst = actions.add_parser("list", help="Personen auflisten")
    lst.add_argument("--json", action="store_true", help="maschinenlesbar (JSON, mit id)")
    lst.add_argument("--search", metavar="TEXT", default="", help="Suchtext (alle Wörter)")
    lst.add_argument("--list", metavar="NAME", help="nur Mitglieder dieses Verteilers")
    lst.set_defaults(handler=_list)

    imp = actions.add_parser(
        "import",
        help="Kontakte aus CSV, Excel (.xlsx) oder vCard importieren",
        description="Liest die Datei, ordnet die Spalten selbst zu und meldet je Zeile, was "
        "geschieht (neu, aktualisieren, unverändert, mögliches Duplikat, abgelehnt). Gibt es "
        "abgelehnte Zeilen, wird nichts gespeichert und der Exit-Status ist 1, außer mit "
        "--skip-rejected (dann werden nur die gültigen Zeilen übernommen). Mögliche Duplikate "
        "(gleicher Name, andere Organisation) werden ausgelassen, außer mit --merge-candidates.",
    )
    imp.add_argument("file", metavar="DATEI", type=Path)
    imp.add_argument("--format", choices=FORMATS, help="Format erzwingen (sonst erkannt)")
    imp.add_argument("--sheet", metavar="BLATT", help="Tabellenblatt einer Excel-Datei")
    imp.add_argument(
        "--header-row",
        metavar="N",
        type=_row_number,
        help="Zeile N (ab 1) enthält die Spaltennamen (CSV, Excel); 0: die Datei hat keine "
        "Kopfzeile. Ohne Angabe wird die Kopfzeile erkannt.",
    )
    imp.add_argument("--dry-run", action="store_true", help="nur prüfen, nichts speichern")
    imp.add_argument(
        "--skip-rejected",
        action="store_true",
        help="abgelehnte Zeilen auslassen und den Rest speichern",
    )
    imp.add_argument(
        "--merge-candidates",
        choices=("skip", "merge", "create"),
        default="skip",
        help="mögliche Duplikate auslassen (Standard), mit der vorhandenen Person "
        "zusammenführen oder neu anlegen",
    )
    imp.set_defaults(handler=_import)

    pref = actions.add_parser(
        "preferences",
        help="Wie eine Person Einladungen bekommt (Großdruck, Leichte Sprache; Post, E-Mail)",
        description="Zeigt oder ändert, in welcher Form (--variant) und auf welchem Weg "
        "(--route) eine Person Einladungen bekommt. Ohne Optionen wird nur angezeigt.",
    )
    pref.add_argument("person", metavar="PERSON", type=int,
                      help="Nummer der Person (beratung contacts list)")
    pref.add_argument("--variant", choices=[v.value for v in PrintVariant],
                      help="standard, large (Großdruck) oder easy (Leichte Sprache)")
    pref.add_argument("--route", choices=[*(r.value for r in ContactRoute), "none"],
                      help="post, email oder none (keine Angabe)")
    pref.add_argument("--json", action="store_true", help="maschinenlesbar (JSON)")
    pref.set_defaults(handler=_preferences)

    exp = actions.add_parser("export", help="Kontakte als CSV, Excel oder vCard exportieren")
    exp.add_argument("--format", choices=FORMATS, required=True)
    exp.add_argument("--out", metavar="DATEI", type=Path, required=True)
    exp.add_argument("--list", metavar="NAME", help="nur diesen Verteiler")
    exp.add_argument("--search", metavar="TEXT", default="", help="nur Treffer dieser Suche")
    exp.set_defaults(handler=_export)


def _list(args: argparse.Namespace, runtime: Runtime) -> int:
    """The list straight from a current SQLite file when it can (``services.person_list``:
    no SQLAlchemy, issue 16), else through the contacts service; the output is the same."""
    rows = list_persons_quickly(
        runtime.paths,
        db_path=runtime.db_path,
        url=runtime.url,
        search=args.search,
        list_name=args.list,
    )
    if rows is None:
        rows = _list_through_services(args, runtime)
    if args.json:
        write_json_list(
            JSON_KEYS,
            (
                (r.id, r.display_name, r.anrede, r.title, r.first_name, r.last_name,
                 r.organisation, r.organisation_id, r.role, r.town, r.email, r.phone, r.lists)
                for r in rows
            ),
            sys.stdout,
        )  # fmt: skip
        return 0
    if not rows:
        print("Keine Personen gefunden.")
        return 0
    headers = ("Nr.", "Name", "Organisation", "Funktion", "Ort", "E-Mail")
    table = [
        (str(r.id), r.sort_name, r.organisation or "", r.role or "", r.town or "", r.email or "")
        for r in rows
    ]
    widths = [min(40, max(len(h), *(len(row[i]) for row in table))) for i, h in enumerate(headers)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip()]
    lines += [
        "  ".join(c[:w].ljust(w) for c, w in zip(row, widths, strict=True)).rstrip()
        for row in table
    ]
    lines.append(f"{len(rows)} Person{'en' if len(rows) != 1 else ''}.")
    sys.stdout.write("\n".join(lines) + "\n")
    return 0


def _list_through_services(args: argparse.Namespace, runtime: Runtime) -> list[ListedPerson]:
    """A server database, or a file that needs a key, an upgrade or a clear error first."""
    from beratung.services.contacts import ContactFilter

    services = runtime.services()
    list_id = services.contacts.distribution_list_by_name(args.list).id if args.list else None
    flt = ContactFilter(search=args.search, list_id=list_id)
    rows: list[ListedPerson] = []
    while True:  # by pages: one page's ids in a statement stay below the parameter limits
        page = services.contacts.list_persons(flt, offset=len(rows), limit=PAGE)
        rows += map(ListedPerson.of, page)
        if len(page) < PAGE:
            return rows


def _preferences(args: argparse.Namespace, runtime: Runtime) -> int:
    services = runtime.services()
    person = services.contacts.get_person(args.person)
    changes: dict[str, object] = {}
    if args.variant is not None:
        changes["print_variant"] = args.variant
    if args.route is not None:
        changes["contact_route"] = None if args.route == "none" else args.route
    if changes:
        person = services.contacts.update_person(
            person.id, changes, expected_version=person.version
        )
    if args.json:
        json.dump({
            "id": person.id,
            "variant": person.print_variant.value,
            "route": person.contact_route.value if person.contact_route else None,
        }, sys.stdout, ensure_ascii=False)
        print()
        return 0
    route = label(person.contact_route) if person.contact_route else "keine Angabe"
    print(f"{person.display_name}: Einladungen in {label(person.print_variant)}, {route}.")
    return 0


def _row_number(text: str) -> int:
    """``--header-row``: a row number from 0, with a German message otherwise."""
    try:
        number = int(text)
    except ValueError:
        number = -1
    if number < 0:
        raise argparse.ArgumentTypeError(
            f"„{text}“ ist keine Zeilennummer (0, 1, 2 …)."
        )
    return number


def _import(args: argparse.Namespace, runtime: Runtime) -> int:
    from beratung.services.contact_io import ImportOptions

    data = read_input_file(args.file)
    services = runtime.services()
    options = ImportOptions(
        sheet=args.sheet,
        skip_rejected=args.skip_rejected,
        merge_candidates=args.merge_candidates,
        header_row=args.header_row,
    )
    transfer = services.contact_transfer
    if args.dry_run:
        report = transfer.dry_run_import(data, args.file.name, format=args.format, options=options)
    else:
        report = transfer.commit_import(data, args.file.name, format=args.format, options=options)
    print(f"Datei: {report.source}")
    for problem in report.file_problems:
        print(f"Hinweis: {problem}")
    for line in report.lines:
        print(f"{line.action_label:>20}  {line.message}")
        for warning in line.warnings:
            print(f"{'':>20}  Hinweis: {warning}")
    if report.organisations_created:
        print("Neue Organisationen: " + ", ".join(report.organisations_created))
    if report.lists_created:
        print("Neue Verteiler: " + ", ".join(report.lists_created))
    print(report.summary() + ".")
    if args.dry_run:
        print("Probelauf: Es wurde nichts gespeichert.")
        return 1 if report.rejected and not args.skip_rejected else 0
    if not report.committed:
        print(
            f"Es wurde nichts gespeichert, weil {report.rejected} Zeile(n) abgelehnt wurden. "
            "Bitte korrigieren Sie die Datei oder importieren Sie mit --skip-rejected nur die "
            "gültigen Zeilen.",
            file=sys.stderr,
        )
        return 1
    print("Import gespeichert.")
    return 0


def _export(args: argparse.Namespace, runtime: Runtime) -> int:
    from beratung.services.contacts import ContactFilter

    check_target(args.out)  # before the export is audited
    services = runtime.services()
    data = services.contact_transfer.export_contacts(
        args.format, flt=ContactFilter(search=args.search), list_name=args.list
    )
    write_atomically(args.out, data)
    print(f"Kontakte exportiert nach {args.out}.")
    return 0
