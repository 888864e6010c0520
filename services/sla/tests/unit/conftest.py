"""In-memory stand-ins for SLA's ports, and the calendar of the years the package covers."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from types import TracebackType
from typing import Self

import pytest

from daiban_common.events import EventData
from daiban_sla.adapters.calendar_package import package_arrangements
from daiban_sla.bootstrap import Sla, build
from daiban_sla.domain.calendar import CalendarYear, YearArrangement
from daiban_sla.domain.matters import MatterTerms
from daiban_sla.domain.model import TrackedCase
from daiban_sla.domain.working_calendar import WorkingCalendar
from daiban_sla.ports import CalendarStore, CaseStore, MatterStore, UnitOfWork
from daiban_sla.settings import SlaSettings


class FakeCases(CaseStore):
    def __init__(self) -> None:
        self.rows: dict[str, TrackedCase] = {}

    async def track(self, case: TrackedCase) -> None:
        self.rows.setdefault(case.number, case)

    async def get(self, number: str) -> TrackedCase | None:
        return self.rows.get(number)


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

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, exc_type: type[BaseException] | None,
                        exc: BaseException | None, tb: TracebackType | None) -> None:
        self._calendar.pending.clear()
        self._calendar.pending_version = None
        self._calendar.seen.clear()

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
