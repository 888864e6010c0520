"""The four kinds of master data, and what each loads to check a change against what is kept."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Awaitable, Callable, Collection, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from daiban_kernel.errors import FieldProblem
from daiban_kernel.places import PlaceCode
from daiban_routing.domain.checks import (
    PlaceContext,
    StaffContext,
    StationContext,
    check_departments,
    check_places,
    check_staff,
    check_stations,
)
from daiban_routing.domain.master_record import Key, MasterRecord, Row, Value
from daiban_routing.domain.places import (
    Department,
    DepartmentRecord,
    Place,
    PlaceRecord,
    Station,
    StationRecord,
)
from daiban_routing.domain.staff import StaffMember, StaffRecord
from daiban_routing.ports import MasterRecordRepository, UnitOfWork

V = TypeVar("V", bound=Value)
R = TypeVar("R", bound=MasterRecord[Any])
Check = Callable[[UnitOfWork, Sequence[Row[V]], Collection[Key]], Awaitable[list[FieldProblem]]]


@dataclass(frozen=True)
class RecordKind(Generic[V, R]):
    """One kind of master data: its value, its record, where it is kept, how it is checked."""

    noun: str
    value_type: type[V]
    record_type: type[R]
    store: Callable[[UnitOfWork], MasterRecordRepository[R]]
    check: Check[V]


async def _check_places(uow: UnitOfWork, rows: Sequence[Row[Place]],
                        unresolved: Collection[Key]) -> list[FieldProblem]:
    counties = {PlaceCode(row.value.code).county for row in rows}
    places = await uow.places.under(counties)
    stations = await uow.stations.under(counties)
    context = PlaceContext(
        places={r.value.code: r.value for r in places.values()},
        stationed={s.value.place_code for s in stations.values() if s.value.active})
    return check_places(rows, context, unresolved=unresolved)


async def _check_stations(uow: UnitOfWork, rows: Sequence[Row[Station]],
                          unresolved: Collection[Key]) -> list[FieldProblem]:
    counties = {PlaceCode(row.value.place_code).county for row in rows}
    places = await uow.places.under(counties)
    staffed: dict[str, list[str]] = defaultdict(list)
    for member in (await uow.staff.under(counties)).values():
        if member.value.active:
            staffed[member.value.station_code].append(member.value.staff_id)
    context = StationContext(places={r.value.code: r.value for r in places.values()},
                             staffed=staffed)
    return check_stations(rows, context)


async def _check_departments(uow: UnitOfWork, rows: Sequence[Row[Department]],
                             unresolved: Collection[Key]) -> list[FieldProblem]:
    counties = await uow.places.get_many({(row.value.county_code,) for row in rows})
    return check_departments(rows, {r.value.code: r.value for r in counties.values()})


async def _check_staff(uow: UnitOfWork, rows: Sequence[Row[StaffMember]],
                       unresolved: Collection[Key]) -> list[FieldProblem]:
    counties = {PlaceCode(row.value.place_code).county for row in rows}
    ids = {row.value.staff_id for row in rows}
    named = ids | {row.value.partner_id for row in rows if row.value.partner_id}
    kept = await uow.staff.get_many({(i,) for i in named})
    kept.update(await uow.staff.naming_as_partner(ids))
    context = StaffContext(
        stations={r.value.code: r.value for r in (await uow.stations.under(counties)).values()},
        departments={k: r.value for k, r in (await uow.departments.under(counties)).items()},
        staff={r.value.staff_id: r.value for r in kept.values()})
    return check_staff(rows, context, unresolved=unresolved)


def _places(uow: UnitOfWork) -> MasterRecordRepository[PlaceRecord]:
    return uow.places


def _stations(uow: UnitOfWork) -> MasterRecordRepository[StationRecord]:
    return uow.stations


def _departments(uow: UnitOfWork) -> MasterRecordRepository[DepartmentRecord]:
    return uow.departments


def _staff(uow: UnitOfWork) -> MasterRecordRepository[StaffRecord]:
    return uow.staff


PLACES = RecordKind("places", Place, PlaceRecord, _places, _check_places)
STATIONS = RecordKind("stations", Station, StationRecord, _stations, _check_stations)
DEPARTMENTS = RecordKind("departments", Department, DepartmentRecord, _departments,
                         _check_departments)
STAFF = RecordKind("staff", StaffMember, StaffRecord, _staff, _check_staff)
KINDS: tuple[RecordKind[Any, Any], ...] = (PLACES, DEPARTMENTS, STATIONS, STAFF)
