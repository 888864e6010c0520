"""What the sweeper does, each step one unit of work: fire the due clocks, recompute the stale
ones, and say when to look again. Each batch is one transaction whose fired levels and outbox
rows commit together. The calendar is loaded before a batch's transaction opens, never inside."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from daiban_kernel.clock import Clock as Now
from daiban_sla.domain.clock import Fired, Light
from daiban_sla.handlers.clocks import ClockKeeping
from daiban_sla.ports import UnitOfWork


@dataclass(frozen=True)
class FireDueClocks:
    """Fire the levels of up to ``limit`` clocks whose moment has come."""

    limit: int


@dataclass(frozen=True)
class RecomputeStaleClocks:
    """Recompute up to ``limit`` clocks computed with an older calendar."""

    limit: int


@dataclass(frozen=True)
class NextDue:
    """The next moment any clock falls due."""


@dataclass(frozen=True)
class OpenClocks:
    """Open clocks by the light they show."""


@dataclass(frozen=True)
class SweptBatch:
    """How many due clocks a batch claimed, and what fired."""

    claimed: int
    fired: list[Fired]


async def fire_due_clocks(cmd: FireDueClocks, uow: UnitOfWork, *, keeping: ClockKeeping,
                          clock: Now) -> SweptBatch:
    """Claim up to ``limit`` due clocks and fire their levels, each once; a claimed clock still
    computed with an older calendar is recomputed first."""
    timetable = await keeping.timetable(uow)
    now = clock()
    async with uow:
        due = await uow.clocks.due(now, limit=cmd.limit)
        fired: list[Fired] = []
        for found in due:
            if found.calendar_version < timetable.version:
                found.recompute(timetable)
            fired += found.fire_due(now)
        await uow.clocks.save(due, wake=False)
        await uow.commit()
    return SweptBatch(len(due), fired)


async def recompute_stale_clocks(cmd: RecomputeStaleClocks, uow: UnitOfWork, *,
                                 keeping: ClockKeeping) -> int:
    """Recompute up to ``limit`` clocks computed with an older calendar; returns how many. A
    stopped clock whose statistics the new calendar gives says again what it used
    (``sla.clock_stopped``, the same stop)."""
    timetable = await keeping.timetable(uow)
    async with uow:
        stale = await uow.clocks.stale(timetable.version, limit=cmd.limit)
        for found in stale:
            known = found.stopped_event()
            found.recompute(timetable)
            settled = found.stopped_event()
            if known is not None and settled is not None and settled != known:
                uow.emit(settled)
        await uow.clocks.save(stale, wake=False)
        await uow.commit()
    return len(stale)


async def next_due(query: NextDue, uow: UnitOfWork) -> datetime | None:
    """The next moment any clock falls due."""
    async with uow:
        return await uow.clocks.earliest_due()


async def open_clocks_by_light(query: OpenClocks, uow: UnitOfWork) -> dict[Light, int]:
    """Open clocks by the light they show."""
    async with uow:
        return await uow.clocks.open_by_light()
