"""Routing's HTTP routes for cases in the relay: read one, and act on it.

Acting needs a relay role (agents, clerks, coordinators, department officers); which of them may
do what is the case's to say (the tier holding it, at that tier's place). Refusals are problem+json:
404 for a case outside the caller's jurisdiction (as if it did not exist), 403 outside the tier
holding it, 409 when the case's state does not allow the move, the caller is marked absent, or
someone else changed the case first.
"""

from __future__ import annotations

from fastapi import APIRouter, Response, status

from daiban_common.idempotency import RetryKey
from daiban_routing.api.deps import (
    HandoverId,
    IdempotencyKey,
    Number,
    Overseer,
    Relayer,
    RoutingCommands,
    RoutingQueries,
    Staff,
    within,
)
from daiban_routing.api.schemas.relay import (
    ActionOut,
    AssigneeIn,
    DecisionIn,
    DeliveryIn,
    HandoverOut,
    ReturnIn,
    RoutedCaseOut,
    case_out,
    handover_out,
)
from daiban_routing.handlers.relay import (
    CloseCase,
    DecideCase,
    DeliverResult,
    HandOverCase,
    ReassignCase,
    ReceiveHandover,
    ReturnCase,
)
from daiban_routing.handlers.worklists import CaseOf

router = APIRouter(prefix="/v1", tags=["relay"])


@router.get("/cases/{number}", response_model=RoutedCaseOut)
async def get_case(number: Number, principal: Staff, queries: RoutingQueries) -> RoutedCaseOut:
    """Where a case in the caller's jurisdiction stands in the relay."""
    found = await queries.case_view(CaseOf(number, within(principal)))
    return case_out(found.value, now=found.at)


@router.get("/cases/{number}/history", response_model=list[ActionOut])
async def get_history(number: Number, principal: Staff,
                      queries: RoutingQueries) -> list[ActionOut]:
    """Every action on the case, by whom and when (the case's ledger)."""
    entries = await queries.case_history(CaseOf(number, within(principal)))
    return [ActionOut(move=e.move, flow_version=e.flow_version, by=e.by, at=e.at, note=e.note)
            for e in entries]


@router.post("/cases/{number}/handovers", response_model=HandoverOut,
             status_code=status.HTTP_201_CREATED)
async def hand_over(number: Number, principal: Relayer, commands: RoutingCommands,
                    response: Response, idempotency_key: IdempotencyKey = None) -> HandoverOut:
    """Hand the case up to the next tier, or a decided result down to the village."""
    retry = RetryKey.of(principal=principal.staff_id, key=idempotency_key,
                        request={"handover_of": number})
    done = await commands.hand_over_case(HandOverCase(number, principal, retry))
    response.headers["Location"] = f"/v1/cases/{number}/handovers/{done.value.handover_id}"
    return handover_out(done.value, now=done.at)


@router.post("/cases/{number}/handovers/{handover_id}/acknowledge",
             response_model=RoutedCaseOut)
async def receive_handover(number: Number, handover_id: HandoverId, principal: Relayer,
                           commands: RoutingCommands) -> RoutedCaseOut:
    """Receive a handover (交接): the receiving tier's member takes the case; one marked absent
    cannot (409)."""
    done = await commands.receive_handover(ReceiveHandover(number, handover_id, principal))
    return case_out(done.value, now=done.at)


@router.post("/cases/{number}/return", response_model=RoutedCaseOut)
async def return_for_correction(number: Number, body: ReturnIn, principal: Relayer,
                                commands: RoutingCommands) -> RoutedCaseOut:
    """Return the case to the village for correction, listing what is wrong (退回补正)."""
    done = await commands.return_case(ReturnCase(number, principal, tuple(body.reasons)))
    return case_out(done.value, now=done.at)


@router.post("/cases/{number}/decision", response_model=RoutedCaseOut)
async def decide(number: Number, body: DecisionIn, principal: Relayer,
                 commands: RoutingCommands) -> RoutedCaseOut:
    """Approve, or reject with a reason; only at the deciding tier."""
    done = await commands.decide_case(DecideCase(number, principal, body.outcome, body.reason))
    return case_out(done.value, now=done.at)


@router.post("/cases/{number}/delivery", response_model=RoutedCaseOut)
async def deliver(number: Number, body: DeliveryIn, principal: Relayer,
                  commands: RoutingCommands) -> RoutedCaseOut:
    """Record the result's delivery: collected, mailed (tracking number) or paid to the card."""
    done = await commands.deliver_result(DeliverResult(
        number, principal, body.delivery, body.tracking_number, body.delivered_on))
    return case_out(done.value, now=done.at)


@router.post("/cases/{number}/close", response_model=RoutedCaseOut)
async def close(number: Number, principal: Relayer, commands: RoutingCommands) -> RoutedCaseOut:
    """Close a case whose result was delivered."""
    done = await commands.close_case(CloseCase(number, principal))
    return case_out(done.value, now=done.at)


@router.put("/cases/{number}/assignee", response_model=RoutedCaseOut)
async def reassign(number: Number, body: AssigneeIn, principal: Overseer,
                   commands: RoutingCommands) -> RoutedCaseOut:
    """Give the case to another on-duty member of the tier holding it (reason: reassigned)."""
    done = await commands.reassign_case(ReassignCase(number, body.staff_id, principal))
    return case_out(done.value, now=done.at)
