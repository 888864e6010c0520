"""Loading and saving cases; the numbering sequence per county and day."""

from __future__ import annotations

from datetime import date
from typing import Any, TypeVar

from pydantic import BaseModel, TypeAdapter
from sqlalchemy import Select, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from daiban_common.db import Aggregate
from daiban_intake.adapters.orm import case_sequences, cases
from daiban_intake.domain.case import Applicant, Case, ProtectedIdNumber
from daiban_intake.domain.case_history import (
    Authorization,
    Decision,
    Notice,
    Rating,
    Receipt,
    ReturnRecord,
)
from daiban_intake.domain.checklist import ChecklistItem
from daiban_intake.domain.status import CaseStatus
from daiban_intake.ports import CaseQuery
from daiban_kernel.actor import Actor
from daiban_kernel.cases import Channel
from daiban_kernel.contracts.case import SpecialGroup

_CHECKLIST = TypeAdapter(tuple[ChecklistItem, ...])
_NOTICES = TypeAdapter(tuple[Notice, ...])
_RETURNS = TypeAdapter(tuple[ReturnRecord, ...])
M = TypeVar("M", bound=BaseModel)


class PostgresCaseRepository:
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
        await self._session.execute(cases.insert().values(number=case.number, **_row(case)))
        self._seen.append(case)

    async def get(self, number: str, *, lock: bool = False) -> Case | None:
        """The case with this number, or None; ``lock`` holds it until the transaction ends."""
        stmt = select(cases).where(cases.c.number == number)
        if lock:
            stmt = stmt.with_for_update()
        row = (await self._session.execute(stmt)).mappings().first()
        if row is None:
            return None
        case = _case(row)
        self._seen.append(case)
        return case

    async def save(self, case: Case) -> None:
        """Write the case's state."""
        await self._session.execute(
            cases.update().where(cases.c.number == case.number).values(**_row(case)))

    async def page(self, query: CaseQuery, *, before: str | None, limit: int) -> list[Case]:
        """Cases matching the query, newest number first, below ``before``."""
        stmt = _filtered(select(cases), query)
        if before is not None:
            stmt = stmt.where(cases.c.number < before)
        rows = (await self._session.execute(
            stmt.order_by(cases.c.number.desc()).limit(limit))).mappings().all()
        return [_case(row) for row in rows]


def _filtered(stmt: Select[Any], query: CaseQuery) -> Select[Any]:
    c = cases.c
    stmt = stmt.where(c.village_code.startswith(query.place, autoescape=True))
    if query.village_code is not None:
        stmt = stmt.where(c.village_code == query.village_code)
    if query.status is not None:
        stmt = stmt.where(c.status == query.status.value)
    if query.matter_code is not None:
        stmt = stmt.where(c.matter_code == query.matter_code)
    if query.opened_from is not None:
        stmt = stmt.where(c.opened_at >= query.opened_from)
    if query.opened_before is not None:
        stmt = stmt.where(c.opened_at < query.opened_before)
    if query.owner_staff_id is not None:
        stmt = stmt.where(c.owner["staff_id"].astext == query.owner_staff_id)
    return stmt


def _dump(value: Any) -> Any:
    return None if value is None else value.model_dump(mode="json")


def _row(case: Case) -> dict[str, Any]:
    a = case.applicant
    return {
        "matter_code": case.matter_code, "matter_version": case.matter_version,
        "village_code": case.village_code, "channel": case.channel.value,
        "applicant_name": a.name, "applicant_id_sealed": a.id_number.sealed,
        "applicant_id_hash": a.id_number.lookup_hash,
        "applicant_id_masked": a.id_number.masked, "applicant_phone": a.phone,
        "applicant_home_village": a.home_village_code,
        "special_groups": [g.value for g in a.special_groups],
        "opened_by": _dump(case.opened_by), "opened_at": case.opened_at,
        "status": case.status.value, "version": case.version, "owner": _dump(case.owner),
        "checklist": _CHECKLIST.dump_python(case.checklist, mode="json"),
        "authorization": _dump(case.authorization),
        "notices": _NOTICES.dump_python(case.notices, mode="json"),
        "returns": _RETURNS.dump_python(case.returns, mode="json"),
        "relay_version": case.relay_version, "decision": _dump(case.decision),
        "closed_why": case.closed_why, "receipt": _dump(case.receipt),
        "rating": _dump(case.rating),
    }


def _case(row: Any) -> Case:
    return Case(
        number=row["number"], matter_code=row["matter_code"],
        matter_version=row["matter_version"], village_code=row["village_code"],
        channel=Channel(row["channel"]),
        applicant=Applicant(
            name=row["applicant_name"],
            id_number=ProtectedIdNumber(row["applicant_id_sealed"], row["applicant_id_hash"],
                                        row["applicant_id_masked"]),
            phone=row["applicant_phone"], home_village_code=row["applicant_home_village"],
            special_groups=tuple(SpecialGroup(g) for g in row["special_groups"])),
        opened_by=Actor.model_validate(row["opened_by"]), opened_at=row["opened_at"],
        status=CaseStatus(row["status"]), version=row["version"],
        owner=_load(Actor, row["owner"]),
        checklist=_CHECKLIST.validate_python(row["checklist"]),
        authorization=_load(Authorization, row["authorization"]),
        notices=_NOTICES.validate_python(row["notices"]),
        returns=_RETURNS.validate_python(row["returns"]),
        relay_version=row["relay_version"], decision=_load(Decision, row["decision"]),
        closed_why=row["closed_why"], receipt=_load(Receipt, row["receipt"]),
        rating=_load(Rating, row["rating"]),
    )


def _load(model: type[M], value: Any) -> M | None:
    return None if value is None else model.model_validate(value)
