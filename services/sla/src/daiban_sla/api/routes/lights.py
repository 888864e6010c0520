"""The yellow and red lights under a place: for supervisors, and for the hall's public board."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from fastapi import APIRouter, Query

from daiban_common.pagination import Cursor, Limit, decode_cursor, encode_cursor
from daiban_kernel.places import PLACE_CODE
from daiban_sla.api.deps import SlaQueries, Staff
from daiban_sla.api.schemas import LightOut, LightPage, PublicLightOut, PublicLightPage
from daiban_sla.domain.clock import Light, stage_key
from daiban_sla.handlers import LightsFound, LightsUnder
from daiban_sla.ports import LightsPosition

router = APIRouter(prefix="/v1", tags=["clocks"])


class ShownLight(StrEnum):
    YELLOW = "yellow"
    RED = "red"


LightQuery = Annotated[ShownLight, Query(description="yellow or red")]
PlaceQuery = Annotated[str, Query(pattern=PLACE_CODE, description="a county, town or village")]


@router.get("/lights", response_model=LightPage)
async def list_lights(actor: Staff, queries: SlaQueries, light: LightQuery,
                      place: Annotated[str | None, Query(pattern=PLACE_CODE)] = None,
                      cursor: Cursor = None, limit: Limit = 50) -> LightPage:
    """Open clocks showing this light for cases under a place (default: the caller's)."""
    found = await queries.lights(LightsUnder(place or actor.place, Light(light.value),
                                             _position(cursor), limit, by=actor))
    return LightPage(items=[LightOut.from_domain(c, name) for c, name in found.items],
                     next_cursor=_next_cursor(found))


@router.get("/public/lights", response_model=PublicLightPage)
async def public_lights(queries: SlaQueries, place: PlaceQuery, light: LightQuery,
                        cursor: Cursor = None, limit: Limit = 50) -> PublicLightPage:
    """The public board: cases under a place showing yellow or red, without personal data."""
    found = await queries.lights(LightsUnder(place, Light(light.value), _position(cursor),
                                             limit))
    return PublicLightPage(items=[PublicLightOut.from_domain(c, name) for c, name in found.items],
                           next_cursor=_next_cursor(found))


def _position(cursor: str | None) -> LightsPosition | None:
    position = decode_cursor(cursor, fields={"v": str, "c": str, "s": str})
    return None if position is None else (position["v"], position["c"], position["s"])


def _next_cursor(found: LightsFound) -> str | None:
    if not (found.more and found.items):
        return None
    last = found.items[-1][0]
    return encode_cursor({"v": last.case.village_code, "c": last.case.case_number,
                          "s": stage_key(last.stage)})
