"""In-memory stand-ins for routing's ports, for unit tests of the domain and the handlers."""

from __future__ import annotations

import copy
from collections.abc import Callable, Collection, Sequence
from datetime import UTC, datetime
from types import TracebackType
from typing import Any, ClassVar, Generic, Self, TypeVar

import pytest

from daiban_kernel.contracts.matter import Tier
from daiban_kernel.events import EventData
from daiban_kernel.roles import Role
from daiban_routing import bootstrap
from daiban_routing.domain.catalogue import CatalogueEntry
from daiban_routing.domain.handover import ActionEntry, Actor, Handover
from daiban_routing.domain.model import RoutedCase
from daiban_routing.domain.places import DepartmentRecord, PlaceRecord, StationRecord
from daiban_routing.domain.records import Key, MasterRecord
from daiban_routing.domain.route import Choice, Route
from daiban_routing.domain.staff import StaffMember, StaffRecord
from daiban_routing.ports import Position, UnitOfWork
from daiban_routing.settings import RoutingSettings
from tests.support.fakes import FakeIdempotency

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

    async def at_place(self, place_code: str) -> list[StaffRecord]:
        return list(self._where(lambda r: r.value.place_code == place_code).values())


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

    async def save(self, case: RoutedCase, *, expected_version: int) -> None:
        self.rows[case.number] = case

    async def workload(self, staff_ids: Collection[str]) -> dict[str, int]:
        return {}

    async def held_by(self, staff_id: str) -> list[str]:
        return [n for n, c in self.rows.items()
                if c.is_open and c.holder is not None and c.holder.staff_id == staff_id]

    async def work_list(self, *, assignee: str | None = None, station: str | None = None,
                        place: str | None = None, after: Position | None, limit: int
                        ) -> list[RoutedCase]:
        return []

    async def pending_handovers(self, place: str, *, after: Position | None, limit: int
                                ) -> list[Handover]:
        return []

    async def handover(self, handover_id: str) -> Handover | None:
        return None

    async def history(self, number: str) -> list[ActionEntry]:
        return []




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


class RelayKit:
    """A village's case, its route, and staff at each tier, for tests of the pure flow."""

    VILLAGE = "110116107202"
    STATIONS: ClassVar[dict[Tier, str]] = {
        Tier.VILLAGE: "110116107202-01", Tier.TOWN: "110116107-01",
        Tier.COUNTY: "110116-01", Tier.DEPARTMENT: "110116-01"}
    ROLES: ClassVar[dict[Tier, Role]] = {
        Tier.VILLAGE: Role.VILLAGE_AGENT, Tier.TOWN: Role.TOWN_CLERK,
        Tier.COUNTY: Role.COUNTY_COORDINATOR, Tier.DEPARTMENT: Role.DEPARTMENT_OFFICER}
    AT = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)

    def route(self, deciding: Tier, *, timeout: tuple[Tier, ...] = ()) -> Route:
        """The route of a YB matter decided at ``deciding``."""
        order = (Tier.VILLAGE, Tier.TOWN, Tier.COUNTY, Tier.DEPARTMENT)
        return Route(order[:order.index(deciding) + 1], deciding, "YB", timeout)

    def member(self, tier: Tier, n: int = 1, **changes: Any) -> StaffMember:
        """A trained, on-duty member at the tier's station."""
        values: dict[str, Any] = {
            "staff_id": f"{tier.value}-{n}", "name": "张三", "phone": "13800000000",
            "role": self.ROLES[tier], "station_code": self.STATIONS[tier],
            "skills": ("MZ", "YB")}
        return StaffMember(**{**values, **changes})

    def actor(self, tier: Tier, n: int = 1) -> Actor:
        """A member of the tier acting at its place."""
        m = self.member(tier, n)
        return Actor(staff_id=m.staff_id, role=m.role, place=m.place_code)

    def choice(self, tier: Tier, n: int = 1) -> Choice:
        return Choice(self.member(tier, n), "initial")

    def case(self, number: str = "110116-20261125-000001") -> RoutedCase:
        """A submitted case of the village."""
        return RoutedCase.arrive(number=number, matter_code="YB-001", village_code=self.VILLAGE,
                                 at=self.AT)

    def accepted(self, route: Route) -> RoutedCase:
        case = self.case()
        case.accept(route, by=self.actor(Tier.VILLAGE), at=self.AT,
                    holder=self.choice(Tier.VILLAGE))
        return case


@pytest.fixture
def kit() -> RelayKit:
    """Builders for tests of the relay's pure domain."""
    return RelayKit()
