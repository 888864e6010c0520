"""What routing's handlers need from outside: the repositories on one unit of work, and the
codec of master-data files. The Postgres adapters and the test fakes both provide them; each
repository port has one contract test suite run against both (tests/contract)."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any, Protocol, TypeVar

from daiban_common.ports import UnitOfWorkPort
from daiban_routing.domain.case import RoutedCase
from daiban_routing.domain.catalogue import CatalogueEntry
from daiban_routing.domain.handover import ActionEntry, Handover
from daiban_routing.domain.master_record import Key, MasterRecord
from daiban_routing.domain.places import DepartmentRecord, PlaceRecord, StationRecord
from daiban_routing.domain.sheet import Cell, Column, Sheet, SheetFormat
from daiban_routing.domain.staff import StaffRecord

R = TypeVar("R", bound=MasterRecord[Any])
Position = tuple[datetime, str]
"""Where a page of a list ends: (time, number or id)."""


class MasterRecordRepository(Protocol[R]):
    """One kind of master data, by key; ``prefix`` filters on the place a record belongs to.
    Saved records are tracked for their events."""

    async def get(self, key: Key) -> R | None:
        """The record with this key, or None."""
        ...

    async def get_many(self, keys: Collection[Key]) -> dict[Key, R]:
        """The records of these keys that exist."""
        ...

    async def under(self, prefixes: Collection[str]) -> dict[Key, R]:
        """Every record belonging to a place that starts with one of the prefixes."""
        ...

    async def page(self, prefix: str, *, after: Key | None, limit: int) -> list[R]:
        """Records under a place, in key order, after a key."""
        ...

    async def save(self, records: Sequence[R]) -> None:
        """Insert or update the records."""
        ...


class PlaceRepository(MasterRecordRepository[PlaceRecord], Protocol):
    """The division tree."""

    async def children(self, parent_code: str, *, after: str | None, limit: int
                       ) -> list[PlaceRecord]:
        """A page of the places one tier below a place, in code order."""
        ...


class StationRepository(MasterRecordRepository[StationRecord], Protocol):
    """The stations at the tree's places."""


class DepartmentRepository(MasterRecordRepository[DepartmentRecord], Protocol):
    """The counties' departments."""


class StaffRepository(MasterRecordRepository[StaffRecord], Protocol):
    """Staff members, with who names whom as A/B partner."""

    async def naming_as_partner(self, staff_ids: Collection[str]) -> dict[Key, StaffRecord]:
        """The members whose partner is one of these."""
        ...

    async def at_station(self, station_code: str) -> list[StaffRecord]:
        """Everyone registered at a station, in id order."""
        ...

    async def at_place(self, place_code: str) -> list[StaffRecord]:
        """Everyone registered at the stations of one place, in id order."""
        ...


class MatterCatalogueRepository(Protocol):
    """The read model of the matter catalogue: every version heard of."""

    async def get(self, code: str, version: int) -> CatalogueEntry | None:
        """The entry of one matter version, locked for this transaction, or None."""
        ...

    async def save(self, entry: CatalogueEntry) -> None:
        """Insert or replace the entry."""
        ...


class CaseRepository(Protocol):
    """Cases in the relay, their handovers and their ledgers; loaded cases are tracked."""

    async def add(self, case: RoutedCase) -> bool:
        """Insert a case; False if it was known already (nothing is written then)."""
        ...

    async def get(self, number: str) -> RoutedCase | None:
        """The case with this number and its latest handover, or None."""
        ...

    async def save(self, case: RoutedCase, *, expected_version: int) -> None:
        """Write a changed case, unless someone changed it since version ``expected_version``
        (``CaseChangedMeanwhile`` then)."""
        ...

    async def workload(self, staff_ids: Collection[str]) -> dict[str, int]:
        """How many open cases each member holds (members holding none are left out)."""
        ...

    async def held_by(self, staff_id: str) -> list[str]:
        """The numbers of the open cases a member holds, in order."""
        ...

    async def work_list(self, *, assignee: str | None = None, station: str | None = None,
                        place: str | None = None, after: Position | None, limit: int
                        ) -> list[RoutedCase]:
        """Open cases held by a member, at a station, or at and under a place, oldest first."""
        ...

    async def pending_handovers(self, place: str, *, after: Position | None, limit: int
                                ) -> list[Handover]:
        """Handovers awaiting receipt at and under a place, the longest waiting first."""
        ...

    async def awaiting_reminder(self, *, since: datetime, limit: int) -> list[str]:
        """Cases whose pending handover was handed over (or last reminded) before ``since``."""
        ...

    async def handover(self, handover_id: str) -> Handover | None:
        """One handover by its id, or None."""
        ...

    async def history(self, number: str) -> list[ActionEntry]:
        """The case's ledger, in order."""
        ...


class SheetFiles(Protocol):
    """The codec of master-data files (CSV, JSON)."""

    def read(self, body: bytes, fmt: SheetFormat, columns: Sequence[Column]) -> Sheet:
        """Parse a file into rows of typed cells, naming every malformed row and cell."""
        ...

    def write(self, rows: Iterable[Mapping[str, Cell]], fmt: SheetFormat,
              columns: Sequence[Column]) -> bytes:
        """The canonical file of these rows (already in key order)."""
        ...


class UnitOfWork(UnitOfWorkPort, Protocol):
    """One transaction over routing's repositories."""

    @property
    def places(self) -> PlaceRepository: ...
    @property
    def stations(self) -> StationRepository: ...
    @property
    def departments(self) -> DepartmentRepository: ...
    @property
    def staff(self) -> StaffRepository: ...
    @property
    def matters(self) -> MatterCatalogueRepository: ...
    @property
    def cases(self) -> CaseRepository: ...

    async def lock_master_data(self) -> None:
        """Serialise changes to master data until the transaction ends."""
        ...
