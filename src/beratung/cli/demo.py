"""``beratung demo [--force]``."""

from __future__ import annotations

import argparse

from beratung.cli.runtime import Runtime


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "demo",
        help="eine leere Datenbank mit dem Demo-Szenario füllen (Werkstattgespräch Ulm 2017)",
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help="auch in eine nicht leere Datenbank schreiben (die dann als Demo markiert ist)",
    )
    parser.set_defaults(handler=_demo)


def _demo(args: argparse.Namespace, runtime: Runtime) -> int:
    services = runtime.services(create=True)
    summary = services.demo.create(force=args.force)
    print(summary.describe())
    print(f"Datenbank: {services.db.describe()}")
    return 0
