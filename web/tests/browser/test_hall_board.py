"""The hall-screen board in chromium: readable on a 1920×1080 screen and on a 375 px phone, the
applicant's name masked, refreshing by itself, and nothing requested beyond 127.0.0.1."""

from __future__ import annotations

import pytest
from playwright.async_api import Page, expect

from daiban_sla.domain.clock import Light
from tests.support.browser import fits_its_width

from .conftest import Web

pytestmark = pytest.mark.integration


async def fits_the_screen(page: Page) -> bool:
    """Nothing below the fold: a hall's TV does not scroll."""
    return bool(await page.evaluate(
        "document.documentElement.scrollHeight <= window.innerHeight"))


async def font_px(page: Page, selector: str) -> float:
    return float(await page.locator(selector).first.evaluate(
        "e => parseFloat(getComputedStyle(e).fontSize)"))


async def test_the_board_on_a_hall_screen_shows_results_masked_and_lights_by_town(
        web: Web) -> None:
    hall = web.hall
    await web.places({hall.county: "示范县", hall.county + "001": "宝山镇",
                      hall.village(1, 1): "郑栅子村", hall.village(1, 2): "宝山寺村",
                      hall.county + "002": "汤河口镇", hall.village(2, 1): "汤河口村",
                      hall.village(2, 3): "二号沟门村"})
    await hall.delivered("王小华")
    await hall.delivered("欧阳小明", on_time=False, village=hall.village(2, 3))
    await hall.lit(Light.RED, hall.village(1, 2))
    await hall.lit(Light.RED, hall.village(2, 1))
    await hall.lit(Light.YELLOW, hall.village(2, 1))
    page = await web.page(1920, 1080)
    await page.goto(web.url + "board/" + hall.county)

    latest = page.locator("table.results tbody tr")
    await expect(latest).to_have_count(2)
    await expect(page.locator("td.applicant")).to_have_text(["欧**明", "王*华"])
    content = await page.content()
    assert "小华" not in content
    assert "阳小明" not in content
    await expect(page.locator("td.verdict")).to_have_text(["超期办结", "按时办结"])
    await expect(page.locator("td.matter").first).to_have_text("残疾人证办理")
    await expect(page.locator("td.village")).to_have_text(["二号沟门村", "郑栅子村"])
    await expect(page.locator(".board-head .place-name")).to_have_text("示范县")
    await expect(page.locator(".figure .n")).to_have_text(["2", "2"])
    await expect(page.locator(".figure .rate").first).to_have_text("按时率 50.0%")
    await expect(page.locator("[data-count=red]")).to_have_text("2")
    await expect(page.locator("[data-count=yellow]")).to_have_text("1")
    towns = page.locator(".towns tbody tr")
    await expect(towns).to_have_count(2)
    await expect(towns.locator("th")).to_have_text(["汤河口镇", "宝山镇"])  # 1 red, 1 yellow first
    assert await fits_its_width(page)
    assert await fits_the_screen(page)
    assert await font_px(page, "td.applicant") >= 28  # read from across the hall
    await web.screenshot(page, "board-1920x1080")
    assert web.elsewhere == []
    assert web.failed == []


async def test_the_board_on_a_phone_fits_375_px_and_keeps_the_masked_name(web: Web) -> None:
    await web.hall.delivered("李林珍")  # a county routing does not know: places shown by code
    await web.hall.lit(Light.RED, web.hall.village())
    page = await web.page(375, 812)
    await page.goto(web.url + "board/" + web.hall.county)
    await expect(page.locator("td.applicant")).to_have_text(["李*珍"])
    await expect(page.locator("[data-count=red]")).to_have_text("1")
    await expect(page.locator(".towns tbody th")).to_have_text([web.hall.county + "001"])
    assert await fits_its_width(page)
    assert await font_px(page, "td.applicant") >= 16
    await web.screenshot(page, "board-375")
    assert web.elsewhere == []
    assert web.failed == []


async def test_the_board_refreshes_by_itself(web: Web) -> None:
    page = await web.page(1920, 1080)
    await page.goto(web.url + "board/" + web.hall.county)
    await expect(page.locator(".latest .empty")).to_have_text("暂无办结事项。")
    await web.hall.delivered("张三丰")
    await expect(page.locator("td.applicant")).to_have_text(["张*丰"], timeout=15_000)
    assert web.elsewhere == []
    assert web.failed == []


async def test_a_place_that_is_not_a_county_or_town_is_a_chinese_not_found_page(
        web: Web) -> None:
    page = await web.page(375, 812)
    response = await page.goto(web.url + "board/12345")
    assert response is not None
    assert response.status == 404
    await expect(page.locator("h1")).to_have_text("找不到这个页面")
    assert web.elsewhere == []
    assert web.failed == []
