"""The village notice board (公开栏) in chromium: the station's name, town and phones, its agents
(their phones masked), the matters it takes with their papers, limits and steps, the matters done
in person, and how to complain; on a phone too, and nothing requested beyond 127.0.0.1."""

from __future__ import annotations

import pytest
from playwright.async_api import expect

from tests.support.browser import fits_its_width

from .conftest import Web

pytestmark = pytest.mark.integration


async def test_a_stations_notice_board_shows_its_agents_and_the_matters_with_their_papers(
        web: Web) -> None:
    station = await web.station(["于国云", "李林珍"])
    page = await web.page(1920, 1080)
    await page.goto(f"{web.url}board/stations/{station}")
    await expect(page.locator(".agent-name")).to_have_text(["于国云", "李林珍"])
    await expect(page.locator(".role").first).to_have_text("村代办员")
    await expect(page.locator(".agent-phone")).to_have_text(["138****0001", "138****0002"])
    assert "13800000001" not in await page.content()
    await expect(page.locator(".station-name")).to_have_text("郑栅子村便民服务室")
    await expect(page.locator(".town-name")).to_have_text("宝山镇")
    await expect(page.locator(".station-phone")).to_have_text("010-69641234")
    await expect(page.locator(".supervision-phone")).to_have_text("010-69641015")
    matters = page.locator("details.matter")
    assert await matters.count() > 10  # the demo catalogue, published
    first = matters.first
    await first.locator("summary").click()
    await expect(first.locator(".steps li").first).to_have_text("村（社区）代办站")
    await expect(first.locator(".steps li").last).to_have_text("结果送回本站，交给申请人")
    assert await first.locator(".materials li").count() >= 1
    await expect(first.locator("dd").first).to_contain_text("个工作日")
    await expect(page.locator(".complain")).to_contain_text("12345")
    await expect(page.locator(".complain")).to_contain_text("监督电话 010-69641015")
    await expect(page.locator(".complain")).to_contain_text("宝山镇便民服务中心")
    await web.screenshot(page, "notice-board-1920x1080")
    assert web.elsewhere == []
    assert web.failed == []


async def test_the_notice_board_on_a_phone_fits_375_px(web: Web) -> None:
    station = await web.station(["于国云"])
    page = await web.page(375, 812)
    await page.goto(f"{web.url}board/stations/{station}")
    await page.locator("details.matter summary").first.click()
    await expect(page.locator(".agent-name")).to_have_text(["于国云"])
    assert await fits_its_width(page)
    await web.screenshot(page, "notice-board-375")
    assert web.elsewhere == []
    assert web.failed == []


async def test_a_station_that_does_not_exist_is_a_chinese_not_found_page(web: Web) -> None:
    page = await web.page(375, 812)
    response = await page.goto(f"{web.url}board/stations/{web.hall.village()}-09")
    assert response is not None
    assert response.status == 404
    await expect(page.locator("h1")).to_have_text("找不到这个页面")


async def test_the_pages_are_set_in_the_bundled_font_served_from_the_web_front(
        web: Web) -> None:
    station = await web.station(["于国云"])
    page = await web.page(1920, 1080)
    fonts: list[str] = []
    page.on("response", lambda r: fonts.append(f"{r.status} {r.url}")
            if r.url.endswith(".woff2") else None)
    await page.goto(f"{web.url}board/stations/{station}")
    await page.evaluate("document.fonts.ready")
    faces = await page.evaluate(
        "[...document.fonts].map(f => [f.family.replaceAll('\"', ''), f.status])")
    assert faces == [["Daiban Noto Sans SC", "loaded"]]
    assert await page.evaluate("document.fonts.check('28px \"Daiban Noto Sans SC\"', '代办')")
    assert fonts == [f"200 {web.url}assets/fonts/NotoSansSC-subset.woff2"]
    family = await page.locator(".agent-name").evaluate("e => getComputedStyle(e).fontFamily")
    assert family.startswith('"Daiban Noto Sans SC"')
    assert web.elsewhere == []
    assert web.failed == []
