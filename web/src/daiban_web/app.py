"""The web front's HTTP app: server-rendered pages, every asset served from ``static/``.

Routes (all public; behind the gateway under ``/board/``, and every URL in the pages is relative,
so the prefix is never written down):

- ``/`` the index: a form asking for a county or town code (``/?place=110116`` goes there);
- ``/{place}`` the hall-screen board of a county or town;
- ``/stations/{station}`` the village notice board (公开栏) of a station;
- ``/{place}/live`` the part of the board that changes, which the page fetches every
  ``REFRESH_SECONDS`` and swaps in (without script, the page reloads itself);
- ``/static/...`` styles and script; ``/healthz``.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime
from pathlib import Path
from typing import Annotated

import httpx
from fastapi import FastAPI, Request
from fastapi import Path as PathParam
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

from daiban_kernel.china import CHINA
from daiban_kernel.places import STATION_CODE, PlaceCode, PlaceTier
from daiban_web.board import read_board
from daiban_web.notice_board import FORM_NAMES, read_notice_board
from daiban_web.notice_board import TIER_NAMES as TIER_NAMES_BY_STAGE
from daiban_web.public_api import PublicApi

HERE = Path(__file__).parent
REFRESH_SECONDS = 30
LATEST_RESULTS = 12


def _relative_root(request: Request) -> dict[str, str]:
    """``root``: the app's root relative to the page (``./``, ``../``), so every URL a page
    writes is relative and the gateway's prefix (``/board/``) is never written down."""
    depth = request.url.path.removeprefix(request.scope.get("root_path", "")).count("/") - 1
    return {"root": "../" * depth if depth > 0 else "./"}


TEMPLATES = Jinja2Templates(directory=HERE / "templates", context_processors=[_relative_root])
StationPath = Annotated[str, PathParam(pattern=STATION_CODE, description="a station")]
BOARD_PLACE = re.compile(r"[0-9]{6}|[0-9]{9}")
BoardPlace = Annotated[str, PathParam(pattern=r"^([0-9]{6}|[0-9]{9})$",
                                      description="a county or a town")]
TIER_NAMES = {PlaceTier.COUNTY: "区县", PlaceTier.TOWN: "乡镇（街道）"}


def create_app(gateway_url: str, *, transport: httpx.AsyncBaseTransport | None = None,
               refresh_seconds: int = REFRESH_SECONDS) -> FastAPI:
    """The web front, reading the public APIs at ``gateway_url`` (through ``transport`` if
    given); the board refreshes every ``refresh_seconds``."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with httpx.AsyncClient(base_url=gateway_url, transport=transport,
                                     timeout=10) as client:
            app.state.api = PublicApi(client)
            app.state.refresh_seconds = refresh_seconds
            yield

    app = FastAPI(title="Daiban web", lifespan=lifespan, docs_url=None, redoc_url=None,
                  openapi_url=None)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    @app.get("/healthz", include_in_schema=False)
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/", response_class=HTMLResponse)
    async def index(request: Request, place: str | None = None) -> Response:
        if place is not None and BOARD_PLACE.fullmatch(place):
            return RedirectResponse(place, status_code=303)  # the form, sent: that board
        return TEMPLATES.TemplateResponse(request, "index.html", {})

    @app.exception_handler(RequestValidationError)
    @app.exception_handler(StarletteHTTPException)
    async def not_found(request: Request, _: Exception) -> Response:
        return TEMPLATES.TemplateResponse(request, "not_found.html", {}, status_code=404)

    @app.get("/stations/{station}", response_class=HTMLResponse)
    async def notice_board(request: Request, station: StationPath) -> Response:
        api: PublicApi = request.app.state.api
        try:
            notice = await read_notice_board(api, station)
            if notice is None:
                return TEMPLATES.TemplateResponse(request, "not_found.html", {}, status_code=404)
        except httpx.HTTPError:
            return TEMPLATES.TemplateResponse(request, "unavailable.html",
                                              {"refresh": REFRESH_SECONDS}, status_code=503)
        return TEMPLATES.TemplateResponse(request, "notice_board.html", {
            "notice": notice, "tiers": TIER_NAMES_BY_STAGE, "forms": FORM_NAMES})

    @app.get("/{place}", response_class=HTMLResponse)
    async def board(request: Request, place: BoardPlace) -> Response:
        return await _render(request, place, "board.html")

    @app.get("/{place}/live", response_class=HTMLResponse)
    async def live(request: Request, place: BoardPlace) -> Response:
        return await _render(request, place, "board_live.html")

    return app


async def _render(request: Request, place: str, template: str) -> Response:
    code = PlaceCode(place)
    api: PublicApi = request.app.state.api
    context = {"place": code, "tier": TIER_NAMES[code.tier],
               "refresh": request.app.state.refresh_seconds, "now": datetime.now(CHINA)}
    try:
        context["board"] = await read_board(api, code, latest=LATEST_RESULTS)
    except httpx.HTTPError:
        return TEMPLATES.TemplateResponse(request, "unavailable.html", context, status_code=503)
    return TEMPLATES.TemplateResponse(request, template, context)
