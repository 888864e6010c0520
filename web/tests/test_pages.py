"""The web front's answers when the gateway cannot be reached, and its index form; over HTTP
in-process, against a gateway address where nothing listens. And how its client keeps the place
names it reads."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

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


# --- in front of services whose answers a test sets -------------------------------------------

TOKEN = "a" * 32
RATING = f"/api/intake/v1/public/rating-links/{TOKEN}"
A_LINKS_CASE = {"case_number": "110116-20261201-000001", "matter_name": "残疾人证新办",
                "state": "open", "expires_on": "2026-12-31", "stars": None}


@asynccontextmanager
async def web_in_front_of(answer: Callable[[httpx.Request], httpx.Response]
                          ) -> AsyncIterator[httpx.AsyncClient]:
    """The web front, its gateway answering every request with ``answer``."""
    app = create_app(WebSettings(gateway_url="http://gateway"),
                     transport=httpx.MockTransport(answer))
    async with LifespanManager(app) as managed, httpx.AsyncClient(
            transport=httpx.ASGITransport(app=managed.app), base_url="http://web") as client:
        yield client


NOT_JSON = httpx.Response(200, text="<html>a proxy's own page</html>")
UNREADABLE = {
    "not JSON": lambda _: NOT_JSON,
    "a key missing": lambda _: httpx.Response(200, json={"items": [{}], "next_cursor": None}),
    "a list for an object": lambda _: httpx.Response(200, json=[]),
}


@pytest.mark.parametrize("answer", UNREADABLE.values(), ids=UNREADABLE.keys())
@pytest.mark.parametrize("path", ["/board/110116", "/board/stations/110116111201-01"])
async def test_a_board_whose_answers_cannot_be_read_says_the_data_is_unavailable(
        answer: Callable[[httpx.Request], httpx.Response], path: str) -> None:
    async with web_in_front_of(answer) as pages:
        response = await pages.get(path)
    assert response.status_code == 503
    assert "暂时无法获取" in response.text


@pytest.mark.parametrize("answer", [
    lambda _: NOT_JSON,
    lambda _: httpx.Response(200, json={**A_LINKS_CASE, "expires_on": None}),
    lambda _: httpx.Response(200, json={"case_number": "110116-20261201-000001"}),
    lambda _: httpx.Response(404, json=["not", "a", "problem"],
                             headers={"Content-Type": "application/problem+json"}),
], ids=["not JSON", "a date that is none", "keys missing", "a problem that is a list"])
async def test_a_rating_link_whose_answer_cannot_be_read_is_the_unavailable_page(
        answer: Callable[[httpx.Request], httpx.Response]) -> None:
    async with web_in_front_of(answer) as pages:
        shown = await pages.get(f"/rate/{TOKEN}")
        sent = await pages.post(f"/rate/{TOKEN}", data={"stars": "5"})
    for response in (shown, sent):
        assert response.status_code == 503
        assert "暂时无法打开" in response.text


@pytest.mark.parametrize("stars", ["²", "٣", "３"])
async def test_stars_that_are_digits_but_not_ascii_ones_go_to_intake_as_typed(stars: str) -> None:
    sent: list[Any] = []

    def intake(request: httpx.Request) -> httpx.Response:
        if request.method == "POST":
            sent.append(json.loads(request.content))
            return httpx.Response(422, json={
                "type": "urn:daiban:problem:invalid-input", "status": 422,
                "errors": [{"field": "stars", "reason": "not an integer"}]},
                headers={"Content-Type": "application/problem+json"})
        return httpx.Response(200, json=A_LINKS_CASE)

    async with web_in_front_of(intake) as pages:
        response = await pages.post(f"/rate/{TOKEN}", data={"stars": stars})
    assert sent == [{"stars": stars}]
    assert response.status_code == 422
    assert "请选择 1 到 5 颗星。" in response.text
