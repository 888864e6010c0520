"""Intake's background loops: its event consumer (routing's news) and its outbox relay."""

from __future__ import annotations

from typing import Any

from daiban_common.inbox import EventConsumer
from daiban_common.service import Runnable, Service, standard_workers
from daiban_intake import bootstrap
from daiban_intake.adapters.orm import messaging
from daiban_intake.settings import IntakeSettings


def build_consumer(settings: IntakeSettings, intake: bootstrap.Intake) -> EventConsumer:
    """The consumer of intake's queue alone (what ``build`` runs beside the relay)."""
    assert intake.consumer_uow_factory is not None
    return EventConsumer(settings, service="intake", handlers=intake.event_handlers,
                         uow_factory=intake.consumer_uow_factory)


def build(settings: IntakeSettings) -> Service[Any, Any]:
    """Intake as one ``Service``: its handlers, and the worker's loops (relay and consumer)."""
    intake = bootstrap.build(settings)
    assert intake.engine is not None
    assert intake.consumer_uow_factory is not None
    workers = standard_workers(settings, service="intake", engine=intake.engine,
                               tables=messaging, handlers=intake.event_handlers,
                               uow_factory=intake.consumer_uow_factory)
    return Service(name="intake", commands=intake, queries=intake,
                   event_handlers=intake.event_handlers, workers=workers, engine=intake.engine)


def build_workers(settings: IntakeSettings) -> list[Runnable]:
    """The worker process's loops."""
    return list(build(settings).workers)
