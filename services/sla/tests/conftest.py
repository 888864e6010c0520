"""What every SLA test tree shares: the in-memory stand-ins for SLA's repositories (the unit tests'
unit of work, and one side of each repository's contract suite), and a database of each test's own.

The calendar is global state: a year is loaded or it is not, and random ids cannot keep tests
apart. So each database test gets a copy of a template database, made once per session, with
sla's schema at head and 2004–2026 loaded by ``seed``; 2027 is never loaded there.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Callable, Iterator, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from functools import partial
from types import TracebackType
from typing import Self

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from daiban_common.db import create_engine, session_factory
from daiban_common.migrations import upgrade
from daiban_kernel.contracts.case import CaseRef
from daiban_kernel.events import EventData
from daiban_sla.adapters.orm import SCHEMA, messaging
from daiban_sla.adapters.uow import PostgresUnitOfWork
from daiban_sla.bootstrap import SOURCE
from daiban_sla.domain.calendar_year import CalendarYear
from daiban_sla.domain.clock import DELIVERED, Clock, Light, stage_key
from daiban_sla.domain.complaint_clock import ComplaintClock
from daiban_sla.domain.matter_terms import MatterTerms
from daiban_sla.domain.tracked_case import TrackedCase
from daiban_sla.ports import (
    CalendarRepository,
    ClockRepository,
    ComplaintClockRepository,
    DeferredEvent,
    DeferredEventRepository,
    FinishedCase,
    LightsPosition,
    MatterRepository,
    OnTimeFigures,
    TrackedCaseRepository,
    UnitOfWork,
)
from daiban_sla.seed import seed
from daiban_sla.settings import SlaSettings
from tests.support.databases import database_url, run_admin_sql
from tests.support.fakes import FakeUnitOfWork

MIN = datetime.min.replace(tzinfo=UTC)
"""Stands for a stopped_at that the filter has already required."""

# ------------------------------------------------------------------------------------ fakes


class FakeTrackedCases(TrackedCaseRepository):
    def __init__(self) -> None:
        self.rows: dict[str, TrackedCase] = {}

    async def track(self, case: TrackedCase) -> None:
        kept = self.rows.setdefault(case.number, replace(case))
        kept.submitted_at = kept.submitted_at or case.submitted_at
        kept.applicant_masked = kept.applicant_masked or case.applicant_masked

    async def lock(self, ref: CaseRef) -> TrackedCase:
        return replace(self.rows.setdefault(ref.case_number, TrackedCase.referred_to(ref)))

    async def save(self, case: TrackedCase) -> None:
        self.rows[case.number] = replace(case)

    async def get(self, number: str) -> TrackedCase | None:
        found = self.rows.get(number)
        return None if found is None else replace(found)


class FakeDeferredEvents(DeferredEventRepository):
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


class FakeClocks(ClockRepository):
    """Clocks by (case, stage); what a transaction reads are copies, tracked for their events."""

    def __init__(self, seen: list[object], matters: FakeMatters,
                 cases: FakeTrackedCases) -> None:
        self.rows: dict[tuple[str, str], Clock] = {}
        self._seen = seen
        self._matters = matters
        self._cases = cases

    def _copies(self, found: list[Clock]) -> list[Clock]:
        copies = [replace(c, events=[]) for c in found]
        self._seen.extend(copies)
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
                             if (c.stopped_at is None or c.used_days is None
                                 or c.on_time is None)
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
        def key(c: Clock) -> LightsPosition:
            return (c.case.village_code, c.case.case_number, stage_key(c.stage))

        found = sorted((c for c in self.rows.values()
                        if c.stopped_at is None and c.light is light
                        and c.case.village_code.startswith(place)
                        and (after is None or key(c) > after)), key=key)[:limit]
        return [(c, self._matters.name_of(c.case)) for c in self._copies(found)]

    def _delivered_under(self, place: str) -> list[Clock]:
        return [c for c in self.rows.values()
                if c.stage is None and c.stop_reason == DELIVERED and c.stopped_at is not None
                and c.case.village_code.startswith(place)]

    async def finished(self, place: str, *, limit: int) -> list[FinishedCase]:
        found = sorted(self._delivered_under(place),
                       key=lambda c: (-(c.stopped_at or MIN).timestamp(), c.case.case_number))
        return [FinishedCase(
            case_number=c.case.case_number, village_code=c.case.village_code,
            matter_name=self._matters.name_of(c.case),
            applicant_masked=(case.applicant_masked
                              if (case := self._cases.rows.get(c.case.case_number)) else None),
            finished_at=c.stopped_at or MIN, on_time=c.on_time) for c in found[:limit]]

    async def on_time_since(self, place: str, since: datetime) -> OnTimeFigures:
        found = [c for c in self._delivered_under(place) if (c.stopped_at or MIN) >= since]
        return OnTimeFigures(finished=len(found),
                             on_time=sum(c.on_time is True for c in found),
                             late=sum(c.on_time is False for c in found))


class FakeComplaintClocks(ComplaintClockRepository):
    def __init__(self) -> None:
        self.rows: dict[str, ComplaintClock] = {}

    async def start(self, clock: ComplaintClock) -> None:
        self.rows.setdefault(clock.complaint_id, replace(clock))

    async def get(self, complaint_id: str, *, lock: bool = False) -> ComplaintClock | None:
        found = self.rows.get(complaint_id)
        return None if found is None else replace(found)

    async def save(self, clock: ComplaintClock) -> None:
        self.rows[clock.complaint_id] = replace(clock)

    async def due(self, now: datetime, *, limit: int) -> list[ComplaintClock]:
        found = sorted((c for c in self.rows.values() if c.due_at is not None and c.due_at <= now),
                       key=lambda c: c.due_at or now)
        return [replace(c) for c in found[:limit]]


class FakeCalendar(CalendarRepository):
    """Years as committed; a transaction works on copies, as the database would."""

    def __init__(self, seen: list[object]) -> None:
        self.committed: dict[int, CalendarYear] = {}
        self.committed_version = 0
        self.pending: dict[int, CalendarYear] = {}
        self.pending_version: int | None = None
        self._seen = seen

    async def version(self) -> int:
        return self.committed_version

    async def claim_change(self) -> None:
        self.pending_version = self.committed_version + 1

    async def get(self, year: int) -> CalendarYear | None:
        found = self.pending.get(year) or self.committed.get(year)
        if found is None:
            return None
        copy = replace(found, events=[])
        self._seen.append(copy)
        return copy

    async def all(self) -> list[CalendarYear]:
        found = [replace(y, events=[])
                 for _, y in sorted({**self.committed, **self.pending}.items())]
        self._seen.extend(found)
        return found

    async def add(self, year: CalendarYear) -> None:
        assert year.year not in self.committed
        self.pending[year.year] = year
        self._seen.append(year)

    async def save(self, year: CalendarYear) -> None:
        self.pending[year.year] = year

    def commit(self) -> None:
        self.committed.update(self.pending)
        if self.pending_version is not None:
            self.committed_version = self.pending_version
        self.forget()

    def forget(self) -> None:
        self.pending.clear()
        self.pending_version = None


class FakeMatters(MatterRepository):
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

    def name_of(self, case: CaseRef) -> str | None:
        found = self.rows.get((case.matter_code, case.matter_version))
        return None if found is None else found.name


class FakeSlaUnitOfWork(FakeUnitOfWork):
    """SLA's repositories in memory, shared across transactions (a factory hands out this one
    object); a transaction left without commit changes no calendar year. Entering it while it is
    open fails: that would be a second pool connection taken while holding one."""

    def __init__(self) -> None:
        super().__init__()
        self.matters = FakeMatters()
        self.cases = FakeTrackedCases()
        self.clocks = FakeClocks(self.seen, self.matters, self.cases)
        self.complaints = FakeComplaintClocks()
        self.deferred = FakeDeferredEvents()
        self.calendar = FakeCalendar(self.seen)
        self.open = False

    async def __aenter__(self) -> Self:
        assert not self.open, "a second unit of work opened while one is open"
        self.open = True
        self.seen.clear()
        return await super().__aenter__()

    async def __aexit__(self, exc_type: type[BaseException] | None,
                        exc: BaseException | None, tb: TracebackType | None) -> None:
        try:
            await super().__aexit__(exc_type, exc, tb)
        finally:
            self.calendar.forget()
            self.seen.clear()
            self.open = False

    async def commit(self) -> list[EventData]:
        self.calendar.commit()
        return await super().commit()


@pytest.fixture
def uow() -> FakeSlaUnitOfWork:
    """A fresh in-memory unit of work."""
    return FakeSlaUnitOfWork()


# --------------------------------------------------------------------- a database per test




TEMPLATE_DAY = datetime(2026, 3, 2, 2, tzinfo=UTC)
"""When the template's calendar was loaded (a day in March: no warning about next year)."""


