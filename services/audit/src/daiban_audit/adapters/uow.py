"""Audit's unit of work: the ledger and its checkpoints on one transaction."""

from __future__ import annotations

from typing import Self

from daiban_audit.adapters.checkpoint_repository import PostgresCheckpointRepository
from daiban_audit.adapters.ledger_repository import PostgresLedgerRepository
from daiban_common.db import AsyncUnitOfWork


class PostgresUnitOfWork(AsyncUnitOfWork):
    """The ledger and its checkpoints, committed with the inbox claim and the outbox rows."""

    ledger: PostgresLedgerRepository
    checkpoints: PostgresCheckpointRepository

    async def __aenter__(self) -> Self:
        await super().__aenter__()
        self.ledger = PostgresLedgerRepository(self.session)
        self.checkpoints = PostgresCheckpointRepository(self.session)
        return self
