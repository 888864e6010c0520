"""Sla's HTTP application."""

from __future__ import annotations

from fastapi import FastAPI

from daiban_common.webapp import create_base_app
from daiban_sla import bootstrap
from daiban_sla.api import calendar, routes
from daiban_sla.settings import SlaSettings


def create_app(settings: SlaSettings) -> FastAPI:
    """Sla's API, wired by ``bootstrap``."""
    sla = bootstrap.build(settings)
    assert sla.engine is not None
    return create_base_app(settings, service="sla", engine=sla.engine,
                          description="Time limits in working days: the working-day calendar, "
                                      "clocks, lights and timeouts.",
                          routers=[routes.router, calendar.router], state={"sla": sla})
