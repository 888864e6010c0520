"""The places and stations intake knows, in Postgres: one row each at the version last heard."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Table, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from daiban_intake.adapters.orm import places, stations
from daiban_intake.domain.place import KnownPlace, KnownStation
from daiban_kernel.places import PlaceTier


class PostgresPlaceRepository:
    """Places by code; a snapshot replaces the row only when its version is newer."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def keep(self, place: KnownPlace) -> bool:
        """Remember the place unless a version as new is known; whether it changed anything."""
        return await _keep_newer(self._session, places, {
            "code": place.code, "name": place.name, "tier": place.tier.value,
            "parent_code": place.parent_code, "active": place.active, "version": place.version})

    async def get(self, code: str) -> KnownPlace | None:
        """The place, or None if intake never heard of it."""
        row = (await self._session.execute(
            select(places).where(places.c.code == code))).mappings().first()
        if row is None:
            return None
        return KnownPlace(row["code"], row["name"], PlaceTier(row["tier"]), row["parent_code"],
                          row["active"], row["version"])


class PostgresStationRepository:
    """Stations by code; a snapshot replaces the row only when its version is newer."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def keep(self, station: KnownStation) -> bool:
        """Remember the station unless a version as new is known; whether it changed anything."""
        return await _keep_newer(self._session, stations, {
            "code": station.code, "place_code": station.place_code, "name": station.name,
            "active": station.active, "version": station.version})

    async def at(self, place_code: str) -> KnownStation | None:
        """The place's active station (the first by code), or None."""
        row = (await self._session.execute(
            select(stations).where(stations.c.place_code == place_code, stations.c.active)
            .order_by(stations.c.code).limit(1))).mappings().first()
        if row is None:
            return None
        return KnownStation(row["code"], row["place_code"], row["name"], row["active"],
                            row["version"])


async def _keep_newer(session: AsyncSession, table: Table, values: dict[str, Any]) -> bool:
    """Insert the row, or replace the one with its code if this version is newer; whether it
    wrote anything."""
    new = insert(table).values(**values)
    stmt = new.on_conflict_do_update(
        index_elements=["code"], set_={k: v for k, v in values.items() if k != "code"},
        where=table.c.version < new.excluded.version).returning(table.c.code)
    return (await session.execute(stmt)).first() is not None
