"""Complaints in Postgres; every complaint added or loaded is tracked for its events."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from daiban_common.db import Aggregate
from daiban_intake.adapters.orm import complaints
from daiban_intake.domain.complaint import Answer, Complaint
from daiban_intake.ports import ComplaintQuery
from daiban_kernel.actor import Actor


class PostgresComplaintRepository:
    """Complaints, newest first by their sequence."""

    def __init__(self, session: AsyncSession, seen: list[Aggregate]) -> None:
        self._session = session
        self._seen = seen

    async def add(self, complaint: Complaint) -> None:
        """Insert a new complaint."""
        await self._session.execute(complaints.insert().values(id=complaint.id,
                                                               **_row(complaint)))
        self._seen.append(complaint)

    async def get(self, complaint_id: str, *, lock: bool = False) -> Complaint | None:
        """The complaint, or None."""
        stmt = select(complaints).where(complaints.c.id == complaint_id)
        if lock:
            stmt = stmt.with_for_update()
        row = (await self._session.execute(stmt)).mappings().first()
        if row is None:
            return None
        complaint = _complaint(row)
        self._seen.append(complaint)
        return complaint

    async def save(self, complaint: Complaint) -> None:
        """Write the complaint's state."""
        await self._session.execute(complaints.update().where(
            complaints.c.id == complaint.id).values(**_row(complaint)))

    async def page(self, query: ComplaintQuery, *, before: int | None, limit: int
                   ) -> list[tuple[int, Complaint]]:
        """Complaints matching the query, newest first, with their sequence (the cursor)."""
        c = complaints.c
        stmt = select(complaints).where(c.place_code.startswith(query.place, autoescape=True))
        if query.answered is not None:
            stmt = stmt.where(c.answer.isnot(None) if query.answered else c.answer.is_(None))
        if query.case_number is not None:
            stmt = stmt.where(c.case_number == query.case_number)
        if before is not None:
            stmt = stmt.where(c.seq < before)
        rows = (await self._session.execute(
            stmt.order_by(c.seq.desc()).limit(limit))).mappings().all()
        return [(row["seq"], _complaint(row)) for row in rows]


def _row(c: Complaint) -> dict[str, Any]:
    answer = None if c.answer is None else {
        "text": c.answer.text, "by": c.answer.by.model_dump(mode="json"),
        "at": c.answer.at.isoformat()}
    return {"case_number": c.case_number, "place_code": c.place_code, "summary": c.summary,
            "from_rating": c.from_rating,
            "filed_by": None if c.filed_by is None else c.filed_by.model_dump(mode="json"),
            "filed_at": c.filed_at, "answer": answer, "version": c.version}


def _complaint(row: Any) -> Complaint:
    a = row["answer"]
    answer = None if a is None else Answer(a["text"], Actor.model_validate(a["by"]),
                                           datetime.fromisoformat(a["at"]))
    return Complaint(
        id=row["id"], case_number=row["case_number"], place_code=row["place_code"],
        summary=row["summary"], from_rating=row["from_rating"],
        filed_by=None if row["filed_by"] is None else Actor.model_validate(row["filed_by"]),
        filed_at=row["filed_at"], answer=answer, version=row["version"])
