"""Events that move cases: intake's (submitted, accepted, supplemented, withdrawn) and sla's
(a stage timed out).

The consumer commits with the inbox row; these handlers do not commit. Each is idempotent by the
case's state: an event the case has moved past changes nothing. A version conflict with a
concurrent command raises, and the redelivered event runs again on the new state.
"""

from __future__ import annotations

import logging

from daiban_kernel.clock import Ids
from daiban_kernel.contracts.case import (
    CaseAcceptedV1,
    CaseSubmittedV1,
    CaseSupplementedV1,
    CaseWithdrawnV1,
)
from daiban_kernel.contracts.matter import Tier
from daiban_kernel.contracts.sla import SlaTimedOutV1
from daiban_routing.domain.case import RoutedCase, TimeoutEffect
from daiban_routing.domain.errors import CaseChangedMeanwhile, MatterVersionUnknown
from daiban_routing.domain.flow import FlowState
from daiban_routing.domain.route import Route
from daiban_routing.handlers.relay import holder_at
from daiban_routing.ports import UnitOfWork

log = logging.getLogger(__name__)


async def record_submitted_case(event: CaseSubmittedV1, uow: UnitOfWork) -> None:
    """A case submitted at a village is known to routing (state ``submitted``)."""
    await uow.cases.add(RoutedCase.arrive(number=event.case_number,
                                          matter_code=event.matter_code,
                                          village_code=event.village_code,
                                          at=event.submitted_at,
                                          matter_version=event.matter_version,
                                          submitted_by=event.submitted_by))


async def _store(uow: UnitOfWork, case: RoutedCase, *, new: bool, expected: int) -> None:
    if not new:
        await uow.cases.save(case, expected_version=expected)
    elif not await uow.cases.add(case):
        raise CaseChangedMeanwhile(f"case {case.number} arrived meanwhile; retrying")


async def route_accepted_case(event: CaseAcceptedV1, uow: UnitOfWork) -> None:
    """Intake accepted the case: route it by its matter version and give it at the village to
    its first-inquiry owner (首问负责: the one ``case.accepted`` names, else the agent who
    submitted it), not to whoever pressed review: one owner until baton 1."""
    case = await uow.cases.get(event.case.case_number)
    new = case is None
    case = case or RoutedCase.known_from(event.case, at=event.at)
    if case.state is not FlowState.SUBMITTED:
        return
    entry = await uow.matters.get(event.case.matter_code, event.case.matter_version)
    if entry is None or entry.matter is None:
        raise MatterVersionUnknown(f"matter {event.case.matter_code} version "
                                   f"{event.case.matter_version} has not reached routing")
    expected, route = case.version, Route.of(entry.matter)
    owner = event.owner or case.owner or event.by
    holder = await holder_at(uow, case, Tier.VILLAGE, department=route.department_code,
                             prefer=owner.staff_id)
    case.route_accepted(route, by=event.by, owner=event.owner, at=event.at, holder=holder)
    await _store(uow, case, new=new, expected=expected)


async def resume_supplemented_case(event: CaseSupplementedV1, uow: UnitOfWork) -> None:
    """The resident supplemented what a return asked: the case goes back where it was."""
    case = await uow.cases.get(event.case.case_number)
    if case is None or case.returned is None \
            or event.return_flow_version != case.returned.flow_version:
        return
    expected = case.version
    holder = await holder_at(uow, case, case.returned.tier, prefer=case.returned.by.staff_id)
    if case.resume(return_flow_version=event.return_flow_version, at=event.at, holder=holder):
        await uow.cases.save(case, expected_version=expected)


async def withdraw_case(event: CaseWithdrawnV1, uow: UnitOfWork) -> None:
    """The resident withdrew: the case closes wherever it is (why = withdrawn)."""
    case = await uow.cases.get(event.case.case_number)
    new = case is None
    case = case or RoutedCase.known_from(event.case, at=event.at)
    expected = case.version
    if case.withdraw(reason=event.reason, by=event.by, at=event.at):
        await _store(uow, case, new=new, expected=expected)


async def time_out_stage(event: SlaTimedOutV1, uow: UnitOfWork, *, ids: Ids) -> None:
    """A stage timed out: deemed passed where the matter allows it, else recorded as escalated."""
    case = await uow.cases.get(event.case.case_number)
    if case is None or event.stage is None:
        return
    expected = case.version
    upper = case.deemed_next(event.stage)
    receiver = None if upper is None else await holder_at(uow, case, upper)
    effect = case.time_out(event.stage, at=event.at, handover_id=ids(),
                           receiver=receiver)
    if effect is TimeoutEffect.ESCALATED:
        log.warning("case %s: the %s stage timed out without timeout default; escalated",
                    case.number, event.stage.value)
    if effect is not TimeoutEffect.IGNORED:
        await uow.cases.save(case, expected_version=expected)
