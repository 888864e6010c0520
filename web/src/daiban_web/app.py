"""The web front's HTTP app: server-rendered pages, every asset served from ``static/``.

Each face lives under its own prefix, which the gateway passes unchanged:

- ``/board/...`` the public boards (see ``board_pages``);
- ``/workbench/...`` the staff's workbench, behind sign-in (see ``workbench``): the session is
  a signed cookie (``SESSION_SECRET``) holding the member's token;
- ``/rate/...`` the resident's rating page from the SMS link, no login (see ``rating``);
- ``/assets/...`` styles, scripts and the font; ``/healthz``.

Every URL a page writes is relative to the page, so the gateway's address is never written down.
No answer under ``/workbench`` is kept by a cache (``Cache-Control: no-store``): the pages carry
applicants' names, and a refused form what was typed.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime

import httpx
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.sessions import SessionMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from daiban_web import board_pages, rating
from daiban_web.pages import HERE, relative_root, render
from daiban_web.public_api import PublicApi
from daiban_web.settings import WebSettings
from daiban_web.workbench import cases, inbox, lights, oidc, sign_in, work_list
from daiban_web.workbench.session import NotSignedIn, WrongFormToken, member_of
from daiban_web.workbench.staff_api import ApiRefused
from daiban_web.workbench.wording import REFUSALS

WORKBENCH = "/workbench"


class NoStoreOnTheWorkbench:
    """``Cache-Control: no-store`` on every answer under ``/workbench``, whatever made it (a page,
    a redirect, an error page): no browser or shared cache keeps an applicant's name."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not _on_the_workbench(scope):
            await self.app(scope, receive, send)
            return

        async def send_not_to_be_stored(message: Message) -> None:
            if message["type"] == "http.response.start":
                MutableHeaders(scope=message)["Cache-Control"] = "no-store"
            await send(message)

        await self.app(scope, receive, send_not_to_be_stored)


def _on_the_workbench(scope: Scope) -> bool:
    path: str = scope["path"]
    root: str = scope.get("root_path", "")
    if root and path.startswith(root):
        path = path[len(root):]
    return path == WORKBENCH or path.startswith(WORKBENCH + "/")


def create_app(settings: WebSettings, *, transport: httpx.AsyncBaseTransport | None = None,
               refresh_seconds: int = board_pages.REFRESH_SECONDS,
               clock: Callable[[], datetime] = lambda: datetime.now(UTC)) -> FastAPI:
    """The web front, reading the APIs at ``settings.gateway_url`` (through ``transport`` if
    given); the board refreshes every ``refresh_seconds``; ``clock`` says what time it is (the
    day a form proposes is China's day at that moment)."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with httpx.AsyncClient(base_url=settings.gateway_url, transport=transport,
                                     timeout=30) as client:
            app.state.client = client
            app.state.public_api = PublicApi(client)
            app.state.refresh_seconds = refresh_seconds
            app.state.settings = settings
            app.state.clock = clock
            yield

    app = FastAPI(title="Daiban web", lifespan=lifespan, docs_url=None, redoc_url=None,
                  openapi_url=None)
    app.add_middleware(SessionMiddleware, secret_key=settings.session_key(),
                       session_cookie="daiban_workbench", path="/workbench",
                       max_age=settings.session_hours * 3600, same_site="lax",
                       https_only=settings.secure_cookies or settings.environment == "production")
    app.add_middleware(NoStoreOnTheWorkbench)
    app.mount("/assets", StaticFiles(directory=HERE / "static"), name="assets")

    @app.exception_handler(NotSignedIn)
    async def to_sign_in(request: Request, _: Exception) -> Response:
        return RedirectResponse(relative_root(request) + "workbench/sign-in", status_code=303)

    @app.exception_handler(WrongFormToken)
    async def stale_form(request: Request, _: Exception) -> Response:
        return render(request, "workbench/stale_form.html", status_code=403)

    @app.get("/healthz", include_in_schema=False)
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.exception_handler(httpx.HTTPError)
    async def services_unavailable(request: Request, _: Exception) -> Response:
        # a service the workbench needs did not answer, or answered 5xx: say so, never a 500
        return render(request, "workbench/unavailable.html", status_code=503)

    @app.exception_handler(ApiRefused)
    async def refused(request: Request, exc: Exception) -> Response:
        # a service refused what a page asked of it (4xx): say what and why, in its status
        assert isinstance(exc, ApiRefused)
        try:
            member = member_of(request)
        except NotSignedIn:
            member = None
        return render(request, "workbench/refused.html", {
            "member": member, "refusal": exc,
            "meaning": REFUSALS.get(exc.status, REFUSALS[400])}, status_code=exc.status)

    @app.exception_handler(RequestValidationError)
    async def not_a_page_or_not_a_form(request: Request, _: Exception) -> Response:
        if request.method == "POST":  # a form of ours never sends this: an old or forged one
            return render(request, "workbench/stale_form.html", status_code=422)
        return render(request, "not_found.html", status_code=404)

    @app.exception_handler(StarletteHTTPException)
    async def not_found(request: Request, _: Exception) -> Response:
        return render(request, "not_found.html", status_code=404)

    app.include_router(board_pages.router)
    app.include_router(rating.router)
    app.include_router(sign_in.router)
    app.include_router(oidc.router)
    app.include_router(work_list.router)
    app.include_router(cases.router)
    app.include_router(inbox.router)
    app.include_router(lights.router)
    return app
