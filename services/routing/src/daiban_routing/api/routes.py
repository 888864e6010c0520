"""Routing's HTTP routes."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request
from pydantic import BaseModel

from daiban_common.api_deps import require_roles
from daiban_common.auth import STAFF_ROLES, Principal
from daiban_common.fields import CASE_NUMBER
from daiban_routing.adapters.uow import RoutingUnitOfWork
from daiban_routing.bootstrap import Routing
from daiban_routing.domain.errors import CaseNotFound

router = APIRouter(prefix="/v1")
Staff = Annotated[Principal, Depends(require_roles(*STAFF_ROLES))]


class RoutedCaseOut(BaseModel):
    """Where a case stands in the relay."""

    number: str
    matter_code: str
    village_code: str
    state: str
    since: datetime
    version: int


def _routing(request: Request) -> Routing:
    routing: Routing = request.app.state.routing
    return routing


@router.get("/cases/{number}", response_model=RoutedCaseOut)
async def get_case(principal: Staff, routing: Annotated[Routing, Depends(_routing)],
                   number: str = Path(pattern=CASE_NUMBER)) -> RoutedCaseOut:
    """Where a case in the caller's jurisdiction stands in the relay."""
    uow = routing.uow_factory()
    assert isinstance(uow, RoutingUnitOfWork)
    async with uow:
        case = await uow.cases.get(number)
    if case is None or not principal.covers(case.village_code):
        raise CaseNotFound(f"no case {number} in your jurisdiction")
    return RoutedCaseOut(number=case.number, matter_code=case.matter_code,
                         village_code=case.village_code, state=case.state.value,
                         since=case.since, version=case.version)
