"""The composition root: the only place that names SLA's concrete adapters."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from sqlalchemy.ext.asyncio import AsyncEngine

from daiban_common.contracts import CaseSubmittedV1, registry
from daiban_common.db import AsyncUnitOfWork, create_engine, session_factory
from daiban_common.inbox import EventHandler, typed
from daiban_sla import handlers
from daiban_sla.adapters.orm import messaging
from daiban_sla.adapters.uow import SlaUnitOfWork
from daiban_sla.settings import SlaSettings

SOURCE = "/daiban/sla"
SUBSCRIBES = ("case.submitted",)


@dataclass(frozen=True)
class Sla:
    """SLA's handlers, wired."""

    engine: AsyncEngine
    uow_factory: Callable[[], AsyncUnitOfWork]
    event_handlers: dict[str, EventHandler]


def build(settings: SlaSettings) -> Sla:
    """Wire SLA's handlers to Postgres."""
    engine = create_engine(settings)
    uow_factory = partial(SlaUnitOfWork, session_factory(engine), tables=messaging, source=SOURCE)
    event_handlers = {
        "case.submitted": typed(CaseSubmittedV1, handlers.track_submitted_case, registry),
    }
    return Sla(engine, uow_factory, event_handlers)
