"""The sweeper's work: fire the clocks whose moment has come, recompute the clocks a calendar
change made stale, and say when to look again. Each batch is one transaction whose fired levels
and outbox rows commit together."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from daiban_sla.domain.clock import Fired, Light
from daiban_sla.handlers.clocks import ClockKeeping
from daiban_sla.ports import UnitOfWork


@dataclass(frozen=True)
class SweptBatch:
    """How many due clocks a batch claimed, and what fired."""

    claimed: int
    fired: list[Fired]


async def fire_due_clocks(uow: UnitOfWork, *, keeping: ClockKeeping, now: datetime,
                          limit: int) -> SweptBatch:
    """Claim up to ``limit`` due clocks and fire their levels, each once."""
    timetable = await keeping.timetable()
    async with uow:
        due = await uow.clocks.due(now, limit=limit)
        fired: list[Fired] = []
        for clock in due:
            if clock.calendar_version < timetable.version:
                clock.recompute(timetable)
            fired += clock.fire_due(now)
        await uow.clocks.save(due, wake=False)
        await uow.commit()
    return SweptBatch(len(due), fired)


async def recompute_stale_clocks(uow: UnitOfWork, *, keeping: ClockKeeping, limit: int) -> int:
    """Recompute up to ``limit`` clocks computed with an older calendar; returns how many."""
    timetable = await keeping.timetable()
    async with uow:
        stale = await uow.clocks.stale(timetable.version, limit=limit)
        for clock in stale:
            clock.recompute(timetable)
        await uow.clocks.save(stale, wake=False)
        await uow.commit()
    return len(stale)


async def next_due(uow: UnitOfWork) -> datetime | None:
    """The next moment any clock falls due."""
    async with uow:
        return await uow.clocks.earliest_due()


async def open_clocks_by_light(uow: UnitOfWork) -> dict[Light, int]:
    """Open clocks by the light they show."""
    async with uow:
        return await uow.clocks.open_by_light()
