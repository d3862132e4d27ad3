"""The day/week/month rotation of automatic backups, over plain dates."""

from __future__ import annotations

from datetime import datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from beratung.domain.rules.backup_rotation import Rotation, backups_to_keep


def daily_backups(start: datetime, days: int) -> list[tuple[str, datetime]]:
    return [(f"b{i}", start + timedelta(days=i)) for i in range(days)]


def test_nothing_to_keep_when_there_are_no_backups() -> None:
    assert backups_to_keep([], Rotation()) == set()


def test_a_year_of_daily_backups_keeps_days_weeks_and_months() -> None:
    # 2025-01-01 is a Wednesday; the last backup is 2025-12-31, a Wednesday.
    items = daily_backups(datetime(2025, 1, 1, 9, 0), 365)
    kept = backups_to_keep(items, Rotation(daily=7, weekly=4, monthly=12))
    when = dict(items)
    kept_dates = sorted(when[k].date().isoformat() for k in kept)
    # the last 7 days
    assert kept_dates[-7:] == [f"2025-12-{d}" for d in range(25, 32)]
    # the newest of each of the last 4 ISO weeks: this Wednesday (already a day) and the
    # Sundays 28.12., 21.12., 14.12.
    assert "2025-12-14" in kept_dates and "2025-12-21" in kept_dates
    assert "2025-12-07" not in kept_dates
    # the newest of each of the 12 months: the last day of every month
    for month_end in ("2025-01-31", "2025-02-28", "2025-06-30", "2025-11-30"):
        assert month_end in kept_dates
    assert "2025-01-30" not in kept_dates
    # 7 days + 2 older Sundays + 11 older month ends (December's is a day already)
    assert len(kept) == 7 + 2 + 11


def test_several_backups_a_day_keep_the_newest_of_the_day() -> None:
    day = datetime(2025, 3, 10)
    items = [("morgens", day.replace(hour=8)), ("mittags", day.replace(hour=12)),
             ("abends", day.replace(hour=18)), ("gestern", day - timedelta(hours=3))]
    assert backups_to_keep(items, Rotation(daily=2, weekly=0, monthly=0)) == {"abends", "gestern"}


def test_days_without_work_do_not_use_up_the_daily_slots() -> None:
    items = [("alt", datetime(2025, 1, 2)), ("neu", datetime(2025, 3, 1))]
    assert backups_to_keep(items, Rotation(daily=2, weekly=0, monthly=0)) == {"alt", "neu"}


def test_the_newest_backup_is_kept_even_with_all_counts_zero() -> None:
    items = daily_backups(datetime(2025, 1, 1), 5)
    assert backups_to_keep(items, Rotation(daily=0, weekly=0, monthly=0)) == {"b4"}


def test_a_week_spanning_new_year_is_one_iso_week() -> None:
    # Mon 29.12.2025 to Sun 4.1.2026 is ISO week 2026-W01
    items = [("mo", datetime(2025, 12, 29)), ("so", datetime(2026, 1, 4)),
             ("vorher", datetime(2025, 12, 28))]
    assert backups_to_keep(items, Rotation(daily=0, weekly=2, monthly=0)) == {"so", "vorher"}


@given(
    st.lists(st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2030, 1, 1)),
             max_size=60, unique=True),
    st.integers(0, 10), st.integers(0, 6), st.integers(0, 14),
)
def test_kept_is_bounded_and_includes_the_newest(
    times: list[datetime], daily: int, weekly: int, monthly: int
) -> None:
    items = [(i, t) for i, t in enumerate(times)]
    kept = backups_to_keep(items, Rotation(daily, weekly, monthly))
    assert kept <= {i for i, _ in items}
    assert len(kept) <= max(1, daily + weekly + monthly) if times else not kept
    if times:
        assert times.index(max(times)) in kept
