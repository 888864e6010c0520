"""Staff commands on a case in the relay: load → domain move → save (version-checked) → commit.

Two commands on one case cannot both win: the case row is written only if its version is still
the one loaded (``CaseChangedMeanwhile``, 409, for the loser).
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import TypeVar
from zoneinfo import ZoneInfo

from daiban_kernel.actor import Actor
from daiban_kernel.contracts.case import MissingItem
from daiban_kernel.contracts.matter import Tier
from daiban_kernel.contracts.relay import Delivery, Outcome
from daiban_routing.domain.errors import CaseNotFound, OutsideJurisdiction, RecordNotFound
from daiban_routing.domain.handover import Handover
from daiban_routing.domain.model import RoutedCase
from daiban_routing.domain.route import Choice, choose, place_of
from daiban_routing.handlers.master import IdempotencyClaim
from daiban_routing.ports import UnitOfWork

T = TypeVar("T")
CHINA = ZoneInfo("Asia/Shanghai")
Now = Callable[[], datetime]


@dataclass(frozen=True)
class ResultIn:
    """How a result was delivered."""

    method: Delivery
    tracking_number: str | None
    delivered_on: date | None


async def holder_at(uow: UnitOfWork, case: RoutedCase, tier: Tier, *,
                    department: str | None = None, prefer: str | None = None) -> Choice | None:
    """The member who should hold the case at a tier (see ``route.choose``)."""
    staff = [r.value for r in await uow.staff.at_place(place_of(tier, case.village_code))]
    workload = await uow.cases.workload([m.staff_id for m in staff])
    return choose(staff, workload, tier=tier,
                  department=department or case.the_route().department_code, prefer=prefer)


async def loaded(uow: UnitOfWork, number: str, actor: Actor) -> RoutedCase:
    """The case, if it lies in the actor's jurisdiction."""
    case = await uow.cases.get(number)
    if case is None:
        raise CaseNotFound(f"no case {number}")
    if not case.village_code.startswith(actor.place):
        raise OutsideJurisdiction(f"case {number} lies outside {actor.place}")
    return case


async def _change(number: str, actor: Actor, uow: UnitOfWork,
                  step: Callable[[RoutedCase], Awaitable[T]]) -> T:
    async with uow:
        case = await loaded(uow, number, actor)
        expected = case.version
        result = await step(case)
        await uow.cases.save(case, expected_version=expected)
        await uow.commit()
    return result


async def hand_over_case(number: str, actor: Actor, *, uow: UnitOfWork, now: Now,
                         claim: IdempotencyClaim | None = None) -> Handover:
    """Pass the baton up, or the decided result down to the village; returns the handover."""
    async with uow:
        if claim is not None:
            prior = await uow.idempotency.claim(principal=claim.principal, key=claim.key,
                                                fingerprint=claim.fingerprint)
            if prior is not None:
                found = await uow.cases.handover(prior)
                assert found is not None, "a completed key names a stored handover"
                return found
        case = await loaded(uow, number, actor)
        expected, handover_id = case.version, uuid.uuid4().hex
        if case.decision is None:
            receiver = await holder_at(uow, case, case.next_up())
            handover = case.hand_over(by=actor, at=now(), handover_id=handover_id,
                                      receiver=receiver)
        else:
            receiver = await holder_at(uow, case, Tier.VILLAGE, prefer=_first_agent(case))
            handover = case.hand_down(by=actor, at=now(), handover_id=handover_id,
                                      receiver=receiver)
        await uow.cases.save(case, expected_version=expected)
        if claim is not None:
            await uow.idempotency.complete(principal=claim.principal, key=claim.key,
                                           result=handover_id)
        await uow.commit()
    return handover


def _first_agent(case: RoutedCase) -> str | None:
    return None if case.accepted_by is None else case.accepted_by.staff_id


async def acknowledge_handover(number: str, handover_id: str, actor: Actor, *,
                               uow: UnitOfWork, now: Now) -> RoutedCase:
    """The receiving tier acknowledges a handover; whoever acknowledges holds the case."""
    async def step(case: RoutedCase) -> RoutedCase:
        taker = None
        if case.holder is None or case.holder.staff_id != actor.staff_id:
            record = await uow.staff.get((actor.staff_id,))
            taker = None if record is None else Choice(record.value, "reassigned")
        case.receive(handover_id, by=actor, at=now(), taker=taker)
        return case

    return await _change(number, actor, uow, step)


async def return_case(number: str, actor: Actor, reasons: tuple[MissingItem, ...], *,
                      uow: UnitOfWork, now: Now) -> RoutedCase:
    """Return the case to the village for correction, with what is wrong."""
    async def step(case: RoutedCase) -> RoutedCase:
        village = await holder_at(uow, case, Tier.VILLAGE, prefer=_first_agent(case)) \
            if case.route is not None else None
        case.return_for_correction(by=actor, at=now(), reasons=reasons, village_holder=village)
        return case

    return await _change(number, actor, uow, step)


async def decide_case(number: str, actor: Actor, outcome: Outcome, reason: str | None, *,
                      uow: UnitOfWork, now: Now) -> RoutedCase:
    """Approve, or reject with a reason, at the deciding tier."""
    async def step(case: RoutedCase) -> RoutedCase:
        case.decide(by=actor, at=now(), outcome=outcome, reason=reason)
        return case

    return await _change(number, actor, uow, step)


async def deliver_result(number: str, actor: Actor, result: ResultIn, *, uow: UnitOfWork,
                         now: Now) -> RoutedCase:
    """Record how the result reached the resident."""
    async def step(case: RoutedCase) -> RoutedCase:
        at = now()
        case.deliver(by=actor, at=at, method=result.method,
                     tracking_number=result.tracking_number,
                     delivered_on=result.delivered_on or at.astimezone(CHINA).date())
        return case

    return await _change(number, actor, uow, step)


async def close_case(number: str, actor: Actor, *, uow: UnitOfWork, now: Now) -> RoutedCase:
    """Close a delivered case."""
    async def step(case: RoutedCase) -> RoutedCase:
        case.close(by=actor, at=now())
        return case

    return await _change(number, actor, uow, step)


async def reassign_case(number: str, staff_id: str, by: Actor, *, uow: UnitOfWork,
                        now: Now) -> RoutedCase:
    """A supervisor (or admin) gives the case to another member of the tier holding it."""
    async def step(case: RoutedCase) -> RoutedCase:
        record = await uow.staff.get((staff_id,))
        if record is None:
            raise RecordNotFound(f"no staff member {staff_id}")
        case.reassign(record.value, by=by, at=now())
        return case

    return await _change(number, by, uow, step)
