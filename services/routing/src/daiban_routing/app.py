"""Routing's HTTP application."""

from __future__ import annotations

from fastapi import FastAPI

from daiban_common.api_deps import known_query_routes
from daiban_common.webapp import create_service_app
from daiban_routing import bootstrap
from daiban_routing.api.routes import admin, cases, files, places, staff, worklists
from daiban_routing.settings import RoutingSettings


def create_app(settings: RoutingSettings) -> FastAPI:
    """Routing's API, wired by ``bootstrap``, every route refusing query parameters it does not
    take."""
    return create_service_app(
        settings, service=bootstrap.build(settings),
        description="The division tree, stations, departments and staff; the three-baton "
                    "relay of cases between the tiers.",
        # files first: /admin/<kind>/import must match before /admin/<kind>/{code}, so that a
        # 405 on it names the method the file route serves
        routers=[known_query_routes(cases.router, worklists.router, places.router, files.router,
                                    admin.router, staff.router)])
