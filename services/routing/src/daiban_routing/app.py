"""Routing's HTTP application."""

from __future__ import annotations

from fastapi import FastAPI

from daiban_common.webapp import create_base_app
from daiban_routing import bootstrap
from daiban_routing.api import admin, files, reads, routes, staff, worklists
from daiban_routing.settings import RoutingSettings


def create_app(settings: RoutingSettings) -> FastAPI:
    """Routing's API, wired by ``bootstrap``."""
    routing = bootstrap.build(settings)
    assert routing.engine is not None
    return create_base_app(
        settings, service="routing", engine=routing.engine,
        description="The division tree, stations, departments and staff; the three-baton "
                    "relay of cases between the tiers.",
        # files first: /admin/<kind>/import must match before /admin/<kind>/{code}, so that a
        # 405 on it names the method the file route serves
        routers=[routes.router, worklists.router, reads.router, files.router, admin.router,
                 staff.router],
        state={"routing": routing})
