"""What SLA's handlers need from storage; the adapters and the test fakes both provide it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from daiban_common.ports import UnitOfWorkPort
from daiban_kernel.contracts.case import CaseRef
from daiban_sla.domain.calendar import CalendarYear
from daiban_sla.domain.clock import Clock, Light
from daiban_sla.domain.matters import MatterTerms
from daiban_sla.domain.model import TrackedCase

LightsPosition = tuple[str, str, str]
"""Where a page of lights ended: village code, case number, stage key."""


@dataclass(frozen=True)
class DeferredEvent:
    """A relay event kept until the one before it applied: its type and its data as JSON."""

    case_number: str
    flow_version: int
    event_type: str
    data: dict[str, Any]


class CaseStore(Protocol):
    async def track(self, case: TrackedCase) -> None: ...
    async def lock(self, ref: CaseRef) -> TrackedCase:
        """The case, created if unheard of, locked until the transaction ends."""
        ...

    async def save(self, case: TrackedCase) -> None: ...
    async def get(self, number: str) -> TrackedCase | None: ...


class DeferredEventStore(Protocol):
    async def defer(self, event: DeferredEvent) -> None: ...
    async def take_next(self, case_number: str, after: int | None) -> DeferredEvent | None:
        """The waiting event of version ``after + 1`` (with ``after`` None: version 1 or the
        route), removed; None if it has not come."""
        ...

    async def drop_applied(self, case_number: str, upto: int) -> None: ...


class ClockStore(Protocol):
    async def of_case(self, case_number: str, *, lock: bool) -> list[Clock]: ...
    async def save(self, found: Sequence[Clock], *, wake: bool) -> None: ...
    async def due(self, now: datetime, *, limit: int) -> list[Clock]:
        """Due clocks, locked; those another transaction holds are skipped."""
        ...

    async def stale(self, version: int, *, limit: int) -> list[Clock]: ...
    async def earliest_due(self) -> datetime | None: ...
    async def open_by_light(self) -> dict[Light, int]: ...
    async def lights(self, place: str, light: Light, *, after: LightsPosition | None,
                     limit: int) -> list[tuple[Clock, str | None]]: ...


class CalendarStore(Protocol):
    async def version(self) -> int:
        """A number that changes with every committed change of the calendar."""
        ...

    async def claim_change(self) -> None:
        """Take the calendar's change lock for this transaction and move its version on."""
        ...

    async def get(self, year: int) -> CalendarYear | None: ...
    async def all(self) -> list[CalendarYear]: ...
    async def add(self, year: CalendarYear) -> None: ...
    async def save(self, year: CalendarYear) -> None: ...


class MatterStore(Protocol):
    async def keep(self, terms: MatterTerms) -> None: ...
    async def unpublish(self, code: str, version: int) -> bool: ...
    async def get(self, code: str, version: int) -> MatterTerms | None: ...


class UnitOfWork(UnitOfWorkPort, Protocol):
    @property
    def cases(self) -> CaseStore: ...
    @property
    def clocks(self) -> ClockStore: ...
    @property
    def deferred(self) -> DeferredEventStore: ...
    @property
    def calendar(self) -> CalendarStore: ...
    @property
    def matters(self) -> MatterStore: ...

