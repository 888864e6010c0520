"""The API: staff list and read their own inbox; the delivery log of a case masks phones;
templates are previewed with sample data; bad input is a 4xx problem naming what is wrong."""

from __future__ import annotations

import random
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

from daiban_common.auth import issue_dev_token
from daiban_common.sealed_contact import ContactSeal, new_contact_keys
from daiban_kernel.actor import Actor
from daiban_kernel.cases import Channel
from daiban_kernel.contracts.case import Applicant, CaseRef, CaseSubmittedV1
from daiban_kernel.contracts.sla import SlaStartedV1
from daiban_kernel.roles import Role
from daiban_notify.app import create_app
from daiban_notify.settings import NotifySettings

from .conftest import hear

PROBLEM = "application/problem+json"
VILLAGE = "110116104201"
PRIVATE, PUBLIC = new_contact_keys()


class Api:
    def __init__(self, settings: NotifySettings, client: httpx.AsyncClient, app: Any) -> None:
        self.settings, self.client, self.app = settings, client, app

    def auth(self, staff_id: str = "admin-1", role: Role = Role.ADMIN,
             place: str = "110116") -> dict[str, str]:
        token = issue_dev_token(self.settings, role=role, place=place, subject=staff_id)
        return {"Authorization": f"Bearer {token}"}


@pytest.fixture
async def api(env: dict[str, str], tmp_path: Path) -> AsyncIterator[Api]:
    settings = NotifySettings.model_validate({
        **env, "sms_outbox_file": str(tmp_path / "sms.jsonl"),
        "contact_private_key": PRIVATE, "contact_key_id": "k1"})
    app = create_app(settings)
    client = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://notify")
    yield Api(settings, client, app)
    await client.aclose()
    await app.state.service.close()


def _problem(response: httpx.Response, status: int, field: str | None = None) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM)
    body: dict[str, Any] = response.json()
    if field is not None:
        assert field in {e["field"] for e in body.get("errors", [])}, body
    return body


async def _case(api: Api, agent: str) -> str:
    number = f"110116-20261201-{random.randrange(0, 999_999):06d}"
    actor = Actor(staff_id=agent, role=Role.VILLAGE_AGENT, place=VILLAGE, name="张秀英")
    applicant = Applicant(name="李林珍", id_number_masked="110105********002X")
    service = api.app.state.service
    await hear(service, CaseSubmittedV1(
        case_number=number, matter_code="MZ-001", matter_version=1, village_code=VILLAGE,
        channel=Channel.STATION, applicant=applicant, submitted_by=actor,
        submitted_at=datetime.now(UTC), contact=ContactSeal(PUBLIC, "k1").seal("13800138000")))
    await hear(service, SlaStartedV1(
        case=CaseRef(case_number=number, village_code=VILLAGE, matter_code="MZ-001",
                     matter_version=1),
        at=datetime.now(UTC), matter_name="城乡居民养老保险", limit_working_days=13,
        deadline_date=date(2026, 12, 18)))
    return number


async def test_an_agent_lists_her_inbox_and_marks_a_notice_read(api: Api) -> None:
    agent = f"agent-{random.randrange(10**9)}"
    number = await _case(api, agent)
    mine = api.auth(agent, Role.VILLAGE_AGENT, VILLAGE)
    (item,) = (await api.client.get("/v1/inbox", headers=mine)).json()
    assert (item["case_number"], item["read_at"]) == (number, None)
    assert number in item["text"]
    read = await api.client.post(f"/v1/inbox/{item['id']}/read", headers=mine)
    assert read.status_code == 200, read.text
    assert (await api.client.get("/v1/inbox", params={"unread": "true"},
                                 headers=mine)).json() == []
    someone_else = api.auth("agent-other", Role.VILLAGE_AGENT, VILLAGE)
    assert (await api.client.get("/v1/inbox", headers=someone_else)).json() == []
    _problem(await api.client.post(f"/v1/inbox/{item['id']}/read", headers=someone_else), 404)


async def test_the_delivery_log_of_a_case_masks_the_residents_phone(api: Api) -> None:
    number = await _case(api, f"agent-{random.randrange(10**9)}")
    log = (await api.client.get("/v1/notifications", params={"case_number": number},
                                headers=api.auth())).json()
    (sms,) = [n for n in log if n["channel"] == "sms"]
    assert sms["address"] == "138****8000"
    assert "13800138000" not in str(log)
    assert sms["status"] == "pending"


