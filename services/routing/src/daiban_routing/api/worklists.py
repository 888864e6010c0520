"""Work lists: a member's cases, a station's, a place's (town, county), and handovers awaiting
receipt with how long they have waited. Oldest first; paged by cursor."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Query

from daiban_common.pagination import Cursor, Limit, Page
from daiban_kernel.places import PLACE_CODE
from daiban_routing.api.deps import PlaceCode, RoutingDep, Staff, StationCode
from daiban_routing.api.relay_schemas import HandoverOut, RoutedCaseOut
from daiban_routing.api.relay_views import case_out, handover_out, next_cursor, position
from daiban_routing.domain.model import RoutedCase
from daiban_routing.handlers import worklists

router = APIRouter(prefix="/v1", tags=["work lists"])
PlaceQuery = Annotated[str | None, Query(pattern=PLACE_CODE,
                                         description="default: the caller's place")]


def _page(cases: list[RoutedCase], limit: int) -> Page[RoutedCaseOut]:
    now = datetime.now(UTC)
    return Page(items=[case_out(c, now=now) for c in cases],
                next_cursor=next_cursor(cases[-1].since, cases[-1].number)
                if len(cases) == limit else None)


@router.get("/worklist", response_model=Page[RoutedCaseOut])
async def my_work_list(principal: Staff, routing: RoutingDep, cursor: Cursor = None,
                       limit: Limit = 100) -> Page[RoutedCaseOut]:
    """The open cases the caller holds, the longest waiting first."""
    cases = await worklists.held_by(principal.staff_id, after=position(cursor), limit=limit,
                                    uow=routing.uow())
    return _page(cases, limit)


@router.get("/stations/{code}/cases", response_model=Page[RoutedCaseOut])
async def station_work_list(code: StationCode, principal: Staff, routing: RoutingDep,
                            cursor: Cursor = None, limit: Limit = 100) -> Page[RoutedCaseOut]:
    """The open cases held at a station, the longest waiting first."""
    cases = await worklists.at_station(code, scope=principal.place, after=position(cursor),
                                       limit=limit, uow=routing.uow())
    return _page(cases, limit)


@router.get("/places/{code}/cases", response_model=Page[RoutedCaseOut])
async def place_work_list(code: PlaceCode, principal: Staff, routing: RoutingDep,
                          cursor: Cursor = None, limit: Limit = 100) -> Page[RoutedCaseOut]:
    """The open cases held at a place and under it (a town's, the county's)."""
    cases = await worklists.under_place(code, scope=principal.place, after=position(cursor),
                                        limit=limit, uow=routing.uow())
    return _page(cases, limit)


@router.get("/handovers/pending", response_model=Page[HandoverOut])
async def pending_handovers(principal: Staff, routing: RoutingDep, place: PlaceQuery = None,
                            cursor: Cursor = None, limit: Limit = 100) -> Page[HandoverOut]:
    """Handovers not yet acknowledged at and under a place, with how long each has waited."""
    found = await worklists.pending_handovers(place or principal.place, scope=principal.place,
                                              after=position(cursor), limit=limit,
                                              uow=routing.uow())
    now = datetime.now(UTC)
    return Page(items=[handover_out(h, now=now) for h in found],
                next_cursor=next_cursor(found[-1].handed_at, found[-1].handover_id)
                if len(found) == limit else None)
