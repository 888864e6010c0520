"""CORS: browsers on the allowed origins may call the API; no other origin gets a header.

The app is the shell every service is built on (``create_base_app``); its engine never connects.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import APIRouter, Body

from daiban_common.db import create_engine
from daiban_common.settings import CommonSettings
from daiban_common.webapp import create_base_app

PORTAL = "https://portal.example.org"
FOREIGN = "https://elsewhere.example.com"
MAX_BODY = 2048


def _router() -> APIRouter:
    router = APIRouter()

    @router.post("/v1/cases", status_code=201)
    async def create(body: dict[str, str] = Body()) -> dict[str, str]:  # noqa: B008
        """Stands for any route of a service."""
        return body

    return router


async def _client(**settings: object) -> AsyncIterator[httpx.AsyncClient]:
    config = CommonSettings(max_body_bytes=MAX_BODY, **settings)  # type: ignore[arg-type]
    engine = create_engine(config)
    app = create_base_app(config, service="test", engine=engine, description="",
                          routers=[_router()], state={})
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://api.test") as client:
        yield client
    await engine.dispose()


@pytest.fixture
async def allowing() -> AsyncIterator[httpx.AsyncClient]:
    """An app that allows the portal's origin."""
    async for client in _client(cors_allow_origins=(PORTAL,)):
        yield client


@pytest.fixture
async def by_default() -> AsyncIterator[httpx.AsyncClient]:
    """An app with the default settings."""
    async for client in _client():
        yield client


def preflight(origin: str, method: str = "POST",
              headers: str = "authorization, content-type, idempotency-key") -> dict[str, str]:
    return {"Origin": origin, "Access-Control-Request-Method": method,
            "Access-Control-Request-Headers": headers}


def test_no_origin_is_allowed_by_default() -> None:
    assert CommonSettings().cors_allow_origins == ()


def test_origins_are_read_from_the_environment_as_a_json_list(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CORS_ALLOW_ORIGINS", f'["{PORTAL}", "http://127.0.0.1:3000"]')
    assert CommonSettings().cors_allow_origins == (PORTAL, "http://127.0.0.1:3000")


@pytest.mark.parametrize("origin", ["*", "portal.example.org", f"{PORTAL}/", f"{PORTAL}/app",
                                    "ftp://portal.example.org", ""])
def test_an_allow_list_entry_must_be_an_origin(origin: str) -> None:
    with pytest.raises(ValueError, match="is not an origin"):
        CommonSettings(cors_allow_origins=(origin,))


async def test_an_allowed_origins_preflight_is_answered_200_with_what_it_may_send(
        allowing: httpx.AsyncClient) -> None:
    response = await allowing.options("/v1/cases", headers=preflight(PORTAL))
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == PORTAL
    assert "POST" in response.headers["access-control-allow-methods"]
    allowed = {h.strip().lower() for h in response.headers["access-control-allow-headers"]
               .split(",")}
    assert {"authorization", "content-type", "idempotency-key"} <= allowed
    assert "access-control-allow-credentials" not in response.headers  # bearer tokens only


async def test_an_allowed_origin_gets_the_headers_on_answers_and_refusals(
        allowing: httpx.AsyncClient) -> None:
    created = await allowing.post("/v1/cases", json={"a": "b"}, headers={"Origin": PORTAL})
    assert created.status_code == 201
    too_large = await allowing.post("/v1/cases", content=b"x" * (MAX_BODY + 1),
                                    headers={"Origin": PORTAL,
                                             "Content-Type": "application/json"})
    assert too_large.status_code == 413
    for response in (created, too_large):
        assert response.headers["access-control-allow-origin"] == PORTAL
        assert "location" in response.headers["access-control-expose-headers"].lower()


async def test_a_foreign_origin_gets_no_cors_headers(allowing: httpx.AsyncClient) -> None:
    response = await allowing.post("/v1/cases", json={"a": "b"}, headers={"Origin": FOREIGN})
    assert response.status_code == 201  # a browser keeps the answer from the page
    assert not [h for h in response.headers if h.startswith("access-control-")]


async def test_a_foreign_origins_preflight_is_refused_as_a_problem(
        allowing: httpx.AsyncClient) -> None:
    response = await allowing.options("/v1/cases", headers=preflight(FOREIGN))
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["type"] == "urn:daiban:problem:cors-refused"
    assert "origin" in response.json()["detail"]
    assert "access-control-allow-origin" not in response.headers


async def test_a_preflight_for_a_header_not_allowed_is_refused_naming_it(
        allowing: httpx.AsyncClient) -> None:
    response = await allowing.options("/v1/cases", headers=preflight(PORTAL, headers="x-admin"))
    assert response.status_code == 400
    assert "headers" in response.json()["detail"]


async def test_by_default_no_origin_gets_cors_headers_and_preflight_is_not_answered(
        by_default: httpx.AsyncClient) -> None:
    answer = await by_default.post("/v1/cases", json={"a": "b"}, headers={"Origin": PORTAL})
    assert answer.status_code == 201
    refused = await by_default.options("/v1/cases", headers=preflight(PORTAL))
    assert refused.status_code == 405
    assert refused.headers["content-type"] == "application/problem+json"
    for response in (answer, refused):
        assert not [h for h in response.headers if h.startswith("access-control-")]
