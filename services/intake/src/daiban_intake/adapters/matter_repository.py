"""The matter catalogue in Postgres: one row per matter, one immutable row per version."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Select, and_, func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from daiban_common.db import Aggregate
from daiban_intake.adapters.orm import matter_versions, matters
from daiban_intake.domain.errors import MatterAlreadyExists
from daiban_intake.domain.matter import Matter, MatterTerms, version_of
from daiban_intake.ports import CatalogueQuery
from daiban_kernel.contracts.matter import Material, MatterKind, MatterVersion, Tier

_CURRENT = and_(matter_versions.c.code == matters.c.code,
                matter_versions.c.version == matters.c.current_version)


class PostgresMatterRepository:
    """Matters and their versions; every matter added or loaded is tracked for its events."""

    def __init__(self, session: AsyncSession, seen: list[Aggregate]) -> None:
        self._session = session
        self._seen = seen

    async def get_many(self, codes: Iterable[str]) -> dict[str, Matter]:
        """The matters with these codes, locked for this transaction."""
        wanted = sorted(set(codes))
        if not wanted:
            return {}
        rows = (await self._session.execute(
            _current().where(matters.c.code.in_(wanted)).order_by(matters.c.code)
            .with_for_update(of=matters))).mappings().all()
        found = {row["code"]: _matter(row) for row in rows}
        self._seen.extend(found.values())
        return found

    async def add(self, matter: Matter) -> None:
        """Insert a new matter and its first version; MatterAlreadyExists if the code is taken."""
        inserted = await self._session.execute(
            insert(matters).values(code=matter.code, current_version=matter.version,
                                   published=matter.published)
            .on_conflict_do_nothing(index_elements=["code"]).returning(matters.c.code))
        if inserted.first() is None:
            raise MatterAlreadyExists(f"matter {matter.code} exists; write a new version of it")
        await self._write_version(matter)
        self._seen.append(matter)

    async def save(self, matter: Matter) -> None:
        """Write the matter's state and its current version if that version is new."""
        await self._write_version(matter)
        await self._session.execute(
            matters.update().where(matters.c.code == matter.code)
            .values(current_version=matter.version, published=matter.published,
                    changed_at=func.now()))

    async def latest(self, code: str) -> MatterVersion | None:
        """The current version of a matter, published or not, or None."""
        row = (await self._session.execute(
            _current().where(matters.c.code == code))).mappings().first()
        return None if row is None else _matter(row).snapshot()

    async def version(self, code: str, version: int) -> MatterVersion | None:
        """One version of a matter, marked published if it is the one in the catalogue now."""
        row = (await self._session.execute(
            select(matter_versions, matters.c.current_version, matters.c.published)
            .join(matters, matters.c.code == matter_versions.c.code)
            .where(matter_versions.c.code == code, matter_versions.c.version == version)
        )).mappings().first()
        if row is None:
            return None
        published = row["published"] and row["current_version"] == version
        return version_of(code, _terms(row), version=version, published=published)

    async def published(self, code: str) -> MatterVersion | None:
        """The current version of a published matter, or None."""
        row = (await self._session.execute(
            _current().where(matters.c.code == code, matters.c.published))).mappings().first()
        return None if row is None else _matter(row).snapshot()

    async def published_page(self, query: CatalogueQuery, *, after: str | None,
                             limit: int) -> list[MatterVersion]:
        """Published matters matching the query, by code, after the given code."""
        stmt = _filtered(_current().where(matters.c.published), query)
        if after is not None:
            stmt = stmt.where(matters.c.code > after)
        rows = (await self._session.execute(
            stmt.order_by(matters.c.code).limit(limit))).mappings().all()
        return [_matter(row).snapshot() for row in rows]

    async def current(self, *, department_code: str | None) -> list[Matter]:
        """Every matter at its current version, published or not, by code."""
        stmt = _current()
        if department_code is not None:
            stmt = stmt.where(matter_versions.c.department_code == department_code)
        rows = (await self._session.execute(stmt.order_by(matters.c.code))).mappings().all()
        return [_matter(row) for row in rows]

    async def _write_version(self, matter: Matter) -> None:
        await self._session.execute(
            insert(matter_versions).values(code=matter.code, version=matter.version,
                                           **_version_row(matter.terms))
            .on_conflict_do_nothing(index_elements=["code", "version"]))


def _current() -> Select[Any]:
    return select(matter_versions, matters.c.published).join(matters, _CURRENT)


def _filtered(stmt: Select[Any], query: CatalogueQuery) -> Select[Any]:
    versions = matter_versions.c
    if query.department_code is not None:
        stmt = stmt.where(versions.department_code == query.department_code)
    if query.kind is not None:
        stmt = stmt.where(versions.kind == query.kind.value)
    if query.deciding_tier is not None:
        stmt = stmt.where(versions.deciding_tier == query.deciding_tier.value)
    if query.name_contains:
        escaped = (query.name_contains.replace("\\", "\\\\").replace("%", "\\%")
                   .replace("_", "\\_"))
        stmt = stmt.where(versions.name.ilike(f"%{escaped}%", escape="\\"))
    return stmt


def _version_row(terms: MatterTerms) -> dict[str, Any]:
    return {
        "name": terms.name,
        "department_code": terms.department_code,
        "kind": terms.kind.value,
        "deciding_tier": terms.deciding_tier.value,
        "limit_working_days": terms.limit_working_days,
        "proxy_allowance_days": terms.proxy_allowance_days,
        "stage_days": {t.value: d for t, d in terms.stage_days.items()},
        "materials": [m.model_dump(mode="json") for m in terms.materials],
        "authorization_required": terms.authorization_required,
        "timeout_default_stages": [t.value for t in terms.timeout_default_stages],
        "department_fee_yuan": terms.department_fee_yuan,
    }


def _terms(row: Any) -> MatterTerms:
    return MatterTerms(
        name=row["name"],
        department_code=row["department_code"],
        kind=MatterKind(row["kind"]),
        deciding_tier=Tier(row["deciding_tier"]),
        limit_working_days=row["limit_working_days"],
        proxy_allowance_days=row["proxy_allowance_days"],
        stage_days={Tier(k): v for k, v in row["stage_days"].items()},
        materials=tuple(Material.model_validate(m) for m in row["materials"]),
        authorization_required=row["authorization_required"],
        timeout_default_stages=tuple(Tier(t) for t in row["timeout_default_stages"]),
        department_fee_yuan=row["department_fee_yuan"],
    )


def _matter(row: Any) -> Matter:
    return Matter(row["code"], row["version"], _terms(row), published=row["published"])
