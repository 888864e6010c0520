"""A clock's levels fire at their moments, each once: yellow, red, timeout default where the
matter allows it, escalation to the tier above; a correction's pause is not counted."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from fractions import Fraction

import pytest

from daiban_kernel.china import CHINA
from daiban_kernel.contracts.case import CaseRef
from daiban_kernel.contracts.matter import Tier
from daiban_kernel.contracts.sla import SlaBreachedV1, SlaEscalatedV1, SlaTimedOutV1, SlaWarningV1
from daiban_sla.domain.clock import Clock, Level, Light
from daiban_sla.domain.light_policy import LightPolicy
from daiban_sla.domain.timetable import Timetable
from daiban_sla.domain.working_calendar import WorkingCalendar

POLICY = LightPolicy(yellow_share=Fraction(3, 4), yellow_days_before=1, escalate_after_days=0)
CASE = CaseRef(case_number="110116-20260302-000007", village_code="110116111201",
               matter_code="CL-001", matter_version=3)
MS = timedelta(milliseconds=1)


@pytest.fixture
def timetable(calendar: WorkingCalendar) -> Timetable:
    return Timetable(calendar, 1, POLICY)


def at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), CHINA)


def midnight_after(day: date) -> datetime:
    return datetime.combine(day + timedelta(days=1), time(0), CHINA)


def four_day_clock(timetable: Timetable, *, stage: Tier | None = Tier.VILLAGE,
                   timeout_default: bool = False) -> Clock:
    """Started Mon 2026-03-02: yellow after Thu 03-05, deadline the end of Fri 03-06."""
    return Clock.start(CASE, stage, budget=4, timeout_default=timeout_default,
                       at=at(date(2026, 3, 2)), timetable=timetable)


def test_yellow_fires_at_its_moment_and_not_a_millisecond_before(timetable: Timetable) -> None:
    clock = four_day_clock(timetable)
    yellow = midnight_after(date(2026, 3, 5))
    assert clock.next_due_at == yellow
    assert clock.fire_due(yellow - MS) == []
    [fired] = clock.fire_due(yellow)
    assert (fired.level, clock.light, clock.warned_at) == (Level.WARNING, Light.YELLOW, yellow)
    [event] = clock.events
    assert isinstance(event, SlaWarningV1)
    assert (event.used_share, event.budget_working_days) == (0.75, 4)
    assert event.deadline == datetime.combine(date(2026, 3, 6), time(23, 59, 59, 999_000), CHINA)
    assert clock.next_due_at == midnight_after(date(2026, 3, 6))


def test_red_fires_once_with_the_escalation_to_the_town_above_the_village(
    timetable: Timetable,
) -> None:
    clock = four_day_clock(timetable)
    clock.fire_due(midnight_after(date(2026, 3, 5)))
    red = midnight_after(date(2026, 3, 6))
    assert [f.level for f in clock.fire_due(red)] == [Level.BREACH, Level.ESCALATION]
    assert clock.fire_due(red + timedelta(days=30)) == []
    assert clock.next_due_at is None
    warning, breach, escalation = clock.events
    assert isinstance(warning, SlaWarningV1)
    assert isinstance(breach, SlaBreachedV1)
    assert isinstance(escalation, SlaEscalatedV1)
    assert (escalation.to_place, escalation.place_code) == ("110116111", "110116111201")
    assert clock.light is Light.RED


def test_a_sweeper_that_comes_after_the_deadline_passes_yellow_over(timetable: Timetable) -> None:
    clock = four_day_clock(timetable)
    fired = clock.fire_due(at(date(2026, 3, 9)))
    assert [f.level for f in fired] == [Level.BREACH, Level.ESCALATION]
    assert fired[0].lag == at(date(2026, 3, 9)) - midnight_after(date(2026, 3, 6))
    assert clock.warned_at is None
    assert clock.fire_due(at(date(2026, 3, 10))) == []


def test_timeout_default_fires_only_where_the_matter_allows_it(timetable: Timetable) -> None:
    allowed = four_day_clock(timetable, stage=Tier.TOWN, timeout_default=True)
    plain = four_day_clock(timetable, stage=Tier.TOWN)
    late = at(date(2026, 3, 9))
    assert Level.TIMEOUT in [f.level for f in allowed.fire_due(late)]
    assert Level.TIMEOUT not in [f.level for f in plain.fire_due(late)]
    assert sum(isinstance(e, SlaTimedOutV1) for e in allowed.events) == 1
    assert allowed.fire_due(late + timedelta(days=1)) == []


@pytest.mark.parametrize(("stage", "holder", "above"), [
    pytest.param(Tier.VILLAGE, "110116111201", "110116111", id="village to its town"),
    pytest.param(Tier.TOWN, "110116111", "110116", id="town to its county"),
    pytest.param(Tier.COUNTY, "110116", "110116", id="the county's own stays at the county"),
    pytest.param(Tier.DEPARTMENT, "110116", "110116", id="department to the county"),
    pytest.param(None, "110116", "110116", id="the whole case to the county"),
])
def test_a_red_clock_is_escalated_to_the_supervisor_of_the_tier_above(
    timetable: Timetable, stage: Tier | None, holder: str, above: str,
) -> None:
    clock = four_day_clock(timetable, stage=stage)
    clock.fire_due(at(date(2026, 3, 9)))
    escalation = clock.events[-1]
    assert isinstance(escalation, SlaEscalatedV1)
    assert (escalation.place_code, escalation.to_place, escalation.stage) == (holder, above, stage)


def test_a_pause_during_correction_is_not_counted(timetable: Timetable) -> None:
    clock = four_day_clock(timetable)
    clock.pause(at(date(2026, 3, 3), 15))  # returned on Tue
    assert clock.next_due_at is None
    assert clock.fire_due(at(date(2026, 3, 20))) == []  # nothing fires while paused
    clock.resume(at(date(2026, 3, 6), 9), timetable)  # supplemented on Fri: Wed-Fri not counted
    assert clock.paused_days == 3
    assert clock.moments.deadline == datetime.combine(date(2026, 3, 11),
                                                      time(23, 59, 59, 999_000), CHINA)
    assert clock.next_due_at == midnight_after(date(2026, 3, 10))  # yellow after 3 days used


def test_a_pause_over_spring_festival_counts_only_its_working_days(timetable: Timetable) -> None:
    clock = Clock.start(CASE, Tier.TOWN, budget=3, timeout_default=False,
                        at=at(date(2026, 2, 12)), timetable=timetable)
    clock.pause(at(date(2026, 2, 13)))
    clock.resume(at(date(2026, 2, 25)), timetable)  # 14(Sat), 24, 25 were working days
    assert clock.paused_days == 3
    # used: 02-13 only; then 26, 27 → deadline the end of Fri 02-27
    assert clock.moments.deadline == datetime.combine(date(2026, 2, 27),
                                                      time(23, 59, 59, 999_000), CHINA)


def test_a_stopped_stage_keeps_its_statistics(timetable: Timetable) -> None:
    on_time = four_day_clock(timetable)
    on_time.stop(at(date(2026, 3, 6), 18), "handed_over", timetable)
    assert (on_time.used_days, on_time.on_time, on_time.days_over) == (4, True, 0)
    assert on_time.next_due_at is None
    late = four_day_clock(timetable)
    late.stop(at(date(2026, 3, 10)), "decided", timetable)
    assert (late.used_days, late.on_time, late.days_over) == (6, False, 2)
    assert late.light_at(at(date(2026, 4, 1))) is Light.RED


def test_a_stage_the_case_comes_back_to_goes_on_from_where_it_stopped(
    timetable: Timetable,
) -> None:
    clock = four_day_clock(timetable)
    clock.stop(at(date(2026, 3, 3)), "handed_over", timetable)  # used Tue
    clock.restart(at(date(2026, 3, 5)), timetable)  # back on Thu: Wed-Thu away
    assert (clock.stopped_at, clock.used_days, clock.paused_days) == (None, None, 2)
    assert clock.moments.deadline == datetime.combine(date(2026, 3, 10),
                                                      time(23, 59, 59, 999_000), CHINA)


def test_the_light_shown_follows_the_time_but_never_goes_below_what_fired(
    timetable: Timetable,
) -> None:
    clock = four_day_clock(timetable)
    assert clock.light_at(at(date(2026, 3, 3))) is Light.GREEN
    assert clock.light_at(at(date(2026, 3, 6))) is Light.YELLOW
    assert clock.light_at(at(date(2026, 3, 9))) is Light.RED
    clock.fire_due(at(date(2026, 3, 9)))
    clock.pause(at(date(2026, 3, 9)))
    clock.resume(at(date(2026, 3, 20)), timetable)
    assert clock.light_at(at(date(2026, 3, 20))) is Light.RED
