"""SLA's unit of work: its repositories on one transaction."""

from __future__ import annotations

from typing import Self

from daiban_common.db import AsyncUnitOfWork
from daiban_sla.adapters.calendar_repository import CalendarRepository
from daiban_sla.adapters.clock_repository import ClockRepository
from daiban_sla.adapters.matter_repository import MatterRepository
from daiban_sla.adapters.repository import DeferredEventRepository, TrackedCaseRepository


class SlaUnitOfWork(AsyncUnitOfWork):
    """Tracked cases, their clocks, waiting relay events, the calendar and the matter read
    model, committed with the inbox claim and the outbox rows."""

    cases: TrackedCaseRepository
    clocks: ClockRepository
    deferred: DeferredEventRepository
    calendar: CalendarRepository
    matters: MatterRepository

    async def __aenter__(self) -> Self:
        await super().__aenter__()
        self.cases = TrackedCaseRepository(self.session)
        self.clocks = ClockRepository(self.session, self.seen)
        self.deferred = DeferredEventRepository(self.session)
        self.calendar = CalendarRepository(self.session, self.seen)
        self.matters = MatterRepository(self.session)
        return self
