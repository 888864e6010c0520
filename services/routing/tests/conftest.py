"""What every routing test tree shares: a small county as import files, and the in-memory
stand-ins for routing's repositories (the unit tests' unit of work, and one side of each
repository's contract suite)."""

from __future__ import annotations

import copy
from collections.abc import AsyncIterator, Callable, Collection, Sequence
from datetime import datetime
from functools import partial
from types import TracebackType
from typing import Any, Generic, Self, TypeVar

import pytest

from daiban_common.db import create_engine, session_factory
from daiban_kernel.events import EventData
from daiban_routing.adapters.orm import messaging
from daiban_routing.adapters.uow import PostgresUnitOfWork
from daiban_routing.bootstrap import SOURCE
from daiban_routing.domain.case import RoutedCase
from daiban_routing.domain.catalogue import CatalogueEntry
from daiban_routing.domain.errors import CaseChangedMeanwhile
from daiban_routing.domain.handover import ActionEntry, Handover
from daiban_routing.domain.master_record import Key, MasterRecord
from daiban_routing.domain.places import DepartmentRecord, PlaceRecord, StationRecord
from daiban_routing.domain.route import place_of
from daiban_routing.domain.staff import StaffRecord
from daiban_routing.ports import (
    CaseRepository,
    DepartmentRepository,
    MasterRecordRepository,
    MatterCatalogueRepository,
    PlaceRepository,
    Position,
    StaffRepository,
    StationRepository,
    UnitOfWork,
)
from daiban_routing.settings import RoutingSettings
from tests.support.fakes import FakeUnitOfWork

PLACES = """code,name,parent_code,distance_km,active
{c},示范区,,,true
{c}001,城关街道,{c},1.5,true
{c}001001,城关社区,{c}001,0.8,true
{c}107,汤河口镇,{c},68.0,true
{c}107201,汤河口村,{c}107,2.0,true
{c}107202,二号沟门村,{c}107,20.0,true
"""
DEPARTMENTS = """county_code,code,name,active
{c},CL,区残疾人联合会,true
{c},MZ,区民政局,true
{c},RS,区人力资源和社会保障局,true
"""
STATIONS = """code,place_code,name,phone,supervision_phone,active
{c}-01,{c},区政务服务中心,010-69644000,12388,true
{c}001-01,{c}001,城关街道便民服务中心,,,true
{c}001001-01,{c}001001,城关社区便民服务室,,,true
{c}107-01,{c}107,汤河口镇便民服务中心,010-69600107,010-69641107,true
{c}107201-01,{c}107201,"汤河口村便民服务室, 代办点",,010-69641107,true
{c}107202-01,{c}107202,二号沟门村便民服务室,,010-69641107,true
"""
STAFF = """staff_id,name,phone,role,station_code,skills,partner_id,duty,active,email
{c}-0001,王建国,13800000001,admin,{c}-01,,,on_duty,true,
{c}-0002,李秀英,13800000002,county_coordinator,{c}-01,MZ;RS,{c}-0003,on_duty,true,
{c}-0003,张桂兰,13800000003,county_coordinator,{c}-01,CL;MZ,{c}-0002,on_duty,true,
{c}-0004,杜雪琴,13800000004,town_clerk,{c}107-01,CL;MZ;RS,{c}-0005,on_duty,true,
{c}-0005,刘志强,13800000005,town_clerk,{c}107-01,MZ;RS,{c}-0004,absent,true,
{c}-0006,于国云,13800000006,village_agent,{c}107202-01,MZ;RS,{c}-0007,on_duty,true,yuguoyun@huairou.example
{c}-0007,陈海燕,13800000007,online_agent,{c}107202-01,CL;MZ,{c}-0006,on_duty,true,
{c}-0008,赵立新,13800000008,grid_worker,{c}107202-01,,,on_duty,true,
{c}-0009,孙红梅,13800000009,village_agent,{c}107201-01,MZ;RS,,on_duty,false,
{c}-0010,周丽华,13800000010,department_officer,{c}-01,MZ,{c}-0011,on_duty,true,
{c}-0011,吴文静,13800000011,department_officer,{c}-01,MZ,{c}-0010,on_duty,true,
"""
FILES = {"places": PLACES, "departments": DEPARTMENTS, "stations": STATIONS, "staff": STAFF}
CountyFiles = Callable[[str], dict[str, bytes]]


def county_files_for(county: str) -> dict[str, bytes]:
    """The canonical CSV files of a small county with this 6-digit code, by kind."""
    return {noun: text.format(c=county).encode() for noun, text in FILES.items()}


@pytest.fixture
def county_files() -> CountyFiles:
    """Builds the canonical CSV files of a small county (two towns, three villages)."""
    return county_files_for


# ------------------------------------------------------------------------------------ fakes

