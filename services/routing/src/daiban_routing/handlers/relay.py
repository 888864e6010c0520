"""Staff commands on a case in the relay: load → domain move → save (version-checked) → commit.

Two commands on one case cannot both win: the case row is written only if its version is still
the one loaded (``CaseChangedMeanwhile``, 409, for the loser). A case outside the actor's
jurisdiction is not found (404), whatever the command.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date

from daiban_common.idempotency import RetryKey
from daiban_kernel.actor import Actor
from daiban_kernel.china import CHINA
from daiban_kernel.clock import Clock, Ids
from daiban_kernel.contracts.case import MissingItem
from daiban_kernel.contracts.matter import Tier
from daiban_kernel.contracts.relay import Delivery, Outcome
from daiban_routing.domain.case import RoutedCase
from daiban_routing.domain.errors import CaseNotFound, HandoverNotFound, RecordNotFound
from daiban_routing.domain.handover import Handover
from daiban_routing.domain.route import Choice, choose, place_of
from daiban_routing.handlers.worklists import AsOf
from daiban_routing.ports import UnitOfWork


@dataclass(frozen=True)
class HandOverCase:
    """Pass the baton up, or the decided result down to the village."""

    number: str
    by: Actor
    retry: RetryKey | None = None


@dataclass(frozen=True)
class ReceiveHandover:
    """The receiving tier receives a handover (交接): whoever receives it holds the case."""

    number: str
    handover_id: str
    by: Actor


@dataclass(frozen=True)
class ReturnCase:
    """Return the case to the village for correction (退回补正), with what is wrong."""

    number: str
    by: Actor
    reasons: tuple[MissingItem, ...]


@dataclass(frozen=True)
class DecideCase:
    """Approve, or reject with a reason."""

    number: str
    by: Actor
    outcome: Outcome
    reason: str | None


@dataclass(frozen=True)
class DeliverResult:
    """How the result reached the resident; ``delivered_on`` defaults to today in China."""

    number: str
    by: Actor
    method: Delivery
    tracking_number: str | None
    delivered_on: date | None


@dataclass(frozen=True)
class CloseCase:
    """Close a delivered case."""

    number: str
    by: Actor


@dataclass(frozen=True)
class ReassignCase:
    """A supervisor (or admin) gives the case to another member of the tier holding it."""

    number: str
    staff_id: str
    by: Actor


async def holder_at(uow: UnitOfWork, case: RoutedCase, tier: Tier, *,
                    department: str | None = None, prefer: str | None = None) -> Choice | None:
    """The member who should hold the case at a tier (see ``route.choose``)."""
    staff = [r.value for r in await uow.staff.at_place(place_of(tier, case.village_code))]
    workload = await uow.cases.workload([m.staff_id for m in staff])
    return choose(staff, workload, tier=tier,
                  department=department or case.the_route().department_code, prefer=prefer)


async def loaded(uow: UnitOfWork, number: str, actor: Actor) -> RoutedCase:
    """The case, if it lies in the actor's jurisdiction; else it is not found."""
    case = await uow.cases.get(number)
    if case is None or not actor.covers(case.village_code):
        raise CaseNotFound(f"no case {number} in your jurisdiction")
    return case


async def _change(number: str, actor: Actor, uow: UnitOfWork, clock: Clock,
                  step: Callable[[RoutedCase], Awaitable[None]]) -> AsOf[RoutedCase]:
    async with uow:
        case = await loaded(uow, number, actor)
        expected = case.version
        await step(case)
        await uow.cases.save(case, expected_version=expected)
        await uow.commit()
    return AsOf(case, clock())


