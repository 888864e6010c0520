"""Routing's HTTP application."""

from __future__ import annotations

from fastapi import FastAPI

from daiban_common.settings import CommonSettings
from daiban_common.webapp import create_base_app
from daiban_routing import bootstrap
from daiban_routing.api.routes import router
from daiban_routing.settings import RoutingSettings


def create_app(settings: CommonSettings) -> FastAPI:
    """Routing's API, wired by ``bootstrap``."""
    assert isinstance(settings, RoutingSettings)
    routing = bootstrap.build(settings)
    return create_base_app(settings, service="routing", engine=routing.engine,
                          description="The three-baton relay of cases between the tiers.",
                          routers=[router], state={"routing": routing})
