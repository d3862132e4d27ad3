"""``beratung report consultations --out FILE [--format pdf|xlsx|csv] [--programme NAME]
[--from DATE] [--to DATE]`` and ``beratung report events --out FILE [--format pdf|xlsx|csv]
[--from DATE] [--to DATE] [--series NAME]``."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from beratung.cli.consultations import add_period_options, parse_period
from beratung.cli.runtime import Runtime
from beratung.domain.errors import UserError, ValidationError
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

    events = kinds.add_parser(
        "events",
        help="Veranstaltungsstatistik als PDF, Excel (.xlsx, alle Tabellen) oder CSV (die "
        "Tabelle der Veranstaltungen)",
    )
    events.add_argument("--out", metavar="DATEI", type=Path, required=True)
    events.add_argument(
        "--format", choices=("pdf", "xlsx", "csv"), help="Standard: nach der Dateiendung, sonst pdf"
    )
    events.add_argument(
        "--from", dest="date_from", metavar="DATUM", help="Veranstaltungen ab Datum (25.10.2017)"
    )
    events.add_argument("--to", dest="date_to", metavar="DATUM", help="bis Datum (einschließlich)")
    events.add_argument(
        "--series",
        metavar="NAME",
        help="nur diese Reihe; ohne Datum die ganze Reihe (die Jahre ihrer Veranstaltungen)",
    )
    events.set_defaults(handler=_events)


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
    fmt = _format(args)
    data = services.statistics.export_report(
        start, end, programme.id if programme else None, format=fmt
    )
    write_atomically(args.out, data)
    print(
        f"Beratungsstatistik {format_date_de(start)} – {format_date_de(end)} "
        f"geschrieben: {args.out}"
    )
    return 0


def _events(args: argparse.Namespace, runtime: Runtime) -> int:
    services = runtime.services()
    today = services.context.today()
    start, end = parse_period(args, today)
    series = _series(services.events.list_series(), args.series) if args.series else None
    if start is None and end is None and series is not None:
        span = services.events.get_series_span(series)
        if span is not None:
            start, end = date(span[0].year, 1, 1), date(span[1].year, 12, 31)
    if start is None:
        start = date((end or today).year, 1, 1)
    if end is None:
        end = date(start.year, 12, 31)
    fmt = _format(args)
    data = services.events.export_event_report(start, end, series, format=fmt)
    write_atomically(args.out, data)
    what = f"Veranstaltungsstatistik {format_date_de(start)} – {format_date_de(end)}"
    if series:
        what += f", Reihe „{series}“"
    print(f"{what} geschrieben: {args.out}")
    return 0


def _format(args: argparse.Namespace) -> str:
    """The format from ``--format`` or the file name. A name that says another format (a PDF
    called ``bericht.docx`` or ``--format xlsx`` into ``bericht.pdf``) is refused before
    anything is computed or written; with ``--format`` any other name is hers (``liste.txt``)."""
    known = ("pdf", "xlsx", "csv")
    suffix = args.out.suffix.lower().lstrip(".")
    fmt: str | None = args.format or (suffix if suffix in known else None)
    if fmt is None or (suffix in known and suffix != fmt):
        raise UserError(
            f"Die Ausgabedatei {args.out} passt nicht zum Format"
            f"{' ' + fmt.upper() if fmt else ''}; es wurde nichts geschrieben.",
            hint="Die Datei muss auf .pdf, .xlsx oder .csv enden, oder das Format wird mit "
            "--format angegeben.",
        )
    return fmt


def _series(known: list[str], wanted: str) -> str:
    """The series named ``wanted`` (upper and lower case alike)."""
    for name in known:
        if name.casefold() == wanted.strip().casefold():
            return name
    choices = ", ".join(f"„{name}“" for name in known) or "keine"
    raise ValidationError(
        f"Eine Reihe „{wanted}“ gibt es nicht. Vorhandene Reihen: {choices}.", field="--series"
    )
