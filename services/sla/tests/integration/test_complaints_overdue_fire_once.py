"""Sweepers racing over one real Postgres claim complaints' clocks with SKIP LOCKED: each
complaint unanswered past its deadline fires ``sla.complaint_overdue`` exactly once, an answered
one never."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import UTC, date, datetime, time

import pytest

from daiban_kernel.china import CHINA
from daiban_sla.domain.complaint_clock import ComplaintClock

from .conftest import SlaDb

pytestmark = pytest.mark.integration

MONDAY = datetime.combine(date(2026, 3, 2), time(10), CHINA)


async def file_complaints(sla_db: SlaDb, count: int, *, answered: int) -> None:
    timetable = (await sla_db.keeping()).in_memory()
    async with sla_db.uow_factory() as uow:
        for n in range(count):
            clock = ComplaintClock(complaint_id=f"late-{n}", place_code="110116111201",
                                   case_number=None, filed_at=MONDAY, budget_days=5)
            if n < answered:
                clock.answer(MONDAY)
            clock.reckon(timetable)
            await uow.complaints.start(clock)
        await uow.commit()


async def test_two_sweepers_fire_each_overdue_complaint_once(sla_db: SlaDb) -> None:
    await file_complaints(sla_db, 60, answered=10)
    later = datetime(2026, 3, 20, tzinfo=UTC)  # every deadline has passed
    first, second = (sla_db.sweeper(now=later, sweeper_batch_size=7) for _ in range(2))

    await asyncio.gather(first.sweep(), second.sweep())
    await asyncio.gather(first.sweep(), second.sweep())

    rows = await sla_db.sql_rows(
        "SELECT envelope->'data'->>'complaint_id' FROM sla.outbox "
        "WHERE event_type = 'sla.complaint_overdue'")
    counts = Counter(r[0] for r in rows)
    assert set(counts) == {f"late-{n}" for n in range(10, 60)}
    assert set(counts.values()) == {1}
    marked = await sla_db.sql_rows(
        "SELECT count(*) FROM sla.complaint_clocks WHERE overdue_at IS NOT NULL "
        "AND due_at IS NULL")
    assert marked == [(50,)]
