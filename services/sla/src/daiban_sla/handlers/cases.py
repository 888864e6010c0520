"""What staff and the public board read: a case's clocks and their lights now, the open clocks
showing a light under a place, and the latest results under a place with its on-time figures.

A query loads the calendar (if its copy is due for a check) before it opens its transaction, and
never waits for the calendar while it holds a connection.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time

from daiban_kernel.actor import Actor
from daiban_kernel.china import CHINA, china_date
from daiban_kernel.clock import Clock as Now
from daiban_sla.domain.clock import Clock, Light
from daiban_sla.domain.errors import CaseNotTracked
from daiban_sla.domain.tracked_case import TrackedCase
from daiban_sla.handlers.clocks import ClockKeeping
from daiban_sla.ports import FinishedCase, LightsPosition, OnTimeFigures, UnitOfWork

STAGE_ORDER = [None, "village", "town", "county", "department"]
"""The whole case's clock first, then the stages up the relay."""


@dataclass(frozen=True)
class CaseOf:
    """A tracked case, as staff whose place covers its village see it."""

    number: str
    by: Actor


@dataclass(frozen=True)
class ClockReading:
    """A clock, the light it shows now, and the working days it has used so far."""

    clock: Clock
    light: Light
    used_days: int | None


@dataclass(frozen=True)
class CaseReading:
    """A tracked case and its clocks, read now."""

    case: TrackedCase
    clocks: list[ClockReading]

    @property
    def light(self) -> Light | None:
        """The most urgent light among the clocks (None before acceptance)."""
        return max((c.light for c in self.clocks), key=lambda light: light.rank, default=None)


@dataclass(frozen=True)
class LightsUnder:
    """Open clocks showing ``light`` for cases whose village lies under ``place``; ``by`` the
    staff member asking (None: the public board), who must cover the place."""

    place: str
    light: Light
    after: LightsPosition | None
    limit: int
    by: Actor | None = None


@dataclass(frozen=True)
class LightsFound:
    """A page of lit clocks with their matter's name, and whether more follow."""

    items: list[tuple[Clock, str | None]]
    more: bool


async def case_clocks(query: CaseOf, uow: UnitOfWork, *, keeping: ClockKeeping,
                      clock: Now) -> CaseReading:
    """The case with its clocks (the whole case's first, then by stage); outside the caller's
    jurisdiction it is not tracked."""
    timetable = await keeping.timetable(uow)  # before the read: one connection at a time
    async with uow:
        case = await uow.cases.get(query.number)
        found = await uow.clocks.of_case(query.number, lock=False)
    if case is None or not query.by.covers(case.village_code):
        raise CaseNotTracked(f"no tracked case {query.number} in your jurisdiction")
    now = clock()
    ordered = sorted(found, key=lambda c: STAGE_ORDER.index(
        None if c.stage is None else c.stage.value))
    return CaseReading(case, [ClockReading(c, c.light_at(now), c.used_days_at(now, timetable))
                              for c in ordered])


async def lights(query: LightsUnder, uow: UnitOfWork) -> LightsFound:
    """A page of open clocks showing the light under the place (as last fired by the sweeper)."""
    if query.by is not None:
        query.by.require_place(query.place)
    async with uow:
        found = await uow.clocks.lights(query.place, query.light, after=query.after,
                                        limit=query.limit + 1)
    return LightsFound(found[:query.limit], more=len(found) > query.limit)


@dataclass(frozen=True)
class ResultsUnder:
    """The public board's results for cases whose village lies under ``place``."""

    place: str
    limit: int


@dataclass(frozen=True)
class ResultsFound:
    """The latest delivered cases, and the on-time figures of today and of this month (China's
    days: since midnight CST, since the 1st of the month)."""

    latest: list[FinishedCase]
    today: OnTimeFigures
    this_month: OnTimeFigures


async def results(query: ResultsUnder, uow: UnitOfWork, *, clock: Now) -> ResultsFound:
    """What the public board shows of the cases delivered under the place."""
    day = china_date(clock())
    midnight = datetime.combine(day, time(), CHINA)
    first_of_month = datetime.combine(day.replace(day=1), time(), CHINA)
    async with uow:
        latest = await uow.clocks.finished(query.place, limit=query.limit)
        today = await uow.clocks.on_time_since(query.place, midnight)
        this_month = await uow.clocks.on_time_since(query.place, first_of_month)
    return ResultsFound(latest, today, this_month)
