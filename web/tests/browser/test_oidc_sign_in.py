"""Signing in with the OpenID provider in chromium: the button on the sign-in page, through the
provider (a small real one on 127.0.0.1, see tests/support/oidc_provider.py) and back to the
work list, whose API calls the services verify against the provider's JWKS."""

from __future__ import annotations

import contextlib
import random
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from asgi_lifespan import LifespanManager
from playwright.async_api import Browser, async_playwright, expect
from starlette.applications import Starlette
from starlette.routing import Mount

from daiban_common.service import discover
from daiban_web.app import create_app
from daiban_web.settings import WebSettings
from tests.support.browser import CHROMIUM_ARGS, Watched, chromium_path
from tests.support.oidc_provider import OidcProvider, oidc_provider, serving

from .conftest import PUBLIC_SERVICES

pytestmark = pytest.mark.integration


@dataclass
class Provided:
    """The web front signing in with ``provider``, and chromium."""

    url: str
    provider: OidcProvider
    browser: Browser
    watched: Watched


@pytest.fixture
async def provided(env: dict[str, str]) -> AsyncIterator[Provided]:
    """The provider; the public services verifying its tokens (``JWT_JWKS_URL``); the web front
    signing in with it, on a free port; chromium."""
    village = f"9{random.randrange(10**5):05d}001001"  # a county of the test's own: no work
    user = {"sub": f"{village}-0001", "role": "village_agent", "place": village, "name": "王小明"}
    with oidc_provider(OidcProvider(user=user)) as provider:
        trusting: dict[str, Any] = {**env, "jwt_jwks_url": provider.jwks_url,
                                    "jwt_issuer": provider.issuer,
                                    "jwt_audience": provider.api_audience}
        specs = discover()
        async with contextlib.AsyncExitStack() as stack:
            mounts = []
            for name in PUBLIC_SERVICES:
                spec = specs[name]
                app = spec.create_app(spec.settings_type(**trusting))
                managed = await stack.enter_async_context(LifespanManager(app))
                mounts.append(Mount(f"/api/{name}", app=managed.app))
            settings = WebSettings.model_validate({
                **trusting, "gateway_url": "http://gateway",
                "oidc_discovery_url": provider.discovery_url,
                "oidc_client_id": provider.client_id,
                "oidc_client_secret": provider.client_secret})
            web = create_app(settings, transport=httpx.ASGITransport(
                app=Starlette(routes=mounts)))
            url = await stack.enter_async_context(serving(web))
            playwright = await stack.enter_async_context(async_playwright())
            browser = await playwright.chromium.launch(executable_path=chromium_path(),
                                                       args=CHROMIUM_ARGS)
            stack.push_async_callback(browser.close)
            yield Provided(url, provider, browser, Watched())


async def test_a_member_signs_in_with_the_provider_and_sees_their_work_list(
        provided: Provided) -> None:
    page = await provided.watched.page(provided.browser, 1280, 800)
    await page.goto(f"{provided.url}/workbench/")
    await expect(page).to_have_url(f"{provided.url}/workbench/sign-in")
    await page.get_by_role("link", name="使用统一身份认证登录").click()
    await expect(page).to_have_url(f"{provided.url}/workbench/")
    await expect(page.locator("h1")).to_have_text("我的待办")
    await expect(page.locator(".who")).to_contain_text("王小明")
    await expect(page.locator(".who small")).to_have_text("村代办员")
    await expect(page.locator(".empty")).to_have_text("目前没有待办的件。")
    assert [r["redirect_uri"] for r in provided.provider.authorize_requests] == [
        f"{provided.url}/workbench/sign-in/callback"]
    await page.get_by_role("button", name="退出").click()
    await expect(page).to_have_url(f"{provided.url}/workbench/sign-in")
    assert provided.watched.elsewhere == []
    assert provided.watched.failed == []
