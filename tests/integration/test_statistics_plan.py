"""The statistics of a period read the covering index ``ix_consultation_statistics`` (migration
0009), never the consultation table row by row: at 100,000 consultations that is the difference
between 0.3 s and 1.2 s for a year (issue 16). Checked with SQLite's query plans after ANALYZE,
which is when SQLite is tempted to skip-scan another index instead."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import event

from beratung.domain.contacts import Organisation
from beratung.domain.enums import ConsultationMode, OrganisationKind
from beratung.domain.work import Consultation, Programme


def test_statistics_of_a_year_read_the_covering_index(services: Any) -> None:
    if services.db.engine.dialect.name != "sqlite":
        pytest.skip("query plans are checked on SQLite")
    with services.db.transaction() as s:
        programme = Programme(name="Quartier 2020")
        towns = [
            Organisation(kind=OrganisationKind.MUNICIPALITY, name=f"Gemeinde {i}", is_member=i % 2)
            for i in range(20)
        ]
        s.add_all([programme, *towns])
        s.flush()
        start = datetime(2016, 1, 1, 9, 0, tzinfo=UTC)
        s.add_all(
            Consultation(
                occurred_at=start + timedelta(days=i),
                mode=ConsultationMode.PHONE,
                duration_minutes=30,
                organisation_id=towns[i % 20].id,
                programme_id=programme.id if i % 3 else None,
            )
            for i in range(600)
        )
    database = services.db.engine.url.database
    with sqlite3.connect(database) as raw:
        raw.execute("ANALYZE")

    statements: list[tuple[str, Any]] = []

    def before(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        if "FROM consultation" in statement:
            statements.append((statement, parameters))

    services.db.engine.dispose()  # new connections read the ANALYZE statistics
    event.listen(services.db.engine, "before_cursor_execute", before)
    try:
        stats = services.statistics.consultation_statistics(date(2017, 1, 1), date(2017, 12, 31))
    finally:
        event.remove(services.db.engine, "before_cursor_execute", before)
    assert stats.totals.consultations == 600 - 366  # 2016 is a leap year

    # period, programme, topic, mode; organisation parts (totals, Kreis, Bezirk, membership)
    assert len(statements) == 5
    with sqlite3.connect(database) as raw:
        for statement, parameters in statements:
            plan = " / ".join(
                row[3] for row in raw.execute(f"EXPLAIN QUERY PLAN {statement}", parameters)
            )
            assert "COVERING INDEX ix_consultation_statistics" in plan, (statement, plan)
            assert "SCAN consultation" not in plan, (statement, plan)
