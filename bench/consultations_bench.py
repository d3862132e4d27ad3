"""Benchmark: full-text search and statistics over 100,000 consultations in a SQLite file.

    .venv/bin/python bench/consultations_bench.py [--count 100000] [--keep FILE]

Generates municipalities, topics and consultations with realistic German notes (bulk Core
inserts, then one full-text index rebuild), then measures through the services:

* full-text search (several words, umlauts typed or not, prefixes as typed): median and p90 of
  ``ConsultationService.search_consultations`` (first 200 rows, loaded as the GUI would) and of
  the bare id query; baseline: ``lower(summary) LIKE '%word%'`` for each word (what a search
  without an index does), ratio baseline / FTS;
* the statistics of one year (``StatisticsService.consultation_statistics``), median and p90.

Results go to ``bench/results/consultations.md``; nothing is asserted.
"""

from __future__ import annotations

import argparse
import platform
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert, select, text

from beratung.domain.contacts import Organisation
from beratung.domain.enums import ConsultationMode, OrganisationKind
from beratung.domain.work import Consultation, Programme, Topic, consultation_topic
from beratung.paths import AppPaths
from beratung.services import Services
from beratung.services.consultations import ConsultationFilter
from beratung.storage import search

RESULTS = Path(__file__).resolve().parent / "results" / "consultations.md"
YEARS = (2013, 2014, 2015, 2016, 2017)

TOPICS = [
    "Quartiersentwicklung",
    "Barrierefreiheit",
    "Bürgerbeteiligung",
    "Fördermittel",
    "Wohnen im Alter",
    "Inklusive Bildung",
    "Mobilität",
    "Pflege und Unterstützung im Quartier",
    "Begegnungsorte",
    "Ehrenamt und Engagement",
    "Vernetzung",
    "Sozialraumanalyse",
    "Leichte Sprache",
    "Arbeit und Beschäftigung",
]
OPENINGS = [
    "Telefonat mit der Sozialplanung über",
    "Vor-Ort-Termin im Rathaus zu",
    "Videokonferenz mit dem Quartiersmanagement zur Frage der",
    "Anfrage per E-Mail zur",
    "Gespräch mit der Bürgermeisterin über die",
    "Abstimmung mit dem Seniorenbüro zur",
    "Beratung des Gemeinderatsausschusses zur",
]
SUBJECTS = [
    "Förderung inklusiver Quartiere",
    "barrierefreien Umgestaltung des Straßenraums",
    "Bürgerbeteiligung im Sanierungsgebiet",
    "Antragstellung im Wettbewerb Quartier 2020",
    "Einrichtung eines Quartierstreffs",
    "Mobilität älterer Menschen im ländlichen Raum",
    "Gründung einer Nachbarschaftshilfe",
    "Weiterentwicklung des Seniorenzentrums",
    "inklusiven Spielplatzgestaltung",
    "Übergänge von der Schule in den Beruf",
    "Wohnraumversorgung für Menschen mit Behinderungen",
    "Kooperation mit der Diakonie",
]
DETAILS = [
    "Die Gemeinde plant eine Sozialraumanalyse und bittet um Beispiele aus anderen Kommunen.",
    "Fragen zur Kofinanzierung und zum Zeitplan wurden geklärt.",
    "Es wurde vereinbart, die Unterlagen bis Monatsende zu übersenden.",
    "Ein Beteiligungsformat mit Jugendlichen und Senioren ist vorgesehen.",
    "Hinweis auf das Werkstattgespräch in Ulm und die Erfahrungen der Stadt Tübingen.",
    "Die Verwaltung möchte ein Netzwerk mit Vereinen, Kirchen und Wohlfahrtsverbänden knüpfen.",
    "Barrieren im öffentlichen Raum sollen gemeinsam mit Betroffenen erhoben werden.",
    "Der Gemeinderat hat dem Vorhaben grundsätzlich zugestimmt.",
    "Die Förderrichtlinie wurde erläutert; offene Punkte gehen an das Ministerium.",
    "Gespräch über Leichte Sprache in Bürgerinformationen und auf der Internetseite.",
]
OUTCOMES = [
    "Antrag wird eingereicht.",
    "Wiedervorlage in zwei Wochen.",
    "Kontakt zu Nachbarkommune hergestellt.",
    "Unterlagen zugesandt.",
    "Termin vor Ort vereinbart.",
    "Keine weitere Beratung nötig.",
]

