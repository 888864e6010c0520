"""Several sweepers over one real Postgres fire each level of each clock exactly once, across
restarts; a sweeper wakes at the next due moment or when a clock is written, not at a poll."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pytest

from daiban_kernel.china import CHINA
from daiban_kernel.contracts.matter import Tier
from tests.support.bus import Running, eventually

from .conftest import SlaDb, case_ref

pytestmark = pytest.mark.integration

MONDAY = datetime.combine(date(2026, 3, 2), time(10), CHINA)


def per_clock(outbox: list[tuple[str, str]]) -> Counter[tuple[str, str]]:
    return Counter(outbox)


async def test_two_sweepers_racing_on_the_same_clocks_fire_each_level_once(sla_db: SlaDb) -> None:
    refs = [case_ref(n) for n in range(1, 151)]
    await sla_db.start_clocks(refs, stage=Tier.VILLAGE, budget=1, at=MONDAY)
    await sla_db.start_clocks(refs, stage=Tier.TOWN, budget=1, at=MONDAY, timeout_default=True)
    later = datetime(2026, 3, 20, tzinfo=UTC)  # every deadline has passed
    first, second = (sla_db.sweeper(now=later, sweeper_batch_size=7) for _ in range(2))

    fired = await asyncio.gather(first.sweep(), second.sweep())

    outbox = await sla_db.outbox()
    counts = per_clock(outbox)
    assert set(counts.values()) == {1}, [k for k, n in counts.items() if n > 1]
    types = Counter(event_type for _, event_type in outbox)
    assert types == {"sla.breached": 300, "sla.escalated": 300, "sla.timed_out": 150}
    assert sum(fired) == len(outbox)
    assert min(fired) > 0, "both sweepers took part"
    assert await first.sweep() == 0
    assert await second.sweep() == 0


async def test_sweeper_loops_in_two_replicas_fire_once_while_running(sla_db: SlaDb) -> None:
    refs = [case_ref(n) for n in range(1, 101)]
    await sla_db.start_clocks(refs, stage=None, budget=3, at=MONDAY)
    later = datetime(2026, 3, 20, tzinfo=UTC)
    replicas = [sla_db.sweeper(now=later, sweeper_batch_size=5) for _ in range(2)]

    async with Running(*replicas):
        await eventually(lambda: _has(sla_db, 200), what="a breach and an escalation each")
    assert set(per_clock(await sla_db.outbox()).values()) == {1}


async def test_a_restart_between_yellow_and_red_fires_red_once_and_yellow_never_again(
    sla_db: SlaDb,
) -> None:
    refs = [case_ref(n) for n in range(1, 21)]
    # 4 working days from Mon 03-02: yellow from Fri 03-06 00:00, red from Sat 03-07 00:00
    await sla_db.start_clocks(refs, stage=Tier.TOWN, budget=4, at=MONDAY)
    on_friday = datetime.combine(date(2026, 3, 6), time(9), CHINA)
    async with Running(sla_db.sweeper(now=on_friday)):
        await eventually(lambda: _has(sla_db, 20), what="20 yellow lights")
    assert {t for _, t in await sla_db.outbox()} == {"sla.warning"}

    next_week = datetime.combine(date(2026, 3, 9), time(9), CHINA)
    restarted = sla_db.sweeper(now=next_week)
    async with Running(restarted):
        await eventually(lambda: _has(sla_db, 60), what="red and escalation after the restart")
    assert await restarted.sweep() == 0

    counts = Counter(t for _, t in await sla_db.outbox())
    assert counts == {"sla.warning": 20, "sla.breached": 20, "sla.escalated": 20}
    assert set(per_clock(await sla_db.outbox()).values()) == {1}


async def test_the_sweeper_wakes_at_the_next_due_moment_not_at_its_cap(sla_db: SlaDb) -> None:
    [clock] = await sla_db.start_clocks([case_ref(1)], stage=Tier.VILLAGE, budget=20,
                                        at=datetime.now(UTC))
    soon = datetime.now(UTC) + timedelta(seconds=1)
    await sla_db.sql("UPDATE sla.clocks SET yellow_at = :soon, next_due_at = :soon",
                     soon=soon)
    sweeper = sla_db.sweeper(sweeper_max_sleep_seconds=120)
    async with Running(sweeper):
        await eventually(lambda: _has(sla_db, 1), within=5, what="the yellow light")
        fired_at = datetime.now(UTC)
    assert await sla_db.outbox() == [(clock.clock_id, "sla.warning")]
    assert fired_at - soon < timedelta(seconds=3)


async def test_a_clock_written_while_the_sweeper_sleeps_wakes_it(sla_db: SlaDb) -> None:
    sweeper = sla_db.sweeper(sweeper_max_sleep_seconds=120)
    async with Running(sweeper):
        await eventually(lambda: _napping(sweeper), what="the sweeper asleep for its cap")
        await sla_db.start_clocks([case_ref(1)], stage=Tier.VILLAGE, budget=1, at=MONDAY)
        await eventually(lambda: _has(sla_db, 2), within=5, what="red and escalation")


async def _napping(sweeper: Any) -> bool:
    return bool(sweeper.naps)


async def _has(sla_db: SlaDb, n: int) -> Any:
    return len(await sla_db.outbox()) >= n
