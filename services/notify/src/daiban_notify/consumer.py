"""Notify's background loops: its event consumer and its outbox relay."""

from __future__ import annotations

from typing import Any

from daiban_common.service import Runnable, Service, standard_workers
from daiban_notify import bootstrap
from daiban_notify.adapters.orm import messaging
from daiban_notify.settings import NotifySettings


def build(settings: NotifySettings) -> Service[Any, Any]:
    """Notify as one ``Service``: its handlers, and the worker's loops."""
    notify = bootstrap.build(settings)
    workers = standard_workers(settings, service="notify", engine=notify.engine,
                               tables=messaging, handlers=notify.event_handlers,
                               uow_factory=notify.uow_factory)
    return Service(name="notify", commands=notify, queries=notify,
                   event_handlers=notify.event_handlers, workers=workers, engine=notify.engine)


def build_workers(settings: NotifySettings) -> list[Runnable]:
    """The worker process's loops."""
    return list(build(settings).workers)
