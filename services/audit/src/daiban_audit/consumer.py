"""Audit's background loops: its event consumer and its outbox relay."""

from __future__ import annotations

from typing import Any

from daiban_audit import bootstrap
from daiban_audit.adapters.orm import messaging
from daiban_audit.settings import AuditSettings
from daiban_common.service import Runnable, Service, standard_workers


def build(settings: AuditSettings) -> Service[Any, Any]:
    """Audit as one ``Service``: its handler of every event, and the worker's loops."""
    audit = bootstrap.build(settings)
    workers = standard_workers(settings, service="audit", engine=audit.engine,
                               tables=messaging, handlers=audit.event_handlers,
                               uow_factory=audit.uow_factory)
    return Service(name="audit", commands=audit, queries=audit,
                   event_handlers=audit.event_handlers, workers=workers, engine=audit.engine)


def build_workers(settings: AuditSettings) -> list[Runnable]:
    """The worker process's loops."""
    return list(build(settings).workers)
