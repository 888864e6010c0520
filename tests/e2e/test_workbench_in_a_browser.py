"""The workbench in Debian's chromium, on the running platform through the gateway: a village
agent signs in, opens a case with one paper missing, records the resident's power of attorney,
prints the one-time notice, supplements it and hands it over; the town clerk, told in her
messages, receives it and returns it for correction; the agent supplements it; the clerk
decides and sends the result back; the agent receives it, delivers it and records the receipt;
the hall-screen board shows the result with the applicant's name masked. At 375 px (a phone),
with no request leaving 127.0.0.1.

Screenshots of each page go to ``SCREENSHOT_DIR`` (``make screenshots``: docs/screenshots).
"""

from __future__ import annotations

import io
import struct
import time
import uuid
import zlib
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import httpx
import pytest
from playwright.async_api import Browser, FilePayload, Page, async_playwright
from pypdf import PdfReader

from daiban_kernel.roles import Role
from tests.e2e.conftest import Platform
from tests.e2e.test_relay_through_the_gateway import bearer, ok
from tests.support.browser import (
    CHROMIUM_ARGS,
    Watched,
    chromium_path,
    fits_its_width,
    screenshot_dir,
)
from tests.support.cases import town_matter

pytestmark = [pytest.mark.integration, pytest.mark.timeout(600)]

COUNTY, VILLAGE = "110116", "110116111201"  # 宝山镇郑栅子村
AGENT, CLERK = "110116-0823", "110116-0821"  # its online agent, and a clerk of 宝山镇
PHONE = (375, 812)
A4_POINTS = (595.0, 842.0)


