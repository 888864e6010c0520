"""The signed checkpoints in Postgres, one row per tree size."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from daiban_audit.adapters.orm import checkpoint
from daiban_audit.domain.checkpoint import SignedCheckpoint


class PostgresCheckpointRepository:
    """Checkpoints are only added; the note is stored as signed and parsed on reading."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, signed: SignedCheckpoint, frontier: Sequence[bytes]) -> bool:
        c = signed.checkpoint
        done = await self._session.execute(
            insert(checkpoint).values(tree_size=c.size, root_hash=c.root, signed_at=c.time,
                                      note=signed.note(), frontier=b"".join(frontier))
            .on_conflict_do_nothing().returning(checkpoint.c.tree_size))
        return done.first() is not None

    async def latest(self) -> SignedCheckpoint | None:
        note = (await self._session.execute(
            select(checkpoint.c.note).order_by(checkpoint.c.tree_size.desc()).limit(1)
        )).scalar_one_or_none()
        return None if note is None else SignedCheckpoint.parse(note)

    async def all(self) -> list[SignedCheckpoint]:
        notes = await self._session.execute(
            select(checkpoint.c.note).order_by(checkpoint.c.tree_size))
        return [SignedCheckpoint.parse(n) for n in notes.scalars()]
