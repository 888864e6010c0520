"""SLA's unit of work: its repositories on one transaction."""

from __future__ import annotations

from typing import Self

from daiban_common.db import AsyncUnitOfWork
from daiban_sla.adapters.calendar_repository import PostgresCalendarRepository
from daiban_sla.adapters.clock_repository import PostgresClockRepository
from daiban_sla.adapters.complaint_clock_repository import PostgresComplaintClockRepository
from daiban_sla.adapters.deferred_event_repository import PostgresDeferredEventRepository
from daiban_sla.adapters.matter_repository import PostgresMatterRepository
from daiban_sla.adapters.tracked_case_repository import PostgresTrackedCaseRepository


class PostgresUnitOfWork(AsyncUnitOfWork):
    """Tracked cases, their clocks, complaints' clocks, waiting relay events, the calendar and
    the matter read model, committed with the inbox claim and the outbox rows."""

    cases: PostgresTrackedCaseRepository
    clocks: PostgresClockRepository
    complaints: PostgresComplaintClockRepository
    deferred: PostgresDeferredEventRepository
    calendar: PostgresCalendarRepository
    matters: PostgresMatterRepository

    async def __aenter__(self) -> Self:
        await super().__aenter__()
        self.cases = PostgresTrackedCaseRepository(self.session)
        self.clocks = PostgresClockRepository(self.session, self.seen)
        self.complaints = PostgresComplaintClockRepository(self.session)
        self.deferred = PostgresDeferredEventRepository(self.session)
        self.calendar = PostgresCalendarRepository(self.session, self.seen)
        self.matters = PostgresMatterRepository(self.session)
        return self
