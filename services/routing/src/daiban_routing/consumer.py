"""Routing's background loops: its event consumer, its outbox relay, and handover reminders."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from daiban_common.inbox import EventConsumer
from daiban_common.lifecycle import keep_running, wait_or_stop
from daiban_common.service import Runnable, consumer_concurrency, standard_workers
from daiban_common.settings import CommonSettings
from daiban_routing import bootstrap
from daiban_routing.adapters.orm import messaging
from daiban_routing.handlers.reminders import BATCH, remind_waiting_handovers
from daiban_routing.settings import RoutingSettings


def build_workers(settings: CommonSettings) -> list[Runnable]:
    """Consume routing's queue, relay its outbox, remind receivers of waiting handovers."""
    assert isinstance(settings, RoutingSettings)
    routing = bootstrap.build(settings)
    assert routing.engine is not None
    assert routing.consumer_uow is not None
    consumer = EventConsumer(settings, service="routing", handlers=routing.event_handlers,
                             patterns=list(bootstrap.SUBSCRIBES),
                             uow_factory=routing.consumer_uow,
                             concurrency=consumer_concurrency(settings, loops=2))
    return [*standard_workers(settings, service="routing", engine=routing.engine,
                              tables=messaging, consumer=consumer),
            HandoverReminder(settings, routing)]


class HandoverReminder:
    """Every poll interval, reminds receivers of handovers they have not acknowledged."""

    def __init__(self, settings: RoutingSettings, routing: bootstrap.Routing) -> None:
        self._settings = settings
        self._routing = routing

    async def run(self, stop: asyncio.Event) -> None:
        """Sweep until ``stop``, surviving outages."""
        await keep_running(self._sweep, stop, name="routing handover reminders")

    async def _sweep(self, stop: asyncio.Event) -> None:
        every = timedelta(hours=self._settings.handover_reminder_hours)
        while not stop.is_set():
            reminded = await remind_waiting_handovers(
                uow=self._routing.uow(), now=lambda: datetime.now(UTC), every=every)
            if reminded < BATCH:
                await wait_or_stop(stop, self._settings.reminder_poll_seconds)
