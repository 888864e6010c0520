"""In-memory stand-ins for ports that every service shares, for unit tests of handlers."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from types import TracebackType
from typing import Any, Self

from daiban_common.idempotency import Retry, RetryKey
from daiban_kernel.errors import FieldProblem, InvalidInput
from daiban_kernel.events import EventData


class FakeIdempotency:
    """``daiban_common.idempotency.IdempotencyKeys`` without a database: same answers."""

    def __init__(self) -> None:
        self.keys: dict[tuple[str, str], tuple[str, str | None]] = {}

    async def claim(self, *, principal: str, key: str, fingerprint: str) -> str | None:
        """None if this request owns the key now; else what the first request created."""
        if (principal, key) not in self.keys:
            self.keys[(principal, key)] = (fingerprint, None)
            return None
        stored, result = self.keys[(principal, key)]
        if stored != fingerprint:
            raise InvalidInput(FieldProblem(
                "Idempotency-Key", "already used for a different request; use a new key"))
        return result

    async def complete(self, *, principal: str, key: str, result: str) -> None:
        """Record what the request created."""
        self.keys[(principal, key)] = (self.keys[(principal, key)][0], result)


class FakeUnitOfWork:
    """The base of every service's fake unit of work: events, commits, rollbacks and
    idempotency keys kept in memory, with the Postgres adapter's answers.

    A service's fake subclasses it and adds its fake repositories; an aggregate a repository
    hands out is appended to ``seen`` so that ``commit`` collects its events, as the adapter's."""

    def __init__(self) -> None:
        self.committed: list[EventData] = []
        """Every event committed so far, in order."""
        self.commits = 0
        self.rollbacks = 0
        self.idempotency = FakeIdempotency()
        self.seen: list[Any] = []
        self._pending: list[EventData] = []

    async def __aenter__(self) -> Self:
        self._pending = []
        return self

    async def __aexit__(self, exc_type: type[BaseException] | None,
                        exc: BaseException | None, tb: TracebackType | None) -> None:
        if self._pending or any(getattr(a, "events", None) for a in self.seen):
            await self.rollback()

    def emit(self, *events: EventData) -> None:
        """Queue events that belong to no aggregate."""
        self._pending.extend(events)

    async def commit(self) -> list[EventData]:
        """Keep the queued and recorded events as committed."""
        events = list(self._pending)
        self._pending.clear()
        for aggregate in self.seen:
            events.extend(aggregate.events)
            aggregate.events.clear()
        self.committed.extend(events)
        self.commits += 1
        return events

    async def rollback(self) -> None:
        """Forget what was queued."""
        self._pending.clear()
        for aggregate in self.seen:
            getattr(aggregate, "events", []).clear()
        self.rollbacks += 1

    @asynccontextmanager
    async def idempotent(self, key: RetryKey | None) -> AsyncIterator[Retry]:
        """As ``AsyncUnitOfWork.idempotent``."""
        if key is None:
            yield Retry(prior=None)
            return
        retry = Retry(prior=await self.idempotency.claim(
            principal=key.principal, key=key.key, fingerprint=key.fingerprint))
        yield retry
        if retry.prior is None and retry.result is not None:
            await self.idempotency.complete(principal=key.principal, key=key.key,
                                            result=retry.result)


@dataclass
class Moment:
    """A clock the test moves: ``now`` is what every handler sees as the time."""

    now: datetime

    def __call__(self) -> datetime:
        return self.now

    def advance(self, by: timedelta) -> None:
        self.now += by
