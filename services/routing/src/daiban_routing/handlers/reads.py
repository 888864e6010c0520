"""What staff (and, for the public board, anyone) may read of the master data.

Staff see their own place and everything under it; anything else reads as not found.
"""

from __future__ import annotations

from dataclasses import dataclass

from daiban_kernel.places import PlaceCode, PlaceTier
from daiban_routing.domain.errors import RecordNotFound
from daiban_routing.domain.jurisdiction import Jurisdiction
from daiban_routing.domain.places import (
    DepartmentRecord,
    Place,
    PlaceRecord,
    Station,
    StationRecord,
)
from daiban_routing.domain.staff import PUBLIC_ROLES, StaffMember, StaffRecord
from daiban_routing.handlers.kinds import PLACES, STAFF, STATIONS
from daiban_routing.handlers.master import kept
from daiban_routing.ports import UnitOfWork


@dataclass(frozen=True)
class PlaceOf:
    """A place in a jurisdiction."""

    code: str
    within: Jurisdiction


@dataclass(frozen=True)
class PageUnder:
    """A page of what lies under a place (its children, or its stations), after a code."""

    code: str
    within: Jurisdiction
    after: str | None
    limit: int


@dataclass(frozen=True)
class StationOf:
    """A station in a jurisdiction."""

    code: str
    within: Jurisdiction


@dataclass(frozen=True)
class MemberOf:
    """A staff member in a jurisdiction."""

    staff_id: str
    within: Jurisdiction


@dataclass(frozen=True)
class DepartmentsOf:
    """The departments of the county a place lies in."""

    place: str


@dataclass(frozen=True)
class PublicAgents:
    """The agents of a station, for the public board."""

    station_code: str


@dataclass(frozen=True)
class PublicStation:
    """A station as its notice board (公开栏) discloses it."""

    station_code: str


@dataclass(frozen=True)
class PublicPlaces:
    """A page of a place and the places under it, after a code, for the public boards."""

    under: str
    after: str | None
    limit: int


@dataclass(frozen=True)
class StationDisclosure:
    """An open station, the place it serves, the town that place lies in (none for a county's
    station), and its agents on public duty."""

    station: Station
    place: Place
    town: Place | None
    agents: list[StaffMember]


@dataclass(frozen=True)
class PlaceView:
    """A place and the places one tier below it."""

    place: PlaceRecord
    children: list[PlaceRecord]


def _inside(code: str, within: Jurisdiction) -> None:
    if not within.covers(code):
        raise RecordNotFound(f"no place {code} in your jurisdiction")


async def place_view(query: PlaceOf, uow: UnitOfWork) -> PlaceView:
    """A place in the caller's jurisdiction, with its children."""
    async with uow:
        place = await kept(PLACES, (query.code,), within=query.within, uow=uow)
        children = await uow.places.children(query.code, after=None, limit=1000)
    return PlaceView(place, children)


async def places_under(query: PageUnder, uow: UnitOfWork) -> list[PlaceRecord]:
    """A page of a place's children, in code order."""
    _inside(query.code, query.within)
    async with uow:
        return await uow.places.children(query.code, after=query.after, limit=query.limit)


async def stations_under(query: PageUnder, uow: UnitOfWork) -> list[StationRecord]:
    """A page of the stations at a place and below it, in code order."""
    _inside(query.code, query.within)
    async with uow:
        return await uow.stations.page(query.code, after=None if query.after is None
                                       else (query.after,), limit=query.limit)


async def station(query: StationOf, uow: UnitOfWork) -> StationRecord:
    """One station in the caller's jurisdiction."""
    async with uow:
        return await kept(STATIONS, (query.code,), within=query.within, uow=uow)


async def station_staff(query: StationOf, uow: UnitOfWork) -> list[StaffRecord]:
    """Everyone registered at a station in the caller's jurisdiction, in id order."""
    async with uow:
        await kept(STATIONS, (query.code,), within=query.within, uow=uow)
        return await uow.staff.at_station(query.code)


async def member(query: MemberOf, uow: UnitOfWork) -> StaffRecord:
    """One staff member in the caller's jurisdiction."""
    async with uow:
        return await kept(STAFF, (query.staff_id,), within=query.within, uow=uow)


async def public_agents(query: PublicAgents, uow: UnitOfWork) -> list[StaffMember]:
    """The active agents of an open station, for public disclosure (公开公示)."""
    async with uow:
        await _open_station(query.station_code, uow)
        return await _agents_at(query.station_code, uow)


async def public_station(query: PublicStation, uow: UnitOfWork) -> StationDisclosure:
    """An open station with its place, town and agents, for its notice board (公开公示)."""
    async with uow:
        station = await _open_station(query.station_code, uow)
        code = PlaceCode(station.place_code)
        town_code = None if code.tier is PlaceTier.COUNTY else code.at(PlaceTier.TOWN)
        found = await uow.places.get_many({(code,), *([(town_code,)] if town_code else [])})
        agents = await _agents_at(query.station_code, uow)
    place = found.get((code,))
    if place is None:  # a station's place is checked when it opens; kept for the types
        raise RecordNotFound(f"no open station {query.station_code}")
    town = found.get((town_code,)) if town_code else None
    return StationDisclosure(station, place.value, None if town is None else town.value, agents)


async def public_places(query: PublicPlaces, uow: UnitOfWork) -> list[PlaceRecord]:
    """A page of a place and every place under it, in code order (place names are public)."""
    async with uow:
        if await uow.places.get((query.under,)) is None:
            raise RecordNotFound(f"no place {query.under}")
        return await uow.places.page(query.under, after=None if query.after is None
                                     else (query.after,), limit=query.limit)


async def _open_station(code: str, uow: UnitOfWork) -> Station:
    record = await uow.stations.get((code,))
    if record is None or not record.value.active:
        raise RecordNotFound(f"no open station {code}")
    return record.value


async def _agents_at(station_code: str, uow: UnitOfWork) -> list[StaffMember]:
    staff = await uow.staff.at_station(station_code)
    return [m.value for m in staff if m.value.active and m.value.role in PUBLIC_ROLES]


async def departments_of(query: DepartmentsOf, uow: UnitOfWork) -> list[DepartmentRecord]:
    """The departments of the county the place lies in."""
    async with uow:
        return await uow.departments.page(PlaceCode(query.place).county, after=None,
                                          limit=1000)
