"""The read model of matter names in Postgres."""

from __future__ import annotations

from dataclasses import asdict

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from daiban_notify.adapters.orm import matter_names
from daiban_notify.domain.matter_name import MatterName


class PostgresMatterNameRepository:
    """Every matter version heard of, by code and version."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def keep(self, matter: MatterName) -> None:
        """Insert or replace a version."""
        stmt = insert(matter_names).values(**asdict(matter))
        await self._session.execute(stmt.on_conflict_do_update(
            index_elements=["code", "version"],
            set_={"name": stmt.excluded.name,
                  "limit_working_days": stmt.excluded.limit_working_days}))

    async def get(self, code: str, version: int) -> MatterName | None:
        """A version, or None."""
        r = (await self._session.execute(select(matter_names).where(
            matter_names.c.code == code, matter_names.c.version == version))).mappings().first()
        return None if r is None else MatterName(**r)
