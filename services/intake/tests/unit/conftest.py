"""In-memory stand-ins for intake's ports, for unit tests of the handlers."""

from __future__ import annotations

from datetime import date
from types import TracebackType
from typing import Self

import pytest

from daiban_common.events import EventData
from daiban_intake.domain.model import Case
from daiban_intake.ports import CaseRepositoryPort, IdempotencyPort, UnitOfWork


class FakeCases(CaseRepositoryPort):
    def __init__(self) -> None:
        self.rows: dict[str, Case] = {}
        self.sequences: dict[tuple[str, date], int] = {}

    async def next_number_sequence(self, county_code: str, day: date) -> int:
        self.sequences[(county_code, day)] = self.sequences.get((county_code, day), 0) + 1
        return self.sequences[(county_code, day)]

    async def add(self, case: Case) -> None:
        self.rows[case.number] = case

    async def get(self, number: str) -> Case | None:
        return self.rows.get(number)


class FakeIdempotency(IdempotencyPort):
    def __init__(self) -> None:
        self.keys: dict[tuple[str, str], tuple[str, str | None]] = {}

    async def claim(self, *, principal: str, key: str, fingerprint: str) -> str | None:
        from daiban_common.errors import FieldProblem, InvalidInput

        if (principal, key) not in self.keys:
            self.keys[(principal, key)] = (fingerprint, None)
            return None
        stored, result = self.keys[(principal, key)]
        if stored != fingerprint:
            raise InvalidInput(FieldProblem("Idempotency-Key", "different request"))
        return result

    async def complete(self, *, principal: str, key: str, result: str) -> None:
        self.keys[(principal, key)] = (self.keys[(principal, key)][0], result)


class FakeUnitOfWork(UnitOfWork):
    """Shares its stores across transactions, as the database would."""

    def __init__(self) -> None:
        self._cases = FakeCases()
        self._idempotency = FakeIdempotency()
        self.published: list[EventData] = []
        self.commits = 0

    @property
    def cases(self) -> FakeCases:
        return self._cases

    @property
    def idempotency(self) -> FakeIdempotency:
        return self._idempotency

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, exc_type: type[BaseException] | None,
                        exc: BaseException | None, tb: TracebackType | None) -> None:
        return None

    async def commit(self) -> None:
        self.commits += 1
        for case in self._cases.rows.values():
            self.published.extend(case.events)
            case.events.clear()


@pytest.fixture
def uow() -> FakeUnitOfWork:
    """A fresh in-memory unit of work."""
    return FakeUnitOfWork()
