"""The web front's HTTP app: server-rendered pages, every asset served from ``static/``.

Each face lives under its own prefix, which the gateway passes unchanged:

- ``/board/...`` the public boards (see ``board_pages``);
- ``/workbench/...`` the staff's workbench, behind sign-in (see ``workbench``);
- ``/assets/...`` styles, scripts and the font; ``/healthz``.

Every URL a page writes is relative to the page, so the gateway's address is never written down.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from daiban_web import board_pages
from daiban_web.pages import HERE, render
from daiban_web.public_api import PublicApi


def create_app(gateway_url: str, *, transport: httpx.AsyncBaseTransport | None = None,
               refresh_seconds: int = board_pages.REFRESH_SECONDS) -> FastAPI:
    """The web front, reading the public APIs at ``gateway_url`` (through ``transport`` if
    given); the board refreshes every ``refresh_seconds``."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with httpx.AsyncClient(base_url=gateway_url, transport=transport,
                                     timeout=10) as client:
            app.state.public_api = PublicApi(client)
            app.state.refresh_seconds = refresh_seconds
            yield

    app = FastAPI(title="Daiban web", lifespan=lifespan, docs_url=None, redoc_url=None,
                  openapi_url=None)
    app.mount("/assets", StaticFiles(directory=HERE / "static"), name="assets")

    @app.get("/healthz", include_in_schema=False)
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.exception_handler(RequestValidationError)
    @app.exception_handler(StarletteHTTPException)
    async def not_found(request: Request, _: Exception) -> Response:
        return render(request, "not_found.html", status_code=404)

    app.include_router(board_pages.router)
    return app