async def _prepare_template(settings: SlaSettings) -> None:
    await seed(settings, clock=lambda: TEMPLATE_DAY)
    engine = create_async_engine(settings.database_url)
    async with engine.begin() as conn:  # the template's own load events belong to no test
        await conn.execute(text(f"UPDATE {SCHEMA}.outbox SET published_at = now()"))
    await engine.dispose()


@pytest.fixture(scope="session")
def sla_template(migrated: dict[str, str]) -> Iterator[str]:
    """The name of a database with sla's schema and the package's years, to copy per test."""
    base, name = migrated["database_url"], f"daiban_sla_template_{uuid.uuid4().hex[:8]}"
    asyncio.run(run_admin_sql(base, f'CREATE DATABASE "{name}"'))
    settings = SlaSettings.model_validate({**migrated,
                                           "database_url": database_url(base, name)})
    upgrade(settings, package="daiban_sla", schema=SCHEMA)
    asyncio.run(_prepare_template(settings))
    yield name
    asyncio.run(run_admin_sql(base, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture
async def sla_env(env: dict[str, str], sla_template: str) -> AsyncIterator[dict[str, str]]:
    """Settings for one test whose sla database has 2004–2026 loaded and nothing else."""
    base, name = env["database_url"], f"daiban_sla_{uuid.uuid4().hex[:12]}"
    await run_admin_sql(base, f'CREATE DATABASE "{name}" TEMPLATE "{sla_template}"')
    yield {**env, "database_url": database_url(base, name)}
    await run_admin_sql(base, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["fake", "postgres"])
async def units(request: pytest.FixtureRequest, uow: FakeSlaUnitOfWork, env: dict[str, str],
                sla_template: str) -> AsyncIterator[Callable[[], UnitOfWork]]:
    """Where a repository contract runs: the in-memory fakes, or Postgres (a database of the
    test's own, 2004–2026 loaded); a fresh unit of work on each call."""
    if request.param == "fake":
        yield lambda: uow
        return
    base, name = env["database_url"], f"daiban_sla_{uuid.uuid4().hex[:12]}"
    await run_admin_sql(base, f'CREATE DATABASE "{name}" TEMPLATE "{sla_template}"')
    engine = create_engine(SlaSettings.model_validate(
        {**env, "database_url": database_url(base, name)}))
    yield partial(PostgresUnitOfWork, session_factory(engine), tables=messaging, source=SOURCE)
    await engine.dispose()
    await run_admin_sql(base, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
