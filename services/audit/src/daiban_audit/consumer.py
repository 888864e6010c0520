"""Audit's background loops: its event consumer and its outbox relay."""

from __future__ import annotations

from daiban_audit import bootstrap
from daiban_audit.adapters.orm import messaging
from daiban_audit.settings import AuditSettings
from daiban_common.inbox import EventConsumer
from daiban_common.service import Runnable, consumer_concurrency, standard_workers
from daiban_common.settings import CommonSettings


def build_workers(settings: CommonSettings) -> list[Runnable]:
    """Consume audit's queue and relay its outbox."""
    assert isinstance(settings, AuditSettings)
    audit = bootstrap.build(settings)
    consumer = EventConsumer(settings, service="audit", handlers=audit.event_handlers,
                             patterns=list(bootstrap.SUBSCRIBES),
                             uow_factory=audit.uow_factory,
                             concurrency=consumer_concurrency(settings, loops=1))
    return standard_workers(settings, service="audit", engine=audit.engine,
                            tables=messaging, consumer=consumer)
