"""Counting across Spring Festival and National Day, with their make-up working days.

The expected dates are worked out by hand from the State Council's notices of the holiday
arrangements (as the chinese_calendar package has them), not computed by the code under test:
- 2025: 春节 1月28日(周二)至2月4日(周二)放假, 1月26日(周日)、2月8日(周六)
  上班; 国庆节、中秋节 10月1日(周三)至8日(周三)放假, 9月28日(周日)、10月11日(周六)上班.
- 2026: 元旦 1月1日至3日放假, 1月4日(周日)上班; 春节 2月15日(周日)至23日(周一)放假,
  2月14日(周六)、2月28日(周六)上班; 中秋节 9月25日至27日放假; 国庆节 10月1日(周四)至7日(周三)
  放假, 9月20日(周日)、10月10日(周六)上班.
"""

from __future__ import annotations

from datetime import date

import pytest

from daiban_sla.domain.working_calendar import WorkingCalendar

ADD_CASES = [
    # 2025 Spring Festival
    pytest.param(date(2025, 1, 24), 1, date(2025, 1, 26),
                 id="2025: Friday + 1 is the make-up Sunday 01-26, not Monday"),
    pytest.param(date(2025, 1, 26), 1, date(2025, 1, 27), id="2025: make-up Sunday + 1 → Mon"),
    pytest.param(date(2025, 1, 27), 1, date(2025, 2, 5),
                 id="2025: the day before the break + 1 → the first day after it"),
    pytest.param(date(2025, 1, 24), 3, date(2025, 2, 5), id="2025: Fri + 3 → 02-05"),
    pytest.param(date(2025, 2, 5), 3, date(2025, 2, 8), id="2025: + 3 ends on make-up Sat 02-08"),
    pytest.param(date(2025, 2, 5), 4, date(2025, 2, 10), id="2025: + 4 skips Sunday 02-09"),
    pytest.param(date(2025, 1, 30), 1, date(2025, 2, 5), id="2025: from inside the break"),
    # 2025 National Day and Mid-Autumn
    pytest.param(date(2025, 9, 26), 1, date(2025, 9, 28), id="2025: Fri + 1 → make-up Sun 09-28"),
    pytest.param(date(2025, 9, 30), 1, date(2025, 10, 9), id="2025: 09-30 + 1 → 10-09"),
    pytest.param(date(2025, 9, 30), 3, date(2025, 10, 11), id="2025: + 3 → make-up Sat 10-11"),
    pytest.param(date(2025, 9, 30), 4, date(2025, 10, 13), id="2025: + 4 → Monday 10-13"),
    pytest.param(date(2025, 9, 26), 7, date(2025, 10, 13), id="2025: Fri + 7 → 10-13"),
    # New Year across the years
    pytest.param(date(2025, 12, 31), 1, date(2026, 1, 4),
                 id="2025-12-31 + 1 → make-up Sunday 2026-01-04"),
    # 2026 Spring Festival
    pytest.param(date(2026, 2, 13), 1, date(2026, 2, 14), id="2026: Fri + 1 → make-up Sat 02-14"),
    pytest.param(date(2026, 2, 13), 2, date(2026, 2, 24), id="2026: Fri + 2 → Tue 02-24"),
    pytest.param(date(2026, 2, 14), 1, date(2026, 2, 24), id="2026: make-up Sat + 1 → 02-24"),
    pytest.param(date(2026, 2, 12), 5, date(2026, 2, 26), id="2026: Thu + 5 → Thu 02-26"),
    pytest.param(date(2026, 2, 24), 4, date(2026, 2, 28), id="2026: + 4 → make-up Sat 02-28"),
    pytest.param(date(2026, 2, 24), 5, date(2026, 3, 2), id="2026: + 5 skips Sunday 03-01"),
    # 2026 Mid-Autumn and National Day
    pytest.param(date(2026, 9, 18), 1, date(2026, 9, 20), id="2026: Fri + 1 → make-up Sun 09-20"),
    pytest.param(date(2026, 9, 24), 1, date(2026, 9, 28), id="2026: Thu + 1 → Mon 09-28"),
    pytest.param(date(2026, 9, 30), 1, date(2026, 10, 8), id="2026: 09-30 + 1 → Thu 10-08"),
    pytest.param(date(2026, 9, 30), 3, date(2026, 10, 10), id="2026: + 3 → make-up Sat 10-10"),
    pytest.param(date(2026, 9, 30), 4, date(2026, 10, 12), id="2026: + 4 → Monday 10-12"),
    pytest.param(date(2026, 9, 24), 10, date(2026, 10, 15), id="2026: Thu + 10 → Thu 10-15"),
    # no days: the start itself, working day or not
    pytest.param(date(2026, 10, 1), 0, date(2026, 10, 1), id="0 days from a holiday is the day"),
    pytest.param(date(2026, 2, 14), 0, date(2026, 2, 14), id="0 days from a make-up Saturday"),
]


@pytest.mark.parametrize(("start", "days", "expected"), ADD_CASES)
def test_adding_working_days_skips_holidays_and_counts_make_up_days(
    calendar: WorkingCalendar, start: date, days: int, expected: date,
) -> None:
    assert calendar.add_working_days(start, days) == expected


@pytest.mark.parametrize(("start", "days", "expected"), ADD_CASES)
def test_the_count_between_start_and_the_sum_is_the_days_added(
    calendar: WorkingCalendar, start: date, days: int, expected: date,
) -> None:
    assert calendar.working_days_between(start, expected) == days


@pytest.mark.parametrize(("day", "working"), [
    (date(2026, 2, 14), True), (date(2026, 2, 28), True), (date(2026, 9, 20), True),
    (date(2026, 10, 10), True), (date(2025, 1, 26), True), (date(2025, 2, 8), True),
    (date(2026, 2, 16), False), (date(2026, 10, 5), False), (date(2025, 10, 8), False),
    (date(2026, 2, 21), False), (date(2026, 3, 1), False), (date(2026, 3, 2), True),
])
def test_make_up_weekend_days_are_working_days_and_holidays_are_not(
    calendar: WorkingCalendar, day: date, working: bool,
) -> None:
    assert calendar.is_working_day(day) is working


def test_a_holiday_break_holds_no_working_day(calendar: WorkingCalendar) -> None:
    assert calendar.working_days_between(date(2026, 2, 14), date(2026, 2, 23)) == 0
    assert calendar.working_days_between(date(2026, 9, 30), date(2026, 10, 7)) == 0


def test_a_count_backwards_is_the_forward_count_negated(calendar: WorkingCalendar) -> None:
    assert calendar.working_days_between(date(2026, 10, 10), date(2026, 9, 30)) == -3
    assert calendar.working_days_between(date(2026, 2, 24), date(2026, 2, 13)) == -2
