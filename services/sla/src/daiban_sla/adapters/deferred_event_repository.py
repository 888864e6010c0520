"""Relay events waiting for their turn, in Postgres."""

from __future__ import annotations

from sqlalchemy import delete, or_, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from daiban_sla.adapters.orm import deferred_flow_events
from daiban_sla.ports import DeferredEvent

FIRST_RELAY_EVENT = "case.routed"


class PostgresDeferredEventRepository:
    """Relay events that came before their turn."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def defer(self, event: DeferredEvent) -> None:
        """Keep an event until the one before it applied; the same version twice is one."""
        await self._session.execute(insert(deferred_flow_events).values(
            case_number=event.case_number, flow_version=event.flow_version,
            event_type=event.event_type, data=event.data).on_conflict_do_nothing())

    async def take_next(self, case_number: str, after: int | None) -> DeferredEvent | None:
        """Remove and return the waiting event that applies next, if it is here."""
        t = deferred_flow_events
        turn = (or_(t.c.flow_version == 1, t.c.event_type == FIRST_RELAY_EVENT) if after is None
                else t.c.flow_version == after + 1)
        row = (await self._session.execute(
            select(t).where(t.c.case_number == case_number, turn)
            .order_by(t.c.flow_version).limit(1))).mappings().first()
        if row is None:
            return None
        await self._session.execute(delete(t).where(
            t.c.case_number == case_number, t.c.flow_version == row["flow_version"]))
        return DeferredEvent(row["case_number"], row["flow_version"], row["event_type"],
                             row["data"])

    async def drop_applied(self, case_number: str, upto: int) -> None:
        """Forget waiting events of versions already applied."""
        t = deferred_flow_events
        await self._session.execute(
            delete(t).where(t.c.case_number == case_number, t.c.flow_version <= upto))
