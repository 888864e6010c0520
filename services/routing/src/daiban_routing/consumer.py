"""Routing's background loops: its event consumer, its outbox relay, and handover reminders."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

from daiban_common.lifecycle import keep_running, wait_or_stop
from daiban_common.service import Runnable, Service, standard_workers
from daiban_routing import bootstrap
from daiban_routing.adapters.orm import messaging
from daiban_routing.handlers.reminders import BATCH, remind_waiting_handovers
from daiban_routing.settings import RoutingSettings


def build(settings: RoutingSettings) -> Service[Any, Any]:
    """Routing as one ``Service``: its handlers, and the worker's loops (the relay, the consumer,
    the handover reminders)."""
    routing = bootstrap.build(settings)
    assert routing.engine is not None
    assert routing.consumer_uow is not None
    workers = standard_workers(settings, service="routing", engine=routing.engine,
                               tables=messaging, handlers=routing.event_handlers,
                               uow_factory=routing.consumer_uow,
                               own_loops=[HandoverReminder(settings, routing)])
    return Service(name="routing", commands=routing, queries=routing,
                   event_handlers=routing.event_handlers, workers=workers, engine=routing.engine)


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


def build_workers(settings: RoutingSettings) -> list[Runnable]:
    """The worker process's loops."""
    return list(build(settings).workers)
