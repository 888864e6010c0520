"""Cases SLA hears of before their clocks start."""

from __future__ import annotations

from daiban_common.contracts import CaseSubmittedV1
from daiban_sla.domain.model import TrackedCase
from daiban_sla.ports import UnitOfWork


async def track_submitted_case(event: CaseSubmittedV1, uow: UnitOfWork) -> None:
    """Start tracking a case; its clocks start when it is accepted."""
    await uow.cases.track(TrackedCase(event.case_number, event.matter_code, event.village_code,
                                      event.submitted_at))
