"""What intake's handlers need from storage; the adapters and the test fakes both provide it."""

from __future__ import annotations

from datetime import date
from types import TracebackType
from typing import Protocol, Self

from daiban_intake.domain.model import Case


class CaseRepositoryPort(Protocol):
    async def next_number_sequence(self, county_code: str, day: date) -> int: ...
    async def add(self, case: Case) -> None: ...
    async def get(self, number: str) -> Case | None: ...


class IdempotencyPort(Protocol):
    async def claim(self, *, principal: str, key: str, fingerprint: str) -> str | None: ...
    async def complete(self, *, principal: str, key: str, result: str) -> None: ...


class UnitOfWork(Protocol):
    @property
    def cases(self) -> CaseRepositoryPort: ...
    @property
    def idempotency(self) -> IdempotencyPort: ...

    async def __aenter__(self) -> Self: ...
    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...
    async def commit(self) -> object: ...
