"""The seeds' relays through the real Postgres and bus: intake's and sla's events in, staff
commands over HTTP, routing's relay events out (its outbox)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import select

from daiban_kernel.actor import Actor
from daiban_kernel.cases import Channel
from daiban_kernel.contracts.case import Applicant as ApplicantRef
from daiban_kernel.contracts.case import CaseSubmittedV1, CaseSupplementedV1, CaseWithdrawnV1
from daiban_kernel.contracts.matter import Tier
from daiban_kernel.contracts.sla import SlaTimedOutV1
from daiban_kernel.roles import Role
from daiban_routing.adapters.orm import staff
from tests.support.bus import eventually

pytestmark = pytest.mark.integration

MOUNTAIN_VILLAGE = "110116107202"  # 汤河口镇二号沟门村, 20 km from its town, 68 km further on
AGENT = "110116-0551"  # 于国云
MEDICAL = "YB-001"  # 医疗费用手工报销, decided by the medical insurance bureau
FOOD = "SJ-001"  # 食品经营许可（小餐饮）核发, decided at the town


async def test_a_medical_reimbursement_climbs_three_batons_and_its_result_comes_back(
        desk: Any) -> None:
    number = desk.number()
    await desk.accept(number, village=MOUNTAIN_VILLAGE, matter=MEDICAL, agent=AGENT)
    case = await desk.until(number, "at_village")
    assert case["route"]["path"] == ["village", "town", "county", "department"]
    assert (case["holder"]["staff_id"], case["holder"]["role"]) == (AGENT, "village_agent")
    for tier, role in (("town", "town_clerk"), ("county", "county_coordinator"),
                       ("department", "department_officer")):
        case = await desk.relay(number, to=tier)
        assert (case["state"], case["holder"]["role"]) == (f"at_{tier}", role)
    officer = desk.holder(case)
    case = await desk.act(number, "/decision", officer, body={"outcome": "approved"})
    down = await desk.act(number, "/handovers", officer, status=201)
    assert (down["direction"], down["to_tier"]) == ("down", "village")
    case = await desk.act(number, f"/handovers/{down['handover_id']}/acknowledge",
                          desk.holder(await desk.case(number)))
    assert (case["state"], case["holder"]["staff_id"]) == ("result_at_village", AGENT)
    agent = desk.holder(case)
    await desk.act(number, "/delivery", agent, body={"delivery": "bank"})
    case = await desk.act(number, "/close", agent)
    assert (case["state"], case["closed_why"]) == ("closed", "delivered")

    events = await desk.events(number)
    assert [e["type"] for e in events][:5] == ["case.routed", "case.assigned",
                                              "case.handed_over", "case.assigned",
                                              "case.received"]
    assert [e["flow_version"] for e in events] == list(range(2, len(events) + 2))
    handed = [e for e in events if e["type"] == "case.handed_over"]
    assert [(e["from_tier"], e["to_tier"]) for e in handed] == [
        ("village", "town"), ("town", "county"), ("county", "department"),
        ("department", "village")]
    assert all(e["by"]["staff_id"] for e in handed)
    assert events[-1] == {**events[-1], "type": "case.closed", "why": "delivered"}


async def test_relay_events_name_the_acting_member_and_the_assignee_by_name(desk: Any) -> None:
    """The hand-over names its agent as her token does; the town's assignee is named as
    routing's staff record names her (the ledger and the workbench show people by name)."""
    number = desk.number()
    await desk.accept(number, village=MOUNTAIN_VILLAGE, matter=FOOD, agent=AGENT)
    await desk.until(number, "at_village")
    agent = desk.token(Role.VILLAGE_AGENT, MOUNTAIN_VILLAGE, AGENT, name="于国云")
    handover = await desk.act(number, "/handovers", agent, status=201)
    events = await desk.events(number)
    (handed,) = [e for e in events if e["type"] == "case.handed_over"]
    assert handed["by"] == {"staff_id": AGENT, "role": "village_agent",
                            "place": MOUNTAIN_VILLAGE, "name": "于国云"}
    town = next(e for e in events if e["type"] == "case.assigned" and e["tier"] == "town")
    async with desk.engine.connect() as conn:
        recorded = (await conn.execute(select(staff.c.name).where(
            staff.c.staff_id == town["assignee"]["staff_id"]))).scalar_one()
    assert town["assignee"]["name"] == recorded
    assert handover["direction"] == "up"


