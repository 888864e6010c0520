"""A complaint's clock, for staff whose place covers the complaint's."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from daiban_sla.api.deps import SlaQueries, Staff
from daiban_sla.api.schemas import ComplaintClockOut
from daiban_sla.handlers import ComplaintClockOf

router = APIRouter(prefix="/v1", tags=["clocks"])

ComplaintId = Annotated[str, Path(pattern=r"^[0-9A-Za-z_-]{1,64}$",
                                  examples=["3f2a9c0d41b84e6f9d0c2b7a5e1f4d38"])]


@router.get("/complaints/{complaint_id}/clock", response_model=ComplaintClockOut)
async def get_complaint_clock(actor: Staff, queries: SlaQueries,
                              complaint_id: ComplaintId) -> ComplaintClockOut:
    """The working days a complaint has to be answered in, and its light."""
    return ComplaintClockOut.from_domain(
        await queries.complaint_clock(ComplaintClockOf(complaint_id, actor)))
