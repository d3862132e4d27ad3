"""``beratung report consultations --out FILE [--format pdf|xlsx|csv] [--programme NAME]
[--from DATE] [--to DATE]``."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from beratung.cli.consultations import add_period_options, parse_period
from beratung.cli.runtime import Runtime
from beratung.domain.rules.dates import format_date_de
from beratung.services.files import write_atomically


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("report", help="Auswertungen ausgeben")
    kinds = parser.add_subparsers(dest="report_command", metavar="AUSWERTUNG", required=True)
    consultations = kinds.add_parser(
        "consultations", help="Beratungsstatistik als PDF, Excel (.xlsx) oder CSV"
    )
    consultations.add_argument("--out", metavar="DATEI", type=Path, required=True)
    consultations.add_argument(
        "--format", choices=("pdf", "xlsx", "csv"), help="Standard: nach der Dateiendung, sonst pdf"
    )
    add_period_options(consultations)
    consultations.set_defaults(handler=_consultations)


def _consultations(args: argparse.Namespace, runtime: Runtime) -> int:
    services = runtime.services()
    today = services.context.today()
    start, end = parse_period(args, today)
    programme = services.programmes.find_by_name(args.programme) if args.programme else None
    if start is None and end is None and programme is not None and programme.deadline:
        # A programme without dates given: its application phase.
        start = programme.starts_on or date(programme.deadline.year, 1, 1)
        end = programme.deadline
    if start is None:
        start = date((end or today).year, 1, 1)
    if end is None:
        end = date(start.year, 12, 31)
    fmt = args.format or {".xlsx": "xlsx", ".csv": "csv"}.get(args.out.suffix.lower(), "pdf")
    data = services.statistics.export_report(
        start, end, programme.id if programme else None, format=fmt
    )
    write_atomically(args.out, data)
    print(
        f"Beratungsstatistik {format_date_de(start)} – {format_date_de(end)} "
        f"geschrieben: {args.out}"
    )
    return 0