async def test_a_food_licence_is_decided_at_the_town_the_same_day(desk: Any) -> None:
    number = desk.number()
    await desk.accept(number, village=MOUNTAIN_VILLAGE, matter=FOOD, agent=AGENT)
    case = await desk.until(number, "at_village")
    assert (case["route"]["path"], case["route"]["deciding_tier"]) == (["village", "town"],
                                                                       "town")
    case = await desk.relay(number, to="town")
    clerk = desk.holder(case)
    refused = await desk.act(number, "/handovers", clerk, status=409)
    assert refused["type"] == "urn:daiban:problem:no-tier-above"
    case = await desk.act(number, "/decision", clerk, body={"outcome": "approved"})
    assert case["decision"]["tier"] == "town"
    assert case["decision"]["at"][:10] == case["accepted_at"][:10]
    await desk.act(number, "/delivery", clerk,
                   body={"delivery": "mailed", "tracking_number": "SF1234567890"})
    case = await desk.act(number, "/close", clerk)
    assert (case["state"], case["closed_why"]) == ("closed", "delivered")


async def test_a_returned_case_resumes_where_it_was_after_the_supplement(desk: Any) -> None:
    number = desk.number()
    await desk.accept(number, village=MOUNTAIN_VILLAGE, matter=MEDICAL, agent=AGENT)
    await desk.until(number, "at_village")
    await desk.relay(number, to="town")
    case = await desk.relay(number, to="county")
    coordinator = case["holder"]["staff_id"]
    case = await desk.act(number, "/return", desk.holder(case), body={"reasons": [
        {"name": "诊断证明", "reason": "缺少医院盖章"}]})
    assert (case["state"], case["tier"], case["returned"]["tier"]) == (
        "returned", "village", "county")
    ref = desk.ref(number, village=MOUNTAIN_VILLAGE, matter=MEDICAL)
    await desk.publish(CaseSupplementedV1(
        case=ref, return_flow_version=case["returned"]["flow_version"], supplied=("诊断证明",),
        by=Actor(staff_id=AGENT, role="village_agent", place=MOUNTAIN_VILLAGE),
        at=datetime.now(UTC)))
    case = await desk.until(number, "at_county")
    assert case["holder"]["staff_id"] == coordinator
    types = [e["type"] for e in await desk.events(number)]
    assert types[-4:] == ["case.returned", "case.assigned", "case.resumed", "case.assigned"]


async def test_a_withdrawal_mid_way_closes_the_case_and_its_pending_handover(
        desk: Any) -> None:
    number = desk.number()
    await desk.accept(number, village=MOUNTAIN_VILLAGE, matter=MEDICAL, agent=AGENT)
    case = await desk.until(number, "at_village")
    handover = await desk.act(number, "/handovers", desk.holder(case), status=201)
    clerk = desk.holder(await desk.case(number))
    pending = await desk.client.get("/v1/handovers/pending", params={"place": "110116107"},
                                    headers=clerk)
    waiting = [h for h in pending.json()["items"] if h["case_number"] == number]
    assert waiting[0]["waiting_seconds"] >= 0
    await desk.publish(CaseWithdrawnV1(
        case=desk.ref(number, village=MOUNTAIN_VILLAGE, matter=MEDICAL), reason="本人撤回委托",
        by=Actor(staff_id=AGENT, role="village_agent", place=MOUNTAIN_VILLAGE),
        at=datetime.now(UTC)))
    case = await desk.until(number, "closed", closed_why="withdrawn")
    assert case["handover"]["status"] == "cancelled"
    refused = await desk.act(number, f"/handovers/{handover['handover_id']}/acknowledge",
                             clerk, status=409)
    assert refused["type"] == "urn:daiban:problem:handover-not-pending"


