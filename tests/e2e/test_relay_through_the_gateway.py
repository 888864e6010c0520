"""Black-box: a town-level matter travels the whole relay through the gateway, every service
playing its part: intake accepts, routing relays, sla times each stage, audit records it all."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from daiban_common.auth import issue_dev_token
from daiban_common.settings import CommonSettings
from daiban_kernel.china import china_date
from daiban_kernel.roles import Role
from daiban_notify.domain.quiet_hours import QuietHours
from tests.e2e.conftest import Platform
from tests.e2e.test_through_the_gateway import poll
from tests.support.cases import town_matter

pytestmark = pytest.mark.integration

VILLAGE, TOWN, COUNTY = "110116111201", "110116111", "110116"  # 宝山镇郑栅子村
AGENT, CLERK = "110116-0823", "110116-0821"  # the demo county's agent and town clerk there


def bearer(platform: Platform, role: Role, place: str, sub: str | None = None) -> dict[str, str]:
    settings = CommonSettings(**platform.env)  # type: ignore[arg-type]
    return {"Authorization": "Bearer " + issue_dev_token(settings, role=role, place=place,
                                                          subject=sub)}


def ok(response: httpx.Response) -> Any:
    assert response.status_code in (200, 201), response.text
    return response.json()


def accepted_case(api: httpx.Client, platform: Platform, *, phone: str) -> str:
    """A new town-level matter published, a case of it opened by the agent with its one paper
    seen, pre-reviewed and accepted; its number."""
    code = "T" + uuid.uuid4().hex[:8].upper() + "-001"
    admin = bearer(platform, Role.ADMIN, COUNTY)
    agent = bearer(platform, Role.ONLINE_AGENT, VILLAGE, AGENT)
    ok(api.post("/intake/v1/admin/matters", json=town_matter(code), headers=admin))
    ok(api.post(f"/intake/v1/admin/matters/{code}/publish", headers=admin))
    number = str(ok(api.post("/intake/v1/cases", headers=agent, json={
        "matter_code": code, "village_code": VILLAGE, "channel": "station",
        "applicant": {"name": "李林珍", "id_number": "11010519491231002X",
                      "phone": phone, "special_groups": ["elderly"]}}))["number"])
    ok(api.put(f"/intake/v1/cases/{number}/materials/1", json={"state": "original_seen"},
               headers=agent))
    assert ok(api.post(f"/intake/v1/cases/{number}/review", json={},
                       headers=agent))["status"] == "accepted"
    return number


def test_a_town_matter_goes_up_and_its_result_comes_back_down(platform: Platform) -> None:
    agent = bearer(platform, Role.ONLINE_AGENT, VILLAGE, AGENT)
    clerk = bearer(platform, Role.TOWN_CLERK, TOWN, CLERK)
    with httpx.Client(base_url=platform.gateway + "/api", timeout=10) as api:
        number = accepted_case(api, platform, phone="13800138000")

        def routing_state() -> str:
            response = api.get(f"/routing/v1/cases/{number}", headers=agent)
            return "" if response.status_code == 404 else str(ok(response)["state"])

        poll(lambda: routing_state() == "at_village")
        up = ok(api.post(f"/routing/v1/cases/{number}/handovers", json={}, headers=agent))
        ok(api.post(f"/routing/v1/cases/{number}/handovers/{up['handover_id']}/acknowledge",
                    headers=clerk))
        ok(api.post(f"/routing/v1/cases/{number}/decision", json={"outcome": "approved"},
                    headers=clerk))
        down = ok(api.post(f"/routing/v1/cases/{number}/handovers", json={}, headers=clerk))
        ok(api.post(f"/routing/v1/cases/{number}/handovers/{down['handover_id']}/acknowledge",
                    headers=agent))
        today = str(china_date(datetime.now(UTC)))  # the resident's day, in China
        ok(api.post(f"/routing/v1/cases/{number}/delivery", headers=agent,
                    json={"delivery": "collected", "delivered_on": today}))

        def intake_status() -> str:
            return str(ok(api.get(f"/intake/v1/cases/{number}", headers=agent))["status"])

        poll(lambda: intake_status() == "delivered")

        def clocks_stopped() -> list[Any] | None:
            clocks = ok(api.get(f"/sla/v1/cases/{number}/clocks", headers=agent))["clocks"]
            stopped = [c for c in clocks if c["stopped_at"] is not None]
            return stopped if len(stopped) == len(clocks) == 3 else None

        clocks = poll(clocks_stopped)
        assert {c["stage"] for c in clocks} == {None, "village", "town"}
        assert all(c["on_time"] for c in clocks)

        def ledger() -> list[str] | None:
            items = ok(api.get("/audit/v1/ledger", params={"subject": number},
                               headers=agent))["items"]
            types = [e["type"] for e in items]
            return types if "case.result_delivered" in types else None

        types = poll(ledger)
    for expected in ("case.submitted", "case.accepted", "case.routed", "case.handed_over",
                     "case.received", "case.decided", "case.result_delivered"):
        assert expected in types, types


def test_the_first_inquiry_owner_holds_the_case_whoever_pressed_review(
    platform: Platform,
) -> None:
    village = "110116111202"  # 郑栅子村's neighbour; its agents 0825-0829 are trained for MZ
    code = "T" + uuid.uuid4().hex[:8].upper() + "-001"
    admin = bearer(platform, Role.ADMIN, COUNTY)
    opener = bearer(platform, Role.ONLINE_AGENT, village, "110116-0829")
    owner = bearer(platform, Role.VILLAGE_AGENT, village, "110116-0828")
    reviewer = bearer(platform, Role.VILLAGE_AGENT, village, "110116-0825")
    with httpx.Client(base_url=platform.gateway + "/api", timeout=10) as api:
        ok(api.post("/intake/v1/admin/matters", json=town_matter(code), headers=admin))
        ok(api.post(f"/intake/v1/admin/matters/{code}/publish", headers=admin))
        number = ok(api.post("/intake/v1/cases", headers=opener, json={
            "matter_code": code, "village_code": village, "channel": "station",
            "applicant": {"name": "李林珍", "id_number": "11010519491231002X",
                          "phone": "13800138000"}}))["number"]
        ok(api.post(f"/intake/v1/cases/{number}/take-over", headers=owner))
        ok(api.put(f"/intake/v1/cases/{number}/materials/1", json={"state": "original_seen"},
                   headers=owner))
        accepted = ok(api.post(f"/intake/v1/cases/{number}/review", json={}, headers=reviewer))
        assert accepted["owner"]["staff_id"] == "110116-0828"

        def routing_holder() -> str:
            response = api.get(f"/routing/v1/cases/{number}", headers=owner)
            if response.status_code == 404 or ok(response)["holder"] is None:
                return ""
            return str(response.json()["holder"]["staff_id"])

        assert poll(routing_holder) == "110116-0828"

        def taken_over() -> list[Any] | None:
            items = ok(api.get("/audit/v1/ledger", params={"subject": number},
                               headers=owner))["items"]
            found = [e for e in items if e["type"] == "case.taken_over"]
            return found or None

        [entry] = poll(taken_over, within=90)  # audit may still be recording the demo load
    assert (entry["data"]["previous_owner"]["staff_id"], entry["data"]["owner"]["staff_id"]) == (
        "110116-0829", "110116-0828")


def test_the_resident_is_texted_the_acceptance_through_the_sealed_phone(
    platform: Platform,
) -> None:
    """Intake seals the phone into case.submitted (the development pair, as `make run` has it),
    notify opens it and texts the acceptance to the masked phone: sent to the SMS file in the
    day; held, and not in the file, in the quiet hours (21:00-08:00 China time)."""
    phone = "13700" + str(uuid.uuid4().int % 1_000_000).zfill(6)
    agent = bearer(platform, Role.ONLINE_AGENT, VILLAGE, AGENT)
    quiet = QuietHours()
    began = datetime.now(UTC)
    with httpx.Client(base_url=platform.gateway + "/api", timeout=10) as api:
        number = accepted_case(api, platform, phone=phone)

        def residents_sms(*, settled: bool) -> list[Any] | None:
            notices = ok(api.get("/notify/v1/notifications", params={"case_number": number},
                                 headers=agent))
            found = [n for n in notices if n["recipient"] == f"resident:{number}"
                     and n["template"] == "case_accepted"
                     and (not settled or n["status"] != "pending")]
            return found or None

        [sms] = poll(lambda: residents_sms(settled=False), within=30)
        assert (sms["channel"], sms["address"]) == ("sms", phone[:3] + "****" + phone[-4:])
        assert number in sms["text"]
        assert phone not in str(sms)
        margin = timedelta(minutes=2)  # the hour does not turn while the SMS is on its way
        if not quiet.holds(began) and not quiet.holds(began + margin):
            [sms] = poll(lambda: residents_sms(settled=True), within=30)
            assert sms["status"] == "sent", sms["error"]
            assert platform.sms_outbox is not None
            texted = [line for line in platform.sms_outbox.read_text(encoding="utf-8")
                      .splitlines() if f'"to": "{phone}"' in line]
            assert len(texted) == 1
            assert number in texted[0]
        elif quiet.holds(began) and quiet.holds(began + margin):
            assert sms["status"] == "pending", sms  # held until eight in the morning
            outbox = platform.sms_outbox
            assert outbox is None or not outbox.exists() or \
                phone not in outbox.read_text(encoding="utf-8")
        else:
            assert sms["status"] != "failed", sms["error"]