async def hand_over_case(cmd: HandOverCase, uow: UnitOfWork, *, clock: Clock,
                         ids: Ids) -> AsOf[Handover]:
    """Pass the baton up, or the decided result down to the village; returns the handover."""
    async with uow:
        async with uow.idempotent(cmd.retry) as retry:
            if retry.prior is not None:
                found = await uow.cases.handover(retry.prior)
                if found is None:
                    raise HandoverNotFound(f"the handover {retry.prior} this key made is gone")
                return AsOf(found, clock())
            case = await loaded(uow, cmd.number, cmd.by)
            expected, handover_id, at = case.version, ids(), clock()
            if case.decision is None:
                receiver = await holder_at(uow, case, case.next_up())
                handover = case.hand_over(by=cmd.by, at=at, handover_id=handover_id,
                                          receiver=receiver)
            else:
                receiver = await holder_at(uow, case, Tier.VILLAGE, prefer=_owner(case))
                handover = case.hand_down(by=cmd.by, at=at, handover_id=handover_id,
                                          receiver=receiver)
            await uow.cases.save(case, expected_version=expected)
            retry.record(handover_id)
        await uow.commit()
    return AsOf(handover, at)


def _owner(case: RoutedCase) -> str | None:
    return None if case.owner is None else case.owner.staff_id


async def receive_handover(cmd: ReceiveHandover, uow: UnitOfWork, *,
                           clock: Clock) -> AsOf[RoutedCase]:
    """The receiving tier receives a handover; whoever receives it holds the case, unless they
    are marked absent (409)."""
    async def step(case: RoutedCase) -> None:
        record = await uow.staff.get((cmd.by.staff_id,))
        case.receive(cmd.handover_id, by=cmd.by, at=clock(),
                     member=None if record is None else record.value)

    return await _change(cmd.number, cmd.by, uow, clock, step)


async def return_case(cmd: ReturnCase, uow: UnitOfWork, *, clock: Clock) -> AsOf[RoutedCase]:
    """Return the case to the village for correction, with what is wrong."""
    async def step(case: RoutedCase) -> None:
        village = await holder_at(uow, case, Tier.VILLAGE, prefer=_owner(case)) \
            if case.route is not None else None
        case.return_for_correction(by=cmd.by, at=clock(), reasons=cmd.reasons,
                                   village_holder=village)

    return await _change(cmd.number, cmd.by, uow, clock, step)


async def decide_case(cmd: DecideCase, uow: UnitOfWork, *, clock: Clock) -> AsOf[RoutedCase]:
    """Approve, or reject with a reason, at the deciding tier."""
    async def step(case: RoutedCase) -> None:
        case.decide(by=cmd.by, at=clock(), outcome=cmd.outcome, reason=cmd.reason)

    return await _change(cmd.number, cmd.by, uow, clock, step)


async def deliver_result(cmd: DeliverResult, uow: UnitOfWork, *,
                         clock: Clock) -> AsOf[RoutedCase]:
    """Record how the result reached the resident."""
    async def step(case: RoutedCase) -> None:
        at = clock()
        case.deliver(by=cmd.by, at=at, method=cmd.method, tracking_number=cmd.tracking_number,
                     delivered_on=cmd.delivered_on or at.astimezone(CHINA).date())

    return await _change(cmd.number, cmd.by, uow, clock, step)


async def close_case(cmd: CloseCase, uow: UnitOfWork, *, clock: Clock) -> AsOf[RoutedCase]:
    """Close a delivered case."""
    async def step(case: RoutedCase) -> None:
        case.close(by=cmd.by, at=clock())

    return await _change(cmd.number, cmd.by, uow, clock, step)


async def reassign_case(cmd: ReassignCase, uow: UnitOfWork, *,
                        clock: Clock) -> AsOf[RoutedCase]:
    """A supervisor (or admin) gives the case to another member of the tier holding it."""
    async def step(case: RoutedCase) -> None:
        record = await uow.staff.get((cmd.staff_id,))
        if record is None:
            raise RecordNotFound(f"no staff member {cmd.staff_id}")
        case.reassign(record.value, by=cmd.by, at=clock())

    return await _change(cmd.number, cmd.by, uow, clock, step)
