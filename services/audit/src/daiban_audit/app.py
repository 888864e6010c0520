"""Audit's HTTP application."""

from __future__ import annotations

from fastapi import FastAPI

from daiban_audit import bootstrap
from daiban_audit.api.routes import history, ledger, reports, station_ledger, views
from daiban_audit.settings import AuditSettings
from daiban_common.api_deps import known_query_routes
from daiban_common.webapp import create_service_app


def create_app(settings: AuditSettings) -> FastAPI:
    """Audit's API, wired by ``bootstrap``."""
    return create_service_app(
        settings, service=bootstrap.build(settings),
        description="The ledger of every event, a Merkle tree with signed checkpoints anyone "
                    "can verify; histories, staff and place views and their exports; the monthly "
                    "reports of towns and what relaying saved residents.",
        routers=[known_query_routes(history.router, ledger.router, views.router,
                                    reports.router, station_ledger.router)])
