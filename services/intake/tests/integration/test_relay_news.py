"""Routing's relay events reach intake's case through the real broker: a return reopens the
checklist, the supplement sends the case back; the decision and delivery open the receipt and the
rating, and a bad rating a complaint that must be answered."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import aio_pika
import pytest

from daiban_common.envelope import Envelope
from daiban_common.outbox import to_message
from daiban_intake.domain.errors import RelayEventEarly
from daiban_kernel.actor import Actor
from daiban_kernel.china import china_date
from daiban_kernel.contracts.case import CaseRef, MissingItem
from daiban_kernel.contracts.matter import Tier
from daiban_kernel.contracts.relay import (
    CaseClosedV1,
    CaseDecidedV1,
    CaseResultDeliveredV1,
    CaseReturnedV1,
    Delivery,
    Outcome,
)
from daiban_kernel.events import EventData
from daiban_kernel.roles import Role
from tests.support.bus import Running, eventually, publish_raw

pytestmark = pytest.mark.integration

VILLAGE = "110116111201"
RESIDENT = {"name": "郭跃兵", "id_number": "11010519491231002X", "phone": "13800138000"}
TOWN_CLERK = Actor(staff_id="town-dxq", role="town_clerk", place="110116111")


async def accepted_case(api: Any, desk: Any, agent: dict[str, str]) -> tuple[str, CaseRef]:
    """A case of MZ-004 accepted at the village."""
    case = (await desk.open(agent, matter="MZ-004", village=VILLAGE, applicant=RESIDENT)).json()
    for item in range(1, 5):
        await desk.provide(agent, case["number"], item)
    assert (await desk.post(agent, f"/v1/cases/{case['number']}/review")
            ).json()["status"] == "accepted"
    return case["number"], CaseRef(case_number=case["number"], village_code=VILLAGE,
                                   matter_code="MZ-004", matter_version=case["matter"]["version"])


def routed(event: EventData) -> Envelope:
    return Envelope.wrap(event, source="/daiban/routing")


async def queue_declared(amqp_url: str, name: str) -> bool:
    connection = await aio_pika.connect(amqp_url)
    async with connection:
        channel = await connection.channel()
        try:
            await channel.declare_queue(name, passive=True)
        except aio_pika.exceptions.ChannelClosed:
            return False
    return True


async def test_routings_news_drives_the_case_from_return_to_rating_and_complaint(
    api: Any, desk: Any, env: dict[str, str], namespace: str, cleanup_namespace: None,
) -> None:
    agent = api.auth(Role.VILLAGE_AGENT, VILLAGE)
    number, ref = await accepted_case(api, desk, agent)
    now = datetime.now(UTC)

    async def publish(event: EventData) -> None:
        await publish_raw(env["amqp_url"], namespace,
                          (to_message(routed(event), {}), event.event_type))

    async def status_is(expected: str) -> dict[str, Any] | None:
        case = (await api.client.get(f"/v1/cases/{number}", headers=agent)).json()
        return case if case["status"] == expected else None

    async with Running(api.consumer()):
        await eventually(lambda: queue_declared(env["amqp_url"], f"{namespace}.intake"),
                         what="intake's queue")
        await publish(CaseReturnedV1(
            case=ref, flow_version=4, at=now, tier=Tier.TOWN, by=TOWN_CLERK,
            reasons=(MissingItem(name="户口簿", reason="复印件不清晰"),
                     MissingItem(name="申请表签名", reason="申请人未签名"))))
        returned = await eventually(lambda: status_is("returned"), what="the return")
        assert returned["checklist"][2]["state"] == "missing"
        assert returned["checklist"][2]["note"] == "复印件不清晰"
        notice = returned["notices"][-1]
        assert notice["after_return_by"] == "town"
        assert [m["name"] for m in notice["missing"]] == ["户口簿", "申请表签名"]

        early = await desk.post(agent, f"/v1/cases/{number}/supplement")
        assert early.status_code == 409, early.text
        await desk.provide(agent, number, 3)
        back = await desk.post(agent, f"/v1/cases/{number}/supplement")
        assert back.json()["status"] == "supplemented", back.text
        (supplemented,) = await api.outbox_data(number, "case.supplemented")
        assert supplemented["return_flow_version"] == 4

        await publish(CaseDecidedV1(case=ref, flow_version=9, at=now, tier=Tier.DEPARTMENT,
                                    outcome=Outcome.APPROVED))
        await publish(CaseResultDeliveredV1(case=ref, flow_version=11, at=now,
                                            delivery=Delivery.BANK, delivered_on=china_date(now),
                                            by=TOWN_CLERK))
        delivered = await eventually(lambda: status_is("delivered"), what="the delivery")
        assert delivered["decision"]["outcome"] == "approved"

    signed = await desk.post(agent, f"/v1/cases/{number}/receipt",
                             {"signed": True, "feedback": "钱已到卡，谢谢"})
    assert signed.status_code == 201, signed.text
    rated = await desk.post(agent, f"/v1/cases/{number}/rating",
                            {"stars": 2, "comment": "等得太久"})
    assert rated.status_code == 201, rated.text
    complaint_id = rated.json()["rating"]["complaint_id"]
    supervisor = api.auth(Role.SUPERVISOR, "110116")
    opened = (await api.client.get("/v1/complaints", headers=supervisor,
                                   params={"case": number})).json()["items"]
    assert [(c["id"], c["from_rating"], c["answer"]) for c in opened] == [
        (complaint_id, True, None)]
    assert "等得太久" in opened[0]["summary"]
    answered = await desk.post(supervisor, f"/v1/complaints/{complaint_id}/answer",
                               {"answer": "已核实，镇级环节超时，已通报并致歉"})
    assert answered.status_code == 200, answered.text
    again = await desk.post(supervisor, f"/v1/complaints/{complaint_id}/answer",
                            {"answer": "再答"})
    assert again.status_code == 409
    assert await api.outbox_types(number) == [
        "case.submitted", "case.accepted", "case.supplemented", "case.receipt_signed",
        "case.rated", "complaint.filed", "complaint.answered"]


async def test_a_relay_event_ahead_of_its_predecessor_waits_and_a_stale_one_changes_nothing(
    api: Any, desk: Any,
) -> None:
    agent = api.auth(Role.VILLAGE_AGENT, VILLAGE)
    number, ref = await accepted_case(api, desk, agent)
    consumer = api.consumer()
    now = datetime.now(UTC)
    delivered = routed(CaseResultDeliveredV1(case=ref, flow_version=8, at=now,
                                             delivery=Delivery.COLLECTED,
                                             delivered_on=china_date(now), by=TOWN_CLERK))
    with pytest.raises(RelayEventEarly):
        await consumer.apply(delivered)
    decided = routed(CaseDecidedV1(case=ref, flow_version=7, at=now, tier=Tier.DEPARTMENT,
                                   outcome=Outcome.REJECTED, reason="收入超过标准"))
    assert await consumer.apply(decided) == "applied"
    assert await consumer.apply(decided) == "duplicate"
    assert await consumer.apply(delivered) == "applied"
    late_return = routed(CaseReturnedV1(case=ref, flow_version=5, at=now, tier=Tier.TOWN,
                                        by=TOWN_CLERK,
                                        reasons=(MissingItem(name="户口簿", reason="缺页"),)))
    assert await consumer.apply(late_return) == "applied"
    assert await consumer.apply(routed(CaseClosedV1(case=ref, flow_version=12, at=now,
                                                    why="delivered"))) == "applied"
    case = (await api.client.get(f"/v1/cases/{number}", headers=agent)).json()
    assert case["status"] == "delivered"
    assert case["decision"]["reason"] == "收入超过标准"
    assert case["returns"] == []
    assert case["checklist"][2]["state"] == "original_seen"


async def test_news_of_a_withdrawn_case_leaves_it_withdrawn(api: Any, desk: Any) -> None:
    agent = api.auth(Role.VILLAGE_AGENT, VILLAGE)
    number, ref = await accepted_case(api, desk, agent)
    await desk.post(agent, f"/v1/cases/{number}/withdraw", {"reason": "申请人决定不办了"})
    consumer = api.consumer()
    decided = routed(CaseDecidedV1(case=ref, flow_version=3, at=datetime.now(UTC),
                                   tier=Tier.DEPARTMENT, outcome=Outcome.APPROVED))
    assert await consumer.apply(decided) == "applied"
    case = (await api.client.get(f"/v1/cases/{number}", headers=agent)).json()
    assert case["status"] == "withdrawn"
    assert case["decision"] is None
