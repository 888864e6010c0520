"""The composition root: the only place that names audit's concrete adapters."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine

from daiban_audit import handlers
from daiban_audit.adapters.orm import messaging
from daiban_audit.adapters.uow import AuditUnitOfWork
from daiban_audit.settings import AuditSettings
from daiban_common.db import AsyncUnitOfWork, create_engine, session_factory
from daiban_common.envelope import Envelope
from daiban_common.event_handlers import EventHandlers

SOURCE = "/daiban/audit"


@dataclass(frozen=True)
class Audit:
    """Audit's handlers, wired."""

    engine: AsyncEngine
    uow_factory: Callable[[], AsyncUnitOfWork]
    event_handlers: EventHandlers


def build(settings: AuditSettings) -> Audit:
    """Wire audit's ledger to Postgres."""
    engine = create_engine(settings)
    uow_factory = partial(AuditUnitOfWork, session_factory(engine), tables=messaging,
                          source=SOURCE)

    async def record(envelope: Envelope, uow: Any) -> None:
        await handlers.record_event(envelope, uow)

    return Audit(engine, uow_factory, EventHandlers(any_event=record))
