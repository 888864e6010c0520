"""Routing's event handlers: load → domain → (the consumer commits with the inbox row)."""

from __future__ import annotations

from typing import Protocol

from daiban_common.contracts import CaseSubmittedV1
from daiban_routing.domain.model import RoutedCase


class CaseStore(Protocol):
    async def add(self, case: RoutedCase) -> bool: ...
    async def get(self, number: str) -> RoutedCase | None: ...


class UnitOfWork(Protocol):
    @property
    def cases(self) -> CaseStore: ...


async def record_submitted_case(event: CaseSubmittedV1, uow: UnitOfWork) -> None:
    """A case submitted at a village enters the relay."""
    await uow.cases.add(RoutedCase.arrive(number=event.case_number,
                                          matter_code=event.matter_code,
                                          village_code=event.village_code,
                                          at=event.submitted_at))
