"""``beratung press list [--json]``."""

from __future__ import annotations

import argparse
import json

from beratung.cli.runtime import Runtime
from beratung.domain.enums import label
from beratung.domain.rules.dates import format_date_de


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("press", help="Presseinformationen")
    actions = parser.add_subparsers(dest="press_command", metavar="AKTION", required=True)
    listing = actions.add_parser("list", help="alle Presseinformationen auflisten")
    listing.add_argument("--json", action="store_true", help="maschinenlesbar ausgeben")
    listing.add_argument("--year", type=int, metavar="JAHR", help="nur dieses Jahr")
    listing.set_defaults(handler=_list)


def _list(args: argparse.Namespace, runtime: Runtime) -> int:
    rows = runtime.services().press.list_releases(year=args.year)
    if args.json:
        payload = [
            {
                "id": r.id,
                "number": r.number_text,
                "revision": r.revision,
                "status": r.status.value,
                "current": r.is_current,
                "date": r.release_date.isoformat() if r.release_date else None,
                "headline": r.headline,
                "clerk": r.clerk_initials,
            }
            for r in rows
        ]
        print(json.dumps(payload, ensure_ascii=False, indent=2))
        return 0
    if not rows:
        print("Keine Presseinformationen vorhanden.")
        return 0
    for r in rows:
        when = format_date_de(r.release_date) if r.release_date else "–"
        status = label(r.status) + ("" if r.is_current else ", ersetzt")
        print(f"{r.label:<22} {when:<10}  {status:<20} {r.headline}")
    return 0
