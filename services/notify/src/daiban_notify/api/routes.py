"""Notify's HTTP routes."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel

from daiban_common.api_deps import require_roles
from daiban_kernel.actor import Actor
from daiban_kernel.cases import CASE_NUMBER
from daiban_kernel.roles import STAFF_ROLES
from daiban_notify.adapters.uow import NotifyUnitOfWork
from daiban_notify.bootstrap import Notify

router = APIRouter(prefix="/v1")
Staff = Annotated[Actor, Depends(require_roles(*STAFF_ROLES))]


class NotificationOut(BaseModel):
    """One notice and when it went out."""

    id: str
    case_number: str | None
    recipient: str
    channel: str
    template: str
    text: str
    sent_at: datetime | None


def _notify(request: Request) -> Notify:
    notify: Notify = request.app.state.notify
    return notify


@router.get("/notifications", response_model=list[NotificationOut])
async def notifications_of_case(
    principal: Staff, notify: Annotated[Notify, Depends(_notify)],
    case_number: Annotated[str, Query(pattern=CASE_NUMBER)],
) -> list[NotificationOut]:
    """The notices sent about a case, to recipients in the caller's jurisdiction."""
    uow = notify.uow_factory()
    assert isinstance(uow, NotifyUnitOfWork)
    async with uow:
        found = await uow.deliveries.for_case(case_number)
    return [NotificationOut(id=n.id, case_number=n.case_number, recipient=n.recipient,
                            channel=n.channel.value, template=n.template, text=n.text,
                            sent_at=n.sent_at)
            for n in found if principal.covers(n.recipient_place)]
