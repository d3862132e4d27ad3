"""Variants of the events report's sample snapshot for the document tests: an empty period,
many events, more Regierungsbezirke than the table has columns for, a long list of regulars."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

from beratung.documents.samples import sample_event_report
from beratung.domain.reports import (
    EventReportSnapshot,
    EventStatistics,
    EventStatisticsRow,
    EventTotals,
    Reach,
    RegistrationTally,
    SeriesGuest,
    SeriesStatistics,
    Tally,
)


def empty_period() -> EventReportSnapshot:
    return dataclasses.replace(
        sample_event_report(),
        title="Veranstaltungsstatistik 2019",
        subtitle="Zeitraum: 01.01.2019 – 31.12.2019",
        statistics=EventStatistics(
            period_from=date(2019, 1, 1),
            period_to=date(2019, 12, 31),
            series=None,
            events=(),
            totals=EventTotals(0, 0, 0, RegistrationTally(), 0, Reach()),
            series_statistics=(),
        ),
    )


def many_events(events: int, regions: int = 4, guests: int = 0) -> EventReportSnapshot:
    """``events`` events over a year, municipalities in ``regions`` Regierungsbezirke,
    ``guests`` people who came twice to the one series."""
    names = [f"Bezirk {chr(65 + i)}" for i in range(regions)]
    rows = tuple(
        EventStatisticsRow(
            event_id=i + 1,
            title=f"Netzwerktreffen Nummer {i + 1}",
            series="Netzwerk",
            starts_on=date(2017, 1, 2) + timedelta(days=7 * i),
            town="Ulm",
            status="held",
            status_label="durchgeführt",
            held=True,
            capacity=None,
            registrations=RegistrationTally(1, 0, 2, 0, 10 + i, 1),
            reach=Reach(
                regions + i % 3,
                regions,
                i % 3,
                tuple(Tally(name, 1 + (i % 3 if n == 0 else 0)) for n, name in enumerate(names)),
            ),
        )
        for i in range(events)
    )
    total = RegistrationTally()
    for row in rows:
        total = total + row.registrations
    people = tuple(
        SeriesGuest(f"Person {i:02d}", "Stadt Ulm", 2, ("a", "b")) for i in range(guests)
    )
    return dataclasses.replace(
        sample_event_report(),
        statistics=EventStatistics(
            period_from=date(2017, 1, 1),
            period_to=date(2017, 12, 31),
            series=None,
            events=rows,
            totals=EventTotals(
                events=events,
                held=events,
                cancelled=0,
                registrations=total,
                participants=40,
                reach=Reach(regions + 2, regions, 2, tuple(Tally(n, 3) for n in names)),
            ),
            series_statistics=(
                SeriesStatistics("Netzwerk", events, events, 40, total.attended,
                                 ((1, 40 - guests), (2, guests)), people),
            ),
        ),
    )