async def test_illegal_actions_are_refused_and_change_nothing(desk: Any) -> None:
    number = desk.number()
    await desk.accept(number, village=MOUNTAIN_VILLAGE, matter=MEDICAL, agent=AGENT)
    case = await desk.until(number, "at_village")
    agent = desk.holder(case)
    early = await desk.act(number, "/delivery", agent, body={"delivery": "collected"},
                           status=409)
    assert early["type"] == "urn:daiban:problem:move-not-allowed"
    deciding = await desk.act(number, "/decision", agent, body={"outcome": "approved"},
                              status=409)
    assert deciding["type"] == "urn:daiban:problem:not-the-deciding-tier"
    stranger = desk.token(Role.VILLAGE_AGENT, "110116107201", "110116-0550")
    outside = await desk.act(number, "/handovers", stranger, status=404)
    assert outside["type"] == "urn:daiban:problem:case-not-found"
    clerk = desk.token(Role.TOWN_CLERK, "110116107", "110116-0545")
    wrong_tier = await desk.act(number, "/handovers", clerk, status=403)
    assert wrong_tier["type"] == "urn:daiban:problem:not-your-tier"
    supervisor = desk.token(Role.SUPERVISOR, "110116", "110116-0040")
    await desk.act(number, "/handovers", supervisor, status=403)
    assert (await desk.case(number))["version"] == case["version"]


async def test_a_handover_retried_with_its_idempotency_key_is_made_once(desk: Any) -> None:
    number = desk.number()
    await desk.accept(number, village=MOUNTAIN_VILLAGE, matter=MEDICAL, agent=AGENT)
    agent = desk.holder(await desk.until(number, "at_village"))
    keyed = {**agent, "Idempotency-Key": f"handover-{number}"}
    first = await desk.act(number, "/handovers", keyed, status=201)
    again = await desk.act(number, "/handovers", keyed, status=201)
    assert again["handover_id"] == first["handover_id"]
    types = [e["type"] for e in await desk.events(number)]
    assert types.count("case.handed_over") == 1


async def test_a_deciding_stage_that_times_out_without_timeout_default_stays_put(
        desk: Any) -> None:
    number = desk.number()
    await desk.accept(number, village=MOUNTAIN_VILLAGE, matter=FOOD, agent=AGENT)
    await desk.until(number, "at_village")
    case = await desk.relay(number, to="town")
    await desk.publish(SlaTimedOutV1(
        case=desk.ref(number, village=MOUNTAIN_VILLAGE, matter=FOOD), clock_id="c1",
        stage=Tier.TOWN, deadline=datetime.now(UTC), at=datetime.now(UTC)), source="/daiban/sla")

    async def escalated() -> bool:
        response = await desk.client.get(f"/v1/cases/{number}/history",
                                         headers=desk.watcher())
        return any(line["move"] == "escalated" for line in response.json())

    await eventually(escalated, what="the escalation in the ledger")
    assert (await desk.case(number))["version"] == case["version"]


async def test_a_village_stage_that_times_out_is_handed_to_the_town_by_itself(
        desk: Any) -> None:
    number = desk.number()
    await desk.accept(number, village=MOUNTAIN_VILLAGE, matter=MEDICAL, agent=AGENT)
    await desk.until(number, "at_village")
    await desk.publish(SlaTimedOutV1(
        case=desk.ref(number, village=MOUNTAIN_VILLAGE, matter=MEDICAL), clock_id="c1",
        stage=Tier.VILLAGE, deadline=datetime.now(UTC), at=datetime.now(UTC)),
        source="/daiban/sla")
    case = await desk.until(number, "to_town")
    assert case["handover"]["handed_by"] is None
    handed = [e for e in await desk.events(number) if e["type"] == "case.handed_over"]
    assert (handed[-1]["deemed"], handed[-1]["by"]) == (True, None)


async def test_a_submitted_case_is_known_to_routing_before_it_is_accepted(desk: Any) -> None:
    number = desk.number()
    await desk.publish(CaseSubmittedV1(
        case_number=number, matter_code=MEDICAL, matter_version=1,
        village_code=MOUNTAIN_VILLAGE, channel=Channel.HOME_VISIT,
        applicant=ApplicantRef(name="李林珍", id_number_masked="110105********002X"),
        submitted_by=Actor(staff_id=AGENT, role="village_agent", place=MOUNTAIN_VILLAGE),
        submitted_at=datetime.now(UTC)))
    case = await desk.until(number, "submitted")
    assert case["holder"] is None
    await desk.accept(number, village=MOUNTAIN_VILLAGE, matter=MEDICAL, agent=AGENT)
    await desk.until(number, "at_village")
