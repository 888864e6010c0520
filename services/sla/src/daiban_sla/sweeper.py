"""The sweeper: fires each clock's levels within moments of their time, in any number of replicas.

It sleeps until the earliest ``next_due_at`` of any clock (one index lookup), until a consumer
commits a clock with a moment to come (LISTEN/NOTIFY), or ``SWEEPER_MAX_SLEEP_SECONDS`` at most.
Awake, it claims due clocks in batches with ``FOR UPDATE SKIP LOCKED`` and fires them, and in
between recomputes, batch by batch, the clocks a calendar change left stale. The fired levels
are written to the clock rows in the transaction that writes their outbox rows, so each level
fires exactly once.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from datetime import UTC, datetime

from daiban_common.lifecycle import keep_running
from daiban_sla import handlers
from daiban_sla.adapters.clock_signal import clocks_written
from daiban_sla.bootstrap import Sla
from daiban_sla.metrics import observe_fired, observe_open_clocks
from daiban_sla.settings import SlaSettings

SHORTEST_SLEEP = 0.05
"""When a due clock is held by another sweeper: look again soon, without spinning."""
MARGIN = 0.01
"""Timers may wake a little early; sleep this much past the moment."""


class Sweeper:
    """Fires due clocks until ``stop`` is set (a worker loop beside the consumer and relay)."""

    def __init__(self, settings: SlaSettings, sla: Sla, *,
                 now: Callable[[], datetime] = lambda: datetime.now(UTC),
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        self._settings = settings
        self._sla = sla
        self._now = now
        self._monotonic = monotonic
        self._counted_at = -settings.open_clocks_refresh_seconds
        self.naps = 0
        """How many times the loop went to sleep (tests wait for the first)."""

    async def run(self, stop: asyncio.Event) -> None:
        """Sweep until ``stop`` is set, surviving database outages."""
        await keep_running(self._sweep_until, stop, name="sla sweeper")

    async def _sweep_until(self, stop: asyncio.Event) -> None:
        wake = asyncio.Event()
        async with clocks_written(self._settings, wake.set):
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
        limit, keeping = self._settings.sweeper_batch_size, self._sla.keeping
        fired = 0
        while True:
            recomputed = await handlers.recompute_stale_clocks(self._sla.uow_factory(),
                                                               keeping=keeping, limit=limit)
            batch = await handlers.fire_due_clocks(self._sla.uow_factory(), keeping=keeping,
                                                   now=self._now(), limit=limit)
            observe_fired(batch.fired)
            fired += len(batch.fired)
            if recomputed < limit and batch.claimed < limit:
                return fired

    async def seconds_to_sleep(self) -> float:
        """Until the next clock falls due, at most the cap."""
        cap = self._settings.sweeper_max_sleep_seconds
        due = await handlers.next_due(self._sla.uow_factory())
        if due is None:
            return cap
        return min(cap, max(SHORTEST_SLEEP, (due - self._now()).total_seconds() + MARGIN))

    async def count_open_clocks(self) -> None:
        """Recount open clocks by light for the gauge."""
        observe_open_clocks(await handlers.open_clocks_by_light(self._sla.uow_factory()))
        self._counted_at = self._monotonic()


async def _first_of(wake: asyncio.Event, stop: asyncio.Event, *, seconds: float) -> None:
    waiters = [asyncio.ensure_future(wake.wait()), asyncio.ensure_future(stop.wait())]
    _, pending = await asyncio.wait(waiters, timeout=seconds, return_when=asyncio.FIRST_COMPLETED)
    for waiter in pending:
        waiter.cancel()
