"""Cases arriving from intake."""

from __future__ import annotations

from daiban_common.contracts import CaseSubmittedV1
from daiban_routing.domain.model import RoutedCase
from daiban_routing.ports import UnitOfWork


async def record_submitted_case(event: CaseSubmittedV1, uow: UnitOfWork) -> None:
    """A case submitted at a village enters the relay."""
    await uow.cases.add(RoutedCase.arrive(number=event.case_number,
                                          matter_code=event.matter_code,
                                          village_code=event.village_code,
                                          at=event.submitted_at))