R = TypeVar("R", bound=MasterRecord[Any])


def _copy(record: R) -> R:
    twin = copy.copy(record)
    twin.events = []
    return twin


class FakeRecords(MasterRecordRepository[R], Generic[R]):
    """One kind of record; changes become visible only when the unit of work commits."""

    def __init__(self, uow: FakeRoutingUnitOfWork) -> None:
        self._uow = uow
        self.rows: dict[Key, R] = {}

    async def get(self, key: Key) -> R | None:
        return (await self.get_many([key])).get(key)

    async def get_many(self, keys: Collection[Key]) -> dict[Key, R]:
        return {k: _copy(self.rows[k]) for k in sorted(keys) if k in self.rows}

    async def under(self, prefixes: Collection[str]) -> dict[Key, R]:
        return self._where(lambda r: any(r.value.place_code.startswith(p) for p in prefixes))

    async def page(self, prefix: str, *, after: Key | None, limit: int) -> list[R]:
        found = self._where(lambda r: r.value.place_code.startswith(prefix)
                            and (after is None or r.value.key > after))
        return list(found.values())[:limit]

    async def save(self, records: Sequence[R]) -> None:
        for record in records:
            self._uow.pending.append((self, record))
            self._uow.seen.append(record)

    def _where(self, keep: Callable[[R], bool]) -> dict[Key, R]:
        return {k: _copy(r) for k, r in sorted(self.rows.items()) if keep(r)}


class FakePlaces(FakeRecords[PlaceRecord], PlaceRepository):
    async def children(self, parent_code: str, *, after: str | None, limit: int
                       ) -> list[PlaceRecord]:
        found = self._where(lambda r: r.value.parent_code == parent_code
                            and (after is None or r.value.code > after))
        return list(found.values())[:limit]


class FakeStations(FakeRecords[StationRecord], StationRepository):
    pass


class FakeDepartments(FakeRecords[DepartmentRecord], DepartmentRepository):
    pass


class FakeStaff(FakeRecords[StaffRecord], StaffRepository):
    async def naming_as_partner(self, staff_ids: Collection[str]) -> dict[Key, StaffRecord]:
        return self._where(lambda r: r.value.partner_id in staff_ids)

    async def at_station(self, station_code: str) -> list[StaffRecord]:
        return list(self._where(lambda r: r.value.station_code == station_code).values())

    async def at_place(self, place_code: str) -> list[StaffRecord]:
        return list(self._where(lambda r: r.value.place_code == place_code).values())


class FakeCatalogue(MatterCatalogueRepository):
    def __init__(self) -> None:
        self.rows: dict[tuple[str, int], CatalogueEntry] = {}

    async def get(self, code: str, version: int) -> CatalogueEntry | None:
        entry = self.rows.get((code, version))
        return None if entry is None else copy.copy(entry)

    async def save(self, entry: CatalogueEntry) -> None:
        self.rows[(entry.code, entry.version)] = copy.copy(entry)


NOT_OPEN = ("submitted", "closed")


