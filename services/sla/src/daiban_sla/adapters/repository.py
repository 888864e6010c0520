"""SLA's tracked cases in Postgres."""

from __future__ import annotations

from dataclasses import asdict

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from daiban_sla.adapters.orm import tracked_cases
from daiban_sla.domain.model import TrackedCase


class TrackedCaseRepository:
    """Cases SLA keeps time for."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def track(self, case: TrackedCase) -> None:
        """Remember a case; a second report of it changes nothing."""
        await self._session.execute(
            insert(tracked_cases).values(**asdict(case)).on_conflict_do_nothing())

    async def get(self, number: str) -> TrackedCase | None:
        """The tracked case, or None."""
        row = (await self._session.execute(
            select(tracked_cases).where(tracked_cases.c.number == number))).mappings().first()
        return None if row is None else TrackedCase(**row)
