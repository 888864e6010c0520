"""Notify's HTTP application."""

from __future__ import annotations

from fastapi import FastAPI

from daiban_common.api_deps import known_query_routes
from daiban_common.webapp import create_service_app
from daiban_notify import bootstrap
from daiban_notify.api.routes import inbox, notifications, preferences, templates, webhooks
from daiban_notify.settings import NotifySettings


def create_app(settings: NotifySettings) -> FastAPI:
    """Notify's API, wired by ``bootstrap``."""
    return create_service_app(
        settings, service=bootstrap.build(settings),
        description="Notices to residents and staff: the rule table, the in-app inbox, "
                    "templates, webhooks and the delivery log.",
        routers=[known_query_routes(notifications.router, inbox.router, preferences.router,
                                    templates.router, webhooks.router)])
