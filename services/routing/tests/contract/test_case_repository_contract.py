"""CaseRepository: the fake and the Postgres adapter give the same answers."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from daiban_kernel.actor import Actor
from daiban_kernel.contracts.matter import Tier
from daiban_kernel.roles import Role
from daiban_routing.domain.case import RoutedCase
from daiban_routing.domain.errors import CaseChangedMeanwhile
from daiban_routing.domain.flow import FlowState
from daiban_routing.domain.route import Choice, Route
from daiban_routing.domain.staff import StaffMember
from daiban_routing.ports import UnitOfWork

AT = datetime(2026, 11, 25, 9, tzinfo=UTC)
ROUTE = Route((Tier.VILLAGE, Tier.TOWN), Tier.TOWN, "MZ")


def clerk(tree: Any) -> StaffMember:
    return StaffMember(tree.staff_id(9), "李四", "13800000009", Role.TOWN_CLERK,
                       f"{tree.town}-01", ("MZ", "RS"))


def agent_of(member: StaffMember) -> Actor:
    return Actor(staff_id=member.staff_id, role=member.role, place=member.place_code)


def number(tree: Any) -> str:
    return f"{tree.county}-20261125-{random.randint(0, 999_999):06d}"


def accepted(tree: Any, *, village: int = 0, minutes: int = 0) -> RoutedCase:
    """A case accepted at a village, held by the tree's agent there."""
    member = tree.member(1 if village == 0 else 3, village=village)
    case = RoutedCase.arrive(number=number(tree), matter_code="MZ-001",
                             village_code=tree.villages[village], at=AT)
    case.route_accepted(ROUTE, by=agent_of(member), at=AT + timedelta(minutes=minutes),
                holder=Choice(member, "initial"))
    return case


async def test_a_case_is_added_once_and_comes_back_as_it_was_saved(
    units: Callable[[], UnitOfWork], tree: Any,
) -> None:
    case = accepted(tree)
    async with units() as uow:
        assert await uow.cases.get(case.number) is None
        assert await uow.cases.add(case) is True
        assert await uow.cases.add(accepted(tree)) is True
        twin = RoutedCase.arrive(number=case.number, matter_code="X",
                                village_code=tree.villages[1], at=AT)
        assert await uow.cases.add(twin) is False
        await uow.commit()
    async with units() as uow:
        kept = await uow.cases.get(case.number)
        assert kept is not None
        assert (kept.state, kept.version, kept.tier, kept.holder, kept.route, kept.accepted_by,
                kept.owner) == (FlowState.AT_VILLAGE, case.version, Tier.VILLAGE, case.holder,
                                ROUTE, case.accepted_by, case.owner)
        assert kept.owner is not None
        assert [e.move for e in await uow.cases.history(case.number)] == [
            "case.routed", "case.assigned"]


async def test_a_save_from_an_old_version_is_refused(
    units: Callable[[], UnitOfWork], tree: Any,
) -> None:
    case = accepted(tree)
    async with units() as uow:
        await uow.cases.add(case)
        await uow.commit()
    async with units() as uow:
        loaded = await uow.cases.get(case.number)
        assert loaded is not None
        loaded.hand_over(by=agent_of(tree.member(1)), at=AT, handover_id=f"h{case.number}",
                         receiver=Choice(clerk(tree), "initial"))
        with pytest.raises(CaseChangedMeanwhile):
            await uow.cases.save(loaded, expected_version=case.version - 1)
        await uow.cases.save(loaded, expected_version=case.version)
        await uow.commit()
    async with units() as uow:
        kept = await uow.cases.get(case.number)
        assert kept is not None
        assert kept.state is FlowState.TO_TOWN
        assert kept.handover is not None
        assert kept.handover.handover_id == f"h{case.number}"


async def test_handovers_wait_at_their_place_until_received_and_are_found_by_id(
    units: Callable[[], UnitOfWork], tree: Any,
) -> None:
    first, second = accepted(tree), accepted(tree, village=1, minutes=1)
    handovers = []
    for case, member in ((first, tree.member(1)), (second, tree.member(3, village=1))):
        handovers.append(case.hand_over(by=agent_of(member), at=case.since,
                                        handover_id=f"h{case.number}",
                                        receiver=Choice(clerk(tree), "initial")))
    async with units() as uow:
        for case in (first, second):
            await uow.cases.add(case)
        await uow.commit()
    async with units() as uow:
        pending = await uow.cases.pending_handovers(tree.town, after=None, limit=10)
        assert [h.handover_id for h in pending] == [h.handover_id for h in handovers]
        later = await uow.cases.pending_handovers(
            tree.county, after=(handovers[0].handed_at, handovers[0].handover_id), limit=10)
        assert [h.handover_id for h in later] == [handovers[1].handover_id]
        assert await uow.cases.pending_handovers(tree.villages[0], after=None, limit=10) == []
        waiting = await uow.cases.awaiting_reminder(since=first.since, limit=100)
        assert first.number in waiting
        assert second.number not in waiting
        found = await uow.cases.handover(handovers[1].handover_id)
        assert found is not None
        assert (found.case_number, found.to_tier, found.pending) == (
            second.number, Tier.TOWN, True)
        assert await uow.cases.handover("none") is None


async def test_work_lists_show_open_cases_by_holder_station_and_place_oldest_first(
    units: Callable[[], UnitOfWork], tree: Any,
) -> None:
    first, second, third = (accepted(tree, minutes=2), accepted(tree, minutes=1),
                            accepted(tree, village=1))
    submitted = RoutedCase.arrive(number=number(tree), matter_code="MZ-001",
                                  village_code=tree.villages[0], at=AT)
    async with units() as uow:
        for case in (first, second, third, submitted):
            await uow.cases.add(case)
        await uow.commit()
    agent, other = tree.staff_id(1), tree.staff_id(3)
    async with units() as uow:
        assert await uow.cases.held_by(agent) == sorted([first.number, second.number])
        assert await uow.cases.workload([agent, other, tree.staff_id(2)]) == {agent: 2, other: 1}
        mine = await uow.cases.work_list(assignee=agent, after=None, limit=10)
        assert [c.number for c in mine] == [second.number, first.number]
        station = await uow.cases.work_list(station=tree.station(tree.villages[1]), after=None,
                                            limit=10)
        assert [c.number for c in station] == [third.number]
        town = await uow.cases.work_list(place=tree.town, after=None, limit=2)
        assert [c.number for c in town] == [third.number, second.number]
        rest = await uow.cases.work_list(place=tree.county, after=(town[-1].since,
                                                                    town[-1].number), limit=5)
        assert [c.number for c in rest] == [first.number]
