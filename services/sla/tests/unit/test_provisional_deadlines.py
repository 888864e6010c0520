"""A count that runs into a year not loaded yet gives a provisional deadline from weekends and the
statutory holidays: it lights and escalates, marked provisional, never times a stage out, and
gives way to the exact deadline once the year is loaded."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from fractions import Fraction

import pytest

from daiban_kernel.china import CHINA
from daiban_kernel.contracts.case import CaseRef
from daiban_kernel.contracts.matter import Tier
from daiban_kernel.contracts.sla import SlaTimedOutV1
from daiban_sla.adapters.statutory_holidays import HolidaysPackage
from daiban_sla.domain.calendar_outlook import CalendarOutlook
from daiban_sla.domain.clock import Clock, Level
from daiban_sla.domain.light_policy import LightPolicy
from daiban_sla.domain.timetable import Timetable
from daiban_sla.domain.working_calendar import WorkingCalendar
from daiban_sla.domain.year_arrangement import SpecialDay, YearArrangement
from daiban_sla.metrics import NEXT_YEAR_ALERT_DAYS

POLICY = LightPolicy(yellow_share=Fraction(3, 4), yellow_days_before=1, escalate_after_days=0)
CASE = CaseRef(case_number="110116-20261228-000001", village_code="110116111201",
               matter_code="MZ-001", matter_version=1)
ARRANGEMENT_2027 = YearArrangement.checked(  # made up for the tests: 元旦 1-3, a worked Saturday
    2027, holidays=[SpecialDay(date(2027, 1, d), "元旦") for d in (1, 2, 3)],
    working_days=[SpecialDay(date(2027, 1, 9), "元旦")])


def cst(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), CHINA)


def day_end(day: date) -> datetime:
    return datetime.combine(day, time(23, 59, 59, 999_000), CHINA)


@pytest.fixture
def until_2026(package_years: list[YearArrangement]) -> Timetable:
    """2004–2026 loaded; 2027 and 2028 provisional."""
    provisional = [*package_years, *(HolidaysPackage().of_year(y) for y in (2027, 2028))]
    return Timetable(WorkingCalendar(package_years), 1, POLICY, WorkingCalendar(provisional))


@pytest.fixture
def with_2027(package_years: list[YearArrangement]) -> Timetable:
    """2027 loaded too."""
    loaded = [*package_years, ARRANGEMENT_2027]
    return Timetable(WorkingCalendar(loaded), 2, POLICY,
                     WorkingCalendar([*loaded, HolidaysPackage().of_year(2028)]))


def december_clock(timetable: Timetable, *, budget: int = 10,
                   timeout_default: bool = False) -> Clock:
    return Clock.start(CASE, Tier.TOWN, budget=budget, timeout_default=timeout_default,
                       at=cst(date(2026, 12, 28)), timetable=timetable)


def test_a_count_into_an_unloaded_year_skips_weekends_and_statutory_holidays_only(
    until_2026: Timetable,
) -> None:
    # 29, 30, 31 | 元旦 Fri 01-01 off, then 4..8, 11, 12: no make-up working day is known
    clock = december_clock(until_2026)
    assert (clock.moments.deadline, clock.moments.provisional) == (
        day_end(date(2027, 1, 12)), True)
    assert clock.moments.yellow_at == datetime(2027, 1, 9, tzinfo=CHINA)  # 8 days used
    assert clock.next_due_at == clock.moments.yellow_at


def test_a_count_within_the_loaded_years_is_exact(until_2026: Timetable) -> None:
    clock = december_clock(until_2026, budget=3)
    assert (clock.moments.deadline, clock.moments.provisional) == (
        day_end(date(2026, 12, 31)), False)


def test_without_a_provisional_calendar_a_count_into_an_unloaded_year_has_no_moment(
    package_years: list[YearArrangement],
) -> None:
    clock = december_clock(Timetable(WorkingCalendar(package_years), 1, POLICY))
    assert (clock.moments.deadline, clock.next_due_at, clock.moments.provisional) == (
        None, None, False)


def test_a_provisional_clock_lights_and_escalates_marked_but_never_times_out(
    until_2026: Timetable,
) -> None:
    clock = december_clock(until_2026, timeout_default=True)
    late = cst(date(2027, 1, 14))
    assert [f.level for f in clock.fire_due(late)] == [Level.BREACH, Level.ESCALATION]
    assert [e.provisional for e in clock.events] == [True, True]  # type: ignore[attr-defined]
    assert clock.next_due_at is None  # the timeout waits: nothing left to fire, no spinning
    assert clock.fire_due(late + timedelta(days=30)) == []


def test_loading_the_year_gives_the_exact_deadline_and_the_timeout_it_waited_for(
    until_2026: Timetable, with_2027: Timetable,
) -> None:
    clock = december_clock(until_2026, timeout_default=True)
    late = cst(date(2027, 1, 14))
    clock.fire_due(late)
    clock.recompute(with_2027)
    # the worked Saturday 01-09 counts: 29, 30, 31, 4..8, 9, 11
    assert (clock.moments.deadline, clock.moments.provisional) == (
        day_end(date(2027, 1, 11)), False)
    assert [f.level for f in clock.fire_due(late)] == [Level.TIMEOUT]
    timed_out = clock.events[-1]
    assert isinstance(timed_out, SlaTimedOutV1)
    assert (timed_out.provisional, timed_out.deadline) == (False, day_end(date(2027, 1, 11)))


def test_a_stopped_clock_keeps_no_verdict_on_a_provisional_deadline(
    until_2026: Timetable, with_2027: Timetable,
) -> None:
    clock = december_clock(until_2026)
    clock.stop(cst(date(2026, 12, 31)), "handed_over", until_2026)
    assert (clock.used_days, clock.on_time, clock.days_over) == (3, None, None)
    clock.recompute(with_2027)
    assert (clock.used_days, clock.on_time, clock.days_over) == (3, True, 0)


def test_a_pause_into_an_unloaded_year_is_counted_provisionally(until_2026: Timetable) -> None:
    clock = december_clock(until_2026, budget=3)
    clock.pause(cst(date(2026, 12, 29)))
    clock.resume(cst(date(2027, 1, 5)), until_2026)  # 30, 31, 01-04, 01-05 not counted
    assert (clock.paused_days, clock.moments.provisional) == (4, True)
    assert clock.moments.deadline == day_end(date(2027, 1, 7))


@pytest.mark.parametrize(("today", "loaded", "due", "days"), [
    pytest.param(date(2026, 10, 31), range(2004, 2027), False, 62, id="31 October: not yet"),
    pytest.param(date(2026, 11, 1), range(2004, 2027), True, 61, id="1 November: due"),
    pytest.param(date(2026, 12, 31), range(2004, 2027), True, 1, id="New Year's Eve"),
    pytest.param(date(2026, 11, 20), range(2004, 2028), False, 407, id="next year loaded"),
    pytest.param(date(2027, 3, 2), range(2004, 2027), True, 0, id="this year not loaded"),
])
def test_next_years_arrangement_is_due_from_the_first_of_november(
    today: date, loaded: range, due: bool, days: int,
) -> None:
    calendar = WorkingCalendar(YearArrangement.checked(
        y, holidays=[SpecialDay(date(y, 1, 1), "元旦")], working_days=[]) for y in loaded)
    outlook = CalendarOutlook.of(calendar, today)
    assert (outlook.next_year_due, outlook.days_loaded_ahead) == (due, days)
    assert (outlook.warning() is not None) == due
    if due:
        assert f"PUT /v1/admin/calendar/{outlook.missing_year}" in (outlook.warning() or "")


def test_the_alerts_threshold_in_days_is_the_first_of_november_rule() -> None:
    calendar = WorkingCalendar(YearArrangement.checked(
        y, holidays=[SpecialDay(date(y, 1, 1), "元旦")], working_days=[]) for y in (2026, 2028))
    for n in range(365 * 3):
        outlook = CalendarOutlook.of(calendar, date(2026, 1, 1) + timedelta(days=n))
        assert outlook.next_year_due == (outlook.days_loaded_ahead <= NEXT_YEAR_ALERT_DAYS), (
            outlook)
