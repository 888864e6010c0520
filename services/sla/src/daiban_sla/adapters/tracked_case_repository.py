"""SLA's tracked cases in Postgres: a case's row is its lock, so its events apply one at a time."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from daiban_kernel.contracts.case import CaseRef
from daiban_kernel.contracts.matter import Tier
from daiban_sla.adapters.orm import tracked_cases
from daiban_sla.domain.tracked_case import TrackedCase


class PostgresTrackedCaseRepository:
    """Cases SLA keeps time for; a case's row is its lock, so its events apply one at a time."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def track(self, case: TrackedCase) -> None:
        """Remember a submitted case; a second report of it changes nothing."""
        stmt = insert(tracked_cases).values(**_row(case))
        await self._session.execute(stmt.on_conflict_do_update(
            index_elements=["number"],
            set_={"submitted_at": func.coalesce(tracked_cases.c.submitted_at,
                                                stmt.excluded.submitted_at),
                  "applicant_masked": func.coalesce(tracked_cases.c.applicant_masked,
                                                    stmt.excluded.applicant_masked)}))

    async def lock(self, ref: CaseRef) -> TrackedCase:
        """The case an event names, created if unheard of, locked for this transaction."""
        await self._session.execute(insert(tracked_cases).values(
            **_row(TrackedCase.referred_to(ref))).on_conflict_do_nothing())
        row = (await self._session.execute(
            select(tracked_cases).where(tracked_cases.c.number == ref.case_number)
            .with_for_update())).mappings().one()
        return _case(row)

    async def save(self, case: TrackedCase) -> None:
        """Store a case's flow."""
        row = _row(case)
        del row["number"]
        await self._session.execute(
            update(tracked_cases).where(tracked_cases.c.number == case.number).values(**row))

    async def get(self, number: str) -> TrackedCase | None:
        """The tracked case, or None."""
        row = (await self._session.execute(
            select(tracked_cases).where(tracked_cases.c.number == number))).mappings().first()
        return None if row is None else _case(row)


def _row(case: TrackedCase) -> dict[str, Any]:
    return {
        "number": case.number, "matter_code": case.matter_code,
        "matter_version": case.matter_version, "village_code": case.village_code,
        "applicant_masked": case.applicant_masked, "submitted_at": case.submitted_at,
        "accepted_at": case.accepted_at,
        "flow_version": case.flow_version, "path": [t.value for t in case.path],
        "holding_tier": None if case.holding_tier is None else case.holding_tier.value,
        "closed_at": case.closed_at, "closed_why": case.closed_why,
        "returned_by": None if case.returned_by is None else case.returned_by.value,
        "return_version": case.return_version,
    }


def _case(row: Any) -> TrackedCase:
    return TrackedCase(
        number=row["number"], matter_code=row["matter_code"],
        matter_version=row["matter_version"], village_code=row["village_code"],
        applicant_masked=row["applicant_masked"], submitted_at=row["submitted_at"],
        accepted_at=row["accepted_at"],
        flow_version=row["flow_version"], path=tuple(Tier(t) for t in row["path"]),
        holding_tier=None if row["holding_tier"] is None else Tier(row["holding_tier"]),
        closed_at=row["closed_at"], closed_why=row["closed_why"],
        returned_by=None if row["returned_by"] is None else Tier(row["returned_by"]),
        return_version=row["return_version"],
    )
