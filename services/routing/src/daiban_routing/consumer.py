"""Routing's background loops: its event consumer and its outbox relay."""

from __future__ import annotations

from daiban_common.inbox import EventConsumer
from daiban_common.service import Runnable, standard_workers
from daiban_common.settings import CommonSettings
from daiban_routing import bootstrap
from daiban_routing.adapters.orm import messaging
from daiban_routing.settings import RoutingSettings


def build_workers(settings: CommonSettings) -> list[Runnable]:
    """Consume routing's queue and relay its outbox."""
    assert isinstance(settings, RoutingSettings)
    routing = bootstrap.build(settings)
    assert routing.engine is not None
    assert routing.consumer_uow is not None
    consumer = EventConsumer(settings, service="routing", handlers=routing.event_handlers,
                             patterns=list(bootstrap.SUBSCRIBES),
                             uow_factory=routing.consumer_uow)
    return standard_workers(settings, service="routing", engine=routing.engine,
                            tables=messaging, consumer=consumer)
