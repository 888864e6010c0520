"""Notify's own loop, built by ``bootstrap``: the dispatcher.

It sends the notices the consumer recorded, outside the consumer's transaction: batch after
batch while notices are due, then it sleeps ``DISPATCH_INTERVAL_SECONDS``. Several replicas share
the work (``FOR UPDATE SKIP LOCKED``); each notice is sent at most once per attempt, and a
redelivered event records nothing new.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import datetime

from daiban_common.lifecycle import keep_running, wait_or_stop
from daiban_kernel.clock import Clock
from daiban_notify.handlers import DispatchDue, DispatchedBatch
from daiban_notify.metrics import observe_due, observe_outcomes


class Dispatcher:
    """Sends due notices until ``stop`` is set."""

    def __init__(self, *, dispatch: Callable[[DispatchDue], Awaitable[DispatchedBatch]],
                 oldest_due: Callable[[], Awaitable[datetime | None]], clock: Clock,
                 batch_size: int, interval_seconds: float) -> None:
        self._dispatch = dispatch
        self._oldest_due = oldest_due
        self._clock = clock
        self._batch = batch_size
        self._interval = interval_seconds

    async def run(self, stop: asyncio.Event) -> None:
        """Dispatch until ``stop``, surviving database outages."""
        await keep_running(self._loop, stop, name="notify dispatcher")

    async def _loop(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            await self.dispatch_all()
            await wait_or_stop(stop, self._interval)

    async def dispatch_all(self) -> int:
        """Send every notice due now; returns how many were claimed."""
        claimed = 0
        while True:
            batch = await self._dispatch(DispatchDue(self._batch))
            observe_outcomes(batch.outcomes)
            claimed += batch.claimed
            if batch.claimed < self._batch:
                observe_due(await self._oldest_due(), self._clock())
                return claimed
