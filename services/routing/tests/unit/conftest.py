"""In-memory stand-ins for routing's ports, for unit tests of the domain and the handlers."""

from __future__ import annotations

import copy
from collections.abc import Callable, Collection, Sequence
from types import TracebackType
from typing import Any, Generic, Self, TypeVar

import pytest

from daiban_common.errors import FieldProblem, InvalidInput
from daiban_common.events import EventData
from daiban_routing import bootstrap
from daiban_routing.domain.catalogue import CatalogueEntry
from daiban_routing.domain.model import RoutedCase
from daiban_routing.domain.places import DepartmentRecord, PlaceRecord, StationRecord
from daiban_routing.domain.records import Key, MasterRecord
from daiban_routing.domain.staff import StaffRecord
from daiban_routing.ports import UnitOfWork
from daiban_routing.settings import RoutingSettings

R = TypeVar("R", bound=MasterRecord[Any])


def _copy(record: R) -> R:
    twin = copy.copy(record)
    twin.events = []
    return twin


class FakeRecords(Generic[R]):
    """One kind of record; changes become visible (and publish) only when the fake commits."""

    def __init__(self, uow: FakeUnitOfWork) -> None:
        self._uow = uow
        self.rows: dict[Key, R] = {}

    async def get(self, key: Key) -> R | None:
        return (await self.get_many([key])).get(key)

    async def get_many(self, keys: Collection[Key]) -> dict[Key, R]:
        return {k: _copy(self.rows[k]) for k in keys if k in self.rows}

    async def under(self, prefixes: Collection[str]) -> dict[Key, R]:
        return self._where(lambda r: any(r.value.place_code.startswith(p) for p in prefixes))

    async def page(self, prefix: str, *, after: Key | None, limit: int) -> list[R]:
        found = self._where(lambda r: r.value.place_code.startswith(prefix)
                            and (after is None or r.value.key > after))
        return list(found.values())[:limit]

    async def save(self, records: Sequence[R]) -> None:
        for record in records:
            self._uow.pending.append((self, record))

    def _where(self, keep: Callable[[R], bool]) -> dict[Key, R]:
        return {k: _copy(r) for k, r in sorted(self.rows.items()) if keep(r)}


class FakePlaces(FakeRecords[PlaceRecord]):
    async def children(self, parent_code: str, *, after: str | None, limit: int
                       ) -> list[PlaceRecord]:
        found = self._where(lambda r: r.value.parent_code == parent_code
                            and (after is None or r.value.code > after))
        return list(found.values())[:limit]


class FakeStaff(FakeRecords[StaffRecord]):
    async def naming_as_partner(self, staff_ids: Collection[str]) -> dict[Key, StaffRecord]:
        return self._where(lambda r: r.value.partner_id in staff_ids)

    async def at_station(self, station_code: str) -> list[StaffRecord]:
        return list(self._where(lambda r: r.value.station_code == station_code).values())


class FakeCatalogue:
    def __init__(self) -> None:
        self.rows: dict[tuple[str, int], CatalogueEntry] = {}

    async def get(self, code: str, version: int) -> CatalogueEntry | None:
        entry = self.rows.get((code, version))
        return None if entry is None else copy.copy(entry)

    async def save(self, entry: CatalogueEntry) -> None:
        self.rows[(entry.code, entry.version)] = entry


class FakeCases:
    def __init__(self) -> None:
        self.rows: dict[str, RoutedCase] = {}

    async def add(self, case: RoutedCase) -> bool:
        return self.rows.setdefault(case.number, case) is case

    async def get(self, number: str) -> RoutedCase | None:
        return self.rows.get(number)


class FakeIdempotency:
    def __init__(self) -> None:
        self.keys: dict[tuple[str, str], tuple[str, str | None]] = {}

    async def claim(self, *, principal: str, key: str, fingerprint: str) -> str | None:
        if (principal, key) not in self.keys:
            self.keys[(principal, key)] = (fingerprint, None)
            return None
        stored, result = self.keys[(principal, key)]
        if stored != fingerprint:
            raise InvalidInput(FieldProblem("Idempotency-Key", "different request"))
        return result

    async def complete(self, *, principal: str, key: str, result: str) -> None:
        self.keys[(principal, key)] = (self.keys[(principal, key)][0], result)


class FakeUnitOfWork(UnitOfWork):
    """Shares its stores across transactions, as the database would; commits all or nothing."""

    def __init__(self) -> None:
        self.pending: list[tuple[FakeRecords[Any], MasterRecord[Any]]] = []
        self._places = FakePlaces(self)
        self._stations = FakeRecords[StationRecord](self)
        self._departments = FakeRecords[DepartmentRecord](self)
        self._staff = FakeStaff(self)
        self._matters = FakeCatalogue()
        self._cases = FakeCases()
        self._idempotency = FakeIdempotency()
        self.published: list[EventData] = []
        self.commits = 0
        self.locks = 0

    places = property(lambda self: self._places)
    stations = property(lambda self: self._stations)
    departments = property(lambda self: self._departments)
    staff = property(lambda self: self._staff)
    matters = property(lambda self: self._matters)
    cases = property(lambda self: self._cases)
    idempotency = property(lambda self: self._idempotency)

    async def lock_master_data(self) -> None:
        self.locks += 1

    async def __aenter__(self) -> Self:
        self.pending = []
        return self

    async def __aexit__(self, exc_type: type[BaseException] | None,
                        exc: BaseException | None, tb: TracebackType | None) -> None:
        self.pending = []

    async def commit(self) -> None:
        self.commits += 1
        for store, record in self.pending:
            store.rows[record.value.key] = _copy(record)
            self.published.extend(record.events)
            record.events.clear()
        self.pending = []

    def types(self) -> list[str]:
        """The types of the events published so far."""
        return [event.event_type for event in self.published]


@pytest.fixture
def uow() -> FakeUnitOfWork:
    """A fresh in-memory unit of work."""
    return FakeUnitOfWork()


@pytest.fixture
def routing(uow: FakeUnitOfWork) -> bootstrap.Routing:
    """Routing wired to the fake."""
    return bootstrap.build(RoutingSettings(environment="test"), uow_factory=lambda: uow)
