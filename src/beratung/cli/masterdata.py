"""``beratung masterdata update [FILE] [--stand DATUM]`` and ``beratung masterdata search TEXT``.

The official municipality directory ships with the program; a newer Destatis extract in the same
format can be applied at any time without touching the advisor's own data.
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from babel.numbers import format_decimal

from beratung.cli.runtime import Runtime
from beratung.domain.rules.dates import parse_date_de
from beratung.services.files import read_input_file


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("masterdata", help="Gemeindeverzeichnis (Stammdaten) laden und suchen")
    actions = parser.add_subparsers(dest="masterdata_command", metavar="AKTION", required=True)
    update = actions.add_parser(
        "update",
        help="das mitgelieferte oder ein neueres Gemeindeverzeichnis übernehmen "
        "(Spalten ags;name;kreis;kreis_typ;regierungsbezirk;einwohner;plz;stadt)",
    )
    update.add_argument("file", metavar="DATEI", type=Path, nargs="?")
    update.add_argument("--stand", metavar="DATUM", help="Gebietsstand der Datei, z. B. 30.11.2026")
    update.set_defaults(handler=_update)
    search = actions.add_parser("search", help="eine Kommune im Gemeindeverzeichnis suchen")
    search.add_argument("text", metavar="TEXT")
    search.set_defaults(handler=_search)


def _update(args: argparse.Namespace, runtime: Runtime) -> int:
    services = runtime.services()
    stand: date | None = None
    if args.stand:
        stand = parse_date_de(args.stand, services.context.today(), field="stand")
    if args.file is None:
        report = services.masterdata.load_directory(source_label="mitgeliefert")
    else:
        data = read_input_file(args.file)
        report = services.masterdata.load_directory(
            data, source_label=args.file.name, status_date=stand
        )
    print(report.describe())
    return 0


def _search(args: argparse.Namespace, runtime: Runtime) -> int:
    services = runtime.services()
    entries = services.masterdata.search_directory(args.text)
    if not entries:
        print(f"Keine Kommune zu „{args.text}“ im Gemeindeverzeichnis.")
        return 1
    for e in entries:
        population = format_decimal(e.population, locale="de_DE")
        print(
            f"{e.ags}  {e.name:<30} {e.kreis} ({e.kreis_typ}), RB {e.regierungsbezirk}, "
            f"{population} Einwohner"
        )
    return 0
