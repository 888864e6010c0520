"""Routing's own loop beside the relay and the consumer: reminders of handovers not received."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import timedelta

from daiban_common.lifecycle import keep_running, wait_or_stop
from daiban_routing.handlers.reminders import BATCH, RemindWaitingHandovers
from daiban_routing.settings import RoutingSettings

Remind = Callable[[RemindWaitingHandovers], Awaitable[int]]


class HandoverReminder:
    """Every poll interval, reminds receivers of handovers they have not received."""

    def __init__(self, settings: RoutingSettings, remind: Remind) -> None:
        self._settings = settings
        self._remind = remind

    async def run(self, stop: asyncio.Event) -> None:
        """Sweep until ``stop``, surviving outages."""
        await keep_running(self._sweep, stop, name="routing handover reminders")

    async def _sweep(self, stop: asyncio.Event) -> None:
        every = RemindWaitingHandovers(timedelta(hours=self._settings.handover_reminder_hours))
        while not stop.is_set():
            if await self._remind(every) < BATCH:
                await wait_or_stop(stop, self._settings.reminder_poll_seconds)
