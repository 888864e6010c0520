"""Sla's HTTP application."""

from __future__ import annotations

from fastapi import FastAPI

from daiban_common.settings import CommonSettings
from daiban_common.webapp import create_base_app
from daiban_sla import bootstrap
from daiban_sla.api.routes import router
from daiban_sla.settings import SlaSettings


def create_app(settings: CommonSettings) -> FastAPI:
    """Sla's API, wired by ``bootstrap``."""
    assert isinstance(settings, SlaSettings)
    sla = bootstrap.build(settings)
    return create_base_app(settings, service="sla", engine=sla.engine,
                          description="Time limits in working days: clocks, lights and timeouts.",
                          routers=[router], state={"sla": sla})
