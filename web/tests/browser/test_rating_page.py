"""The rating page a resident opens from the "please rate" SMS, in chromium on a phone: the
form, a refusal next to its field, thanks, the rating recorded as the resident's; the same link
again says it is rated, an expired or broken one says so; nothing requested beyond 127.0.0.1."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from playwright.async_api import expect

from daiban_common.auth import issue_dev_token
from daiban_common.envelope import Envelope
from daiban_common.inbox import EventConsumer
from daiban_intake.settings import IntakeSettings
from daiban_kernel.actor import Actor
from daiban_kernel.china import china_date
from daiban_kernel.contracts.case import CaseRef
from daiban_kernel.contracts.matter import Tier
from daiban_kernel.contracts.place import PlaceCreatedV1, PlaceSnapshot
from daiban_kernel.contracts.relay import CaseDecidedV1, CaseResultDeliveredV1, Delivery, Outcome
from daiban_kernel.events import EventData
from daiban_kernel.places import PlaceTier
from daiban_kernel.rating_link import mint_rating_link
from daiban_kernel.roles import Role
from tests.support.browser import fits_its_width

from .conftest import Web

pytestmark = pytest.mark.integration

RESIDENT = {"name": "郭跃兵", "id_number": "11010519491231002X", "phone": "13800138000"}
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(200)


async def hear(web: Web, event: EventData, source: str = "/daiban/routing") -> None:
    """Give intake an event as its consumer takes it from the bus."""
    consumer = next(w for w in web.services["intake"].workers if isinstance(w, EventConsumer))
    assert await consumer.apply(Envelope.wrap(event, source=source)) == "applied"


async def delivered_case(web: Web) -> tuple[str, dict[str, str]]:
    """A case of MZ-004 taken at a village of the hall's county through intake's API, decided
    and delivered as routing tells it; its number and the agent's headers."""
    village = web.hall.village()
    await hear(web, PlaceCreatedV1(snapshot=PlaceSnapshot(
        code=village, name="测试村", tier=PlaceTier.VILLAGE, parent_code=village[:9],
        distance_km=Decimal("1.0"), active=True, version=1)))
    agent = {"Authorization": "Bearer " + issue_dev_token(
        web.hall.settings, role=Role.VILLAGE_AGENT, place=village)}
    opened = await web.api.post("/api/intake/v1/cases", headers=agent, json={
        "matter_code": "MZ-004", "village_code": village, "channel": "station",
        "applicant": RESIDENT})
    assert opened.status_code == 201, opened.text
    case = opened.json()
    number = case["number"]
    for item in range(1, len(case["checklist"]) + 1):
        scanned = await web.api.post(f"/api/intake/v1/cases/{number}/attachments",
                                     params={"item": item}, content=JPEG,
                                     headers={**agent, "Content-Type": "image/jpeg"})
        assert scanned.status_code == 201, scanned.text
        marked = await web.api.put(f"/api/intake/v1/cases/{number}/materials/{item}",
                                   headers=agent, json={"state": "original_seen"})
        assert marked.status_code == 200, marked.text
    reviewed = await web.api.post(f"/api/intake/v1/cases/{number}/review", headers=agent,
                                 json={})
    assert reviewed.json()["status"] == "accepted", reviewed.text
    ref = CaseRef(case_number=number, village_code=village, matter_code="MZ-004",
                  matter_version=case["matter"]["version"])
    now, clerk = datetime.now(UTC), Actor(staff_id="clerk", role="town_clerk",
                                          place=village[:9])
    await hear(web, CaseDecidedV1(case=ref, flow_version=7, at=now, tier=Tier.TOWN,
                                  outcome=Outcome.APPROVED, by=clerk))
    await hear(web, CaseResultDeliveredV1(case=ref, flow_version=8, at=now,
                                          delivery=Delivery.COLLECTED,
                                          delivered_on=china_date(now), by=clerk))
    return number, agent


def link(web: Web, env: dict[str, str], number: str, *, days: int = 30) -> str:
    """The page of the link notify texts for ``number``, lasting ``days`` from today."""
    secret = IntakeSettings.model_validate(env).rating_link_key
    token = mint_rating_link(number, expires_on=china_date(datetime.now(UTC)) + timedelta(days),
                             secret=secret)
    return f"{web.url}rate/{token}"


async def test_a_resident_rates_from_the_sms_link_once_on_a_phone(
        web: Web, env: dict[str, str]) -> None:
    number, agent = await delivered_case(web)
    page = await web.page(375, 812)
    await page.goto(link(web, env, number))
    await expect(page.locator("h1")).to_have_text("服务评价")
    await expect(page.locator(".case .number")).to_contain_text(number)
    await expect(page.locator("input[name=stars]")).to_have_count(5)
    assert await fits_its_width(page)

    await page.get_by_role("button", name="提交评价").click()  # no star chosen
    await expect(page.locator("#stars-error")).to_have_text("请选择 1 到 5 颗星。")
    await page.locator("label.star", has_text="4 星").click()
    await page.locator("#comment").fill("代办员很耐心，不用跑腿")
    await web.screenshot(page, "rating-375")
    await page.get_by_role("button", name="提交评价").click()
    await expect(page.locator("h2")).to_have_text("谢谢您的评价！")
    assert await fits_its_width(page)
    await web.screenshot(page, "rating-375-thanks")

    case = (await web.api.get(f"/api/intake/v1/cases/{number}", headers=agent)).json()
    rating: dict[str, Any] = case["rating"]
    assert (case["status"], rating["stars"], rating["comment"], rating["entered_by"]) == (
        "rated", 4, "代办员很耐心，不用跑腿", "resident")

    again = await web.page(375, 812)
    await again.goto(link(web, env, number))
    await expect(again.locator("h2")).to_have_text("已评价")
    await expect(again.locator("form")).to_have_count(0)
    assert web.elsewhere == []
    assert web.failed == []


async def test_an_expired_or_broken_link_says_so_in_chinese(web: Web,
                                                            env: dict[str, str]) -> None:
    number, _ = await delivered_case(web)
    page = await web.page(375, 812)
    response = await page.goto(link(web, env, number, days=-1))
    assert response is not None
    assert response.status == 410
    await expect(page.locator("h2")).to_have_text("链接已过期")
    await expect(page.locator("form")).to_have_count(0)
    assert await fits_its_width(page)
    await web.screenshot(page, "rating-375-expired")
    token = link(web, env, number).rsplit("/", 1)[1]
    for broken in (token[:-1] + ("A" if token[-1] != "A" else "B"), token[:12], "x"):
        response = await page.goto(f"{web.url}rate/{broken}")
        assert response is not None
        assert response.status == 404
        await expect(page.locator("h2")).to_have_text("链接无效")
    assert web.elsewhere == []
    assert web.failed == []
