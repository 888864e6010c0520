"""Intake's background loops: its event consumer (routing's news) and its outbox relay."""

from __future__ import annotations

from daiban_common.inbox import EventConsumer
from daiban_common.service import Runnable, consumer_concurrency, standard_workers
from daiban_common.settings import CommonSettings
from daiban_intake import bootstrap
from daiban_intake.adapters.orm import messaging
from daiban_intake.settings import IntakeSettings


def build_consumer(settings: IntakeSettings, intake: bootstrap.Intake) -> EventConsumer:
    """The consumer of intake's queue: returns, decisions, deliveries and closings."""
    assert intake.consumer_uow_factory is not None
    return EventConsumer(settings, service="intake", handlers=intake.event_handlers,
                         patterns=list(bootstrap.SUBSCRIBES),
                         uow_factory=intake.consumer_uow_factory,
                             concurrency=consumer_concurrency(settings, loops=1))


def build_workers(settings: CommonSettings) -> list[Runnable]:
    """Consume intake's queue and relay its outbox."""
    assert isinstance(settings, IntakeSettings)
    intake = bootstrap.build(settings)
    assert intake.engine is not None
    return standard_workers(settings, service="intake", engine=intake.engine,
                            tables=messaging, consumer=build_consumer(settings, intake))
