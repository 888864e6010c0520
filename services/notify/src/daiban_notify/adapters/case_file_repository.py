"""Notify's case files in Postgres."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from daiban_kernel.contracts.matter import Tier
from daiban_notify.adapters.orm import case_files
from daiban_notify.domain.case_file import CaseFile

MERGED = ("applicant_name", "agent_id", "owner_id", "resident_phone", "holding_tier")
"""The fields a save fills in when it knows them and keeps when it does not."""


class PostgresCaseFileRepository:
    """What notify knows of each case."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get(self, case_number: str) -> CaseFile | None:
        """A case file, or None."""
        r = (await self._session.execute(select(case_files).where(
            case_files.c.case_number == case_number))).mappings().first()
        if r is None:
            return None
        return CaseFile(
            case_number=r["case_number"], village_code=r["village_code"],
            matter_code=r["matter_code"], matter_version=r["matter_version"],
            applicant_name=r["applicant_name"], agent_id=r["agent_id"], owner_id=r["owner_id"],
            resident_phone=r["resident_phone"],
            holders={Tier(k): v for k, v in r["holders"].items()},
            holding_tier=None if r["holding_tier"] is None else Tier(r["holding_tier"]))

    async def save(self, case_file: CaseFile) -> None:
        """Insert, or merge into the row a concurrent event of the same case may have written
        since this one read it (``case.submitted`` and ``case.assigned`` are handled at once):
        what this file knows is added, what it does not know is kept, never blanked."""
        f = case_file
        values = {
            "case_number": f.case_number, "village_code": f.village_code,
            "matter_code": f.matter_code, "matter_version": f.matter_version,
            "applicant_name": f.applicant_name, "agent_id": f.agent_id, "owner_id": f.owner_id,
            "resident_phone": f.resident_phone,
            "holders": {t.value: s for t, s in f.holders.items()},
            "holding_tier": None if f.holding_tier is None else f.holding_tier.value,
        }
        stmt = insert(case_files).values(**values)
        merged: dict[str, Any] = {k: func.coalesce(stmt.excluded[k], case_files.c[k])
                                  for k in MERGED}
        merged["holders"] = case_files.c.holders.op("||")(stmt.excluded.holders)
        await self._session.execute(stmt.on_conflict_do_update(
            index_elements=["case_number"], set_=merged))