QUERIES = [
    ("ein Wort mit Umlaut", "Förderung"),
    ("ohne Umlaut getippt", "forderung"),
    ("Umlaut umschrieben", "foerderung"),
    ("zwei Wörter", "Bürgerbeteiligung Sanierungsgebiet"),
    ("zwei Wörter, letztes angefangen", "inklusiven Spielplatzgest"),
    ("Präfix beim Tippen", "Quartiers"),
    ("kurzes Präfix", "barr"),
    ("ß als ss", "Strassenraum"),
    ("seltenes Wort (1 ‰)", "Zwiefalten"),
    ("Wort, das nicht vorkommt", "Kläranlage"),
    ("Organisationsname", "Tübingen Werkstattgespräch"),
]


def generate(services: Services, count: int, seed: int = 4) -> None:
    rng = random.Random(seed)
    with services.db.transaction() as session:
        conn = session.connection()
        organisations = []
        for i in range(1100):
            organisations.append(
                {
                    "kind": OrganisationKind.MUNICIPALITY,
                    "name": f"Gemeinde Beispielort {i}",
                    "kreis": f"Kreis {i % 44}",
                    "kreis_typ": "Landkreis",
                    "regierungsbezirk": ["Stuttgart", "Karlsruhe", "Freiburg", "Tübingen"][i % 4],
                    "is_member": i % 3 == 0,
                    "search_text": "",
                    "version": 1,
                    "created_at": datetime(2012, 1, 1, tzinfo=UTC),
                    "updated_at": datetime(2012, 1, 1, tzinfo=UTC),
                }
            )
        conn.execute(insert(Organisation), organisations)
        org_ids = list(conn.scalars(select(Organisation.id)))
        now = datetime(2012, 1, 1, tzinfo=UTC)
        conn.execute(
            insert(Topic),
            [{"name": n, "is_active": True, "created_at": now, "updated_at": now} for n in TOPICS],
        )
        topic_ids = list(conn.scalars(select(Topic.id)))
        conn.execute(
            insert(Programme),
            [
                {
                    "name": "Quartier 2020",
                    "starts_on": date(2017, 3, 1),
                    "deadline": date(2017, 7, 31),
                    "version": 1,
                    "created_at": now,
                    "updated_at": now,
                },
                {
                    "name": "Quartiersimpulse",
                    "starts_on": date(2015, 1, 1),
                    "deadline": date(2015, 10, 31),
                    "version": 1,
                    "created_at": now,
                    "updated_at": now,
                },
            ],
        )
        programme_ids = list(conn.scalars(select(Programme.id)))
        modes = list(ConsultationMode)
        start = datetime(YEARS[0], 1, 1, 7, tzinfo=UTC)
        span = (datetime(YEARS[-1] + 1, 1, 1, tzinfo=UTC) - start).total_seconds()
        batch: list[dict[str, object]] = []
        links: list[dict[str, int]] = []
        next_id = 1
        for _ in range(count):
            at = start + timedelta(seconds=rng.random() * span)
            summary = " ".join(
                [
                    rng.choice(OPENINGS),
                    rng.choice(SUBJECTS) + ".",
                    *rng.sample(DETAILS, rng.randint(1, 3)),
                    *(["Vorbild ist das Zwiefaltener Modell."] if rng.random() < 0.001 else []),
                ]
            )
            batch.append(
                {
                    "id": next_id,
                    "occurred_at": at,
                    "duration_minutes": rng.choice([15, 30, 45, 60, 90, 120, None]),
                    "mode": rng.choice(modes),
                    "organisation_id": rng.choice(org_ids),
                    "programme_id": rng.choice([None, None, *programme_ids]),
                    "subject": rng.choice(SUBJECTS)[:1].upper() + rng.choice(SUBJECTS)[1:],
                    "summary": summary,
                    "outcome": rng.choice(OUTCOMES),
                    "file_reference": f"047.{rng.randint(10, 99)}",
                    "version": 1,
                    "created_at": at,
                    "updated_at": at,
                }
            )
            for topic in rng.sample(topic_ids, rng.randint(1, 3)):
                links.append({"consultation_id": next_id, "topic_id": topic})
            next_id += 1
            if len(batch) >= 5000:
                conn.execute(insert(Consultation), batch)
                conn.execute(insert(consultation_topic), links)
                batch, links = [], []
        if batch:
            conn.execute(insert(Consultation), batch)
            conn.execute(insert(consultation_topic), links)
        # Core inserts bypass the ORM flush hook: index everything once.
        search.rebuild(conn)
    with services.db.engine.connect() as conn:
        conn.exec_driver_sql("ANALYZE")
        conn.exec_driver_sql("INSERT INTO consultation_fts(consultation_fts) VALUES ('optimize')")
        conn.commit()


