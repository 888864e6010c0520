"""Audit's unit of work."""

from __future__ import annotations

from typing import Self

from daiban_audit.adapters.repository import Ledger
from daiban_common.db import AsyncUnitOfWork


class AuditUnitOfWork(AsyncUnitOfWork):
    """The ledger, committed with the inbox claim."""

    ledger: Ledger

    async def __aenter__(self) -> Self:
        await super().__aenter__()
        self.ledger = Ledger(self.session)
        return self
