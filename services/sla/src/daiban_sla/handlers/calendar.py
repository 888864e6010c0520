"""The working-day calendar: loading a year's arrangement, reading it, and the process's copy.

Every change takes the calendar's change lock and moves its version on in the same transaction,
and the year records ``calendar.year_loaded`` for the outbox. Each process keeps one
``LoadedCalendar`` in memory (``CurrentCalendar``): the process that made a change rebuilds it
right after the commit; every other process compares the stored version at most once every
``recheck_seconds`` and rebuilds when it moved. Beside the loaded years it keeps the provisional
calendar that clocks fall back on for the years not loaded yet (weekends and statutory holidays).

Event handlers read the calendar from memory only (``in_memory``): they already hold a pool
connection and the case's row lock, and loading the calendar there would need a second connection
(with a full pool of handlers waiting on each other's locks, that is a deadlock). In a process the
``CalendarWatcher`` loop (``workers``) keeps the copy fresh, outside every handler; a query or a
command that needs it loads it before it opens its own transaction, never inside it.
"""

from __future__ import annotations

import asyncio
import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from daiban_kernel.china import china_date
from daiban_kernel.clock import Clock as Now
from daiban_kernel.contracts.calendar import CalendarSource
from daiban_kernel.errors import NotYetKnown
from daiban_sla.domain.calendar_outlook import CalendarOutlook
from daiban_sla.domain.calendar_year import CalendarYear
from daiban_sla.domain.errors import CalendarYearNotLoaded
from daiban_sla.domain.working_calendar import WorkingCalendar
from daiban_sla.domain.year_arrangement import SpecialDay, YearArrangement
from daiban_sla.ports import StatutoryHolidays, UnitOfWork

# ------------------------------------------------------------------------------ the messages


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


@dataclass(frozen=True)
class TakePackageYears:
    """Load the years a package covers (at installation), leaving administrators' years alone."""

    arrangements: tuple[YearArrangement, ...]


@dataclass(frozen=True)
class YearOf:
    """A loaded year, by number."""

    year: int


@dataclass(frozen=True)
class LoadedYears:
    """Every loaded year."""


@dataclass(frozen=True)
class WorkingDaysAfter:
    """The day on which ``days`` working days after ``start`` have passed."""

    start: date
    days: int


@dataclass(frozen=True)
class WorkingDaysBetween:
    """The working days in (start, end]."""

    start: date
    end: date


@dataclass(frozen=True)
class OutlookToday:
    """How far ahead the calendar is loaded, today (China's day)."""


# ------------------------------------------------------------------------ the process's copy


@dataclass(frozen=True)
class LoadedCalendar:
    """The calendar of one stored version: the loaded years, and the provisional calendar (the
    loaded years and, after them, weekends and statutory holidays)."""

    exact: WorkingCalendar
    provisional: WorkingCalendar
    version: int


