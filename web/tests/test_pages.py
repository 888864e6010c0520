"""The web front's answers when the gateway cannot be reached, and its index form; over HTTP
in-process, against a gateway address where nothing listens. And how its client keeps the place
names it reads."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from asgi_lifespan import LifespanManager

from daiban_web.app import create_app
from daiban_web.public_api import PublicApi
from daiban_web.settings import WebSettings
from tests.support.gateway import free_port


@pytest.fixture
async def pages() -> AsyncIterator[httpx.AsyncClient]:
    """The web front reading a gateway that is down (a port nobody listens on)."""
    app = create_app(WebSettings(gateway_url=f"http://127.0.0.1:{free_port()}"))
    async with LifespanManager(app) as managed, httpx.AsyncClient(
            transport=httpx.ASGITransport(app=managed.app), base_url="http://web") as client:
        yield client


@pytest.mark.parametrize("path", [
    "/board/110116", "/board/110116/live", "/board/stations/110116111201-01"])
async def test_a_page_whose_data_cannot_be_read_says_so_in_chinese_and_retries(
        pages: httpx.AsyncClient, path: str) -> None:
    response = await pages.get(path)
    assert response.status_code == 503
    assert "暂时无法获取" in response.text
    assert 'http-equiv="refresh"' in response.text


async def test_the_index_form_sends_the_code_typed_to_its_board(
        pages: httpx.AsyncClient) -> None:
    index = await pages.get("/board/")
    assert index.status_code == 200
    assert 'name="place"' in index.text
    sent = await pages.get("/board/", params={"place": "110116111"})
    assert (sent.status_code, sent.headers["location"]) == (303, "110116111")
    wrong = await pages.get("/board/", params={"place": "1101"})
    assert wrong.status_code == 200  # the form again


@pytest.mark.parametrize("path", [
    "/board/1101", "/board/110116111201", "/board/stations/110116", "/a/b/c"])
async def test_an_address_that_names_no_page_is_a_chinese_404(
        pages: httpx.AsyncClient, path: str) -> None:
    response = await pages.get(path)
    assert response.status_code == 404
    assert "找不到这个页面" in response.text


async def test_place_names_are_read_once_for_a_while_and_a_place_routing_lacks_is_by_code() -> None:
    asked: list[str] = []

    def routing(request: httpx.Request) -> httpx.Response:
        asked.append(str(request.url.params["under"]))
        if request.url.params["under"] != "110116":
            return httpx.Response(404, json={"detail": "no place"})
        return httpx.Response(200, json={"items": [
            {"code": "110116", "name": "怀柔区", "tier": "county", "parent_code": None}],
            "next_cursor": None})

    async with httpx.AsyncClient(transport=httpx.MockTransport(routing),
                                 base_url="http://gateway") as client:
        api = PublicApi(client)
        assert await api.place_names("110116") == {"110116": "怀柔区"}
        assert await api.place_names("110116") == {"110116": "怀柔区"}
        assert await api.place_names("999999") == {}
        assert await api.place_names("999999") == {}
    assert asked == ["110116", "999999"]
