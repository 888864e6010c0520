"""The composition root: the only place that names notify's concrete adapters."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine

from daiban_common.db import AsyncUnitOfWork, create_engine, session_factory
from daiban_common.event_handlers import EventHandlers
from daiban_kernel.contracts.case import CaseSubmittedV1
from daiban_notify import handlers
from daiban_notify.adapters.orm import messaging
from daiban_notify.adapters.templates import TemplateRenderer
from daiban_notify.adapters.uow import NotifyUnitOfWork
from daiban_notify.settings import NotifySettings

SOURCE = "/daiban/notify"


@dataclass(frozen=True)
class Notify:
    """Notify's handlers, wired."""

    engine: AsyncEngine
    uow_factory: Callable[[], AsyncUnitOfWork]
    event_handlers: EventHandlers


def build(settings: NotifySettings, *, now: Callable[[], datetime] = lambda: datetime.now(UTC)
          ) -> Notify:
    """Wire notify's handlers to Postgres and the templates."""
    engine = create_engine(settings)
    uow_factory = partial(NotifyUnitOfWork, session_factory(engine), tables=messaging,
                          source=SOURCE)
    renderer = TemplateRenderer()

    async def confirm(event: CaseSubmittedV1, uow: Any) -> None:
        await handlers.confirm_submission_to_agent(event, uow, renderer=renderer, now=now)

    event_handlers = EventHandlers({CaseSubmittedV1: confirm})
    return Notify(engine, uow_factory, event_handlers)
