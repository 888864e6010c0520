"""SLA's HTTP routes about cases: their clocks, and the yellow and red lights under a place."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from typing import Annotated

from fastapi import APIRouter, Path, Query

from daiban_common.pagination import Cursor, Limit, decode_cursor, encode_cursor
from daiban_kernel.actor import Actor
from daiban_kernel.places import PLACE_CODE
from daiban_sla.api.deps import SlaDep, Staff
from daiban_sla.api.render import clock_out, light_out, public_light_out, worst_light
from daiban_sla.api.schemas import (
    CaseClocksOut,
    ClockOut,
    LightPage,
    PublicLightPage,
    TrackedCaseOut,
)
from daiban_sla.bootstrap import Sla
from daiban_sla.domain.clock import Clock, Light, stage_key
from daiban_sla.domain.errors import CaseNotTracked
from daiban_sla.domain.model import TrackedCase

router = APIRouter(prefix="/v1", tags=["clocks"])

CaseNumber = Annotated[str, Path(pattern=r"^[0-9]{6}-[0-9]{8}-[0-9]{6}$")]


class ShownLight(StrEnum):
    YELLOW = "yellow"
    RED = "red"


LightQuery = Annotated[ShownLight, Query(description="yellow or red")]
PlaceQuery = Annotated[str, Query(pattern=PLACE_CODE, description="a county, town or village")]


@router.get("/cases/{number}", response_model=TrackedCaseOut)
async def get_case(principal: Staff, sla: SlaDep, number: CaseNumber) -> TrackedCaseOut:
    """A tracked case in the caller's jurisdiction, with its clocks and lights."""
    case, clocks = await _case(sla, principal, number=number)
    shown = await _clocks_out(sla, clocks)
    return TrackedCaseOut(
        number=case.number, light=worst_light(shown), clocks=shown,
        matter_code=case.matter_code, matter_version=case.matter_version,
        village_code=case.village_code, submitted_at=case.submitted_at,
        accepted_at=case.accepted_at, holding_tier=case.holding_tier,
        closed_at=case.closed_at, closed_why=case.closed_why)


@router.get("/cases/{number}/clocks", response_model=CaseClocksOut)
async def get_case_clocks(principal: Staff, sla: SlaDep, number: CaseNumber) -> CaseClocksOut:
    """A case's clocks and their lights (the whole case's first, then by stage)."""
    case, clocks = await _case(sla, principal, number=number)
    shown = await _clocks_out(sla, clocks)
    return CaseClocksOut(number=case.number, light=worst_light(shown), clocks=shown)


@router.get("/lights", response_model=LightPage)
async def list_lights(principal: Staff, sla: SlaDep, light: LightQuery,
                      place: Annotated[str | None, Query(pattern=PLACE_CODE)] = None,
                      cursor: Cursor = None, limit: Limit = 50) -> LightPage:
    """Open clocks showing this light for cases under a place (default: the caller's)."""
    place = place or principal.place
    principal.require_place(place)
    found, next_cursor = await _lights(sla, place, light=Light(light.value), cursor=cursor,
                                       limit=limit)
    return LightPage(items=[light_out(c, name) for c, name in found], next_cursor=next_cursor)


@router.get("/public/lights", response_model=PublicLightPage)
async def public_lights(sla: SlaDep, place: PlaceQuery, light: LightQuery,
                        cursor: Cursor = None, limit: Limit = 50) -> PublicLightPage:
    """The public board: cases under a place showing yellow or red, without personal data."""
    found, next_cursor = await _lights(sla, place, light=Light(light.value), cursor=cursor,
                                       limit=limit)
    return PublicLightPage(items=[public_light_out(c, name) for c, name in found],
                           next_cursor=next_cursor)


async def _case(sla: Sla, principal: Actor, *, number: str
                ) -> tuple[TrackedCase, list[Clock]]:
    async with sla.uow_factory() as uow:
        case = await uow.cases.get(number)
        clocks = await uow.clocks.of_case(number, lock=False)
    if case is None or not principal.covers(case.village_code):
        raise CaseNotTracked(f"no tracked case {number} in your jurisdiction")
    return case, sorted(clocks, key=_stage_order)


async def _clocks_out(sla: Sla, clocks: list[Clock]) -> list[ClockOut]:
    timetable = await sla.keeping.timetable()
    now = datetime.now(UTC)
    return [clock_out(c, now=now, timetable=timetable) for c in clocks]


async def _lights(sla: Sla, place: str, *, light: Light, cursor: str | None, limit: int
                  ) -> tuple[list[tuple[Clock, str | None]], str | None]:
    position = decode_cursor(cursor, fields={"v": str, "c": str, "s": str})
    after = None if position is None else (position["v"], position["c"], position["s"])
    async with sla.uow_factory() as uow:
        found = await uow.clocks.lights(place, light, after=after, limit=limit + 1)
    more, found = len(found) > limit, found[:limit]
    if not (more and found):
        return found, None
    last = found[-1][0]
    return found, encode_cursor({"v": last.case.village_code, "c": last.case.case_number,
                                 "s": stage_key(last.stage)})


def _stage_order(clock: Clock) -> int:
    order = [None, "village", "town", "county", "department"]
    return order.index(None if clock.stage is None else clock.stage.value)
