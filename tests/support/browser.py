"""Debian's chromium driven by Playwright (the Python package; its own browser download is never
used), with pages whose requests may reach 127.0.0.1 only."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.async_api import Browser, Page, Response, Route

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def chromium_path() -> str:
    """Where chromium is (``CHROMIUM``, set by ``make test``); the test fails loudly without."""
    path = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    if not Path(path).exists():
        pytest.fail(f"no chromium at {path}: `make test` installs it "
                    "(scripts/ensure-chromium.sh)", pytrace=False)
    return path


@dataclass
class Watched:
    """What pages asked of other hosts (refused), and the assets they did not get."""

    elsewhere: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    async def page(self, browser: Browser, width: int, height: int) -> Page:
        """A fresh page of this size whose requests may reach 127.0.0.1 only: any other is
        refused and remembered, as is any asset answered with an error."""
        context = await browser.new_context(viewport={"width": width, "height": height},
                                            locale="zh-CN")

        async def only_here(route: Route) -> None:
            if urlsplit(route.request.url).hostname == "127.0.0.1":
                await route.continue_()
            else:
                self.elsewhere.append(route.request.url)
                await route.abort()

        await context.route("**/*", only_here)
        page = await context.new_page()

        def check(response: Response) -> None:
            if response.status >= 400 and response.request.resource_type != "document":
                self.failed.append(f"{response.status} {response.url}")

        page.on("response", check)
        return page


def screenshot_dir(default: Path) -> Path:
    """Where tests save what they render (``SCREENSHOT_DIR``: docs/screenshots for
    ``make screenshots``), else ``default``."""
    return Path(os.environ.get("SCREENSHOT_DIR") or default)


async def fits_its_width(page: Page) -> bool:
    """No horizontal scrolling: the page is as wide as its window or narrower."""
    return bool(await page.evaluate(
        "document.documentElement.scrollWidth <= window.innerWidth"))
