"""What every part of the demo shares: one run's state, the random source, the 2017 calendar.

The parts of the scenario (office, organisations, people, …) are separate modules, but they
draw from *one* ``random.Random(SEED)`` in a fixed order, and that order is what makes the demo
deterministic: the same seed and clock give the same rows with the same ids. So the random
source, the session and the clock live in one :class:`DemoBuild` that the orchestrator
(:mod:`.service`) creates once and hands to each part in turn; no part makes its own.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy.orm import Session

from beratung.domain.rules.dates import OFFICE_TIME_ZONE
from beratung.services.base import ServiceContext

SEED = 2017

#: Public holidays in Baden-Württemberg in 2017 (Reformationstag was a one-off holiday).
HOLIDAYS_2017 = frozenset(
    date(2017, m, d)
    for m, d in (
        (1, 1), (1, 6), (4, 14), (4, 17), (5, 1), (5, 25), (6, 5), (6, 15),
        (10, 3), (10, 31), (11, 1), (12, 25), (12, 26),
    )
)  # fmt: skip


class DemoBuild:
    """The state one demo run shares: the session, the seeded random source, the clock and
    the counts the summary reports.

    ``add`` stamps ``created_at``/``updated_at`` with the service clock (not the wall clock),
    so the rows do not depend on when the demo runs, except where the module docstring of
    :mod:`beratung.services.demo` says so.
    """

    def __init__(self, session: Session, ctx: ServiceContext) -> None:
        self.s = session
        self.ctx = ctx
        self.rng = random.Random(SEED)
        self.now = ctx.now()
        self.today = ctx.today()
        self.counts: dict[str, int] = {}

    def add(self, *objects: Any) -> None:
        for obj in objects:
            if hasattr(obj, "created_at") and getattr(obj, "created_at", None) is None:
                obj.created_at = self.now
                if hasattr(obj, "updated_at"):
                    obj.updated_at = self.now
        self.s.add_all(objects)

    def add_all(self, objects: Sequence[Any]) -> None:
        self.add(*objects)

    def bump(self, key: str, by: int = 1) -> None:
        self.counts[key] = self.counts.get(key, 0) + by


# --------------------------------------------------------------------------------------------
# Time: the scenario happens in Stuttgart in 2017; stored timestamps are UTC (decision 3).


def at(day: date, hour: int, minute: int = 0) -> datetime:
    """The UTC moment of a Berlin wall-clock time on ``day``."""
    return datetime.combine(day, time(hour, minute), tzinfo=OFFICE_TIME_ZONE).astimezone(UTC)


def is_workday(day: date) -> bool:
    return day.weekday() < 5 and day not in HOLIDAYS_2017


def workdays(start: date, end: date) -> list[date]:
    """The working days from ``start`` to ``end``, both included."""
    days = []
    day = start
    while day <= end:
        if is_workday(day):
            days.append(day)
        day += timedelta(days=1)
    return days


def next_workday(day: date) -> date:
    """``day`` itself if it is a working day, else the next one (no appointment on a Sunday)."""
    while not is_workday(day):
        day += timedelta(days=1)
    return day
