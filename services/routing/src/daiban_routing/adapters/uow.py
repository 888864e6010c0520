"""Routing's unit of work."""

from __future__ import annotations

from typing import Self

from daiban_common.db import AsyncUnitOfWork
from daiban_routing.adapters.repository import RoutedCaseRepository


class RoutingUnitOfWork(AsyncUnitOfWork):
    """Routed cases, committed with their outbox rows and inbox claims."""

    cases: RoutedCaseRepository

    async def __aenter__(self) -> Self:
        await super().__aenter__()
        self.cases = RoutedCaseRepository(self.session, self.seen)
        return self
