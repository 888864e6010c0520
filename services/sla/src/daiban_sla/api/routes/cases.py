"""A tracked case and its clocks, for staff whose place covers its village."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from daiban_sla.api.deps import SlaQueries, Staff
from daiban_sla.api.schemas import CaseClocksOut, TrackedCaseOut
from daiban_sla.handlers import CaseOf

router = APIRouter(prefix="/v1", tags=["clocks"])

CaseNumber = Annotated[str, Path(pattern=r"^[0-9]{6}-[0-9]{8}-[0-9]{6}$")]


@router.get("/cases/{number}", response_model=TrackedCaseOut)
async def get_case(actor: Staff, queries: SlaQueries, number: CaseNumber) -> TrackedCaseOut:
    """A tracked case in the caller's jurisdiction, with its clocks and lights."""
    return TrackedCaseOut.from_domain(await queries.case_clocks(CaseOf(number, actor)))


@router.get("/cases/{number}/clocks", response_model=CaseClocksOut)
async def get_case_clocks(actor: Staff, queries: SlaQueries,
                          number: CaseNumber) -> CaseClocksOut:
    """A case's clocks and their lights (the whole case's first, then by stage)."""
    return CaseClocksOut.from_domain(await queries.case_clocks(CaseOf(number, actor)))
