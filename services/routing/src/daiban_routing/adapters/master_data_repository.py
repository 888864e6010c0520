"""Master-data records in Postgres: one generic table adapter and a mapping per kind.

Reads are single statements whatever the size (``= ANY``, ``LIKE ANY``); ``save`` is one
multi-row upsert, so an import costs a handful of round trips, not one per row.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import (
    BindParameter,
    ColumnElement,
    String,
    Table,
    and_,
    any_,
    bindparam,
    literal,
    or_,
    select,
    tuple_,
)
from sqlalchemy.dialects.postgresql import ARRAY, insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.types import TypeEngine

from daiban_common.db import Aggregate
from daiban_kernel.contracts.staff import Duty
from daiban_kernel.roles import Role
from daiban_routing.adapters.orm import departments, places, staff, stations
from daiban_routing.domain.master_record import Key, MasterRecord
from daiban_routing.domain.places import (
    Department,
    DepartmentRecord,
    Place,
    PlaceRecord,
    Station,
    StationRecord,
)
from daiban_routing.domain.staff import StaffMember, StaffRecord

R = TypeVar("R", bound=MasterRecord[Any])


@dataclass(frozen=True)
class RecordMapping(Generic[R]):
    """How one kind of record maps to its table."""

    table: Table
    key_columns: tuple[str, ...]
    place_column: str
    to_row: Callable[[R], dict[str, Any]]
    from_row: Callable[[Any], R]


class PostgresMasterRecordRepository(Generic[R]):
    """One kind of master data in its table; saved records are tracked for their events."""

    def __init__(self, session: AsyncSession, seen: list[Aggregate],
                 mapping: RecordMapping[R]) -> None:
        self._session = session
        self._seen = seen
        self._map = mapping
        self._key = tuple_(*(mapping.table.c[c] for c in mapping.key_columns))

    async def get(self, key: Key) -> R | None:
        """The record with this key, or None."""
        return (await self.get_many([key])).get(key)

    async def get_many(self, keys: Collection[Key]) -> dict[Key, R]:
        """The records of these keys that exist."""
        if not keys:
            return {}
        if len(self._map.key_columns) == 1:  # one array parameter, however many keys
            column = self._map.table.c[self._map.key_columns[0]]
            return await self._select(column == any_(_texts([k[0] for k in keys])))
        return await self._select(self._key.in_(list(keys)))

    async def under(self, prefixes: Collection[str]) -> dict[Key, R]:
        """Every record belonging to a place that starts with one of the prefixes."""
        if not prefixes:
            return {}
        column = self._map.table.c[self._map.place_column]
        return await self._select(or_(*(column.startswith(p) for p in prefixes)))

    async def page(self, prefix: str, *, after: Key | None, limit: int) -> list[R]:
        """Records under a place, in key order, after a key."""
        condition = self._map.table.c[self._map.place_column].startswith(prefix)
        if after is not None:
            condition = and_(condition, self._key > tuple_(*(literal(v) for v in after)))
        return list((await self._select(condition, limit=limit)).values())

    async def save(self, records: Sequence[R]) -> None:
        """Insert or update the records in one statement."""
        if not records:
            return
        table = self._map.table
        stmt = insert(table)
        stmt = stmt.on_conflict_do_update(
            index_elements=list(self._map.key_columns),
            set_={c.name: stmt.excluded[c.name] for c in table.columns
                  if c.name not in self._map.key_columns})
        await self._session.execute(stmt, [self._map.to_row(r) for r in records])
        self._seen.extend(records)

    async def _select(self, condition: ColumnElement[bool], *,
                      limit: int | None = None) -> dict[Key, R]:
        stmt = select(self._map.table).where(condition).order_by(*self._key.clauses)
        rows = (await self._session.execute(stmt.limit(limit))).mappings().all()
        records = [self._map.from_row(row) for row in rows]
        return {record.value.key: record for record in records}


class PostgresPlaceRepository(PostgresMasterRecordRepository[PlaceRecord]):
    """Places, with the tree's children."""

    async def children(self, parent_code: str, *, after: str | None, limit: int
                       ) -> list[PlaceRecord]:
        """A page of the places one tier below a place, in code order."""
        condition = places.c.parent_code == parent_code
        if after is not None:
            condition = and_(condition, places.c.code > after)
        return list((await self._select(condition, limit=limit)).values())


