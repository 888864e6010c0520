"""Intake's HTTP application."""

from __future__ import annotations

import re

from fastapi import APIRouter, FastAPI
from starlette.types import ASGIApp, Receive, Scope, Send

from daiban_common.api_deps import known_query_routes
from daiban_common.webapp import BodySizeLimit, create_service_app
from daiban_intake import bootstrap
from daiban_intake.api.routes import (
    cases,
    catalogue,
    catalogue_admin,
    feedback,
    materials,
    rating_links,
    review,
)
from daiban_intake.settings import IntakeSettings

UPLOAD_PATH = re.compile(r"^/v1/cases/[^/]+/attachments$")
UPLOAD_OVERHEAD = 64 * 1024
DESCRIPTION = ("Cases as residents submit them at the village: checklists, scans, "
               "authorizations, one-time notices, withdrawals, receipts, ratings and complaints; "
               "and the matter catalogue they are submitted under.")


class BodyLimitBesideUploads:
    """``max_body_bytes`` on every request but a scan upload, which the shared limit (raised to
    the attachment limit) and the attachment's own check bound instead."""

    def __init__(self, app: ASGIApp, *, limit: int) -> None:
        self.app = app
        self.limited = BodySizeLimit(app, limit=limit)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (scope["type"] == "http" and scope["method"] == "POST"
                and UPLOAD_PATH.match(scope["path"])):
            await self.app(scope, receive, send)
        else:
            await self.limited(scope, receive, send)


def routes() -> APIRouter:
    """Every intake route, each refusing query parameters it does not take."""
    return known_query_routes(*(part.router for part in (cases, materials, review, feedback,
                                                          rating_links, catalogue,
                                                          catalogue_admin)))


def create_app(settings: IntakeSettings) -> FastAPI:
    """Intake's API, wired by ``bootstrap``."""
    service = bootstrap.build(settings)
    upload_limit = max(settings.max_body_bytes, settings.attachment_max_bytes + UPLOAD_OVERHEAD)
    app = create_service_app(settings.model_copy(update={"max_body_bytes": upload_limit}),
                             service=service,
                             description=DESCRIPTION,
                             routers=[routes()])
    app.add_middleware(BodyLimitBesideUploads, limit=settings.max_body_bytes)
    return app
