"""The ledger in Postgres: appends are serialised on the one head row, so positions follow the
order of commits, and each append stores the roots of the subtrees its entries complete
(``audit.ledger_subtree``); UPDATE, DELETE and TRUNCATE of both are refused by a trigger (see the
migrations)."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import LargeBinary, Select, func, literal, select, tuple_, union_all
from sqlalchemy.dialects.postgresql import aggregate_order_by, insert
from sqlalchemy.ext.asyncio import AsyncSession

from daiban_audit.adapters.orm import ledger, ledger_head, ledger_subtree
from daiban_audit.domain import merkle
from daiban_audit.domain.entry import LedgerEntry, Recorded, Who
from daiban_audit.domain.merkle import Subtree

HASH_SIZE = 32


class PostgresLedgerRepository:
    """Append-only; the head row's lock orders concurrent appenders."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def append(self, recorded: Sequence[Recorded]) -> list[LedgerEntry]:
        if not recorded:
            return []
        await self._session.execute(
            insert(ledger_head).values(id=1, seq=0).on_conflict_do_nothing())
        head, edge_size, edge = (await self._session.execute(
            select(ledger_head.c.seq, ledger_head.c.edge_size, ledger_head.c.right_edge)
            .where(ledger_head.c.id == 1).with_for_update())).one()
        entries = [LedgerEntry.sealed(r, seq=head + n) for n, r in enumerate(recorded, start=1)]
        await self._session.execute(ledger.insert(), [_row(e) for e in entries])
        frontier = await self._right_edge(head, kept=edge if edge_size == head else None)
        completed = frontier.extend_completing(e.leaf_hash for e in entries)
        if completed:
            await self._session.execute(
                insert(ledger_subtree).on_conflict_do_nothing(),
                [{"height": t.height, "idx": t.idx, "root_hash": h} for t, h in completed])
        await self._session.execute(
            ledger_head.update().where(ledger_head.c.id == 1).values(
                seq=frontier.size, edge_size=frontier.size,
                right_edge=b"".join(frontier.hashes)))
        return entries

    async def _right_edge(self, size: int, *, kept: bytes | None) -> merkle.Frontier:
        """The tree's right edge at ``size``: as the head row keeps it, or, when it keeps none
        of that size (after the upgrade, or a bulk load), from the stored roots (a root missing
        too: from its leaves)."""
        if kept is not None and len(kept) == HASH_SIZE * size.bit_count():
            return merkle.Frontier(size, _split(bytes(kept)))
        edge = merkle.subtrees(0, size)
        roots = await self.subtree_roots(edge)
        return merkle.Frontier(size, [
            roots[t] if t in roots else merkle.root(await self.leaf_hashes(t.end, after=t.start))
            for t in edge])

    async def subtree_roots(self, subtrees: Collection[Subtree]) -> dict[Subtree, bytes]:
        leaves = [t.idx + 1 for t in subtrees if t.height == 0]
        inner = [(t.height, t.idx) for t in subtrees if t.height > 0]
        parts: list[Select[tuple[int, int, bytes]]] = []
        if leaves:  # height 0: the ledger's own leaf hashes
            parts.append(select(literal(0), ledger.c.seq - 1, ledger.c.leaf_hash)
                         .where(ledger.c.seq.in_(leaves)))
        if inner:
            parts.append(
                select(ledger_subtree.c.height, ledger_subtree.c.idx, ledger_subtree.c.root_hash)
                .where(tuple_(ledger_subtree.c.height, ledger_subtree.c.idx).in_(inner)))
        if not parts:
            return {}
        rows = await self._session.execute(parts[0] if len(parts) == 1 else union_all(*parts))
        return {Subtree(height, idx): bytes(h) for height, idx, h in rows}

    async def stored_subtrees(self, *, after: Subtree | None, limit: int
                              ) -> list[tuple[Subtree, bytes]]:
        query = (select(ledger_subtree.c.height, ledger_subtree.c.idx, ledger_subtree.c.root_hash)
                 .order_by(ledger_subtree.c.height, ledger_subtree.c.idx).limit(limit))
        if after is not None:
            query = query.where(tuple_(ledger_subtree.c.height, ledger_subtree.c.idx)
                                > tuple_(literal(after.height), literal(after.idx)))
        rows = await self._session.execute(query)
        return [(Subtree(height, idx), bytes(h)) for height, idx, h in rows]

    async def size(self) -> int:
        found = (await self._session.execute(
            select(ledger_head.c.seq).where(ledger_head.c.id == 1))).scalar_one_or_none()
        return int(found or 0)

    async def entry(self, seq: int) -> LedgerEntry | None:
        return await self._one(ledger.c.seq == seq)

    async def entry_of_event(self, event_id: str) -> LedgerEntry | None:
        return await self._one(ledger.c.event_id == event_id)

    async def range(self, *, after: int, limit: int) -> list[LedgerEntry]:
        return await self._many(ledger.c.seq > after, limit=limit)

    async def leaf_hashes(self, size: int, *, after: int = 0) -> list[bytes]:
        # one value of 32 bytes a leaf, not a million rows: string_agg in position order
        nothing = literal(b"", LargeBinary)
        found = (await self._session.execute(
            select(func.count(), func.coalesce(func.string_agg(
                ledger.c.leaf_hash, aggregate_order_by(nothing, ledger.c.seq)), nothing))
            .where(ledger.c.seq > after, ledger.c.seq <= size))).one()
        joined = bytes(found[1])
        if len(joined) != HASH_SIZE * found[0]:  # a leaf hash of another length: read row by row
            rows = await self._session.execute(
                select(ledger.c.leaf_hash).where(ledger.c.seq > after, ledger.c.seq <= size)
                .order_by(ledger.c.seq))
            return [bytes(h) for h in rows.scalars()]
        return _split(joined)

    async def of_subject(self, subject: str, *, limit: int) -> list[LedgerEntry]:
        return await self._many(ledger.c.subject == subject, limit=limit)

    async def of_staff(self, staff_id: str, *, since: datetime, until: datetime, after: int,
                       limit: int) -> list[LedgerEntry]:
        return await self._many(ledger.c.staff_id == staff_id, ledger.c.occurred_at >= since,
                                ledger.c.occurred_at < until, ledger.c.seq > after, limit=limit)

    async def under_place(self, place: str, *, since: datetime, until: datetime, after: int,
                          limit: int) -> list[LedgerEntry]:
        return await self._many(ledger.c.place.startswith(place, autoescape=True),
                                ledger.c.occurred_at >= since, ledger.c.occurred_at < until,
                                ledger.c.seq > after, limit=limit)

    async def _one(self, where: Any) -> LedgerEntry | None:
        row = (await self._session.execute(select(ledger).where(where))).mappings().first()
        return None if row is None else _entry(row)

    async def _many(self, *where: Any, limit: int) -> list[LedgerEntry]:
        rows = (await self._session.execute(
            select(ledger).where(*where).order_by(ledger.c.seq).limit(limit))).mappings().all()
        return [_entry(r) for r in rows]


def _split(joined: bytes) -> list[bytes]:
    """Hashes stored joined (a right edge, an aggregate of leaf hashes), one by one."""
    return [joined[i:i + HASH_SIZE] for i in range(0, len(joined), HASH_SIZE)]


def _row(entry: LedgerEntry) -> dict[str, Any]:
    r = entry.recorded
    return {"seq": entry.seq, "event_id": r.event_id, "event_type": r.event_type,
            "source": r.source, "subject": r.subject, "place": r.place,
            "occurred_at": r.occurred_at, "data": r.data, "leaf_hash": entry.leaf_hash,
            "flow_version": r.flow_version, "happened_at": r.happened_at,
            "staff_id": r.who.staff_id, "staff_name": r.who.staff_name,
            "station_code": r.who.station_code}


def _entry(row: Any) -> LedgerEntry:
    recorded = Recorded(row["event_id"], row["event_type"], row["source"], row["subject"],
                        row["place"], row["occurred_at"], row["data"],
                        flow_version=row["flow_version"], happened_at=row["happened_at"],
                        who=Who(row["staff_id"], row["staff_name"], row["station_code"]))
    return LedgerEntry(row["seq"], recorded, bytes(row["leaf_hash"]))