async def test_a_template_preview_shows_the_text_and_its_segments(api: Api) -> None:
    response = await api.client.post("/v1/templates/case_accepted/sms/preview", json={
        "values": {"applicant": "李林珍", "matter": "残疾人证办理",
                   "case_number": "110116-20261201-000001", "limit_days": 7,
                   "deadline_date": "2026-12-10", "provisional": False}},
        headers=api.auth())
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["text"].startswith("【代办】李林珍您好")
    assert (body["length"], body["segments"]) == (len(body["text"]), 2)  # 82 characters
    names = {(t["name"], t["channel"]) for t in
             (await api.client.get("/v1/templates", headers=api.auth())).json()}
    assert ("case_accepted", "sms") in names


async def test_an_unknown_template_is_a_404_and_a_missing_value_a_422_naming_values(
    api: Api,
) -> None:
    _problem(await api.client.post("/v1/templates/no_such/sms/preview", json={"values": {}},
                                   headers=api.auth()), 404)
    body = _problem(await api.client.post("/v1/templates/case_accepted/sms/preview",
                                          json={"values": {"applicant": "李林珍"}},
                                          headers=api.auth()), 422, "values")
    assert "matter" in str(body["errors"])


@pytest.mark.parametrize("url", ["ftp://gov.example/hook", "file:///etc/passwd", "gov.example"])
async def test_a_webhook_url_that_is_not_http_is_a_422_naming_url(api: Api, url: str) -> None:
    _problem(await api.client.post("/v1/webhooks", json={
        "url": url, "event_types": ["case.accepted"]}, headers=api.auth()), 422, "url")


async def test_a_webhook_for_an_event_notify_does_not_hear_is_a_422(api: Api) -> None:
    _problem(await api.client.post("/v1/webhooks", json={
        "url": "https://gov.example/hook", "event_types": ["ledger.checkpoint"]},
        headers=api.auth()), 422, "event_types")


async def test_a_webhook_subscription_retried_under_its_key_is_the_same_one(api: Api) -> None:
    headers = {**api.auth(), "Idempotency-Key": f"hook-{random.randrange(10**9)}"}
    # a port nothing listens on: the deliveries later tests' cases give it fail fast
    body = {"url": "http://127.0.0.1:9/hook", "event_types": ["case.accepted"]}
    first = await api.client.post("/v1/webhooks", json=body, headers=headers)
    again = await api.client.post("/v1/webhooks", json=body, headers=headers)
    assert first.status_code == 201, first.text
    assert again.json()["id"] == first.json()["id"]
    assert first.json()["secret"].startswith("whsec_")


async def test_a_member_mutes_her_email_and_sms_and_reads_back_only_her_own_choice(
    api: Api,
) -> None:
    clerk = f"clerk-{random.randrange(10**9)}"
    mine = api.auth(clerk, Role.TOWN_CLERK, "110116104")
    before = (await api.client.get("/v1/preferences", headers=mine)).json()
    assert (before["staff_id"], before["muted"], before["mutable"]) == (
        clerk, [], ["email", "sms"])
    put = await api.client.put("/v1/preferences", json={"muted": ["sms", "email"]},
                               headers=mine)
    assert put.status_code == 200, put.text
    assert (await api.client.get("/v1/preferences", headers=mine)).json()["muted"] == [
        "email", "sms"]
    other = api.auth(f"clerk-{random.randrange(10**9)}", Role.TOWN_CLERK, "110116104")
    assert (await api.client.get("/v1/preferences", headers=other)).json()["muted"] == []


@pytest.mark.parametrize("muted", [["inbox"], ["sms", "webhook"], ["fax"], "sms"])
async def test_muting_the_inbox_webhooks_or_an_unknown_channel_is_a_422_naming_muted(
    api: Api, muted: object,
) -> None:
    mine = api.auth("clerk-refused", Role.TOWN_CLERK, "110116104")
    body = _problem(await api.client.put("/v1/preferences", json={"muted": muted},
                                         headers=mine), 422)
    assert any(e["field"].startswith("muted") for e in body["errors"]), body
    assert (await api.client.get("/v1/preferences", headers=mine)).json()["muted"] == []


async def test_preferences_need_a_signed_in_member(api: Api) -> None:
    _problem(await api.client.get("/v1/preferences"), 401)
