"""Loading and saving cases; the numbering sequence per county and day."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from daiban_common.contracts import Channel, StaffRef
from daiban_common.db import Aggregate
from daiban_intake.adapters.orm import case_sequences, cases
from daiban_intake.domain.model import Applicant, Case, CaseStatus, ProtectedIdNumber


class CaseRepository:
    """Cases in Postgres; every case added or loaded is tracked for its events."""

    def __init__(self, session: AsyncSession, seen: list[Aggregate]) -> None:
        self._session = session
        self._seen = seen

    async def next_number_sequence(self, county_code: str, day: date) -> int:
        """The next sequence number of the day in this county, gap-free per committed case."""
        stmt = (
            insert(case_sequences)
            .values(county_code=county_code, day=day, last=1)
            .on_conflict_do_update(
                index_elements=["county_code", "day"],
                set_={"last": case_sequences.c.last + 1},
            )
            .returning(case_sequences.c.last)
        )
        return int((await self._session.execute(stmt)).scalar_one())

    async def add(self, case: Case) -> None:
        """Insert a new case."""
        await self._session.execute(cases.insert().values(**_row(case)))
        self._seen.append(case)

    async def get(self, number: str) -> Case | None:
        """The case with this number, or None."""
        row = (await self._session.execute(
            select(cases).where(cases.c.number == number))).mappings().first()
        if row is None:
            return None
        case = _case(row)
        self._seen.append(case)
        return case


def _row(case: Case) -> dict[str, Any]:
    return {
        "number": case.number,
        "matter_code": case.matter_code,
        "matter_version": case.matter_version,
        "village_code": case.village_code,
        "channel": case.channel.value,
        "applicant_name": case.applicant.name,
        "applicant_id_sealed": case.applicant.id_number.sealed,
        "applicant_id_hash": case.applicant.id_number.lookup_hash,
        "applicant_id_masked": case.applicant.id_number.masked,
        "applicant_phone": case.applicant.phone,
        "opened_by": case.opened_by.model_dump(mode="json"),
        "opened_at": case.opened_at,
        "status": case.status.value,
        "version": case.version,
    }


def _case(row: Any) -> Case:
    return Case(
        number=row["number"],
        matter_code=row["matter_code"],
        matter_version=row["matter_version"],
        village_code=row["village_code"],
        channel=Channel(row["channel"]),
        applicant=Applicant(
            name=row["applicant_name"],
            id_number=ProtectedIdNumber(row["applicant_id_sealed"], row["applicant_id_hash"],
                                        row["applicant_id_masked"]),
            phone=row["applicant_phone"],
        ),
        opened_by=StaffRef.model_validate(row["opened_by"]),
        opened_at=row["opened_at"],
        status=CaseStatus(row["status"]),
        version=row["version"],
    )
