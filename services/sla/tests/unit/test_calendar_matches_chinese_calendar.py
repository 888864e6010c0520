"""The calendar built from the package's data answers as the package does, for every day."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import pairwise

import chinese_calendar  # type: ignore[import-untyped]  # the package ships no types
import pytest

from daiban_sla.domain.working_calendar import WorkingCalendar

FIRST, LAST = date(2004, 1, 1), date(2026, 12, 31)


def every_day() -> list[date]:
    return [FIRST + timedelta(days=n) for n in range((LAST - FIRST).days + 1)]


def test_the_package_covers_2004_to_2026(calendar: WorkingCalendar) -> None:
    assert calendar.years == frozenset(range(2004, 2027))


def test_every_day_of_2004_to_2026_is_a_working_day_exactly_when_the_package_says_so(
    calendar: WorkingCalendar,
) -> None:
    differ = [d for d in every_day()
              if calendar.is_working_day(d) != chinese_calendar.is_workday(d)]
    assert differ == []
    assert len(every_day()) == 8401


@pytest.mark.parametrize("n", [1, 5])
def test_n_working_days_after_every_day_is_the_packages_nth_workday_after_it(
    calendar: WorkingCalendar, n: int,
) -> None:
    days = every_day()[:-60]  # the package cannot look past 2026
    # find_workday(k, d) is the (k+1)-th working day on or after d
    differ = [d for d in days if calendar.add_working_days(d, n)
              != chinese_calendar.find_workday(n - 1, d + timedelta(days=1))]
    assert differ == []


def test_counts_between_month_ends_equal_the_packages_workdays(calendar: WorkingCalendar) -> None:
    month_ends = [date(y, m, 1) - timedelta(days=1) for y in range(2004, 2027)
                  for m in range(2, 13)] + [LAST]
    for start, end in pairwise(month_ends):
        expected = len(chinese_calendar.get_workdays(start + timedelta(days=1), end))
        assert calendar.working_days_between(start, end) == expected, (start, end)
