"""``beratung consultations list [--json] [--programme NAME] [--from DATE] [--to DATE]``."""

from __future__ import annotations

import argparse
import json
from datetime import date

from beratung.cli.runtime import Runtime
from beratung.domain.errors import ValidationError
from beratung.domain.rules.dates import (
    OFFICE_TIME_ZONE,
    format_date_de,
    format_datetime_de,
    parse_date_de,
)

PAGE = 500


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("consultations", help="Beratungen auflisten")
    actions = parser.add_subparsers(dest="consultations_command", metavar="AKTION", required=True)
    listing = actions.add_parser("list", help="Beratungen auflisten (neueste zuerst)")
    listing.add_argument("--json", action="store_true", help="maschinenlesbar als JSON ausgeben")
    add_period_options(listing)
    listing.add_argument("--search", metavar="TEXT", help="Volltextsuche in den Beratungen")
    listing.set_defaults(handler=_list)


def add_period_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--programme", metavar="NAME", help="nur Beratungen zu diesem Programm")
    parser.add_argument("--from", dest="date_from", metavar="DATUM", help="ab Datum (25.10.2017)")
    parser.add_argument("--to", dest="date_to", metavar="DATUM", help="bis Datum (einschließlich)")


def parse_period(args: argparse.Namespace, today: date) -> tuple[date | None, date | None]:
    start = parse_date_de(args.date_from, today, field="--from") if args.date_from else None
    end = parse_date_de(args.date_to, today, field="--to") if args.date_to else None
    if start and end and end < start:
        raise ValidationError(
            f"Das Enddatum {format_date_de(end)} liegt vor dem Anfangsdatum "
            f"{format_date_de(start)}.",
            field="--to",
        )
    return start, end


def _list(args: argparse.Namespace, runtime: Runtime) -> int:
    from beratung.services.consultations import ConsultationFilter

    services = runtime.services()
    start, end = parse_period(args, services.context.today())
    programme_id = services.programmes.find_by_name(args.programme).id if args.programme else None
    selection = ConsultationFilter(
        period_from=start, period_to=end, programme_id=programme_id, text=args.search
    )
    rows = []
    offset = 0
    while True:
        page = services.consultations.list_consultations(selection, offset, PAGE)
        rows.extend(page)
        if len(page) < PAGE:
            break
        offset += PAGE
    if args.json:
        print(
            json.dumps(
                [
                    {
                        "id": r.id,
                        "occurred_at": r.occurred_at.isoformat(),
                        "date": r.occurred_at.astimezone(OFFICE_TIME_ZONE).date().isoformat(),
                        "mode": r.mode.value,
                        "duration_minutes": r.duration_minutes,
                        "organisation_id": r.organisation_id,
                        "organisation": r.organisation_name,
                        "programme_id": r.programme_id,
                        "programme": r.programme_name,
                        "topics": list(r.topic_names),
                        "persons": list(r.person_names),
                        "subject": r.subject,
                        "file_reference": r.file_reference,
                        "attachments": r.attachment_count,
                    }
                    for r in rows
                ],
                ensure_ascii=False,
                indent=2,
            )
        )
        return 0
    if not rows:
        print("Keine Beratungen gefunden.")
        return 0
    for r in rows:
        topics = ", ".join(r.topic_names)
        print(
            f"{r.id:>6}  {format_datetime_de(r.occurred_at, 'compact')}  {r.mode_label:<8}  "
            f"{(r.organisation_name or '–')[:40]:<40}  {(r.programme_name or '')[:20]:<20}  "
            f"{topics}"
        )
    print(f"{len(rows)} Beratung{'en' if len(rows) != 1 else ''}.")
    return 0
