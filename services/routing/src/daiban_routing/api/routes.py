"""Routing's HTTP routes for cases in the relay: read one, and act on it.

Acting needs a relay role (agents, clerks, coordinators, department officers); which of them may
do what is the case's to say (the tier holding it, at that tier's place). Refusals are problem+json:
403 outside the caller's jurisdiction or tier, 409 when the case's state does not allow the move
or someone else changed the case first.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Response, status

from daiban_common.api_deps import require_roles
from daiban_common.idempotency import request_hash
from daiban_kernel.actor import Actor
from daiban_kernel.cases import CASE_NUMBER
from daiban_kernel.roles import Role
from daiban_routing.api.deps import IdempotencyKey, RoutingDep, Staff
from daiban_routing.api.relay_schemas import (
    ActionOut,
    AssigneeIn,
    DecisionIn,
    DeliveryIn,
    HandoverOut,
    ReturnIn,
    RoutedCaseOut,
)
from daiban_routing.api.relay_views import case_out, handover_out
from daiban_routing.handlers import relay, worklists
from daiban_routing.handlers.master import IdempotencyClaim

router = APIRouter(prefix="/v1", tags=["relay"])
RELAY_ROLES = (Role.VILLAGE_AGENT, Role.ONLINE_AGENT, Role.TOWN_CLERK,
               Role.COUNTY_COORDINATOR, Role.DEPARTMENT_OFFICER)
Relayer = Annotated[Actor, Depends(require_roles(*RELAY_ROLES))]
Overseer = Annotated[Actor, Depends(require_roles(Role.SUPERVISOR, Role.ADMIN))]
Number = Annotated[str, Path(pattern=CASE_NUMBER, examples=["110116-20261125-000001"])]
HandoverId = Annotated[str, Path(pattern=r"^[A-Za-z0-9_-]{1,64}$")]


def actor(principal: Actor) -> Actor:
    """The acting staff member, as the token names them."""
    return Actor(staff_id=principal.staff_id, role=principal.role, place=principal.place)


def _now() -> datetime:
    return datetime.now(UTC)


@router.get("/cases/{number}", response_model=RoutedCaseOut)
async def get_case(number: Number, principal: Staff, routing: RoutingDep) -> RoutedCaseOut:
    """Where a case in the caller's jurisdiction stands in the relay."""
    case = await worklists.case_view(number, scope=principal.place, uow=routing.uow())
    return case_out(case, now=_now())


@router.get("/cases/{number}/history", response_model=list[ActionOut])
async def get_history(number: Number, principal: Staff, routing: RoutingDep) -> list[ActionOut]:
    """Every action on the case, by whom and when (the case's ledger)."""
    entries = await worklists.case_history(number, scope=principal.place, uow=routing.uow())
    return [ActionOut(move=e.move, flow_version=e.flow_version, by=e.by, at=e.at, note=e.note)
            for e in entries]


@router.post("/cases/{number}/handovers", response_model=HandoverOut,
             status_code=status.HTTP_201_CREATED)
async def hand_over(number: Number, principal: Relayer, routing: RoutingDep, response: Response,
                    idempotency_key: IdempotencyKey = None) -> HandoverOut:
    """Hand the case up to the next tier, or a decided result down to the village."""
    claim = None if idempotency_key is None else IdempotencyClaim(
        principal.staff_id, idempotency_key, request_hash({"handover_of": number}))
    handover = await relay.hand_over_case(number, actor(principal), uow=routing.uow(),
                                          now=_now, claim=claim)
    response.headers["Location"] = f"/v1/cases/{number}/handovers/{handover.handover_id}"
    return handover_out(handover, now=_now())


@router.post("/cases/{number}/handovers/{handover_id}/acknowledge", response_model=RoutedCaseOut)
async def acknowledge(number: Number, handover_id: HandoverId, principal: Relayer,
                      routing: RoutingDep) -> RoutedCaseOut:
    """Acknowledge receipt of a handover (交接); the acknowledging member holds the case."""
    case = await relay.acknowledge_handover(number, handover_id, actor(principal),
                                            uow=routing.uow(), now=_now)
    return case_out(case, now=_now())


@router.post("/cases/{number}/return", response_model=RoutedCaseOut)
async def return_for_correction(number: Number, body: ReturnIn, principal: Relayer,
                                routing: RoutingDep) -> RoutedCaseOut:
    """Return the case to the village for correction, listing what is wrong (退回补正)."""
    case = await relay.return_case(number, actor(principal), tuple(body.reasons),
                                   uow=routing.uow(), now=_now)
    return case_out(case, now=_now())


@router.post("/cases/{number}/decision", response_model=RoutedCaseOut)
async def decide(number: Number, body: DecisionIn, principal: Relayer,
                 routing: RoutingDep) -> RoutedCaseOut:
    """Approve, or reject with a reason; only at the deciding tier."""
    case = await relay.decide_case(number, actor(principal), body.outcome, body.reason,
                                   uow=routing.uow(), now=_now)
    return case_out(case, now=_now())


@router.post("/cases/{number}/delivery", response_model=RoutedCaseOut)
async def deliver(number: Number, body: DeliveryIn, principal: Relayer,
                  routing: RoutingDep) -> RoutedCaseOut:
    """Record the result's delivery: collected, mailed (tracking number) or paid to the card."""
    result = relay.ResultIn(body.delivery, body.tracking_number, body.delivered_on)
    case = await relay.deliver_result(number, actor(principal), result, uow=routing.uow(),
                                      now=_now)
    return case_out(case, now=_now())


@router.post("/cases/{number}/close", response_model=RoutedCaseOut)
async def close(number: Number, principal: Relayer, routing: RoutingDep) -> RoutedCaseOut:
    """Close a case whose result was delivered."""
    case = await relay.close_case(number, actor(principal), uow=routing.uow(), now=_now)
    return case_out(case, now=_now())


@router.put("/cases/{number}/assignee", response_model=RoutedCaseOut)
async def reassign(number: Number, body: AssigneeIn, principal: Overseer,
                   routing: RoutingDep) -> RoutedCaseOut:
    """Give the case to another on-duty member of the tier holding it (reason: reassigned)."""
    case = await relay.reassign_case(number, body.staff_id, actor(principal), uow=routing.uow(),
                                     now=_now)
    return case_out(case, now=_now())
