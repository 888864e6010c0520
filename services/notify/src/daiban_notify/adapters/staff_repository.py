"""The read model of staff members in Postgres."""

from __future__ import annotations

from dataclasses import asdict

from sqlalchemy import RowMapping, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from daiban_kernel.roles import Role
from daiban_notify.adapters.orm import staff
from daiban_notify.domain.staff_member import StaffMember


class PostgresStaffRepository:
    """Staff members, each at its newest version heard."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def keep(self, member: StaffMember) -> None:
        """Insert or replace, unless a newer version is kept."""
        values = {**asdict(member), "role": member.role.value}
        stmt = insert(staff).values(**values)
        await self._session.execute(stmt.on_conflict_do_update(
            index_elements=["staff_id"], set_={k: stmt.excluded[k] for k in values},
            where=staff.c.version < stmt.excluded.version))

    async def get(self, staff_id: str) -> StaffMember | None:
        """A member, or None."""
        row = (await self._session.execute(
            select(staff).where(staff.c.staff_id == staff_id))).mappings().first()
        return None if row is None else _member(row)

    async def at_place(self, place_code: str) -> list[StaffMember]:
        """The active members stationed at exactly ``place_code``."""
        rows = (await self._session.execute(
            select(staff).where(staff.c.place_code == place_code, staff.c.active)
            .order_by(staff.c.staff_id))).mappings().all()
        return [_member(r) for r in rows]


def _member(r: RowMapping) -> StaffMember:
    return StaffMember(**{**r, "role": Role(r["role"])})
