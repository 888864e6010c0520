"""Sla's HTTP application."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Sequence

from fastapi import APIRouter, FastAPI

from daiban_common.api_deps import known_query_routes
from daiban_common.service import Runnable
from daiban_common.webapp import create_service_app
from daiban_sla import bootstrap
from daiban_sla.api.routes import calendar, cases, complaints, lights, results
from daiban_sla.settings import SlaSettings


def create_app(settings: SlaSettings) -> FastAPI:
    """Sla's API, wired by ``bootstrap``, every route refusing query parameters it does not
    take; the calendar watcher runs while the app does."""
    service = bootstrap.build(settings)
    return create_service_app(
        settings, service=service,
        description="Time limits in working days: the working-day calendar, clocks, lights and "
                    "timeouts.",
        routers=[known_query_routes(cases.router, complaints.router, lights.router,
                                    results.router, calendar.router),
                 _running(bootstrap.api_loops(settings, service.queries))])


def _running(loops: Sequence[Runnable]) -> APIRouter:
    """A router with no routes whose lifespan runs ``loops`` until the app stops."""

    @contextlib.asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        stop = asyncio.Event()
        tasks = [asyncio.create_task(loop.run(stop)) for loop in loops]
        try:
            yield
        finally:
            stop.set()
            await asyncio.gather(*tasks, return_exceptions=True)

    return APIRouter(lifespan=lifespan)
