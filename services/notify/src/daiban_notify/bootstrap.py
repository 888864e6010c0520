"""The composition root: the only place that names notify's concrete adapters."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine

from daiban_common.db import AsyncUnitOfWork, create_engine, session_factory
from daiban_common.inbox import EventHandler, typed
from daiban_kernel.contracts import registry
from daiban_kernel.contracts.case import CaseSubmittedV1
from daiban_notify import handlers
from daiban_notify.adapters.orm import messaging
from daiban_notify.adapters.templates import TemplateRenderer
from daiban_notify.adapters.uow import NotifyUnitOfWork
from daiban_notify.settings import NotifySettings

SOURCE = "/daiban/notify"
SUBSCRIBES = ("case.submitted",)


@dataclass(frozen=True)
class Notify:
    """Notify's handlers, wired."""

    engine: AsyncEngine
    uow_factory: Callable[[], AsyncUnitOfWork]
    event_handlers: dict[str, EventHandler]


def build(settings: NotifySettings, *, now: Callable[[], datetime] = lambda: datetime.now(UTC)
          ) -> Notify:
    """Wire notify's handlers to Postgres and the templates."""
    engine = create_engine(settings)
    uow_factory = partial(NotifyUnitOfWork, session_factory(engine), tables=messaging,
                          source=SOURCE)
    renderer = TemplateRenderer()

    async def confirm(event: CaseSubmittedV1, uow: Any) -> None:
        await handlers.confirm_submission_to_agent(event, uow, renderer=renderer, now=now)

    event_handlers = {"case.submitted": typed(CaseSubmittedV1, confirm, registry)}
    return Notify(engine, uow_factory, event_handlers)
