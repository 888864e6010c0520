"""Properties of counting in working days, for any start and count inside the loaded years."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from daiban_sla.domain.errors import CalendarYearNotLoaded
from daiban_sla.domain.working_calendar import WorkingCalendar

days = st.dates(min_value=date(2004, 1, 1), max_value=date(2026, 12, 31))
counts = st.integers(min_value=0, max_value=2500)


def added(calendar: WorkingCalendar, start: date, n: int) -> date:
    """The sum, or the example is dropped when it runs past 2026 (an error naming 2027)."""
    try:
        return calendar.add_working_days(start, n)
    except CalendarYearNotLoaded as exc:
        assume(exc.year != 2027)
        raise


@given(start=days, n=counts)
def test_the_count_between_a_start_and_start_plus_n_is_n(
    calendar: WorkingCalendar, start: date, n: int,
) -> None:
    assert calendar.working_days_between(start, added(calendar, start, n)) == n


@given(start=days, n=st.integers(min_value=1, max_value=2500))
def test_adding_working_days_ends_on_a_working_day_after_the_start(
    calendar: WorkingCalendar, start: date, n: int,
) -> None:
    end = added(calendar, start, n)
    assert end > start
    assert calendar.is_working_day(end)


@given(start=days, n=counts, more=st.integers(min_value=1, max_value=400))
def test_adding_more_working_days_never_ends_earlier(
    calendar: WorkingCalendar, start: date, n: int, more: int,
) -> None:
    assert added(calendar, start, n) < added(calendar, start, n + more)


@given(a=days, b=days, n=counts)
def test_a_later_start_never_ends_earlier(
    calendar: WorkingCalendar, a: date, b: date, n: int,
) -> None:
    early, late = sorted((a, b))
    assert added(calendar, early, n) <= added(calendar, late, n)


@given(a=days, b=days, c=days)
def test_counts_add_up_and_reverse_with_their_order(
    calendar: WorkingCalendar, a: date, b: date, c: date,
) -> None:
    between = calendar.working_days_between
    assert between(a, b) == -between(b, a)
    assert between(a, b) + between(b, c) == between(a, c)


@pytest.mark.parametrize("n", [1, 250, 5000])
def test_a_large_count_lands_where_counting_day_by_day_does(
    calendar: WorkingCalendar, n: int,
) -> None:
    start, day, left = date(2004, 1, 1), date(2004, 1, 1), n
    while left:
        day = date.fromordinal(day.toordinal() + 1)
        left -= calendar.is_working_day(day)
    assert calendar.add_working_days(start, n) == day
