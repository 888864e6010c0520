"""Notify's background loops: its event consumer and its outbox relay."""

from __future__ import annotations

from daiban_common.inbox import EventConsumer
from daiban_common.service import Runnable, consumer_concurrency, standard_workers
from daiban_common.settings import CommonSettings
from daiban_notify import bootstrap
from daiban_notify.adapters.orm import messaging
from daiban_notify.settings import NotifySettings


def build_workers(settings: CommonSettings) -> list[Runnable]:
    """Consume notify's queue and relay its outbox."""
    assert isinstance(settings, NotifySettings)
    notify = bootstrap.build(settings)
    consumer = EventConsumer(settings, service="notify", handlers=notify.event_handlers,
                             patterns=list(bootstrap.SUBSCRIBES),
                             uow_factory=notify.uow_factory,
                             concurrency=consumer_concurrency(settings, loops=1))
    return standard_workers(settings, service="notify", engine=notify.engine,
                            tables=messaging, consumer=consumer)
