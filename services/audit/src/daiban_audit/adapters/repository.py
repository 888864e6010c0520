"""The ledger in Postgres: appends are serialised on the one head row."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from daiban_audit.adapters.orm import ledger, ledger_head
from daiban_audit.domain.model import GENESIS, LedgerEntry, Recorded, seal


class Ledger:
    """Append-only; the head row's lock orders concurrent appenders."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def append(self, recorded: Recorded) -> LedgerEntry:
        """Seal and store the next entry."""
        await self._session.execute(
            insert(ledger_head).values(id=1, seq=0, hash=GENESIS).on_conflict_do_nothing())
        head = (await self._session.execute(
            select(ledger_head.c.seq, ledger_head.c.hash).where(ledger_head.c.id == 1)
            .with_for_update())).one()
        entry = seal(recorded, seq=head.seq + 1, prev_hash=head.hash)
        r = entry.recorded
        await self._session.execute(ledger.insert().values(
            seq=entry.seq, event_id=r.event_id, event_type=r.event_type, source=r.source,
            subject=r.subject, place=r.place, occurred_at=r.occurred_at, data=r.data,
            prev_hash=entry.prev_hash, hash=entry.hash))
        await self._session.execute(
            ledger_head.update().where(ledger_head.c.id == 1)
            .values(seq=entry.seq, hash=entry.hash))
        return entry

    async def of_subject(self, subject: str, *, after: int, limit: int) -> list[LedgerEntry]:
        """Entries about one subject, in ledger order, after seq ``after``."""
        rows = (await self._session.execute(
            select(ledger).where(ledger.c.subject == subject, ledger.c.seq > after)
            .order_by(ledger.c.seq).limit(limit))).mappings().all()
        return [_entry(r) for r in rows]

    async def range(self, *, after: int, limit: int) -> list[LedgerEntry]:
        """The whole chain in order, a page at a time (for verification)."""
        rows = (await self._session.execute(
            select(ledger).where(ledger.c.seq > after).order_by(ledger.c.seq).limit(limit)
        )).mappings().all()
        return [_entry(r) for r in rows]


def _entry(row: Any) -> LedgerEntry:
    recorded = Recorded(row["event_id"], row["event_type"], row["source"], row["subject"],
                        row["place"], row["occurred_at"], row["data"])
    return LedgerEntry(row["seq"], recorded, row["prev_hash"], row["hash"])
