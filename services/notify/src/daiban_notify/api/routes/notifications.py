"""The delivery log of a case, for staff whose place covers the recipients."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from daiban_kernel.cases import CASE_NUMBER
from daiban_notify.api.deps import NotifyQueries, Staff
from daiban_notify.api.schemas import NotificationOut
from daiban_notify.handlers import NoticesOfCase

router = APIRouter(prefix="/v1", tags=["notifications"])


@router.get("/notifications", response_model=list[NotificationOut])
async def notifications_of_case(
    actor: Staff, queries: NotifyQueries,
    case_number: Annotated[str, Query(pattern=CASE_NUMBER)],
    status: Annotated[str | None, Query(pattern=r"^(pending|sent|failed)$")] = None,
) -> list[NotificationOut]:
    """The notices about a case, to recipients in the caller's jurisdiction (phones masked)."""
    found = await queries.notices_of_case(NoticesOfCase(actor, case_number))
    return [NotificationOut.from_domain(d) for d in found
            if status is None or d.status.value == status]
