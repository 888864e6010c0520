"""In December, next year's arrangement is not loaded yet: a case opened today whose whole-case
limit runs into next year has a provisional deadline and lights; loading the year replaces it with
the exact one; and until then the operators are told."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from prometheus_client import REGISTRY

from daiban_kernel.actor import Actor
from daiban_kernel.cases import Channel
from daiban_kernel.china import CHINA
from daiban_kernel.contracts.case import (
    Applicant,
    CaseAcceptedV1,
    CaseRef,
    CaseWithdrawnV1,
)
from daiban_kernel.contracts.matter import Tier
from daiban_kernel.contracts.sla import SlaClockStoppedV1, SlaWarningV1
from daiban_sla.domain.matter_terms import MatterTerms
from daiban_sla.domain.year_arrangement import SpecialDay
from daiban_sla.handlers import (
    ArrangeYear,
    CaseOf,
    FireDueClocks,
    OutlookToday,
    RecomputeStaleClocks,
    TakePackageYears,
)
from daiban_sla.workers import CalendarWatcher
from tests.support.fakes import Moment

from .conftest import Sla

REF = CaseRef(case_number="110116-20261228-000001", village_code="110116111201",
              matter_code="MZ-001", matter_version=1)
AGENT = Actor(staff_id="agent-1", role="village_agent", place="110116111201")
SUPERVISOR = Actor(staff_id="sup-1", role="supervisor", place="110116")
TERMS = MatterTerms(code="MZ-001", version=1, name="最低生活保障申请",
                    deciding_tier=Tier.DEPARTMENT,
                    limit_working_days=7, proxy_allowance_days=3,
                    stage_days={Tier.VILLAGE: 1, Tier.TOWN: 2, Tier.COUNTY: 1,
                                Tier.DEPARTMENT: 6},
                    timeout_default_stages=frozenset(), published=True)
TODAY = datetime.combine(date(2026, 12, 28), time(10), CHINA)


def days_ahead() -> float | None:
    """What the gauge exports now."""
    return REGISTRY.get_sample_value("daiban_sla_calendar_days_loaded_ahead")


def day_end(day: date) -> datetime:
    return datetime.combine(day, time(23, 59, 59, 999_000), CHINA)


async def open_case_today(sla: Sla, uow: Any, moment: Moment, package: TakePackageYears) -> None:
    moment.now = TODAY
    await sla.commands.take_package_years(package)
    uow.matters.rows[(TERMS.code, TERMS.version)] = TERMS
    accepted = CaseAcceptedV1(case=REF, channel=Channel.STATION, by=AGENT, at=TODAY,
                              applicant=Applicant(name="李林珍",
                                                  id_number_masked="110105********002X"))
    handler: Any = sla.event_handlers.by_contract[CaseAcceptedV1]
    async with uow:
        await handler(accepted, uow)
        await uow.commit()


async def test_a_case_opened_today_into_next_year_has_a_provisional_deadline_that_lights(
    sla: Sla, uow: Any, moment: Moment, package: TakePackageYears,
) -> None:
    await open_case_today(sla, uow, moment, package)
    whole = (await sla.queries.case_clocks(CaseOf(REF.case_number, SUPERVISOR))).clocks[0]
    # 10 working days: 29, 30, 31, then 2027 without its arrangement: 4..8, 11, 12
    assert (whole.clock.stage, whole.clock.moments.deadline, whole.clock.moments.provisional) == (
        None, day_end(date(2027, 1, 12)), True)

    moment.now = datetime.combine(date(2027, 1, 11), time(9), CHINA)
    batch = await sla.commands.fire_due_clocks(FireDueClocks(limit=100))
    assert "warning" in [f.level.value for f in batch.fired]
    [warning] = [e for e in uow.committed if isinstance(e, SlaWarningV1) and e.stage is None]
    assert (warning.provisional, warning.deadline) == (True, day_end(date(2027, 1, 12)))


async def test_loading_the_year_replaces_the_provisional_deadline_with_the_exact_one(
    sla: Sla, uow: Any, moment: Moment, package: TakePackageYears,
) -> None:
    await open_case_today(sla, uow, moment, package)
    await sla.commands.arrange_year(ArrangeYear(  # made up: 元旦 1-3 off, Saturday 01-09 worked
        2027, tuple(SpecialDay(date(2027, 1, d), "元旦") for d in (1, 2, 3)),
        (SpecialDay(date(2027, 1, 9), "元旦"),), by="admin-1"))
    assert await sla.commands.recompute_stale_clocks(RecomputeStaleClocks(limit=100)) == 2
    whole = (await sla.queries.case_clocks(CaseOf(REF.case_number, SUPERVISOR))).clocks[0]
    assert (whole.clock.moments.deadline, whole.clock.moments.provisional) == (
        day_end(date(2027, 1, 11)), False)


async def test_a_clock_stopped_before_its_provisional_deadline_says_again_once_it_is_exact(
    sla: Sla, uow: Any, moment: Moment, package: TakePackageYears,
) -> None:
    await open_case_today(sla, uow, moment, package)
    withdrawn = CaseWithdrawnV1(case=REF, reason="不办了", by=AGENT,
                                at=datetime.combine(date(2026, 12, 30), time(10), CHINA))
    handler: Any = sla.event_handlers.by_contract[CaseWithdrawnV1]
    async with uow:
        await handler(withdrawn, uow)
        await uow.commit()
    await sla.commands.arrange_year(ArrangeYear(
        2027, tuple(SpecialDay(date(2027, 1, d), "元旦") for d in (1, 2, 3)),
        (SpecialDay(date(2027, 1, 9), "元旦"),), by="admin-1"))
    await sla.commands.recompute_stale_clocks(RecomputeStaleClocks(limit=100))
    stopped = [(e.stage, e.used_working_days, e.on_time, e.days_over, e.at)
               for e in uow.committed if isinstance(e, SlaClockStoppedV1)]
    assert stopped == [(None, 2, None, None, withdrawn.at),
                       (Tier.VILLAGE, 2, False, 1, withdrawn.at),
                       (None, 2, True, 0, withdrawn.at)]


async def test_the_operators_are_told_while_next_year_is_due_and_not_loaded(
    sla: Sla, moment: Moment, package: TakePackageYears,
) -> None:
    await sla.commands.take_package_years(package)
    watcher = CalendarWatcher(sla.queries.calendar_outlook, every_seconds=1)
    moment.now = datetime.combine(date(2026, 10, 31), time(12), CHINA)
    october = await sla.queries.calendar_outlook(OutlookToday())
    watcher.observe(october)
    assert (october.next_year_due, days_ahead()) == (False, 62)

    moment.now = TODAY
    december = await sla.queries.calendar_outlook(OutlookToday())
    watcher.observe(december)
    assert (december.next_year_due, december.missing_year) == (True, 2027)
    assert days_ahead() == 4

    await sla.commands.arrange_year(ArrangeYear(
        2027, (SpecialDay(date(2027, 1, 1), "元旦"),), (), by="admin-1"))
    loaded = await sla.queries.calendar_outlook(OutlookToday())
    watcher.observe(loaded)
    assert (loaded.next_year_due, days_ahead()) == (False, 369)
