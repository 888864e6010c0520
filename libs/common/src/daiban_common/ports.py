"""What every service's handlers need of a unit of work, whatever repositories it carries."""

from __future__ import annotations

from contextlib import AbstractAsyncContextManager
from types import TracebackType
from typing import Protocol, Self

from daiban_common.idempotency import Retry, RetryKey
from daiban_kernel.events import EventData


class UnitOfWorkPort(Protocol):
    """One transaction: entered, committed, and rolled back on leaving if not committed.

    A service's ``ports.UnitOfWork`` extends this with its repositories; the Postgres adapter
    (``daiban_common.db.AsyncUnitOfWork``) and the test fakes (``tests.support.fakes``) both
    satisfy it.
    """

    async def __aenter__(self) -> Self: ...
    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...
    async def commit(self) -> object: ...
    def emit(self, *events: EventData) -> None: ...
    def idempotent(self, key: RetryKey | None) -> AbstractAsyncContextManager[Retry]: ...
