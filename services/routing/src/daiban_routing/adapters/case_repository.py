"""Routing's cases in Postgres: the case row (version-checked), its handovers and its ledger."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, func, literal, select, tuple_
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from daiban_common.db import Aggregate
from daiban_routing.adapters.case_rows import (
    action_row,
    case_from_row,
    case_row,
    entry_from_row,
    handover_from_row,
    handover_row,
)
from daiban_routing.adapters.orm import case_actions, cases, handovers
from daiban_routing.domain.case import RoutedCase
from daiban_routing.domain.errors import CaseChangedMeanwhile
from daiban_routing.domain.flow import FlowState
from daiban_routing.domain.handover import ActionEntry, Handover, HandoverStatus
from daiban_routing.ports import Position

NOT_OPEN = (FlowState.SUBMITTED.value, FlowState.CLOSED.value)


class PostgresCaseRepository:
    """Cases in the relay; added and loaded ones are tracked for their events."""

    def __init__(self, session: AsyncSession, seen: list[Aggregate]) -> None:
        self._session = session
        self._seen = seen

    async def add(self, case: RoutedCase) -> bool:
        """Insert a case; False if it was known already (nothing is written then)."""
        stmt = insert(cases).values(**case_row(case)).on_conflict_do_nothing(
            index_elements=["number"]).returning(cases.c.number)
        added = (await self._session.execute(stmt)).first() is not None
        if added:
            await self._write_history(case)
            self._seen.append(case)
        return added

    async def get(self, number: str) -> RoutedCase | None:
        """The case with this number and its latest handover, or None."""
        row = (await self._session.execute(
            select(cases).where(cases.c.number == number))).mappings().first()
        if row is None:
            return None
        latest = (await self._session.execute(
            select(handovers).where(handovers.c.case_number == number)
            .order_by(handovers.c.handed_at.desc(), handovers.c.handover_id.desc()).limit(1)
        )).mappings().first()
        case = case_from_row(row, None if latest is None else handover_from_row(latest))
        self._seen.append(case)
        return case

    async def save(self, case: RoutedCase, *, expected_version: int) -> None:
        """Write a changed case, unless someone changed it since it was loaded (409 then)."""
        result = await self._session.execute(
            cases.update().where(cases.c.number == case.number,
                                 cases.c.version == expected_version)
            .values(**case_row(case)).returning(cases.c.number))
        if result.first() is None:
            raise CaseChangedMeanwhile(
                f"case {case.number} changed since version {expected_version}")
        await self._write_history(case)

    async def _write_history(self, case: RoutedCase) -> None:
        for handover in case.touched:
            stmt = insert(handovers).values(**handover_row(handover, case.village_code))
            await self._session.execute(stmt.on_conflict_do_update(
                index_elements=["handover_id"],
                set_={k: stmt.excluded[k]
                      for k in ("status", "received_by", "received_at", "reminded_at")}))
        case.touched.clear()
        if case.actions:
            await self._session.execute(case_actions.insert(),
                                        [action_row(case.number, a) for a in case.actions])
        case.actions.clear()

    async def workload(self, staff_ids: Collection[str]) -> dict[str, int]:
        """How many open cases each member holds."""
        if not staff_ids:
            return {}
        rows = await self._session.execute(
            select(cases.c.assignee_id, func.count())
            .where(cases.c.assignee_id.in_(list(staff_ids)), cases.c.state.not_in(NOT_OPEN))
            .group_by(cases.c.assignee_id))
        return {str(staff_id): int(count) for staff_id, count in rows.all()}

    async def held_by(self, staff_id: str) -> list[str]:
        """The numbers of the open cases a member holds."""
        rows = await self._session.execute(
            select(cases.c.number).where(cases.c.assignee_id == staff_id,
                                         cases.c.state.not_in(NOT_OPEN))
            .order_by(cases.c.number))
        return [str(number) for number in rows.scalars()]

    async def work_list(self, *, assignee: str | None = None, station: str | None = None,
                        place: str | None = None, after: Position | None, limit: int
                        ) -> list[RoutedCase]:
        """Open cases held by a member, at a station, or at and under a place, oldest first."""
        condition: ColumnElement[bool] = cases.c.state.not_in(NOT_OPEN)
        if assignee is not None:
            condition = and_(condition, cases.c.assignee_id == assignee)
        if station is not None:
            condition = and_(condition, cases.c.station_code == station)
        if place is not None:
            condition = and_(condition, cases.c.place_code.startswith(place))
        if after is not None:
            condition = and_(condition, tuple_(cases.c.since, cases.c.number) > _at(after))
        rows = (await self._session.execute(
            select(cases).where(condition).order_by(cases.c.since, cases.c.number)
            .limit(limit))).mappings().all()
        return [case_from_row(row, None) for row in rows]

    async def pending_handovers(self, place: str, *, after: Position | None, limit: int
                                ) -> list[Handover]:
        """Handovers awaiting receipt at and under a place, the longest waiting first."""
        condition = and_(handovers.c.status == HandoverStatus.PENDING.value,
                         handovers.c.to_place.startswith(place))
        if after is not None:
            condition = and_(condition, tuple_(handovers.c.handed_at, handovers.c.handover_id)
                             > _at(after))
        rows = (await self._session.execute(
            select(handovers).where(condition)
            .order_by(handovers.c.handed_at, handovers.c.handover_id).limit(limit)
        )).mappings().all()
        return [handover_from_row(row) for row in rows]

    async def awaiting_reminder(self, *, since: datetime, limit: int) -> list[str]:
        """Cases whose pending handover was handed over (or last reminded) before ``since``.

        The handovers stay locked to this transaction, and ones locked by another replica's
        sweep are skipped, so no reminder goes out twice.
        """
        waited = func.coalesce(handovers.c.reminded_at, handovers.c.handed_at)
        rows = await self._session.execute(
            select(handovers.c.case_number)
            .where(handovers.c.status == HandoverStatus.PENDING.value, waited <= since)
            .order_by(handovers.c.handed_at).limit(limit)
            .with_for_update(skip_locked=True))
        return [str(number) for number in rows.scalars()]

    async def handover(self, handover_id: str) -> Handover | None:
        """One handover by its id, or None."""
        row = (await self._session.execute(
            select(handovers).where(handovers.c.handover_id == handover_id))).mappings().first()
        return None if row is None else handover_from_row(row)

    async def history(self, number: str) -> list[ActionEntry]:
        """The case's ledger, in order."""
        rows = (await self._session.execute(
            select(case_actions).where(case_actions.c.case_number == number)
            .order_by(case_actions.c.seq))).mappings().all()
        return [entry_from_row(row) for row in rows]


def _at(position: Position) -> ColumnElement[Any]:
    return tuple_(literal(position[0]), literal(position[1]))
