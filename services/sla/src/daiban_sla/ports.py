"""What SLA's handlers need from outside: the repositories on one unit of work, and the statutory
holidays of the years not loaded yet. The adapters and the test fakes both provide them; each
repository port has one contract test suite run against both."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from daiban_common.ports import UnitOfWorkPort
from daiban_kernel.contracts.case import CaseRef
from daiban_sla.domain.calendar_year import CalendarYear
from daiban_sla.domain.clock import Clock, Light
from daiban_sla.domain.complaint_clock import ComplaintClock
from daiban_sla.domain.matter_terms import MatterTerms
from daiban_sla.domain.tracked_case import TrackedCase
from daiban_sla.domain.year_arrangement import YearArrangement

LightsPosition = tuple[str, str, str]
"""Where a page of lights ended: village code, case number, stage key."""


@dataclass(frozen=True)
class FinishedCase:
    """A case whose result was delivered, as the public board shows it: no full name."""

    case_number: str
    village_code: str
    matter_name: str | None
    applicant_masked: str | None
    finished_at: datetime
    on_time: bool | None
    """Whether the whole case kept its limit; None while its deadline is provisional."""


@dataclass(frozen=True)
class OnTimeFigures:
    """Cases delivered in a period, and how many of them kept their limit (or did not; the rest
    are not known yet, their deadline being provisional)."""

    finished: int
    on_time: int
    late: int


@dataclass(frozen=True)
class DeferredEvent:
    """A relay event kept until the one before it applied: its type and its data as JSON."""

    case_number: str
    flow_version: int
    event_type: str
    data: dict[str, Any]


class TrackedCaseRepository(Protocol):
    """The cases SLA keeps time for; a case's row is its lock."""

    async def track(self, case: TrackedCase) -> None:
        """Remember a submitted case; a second report of it keeps the first submission time."""
        ...

    async def lock(self, ref: CaseRef) -> TrackedCase:
        """The case, created if unheard of, locked until the transaction ends."""
        ...

    async def save(self, case: TrackedCase) -> None:
        """Store what changed in a case (it was locked in this transaction)."""
        ...

    async def get(self, number: str) -> TrackedCase | None:
        """The case, or None."""
        ...


class DeferredEventRepository(Protocol):
    """Relay events that came before their turn."""

    async def defer(self, event: DeferredEvent) -> None:
        """Keep an event until its turn; the same version twice is kept once (the first)."""
        ...

    async def take_next(self, case_number: str, after: int | None) -> DeferredEvent | None:
        """The waiting event of version ``after + 1`` (with ``after`` None: version 1 or the
        route), removed; None if it has not come."""
        ...

    async def drop_applied(self, case_number: str, upto: int) -> None:
        """Forget the case's waiting events of versions up to ``upto``."""
        ...


class ClockRepository(Protocol):
    """The clocks, a row per (case, stage); every clock read is tracked for its events."""

    async def of_case(self, case_number: str, *, lock: bool) -> list[Clock]:
        """A case's clocks, locked for this transaction when ``lock``."""
        ...

    async def save(self, found: Sequence[Clock], *, wake: bool) -> None:
        """Insert or replace clocks; ``wake`` tells the sweepers at commit."""
        ...

    async def due(self, now: datetime, *, limit: int) -> list[Clock]:
        """Clocks whose next moment has come, earliest first, locked; those another transaction
        holds are skipped."""
        ...

    async def stale(self, version: int, *, limit: int) -> list[Clock]:
        """Clocks computed with a calendar older than ``version`` that a recomputation can
        change: open ones, and stopped ones whose statistics are not known yet."""
        ...

    async def earliest_due(self) -> datetime | None:
        """The next moment any clock falls due."""
        ...

    async def open_by_light(self) -> dict[Light, int]:
        """Open clocks by the light last fired (every light present, 0 when none)."""
        ...

    async def lights(self, place: str, light: Light, *, after: LightsPosition | None,
                     limit: int) -> list[tuple[Clock, str | None]]:
        """Open clocks of this light for cases whose village lies under ``place``, by village,
        case and stage, after ``after``, with their matter's name."""
        ...

    async def finished(self, place: str, *, limit: int) -> list[FinishedCase]:
        """The latest cases under ``place`` whose result was delivered (their whole-case clock
        stopped on delivery), newest first."""
        ...

    async def on_time_since(self, place: str, since: datetime) -> OnTimeFigures:
        """The cases under ``place`` delivered at or after ``since``, and how many were on time."""
        ...


class ComplaintClockRepository(Protocol):
    """The complaints' clocks, a row per complaint."""

    async def start(self, clock: ComplaintClock) -> None:
        """Keep a new complaint's clock; a second report of it keeps the first."""
        ...

    async def get(self, complaint_id: str, *, lock: bool = False) -> ComplaintClock | None:
        """A complaint's clock (locked for this transaction when ``lock``), or None."""
        ...

    async def save(self, clock: ComplaintClock) -> None:
        """Store what changed in a clock (locked in this transaction)."""
        ...

    async def due(self, now: datetime, *, limit: int) -> list[ComplaintClock]:
        """Clocks due by ``now``, earliest first, locked; rows another transaction holds are
        skipped."""
        ...


class CalendarRepository(Protocol):
    """The loaded years of the working-day calendar and its change counter."""

    async def version(self) -> int:
        """A number that changes with every committed change of the calendar."""
        ...

    async def claim_change(self) -> None:
        """Take the calendar's change lock for this transaction and move its version on."""
        ...

    async def get(self, year: int) -> CalendarYear | None:
        """A loaded year, or None."""
        ...

    async def all(self) -> list[CalendarYear]:
        """Every loaded year, in order."""
        ...

    async def add(self, year: CalendarYear) -> None:
        """Store a year loaded for the first time."""
        ...

    async def save(self, year: CalendarYear) -> None:
        """Replace a loaded year's arrangement."""
        ...


class MatterRepository(Protocol):
    """The read model of the matter catalogue: every version heard of."""

    async def keep(self, terms: MatterTerms) -> None:
        """Insert or replace a version's terms."""
        ...

    async def unpublish(self, code: str, version: int) -> bool:
        """Mark a version unpublished; False when it was never heard of."""
        ...

    async def get(self, code: str, version: int) -> MatterTerms | None:
        """A version's terms, or None."""
        ...


class StatutoryHolidays(Protocol):
    """The statutory holidays (法定节假日) of a year, known before its arrangement is published."""

    def of_year(self, year: int) -> YearArrangement:
        """The year's statutory holidays (and their days off in lieu where the rule gives
        them), with no make-up working day: those come only with the State Council's notice."""
        ...


class UnitOfWork(UnitOfWorkPort, Protocol):
    """One transaction over SLA's repositories."""

    @property
    def cases(self) -> TrackedCaseRepository: ...
    @property
    def clocks(self) -> ClockRepository: ...
    @property
    def complaints(self) -> ComplaintClockRepository: ...
    @property
    def deferred(self) -> DeferredEventRepository: ...
    @property
    def calendar(self) -> CalendarRepository: ...
    @property
    def matters(self) -> MatterRepository: ...
