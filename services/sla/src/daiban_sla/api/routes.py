"""SLA's HTTP routes about cases."""

from __future__ import annotations

from fastapi import APIRouter, Path

from daiban_sla.api.deps import SlaDep, Staff
from daiban_sla.api.schemas import TrackedCaseOut
from daiban_sla.domain.errors import CaseNotTracked

router = APIRouter(prefix="/v1")


@router.get("/cases/{number}", response_model=TrackedCaseOut)
async def get_case(principal: Staff, sla: SlaDep,
                   number: str = Path(pattern=r"^[0-9]{6}-[0-9]{8}-[0-9]{6}$")) -> TrackedCaseOut:
    """A tracked case in the caller's jurisdiction."""
    async with sla.uow_factory() as uow:
        case = await uow.cases.get(number)
    if case is None or not principal.covers(case.village_code):
        raise CaseNotTracked(f"no tracked case {number} in your jurisdiction")
    return TrackedCaseOut(number=case.number, matter_code=case.matter_code,
                          village_code=case.village_code, submitted_at=case.submitted_at)
