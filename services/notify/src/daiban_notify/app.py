"""Notify's HTTP application."""

from __future__ import annotations

from fastapi import FastAPI

from daiban_common.webapp import create_base_app
from daiban_notify import bootstrap
from daiban_notify.api.routes import router
from daiban_notify.settings import NotifySettings


def create_app(settings: NotifySettings) -> FastAPI:
    """Notify's API, wired by ``bootstrap``."""
    notify = bootstrap.build(settings)
    return create_base_app(settings, service="notify", engine=notify.engine,
                          description="Notices to residents and staff, and the delivery log.",
                          routers=[router], state={"notify": notify})
