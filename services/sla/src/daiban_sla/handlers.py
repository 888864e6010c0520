"""SLA's event handlers."""

from __future__ import annotations

from typing import Protocol

from daiban_common.contracts import CaseSubmittedV1
from daiban_sla.domain.model import TrackedCase


class CaseStore(Protocol):
    async def track(self, case: TrackedCase) -> None: ...


class UnitOfWork(Protocol):
    @property
    def cases(self) -> CaseStore: ...


async def track_submitted_case(event: CaseSubmittedV1, uow: UnitOfWork) -> None:
    """Start tracking a case; its clocks start when it is accepted."""
    await uow.cases.track(TrackedCase(event.case_number, event.matter_code, event.village_code,
                                      event.submitted_at))
