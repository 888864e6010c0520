"""``Idempotency-Key`` for creating POSTs: a retried request returns what the first one created.

The key is claimed at the start of the creating transaction (``uow.idempotent(key)``). A
concurrent retry blocks on the claimed row until the first transaction ends, then sees its result;
a retry with a different body under the same key is refused.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Column, DateTime, MetaData, PrimaryKeyConstraint, String, Table, func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from daiban_kernel.errors import FieldProblem, InvalidInput

KEY_PATTERN = r"^[A-Za-z0-9_.:-]{8,128}$"


@dataclass(frozen=True)
class RetryKey:
    """A request's ``Idempotency-Key``, whose it is, and the fingerprint of what it asked."""

    principal: str
    key: str
    fingerprint: str

    @classmethod
    def of(cls, *, principal: str, key: str | None, request: Any) -> RetryKey | None:
        """The key of a request, or None when it came without one."""
        return None if key is None else cls(principal, key, request_hash(request))


@dataclass
class Retry:
    """Inside ``uow.idempotent``: what an earlier request under the key created, or the result
    this one records."""

    prior: str | None
    result: str | None = None

    def record(self, result: str) -> None:
        """What this request created, returned to its retries."""
        self.result = result


def idempotency_table(metadata: MetaData) -> Table:
    """The keys already used, by principal, with what they created."""
    return Table(
        "idempotency_keys",
        metadata,
        Column("principal", String(64), nullable=False),
        Column("key", String(128), nullable=False),
        Column("request_hash", String(64), nullable=False),
        Column("result", String(128)),
        Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
        PrimaryKeyConstraint("principal", "key"),
    )


def request_hash(payload: Any) -> str:
    """A stable hash of a request body."""
    canonical = json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


class IdempotencyKeys:
    """Claims and completes keys inside the caller's transaction."""

    def __init__(self, table: Table, session: AsyncSession) -> None:
        self._table = table
        self._session = session

    async def claim(self, *, principal: str, key: str, fingerprint: str) -> str | None:
        """None if this request owns the key now; else the id the first request created."""
        t = self._table
        inserted = await self._session.execute(
            insert(t).values(principal=principal, key=key, request_hash=fingerprint)
            .on_conflict_do_nothing().returning(t.c.key)
        )
        if inserted.first() is not None:
            return None
        row = (await self._session.execute(
            select(t.c.request_hash, t.c.result).where(t.c.principal == principal, t.c.key == key)
        )).one()
        if row.request_hash != fingerprint:
            raise InvalidInput(FieldProblem(
                "Idempotency-Key", "already used for a different request; use a new key"))
        return str(row.result)

    async def complete(self, *, principal: str, key: str, result: str) -> None:
        """Record what the request created."""
        t = self._table
        await self._session.execute(
            t.update().where(t.c.principal == principal, t.c.key == key).values(result=result)
        )
