"""In-memory stand-ins for SLA's ports, and the calendar of the years the package covers."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime
from types import TracebackType
from typing import Self

import pytest

from daiban_kernel.contracts.case import CaseRef
from daiban_kernel.events import EventData
from daiban_sla.adapters.calendar_package import package_arrangements
from daiban_sla.bootstrap import Sla, build
from daiban_sla.domain.calendar import CalendarYear, YearArrangement
from daiban_sla.domain.clock import Clock, Light, stage_key
from daiban_sla.domain.matters import MatterTerms
from daiban_sla.domain.model import TrackedCase
from daiban_sla.domain.working_calendar import WorkingCalendar
from daiban_sla.ports import (
    CalendarStore,
    CaseStore,
    ClockStore,
    DeferredEvent,
    DeferredEventStore,
    LightsPosition,
    MatterStore,
    UnitOfWork,
)
from daiban_sla.settings import SlaSettings


class FakeCases(CaseStore):
    def __init__(self) -> None:
        self.rows: dict[str, TrackedCase] = {}

    async def track(self, case: TrackedCase) -> None:
        kept = self.rows.setdefault(case.number, case)
        kept.submitted_at = kept.submitted_at or case.submitted_at

    async def lock(self, ref: CaseRef) -> TrackedCase:
        kept = self.rows.setdefault(ref.case_number, TrackedCase.referred_to(ref))
        return replace(kept)

    async def save(self, case: TrackedCase) -> None:
        self.rows[case.number] = replace(case)

    async def get(self, number: str) -> TrackedCase | None:
        return self.rows.get(number)


class FakeDeferred(DeferredEventStore):
    def __init__(self) -> None:
        self.rows: dict[tuple[str, int], DeferredEvent] = {}

    async def defer(self, event: DeferredEvent) -> None:
        self.rows.setdefault((event.case_number, event.flow_version), event)

    async def take_next(self, case_number: str, after: int | None) -> DeferredEvent | None:
        waiting = sorted((e for (n, _), e in self.rows.items() if n == case_number),
                         key=lambda e: e.flow_version)
        for event in waiting:
            if (event.flow_version == 1 or event.event_type == "case.routed" if after is None
                    else event.flow_version == after + 1):
                return self.rows.pop((case_number, event.flow_version))
        return None

    async def drop_applied(self, case_number: str, upto: int) -> None:
        for key in [k for k in self.rows if k[0] == case_number and k[1] <= upto]:
            del self.rows[key]


class FakeClocks(ClockStore):
    """Clocks by (case, stage); what a transaction reads are copies, its events published at
    commit."""

    def __init__(self) -> None:
        self.rows: dict[tuple[str, str], Clock] = {}
        self.seen: list[Clock] = []

    def _copies(self, found: list[Clock]) -> list[Clock]:
        copies = [replace(c, events=[]) for c in found]
        self.seen.extend(copies)
        return copies

    async def of_case(self, case_number: str, *, lock: bool) -> list[Clock]:
        return self._copies([c for (n, _), c in self.rows.items() if n == case_number])

    async def save(self, found: Sequence[Clock], *, wake: bool) -> None:
        for clock in found:
            self.rows[(clock.case.case_number, stage_key(clock.stage))] = replace(clock,
                                                                                  events=[])

    async def due(self, now: datetime, *, limit: int) -> list[Clock]:
        due = sorted((c for c in self.rows.values()
                      if c.next_due_at is not None and c.next_due_at <= now),
                     key=lambda c: c.next_due_at or now)
        return self._copies(due[:limit])

    async def stale(self, version: int, *, limit: int) -> list[Clock]:
        return self._copies([c for c in self.rows.values()
                             if (c.stopped_at is None or c.used_days is None)
                             and c.calendar_version < version][:limit])

    async def earliest_due(self) -> datetime | None:
        return min((c.next_due_at for c in self.rows.values() if c.next_due_at), default=None)

    async def open_by_light(self) -> dict[Light, int]:
        counts = dict.fromkeys(Light, 0)
        for clock in self.rows.values():
            if clock.stopped_at is None:
                counts[clock.light] += 1
        return counts

    async def lights(self, place: str, light: Light, *, after: LightsPosition | None,
                     limit: int) -> list[tuple[Clock, str | None]]:
        raise NotImplementedError("the lights list is tested against Postgres")


class FakeCalendar(CalendarStore):
    """Years as committed; a transaction works on copies, as the database would."""

    def __init__(self) -> None:
        self.committed: dict[int, CalendarYear] = {}
        self.committed_version = 0
        self.pending: dict[int, CalendarYear] = {}
        self.pending_version: int | None = None
        self.seen: list[CalendarYear] = []

    async def version(self) -> int:
        return self.committed_version

    async def claim_change(self) -> None:
        self.pending_version = self.committed_version + 1

    async def get(self, year: int) -> CalendarYear | None:
        found = self.pending.get(year) or self.committed.get(year)
        if found is None:
            return None
        copy = replace(found, events=[])
        self.seen.append(copy)
        return copy

    async def all(self) -> list[CalendarYear]:
        return [replace(y, events=[]) for _, y in sorted({**self.committed,
                                                          **self.pending}.items())]

    async def add(self, year: CalendarYear) -> None:
        assert year.year not in self.committed
        self.pending[year.year] = year
        self.seen.append(year)

    async def save(self, year: CalendarYear) -> None:
        self.pending[year.year] = year


class FakeMatters(MatterStore):
    def __init__(self) -> None:
        self.rows: dict[tuple[str, int], MatterTerms] = {}

    async def keep(self, terms: MatterTerms) -> None:
        self.rows[(terms.code, terms.version)] = terms

    async def unpublish(self, code: str, version: int) -> bool:
        if (code, version) not in self.rows:
            return False
        self.rows[(code, version)] = replace(self.rows[(code, version)], published=False)
        return True

    async def get(self, code: str, version: int) -> MatterTerms | None:
        return self.rows.get((code, version))


class FakeUnitOfWork(UnitOfWork):
    """Shares its stores across transactions; a transaction left without commit changes nothing."""

    def __init__(self) -> None:
        self._cases = FakeCases()
        self._calendar = FakeCalendar()
        self._matters = FakeMatters()
        self._clocks = FakeClocks()
        self._deferred = FakeDeferred()
        self.published: list[EventData] = []
        self.commits = 0

    @property
    def cases(self) -> FakeCases:
        return self._cases

    @property
    def calendar(self) -> FakeCalendar:
        return self._calendar

    @property
    def matters(self) -> FakeMatters:
        return self._matters

    @property
    def clocks(self) -> FakeClocks:
        return self._clocks

    @property
    def deferred(self) -> FakeDeferred:
        return self._deferred

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, exc_type: type[BaseException] | None,
                        exc: BaseException | None, tb: TracebackType | None) -> None:
        self._calendar.pending.clear()
        self._calendar.pending_version = None
        self._calendar.seen.clear()
        self._clocks.seen.clear()

    async def commit(self) -> None:
        self.commits += 1
        calendar = self._calendar
        calendar.committed.update(calendar.pending)
        if calendar.pending_version is not None:
            calendar.committed_version = calendar.pending_version
        for year in calendar.seen:
            self.published.extend(year.events)
            year.events.clear()
        calendar.pending.clear()
        calendar.pending_version = None
        calendar.seen.clear()
        for clock in self._clocks.seen:
            self.published.extend(clock.events)
            clock.events.clear()
        self._clocks.seen.clear()


NOW = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)


@pytest.fixture
def uow() -> FakeUnitOfWork:
    """A fresh in-memory unit of work."""
    return FakeUnitOfWork()


@pytest.fixture
def sla(uow: FakeUnitOfWork) -> Sla:
    """SLA wired to the in-memory unit of work; every process check reads the version."""
    return build(SlaSettings(environment="test", calendar_recheck_seconds=0),
                 uow_factory=lambda: uow, now=lambda: NOW)


@pytest.fixture(scope="session")
def package_years() -> list[YearArrangement]:
    """The arrangements of 2004–2026 as the chinese_calendar package has them."""
    return package_arrangements()


@pytest.fixture(scope="session")
def calendar(package_years: list[YearArrangement]) -> WorkingCalendar:
    """The working calendar of the years the package covers."""
    return WorkingCalendar(package_years)
