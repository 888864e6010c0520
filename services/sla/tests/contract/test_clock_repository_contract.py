"""ClockRepository: the fake and the Postgres adapter give the same answers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields, replace
from datetime import date, datetime, time, timedelta

from daiban_kernel.china import CHINA
from daiban_kernel.contracts.case import CaseRef
from daiban_kernel.contracts.matter import Tier
from daiban_kernel.contracts.sla import SlaBreachedV1
from daiban_sla.domain.clock import DELIVERED, Clock, Light, Pause
from daiban_sla.domain.matter_terms import MatterTerms
from daiban_sla.domain.moments import Moments
from daiban_sla.domain.tracked_case import TrackedCase
from daiban_sla.ports import OnTimeFigures, UnitOfWork

MONDAY = datetime.combine(date(2026, 3, 2), time(10), CHINA)
TERMS = MatterTerms(code="CL-001", version=2, name="残疾人证办理", deciding_tier=Tier.DEPARTMENT,
                    limit_working_days=10, proxy_allowance_days=3,
                    stage_days={Tier.VILLAGE: 1, Tier.TOWN: 2},
                    timeout_default_stages=frozenset(), published=True)


def ref(n: int, village: str = "110116111201") -> CaseRef:
    return CaseRef(case_number=f"{village[:6]}-20260302-{n:06d}", village_code=village,
                   matter_code="CL-001", matter_version=2)


def clock(n: int, stage: Tier | None = Tier.VILLAGE, *, due_in_days: int | None = 1,
          light: Light = Light.GREEN, village: str = "110116111201", version: int = 5,
          stopped: bool = False) -> Clock:
    deadline = MONDAY + timedelta(days=3)
    return Clock(
        ref(n, village), stage, budget_days=3, timeout_default=False, started_at=MONDAY,
        pauses=(Pause(MONDAY, MONDAY + timedelta(days=1)),), paused_days=1,
        stopped_at=MONDAY + timedelta(days=2) if stopped else None,
        stop_reason="handed_over" if stopped else None, light=light,
        moments=Moments(MONDAY + timedelta(days=2), deadline, deadline, provisional=True),
        yellow_days=2, calendar_version=version,
        next_due_at=None if due_in_days is None else MONDAY + timedelta(days=due_in_days),
        used_days=2 if stopped else None, on_time=True if stopped else None,
        days_over=0 if stopped else None)


async def store(units: Callable[[], UnitOfWork], *clocks: Clock) -> None:
    async with units() as uow:
        await uow.matters.keep(TERMS)
        await uow.clocks.save(list(clocks), wake=True)
        await uow.commit()


def state(found: Clock) -> dict[str, object]:
    """Everything a clock keeps (a clock compares by identity)."""
    return {f.name: getattr(found, f.name) for f in fields(Clock) if f.name != "events"}


def ids(found: list[Clock]) -> list[str]:
    return [c.clock_id for c in found]


async def test_a_saved_clock_reads_back_whole_and_saving_again_replaces_it(
    units: Callable[[], UnitOfWork],
) -> None:
    kept = clock(1)
    await store(units, kept, clock(1, None), clock(2))
    await store(units, replace(kept, light=Light.YELLOW))
    async with units() as uow:
        found = {c.stage: c for c in await uow.clocks.of_case(kept.case.case_number, lock=True)}
    assert set(found) == {Tier.VILLAGE, None}
    assert state(found[Tier.VILLAGE]) == state(replace(kept, light=Light.YELLOW))


async def test_due_clocks_come_earliest_first_up_to_the_limit(
    units: Callable[[], UnitOfWork],
) -> None:
    await store(units, clock(1, due_in_days=3), clock(2, due_in_days=1), clock(3, due_in_days=2),
                clock(4, due_in_days=9), clock(5, due_in_days=None))
    async with units() as uow:
        assert ids(await uow.clocks.due(MONDAY + timedelta(days=3), limit=2)) == [
            clock(2).clock_id, clock(3).clock_id]
        assert len(await uow.clocks.due(MONDAY + timedelta(days=3), limit=10)) == 3
        assert await uow.clocks.earliest_due() == MONDAY + timedelta(days=1)


async def test_stale_clocks_are_open_or_without_statistics_and_of_an_older_calendar(
    units: Callable[[], UnitOfWork],
) -> None:
    await store(units, clock(1, version=3), clock(2, version=3, stopped=True),
                replace(clock(3, version=3, stopped=True), on_time=None),
                clock(4, version=5))
    async with units() as uow:
        assert sorted(ids(await uow.clocks.stale(5, limit=10))) == [clock(1).clock_id,
                                                                    clock(3).clock_id]
        assert len(await uow.clocks.stale(5, limit=1)) == 1


async def test_open_clocks_are_counted_by_light_every_light_named(
    units: Callable[[], UnitOfWork],
) -> None:
    await store(units, clock(1, light=Light.RED), clock(2, light=Light.RED),
                clock(3, light=Light.YELLOW, stopped=True))
    async with units() as uow:
        assert await uow.clocks.open_by_light() == {Light.GREEN: 0, Light.YELLOW: 0,
                                                    Light.RED: 2}


async def test_lights_are_open_clocks_under_a_place_in_order_after_a_position(
    units: Callable[[], UnitOfWork],
) -> None:
    other_village = "110116112203"
    await store(units, clock(2, light=Light.RED), clock(1, None, light=Light.RED),
                clock(1, light=Light.RED), clock(3, light=Light.RED, village=other_village),
                clock(4, light=Light.RED, stopped=True), clock(5, light=Light.YELLOW),
                clock(6, light=Light.RED, village="110105001001"))
    async with units() as uow:
        page = await uow.clocks.lights("110116111", Light.RED, after=None, limit=2)
        assert [c.clock_id for c, _ in page] == [clock(1, None).clock_id, clock(1).clock_id]
        assert {name for _, name in page} == {"残疾人证办理"}
        last = page[-1][0]
        rest = await uow.clocks.lights("110116", Light.RED, limit=10, after=(
            last.case.village_code, last.case.case_number, "village"))
        assert [c.clock_id for c, _ in rest] == [clock(2).clock_id, clock(3).clock_id]


async def test_the_events_a_read_clock_records_are_committed_with_it(
    units: Callable[[], UnitOfWork],
) -> None:
    await store(units, clock(1, due_in_days=1))
    async with units() as uow:
        [due] = await uow.clocks.due(MONDAY + timedelta(days=5), limit=10)
        fired = due.fire_due(MONDAY + timedelta(days=5))
        await uow.clocks.save([due], wake=False)
        committed = await uow.commit()
    assert [f.level.value for f in fired] == ["breach", "escalation"]
    assert isinstance(committed, list)  # events in the fake, envelopes in Postgres
    assert [getattr(e, "type", None) or e.event_type for e in committed] == [
        SlaBreachedV1.event_type, "sla.escalated"]
    async with units() as uow:
        [again] = await uow.clocks.of_case(due.case.case_number, lock=False)
    assert (again.light, again.breached_at) == (Light.RED, MONDAY + timedelta(days=5))


def delivered(n: int, *, hours: int, on_time: bool | None = True,
              village: str = "110116111201") -> Clock:
    """A whole-case clock stopped on delivery ``hours`` after MONDAY."""
    return replace(clock(n, None, due_in_days=None, village=village, stopped=True),
                   stopped_at=MONDAY + timedelta(hours=hours), stop_reason=DELIVERED,
                   on_time=on_time)


async def test_delivered_cases_come_newest_first_with_the_masked_applicant(
    units: Callable[[], UnitOfWork],
) -> None:
    async with units() as uow:
        await uow.cases.track(TrackedCase(ref(2).case_number, "CL-001", 2, "110116111201",
                                          applicant_masked="王*华"))
        await uow.commit()
    await store(units, delivered(1, hours=1), delivered(2, hours=5, on_time=False),
                delivered(3, hours=3, village="110116112201"), delivered(4, hours=9,
                                                                         village="110117001201"),
                clock(5, None, stopped=True), clock(6, due_in_days=None, stopped=True))
    async with units() as uow:
        found = await uow.clocks.finished("110116111", limit=5)
        county = await uow.clocks.finished("110116", limit=2)
    assert [f.case_number for f in found] == [ref(2).case_number, ref(1).case_number]
    latest = found[0]
    assert (latest.matter_name, latest.applicant_masked, latest.on_time) == (
        "残疾人证办理", "王*华", False)
    assert latest.finished_at == MONDAY + timedelta(hours=5)
    assert found[1].applicant_masked is None
    assert [f.case_number for f in county] == [ref(2).case_number,
                                               ref(3, "110116112201").case_number]


async def test_on_time_figures_count_the_cases_delivered_since_a_moment(
    units: Callable[[], UnitOfWork],
) -> None:
    await store(units, delivered(1, hours=1), delivered(2, hours=5, on_time=False),
                delivered(3, hours=6, on_time=None), delivered(4, hours=7),
                delivered(5, hours=8, village="110117001201"), clock(6, None, stopped=True))
    async with units() as uow:
        since = await uow.clocks.on_time_since("110116", MONDAY + timedelta(hours=2))
        everything = await uow.clocks.on_time_since("110116", MONDAY)
    assert since == OnTimeFigures(finished=3, on_time=1, late=1)
    assert everything == OnTimeFigures(finished=4, on_time=2, late=1)
