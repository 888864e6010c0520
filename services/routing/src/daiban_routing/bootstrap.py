"""The composition root: the only place that names routing's concrete adapters."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from sqlalchemy.ext.asyncio import AsyncEngine

from daiban_common.contracts import CaseSubmittedV1, registry
from daiban_common.db import AsyncUnitOfWork, create_engine, session_factory
from daiban_common.inbox import EventHandler, typed
from daiban_routing import handlers
from daiban_routing.adapters.orm import messaging
from daiban_routing.adapters.uow import RoutingUnitOfWork
from daiban_routing.settings import RoutingSettings

SOURCE = "/daiban/routing"
SUBSCRIBES = ("case.submitted",)


@dataclass(frozen=True)
class Routing:
    """Routing's handlers, wired."""

    engine: AsyncEngine
    uow_factory: Callable[[], AsyncUnitOfWork]
    event_handlers: dict[str, EventHandler]


def build(settings: RoutingSettings) -> Routing:
    """Wire routing's handlers to Postgres."""
    engine = create_engine(settings)
    uow_factory = partial(RoutingUnitOfWork, session_factory(engine), tables=messaging,
                          source=SOURCE)
    event_handlers = {
        "case.submitted": typed(CaseSubmittedV1, handlers.record_submitted_case, registry),
    }
    return Routing(engine, uow_factory, event_handlers)
