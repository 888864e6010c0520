"""The caller's in-app inbox."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from daiban_notify.api.deps import NotifyCommands, NotifyQueries, Staff
from daiban_notify.api.schemas import InboxItemOut
from daiban_notify.handlers import InboxOf, ReadNotice

router = APIRouter(prefix="/v1", tags=["inbox"])


@router.get("/inbox", response_model=list[InboxItemOut])
async def my_inbox(actor: Staff, queries: NotifyQueries,
                   unread: Annotated[bool, Query(description="only what is not read")] = False,
                   limit: Annotated[int, Query(ge=1, le=200)] = 50) -> list[InboxItemOut]:
    """The caller's in-app notices, newest first."""
    found = await queries.inbox(InboxOf(actor, unread_only=unread, limit=limit))
    return [InboxItemOut.from_domain(d) for d in found]


@router.post("/inbox/{notification_id}/read", response_model=InboxItemOut)
async def read(actor: Staff, commands: NotifyCommands,
               notification_id: Annotated[str, Path(pattern=r"^[0-9a-f]{32}$",
                                                    examples=["0" * 32])]
               ) -> InboxItemOut:
    """Mark one of the caller's notices read."""
    return InboxItemOut.from_domain(
        await commands.read_notice(ReadNotice(actor, notification_id)))
