"""A/B cover and concurrent commands, in a county of the test's own."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from daiban_kernel.contracts.matter import MatterKind, MatterVersion, Tier
from daiban_kernel.roles import Role
from daiban_routing import bootstrap
from daiban_routing.handlers.reminders import BATCH, RemindWaitingHandovers
from daiban_routing.settings import RoutingSettings
from tests.support.bus import eventually

pytestmark = pytest.mark.integration


async def publish_matter(keep_matter: Any, *, department: str, deciding: Tier) -> str:
    """A matter version of the department in routing's read model; returns its code."""
    code = f"T-{uuid.uuid4().hex[:12]}"
    await keep_matter(MatterVersion(
        code=code, version=1, name="测试事项", department_code=department,
        kind=MatterKind.PROXY, deciding_tier=deciding, limit_working_days=10,
        proxy_allowance_days=2, stage_days={Tier.VILLAGE: 1, Tier.TOWN: 2}, published=True))
    return code


@pytest.fixture
async def own(desk: Any, county: str, county_files: Any) -> Any:
    """The desk on a small county of the test's own (see tests/conftest.py)."""
    admin = desk.token(Role.ADMIN, county)
    for noun, body in county_files(county).items():
        response = await desk.client.post(f"/v1/admin/{noun}/import", content=body,
                                          headers={**admin, "Content-Type": "text/csv"})
        assert response.status_code == 200, response.text
    desk.county, desk.admin = county, admin
    return desk


async def at_the_town(own: Any, matter: str) -> tuple[str, dict[str, Any]]:
    """A case accepted at 二号沟门村 and handed to the town, not yet acknowledged."""
    number, village = own.number(), f"{own.county}107202"
    await own.accept(number, village=village, matter=matter, agent=f"{own.county}-0006")
    case = await own.until(number, "at_village")
    await own.act(number, "/handovers", own.holder(case), status=201)
    return number, await own.case(number)


async def set_duty(own: Any, member: str, duty: str) -> None:
    response = await own.client.put(f"/v1/admin/staff/{own.county}-{member}/duty",
                                    json={"duty": duty}, headers=own.admin)
    assert response.status_code == 200, response.text


async def test_an_absent_clerks_cases_pass_to_the_partner(
        own: Any, keep_matter: Any, outbox_relay: None) -> None:
    matter = await publish_matter(keep_matter, department="MZ", deciding=Tier.DEPARTMENT)
    number, case = await at_the_town(own, matter)
    assert case["holder"]["staff_id"] == f"{own.county}-0004"  # 杜雪琴; her partner is absent
    await set_duty(own, "0005", "on_duty")
    await set_duty(own, "0004", "absent")
    case = await own.until(number, "to_town", holder={**case["holder"],
                                                      "staff_id": f"{own.county}-0005"})
    assigned = [e for e in await own.events(number) if e["type"] == "case.assigned"]
    assert (assigned[-1]["reason"], assigned[-1]["assignee"]["staff_id"]) == (
        "partner_cover", f"{own.county}-0005")


async def test_a_clerk_marked_absent_can_neither_receive_a_handover_nor_take_the_case_back(
        own: Any, keep_matter: Any, outbox_relay: None) -> None:
    matter = await publish_matter(keep_matter, department="MZ", deciding=Tier.DEPARTMENT)
    number, case = await at_the_town(own, matter)
    handover = case["handover"]["handover_id"]
    assert case["holder"]["staff_id"] == f"{own.county}-0004"
    receive = f"/handovers/{handover}/acknowledge"
    absent = own.member(f"{own.county}-0005", "town_clerk", f"{own.county}107-01")
    refused = await own.act(number, receive, absent, status=409)
    assert (refused["type"], refused["duty"]) == ("urn:daiban:problem:member-absent", "absent")
    assert (await own.case(number))["version"] == case["version"]
    await set_duty(own, "0005", "on_duty")
    await set_duty(own, "0004", "absent")  # her cases pass to her partner 0005 …
    case = await own.until(number, "to_town", holder={**case["holder"],
                                                      "staff_id": f"{own.county}-0005"})
    away = own.member(f"{own.county}-0004", "town_clerk", f"{own.county}107-01")
    taken_back = await own.act(number, receive, away, status=409)  # … and stay there
    assert taken_back["type"] == "urn:daiban:problem:member-absent"
    received = await own.act(number, receive, absent)
    assert (received["state"], received["holder"]["staff_id"]) == (
        "at_town", f"{own.county}-0005")


