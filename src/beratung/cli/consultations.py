"""``beratung consultations list [--json] [--programme NAME] [--from DATE] [--to DATE]``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from datetime import date
from typing import TYPE_CHECKING

from beratung.cli.jsonout import write_json_list
from beratung.cli.runtime import Runtime
from beratung.domain.errors import ValidationError
from beratung.domain.rules.dates import (
    OFFICE_TIME_ZONE,
    format_date_de,
    format_datetime_de,
    parse_date_de,
)

if TYPE_CHECKING:
    from beratung.services import Services
    from beratung.services.consultations import ConsultationFilter, ConsultationRow

#: Consultations read per round of statements: few rounds for 100,000 (each round's queries
#: name the page's ids, so a page stays far below the databases' parameter limits).
PAGE = 5000
#: The fields of ``consultations list --json``, in this order.
JSON_KEYS = (
    "id", "occurred_at", "date", "mode", "duration_minutes", "organisation_id", "organisation",
    "programme_id", "programme", "topics", "persons", "subject", "file_reference", "attachments",
)  # fmt: skip


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
    rows = _every_row(services, selection)
    if args.json:
        # streamed page by page: 100,000 consultations are never held twice (issue 16)
        write_json_list(
            JSON_KEYS,
            (
                (
                    r.id,
                    r.occurred_at.isoformat(),
                    r.occurred_at.astimezone(OFFICE_TIME_ZONE).date().isoformat(),
                    r.mode.value,
                    r.duration_minutes,
                    r.organisation_id,
                    r.organisation_name,
                    r.programme_id,
                    r.programme_name,
                    r.topic_names,
                    r.person_names,
                    r.subject,
                    r.file_reference,
                    r.attachment_count,
                )
                for r in rows
            ),
            sys.stdout,
        )
        return 0
    count = 0
    for r in rows:
        count += 1
        topics = ", ".join(r.topic_names)
        sys.stdout.write(
            f"{r.id:>6}  {format_datetime_de(r.occurred_at, 'compact')}  {r.mode_label:<8}  "
            f"{(r.organisation_name or '–')[:40]:<40}  {(r.programme_name or '')[:20]:<20}  "
            f"{topics}\n"
        )
    if not count:
        print("Keine Beratungen gefunden.")
        return 0
    print(f"{count} Beratung{'en' if count != 1 else ''}.")
    return 0


def _every_row(services: Services, selection: ConsultationFilter) -> Iterator[ConsultationRow]:
    """Every consultation of ``selection``, a page at a time (a few statements per page)."""
    offset = 0
    while True:
        page = services.consultations.list_consultations(selection, offset, PAGE)
        yield from page
        if len(page) < PAGE:
            return
        offset += PAGE
