"""Work lists: a member's cases, a station's, a place's (town, county), and handovers awaiting
receipt with how long they have waited. Oldest first; paged by cursor."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from daiban_common.pagination import Cursor, Limit, Page
from daiban_kernel.places import PLACE_CODE
from daiban_routing.api.deps import PlaceCode, RoutingQueries, Staff, StationCode, within
from daiban_routing.api.schemas.relay import (
    HandoverOut,
    RoutedCaseOut,
    case_out,
    handover_out,
    next_cursor,
    position,
)
from daiban_routing.domain.case import RoutedCase
from daiban_routing.handlers.worklists import AsOf, HeldBy, ListAt

router = APIRouter(prefix="/v1", tags=["work lists"])
PlaceQuery = Annotated[str | None, Query(pattern=PLACE_CODE,
                                         description="default: the caller's place")]


def _page(found: AsOf[list[RoutedCase]], limit: int) -> Page[RoutedCaseOut]:
    cases = found.value
    return Page(items=[case_out(c, now=found.at) for c in cases],
                next_cursor=next_cursor(cases[-1].since, cases[-1].number)
                if len(cases) == limit else None)


@router.get("/worklist", response_model=Page[RoutedCaseOut])
async def my_work_list(principal: Staff, queries: RoutingQueries, cursor: Cursor = None,
                       limit: Limit = 100) -> Page[RoutedCaseOut]:
    """The open cases the caller holds, the longest waiting first."""
    found = await queries.held_by(HeldBy(principal.staff_id, position(cursor), limit))
    return _page(found, limit)


@router.get("/stations/{code}/cases", response_model=Page[RoutedCaseOut])
async def station_work_list(code: StationCode, principal: Staff, queries: RoutingQueries,
                            cursor: Cursor = None, limit: Limit = 100) -> Page[RoutedCaseOut]:
    """The open cases held at a station, the longest waiting first."""
    found = await queries.at_station(ListAt(code, within(principal), position(cursor), limit))
    return _page(found, limit)


@router.get("/places/{code}/cases", response_model=Page[RoutedCaseOut])
async def place_work_list(code: PlaceCode, principal: Staff, queries: RoutingQueries,
                          cursor: Cursor = None, limit: Limit = 100) -> Page[RoutedCaseOut]:
    """The open cases held at a place and under it (a town's, the county's)."""
    found = await queries.under_place(ListAt(code, within(principal), position(cursor), limit))
    return _page(found, limit)


@router.get("/handovers/pending", response_model=Page[HandoverOut])
async def pending_handovers(principal: Staff, queries: RoutingQueries, place: PlaceQuery = None,
                            cursor: Cursor = None, limit: Limit = 100) -> Page[HandoverOut]:
    """Handovers not yet received at and under a place, with how long each has waited."""
    found = await queries.pending_handovers(
        ListAt(place or principal.place, within(principal), position(cursor), limit))
    handovers = found.value
    return Page(items=[handover_out(h, now=found.at) for h in handovers],
                next_cursor=next_cursor(handovers[-1].handed_at, handovers[-1].handover_id)
                if len(handovers) == limit else None)
