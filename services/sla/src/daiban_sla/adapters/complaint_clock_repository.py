"""SLA's complaint clocks in Postgres: a complaint's row is its lock."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from daiban_sla.adapters.orm import complaint_clocks
from daiban_sla.domain.complaint_clock import ComplaintClock


class PostgresComplaintClockRepository:
    """Complaints' clocks, a row per complaint."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def start(self, clock: ComplaintClock) -> None:
        """Keep a new complaint's clock; a second report of it changes nothing."""
        await self._session.execute(
            insert(complaint_clocks).values(**_row(clock)).on_conflict_do_nothing())

    async def get(self, complaint_id: str, *, lock: bool = False) -> ComplaintClock | None:
        """The complaint's clock, or None."""
        stmt = select(complaint_clocks).where(complaint_clocks.c.complaint_id == complaint_id)
        row = (await self._session.execute(stmt.with_for_update() if lock else stmt)
               ).mappings().first()
        return None if row is None else _clock(row)

    async def save(self, clock: ComplaintClock) -> None:
        """Store the clock's answer."""
        await self._session.execute(
            update(complaint_clocks)
            .where(complaint_clocks.c.complaint_id == clock.complaint_id)
            .values(answered_at=clock.answered_at, due_at=clock.due_at,
                    overdue_at=clock.overdue_at))

    async def due(self, now: datetime, *, limit: int) -> list[ComplaintClock]:
        """Clocks due by ``now``, earliest first, locked; rows another sweeper holds are
        skipped."""
        rows = (await self._session.execute(
            select(complaint_clocks).where(complaint_clocks.c.due_at <= now)
            .order_by(complaint_clocks.c.due_at).limit(limit)
            .with_for_update(skip_locked=True))).mappings().all()
        return [_clock(row) for row in rows]


def _row(clock: ComplaintClock) -> dict[str, Any]:
    return {"complaint_id": clock.complaint_id, "place_code": clock.place_code,
            "case_number": clock.case_number, "filed_at": clock.filed_at,
            "budget_working_days": clock.budget_days, "answered_at": clock.answered_at,
            "due_at": clock.due_at, "overdue_at": clock.overdue_at}


def _clock(row: Any) -> ComplaintClock:
    return ComplaintClock(complaint_id=row["complaint_id"], place_code=row["place_code"],
                          case_number=row["case_number"], filed_at=row["filed_at"],
                          budget_days=row["budget_working_days"],
                          answered_at=row["answered_at"], due_at=row["due_at"],
                          overdue_at=row["overdue_at"])
