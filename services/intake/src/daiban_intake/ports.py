"""What intake's handlers need from storage; the adapters and the test fakes both provide it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from types import TracebackType
from typing import Protocol, Self

from daiban_common.contracts.matter import MatterKind, MatterVersion, Tier
from daiban_intake.domain.matter import Matter
from daiban_intake.domain.model import Case


class CaseRepositoryPort(Protocol):
    async def next_number_sequence(self, county_code: str, day: date) -> int: ...
    async def add(self, case: Case) -> None: ...
    async def get(self, number: str) -> Case | None: ...


class IdempotencyPort(Protocol):
    async def claim(self, *, principal: str, key: str, fingerprint: str) -> str | None: ...
    async def complete(self, *, principal: str, key: str, result: str) -> None: ...


@dataclass(frozen=True)
class CatalogueQuery:
    """Which published matters a reader asks for; None means any."""

    department_code: str | None = None
    kind: MatterKind | None = None
    deciding_tier: Tier | None = None
    name_contains: str | None = None


class MatterRepositoryPort(Protocol):
    """The matter catalogue: matters with their current version, and every version ever written.

    ``get_many`` locks the matters it returns for the transaction and tracks them for their
    events; ``add`` refuses a code that exists (MatterAlreadyExists); ``save`` writes the
    matter's state and its current version (a version, once written, is never altered).
    """

    async def get_many(self, codes: Iterable[str]) -> dict[str, Matter]: ...
    async def add(self, matter: Matter) -> None: ...
    async def save(self, matter: Matter) -> None: ...
    async def latest(self, code: str) -> MatterVersion | None: ...
    async def version(self, code: str, version: int) -> MatterVersion | None: ...
    async def published(self, code: str) -> MatterVersion | None: ...
    async def published_page(self, query: CatalogueQuery, *, after: str | None,
                             limit: int) -> list[MatterVersion]: ...
    async def current(self, *, department_code: str | None) -> list[Matter]: ...


class UnitOfWork(Protocol):
    @property
    def cases(self) -> CaseRepositoryPort: ...
    @property
    def matters(self) -> MatterRepositoryPort: ...
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
