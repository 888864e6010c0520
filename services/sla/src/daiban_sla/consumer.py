"""Sla's background loops: its event consumer and its outbox relay."""

from __future__ import annotations

from daiban_common.inbox import EventConsumer
from daiban_common.service import Runnable, standard_workers
from daiban_common.settings import CommonSettings
from daiban_sla import bootstrap
from daiban_sla.adapters.orm import messaging
from daiban_sla.settings import SlaSettings


def build_consumer(settings: SlaSettings, sla: bootstrap.Sla) -> EventConsumer:
    """The consumer of sla's queue: case and matter events."""
    assert sla.consumer_uow_factory is not None
    return EventConsumer(settings, service="sla", handlers=sla.event_handlers,
                         patterns=list(bootstrap.SUBSCRIBES),
                         uow_factory=sla.consumer_uow_factory)


def build_workers(settings: CommonSettings) -> list[Runnable]:
    """Consume sla's queue and relay its outbox."""
    assert isinstance(settings, SlaSettings)
    sla = bootstrap.build(settings)
    assert sla.engine is not None
    return standard_workers(settings, service="sla", engine=sla.engine,
                            tables=messaging, consumer=build_consumer(settings, sla))