class CurrentCalendar:
    """The process's ``LoadedCalendar``, rebuilt from storage whenever the calendar changed."""

    def __init__(self, statutory: StatutoryHolidays, *, recheck_seconds: float,
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        self._statutory = statutory
        self._recheck_seconds = recheck_seconds
        self._monotonic = monotonic
        self._loaded: LoadedCalendar | None = None
        self._checked_at = -math.inf
        self._lock = asyncio.Lock()

    async def get(self, uow: UnitOfWork) -> LoadedCalendar:
        """The calendar as stored, at most ``recheck_seconds`` old; ``uow`` is used (opened and
        closed) only when the stored version must be checked. Call it outside any transaction."""
        loaded = self._loaded
        if loaded is not None and self._monotonic() - self._checked_at < self._recheck_seconds:
            return loaded
        async with self._lock:
            return await self._rebuild(uow, force=False)

    def in_memory(self) -> LoadedCalendar:
        """The calendar as last loaded, without touching storage (what handlers use)."""
        if self._loaded is None:
            raise NotYetKnown("the working-day calendar is not loaded in this process yet")
        return self._loaded

    async def refresh(self, uow: UnitOfWork) -> LoadedCalendar:
        """Rebuild now, after this process changed the calendar."""
        async with self._lock:
            return await self._rebuild(uow, force=True)

    async def _rebuild(self, uow: UnitOfWork, *, force: bool) -> LoadedCalendar:
        years: list[YearArrangement] | None = None
        async with uow:
            version = await uow.calendar.version()
            loaded = self._loaded
            if force or loaded is None or version != loaded.version:
                # read after the version: a change committed in between only causes one more
                # rebuild at the next check, never a stale calendar under a newer version
                years = [y.arrangement for y in await uow.calendar.all()]
        if years is not None or loaded is None:
            loaded = self._build(years or [], version)
            self._loaded = loaded
        self._checked_at = self._monotonic()
        return loaded

    def _build(self, years: list[YearArrangement], version: int) -> LoadedCalendar:
        exact = WorkingCalendar(years)
        statutory = [self._statutory.of_year(y) for y in exact.unloaded_years_ahead()]
        return LoadedCalendar(exact, WorkingCalendar([*years, *statutory]), version)


# ---------------------------------------------------------------------------- the commands


async def arrange_year(cmd: ArrangeYear, uow: UnitOfWork, *, calendar: CurrentCalendar,
                       clock: Now) -> ArrangedYear:
    """Load or replace an administrator's year; refused whole if any rule is broken."""
    arrangement = YearArrangement.checked(cmd.year, holidays=cmd.holidays,
                                          working_days=cmd.working_days)
    async with uow:
        await uow.calendar.claim_change()
        result = await _offer(uow, arrangement, source=CalendarSource.ADMIN, by=cmd.by,
                              clock=clock)
        if result.changed:
            await uow.commit()
    if result.changed:
        await calendar.refresh(uow)  # after the transaction: one connection at a time
    return result


async def take_package_years(cmd: TakePackageYears, uow: UnitOfWork, *,
                             calendar: CurrentCalendar, clock: Now) -> list[int]:
    """Load the package's years in one transaction, leaving administrators' years as they are;
    returns the years that changed (none when run again)."""
    changed: list[int] = []
    async with uow:
        await uow.calendar.claim_change()
        for arrangement in cmd.arrangements:
            result = await _offer(uow, arrangement, source=CalendarSource.PACKAGE, by=None,
                                  clock=clock)
            if result.changed:
                changed.append(arrangement.year)
        if changed:
            await uow.commit()
    if changed:
        await calendar.refresh(uow)
    return changed


async def _offer(uow: UnitOfWork, arrangement: YearArrangement, *, source: CalendarSource,
                 by: str | None, clock: Now) -> ArrangedYear:
    year = await uow.calendar.get(arrangement.year)
    if year is None:
        year = CalendarYear.load(arrangement, source=source, by=by, at=clock())
        await uow.calendar.add(year)
        return ArrangedYear(year, created=True, changed=True)
    changed = year.offer(arrangement, source=source, by=by, at=clock())
    if changed:
        await uow.calendar.save(year)
    return ArrangedYear(year, created=False, changed=changed)


# ----------------------------------------------------------------------------- the queries


async def calendar_year(query: YearOf, uow: UnitOfWork) -> CalendarYear:
    """A loaded year, or CalendarYearNotLoaded."""
    async with uow:
        found = await uow.calendar.get(query.year)
    if found is None:
        raise CalendarYearNotLoaded(query.year)
    return found


async def calendar_years(query: LoadedYears, uow: UnitOfWork) -> list[CalendarYear]:
    """Every loaded year, in order."""
    async with uow:
        return sorted(await uow.calendar.all(), key=lambda y: y.year)


async def add_working_days(query: WorkingDaysAfter, uow: UnitOfWork, *,
                           calendar: CurrentCalendar) -> date:
    """On the loaded years only: a count into a year not loaded is CalendarYearNotLoaded."""
    return (await calendar.get(uow)).exact.add_working_days(query.start, query.days)


async def working_days_between(query: WorkingDaysBetween, uow: UnitOfWork, *,
                               calendar: CurrentCalendar) -> int:
    """On the loaded years only; negative when ``end`` is before ``start``."""
    return (await calendar.get(uow)).exact.working_days_between(query.start, query.end)


async def calendar_outlook(query: OutlookToday, uow: UnitOfWork, *, calendar: CurrentCalendar,
                           clock: Now) -> CalendarOutlook:
    """Where the loaded years end, seen today, and whether next year's arrangement is due."""
    loaded = await calendar.get(uow)
    return CalendarOutlook.of(loaded.exact, china_date(clock()))

