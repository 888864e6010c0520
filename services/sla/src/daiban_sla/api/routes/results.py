"""The results the hall's public board shows: the latest cases delivered under a place, and how
many of today's and this month's kept their limit. No login; no full name, no ID number."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from daiban_kernel.places import PLACE_CODE
from daiban_sla.api.deps import SlaQueries
from daiban_sla.api.schemas import PublicResultsOut
from daiban_sla.handlers import ResultsUnder

router = APIRouter(prefix="/v1", tags=["clocks"])

PlaceQuery = Annotated[str, Query(pattern=PLACE_CODE, description="a county, town or village")]
LatestLimit = Annotated[int, Query(ge=1, le=100, description="how many of the latest results")]


@router.get("/public/results", response_model=PublicResultsOut)
async def public_results(queries: SlaQueries, place: PlaceQuery,
                         limit: LatestLimit = 20) -> PublicResultsOut:
    """The public board: the latest delivered cases under a place (the applicant's name masked,
    王*华), and today's and this month's on-time figures (China Standard Time days)."""
    return PublicResultsOut.from_domain(await queries.results(ResultsUnder(place, limit)))
