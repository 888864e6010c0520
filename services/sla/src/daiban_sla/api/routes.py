"""SLA's HTTP routes."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request
from pydantic import BaseModel

from daiban_common.api_deps import require_roles
from daiban_common.auth import STAFF_ROLES, Principal
from daiban_common.fields import CASE_NUMBER
from daiban_sla.adapters.uow import SlaUnitOfWork
from daiban_sla.bootstrap import Sla
from daiban_sla.domain.errors import CaseNotTracked

router = APIRouter(prefix="/v1")
Staff = Annotated[Principal, Depends(require_roles(*STAFF_ROLES))]


class TrackedCaseOut(BaseModel):
    """A case SLA keeps time for."""

    number: str
    matter_code: str
    village_code: str
    submitted_at: datetime


def _sla(request: Request) -> Sla:
    sla: Sla = request.app.state.sla
    return sla


@router.get("/cases/{number}", response_model=TrackedCaseOut)
async def get_case(principal: Staff, sla: Annotated[Sla, Depends(_sla)],
                   number: str = Path(pattern=CASE_NUMBER)) -> TrackedCaseOut:
    """A tracked case in the caller's jurisdiction."""
    uow = sla.uow_factory()
    assert isinstance(uow, SlaUnitOfWork)
    async with uow:
        case = await uow.cases.get(number)
    if case is None or not principal.covers(case.village_code):
        raise CaseNotTracked(f"no tracked case {number} in your jurisdiction")
    return TrackedCaseOut(number=case.number, matter_code=case.matter_code,
                          village_code=case.village_code, submitted_at=case.submitted_at)