def measure(func: Callable[[], object], runs: int) -> tuple[float, float, object]:
    func()  # warm the page cache and the statement cache
    times = []
    result: object = None
    for _ in range(runs):
        began = time.perf_counter()
        result = func()
        times.append((time.perf_counter() - began) * 1000)
    times.sort()
    return statistics.median(times), times[min(len(times) - 1, int(len(times) * 0.9))], result


def baseline_ids(services: Services, query: str) -> list[int]:
    """Unindexed search: every word as a case-insensitive substring of the summary."""
    words = [w.lower() for w in query.split()]
    where = " AND ".join(f"lower(summary) LIKE :w{i}" for i in range(len(words)))
    params = {f"w{i}": f"%{w}%" for i, w in enumerate(words)}
    with services.db.transaction(write=False) as session:
        return list(
            session.scalars(
                text(
                    f"SELECT id FROM consultation WHERE {where} ORDER BY occurred_at DESC LIMIT 200"
                ),
                params,
            )
        )


def fts_ids(services: Services, query: str) -> list[int]:
    ids = search.matching_ids("sqlite", query)
    assert ids is not None
    with services.db.transaction(write=False) as session:
        return list(
            session.scalars(
                select(Consultation.id)
                .where(Consultation.id.in_(ids))
                .order_by(Consultation.occurred_at.desc())
                .limit(200)
            )
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=25)
    parser.add_argument("--keep", type=Path, help="use/keep this database file")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="beratung-bench-"))
    db_file = args.keep or folder / "bench.sqlite"
    services = Services.open(AppPaths(folder / "data"), db_path=db_file, user="bench")
    began = time.perf_counter()
    if services.consultations.count_consultations() == 0:
        generate(services, args.count)
    setup_s = time.perf_counter() - began
    total = services.consultations.count_consultations()
    size_mb = Path(db_file).stat().st_size / 1e6

    rows: list[str] = []
    fts_medians: list[float] = []
    id_medians: list[float] = []
    base_medians: list[float] = []
    for name, query in QUERIES:
        svc_med, svc_p90, found = measure(
            lambda q=query: services.consultations.search_consultations(q, limit=200), args.runs
        )
        ids_med, _, _ = measure(lambda q=query: fts_ids(services, q), args.runs)
        hits = services.consultations.count_consultations(ConsultationFilter(text=query))
        base_med, _, base_found = measure(
            lambda q=query: baseline_ids(services, q), max(5, args.runs // 5)
        )
        fts_medians.append(svc_med)
        id_medians.append(ids_med)
        base_medians.append(base_med)
        assert isinstance(found, list) and isinstance(base_found, list)
        rows.append(
            f"| {name} | `{query}` | {hits:,} | {svc_med:.1f} | {svc_p90:.1f} | {ids_med:.1f} | "
            f"{base_med:.1f} ({len(base_found)} Treffer) | {base_med / ids_med:.1f}× |"
        )

    year = YEARS[-1]
    stat_med, stat_p90, stats = measure(
        lambda: services.statistics.consultation_statistics(date(year, 1, 1), date(year, 12, 31)),
        max(5, args.runs // 3),
    )
    quartier = services.programmes.find_by_name("Quartier 2020")
    phase_med, _, phase = measure(
        lambda: services.statistics.application_phase_statistics(quartier.id), 5
    )
    services.close()

    lines = [
        "# Benchmark: Beratungen – Volltextsuche und Statistik",
        "",
        f"Erzeugt von `bench/consultations_bench.py` am {date.today():%d.%m.%Y}; "
        f"{total:,} Beratungen ({YEARS[0]}–{YEARS[-1]}, 1.100 Kommunen, 14 Themen), "
        f"SQLite-Datei {size_mb:.0f} MB, Aufbau {setup_s:.0f} s. "
        f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, "
        f"{platform.machine()}. Zeiten in ms, Median und 90. Perzentil aus {args.runs} Läufen "
        "nach einem Aufwärmlauf.",
        "",
        "## Volltextsuche",
        "",
        "FTS5 (`unicode61 remove_diacritics 2`, Präfixindex 2/3/4) über Betreff, Notizen, "
        "Ergebnis, Aktenzeichen, Organisation und Themen; „Service“ = "
        "`ConsultationService.search_consultations(text, limit=200)` einschließlich Laden der "
        "200 Zeilen (Organisation, Programm, Themen, Personen, Anhänge), „nur IDs“ = die "
        "Trefferabfrage mit Sortierung nach Datum. Vergleich (Baseline): "
        "`lower(summary) LIKE '%wort%'` je Wort, nur IDs – ohne Index, ohne Umlaut-Faltung "
        "(findet „forderung“ daher nicht).",
        "",
        "| Fall | Anfrage | Treffer | Service Median | Service p90 | nur IDs Median | "
        "LIKE-Baseline Median | Baseline / FTS (nur IDs) |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
        *rows,
        "",
        f"Median über alle Anfragen: **{statistics.median(fts_medians):.1f} ms** (Service, mit "
        f"Laden der Zeilen), {statistics.median(id_medians):.1f} ms nur IDs, gegenüber "
        f"{statistics.median(base_medians):.1f} ms für die LIKE-Baseline (nur IDs): Faktor "
        f"{statistics.median(base_medians) / statistics.median(id_medians):.1f}. Ziel: deutlich "
        "unter 100 ms. Die LIKE-Abfrage endet bei häufigen Wörtern früh (sie läuft rückwärts "
        "über den Datumsindex und hört nach 200 Treffern auf); bei seltenen oder fehlenden "
        "Wörtern liest sie jede Zeile – dort liegt der Gewinn des Index, und nur der Index "
        "findet Schreibweisen ohne Umlaut.",
        "",
        "## Statistik eines Jahres",
        "",
        f"`consultation_statistics({year}-01-01, {year}-12-31)`: "
        f"{stats.totals.consultations:,} Beratungen, "  # type: ignore[attr-defined]
        f"{stats.totals.municipalities:,} Kommunen; "  # type: ignore[attr-defined]
        f"Median **{stat_med:.0f} ms**, p90 {stat_p90:.0f} ms (acht GROUP-BY-Abfragen: gesamt, "
        "Monat, Programm, Thema, Art, Kreis, Regierungsbezirk, Mitgliedschaft). Ziel: unter 1 s.",
        "",
        f"Bewerbungsphase Quartier 2020 (01.03.–31.07.2017, mit Programmfilter): Median "
        f"{phase_med:.0f} ms; {phase.totals.members:,} Mitgliedskommunen beraten.",  # type: ignore[attr-defined]
        "",
    ]
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
