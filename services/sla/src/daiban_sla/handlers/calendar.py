"""The working-day calendar: loading a year's arrangement, reading it, and the process's copy.

Every change takes the calendar's change lock and moves its version on in the same transaction,
and the year records ``calendar.year_loaded`` for the outbox. Each process keeps one
``WorkingCalendar`` in memory (``CurrentCalendar``): the process that made a change rebuilds it
right after the commit; every other process compares the stored version at most once every
``recheck_seconds`` and rebuilds when it moved.

Event handlers read the calendar from memory only (``in_memory``): they already hold a pool
connection and the case's row lock, and loading the calendar there would need a second connection
(with a full pool of handlers waiting on each other's locks, that is a deadlock). In a worker the
``CalendarWatcher`` loop keeps the copy fresh, outside every handler.
"""

from __future__ import annotations

import asyncio
import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from daiban_common.contracts.calendar import CalendarSource
from daiban_common.errors import NotYetKnown
from daiban_common.lifecycle import keep_running, wait_or_stop
from daiban_sla.domain.calendar import CalendarYear, SpecialDay, YearArrangement
from daiban_sla.domain.errors import CalendarYearNotLoaded
from daiban_sla.domain.working_calendar import WorkingCalendar
from daiban_sla.ports import UnitOfWork


@dataclass(frozen=True)
class ArrangeYear:
    """An administrator loads or replaces a year's arrangement as the State Council published it."""

    year: int
    holidays: tuple[SpecialDay, ...]
    working_days: tuple[SpecialDay, ...]
    by: str


@dataclass(frozen=True)
class ArrangedYear:
    """What loading a year did."""

    year: CalendarYear
    created: bool
    changed: bool


class CurrentCalendar:
    """The process's ``WorkingCalendar``, rebuilt from storage whenever the calendar changed."""

    def __init__(self, uow_factory: Callable[[], UnitOfWork], *, recheck_seconds: float,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._uow_factory = uow_factory
        self._recheck_seconds = recheck_seconds
        self._clock = clock
        self._calendar: WorkingCalendar | None = None
        self._version: int | None = None
        self._checked_at = -math.inf
        self._lock = asyncio.Lock()

    async def get(self) -> WorkingCalendar:
        """The calendar as stored, at most ``recheck_seconds`` old."""
        if self._calendar is not None and self._clock() - self._checked_at < self._recheck_seconds:
            return self._calendar
        async with self._lock:
            return await self._rebuild(force=False)

    async def versioned(self) -> tuple[WorkingCalendar, int]:
        """The calendar as ``get`` gives it, with the stored version it was built from."""
        calendar = await self.get()
        assert self._version is not None
        return calendar, self._version

    def in_memory(self) -> tuple[WorkingCalendar, int]:
        """The calendar as last loaded, without touching storage (what handlers use)."""
        if self._calendar is None or self._version is None:
            raise NotYetKnown("the working-day calendar is not loaded in this process yet")
        return self._calendar, self._version

    async def refresh(self) -> WorkingCalendar:
        """Rebuild now, after this process changed the calendar."""
        async with self._lock:
            return await self._rebuild(force=True)

    async def _rebuild(self, *, force: bool) -> WorkingCalendar:
        async with self._uow_factory() as uow:
            version = await uow.calendar.version()
            calendar = self._calendar
            if force or calendar is None or version != self._version:
                # read after the version: a change committed in between only causes one more
                # rebuild at the next check, never a stale calendar under a newer version
                calendar = WorkingCalendar(y.arrangement for y in await uow.calendar.all())
                self._calendar, self._version = calendar, version
        self._checked_at = self._clock()
        return calendar


class CalendarWatcher:
    """A worker loop that keeps the process's calendar fresh, outside every handler."""

    def __init__(self, calendar: CurrentCalendar, *, every_seconds: float) -> None:
        self._calendar = calendar
        self._every = max(every_seconds, 0.05)

    async def run(self, stop: asyncio.Event) -> None:
        """Recheck the stored version until ``stop``, surviving database outages."""
        await keep_running(self._watch, stop, name="sla calendar watcher")

    async def _watch(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            await self._calendar.get()
            await wait_or_stop(stop, self._every)


async def arrange_year(cmd: ArrangeYear, uow: UnitOfWork, *, calendar: CurrentCalendar,
                       now: Callable[[], datetime]) -> ArrangedYear:
    """Load or replace an administrator's year; refused whole if any rule is broken."""
    arrangement = YearArrangement.checked(cmd.year, holidays=cmd.holidays,
                                          working_days=cmd.working_days)
    async with uow:
        await uow.calendar.claim_change()
        result = await _offer(uow, arrangement, source=CalendarSource.ADMIN, by=cmd.by,
                              at=now())
        if result.changed:
            await uow.commit()
    if result.changed:
        await calendar.refresh()
    return result


async def take_package_years(arrangements: Sequence[YearArrangement], uow: UnitOfWork, *,
                             calendar: CurrentCalendar, now: Callable[[], datetime]) -> list[int]:
    """Load the package's years in one transaction, leaving administrators' years as they are;
    returns the years that changed (none when run again)."""
    changed: list[int] = []
    async with uow:
        await uow.calendar.claim_change()
        for arrangement in arrangements:
            result = await _offer(uow, arrangement, source=CalendarSource.PACKAGE, by=None,
                                  at=now())
            if result.changed:
                changed.append(arrangement.year)
        if changed:
            await uow.commit()
    if changed:
        await calendar.refresh()
    return changed


async def _offer(uow: UnitOfWork, arrangement: YearArrangement, *, source: CalendarSource,
                 by: str | None, at: datetime) -> ArrangedYear:
    year = await uow.calendar.get(arrangement.year)
    if year is None:
        year = CalendarYear.load(arrangement, source=source, by=by, at=at)
        await uow.calendar.add(year)
        return ArrangedYear(year, created=True, changed=True)
    changed = year.offer(arrangement, source=source, by=by, at=at)
    if changed:
        await uow.calendar.save(year)
    return ArrangedYear(year, created=False, changed=changed)


async def calendar_year(year: int, uow: UnitOfWork) -> CalendarYear:
    """A loaded year, or CalendarYearNotLoaded."""
    async with uow:
        found = await uow.calendar.get(year)
    if found is None:
        raise CalendarYearNotLoaded(year)
    return found


async def calendar_years(uow: UnitOfWork) -> list[CalendarYear]:
    """Every loaded year, in order."""
    async with uow:
        return sorted(await uow.calendar.all(), key=lambda y: y.year)
