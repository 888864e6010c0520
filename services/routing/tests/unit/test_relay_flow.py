"""The three-baton relay on the pure domain: routes, batons, returns, decisions, results."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from typing import Any

import pytest

from daiban_kernel.actor import Actor
from daiban_kernel.china import china_date
from daiban_kernel.contracts.case import MissingItem
from daiban_kernel.contracts.matter import Tier
from daiban_kernel.contracts.relay import (
    CaseAssignedV1,
    CaseDecidedV1,
    CaseHandedOverV1,
    CaseHandoverRemindedV1,
    Delivery,
    Outcome,
)
from daiban_kernel.contracts.staff import Duty
from daiban_routing.domain.case import RoutedCase, TimeoutEffect
from daiban_routing.domain.errors import (
    CaseNotFound,
    HandoverNotPending,
    MemberAbsent,
    MoveNotAllowed,
    NoTierAbove,
    NotTheDecidingTier,
    NotYourTier,
    ResultIncomplete,
)
from daiban_routing.domain.flow import FlowState
from daiban_routing.domain.route import choose, cover

WRONG = [MissingItem(name="诊断证明", reason="缺少医院盖章")]


def climb(kit: Any, case: RoutedCase, to: Tier) -> None:
    """Hand the case up tier by tier, each receiver acknowledging, until ``to`` holds it."""
    while case.tier is not to:
        upper = case.next_up()
        handover = case.hand_over(by=kit.actor(case.tier), at=kit.AT,
                                  handover_id=f"h-{upper.value}", receiver=kit.choice(upper))
        case.receive(handover.handover_id, by=kit.actor(upper), at=kit.AT)


def test_a_department_matter_climbs_three_batons_and_its_result_comes_back(kit: Any) -> None:
    case = kit.accepted(kit.route(Tier.DEPARTMENT))
    climb(kit, case, Tier.DEPARTMENT)
    case.decide(by=kit.actor(Tier.DEPARTMENT), at=kit.AT, outcome=Outcome.APPROVED, reason=None)
    down = case.hand_down(by=kit.actor(Tier.DEPARTMENT), at=kit.AT, handover_id="down",
                          receiver=kit.choice(Tier.VILLAGE))
    case.receive(down.handover_id, by=kit.actor(Tier.VILLAGE), at=kit.AT)
    case.deliver(by=kit.actor(Tier.VILLAGE), at=kit.AT, method=Delivery.COLLECTED,
                 tracking_number=None, delivered_on=kit.AT.date())
    case.close(by=kit.actor(Tier.VILLAGE), at=kit.AT)
    assert (case.state, case.closed_why) == (FlowState.CLOSED, "delivered")
    types = [e.event_type for e in case.events]
    assert types.count("case.handed_over") == 4
    assert types.count("case.received") == 4
    assert [e.flow_version for e in case.events] == list(range(2, case.version + 1))


def test_a_town_matter_stops_at_the_town(kit: Any) -> None:
    case = kit.accepted(kit.route(Tier.TOWN))
    climb(kit, case, Tier.TOWN)
    with pytest.raises(NoTierAbove):
        case.next_up()
    case.decide(by=kit.actor(Tier.TOWN), at=kit.AT, outcome=Outcome.APPROVED, reason=None)
    assert case.state is FlowState.DECIDED


def test_only_the_deciding_tier_decides(kit: Any) -> None:
    case = kit.accepted(kit.route(Tier.DEPARTMENT))
    climb(kit, case, Tier.TOWN)
    with pytest.raises(NotTheDecidingTier):
        case.decide(by=kit.actor(Tier.TOWN), at=kit.AT, outcome=Outcome.APPROVED, reason=None)


def test_a_case_is_decided_once(kit: Any) -> None:
    case = kit.accepted(kit.route(Tier.VILLAGE))
    case.decide(by=kit.actor(Tier.VILLAGE), at=kit.AT, outcome=Outcome.APPROVED, reason=None)
    with pytest.raises(MoveNotAllowed):
        case.decide(by=kit.actor(Tier.VILLAGE), at=kit.AT, outcome=Outcome.REJECTED,
                    reason="材料不符")


def test_a_rejection_states_its_reason(kit: Any) -> None:
    case = kit.accepted(kit.route(Tier.VILLAGE))
    with pytest.raises(ResultIncomplete):
        case.decide(by=kit.actor(Tier.VILLAGE), at=kit.AT, outcome=Outcome.REJECTED, reason=" ")


def test_a_result_cannot_be_delivered_before_the_decision(kit: Any) -> None:
    case = kit.accepted(kit.route(Tier.TOWN))
    with pytest.raises(MoveNotAllowed):
        case.deliver(by=kit.actor(Tier.VILLAGE), at=kit.AT, method=Delivery.COLLECTED,
                     tracking_number=None, delivered_on=kit.AT.date())


def test_a_mailed_result_has_a_tracking_number(kit: Any) -> None:
    case = kit.accepted(kit.route(Tier.TOWN))
    climb(kit, case, Tier.TOWN)
    case.decide(by=kit.actor(Tier.TOWN), at=kit.AT, outcome=Outcome.APPROVED, reason=None)
    with pytest.raises(ResultIncomplete):
        case.deliver(by=kit.actor(Tier.TOWN), at=kit.AT, method=Delivery.MAILED,
                     tracking_number=None, delivered_on=kit.AT.date())
    case.deliver(by=kit.actor(Tier.TOWN), at=kit.AT, method=Delivery.MAILED,
                 tracking_number="SF1234567890", delivered_on=kit.AT.date())
    assert case.state is FlowState.DELIVERED


@pytest.mark.parametrize("days", [1, -1, 99_999])
def test_a_result_is_delivered_between_its_decision_and_today(kit: Any, days: int) -> None:
    """A day after today, before the decision (or far off: the rating link names a last day
    after it) is refused by field, and nothing is delivered."""
    case = kit.accepted(kit.route(Tier.TOWN))
    climb(kit, case, Tier.TOWN)
    case.decide(by=kit.actor(Tier.TOWN), at=kit.AT, outcome=Outcome.APPROVED, reason=None)
    today = china_date(kit.AT)
    wrong = today + timedelta(days=days) if days != 99_999 else date(9999, 12, 31)
    with pytest.raises(ResultIncomplete) as refused:
        case.deliver(by=kit.actor(Tier.TOWN), at=kit.AT, method=Delivery.MAILED,
                     tracking_number="SF1234567890", delivered_on=wrong)
    assert [p.field for p in refused.value.problems] == ["delivered_on"]
    assert case.state is not FlowState.DELIVERED
    case.deliver(by=kit.actor(Tier.TOWN), at=kit.AT, method=Delivery.MAILED,
                 tracking_number="SF1234567890", delivered_on=today)
    assert case.state is FlowState.DELIVERED


def test_a_handover_is_received_once_and_only_by_the_receiving_tier(kit: Any) -> None:
    case = kit.accepted(kit.route(Tier.TOWN))
    handover = case.hand_over(by=kit.actor(Tier.VILLAGE), at=kit.AT, handover_id="h1",
                              receiver=kit.choice(Tier.TOWN))
    with pytest.raises(NotYourTier):
        case.receive("h1", by=kit.actor(Tier.VILLAGE), at=kit.AT)
    case.receive(handover.handover_id, by=kit.actor(Tier.TOWN), at=kit.AT)
    with pytest.raises(HandoverNotPending):
        case.receive("h1", by=kit.actor(Tier.TOWN), at=kit.AT)


def test_for_an_agent_of_another_village_the_case_does_not_exist(kit: Any) -> None:
    case = kit.accepted(kit.route(Tier.TOWN))
    stranger = Actor(staff_id="x", role=kit.ROLES[Tier.VILLAGE], place="110116107201")
    with pytest.raises(CaseNotFound):
        case.hand_over(by=stranger, at=kit.AT, handover_id="h1", receiver=None)


def test_a_member_marked_absent_cannot_receive_a_handover_and_nothing_changes(kit: Any) -> None:
    case = kit.accepted(kit.route(Tier.TOWN))
    case.hand_over(by=kit.actor(Tier.VILLAGE), at=kit.AT, handover_id="h1",
                   receiver=kit.choice(Tier.TOWN, 2))
    version, holder = case.version, case.holder
    absent = kit.member(Tier.TOWN, duty=Duty.ABSENT)
    with pytest.raises(MemberAbsent) as refused:
        case.receive("h1", by=kit.actor(Tier.TOWN), at=kit.AT, member=absent)
    assert refused.value.status == 409
    assert refused.value.extensions == {"duty": "absent"}
    assert (case.state, case.version, case.holder) == (FlowState.TO_TOWN, version, holder)
    left = kit.member(Tier.TOWN, active=False)
    with pytest.raises(MemberAbsent):
        case.receive("h1", by=kit.actor(Tier.TOWN), at=kit.AT, member=left)
    case.receive("h1", by=kit.actor(Tier.TOWN), at=kit.AT, member=kit.member(Tier.TOWN))
    assert case.holder is not None
    assert case.holder.staff_id == kit.member(Tier.TOWN).staff_id


def test_a_returned_case_is_held_by_the_village_until_the_supplement_that_answers_it(
        kit: Any) -> None:
    case = kit.accepted(kit.route(Tier.DEPARTMENT))
    climb(kit, case, Tier.COUNTY)
    case.return_for_correction(by=kit.actor(Tier.COUNTY), at=kit.AT, reasons=tuple(WRONG),
                               village_holder=kit.choice(Tier.VILLAGE))
    assert (case.state, case.tier, case.place_code) == (FlowState.RETURNED, Tier.VILLAGE,
                                                        kit.VILLAGE)
    assert case.holder is not None
    assert (case.holder.tier, case.holder.staff_id) == (Tier.VILLAGE, "village-1")
    returned = case.returned
    assert returned is not None
    assert not case.resume(return_flow_version=returned.flow_version + 1, at=kit.AT,
                           holder=None)
    assert case.resume(return_flow_version=returned.flow_version, at=kit.AT,
                       holder=kit.choice(Tier.COUNTY))
    assert (case.state, case.tier) == (FlowState.AT_COUNTY, Tier.COUNTY)


def test_a_deciding_stage_that_times_out_with_timeout_default_is_deemed_approved(
        kit: Any) -> None:
    case = kit.accepted(kit.route(Tier.TOWN, timeout=(Tier.TOWN,)))
    climb(kit, case, Tier.TOWN)
    assert case.time_out(Tier.TOWN, at=kit.AT, handover_id="t", receiver=None) \
        is TimeoutEffect.DEEMED_DECISION
    decided = case.events[-1]
    assert isinstance(decided, CaseDecidedV1)
    assert (decided.deemed, decided.outcome, decided.by) == (True, Outcome.APPROVED, None)


def test_a_relay_stage_that_times_out_is_handed_over_by_itself(kit: Any) -> None:
    case = kit.accepted(kit.route(Tier.DEPARTMENT, timeout=(Tier.VILLAGE,)))
    assert case.time_out(Tier.VILLAGE, at=kit.AT, handover_id="t",
                         receiver=kit.choice(Tier.TOWN)) is TimeoutEffect.DEEMED_HANDOVER
    handed = [e for e in case.events if isinstance(e, CaseHandedOverV1)]
    assert case.state is FlowState.TO_TOWN
    assert (handed[-1].deemed, handed[-1].by) == (True, None)


def test_a_stage_without_timeout_default_is_escalated_and_stays(kit: Any) -> None:
    case = kit.accepted(kit.route(Tier.DEPARTMENT))
    before = case.version
    assert case.time_out(Tier.VILLAGE, at=kit.AT, handover_id="t", receiver=None) \
        is TimeoutEffect.ESCALATED
    assert (case.state, case.version) == (FlowState.AT_VILLAGE, before)
    assert case.time_out(Tier.TOWN, at=kit.AT, handover_id="t", receiver=None) \
        is TimeoutEffect.IGNORED


def test_a_withdrawal_closes_the_case_and_cancels_the_pending_handover(kit: Any) -> None:
    case = kit.accepted(kit.route(Tier.TOWN))
    handover = case.hand_over(by=kit.actor(Tier.VILLAGE), at=kit.AT, handover_id="h1",
                              receiver=kit.choice(Tier.TOWN))
    assert case.withdraw(reason="本人撤回", by=kit.actor(Tier.VILLAGE), at=kit.AT)
    assert (case.state, case.closed_why, handover.status.value) == (
        FlowState.CLOSED, "withdrawn", "cancelled")
    assert not case.withdraw(reason="again", by=kit.actor(Tier.VILLAGE), at=kit.AT)


def test_the_least_busy_trained_member_on_duty_is_chosen(kit: Any) -> None:
    one, two = kit.member(Tier.TOWN, 1), kit.member(Tier.TOWN, 2)
    untrained = kit.member(Tier.TOWN, 3, skills=("MZ", "RS"))
    choice = choose([one, two, untrained], {one.staff_id: 3, two.staff_id: 1},
                    tier=Tier.TOWN, department="YB")
    assert choice is not None
    assert (choice.member, choice.reason) == (two, "initial")


def test_an_absent_members_partner_covers(kit: Any) -> None:
    absent = kit.member(Tier.TOWN, 1, duty=Duty.ABSENT, partner_id="town-2")
    partner = kit.member(Tier.TOWN, 2, skills=("MZ", "RS"), partner_id="town-1")
    choice = choose([absent, partner], {}, tier=Tier.TOWN, department="YB")
    assert choice is not None
    assert (choice.member, choice.reason) == (partner, "partner_cover")
    covered = cover(absent, [absent, partner], {}, tier=Tier.TOWN, department="YB")
    assert covered is not None
    assert covered.member == partner
    away = replace(partner, duty=Duty.ABSENT)
    assert cover(absent, [absent, away], {}, tier=Tier.TOWN, department="YB") is None


def test_every_assignment_is_an_event(kit: Any) -> None:
    case = kit.accepted(kit.route(Tier.TOWN))
    case.assign(kit.choice(Tier.VILLAGE, 2), tier=Tier.VILLAGE, at=kit.AT)
    assigned = [e for e in case.events if isinstance(e, CaseAssignedV1)]
    assert [a.assignee.staff_id for a in assigned] == ["village-1", "village-2"]


def test_an_unacknowledged_handover_is_reminded_once_per_interval(kit: Any) -> None:
    case = kit.accepted(kit.route(Tier.TOWN))
    case.hand_over(by=kit.actor(Tier.VILLAGE), at=kit.AT, handover_id="h1",
                   receiver=kit.choice(Tier.TOWN))
    every, version = timedelta(hours=4), case.version
    assert not case.remind(at=kit.AT + timedelta(hours=3), every=every)
    assert case.remind(at=kit.AT + timedelta(hours=4), every=every)
    assert not case.remind(at=kit.AT + timedelta(hours=5), every=every)
    assert case.remind(at=kit.AT + timedelta(hours=8), every=every)
    reminders = [e for e in case.events if isinstance(e, CaseHandoverRemindedV1)]
    assert [r.waiting_seconds for r in reminders] == [4 * 3600, 8 * 3600]
    assert {r.flow_version for r in reminders} == {version} == {case.version}
    assert reminders[0].assignee is not None
    assert reminders[0].assignee.staff_id == "town-1"
    case.receive("h1", by=kit.actor(Tier.TOWN), at=kit.AT + timedelta(hours=9))
    assert not case.remind(at=kit.AT + timedelta(hours=20), every=every)