class PostgresStaffRepository(PostgresMasterRecordRepository[StaffRecord]):
    """Staff, with who names whom as A/B partner."""

    async def naming_as_partner(self, staff_ids: Collection[str]) -> dict[Key, StaffRecord]:
        """The members whose partner is one of these."""
        if not staff_ids:
            return {}
        return await self._select(staff.c.partner_id == any_(_texts(list(staff_ids))))

    async def at_station(self, station_code: str) -> list[StaffRecord]:
        """Everyone registered at a station, in id order."""
        return list((await self._select(staff.c.station_code == station_code)).values())

    async def at_place(self, place_code: str) -> list[StaffRecord]:
        """Everyone registered at the stations of one place, in id order."""
        return list((await self._select(staff.c.station_code.startswith(place_code + "-")))
                    .values())


class PostgresStationRepository(PostgresMasterRecordRepository[StationRecord]):
    """Stations."""


class PostgresDepartmentRepository(PostgresMasterRecordRepository[DepartmentRecord]):
    """Departments."""


def _texts(values: list[str]) -> BindParameter[Any]:
    texts: TypeEngine[Any] = ARRAY(String)
    return bindparam(None, values, type_=texts)


def _versioned(record: MasterRecord[Any], row: dict[str, Any]) -> dict[str, Any]:
    return {**row, "version": record.version}


PLACES = RecordMapping[PlaceRecord](
    places, ("code",), "code",
    lambda r: _versioned(r, {"code": r.value.code, "name": r.value.name,
                             "parent_code": r.value.parent_code,
                             "distance_km": r.value.distance_km, "active": r.value.active}),
    lambda row: PlaceRecord(Place(row["code"], row["name"], row["parent_code"],
                                  row["distance_km"], row["active"]), row["version"]))

STATIONS = RecordMapping[StationRecord](
    stations, ("code",), "place_code",
    lambda r: _versioned(r, {"code": r.value.code, "place_code": r.value.place_code,
                             "name": r.value.name, "phone": r.value.phone,
                             "supervision_phone": r.value.supervision_phone,
                             "active": r.value.active}),
    lambda row: StationRecord(Station(row["code"], row["place_code"], row["name"], row["phone"],
                                      row["active"], row["supervision_phone"]), row["version"]))

DEPARTMENTS = RecordMapping[DepartmentRecord](
    departments, ("county_code", "code"), "county_code",
    lambda r: _versioned(r, {"county_code": r.value.county_code, "code": r.value.code,
                             "name": r.value.name, "active": r.value.active}),
    lambda row: DepartmentRecord(Department(row["county_code"], row["code"], row["name"],
                                            row["active"]), row["version"]))


def _staff_row(record: StaffRecord) -> dict[str, Any]:
    v = record.value
    return _versioned(record, {
        "staff_id": v.staff_id, "name": v.name, "phone": v.phone, "role": v.role.value,
        "station_code": v.station_code, "skills": list(v.skills), "partner_id": v.partner_id,
        "duty": v.duty.value, "active": v.active, "email": v.email})


def _staff_record(row: Any) -> StaffRecord:
    return StaffRecord(StaffMember(
        row["staff_id"], row["name"], row["phone"], Role(row["role"]), row["station_code"],
        tuple(row["skills"]), row["partner_id"], Duty(row["duty"]), row["active"],
        row["email"]),
        row["version"])


STAFF = RecordMapping[StaffRecord](staff, ("staff_id",), "station_code", _staff_row,
                                   _staff_record)