async def test_a_partner_covers_at_assignment_time_when_the_trained_clerk_is_absent(
        own: Any, keep_matter: Any) -> None:
    await set_duty(own, "0005", "on_duty")
    await set_duty(own, "0004", "absent")
    matter = await publish_matter(keep_matter, department="CL", deciding=Tier.DEPARTMENT)
    number, case = await at_the_town(own, matter)
    assert case["holder"]["staff_id"] == f"{own.county}-0005"  # not trained for CL: covers
    assigned = [e for e in await own.events(number) if e["type"] == "case.assigned"]
    assert assigned[-1]["reason"] == "partner_cover"


async def test_of_two_concurrent_decisions_exactly_one_wins(own: Any, keep_matter: Any) -> None:
    matter = await publish_matter(keep_matter, department="MZ", deciding=Tier.TOWN)
    for _ in range(5):
        number, case = await at_the_town(own, matter)
        clerk = own.holder(case)
        await own.act(number, f"/handovers/{case['handover']['handover_id']}/acknowledge",
                      clerk)
        approve, reject = await asyncio.gather(
            own.client.post(f"/v1/cases/{number}/decision", json={"outcome": "approved"},
                            headers=clerk),
            own.client.post(f"/v1/cases/{number}/decision",
                            json={"outcome": "rejected", "reason": "材料不全"}, headers=clerk))
        assert sorted([approve.status_code, reject.status_code]) == [200, 409]
        loser = approve if approve.status_code == 409 else reject
        assert loser.headers["content-type"].startswith("application/problem+json")
        decided = [e for e in await own.events(number) if e["type"] == "case.decided"]
        assert len(decided) == 1
        winner = "approved" if approve.status_code == 200 else "rejected"
        assert (await own.case(number))["decision"]["outcome"] == winner


async def test_an_unacknowledged_handover_is_listed_with_its_age(own: Any,
                                                                  keep_matter: Any) -> None:
    matter = await publish_matter(keep_matter, department="MZ", deciding=Tier.TOWN)
    number, case = await at_the_town(own, matter)
    clerk = own.holder(case)
    listed = await own.client.get("/v1/handovers/pending", headers=clerk)
    assert [h["case_number"] for h in listed.json()["items"]] == [number]

    async def mine() -> list[str]:
        response = await own.client.get("/v1/worklist", headers=clerk)
        return [c["number"] for c in response.json()["items"]]

    assert await eventually(mine) == [number]


async def test_the_sweep_reminds_a_waiting_receiver_once_per_interval(
        own: Any, keep_matter: Any, env: dict[str, str]) -> None:
    matter = await publish_matter(keep_matter, department="MZ", deciding=Tier.TOWN)
    number, case = await at_the_town(own, matter)
    every = timedelta(hours=4)

    moment = [datetime.now(UTC)]
    later = bootstrap.build(RoutingSettings.model_validate(env), clock=lambda: moment[0])

    async def sweep(hours: float) -> None:
        """Sweep until nothing is left to remind (earlier runs leave handovers waiting)."""
        moment[0] = datetime.now(UTC) + timedelta(hours=hours)
        remind = later.commands.remind_waiting_handovers
        while await remind(RemindWaitingHandovers(every)) == BATCH:
            pass

    def reminders(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [e for e in events if e["type"] == "case.handover_reminded"]

    await sweep(1)
    assert reminders(await own.events(number)) == []
    await sweep(5)
    await sweep(6)
    sent = reminders(await own.events(number))
    assert [(r["to_place"], r["assignee"]["staff_id"]) for r in sent] == [
        (f"{own.county}107", case["holder"]["staff_id"])]
    assert sent[0]["flow_version"] == case["version"]
    await later.close()


async def test_a_supervisor_reassigns_within_the_tier_holding_the_case(
        own: Any, keep_matter: Any) -> None:
    matter = await publish_matter(keep_matter, department="MZ", deciding=Tier.TOWN)
    number, case = await at_the_town(own, matter)
    supervisor = own.token(Role.SUPERVISOR, own.county, f"{own.county}-0001")
    path = f"/v1/cases/{number}/assignee"
    absent = await own.client.put(path, json={"staff_id": f"{own.county}-0005"},
                                  headers=supervisor)
    assert absent.status_code == 422, absent.text
    elsewhere = await own.client.put(path, json={"staff_id": f"{own.county}-0006"},
                                     headers=supervisor)
    assert elsewhere.status_code == 422, elsewhere.text
    await set_duty(own, "0005", "on_duty")
    moved = await own.client.put(path, json={"staff_id": f"{own.county}-0005"},
                                 headers=supervisor)
    assert moved.status_code == 200, moved.text
    assert moved.json()["holder"]["staff_id"] == f"{own.county}-0005"
    assigned = [e for e in await own.events(number) if e["type"] == "case.assigned"]
    assert assigned[-1]["reason"] == "reassigned"
    clerk = own.holder(case)
    refused = await own.client.put(path, json={"staff_id": f"{own.county}-0004"}, headers=clerk)
    assert refused.status_code == 403
