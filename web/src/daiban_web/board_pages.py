"""The public boards, under ``/board/`` (no login):

- ``/board/`` a form asking for a county or town code (``/board/?place=110116`` goes there);
- ``/board/{place}`` the hall-screen board (办事大厅公示屏) of a county or town;
- ``/board/{place}/live`` the part of the board that changes, which the page fetches every
  ``refresh_seconds`` and swaps in (without script, the page reloads itself);
- ``/board/stations/{station}`` the village notice board (公开栏) of a station.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated

import httpx
from fastapi import APIRouter, Request
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from daiban_kernel.china import CHINA
from daiban_kernel.places import STATION_CODE, PlaceCode, PlaceTier
from daiban_web.board import read_board
from daiban_web.notice_board import FORM_NAMES, read_notice_board
from daiban_web.notice_board import TIER_NAMES as TIER_NAMES_BY_STAGE
from daiban_web.pages import render
from daiban_web.public_api import PublicApi

REFRESH_SECONDS = 30
LATEST_RESULTS = 12
StationPath = Annotated[str, PathParam(pattern=STATION_CODE, description="a station")]
BOARD_PLACE = re.compile(r"[0-9]{6}|[0-9]{9}")
BoardPlace = Annotated[str, PathParam(pattern=r"^([0-9]{6}|[0-9]{9})$",
                                      description="a county or a town")]
TIER_NAMES = {PlaceTier.COUNTY: "区县", PlaceTier.TOWN: "乡镇（街道）"}

router = APIRouter(prefix="/board")


@router.get("/", response_class=HTMLResponse)
async def index(request: Request, place: str | None = None) -> Response:
    if place is not None and BOARD_PLACE.fullmatch(place):
        return RedirectResponse(place, status_code=303)  # the form, sent: that board
    return render(request, "board_index.html")


@router.get("/stations/{station}", response_class=HTMLResponse)
async def notice_board(request: Request, station: StationPath) -> Response:
    api: PublicApi = request.app.state.public_api
    try:
        notice = await read_notice_board(api, station)
        if notice is None:
            return render(request, "not_found.html", status_code=404)
    except httpx.HTTPError:
        return render(request, "unavailable.html", {"refresh": REFRESH_SECONDS},
                      status_code=503)
    return render(request, "notice_board.html", {
        "notice": notice, "tiers": TIER_NAMES_BY_STAGE, "forms": FORM_NAMES})


@router.get("/{place}", response_class=HTMLResponse)
async def board(request: Request, place: BoardPlace) -> Response:
    return await _board(request, place, "board.html")


@router.get("/{place}/live", response_class=HTMLResponse)
async def live(request: Request, place: BoardPlace) -> Response:
    return await _board(request, place, "board_live.html")


async def _board(request: Request, place: str, template: str) -> Response:
    code = PlaceCode(place)
    api: PublicApi = request.app.state.public_api
    context = {"place": code, "tier": TIER_NAMES[code.tier],
               "refresh": request.app.state.refresh_seconds, "now": datetime.now(CHINA)}
    try:
        context["board"] = await read_board(api, code, latest=LATEST_RESULTS)
    except httpx.HTTPError:
        return render(request, "unavailable.html", context, status_code=503)
    return render(request, template, context)
