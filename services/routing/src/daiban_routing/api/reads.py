"""Read routes for staff (scoped to the caller's place and below), and the public board."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from daiban_common.pagination import Cursor, Limit, Page, decode_cursor, encode_cursor
from daiban_kernel.contracts.place import DepartmentSnapshot, PlaceSnapshot, StationSnapshot
from daiban_kernel.contracts.staff import StaffSnapshot
from daiban_kernel.places import PLACE_CODE
from daiban_routing.api.deps import PlaceCode, RoutingDep, Staff, StaffId, StationCode
from daiban_routing.api.schemas import PlaceViewOut, PublicAgentOut
from daiban_routing.handlers import reads

router = APIRouter(prefix="/v1", tags=["places"])
PlaceQuery = Annotated[str | None, Query(pattern=PLACE_CODE,
                                         description="default: the caller's place")]


@router.get("/places/{code}", response_model=PlaceViewOut)
async def get_place(code: PlaceCode, principal: Staff, routing: RoutingDep) -> PlaceViewOut:
    """A place in the caller's jurisdiction, with the places one tier below it."""
    view = await reads.place_view(code, scope=principal.place, uow=routing.uow())
    return PlaceViewOut(place=view.place.snapshot(),
                        children=[child.snapshot() for child in view.children])


@router.get("/places", response_model=Page[PlaceSnapshot])
async def list_places(principal: Staff, routing: RoutingDep, parent: PlaceQuery = None,
                      cursor: Cursor = None, limit: Limit = 100) -> Page[PlaceSnapshot]:
    """The places one tier below ``parent``, in code order, a page at a time."""
    after = decode_cursor(cursor, fields={"code": str})
    records = await reads.places_under(parent or principal.place, scope=principal.place,
                                       after=None if after is None else str(after["code"]),
                                       limit=limit, uow=routing.uow())
    return Page(items=[r.snapshot() for r in records],
                next_cursor=encode_cursor({"code": records[-1].value.code})
                if len(records) == limit else None)


@router.get("/stations", response_model=Page[StationSnapshot])
async def list_stations(principal: Staff, routing: RoutingDep, place: PlaceQuery = None,
                        cursor: Cursor = None, limit: Limit = 100) -> Page[StationSnapshot]:
    """The stations at ``place`` and below it, in code order, a page at a time."""
    after = decode_cursor(cursor, fields={"code": str})
    records = await reads.stations_under(place or principal.place, scope=principal.place,
                                         after=None if after is None else str(after["code"]),
                                         limit=limit, uow=routing.uow())
    return Page(items=[r.snapshot() for r in records],
                next_cursor=encode_cursor({"code": records[-1].value.code})
                if len(records) == limit else None)


@router.get("/stations/{code}", response_model=StationSnapshot)
async def get_station(code: StationCode, principal: Staff,
                      routing: RoutingDep) -> StationSnapshot:
    """One station in the caller's jurisdiction."""
    return (await reads.station(code, scope=principal.place, uow=routing.uow())).snapshot()


@router.get("/stations/{code}/staff", response_model=list[StaffSnapshot])
async def list_station_staff(code: StationCode, principal: Staff,
                             routing: RoutingDep) -> list[StaffSnapshot]:
    """Everyone registered at a station in the caller's jurisdiction, left ones included."""
    staff = await reads.station_staff(code, scope=principal.place, uow=routing.uow())
    return [member.snapshot() for member in staff]


@router.get("/staff/{staff_id}", response_model=StaffSnapshot)
async def get_staff(staff_id: StaffId, principal: Staff, routing: RoutingDep) -> StaffSnapshot:
    """One staff member in the caller's jurisdiction."""
    return (await reads.member(staff_id, scope=principal.place, uow=routing.uow())).snapshot()


@router.get("/departments", response_model=list[DepartmentSnapshot])
async def list_departments(principal: Staff, routing: RoutingDep) -> list[DepartmentSnapshot]:
    """The departments of the caller's county."""
    records = await reads.departments_of(principal.place, uow=routing.uow())
    return [record.snapshot() for record in records]


@router.get("/public/stations/{code}/agents", response_model=list[PublicAgentOut],
            tags=["public"])
async def list_public_agents(code: StationCode, routing: RoutingDep) -> list[PublicAgentOut]:
    """The agents of a station for public disclosure, without login: name and role only."""
    agents = await reads.public_agents(code, uow=routing.uow())
    return [PublicAgentOut(name=agent.name, role=agent.role) for agent in agents]
