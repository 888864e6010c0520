"""Read routes for staff (scoped to the caller's place and below), and the public board."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from daiban_common.pagination import Cursor, Limit, Page, decode_cursor, encode_cursor
from daiban_kernel.contracts.place import DepartmentSnapshot, PlaceSnapshot, StationSnapshot
from daiban_kernel.contracts.staff import StaffSnapshot
from daiban_kernel.phones import mask_phone
from daiban_kernel.places import PLACE_CODE
from daiban_routing.api.deps import (
    PlaceCode,
    RoutingQueries,
    Staff,
    StaffId,
    StationCode,
    within,
)
from daiban_routing.api.schemas.master import (
    PlaceViewOut,
    PublicAgentOut,
    PublicPlaceOut,
    PublicStationAgentOut,
    PublicStationOut,
)
from daiban_routing.handlers.reads import (
    DepartmentsOf,
    MemberOf,
    PageUnder,
    PlaceOf,
    PublicAgents,
    PublicPlaces,
    PublicStation,
    StationOf,
)

router = APIRouter(prefix="/v1", tags=["places"])
PlaceQuery = Annotated[str | None, Query(pattern=PLACE_CODE,
                                         description="default: the caller's place")]
UnderQuery = Annotated[str, Query(pattern=r"^([0-9]{6}|[0-9]{9})$", examples=["110116"],
                                  description="a county (6 digits) or a town (9 digits)")]


def _after(cursor: str | None) -> str | None:
    after = decode_cursor(cursor, fields={"code": str})
    return None if after is None else str(after["code"])


@router.get("/places/{code}", response_model=PlaceViewOut)
async def get_place(code: PlaceCode, principal: Staff, queries: RoutingQueries) -> PlaceViewOut:
    """A place in the caller's jurisdiction, with the places one tier below it."""
    view = await queries.place_view(PlaceOf(code, within(principal)))
    return PlaceViewOut(place=view.place.snapshot(),
                        children=[child.snapshot() for child in view.children])


@router.get("/places", response_model=Page[PlaceSnapshot])
async def list_places(principal: Staff, queries: RoutingQueries, parent: PlaceQuery = None,
                      cursor: Cursor = None, limit: Limit = 100) -> Page[PlaceSnapshot]:
    """The places one tier below ``parent``, in code order, a page at a time."""
    records = await queries.places_under(
        PageUnder(parent or principal.place, within(principal), _after(cursor), limit))
    return Page(items=[r.snapshot() for r in records],
                next_cursor=encode_cursor({"code": records[-1].value.code})
                if len(records) == limit else None)


@router.get("/stations", response_model=Page[StationSnapshot])
async def list_stations(principal: Staff, queries: RoutingQueries, place: PlaceQuery = None,
                        cursor: Cursor = None, limit: Limit = 100) -> Page[StationSnapshot]:
    """The stations at ``place`` and below it, in code order, a page at a time."""
    records = await queries.stations_under(
        PageUnder(place or principal.place, within(principal), _after(cursor), limit))
    return Page(items=[r.snapshot() for r in records],
                next_cursor=encode_cursor({"code": records[-1].value.code})
                if len(records) == limit else None)


@router.get("/stations/{code}", response_model=StationSnapshot)
async def get_station(code: StationCode, principal: Staff,
                      queries: RoutingQueries) -> StationSnapshot:
    """One station in the caller's jurisdiction."""
    return (await queries.station(StationOf(code, within(principal)))).snapshot()


@router.get("/stations/{code}/staff", response_model=list[StaffSnapshot])
async def list_station_staff(code: StationCode, principal: Staff,
                             queries: RoutingQueries) -> list[StaffSnapshot]:
    """Everyone registered at a station in the caller's jurisdiction, left ones included."""
    staff = await queries.station_staff(StationOf(code, within(principal)))
    return [member.snapshot() for member in staff]


@router.get("/staff/{staff_id}", response_model=StaffSnapshot)
async def get_staff(staff_id: StaffId, principal: Staff,
                    queries: RoutingQueries) -> StaffSnapshot:
    """One staff member in the caller's jurisdiction."""
    return (await queries.member(MemberOf(staff_id, within(principal)))).snapshot()


@router.get("/departments", response_model=list[DepartmentSnapshot])
async def list_departments(principal: Staff,
                           queries: RoutingQueries) -> list[DepartmentSnapshot]:
    """The departments of the caller's county."""
    records = await queries.departments_of(DepartmentsOf(principal.place))
    return [record.snapshot() for record in records]


@router.get("/public/stations/{code}/agents", response_model=list[PublicAgentOut],
            tags=["public"])
async def list_public_agents(code: StationCode,
                             queries: RoutingQueries) -> list[PublicAgentOut]:
    """The agents of a station for public disclosure, without login: name and role only."""
    agents = await queries.public_agents(PublicAgents(code))
    return [PublicAgentOut(name=agent.name, role=agent.role) for agent in agents]


@router.get("/public/stations/{code}", response_model=PublicStationOut, tags=["public"])
async def get_public_station(code: StationCode, queries: RoutingQueries) -> PublicStationOut:
    """An open station for its notice board, without login: its name, place, town, office and
    supervision phones, and its agents (their phones masked)."""
    found = await queries.public_station(PublicStation(code))
    station, town = found.station, found.town
    return PublicStationOut(
        code=station.code, name=station.name, place_code=found.place.code,
        place_name=found.place.name, town_code=None if town is None else town.code,
        town_name=None if town is None else town.name, phone=station.phone,
        supervision_phone=station.supervision_phone,
        agents=[PublicStationAgentOut(name=a.name, role=a.role, phone=mask_phone(a.phone))
                for a in found.agents])


@router.get("/public/places", response_model=Page[PublicPlaceOut], tags=["public"])
async def list_public_places(under: UnderQuery, queries: RoutingQueries, cursor: Cursor = None,
                             limit: Limit = 100) -> Page[PublicPlaceOut]:
    """A county or town and every place under it by name, in code order, a page at a time,
    without login."""
    records = await queries.public_places(PublicPlaces(under, _after(cursor), limit))
    return Page(items=[PublicPlaceOut(code=r.value.code, name=r.value.name, tier=r.value.tier,
                                      parent_code=r.value.parent_code) for r in records],
                next_cursor=encode_cursor({"code": records[-1].value.code})
                if len(records) == limit else None)
