"""Routing's cases in Postgres."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from daiban_common.db import Aggregate
from daiban_routing.adapters.orm import cases
from daiban_routing.domain.model import FlowState, RoutedCase


class RoutedCaseRepository:
    """Cases in the relay; added and loaded ones are tracked for their events."""

    def __init__(self, session: AsyncSession, seen: list[Aggregate]) -> None:
        self._session = session
        self._seen = seen

    async def add(self, case: RoutedCase) -> bool:
        """Insert a case; False if it was known already."""
        stmt = insert(cases).values(
            number=case.number, matter_code=case.matter_code, village_code=case.village_code,
            state=case.state.value, since=case.since, version=case.version,
        ).on_conflict_do_nothing(index_elements=["number"]).returning(cases.c.number)
        added = (await self._session.execute(stmt)).first() is not None
        if added:
            self._seen.append(case)
        return added

    async def get(self, number: str) -> RoutedCase | None:
        """The case with this number, or None."""
        row = (await self._session.execute(
            select(cases).where(cases.c.number == number))).mappings().first()
        if row is None:
            return None
        case = RoutedCase(row["number"], row["matter_code"], row["village_code"],
                          FlowState(row["state"]), row["since"], row["version"])
        self._seen.append(case)
        return case
