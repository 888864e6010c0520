"""The places intake knows, in Postgres: one row per place at the version last heard."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from daiban_intake.adapters.orm import places
from daiban_intake.domain.place import KnownPlace
from daiban_kernel.places import PlaceTier


class PostgresPlaceRepository:
    """Places by code; a snapshot replaces the row only when its version is newer."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def keep(self, place: KnownPlace) -> bool:
        """Remember the place unless a version as new is known; whether it changed anything."""
        values = {"code": place.code, "name": place.name, "tier": place.tier.value,
                  "parent_code": place.parent_code, "active": place.active,
                  "version": place.version}
        new = insert(places).values(**values)
        stmt = new.on_conflict_do_update(
            index_elements=["code"], set_={k: v for k, v in values.items() if k != "code"},
            where=places.c.version < new.excluded.version).returning(places.c.code)
        return (await self._session.execute(stmt)).first() is not None

    async def get(self, code: str) -> KnownPlace | None:
        """The place, or None if intake never heard of it."""
        row = (await self._session.execute(
            select(places).where(places.c.code == code))).mappings().first()
        if row is None:
            return None
        return KnownPlace(row["code"], row["name"], PlaceTier(row["tier"]), row["parent_code"],
                          row["active"], row["version"])