class FakeCases(CaseRepository):
    """Cases as the database keeps them: copies in, copies out, the version checked on save."""

    def __init__(self, seen: list[Any]) -> None:
        self.rows: dict[str, RoutedCase] = {}
        self.handovers: dict[str, tuple[Handover, str]] = {}
        self.ledger: dict[str, list[ActionEntry]] = {}
        self._seen = seen

    def _keep(self, case: RoutedCase) -> None:
        for handover in case.touched:
            self.handovers[handover.handover_id] = (copy.copy(handover), case.village_code)
        case.touched.clear()
        self.ledger.setdefault(case.number, []).extend(case.actions)
        case.actions.clear()
        kept = copy.copy(case)
        kept.events, kept.actions, kept.touched = [], [], []
        kept.handover = None if case.handover is None else copy.copy(case.handover)
        self.rows[case.number] = kept

    async def add(self, case: RoutedCase) -> bool:
        if case.number in self.rows:
            return False
        self._keep(case)
        self._seen.append(case)
        return True

    async def get(self, number: str) -> RoutedCase | None:
        kept = self.rows.get(number)
        if kept is None:
            return None
        case = copy.copy(kept)
        case.events, case.actions, case.touched = [], [], []
        latest = sorted((h for h, _ in self.handovers.values() if h.case_number == number),
                        key=lambda h: (h.handed_at, h.handover_id))
        case.handover = copy.copy(latest[-1]) if latest else None
        self._seen.append(case)
        return case

    async def save(self, case: RoutedCase, *, expected_version: int) -> None:
        kept = self.rows.get(case.number)
        if kept is None or kept.version != expected_version:
            raise CaseChangedMeanwhile(
                f"case {case.number} changed since version {expected_version}")
        self._keep(case)

    def _open(self) -> list[RoutedCase]:
        return [c for c in self.rows.values() if c.state.value not in NOT_OPEN]

    async def workload(self, staff_ids: Collection[str]) -> dict[str, int]:
        counts: dict[str, int] = {}
        for case in self._open():
            if case.holder is not None and case.holder.staff_id in staff_ids:
                counts[case.holder.staff_id] = counts.get(case.holder.staff_id, 0) + 1
        return counts

    async def held_by(self, staff_id: str) -> list[str]:
        return sorted(c.number for c in self._open()
                      if c.holder is not None and c.holder.staff_id == staff_id)

    async def work_list(self, *, assignee: str | None = None, station: str | None = None,
                        place: str | None = None, after: Position | None, limit: int
                        ) -> list[RoutedCase]:
        def keep(c: RoutedCase) -> bool:
            holder = c.holder
            return ((assignee is None or (holder is not None and holder.staff_id == assignee))
                    and (station is None
                         or (holder is not None and holder.station_code == station))
                    and (place is None or c.place_code.startswith(place))
                    and (after is None or (c.since, c.number) > after))
        found = sorted((c for c in self._open() if keep(c)), key=lambda c: (c.since, c.number))
        return [copy.copy(c) for c in found[:limit]]

    async def pending_handovers(self, place: str, *, after: Position | None, limit: int
                                ) -> list[Handover]:
        found = sorted((h for h, village in self.handovers.values()
                        if h.pending and place_of(h.to_tier, village).startswith(place)
                        and (after is None or (h.handed_at, h.handover_id) > after)),
                       key=lambda h: (h.handed_at, h.handover_id))
        return [copy.copy(h) for h in found[:limit]]

    async def awaiting_reminder(self, *, since: datetime, limit: int) -> list[str]:
        found = sorted((h for h, _ in self.handovers.values()
                        if h.pending and (h.reminded_at or h.handed_at) <= since),
                       key=lambda h: h.handed_at)
        return [h.case_number for h in found[:limit]]

    async def handover(self, handover_id: str) -> Handover | None:
        found = self.handovers.get(handover_id)
        return None if found is None else copy.copy(found[0])

    async def history(self, number: str) -> list[ActionEntry]:
        return list(self.ledger.get(number, []))


class FakeRoutingUnitOfWork(FakeUnitOfWork, UnitOfWork):
    """Shares its stores across transactions, as the database would; master data commits all
    or nothing."""

    def __init__(self) -> None:
        super().__init__()
        self.pending: list[tuple[FakeRecords[Any], MasterRecord[Any]]] = []
        self._places = FakePlaces(self)
        self._stations = FakeStations(self)
        self._departments = FakeDepartments(self)
        self._staff = FakeStaff(self)
        self._matters = FakeCatalogue()
        self._cases = FakeCases(self.seen)
        self.locks = 0

    @property
    def places(self) -> FakePlaces:
        return self._places

    @property
    def stations(self) -> FakeStations:
        return self._stations

    @property
    def departments(self) -> FakeDepartments:
        return self._departments

    @property
    def staff(self) -> FakeStaff:
        return self._staff

    @property
    def matters(self) -> FakeCatalogue:
        return self._matters

    @property
    def cases(self) -> FakeCases:
        return self._cases

    @property
    def published(self) -> list[EventData]:
        """Every event committed so far."""
        return self.committed

    async def lock_master_data(self) -> None:
        self.locks += 1

    async def __aenter__(self) -> Self:
        self.pending = []
        self.seen.clear()
        return await super().__aenter__()

    async def __aexit__(self, exc_type: type[BaseException] | None,
                        exc: BaseException | None, tb: TracebackType | None) -> None:
        await super().__aexit__(exc_type, exc, tb)
        self.pending = []
        self.seen.clear()

    async def commit(self) -> list[EventData]:
        for store, record in self.pending:
            store.rows[record.value.key] = _copy(record)
        self.pending = []
        return await super().commit()

    def types(self) -> list[str]:
        """The types of the events published so far."""
        return [event.event_type for event in self.published]


@pytest.fixture
def uow() -> FakeRoutingUnitOfWork:
    """A fresh in-memory unit of work."""
    return FakeRoutingUnitOfWork()


@pytest.fixture(params=["fake", "postgres"])
async def units(request: pytest.FixtureRequest, uow: FakeRoutingUnitOfWork,
                env: dict[str, str]) -> AsyncIterator[Callable[[], UnitOfWork]]:
    """Where a repository contract runs: the in-memory fakes, or Postgres; a fresh unit of work
    on each call."""
    if request.param == "fake":
        yield lambda: uow
        return
    engine = create_engine(RoutingSettings.model_validate(env))
    yield partial(PostgresUnitOfWork, session_factory(engine), tables=messaging, source=SOURCE)
    await engine.dispose()
