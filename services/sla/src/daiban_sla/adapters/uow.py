"""SLA's unit of work: its repositories on one transaction."""

from __future__ import annotations

from typing import Self

from daiban_common.db import AsyncUnitOfWork
from daiban_sla.adapters.calendar_repository import CalendarRepository
from daiban_sla.adapters.matter_repository import MatterRepository
from daiban_sla.adapters.repository import TrackedCaseRepository


class SlaUnitOfWork(AsyncUnitOfWork):
    """Tracked cases, the calendar and the matter read model, committed with the inbox claim
    and the outbox rows."""

    cases: TrackedCaseRepository
    calendar: CalendarRepository
    matters: MatterRepository

    async def __aenter__(self) -> Self:
        await super().__aenter__()
        self.cases = TrackedCaseRepository(self.session)
        self.calendar = CalendarRepository(self.session, self.seen)
        self.matters = MatterRepository(self.session)
        return self