def png(width: int = 8, height: int = 8) -> bytes:
    """A small grey PNG, as a phone's camera would send (a real image: intake checks content)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    rows = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


@pytest.fixture
async def browser() -> AsyncIterator[Browser]:
    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(executable_path=chromium_path(),
                                                    args=CHROMIUM_ARGS)
        yield launched
        await launched.close()


async def until(page: Page, ready: Callable[[], Awaitable[bool]], *,
                within: float = 60.0) -> None:
    """Reload ``page`` until ``ready()``: the events behind it travel between services."""
    deadline = time.monotonic() + within
    while not await ready():
        if time.monotonic() > deadline:
            shown = await page.inner_text("body")
            raise AssertionError(f"{page.url} never showed what was awaited; it shows:\n{shown}")
        await page.wait_for_timeout(500)
        await page.reload()


async def fits_the_phone(page: Page) -> None:
    assert await fits_its_width(page), f"{page.url} is wider than the {PHONE[0]} px phone"


async def sign_in_as(page: Page, gateway: str, station: str, staff_id: str) -> None:
    await page.goto(f"{gateway}/workbench/sign-in?station={station}")
    await page.click(f'button[data-staff="{staff_id}"]')
    await page.wait_for_selector("h1:has-text('我的待办')")


async def sign_out(page: Page) -> None:
    await page.click("header button:has-text('退出')")
    await page.wait_for_selector("h1:has-text('登录工作台')")


async def open_case_as(page: Page, gateway: str, station: str, staff_id: str,
                       number: str) -> None:
    """Sign out, sign in as another member, wait for the case in their work list (its events
    travel between services) and open it."""
    await sign_out(page)
    await sign_in_as(page, gateway, station, staff_id)
    await until(page, lambda: page.is_visible(f"a[href='cases/{number}']"))
    await page.click(f"a[href='cases/{number}']")


async def test_a_case_from_the_village_to_the_town_and_back_in_the_workbench(
        platform: Platform, browser: Browser, tmp_path: Path) -> None:
    gateway = platform.gateway
    shots = screenshot_dir(tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    code = "W" + uuid.uuid4().hex[:8].upper() + "-001"
    matter_name = f"残疾人证办理（{code[1:5]}）"
    matter = town_matter(code) | {"name": matter_name, "authorization_required": True,
                                  "materials": [
        {"name": "居民身份证", "form": "original_and_copy", "count": 1, "mandatory": True},
        {"name": "户口簿", "form": "copy", "count": 1, "mandatory": True}]}
    admin = bearer(platform, Role.ADMIN, COUNTY)
    with httpx.Client(base_url=gateway + "/api", timeout=10) as api:
        ok(api.post("/intake/v1/admin/matters", json=matter, headers=admin))
        ok(api.post(f"/intake/v1/admin/matters/{code}/publish", headers=admin))

    watched = Watched()
    page = await watched.page(browser, *PHONE)

    # the agent signs in (the workbench sends whoever is not signed in to the sign-in page)
    await page.goto(f"{gateway}/workbench/")
    await page.wait_for_selector("h1:has-text('登录工作台')")
    await page.screenshot(path=str(shots / "workbench-sign-in-375.png"), full_page=True)
    await fits_the_phone(page)
    await page.click(f'button[data-staff="{AGENT}"]')
    await page.wait_for_selector("h1:has-text('我的待办')")
    assert "叶海霞" in await page.inner_text("header")

    # opens a case: finds the matter by name, types a wrong ID number first
    await page.click("text=新建代办件")
    await page.fill("#q", matter_name[:5])
    await page.click("button:has-text('查找')")
    await page.click(f"a:has-text('{matter_name}')")
    await page.fill("#name", "李林珍")
    await page.fill("#id_number", "110105194912310021")  # the check digit is wrong
    await page.fill("#phone", "13800138000")
    await page.check("input[value='elderly']")
    await page.click("button:has-text('登记')")
    problem = page.locator('.field-problem[data-field="applicant.id_number"]')
    assert "身份证号码不正确" in await problem.inner_text()
    assert await page.get_attribute("#id_number", "aria-invalid") == "true"
    assert await page.input_value("#name") == "李林珍"  # what was typed stays
    await page.screenshot(path=str(shots / "workbench-new-case-refused-375.png"), full_page=True)
    await fits_the_phone(page)
    await page.fill("#id_number", "11010519491231002X")
    await page.click("button:has-text('登记')")
    await page.wait_for_selector(f"h1:has-text('{matter_name}')")
    number = (await page.inner_text(".case-number strong")).strip()

    # the ID card seen in the original and photographed; the household register missing
    await page.click('li[data-item="1"] button:has-text("已验原件")')
    await page.wait_for_selector('li[data-item="1"].state-original_seen')
    scan: FilePayload = {"name": "id-card.png", "mimeType": "image/png", "buffer": png()}
    await page.set_input_files('li[data-item="1"] input[type="file"]', files=[scan])
    await page.wait_for_selector('li[data-item="1"] small:has-text("扫描件 1 份")')
    # the resident's power of attorney, witnessed by the village committee, photographed
    await page.fill("#countersigned_by", "王建国")
    letter: FilePayload = {"name": "letter.png", "mimeType": "image/png", "buffer": png(16, 8)}
    await page.set_input_files("#authorization_scan", files=[letter])
    await page.click("button:has-text('记录授权委托书')")
    await page.wait_for_selector(".authorization:has-text('王建国')")
    await page.click("button:has-text('预审')")
    await page.wait_for_selector(".notices")
    assert "待补正" in await page.inner_text(".case-number")
    await page.screenshot(path=str(shots / "workbench-case-375.png"), full_page=True)
    await fits_the_phone(page)

    # the one-time notice opens in the browser and prints on A4
    href = await page.get_attribute(".notices a.button", "href")
    assert href is not None
    notice = await page.context.new_page()  # the same session, as a new tab would be
    await notice.goto(page.url.rsplit("/", 1)[0] + "/" + href)
    text = await notice.inner_text("body")
    for wanted in ("一次性告知书", "户口簿", matter_name):
        assert wanted in text
    assert await notice.is_visible("button:has-text('打印告知书')")
    await notice.screenshot(path=str(shots / "workbench-notice-375.png"), full_page=True)
    pdf = PdfReader(io.BytesIO(await notice.pdf(prefer_css_page_size=True)))
    box = pdf.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == A4_POINTS
    assert "户口簿" in pdf.pages[0].extract_text()
    await notice.close()

    # the resident brings the missing paper: supplemented, accepted, handed over to the town
    await page.click('li[data-item="2"] button:has-text("已收复印件")')
    await page.wait_for_selector('li[data-item="2"].state-provided')
    await page.click("button:has-text('补正完成')")
    await page.wait_for_selector(".case-number:has-text('已受理')")
    await until(page, lambda: page.is_visible("button:has-text('交接上报')"))
    await page.click("button:has-text('交接上报')")
    await page.wait_for_selector(".case-number:has-text('交乡镇途中')")

    # the town clerk finds it in her work list, receives it, decides, sends the result back
    await sign_out(page)
    await sign_in_as(page, gateway, "110116111-01", CLERK)
    await until(page, lambda: page.is_visible(f"a[href='cases/{number}']"))
    assert "待接收" in await page.inner_text(f"a[href='cases/{number}']")
    await page.screenshot(path=str(shots / "workbench-work-list-375.png"), full_page=True)
    await fits_the_phone(page)
    # notify told her (交接提醒), in her messages
    await page.click("nav a:has-text('消息')")
    handover = f":has-text('{number}'):has-text('已移交至您处')"
    unread = page.locator(f".inbox li.unread{handover}")

    async def told() -> bool:
        return await unread.count() > 0

    await until(page, told)  # notify's consumer writes it; the page is read again meanwhile
    assert await unread.count() == 1
    await page.click(f".inbox li.unread{handover} button:has-text('标为已读')")
    await page.wait_for_selector(f".inbox li.read{handover}")
    await page.check(".preferences input[value='sms']")  # she wants no SMS, only alarms
    await page.click(".preferences button:has-text('保存')")
    await page.wait_for_selector(".preferences input[value='sms']:checked")
    assert not await page.is_checked(".preferences input[value='email']")
    await page.screenshot(path=str(shots / "workbench-messages-375.png"), full_page=True)
    await fits_the_phone(page)
    await page.click(f".inbox li{handover} a[href='cases/{number}']")
    await page.click("button:has-text('确认接收')")
    # a paper is not right: back to the village for correction (退回补正)
    await until(page, lambda: page.is_visible("summary:has-text('退回补正')"))
    await page.click("summary:has-text('退回补正')")
    await page.fill("#reasons", "户口簿：缺户主页")
    await page.click("button:has-text('退回村（社区）补正')")
    await until(page, lambda: page.is_visible(".case-number:has-text('退回补正')"))
    await open_case_as(page, gateway, "110116111201-01", AGENT, number)
    assert "户口簿 × 1 未收" in await page.inner_text('li[data-item="2"]')  # as returned
    await page.click('li[data-item="2"] button:has-text("已收复印件")')
    await page.wait_for_selector('li[data-item="2"].state-provided')
    await page.click("button:has-text('补正完成')")
    await until(page, lambda: page.is_visible(".case-number:has-text('在乡镇')"))
    await open_case_as(page, gateway, "110116111-01", CLERK, number)
    await until(page, lambda: page.is_visible("button:has-text('作出决定')"))
    await page.click("button:has-text('作出决定')")  # no outcome chosen: refused, by field
    assert "请选择办理结果" in await page.inner_text('.field-problem[data-field="outcome"]')
    await page.screenshot(path=str(shots / "workbench-decision-refused-375.png"), full_page=True)
    await fits_the_phone(page)
    await page.check("input[name='outcome'][value='approved']")
    await page.click("button:has-text('作出决定')")
    await until(page, lambda: page.is_visible("button:has-text('办结结果送回')"))
    await page.click("button:has-text('办结结果送回')")
    await page.wait_for_selector(".case-number:has-text('结果送回途中')")

    # the agent receives the result, delivers it, and the resident signs for it
    await open_case_as(page, gateway, "110116111201-01", AGENT, number)
    await page.click("button:has-text('确认接收')")
    await until(page, lambda: page.is_visible("button:has-text('记录送达')"))
    await page.click("button:has-text('记录送达')")
    await until(page, lambda: page.is_visible("button:has-text('记录签收')"))
    await page.check("input[name='signed']")
    await page.click("button:has-text('记录签收')")
    await until(page, lambda: page.is_visible(".history li:has-text('签收')"))
    history = await page.inner_text(".history")
    for step in ("登记", "一次性告知", "受理", "交接", "接收", "退回补正", "补正", "作出决定",
                 "送达"):
        assert step in history, history
    # staff are named by name (the agent and the town clerk), not by their ids
    for person in ("叶海霞", "贺秋菊"):
        assert person in history, history
    for staff_id in (AGENT, CLERK):
        assert staff_id not in history, history
    assert "经办人 叶海霞" in await page.inner_text("section.relay")
    await page.screenshot(path=str(shots / "workbench-history-375.png"), full_page=True)
    await fits_the_phone(page)

    # the hall-screen board shows the result, the name masked
    board = await watched.page(browser, 1920, 1080)
    await board.goto(f"{gateway}/board/{COUNTY}")
    await until(board, lambda: board.is_visible(f"text={matter_name}"))
    shown = await board.inner_text("body")
    assert "李*珍" in shown
    assert "李林珍" not in shown
    await board.screenshot(path=str(shots / "workbench-result-on-the-board-1920x1080.png"))

    assert watched.elsewhere == [], watched.elsewhere
    assert watched.failed == [], watched.failed
