"""Which automatic backups to keep: the last days, weeks and months (grandfather-father-son).

Why by calendar and not by count: backups are made at start and after many changes, so a busy
day makes several and a holiday none. Counting would let one busy afternoon push last month's
copy out; keeping the newest backup of each of the last D days, W weeks and M months always
leaves a copy from before a mistake that was noticed late, with a bounded number of files.

Pure: the caller passes the backups with their times; nothing here looks at files.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import TypeVar

T = TypeVar("T", bound=Hashable)

#: Defaults: a week of days, a month of weeks, a year of months.
DEFAULT_DAILY = 7
DEFAULT_WEEKLY = 4
DEFAULT_MONTHLY = 12


@dataclass(frozen=True, slots=True)
class Rotation:
    """How many periods of each kind keep their newest backup (0 keeps none of that kind)."""

    daily: int = DEFAULT_DAILY
    weekly: int = DEFAULT_WEEKLY
    monthly: int = DEFAULT_MONTHLY


def _day(when: datetime) -> date:
    return when.date()


def _week(when: datetime) -> tuple[int, int]:
    iso = when.isocalendar()  # ISO weeks: Monday to Sunday, as in Germany
    return (iso.year, iso.week)


def _month(when: datetime) -> tuple[int, int]:
    return (when.year, when.month)


def backups_to_keep(backups: Iterable[tuple[T, datetime]], rotation: Rotation) -> set[T]:
    """The backups that stay; every other one may be deleted.

    For each kind of period, the newest backup of each of the most recent periods that *have* a
    backup is kept (a fortnight without work does not use up the daily slots). The newest
    backup overall is always kept, whatever the numbers say, so rotating never leaves nothing.
    """
    ordered = sorted(backups, key=lambda item: item[1], reverse=True)
    if not ordered:
        return set()
    keep: set[T] = {ordered[0][0]}
    periods: tuple[tuple[int, Callable[[datetime], Hashable]], ...] = (
        (rotation.daily, _day),
        (rotation.weekly, _week),
        (rotation.monthly, _month),
    )
    for count, period_of in periods:
        seen: set[Hashable] = set()
        for item, when in ordered:
            if len(seen) >= count:
                break
            period = period_of(when)
            if period not in seen:
                seen.add(period)
                keep.add(item)  # the first one met is the newest of its period
    return keep
