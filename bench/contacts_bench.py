"""Contacts list speed with 20,000 persons and 2,000 organisations (issue 3).

Run: ``.venv/bin/python bench/contacts_bench.py [--persons 20000] [--repeat 20]``.
Writes ``bench/results/contacts.md``; nothing is asserted. Each measurement is what the GUI's
lazy model does for one keystroke or one scroll step: ``count_persons`` plus one page of
``list_persons`` (100 rows), through the real service (own read transaction each).

Baseline: the same page and count with the filter written the naive way — ``ILIKE``/``lower()
LIKE`` over the joined name, e-mail, organisation and town columns instead of the maintained
``search_text`` column — to show what the column buys. (The baseline does not even fold
umlauts, so it would find less.)
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import and_, func, insert, or_, select

from beratung.domain.enums import AddressPreference, Anrede, OrganisationKind
from beratung.domain.models import Affiliation, Organisation, Person
from beratung.domain.rules.search import search_key
from beratung.domain.rules.sorting import name_sort_key, sort_key
from beratung.paths import AppPaths
from beratung.services import Services
from beratung.services.contacts import ContactFilter

FIRST = [
    "Anna",
    "Jürgen",
    "Sabine",
    "Klaus",
    "Özlem",
    "Jan",
    "Eva",
    "Hans-Peter",
    "Marie",
    "Lukas",
    "Sophie",
    "Thomas",
    "Ülkü",
    "Petra",
    "Stefan",
    "Julia",
    "Andreas",
    "Katrin",
]
LAST = [
    "Müller",
    "Schmidt",
    "Schneider",
    "Fischer",
    "Weber",
    "Meyer",
    "Wagner",
    "Becker",
    "Schulz",
    "Hoffmann",
    "Schäfer",
    "Koch",
    "Bauer",
    "Richter",
    "Klein",
    "Wolf",
    "Schröder",
    "Neumann",
    "Schwarz",
    "Zimmermann",
    "Braun",
    "Krüger",
    "Hofmann",
    "Hartmann",
    "Lange",
    "Weiß",
    "Dreßler",
    "Köhler",
    "Maier",
    "Mayer",
    "Lüdenscheidt",
    "Özdemir",
    "Yılmaz",
]
TOWNS = [
    "Stuttgart",
    "Ulm",
    "Karlsruhe",
    "Mannheim",
    "Freiburg im Breisgau",
    "Heidelberg",
    "Heilbronn",
    "Pforzheim",
    "Reutlingen",
    "Esslingen am Neckar",
    "Tübingen",
    "Konstanz",
    "Schwäbisch Gmünd",
    "Schwäbisch Hall",
    "Ludwigsburg",
    "Aalen",
    "Böblingen",
    "Mössingen",
]
ROLES = [
    "Oberbürgermeisterin",
    "Bürgermeister",
    "Sozialdezernentin",
    "Sachbearbeiter",
    "Inklusionsbeauftragte",
    "Quartiersmanager",
    "Amtsleiterin",
    None,
]
KREISE = [
    "Stuttgart",
    "Ulm",
    "Alb-Donau-Kreis",
    "Esslingen",
    "Tübingen",
    "Konstanz",
    "Ortenaukreis",
]
BEZIRKE = ["Stuttgart", "Karlsruhe", "Freiburg", "Tübingen"]


def generate(services: Services, persons: int, organisations: int, seed: int = 1) -> None:
    rng = random.Random(seed)
    org_rows = []
    for i in range(1, organisations + 1):
        town = rng.choice(TOWNS)
        kind = rng.choice(list(OrganisationKind))
        name = f"{'Stadt' if kind is OrganisationKind.MUNICIPALITY else 'Verein'} {town} {i}"
        kreis, bezirk = rng.choice(KREISE), rng.choice(BEZIRKE)
        org_rows.append(
            {
                "id": i,
                "kind": kind,
                "name": name,
                "town": town,
                "postcode": "70173",
                "street": "Marktplatz 1",
                "kreis": kreis,
                "regierungsbezirk": bezirk,
                "is_member": rng.random() < 0.5,
                "email": f"info{i}@example.org",
                "version": 1,
                "search_text": search_key(name, town, kreis, bezirk, f"info{i}@example.org"),
                # Core inserts bypass the models' validators: fill the sort key as they would.
                "sort_name": name_sort_key(name),
            }
        )
    person_rows, aff_rows = [], []
    for i in range(1, persons + 1):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        org = org_rows[rng.randrange(organisations)]
        role = rng.choice(ROLES)
        email = f"{first}.{last}{i}@example.org".lower()
        person_rows.append(
            {
                "id": i,
                "anrede": rng.choice(list(Anrede)),
                "first_name": first,
                "last_name": last,
                "email": email,
                "phone": "0711 22921-33",
                "version": 1,
                "address_preference": AddressPreference.ORGANISATION,
                "search_text": search_key(
                    first, last, email, "0711 22921-33", org["name"], role, org["town"]
                ),
                "sort_name": sort_key(last, first),
            }
        )
        aff_rows.append(
            {"person_id": i, "organisation_id": org["id"], "role": role, "is_primary": True}
        )
    with services.db.transaction() as s:
        s.execute(insert(Organisation), org_rows)
        s.execute(insert(Person), person_rows)
        s.execute(insert(Affiliation), aff_rows)


def measure(fn: Callable[[], object], repeat: int) -> tuple[float, float]:
    fn()  # warm-up
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.median(times), times[min(len(times) - 1, int(len(times) * 0.9))]


def baseline(services: Services, text: str, offset: int) -> None:
    """Count + page with LIKE over lower() of the joined columns (no search_text)."""
    prim = Affiliation
    org = Organisation
    conds = []
    for term in text.lower().split():
        pattern = f"%{term}%"
        conds.append(
            or_(
                *(
                    func.lower(c).like(pattern)
                    for c in (
                        Person.first_name,
                        Person.last_name,
                        Person.email,
                        org.name,
                        org.town,
                        prim.role,
                    )
                )
            )
        )
    joined = (
        select(Person.id, Person.last_name, Person.first_name, org.name, prim.role, org.town)
        .outerjoin(prim, and_(prim.person_id == Person.id, prim.is_primary.is_(True)))
        .outerjoin(org, org.id == prim.organisation_id)
        .where(*conds)
    )
    with services.db.read() as s:
        s.scalar(select(func.count()).select_from(joined.subquery()))
        s.execute(
            joined.order_by(Person.last_name, Person.first_name, Person.id)
            .offset(offset)
            .limit(100)
        ).all()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--persons", type=int, default=20_000)
    parser.add_argument("--organisations", type=int, default=2_000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument(
        "--out", type=Path, default=Path(__file__).resolve().parent / "results" / "contacts.md"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        paths = AppPaths(Path(tmp) / "data")
        services = Services.open(paths, db_path=Path(tmp) / "bench.sqlite", user="bench")
        start = time.perf_counter()
        generate(services, args.persons, args.organisations)
        gen_ms = (time.perf_counter() - start) * 1000
        contacts = services.contacts

        def page(search: str = "", offset: int = 0, order: str = "name") -> Callable[[], object]:
            flt = ContactFilter(search=search)

            def run() -> object:
                contacts.count_persons(flt)
                return contacts.list_persons(flt, offset=offset, limit=100, order_by=order)  # type: ignore[arg-type]

            return run

        cases: list[tuple[str, Callable[[], object], Callable[[], object] | None]] = [
            ("öffnen: Anzahl + erste Seite, nach Name", page(), lambda: baseline(services, "", 0)),
            ("öffnen: nach Organisation sortiert", page(order="organisation"), None),
            ("Tastendruck „mül“", page("mül"), lambda: baseline(services, "mül", 0)),
            ("Tastendruck „müller“", page("müller"), lambda: baseline(services, "müller", 0)),
            ("Tastendruck „muller“ (ohne Umlaut)", page("muller"), None),
            ("Tastendruck „stutt“", page("stutt"), lambda: baseline(services, "stutt", 0)),
            ("zwei Wörter „anna ulm“", page("anna ulm"), lambda: baseline(services, "anna ulm", 0)),
            ("Blättern: Seite bei 5.000", page(offset=5000), lambda: baseline(services, "", 5000)),
            (
                "Blättern: Seite bei 15.000",
                page(offset=15000),
                lambda: baseline(services, "", 15000),
            ),
        ]
        lines = [
            "# Kontakte: Geschwindigkeit der Liste",
            "",
            f"{args.persons:,} Personen, {args.organisations:,} Organisationen (SQLite-Datei, "
            f"Massen-Insert {gen_ms:.0f} ms); je Messung {args.repeat} Läufe nach einem "
            "Aufwärmlauf. Gemessen wird, was das Listenmodell je Tastendruck bzw. "
            "Bildlauf tut: `count_persons` + eine Seite `list_persons` (100 Zeilen), je in "
            "eigener Lesetransaktion.".replace(",", "."),
            "",
            "Baseline: dieselbe Abfrage mit `lower(spalte) LIKE` über die verbundenen Spalten "
            "(Name, E-Mail, Organisation, Ort, Funktion) statt über `search_text`.",
            "",
            "| Messung | Median ms | p90 ms | Baseline Median ms | Baseline p90 ms | Verhältnis |",
            "|---|---:|---:|---:|---:|---:|",
        ]
        for name, fn, base in cases:
            med, p90 = measure(fn, args.repeat)
            if base is not None:
                bmed, bp90 = measure(base, args.repeat)
                lines.append(
                    f"| {name} | {med:.1f} | {p90:.1f} | {bmed:.1f} | {bp90:.1f} | "
                    f"{bmed / med:.1f}× |"
                )
            else:
                lines.append(f"| {name} | {med:.1f} | {p90:.1f} | – | – | – |")
            print(lines[-1])
        dup_start = time.perf_counter()
        dups = contacts.find_duplicates()
        dup_ms = (time.perf_counter() - dup_start) * 1000
        lines += [
            "",
            f"Dublettensuche (`find_duplicates`, einmal): {dup_ms:.0f} ms, "
            f"{len(dups)} Kandidaten (die Testdaten wiederholen Namen absichtlich).",
            "",
        ]
        services.close()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join(lines), encoding="utf-8")
    print(f"geschrieben: {args.out}")


if __name__ == "__main__":
    main()
