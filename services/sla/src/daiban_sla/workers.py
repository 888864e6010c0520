"""Sla's own loops, built by ``bootstrap``: the sweeper and the calendar watcher.

The sweeper fires each clock's levels within moments of their time, in any number of replicas.
It sleeps until the earliest ``next_due_at`` of any clock (one index lookup), until a consumer
commits a clock with a moment to come (LISTEN/NOTIFY), or ``SWEEPER_MAX_SLEEP_SECONDS`` at most.
Awake, it claims due clocks in batches with ``FOR UPDATE SKIP LOCKED`` and fires them, and in
between recomputes, batch by batch, the clocks a calendar change left stale. The fired levels
are written to the clock rows in the transaction that writes their outbox rows, so each level
fires exactly once. Complaints' clocks due by their deadline are claimed the same way, each
firing ``sla.complaint_overdue`` once while unanswered.

The calendar watcher keeps the process's working-day calendar fresh, outside every handler (they
read it from memory only), and exports how far ahead it is loaded
(``daiban_sla_calendar_days_loaded_ahead``); it warns in the log while next year's arrangement
is due and not loaded.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from contextlib import AbstractAsyncContextManager
from datetime import datetime

from daiban_common.lifecycle import keep_running, wait_or_stop
from daiban_kernel.clock import Clock as Now
from daiban_sla.domain.calendar_outlook import CalendarOutlook
from daiban_sla.domain.clock import Light
from daiban_sla.handlers import (
    FireDueClocks,
    FireOverdueComplaints,
    NextDue,
    OpenClocks,
    OutlookToday,
    RecomputeStaleClocks,
    SweptBatch,
)
from daiban_sla.metrics import observe_calendar_outlook, observe_fired, observe_open_clocks
from daiban_sla.settings import SlaSettings

log = logging.getLogger(__name__)

SHORTEST_SLEEP = 0.05
"""When a due clock is held by another sweeper: look again soon, without spinning."""
MARGIN = 0.01
"""Timers may wake a little early; sleep this much past the moment."""
WATCH_AT_LEAST_EVERY = 0.05
"""The watcher's shortest interval, even with ``CALENDAR_RECHECK_SECONDS=0``."""

Wakes = Callable[[Callable[[], None]], AbstractAsyncContextManager[None]]
"""Calls its argument whenever a transaction that wrote a clock with a moment to come commits,
for as long as the block runs."""


class Sweeper:
    """Fires due clocks until ``stop`` is set (a worker loop beside the consumer and relay)."""

    def __init__(self, settings: SlaSettings, *,
                 fire_due: Callable[[FireDueClocks], Awaitable[SweptBatch]],
                 fire_overdue: Callable[[FireOverdueComplaints], Awaitable[int]],
                 recompute_stale: Callable[[RecomputeStaleClocks], Awaitable[int]],
                 next_due: Callable[[NextDue], Awaitable[datetime | None]],
                 open_clocks: Callable[[OpenClocks], Awaitable[dict[Light, int]]],
                 wakes: Wakes, clock: Now,
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        self._settings = settings
        self._fire_due = fire_due
        self._fire_overdue = fire_overdue
        self._recompute_stale = recompute_stale
        self._next_due = next_due
        self._open_clocks = open_clocks
        self._wakes = wakes
        self._clock = clock
        self._monotonic = monotonic
        self._counted_at = -settings.open_clocks_refresh_seconds
        self.naps = 0
        """How many times the loop went to sleep (tests wait for the first)."""

    async def run(self, stop: asyncio.Event) -> None:
        """Sweep until ``stop`` is set, surviving database outages."""
        await keep_running(self._sweep_until, stop, name="sla sweeper")

    async def _sweep_until(self, stop: asyncio.Event) -> None:
        wake = asyncio.Event()
        async with self._wakes(wake.set):
            while not stop.is_set():
                wake.clear()
                await self.sweep()
                if self._monotonic() - self._counted_at >= \
                        self._settings.open_clocks_refresh_seconds:
                    await self.count_open_clocks()
                seconds = await self.seconds_to_sleep()
                self.naps += 1
                await _first_of(wake, stop, seconds=seconds)

    async def sweep(self) -> int:
        """Fire every due clock, recomputing stale clocks batch by batch in between (a due
        clock that is stale is recomputed before it fires); returns the levels fired."""
        limit = self._settings.sweeper_batch_size
        fired = 0
        while True:
            recomputed = await self._recompute_stale(RecomputeStaleClocks(limit))
            batch = await self._fire_due(FireDueClocks(limit))
            observe_fired(batch.fired)
            fired += len(batch.fired)
            complaints = await self._fire_overdue(FireOverdueComplaints(limit))
            if recomputed < limit and batch.claimed < limit and complaints < limit:
                return fired

    async def seconds_to_sleep(self) -> float:
        """Until the next clock falls due, at most the cap."""
        cap = self._settings.sweeper_max_sleep_seconds
        due = await self._next_due(NextDue())
        if due is None:
            return cap
        return min(cap, max(SHORTEST_SLEEP,
                            (due - self._clock()).total_seconds() + MARGIN))

    async def count_open_clocks(self) -> None:
        """Recount open clocks by light for the gauge."""
        observe_open_clocks(await self._open_clocks(OpenClocks()))
        self._counted_at = self._monotonic()


class CalendarWatcher:
    """A loop that keeps the process's calendar fresh and reports how far ahead it is loaded
    (in the worker beside the sweeper, and in the API process)."""

    def __init__(self, outlook: Callable[[OutlookToday], Awaitable[CalendarOutlook]], *,
                 every_seconds: float) -> None:
        self._outlook = outlook
        self._every = max(every_seconds, WATCH_AT_LEAST_EVERY)
        self._warned: int | None = None

    async def run(self, stop: asyncio.Event) -> None:
        """Recheck the stored version until ``stop``, surviving database outages."""
        await keep_running(self._watch, stop, name="sla calendar watcher")

    async def _watch(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            self.observe(await self._outlook(OutlookToday()))
            await wait_or_stop(stop, self._every)

    def observe(self, outlook: CalendarOutlook) -> None:
        """Export the outlook; warn once per missing year while it is due."""
        observe_calendar_outlook(outlook)
        warning = outlook.warning()
        if warning is None:
            self._warned = None
        elif self._warned != outlook.missing_year:
            log.warning("%s", warning)
            self._warned = outlook.missing_year


async def _first_of(wake: asyncio.Event, stop: asyncio.Event, *, seconds: float) -> None:
    waiters = [asyncio.ensure_future(wake.wait()), asyncio.ensure_future(stop.wait())]
    _, pending = await asyncio.wait(waiters, timeout=seconds, return_when=asyncio.FIRST_COMPLETED)
    for waiter in pending:
        waiter.cancel()
