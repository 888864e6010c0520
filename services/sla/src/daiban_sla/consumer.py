"""Sla's background loops: its event consumer, its outbox relay, its clock sweeper and the watcher
that keeps the process's working-day calendar fresh (handlers read it from memory only)."""

from __future__ import annotations

from daiban_common.inbox import EventConsumer
from daiban_common.service import Runnable, consumer_concurrency, standard_workers
from daiban_common.settings import CommonSettings
from daiban_sla import bootstrap
from daiban_sla.adapters.orm import messaging
from daiban_sla.handlers import CalendarWatcher
from daiban_sla.settings import SlaSettings
from daiban_sla.sweeper import Sweeper


def build_consumer(settings: SlaSettings, sla: bootstrap.Sla) -> EventConsumer:
    """The consumer of sla's queue: case, relay and matter events."""
    assert sla.consumer_uow_factory is not None
    return EventConsumer(settings, service="sla", handlers=sla.event_handlers,
                         patterns=list(bootstrap.SUBSCRIBES),
                         uow_factory=sla.consumer_uow_factory,
                         concurrency=consumer_concurrency(settings, loops=3),
                         ready=sla.calendar.get)


def build_workers(settings: CommonSettings) -> list[Runnable]:
    """Consume sla's queue, relay its outbox, and fire clocks as they fall due."""
    assert isinstance(settings, SlaSettings)
    sla = bootstrap.build(settings)
    assert sla.engine is not None
    return [*standard_workers(settings, service="sla", engine=sla.engine, tables=messaging,
                              consumer=build_consumer(settings, sla)),
            Sweeper(settings, sla),
            CalendarWatcher(sla.calendar, every_seconds=settings.calendar_recheck_seconds)]
