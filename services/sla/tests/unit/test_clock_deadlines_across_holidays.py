"""A clock's deadline is the end (23:59:59.999 CHINA) of the working day its budget reaches, counted
on the working-day calendar: across Spring Festival and National Day 2026 and their make-up
working Saturdays (调休), and from the China Standard Time day the clock started."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from fractions import Fraction

import pytest

from daiban_kernel.china import CHINA
from daiban_kernel.contracts.case import CaseRef
from daiban_kernel.contracts.matter import Tier
from daiban_sla.domain.clock import Clock
from daiban_sla.domain.light_policy import LightPolicy
from daiban_sla.domain.timetable import Timetable
from daiban_sla.domain.working_calendar import WorkingCalendar

POLICY = LightPolicy(yellow_share=Fraction(3, 4), yellow_days_before=1, escalate_after_days=0)
CASE = CaseRef(case_number="110116-20260213-000001", village_code="110116111201",
               matter_code="MZ-001", matter_version=1)


@pytest.fixture
def timetable(calendar: WorkingCalendar) -> Timetable:
    return Timetable(calendar, 1, POLICY)


def cst(day: date, at: time = time(10, 0)) -> datetime:
    return datetime.combine(day, at, CHINA)


def day_end(day: date) -> datetime:
    return datetime.combine(day, time(23, 59, 59, 999_000), CHINA)


def started(timetable: Timetable, at: datetime, budget: int) -> Clock:
    return Clock.start(CASE, Tier.VILLAGE, budget=budget, timeout_default=False, at=at,
                       timetable=timetable)


@pytest.mark.parametrize(("accepted", "budget", "last_day"), [
    pytest.param(date(2026, 2, 13), 1, date(2026, 2, 14), id="Fri+1 is the make-up Sat 02-14"),
    pytest.param(date(2026, 2, 13), 2, date(2026, 2, 24), id="Fri+2 skips the whole 春节 break"),
    pytest.param(date(2026, 2, 14), 1, date(2026, 2, 24), id="make-up Sat+1 is after the break"),
    pytest.param(date(2026, 2, 27), 1, date(2026, 2, 28), id="Fri+1 is the make-up Sat 02-28"),
    pytest.param(date(2026, 2, 10), 10, date(2026, 3, 2), id="10 days over the break"),
    pytest.param(date(2026, 9, 19), 1, date(2026, 9, 20), id="Sat+1 is the make-up Sun 09-20"),
    pytest.param(date(2026, 9, 24), 1, date(2026, 9, 28), id="中秋 Fri to Sun are off"),
    pytest.param(date(2026, 9, 30), 1, date(2026, 10, 8), id="国庆 10-01..07 are off"),
    pytest.param(date(2026, 10, 9), 1, date(2026, 10, 10), id="Fri+1 is the make-up Sat 10-10"),
    pytest.param(date(2026, 9, 28), 5, date(2026, 10, 10), id="5 days over 国庆"),
])
def test_deadline_is_the_end_of_the_last_working_day_across_holidays(
    timetable: Timetable, accepted: date, budget: int, last_day: date,
) -> None:
    clock = started(timetable, cst(accepted), budget)
    assert clock.moments.deadline == day_end(last_day)
    assert clock.moments.deadline.astimezone(CHINA).time() == time(23, 59, 59, 999_000)


def test_a_budget_of_zero_ends_on_the_day_the_clock_started(timetable: Timetable) -> None:
    clock = started(timetable, cst(date(2026, 2, 13)), 0)
    assert clock.moments.deadline == day_end(date(2026, 2, 13))
    assert clock.moments.yellow_at is None


def test_the_clock_counts_from_the_china_standard_time_day_not_the_utc_day(
    timetable: Timetable,
) -> None:
    # 2026-02-12 23:30 UTC is Friday 2026-02-13 07:30 in Beijing
    clock = started(timetable, datetime(2026, 2, 12, 23, 30, tzinfo=UTC), 2)
    assert clock.moments.deadline == day_end(date(2026, 2, 24))


def test_red_starts_one_millisecond_after_the_deadline_at_midnight_cst(
    timetable: Timetable,
) -> None:
    clock = started(timetable, cst(date(2026, 9, 30)), 1)
    assert clock.moments.red_at == datetime(2026, 10, 9, tzinfo=CHINA)


def test_yellow_turns_on_when_three_quarters_of_the_budget_is_used_across_the_break(
    timetable: Timetable,
) -> None:
    # 12 working days from Tue 02-10: 11 12 13 14(Sat) | break | 24 25 26 27 28(Sat) 03-02 03 04;
    # the 9th (3/4 of 12) is the make-up Saturday 02-28
    clock = started(timetable, cst(date(2026, 2, 10)), 12)
    assert clock.moments.yellow_at == datetime(2026, 3, 1, tzinfo=CHINA)
    assert clock.moments.deadline == day_end(date(2026, 3, 4))


@pytest.mark.parametrize(("share", "days_before", "budget", "yellow_day"), [
    pytest.param("0.75", 1, 20, 15, id="20 days: the share comes first"),
    pytest.param("0.75", 1, 4, 3, id="4 days: both at 3"),
    pytest.param("0.75", 1, 2, 1, id="2 days: the last day is yellow"),
    pytest.param("0.75", 1, 1, 0, id="1 day: yellow from the start of the only day"),
    pytest.param("0.75", 5, 10, 5, id="10 days, 5 before: the days come first"),
    pytest.param("0.7", 0, 10, 7, id="a share whose float is inexact still rounds right"),
    pytest.param("1", 0, 5, None, id="no yellow before red"),
    pytest.param("0.75", 1, 0, None, id="a stage of 0 days goes red, never yellow"),
])
def test_yellow_comes_at_the_share_or_the_days_before_whichever_is_first(
    share: str, days_before: int, budget: int, yellow_day: int | None,
) -> None:
    policy = LightPolicy(yellow_share=Fraction(share), yellow_days_before=days_before,
                         escalate_after_days=0)
    assert policy.yellow_day(budget) == yellow_day


def test_escalation_comes_the_configured_working_days_after_the_deadline(
    calendar: WorkingCalendar,
) -> None:
    late = Timetable(calendar, 1, LightPolicy(yellow_share=Fraction(3, 4), yellow_days_before=1,
                                              escalate_after_days=2))
    clock = started(late, cst(date(2026, 9, 29)), 1)  # deadline Wed 09-30
    assert clock.moments.deadline == day_end(date(2026, 9, 30))
    assert clock.moments.escalate_at == day_end(date(2026, 10, 9)) + timedelta(milliseconds=1)


def test_a_deadline_in_a_year_not_loaded_stays_unknown_and_nothing_fires(
    package_years: list,  # type: ignore[type-arg]
) -> None:
    only_2026 = Timetable(WorkingCalendar(a for a in package_years if a.year == 2026), 1, POLICY)
    clock = started(only_2026, cst(date(2026, 12, 28)), 10)
    assert clock.moments.deadline is None
    assert clock.next_due_at is None
    assert clock.fire_due(datetime(2027, 6, 1, tzinfo=CHINA)) == []
