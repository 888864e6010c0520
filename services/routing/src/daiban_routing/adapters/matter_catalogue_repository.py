"""Routing's read model of the matter catalogue in Postgres."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from daiban_kernel.contracts.matter import MatterVersion
from daiban_routing.adapters.orm import matters
from daiban_routing.domain.catalogue import CatalogueEntry


class PostgresMatterCatalogueRepository:
    """Matter versions by (code, version)."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get(self, code: str, version: int) -> CatalogueEntry | None:
        """The entry of one matter version, locked for this transaction, or None."""
        row = (await self._session.execute(
            select(matters).where(matters.c.code == code, matters.c.version == version)
            .with_for_update())).mappings().first()
        if row is None:
            return None
        matter = None if row["matter"] is None else MatterVersion.model_validate(row["matter"])
        return CatalogueEntry(code, version, matter, row["published"], row["changed_at"])

    async def save(self, entry: CatalogueEntry) -> None:
        """Insert or replace the entry."""
        values = {"code": entry.code, "version": entry.version,
                  "matter": None if entry.matter is None else entry.matter.model_dump(mode="json"),
                  "published": entry.published, "changed_at": entry.changed_at}
        stmt = insert(matters).values(**values)
        await self._session.execute(stmt.on_conflict_do_update(
            index_elements=["code", "version"],
            set_={k: stmt.excluded[k] for k in ("matter", "published", "changed_at")}))
