"""Staff members' channel preferences in Postgres."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from daiban_notify.adapters.orm import preferences
from daiban_notify.domain.delivery import DeliveryChannel
from daiban_notify.domain.preferences import Preferences


class PostgresPreferencesRepository:
    """A row per member who chose."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get(self, staff_id: str) -> Preferences | None:
        """A member's preferences, or None."""
        r = (await self._session.execute(select(preferences).where(
            preferences.c.staff_id == staff_id))).mappings().first()
        if r is None:
            return None
        return Preferences(r["staff_id"], frozenset(DeliveryChannel(c) for c in r["muted"]),
                           r["updated_at"])

    async def save(self, found: Preferences) -> None:
        """Insert or replace a member's preferences."""
        stmt = insert(preferences).values(staff_id=found.staff_id,
                                          muted=sorted(c.value for c in found.muted),
                                          updated_at=found.updated_at)
        await self._session.execute(stmt.on_conflict_do_update(
            index_elements=["staff_id"],
            set_={"muted": stmt.excluded.muted, "updated_at": stmt.excluded.updated_at}))
