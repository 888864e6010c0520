"""Routing's HTTP routes for cases in the relay."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Path
from pydantic import BaseModel

from daiban_routing.api.deps import RoutingDep, Staff
from daiban_routing.domain.errors import CaseNotFound

router = APIRouter(prefix="/v1")


class RoutedCaseOut(BaseModel):
    """Where a case stands in the relay."""

    number: str
    matter_code: str
    village_code: str
    state: str
    since: datetime
    version: int


@router.get("/cases/{number}", response_model=RoutedCaseOut)
async def get_case(principal: Staff, routing: RoutingDep,
                   number: str = Path(pattern=r"^[0-9]{6}-[0-9]{8}-[0-9]{6}$")) -> RoutedCaseOut:
    """Where a case in the caller's jurisdiction stands in the relay."""
    async with routing.uow() as uow:
        case = await uow.cases.get(number)
    if case is None or not principal.covers(case.village_code):
        raise CaseNotFound(f"no case {number} in your jurisdiction")
    return RoutedCaseOut(number=case.number, matter_code=case.matter_code,
                         village_code=case.village_code, state=case.state.value,
                         since=case.since, version=case.version)
