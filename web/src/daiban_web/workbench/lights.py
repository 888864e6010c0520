"""The lights under the member's place (亮灯督办), at ``/workbench/lights``: the cases whose
clock shows red or yellow, reddest and soonest due first, for supervisors, coordinators and
clerks who follow up what is late."""

from __future__ import annotations

import asyncio
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from daiban_web.pages import render
from daiban_web.workbench import wording
from daiban_web.workbench.session import SignedIn
from daiban_web.workbench.staff_api import StaffApi

router = APIRouter(prefix="/workbench/lights")
SHOWN = 200


@router.get("", response_class=HTMLResponse)
async def lights(request: Request, member: SignedIn) -> Response:
    api = StaffApi(request.app.state.client, member)
    red, yellow = await asyncio.gather(*(
        api.get("/api/sla/v1/lights", {"light": light, "place": member.place, "limit": SHOWN})
        for light in ("red", "yellow")))
    items: list[dict[str, Any]] = [*red["items"], *yellow["items"]]
    items.sort(key=lambda i: (i["light"] != "red", i.get("deadline") or "", i["case_number"]))
    return render(request, "workbench/lights.html", {
        "member": member, "items": items, "lights": wording.LIGHTS, "tiers": wording.TIERS,
        "more": bool(red.get("next_cursor") or yellow.get("next_cursor"))})
