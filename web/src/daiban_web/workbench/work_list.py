"""The member's work list (我的待办), at ``/workbench/``: handovers waiting for them to receive,
the cases they hold in the relay, and the cases they opened that are still in pre-review or
waiting for a supplement; each with its light and the date it is due, the soonest first. A case
a service refuses to show (its details, its clocks) is still listed, by number and what is to
do, saying its details cannot be read: one such case does not hide the others."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from daiban_kernel.china import CHINA
from daiban_web.pages import render
from daiban_web.workbench import wording
from daiban_web.workbench.inbox import unread_count
from daiban_web.workbench.session import SignedIn
from daiban_web.workbench.staff_api import ApiRefused, StaffApi

router = APIRouter(prefix="/workbench")
BEFORE_ACCEPTANCE = ("submitted", "incomplete", "supplemented", "returned")
LIGHT_ORDER = {"red": 0, "yellow": 1, "green": 2}
READ_AT_ONCE = 8
UNREADABLE = "办件详情暂时无法读取"
"""Cases whose details one work list reads at once (two API calls each): a long list must not
open hundreds of requests to the gateway in one burst."""


@dataclass(frozen=True)
class WorkItem:
    """One line of the work list."""

    number: str
    matter: str
    applicant: str
    where: str
    light: str
    due: datetime | None
    to_do: str


@router.get("/", response_class=HTMLResponse)
async def work_list(request: Request, member: SignedIn) -> Response:
    api = StaffApi(request.app.state.client, member)
    held, pending, opened = await asyncio.gather(
        api.get("/api/routing/v1/worklist", {"limit": 100}),
        api.get("/api/routing/v1/handovers/pending", {"limit": 100}),
        api.get("/api/intake/v1/cases", {"owner": "me", "limit": 100}))
    to_receive = [h for h in pending["items"] if h["to_tier"] == member.tier]
    numbers: dict[str, str] = {}
    for h in to_receive:
        numbers.setdefault(h["case_number"], "待接收")
    for c in held["items"]:
        numbers.setdefault(c["number"], wording.FLOW_STATES.get(c["state"], c["state"]))
    for c in opened["items"]:
        if c["status"] in BEFORE_ACCEPTANCE:
            numbers.setdefault(c["number"], wording.CASE_STATUSES.get(c["status"], c["status"]))
    reading = asyncio.Semaphore(READ_AT_ONCE)

    async def item(number: str, to_do: str) -> WorkItem:
        async with reading:
            try:
                return await _item(api, number, to_do)
            except ApiRefused:
                return WorkItem(number=number, matter=UNREADABLE, applicant="", where="",
                                light="", due=None, to_do=to_do)

    items = await asyncio.gather(*(item(n, to_do) for n, to_do in numbers.items()))
    items.sort(key=lambda i: (LIGHT_ORDER.get(i.light, 3),
                              i.due or datetime.max.replace(tzinfo=CHINA), i.number))
    return render(request, "workbench/work_list.html", {
        "member": member, "items": items, "lights": wording.LIGHTS,
        "unread": await unread_count(request, api)})


async def _item(api: StaffApi, number: str, to_do: str) -> WorkItem:
    case, times = await asyncio.gather(api.get(f"/api/intake/v1/cases/{number}"),
                                       _times(api, number))
    open_clocks = [c for c in (times or {}).get("clocks", []) if c["stopped_at"] is None]
    stage = next((c for c in open_clocks if c["stage"] is not None), None)
    overall = next((c for c in open_clocks if c["stage"] is None), None)
    due = (stage or overall or {}).get("deadline")
    return WorkItem(number=number, matter=case["matter"]["name"],
                    applicant=case["applicant"]["name"],
                    where=wording.CASE_STATUSES.get(case["status"], case["status"]),
                    light=(times or {}).get("light") or "green",
                    due=datetime.fromisoformat(due).astimezone(CHINA) if due else None,
                    to_do=to_do)


async def _times(api: StaffApi, number: str) -> Any:
    """sla's clocks of the case; none yet before it is accepted."""
    try:
        return await api.get(f"/api/sla/v1/cases/{number}/clocks")
    except ApiRefused as refused:
        if refused.status == 404:
            return None
        raise
