"""SLA's unit of work."""

from __future__ import annotations

from typing import Self

from daiban_common.db import AsyncUnitOfWork
from daiban_sla.adapters.repository import TrackedCaseRepository


class SlaUnitOfWork(AsyncUnitOfWork):
    """Tracked cases, committed with the inbox claim."""

    cases: TrackedCaseRepository

    async def __aenter__(self) -> Self:
        await super().__aenter__()
        self.cases = TrackedCaseRepository(self.session)
        return self
