"""The API docs work offline: every asset the pages load is served by the service itself.

The app is the shell every service is built on (``create_base_app``); its engine never connects.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator

import httpx
import pytest

from daiban_common.db import create_engine
from daiban_common.settings import CommonSettings
from daiban_common.webapp import create_base_app

ASSET = re.compile(r"""(?:src|href)\s*=\s*["']([^"']+)["']""")


@pytest.fixture(params=["", "/api/intake"], ids=["direct", "behind-the-gateway"])
async def client(
        request: pytest.FixtureRequest) -> AsyncIterator[tuple[httpx.AsyncClient, str]]:
    """The app as it is reached directly and under the gateway's prefix (its root path)."""
    config = CommonSettings()
    engine = create_engine(config)
    app = create_base_app(config, service="test", engine=engine, description="", routers=[],
                          state={})
    transport = httpx.ASGITransport(app=app, root_path=request.param)
    async with httpx.AsyncClient(transport=transport, base_url="http://api.test") as api:
        yield api, request.param
    await engine.dispose()


@pytest.mark.parametrize("page", ["/docs", "/redoc"])
async def test_the_docs_pages_load_only_assets_the_service_serves(
        client: tuple[httpx.AsyncClient, str], page: str) -> None:
    api, root = client
    response = await api.get(root + page)  # the path includes the root path, as uvicorn's
    assert response.status_code == 200
    html = response.text
    assert "cdn" not in html.lower()
    assert "//" not in "".join(ASSET.findall(html))  # no absolute URL, no other host
    assets = ASSET.findall(html)
    assert len(assets) >= 2  # the script and the favicon at least
    for url in assets:
        assert url.startswith(f"{root}/docs-assets/")
        served = await api.get(url)
        assert served.status_code == 200, url
        assert len(served.content) > 100
    assert f"{root}/openapi.json" in html
