"""Sla's background loops: its event consumer, its outbox relay, its clock sweeper and the watcher
that keeps the process's working-day calendar fresh (handlers read it from memory only)."""

from __future__ import annotations

from typing import Any

from daiban_common.inbox import EventConsumer
from daiban_common.service import Runnable, Service, standard_workers
from daiban_sla import bootstrap
from daiban_sla.adapters.orm import messaging
from daiban_sla.handlers import CalendarWatcher
from daiban_sla.settings import SlaSettings
from daiban_sla.sweeper import Sweeper


def build_consumer(settings: SlaSettings, sla: bootstrap.Sla) -> EventConsumer:
    """The consumer of sla's queue alone (what ``build`` runs beside its other loops)."""
    assert sla.consumer_uow_factory is not None
    return EventConsumer(settings, service="sla", handlers=sla.event_handlers,
                         uow_factory=sla.consumer_uow_factory, ready=sla.calendar.get)


def build(settings: SlaSettings) -> Service[Any, Any]:
    """Sla as one ``Service``: its handlers, and the worker's loops."""
    sla = bootstrap.build(settings)
    assert sla.engine is not None
    assert sla.consumer_uow_factory is not None
    own: list[Runnable] = [
        Sweeper(settings, sla),
        CalendarWatcher(sla.calendar, every_seconds=settings.calendar_recheck_seconds)]
    workers = standard_workers(settings, service="sla", engine=sla.engine, tables=messaging,
                               handlers=sla.event_handlers,
                               uow_factory=sla.consumer_uow_factory, own_loops=own,
                               ready=sla.calendar.get)
    return Service(name="sla", commands=sla, queries=sla, event_handlers=sla.event_handlers,
                   workers=workers, engine=sla.engine)


def build_workers(settings: SlaSettings) -> list[Runnable]:
    """The worker process's loops."""
    return list(build(settings).workers)
