"""What staff (and, for the public board, anyone) may read of the master data.

Staff see their own place and everything under it; anything else reads as not found.
"""

from __future__ import annotations

from dataclasses import dataclass

from daiban_routing.domain.errors import RecordNotFound
from daiban_routing.domain.places import DepartmentRecord, PlaceRecord, StationRecord, county_of
from daiban_routing.domain.staff import PUBLIC_ROLES, StaffMember, StaffRecord
from daiban_routing.ports import UnitOfWork


@dataclass(frozen=True)
class PlaceView:
    """A place and the places one tier below it."""

    place: PlaceRecord
    children: list[PlaceRecord]


async def place_view(code: str, *, scope: str, uow: UnitOfWork) -> PlaceView:
    """A place in the caller's jurisdiction, with its children."""
    async with uow:
        place = await uow.places.get((code,))
        if place is None or not code.startswith(scope):
            raise RecordNotFound(f"no place {code} in your jurisdiction")
        children = await uow.places.children(code, after=None, limit=1000)
    return PlaceView(place, children)


async def places_under(parent: str, *, scope: str, after: str | None, limit: int,
                       uow: UnitOfWork) -> list[PlaceRecord]:
    """A page of a place's children, in code order."""
    if not parent.startswith(scope):
        raise RecordNotFound(f"no place {parent} in your jurisdiction")
    async with uow:
        return await uow.places.children(parent, after=after, limit=limit)


async def stations_under(place: str, *, scope: str, after: str | None, limit: int,
                         uow: UnitOfWork) -> list[StationRecord]:
    """A page of the stations at a place and below it, in code order."""
    if not place.startswith(scope):
        raise RecordNotFound(f"no place {place} in your jurisdiction")
    async with uow:
        return await uow.stations.page(place, after=None if after is None else (after,),
                                       limit=limit)


async def station(code: str, *, scope: str, uow: UnitOfWork) -> StationRecord:
    """One station in the caller's jurisdiction."""
    async with uow:
        record = await uow.stations.get((code,))
    if record is None or not record.value.place_code.startswith(scope):
        raise RecordNotFound(f"no station {code} in your jurisdiction")
    return record


async def station_staff(code: str, *, scope: str, uow: UnitOfWork) -> list[StaffRecord]:
    """Everyone registered at a station in the caller's jurisdiction, in id order."""
    await station(code, scope=scope, uow=uow)
    async with uow:
        return await uow.staff.at_station(code)


async def member(staff_id: str, *, scope: str, uow: UnitOfWork) -> StaffRecord:
    """One staff member in the caller's jurisdiction."""
    async with uow:
        record = await uow.staff.get((staff_id,))
    if record is None or not record.value.place_code.startswith(scope):
        raise RecordNotFound(f"no staff member {staff_id} in your jurisdiction")
    return record


async def public_agents(code: str, *, uow: UnitOfWork) -> list[StaffMember]:
    """The active agents of an open station, for public disclosure (公开公示)."""
    async with uow:
        record = await uow.stations.get((code,))
        if record is None or not record.value.active:
            raise RecordNotFound(f"no open station {code}")
        staff = await uow.staff.at_station(code)
    return [m.value for m in staff if m.value.active and m.value.role in PUBLIC_ROLES]


async def departments_of(place: str, *, uow: UnitOfWork) -> list[DepartmentRecord]:
    """The departments of the county the place lies in."""
    async with uow:
        return await uow.departments.page(county_of(place), after=None, limit=1000)
