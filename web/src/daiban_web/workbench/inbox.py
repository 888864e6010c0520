"""The member's messages (消息), at ``/workbench/inbox``: notify's in-app inbox for the caller,
unread first; each links to its case and can be marked read."""

from __future__ import annotations

from typing import Annotated

import httpx
from fastapi import APIRouter, Form, Request
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from daiban_web.pages import render
from daiban_web.workbench.session import SignedIn, check_form
from daiban_web.workbench.staff_api import ApiRefused, StaffApi

router = APIRouter(prefix="/workbench/inbox")
NotificationId = Annotated[str, PathParam(pattern=r"^[0-9a-f]{32}$")]
"""A notice's id as notify's ``POST /v1/inbox/{notification_id}/read`` takes it."""
SHOWN = 100


CHANNEL_NAMES = {"sms": "短信", "email": "电子邮件"}


@router.get("", response_class=HTMLResponse)
async def inbox(request: Request, member: SignedIn) -> Response:
    api = StaffApi(request.app.state.client, member)
    items = await api.get("/api/notify/v1/inbox", {"limit": SHOWN})
    items.sort(key=lambda item: item["read_at"] is not None)  # unread first, newest first
    unread = sum(1 for item in items if item["read_at"] is None)
    preferences = await api.get("/api/notify/v1/preferences")
    return render(request, "workbench/inbox.html", {
        "member": member, "items": items, "unread": unread, "preferences": preferences,
        "channels": CHANNEL_NAMES})


@router.post("/preferences", response_class=HTMLResponse)
async def set_preferences(request: Request, member: SignedIn,
                          csrf: Annotated[str | None, Form()] = None,
                          muted: Annotated[list[str] | None, Form(max_length=10)] = None
                          ) -> Response:
    """The channels the member does not want (alarms come all the same)."""
    check_form(member, csrf)
    await StaffApi(request.app.state.client, member).put(
        "/api/notify/v1/preferences", {"muted": muted or []})
    return RedirectResponse("../inbox", status_code=303)


@router.post("/{notification_id}/read", response_class=HTMLResponse)
async def mark_read(request: Request, member: SignedIn, notification_id: NotificationId,
                    csrf: Annotated[str | None, Form()] = None) -> Response:
    check_form(member, csrf)
    await StaffApi(request.app.state.client, member).post(
        f"/api/notify/v1/inbox/{notification_id}/read")
    return RedirectResponse("../../inbox", status_code=303)


async def unread_count(request: Request, api: StaffApi) -> int | None:
    """How many of the member's messages are unread (for the work list's header); None when
    notify cannot say just now (the work list is shown all the same)."""
    try:
        items = await api.get("/api/notify/v1/inbox", {"unread": "true", "limit": SHOWN})
    except (ApiRefused, httpx.HTTPError):
        return None
    return len(items)
