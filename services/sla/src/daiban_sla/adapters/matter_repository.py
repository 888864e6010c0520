"""SLA's read model of matter versions in Postgres."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from daiban_kernel.contracts.matter import Tier
from daiban_sla.adapters.orm import matters
from daiban_sla.domain.matter_terms import MatterTerms


class PostgresMatterRepository:
    """Every matter version SLA heard of, keyed by (code, version)."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def keep(self, terms: MatterTerms) -> None:
        """Insert or update a version's terms."""
        row = _row(terms)
        await self._session.execute(
            insert(matters).values(**row)
            .on_conflict_do_update(index_elements=["code", "version"], set_=row))

    async def unpublish(self, code: str, version: int) -> bool:
        """Mark a version unpublished; False when SLA never heard of it."""
        result = await self._session.execute(
            update(matters).where(matters.c.code == code, matters.c.version == version)
            .values(published=False).returning(matters.c.code))
        return result.first() is not None

    async def get(self, code: str, version: int) -> MatterTerms | None:
        """A version's terms, or None."""
        row = (await self._session.execute(select(matters).where(
            matters.c.code == code, matters.c.version == version))).mappings().first()
        return None if row is None else _terms(row)


def _row(terms: MatterTerms) -> dict[str, Any]:
    return {
        "code": terms.code,
        "version": terms.version,
        "name": terms.name,
        "deciding_tier": terms.deciding_tier.value,
        "limit_working_days": terms.limit_working_days,
        "proxy_allowance_days": terms.proxy_allowance_days,
        "stage_days": {tier.value: days for tier, days in terms.stage_days.items()},
        "timeout_default_stages": sorted(t.value for t in terms.timeout_default_stages),
        "published": terms.published,
    }


def _terms(row: Any) -> MatterTerms:
    return MatterTerms(
        code=row["code"],
        version=row["version"],
        name=row["name"],
        deciding_tier=Tier(row["deciding_tier"]),
        limit_working_days=row["limit_working_days"],
        proxy_allowance_days=row["proxy_allowance_days"],
        stage_days={Tier(k): v for k, v in row["stage_days"].items()},
        timeout_default_stages=frozenset(Tier(t) for t in row["timeout_default_stages"]),
        published=row["published"],
    )
