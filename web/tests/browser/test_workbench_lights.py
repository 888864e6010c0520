"""A town's supervisor in the workbench: signs in, and the lights page (亮灯督办) lists the
town's red cases before its yellow ones, from sla's real lights; at 375 px."""

from __future__ import annotations

import pytest

from daiban_sla.domain.clock import Light
from tests.support.browser import fits_its_width

from .conftest import Web

pytestmark = pytest.mark.integration


async def test_a_supervisor_sees_the_towns_red_cases_before_its_yellow_ones(web: Web) -> None:
    await web.station(["周强"])
    village = web.hall.village()
    town = village[:9]
    station = f"{town}-01"
    admin = web.admin()
    created = await web.api.post("/api/routing/v1/admin/stations", headers=admin, json={
        "code": station, "place_code": town, "name": "宝山镇便民服务中心"})
    assert created.status_code == 201, created.text
    created = await web.api.post("/api/routing/v1/admin/staff", headers=admin, json={
        "staff_id": f"{web.hall.county}-0900", "name": "赵督查", "phone": "13800009000",
        "role": "supervisor", "station_code": station, "skills": []})
    assert created.status_code == 201, created.text
    yellow = await web.hall.lit(Light.YELLOW, village)
    red = await web.hall.lit(Light.RED, village)
    elsewhere = await web.hall.lit(Light.RED, web.hall.village(town=2))  # another town's

    page = await web.page(375, 812)
    await page.goto(f"{web.url}workbench/sign-in?station={station}")
    await page.click(f'button[data-staff="{web.hall.county}-0900"]')
    await page.wait_for_selector("h1:has-text('我的待办')")
    await page.click("nav a:has-text('亮灯')")
    await page.wait_for_selector("h1:has-text('亮灯督办')")
    shown = await page.locator(".work-list .number").all_inner_texts()
    assert shown == [red.case_number, yellow.case_number]
    assert elsewhere.case_number not in shown
    assert await page.locator(".work-list li").first.get_attribute("class") == "light-red"
    assert await fits_its_width(page)
    await web.screenshot(page, "workbench-lights-375")
    assert web.elsewhere == []
    assert web.failed == []
