"""Links and ``Location`` headers carry the prefix the client called through."""

from __future__ import annotations

import httpx
import pytest
from fastapi import FastAPI, Response
from pydantic import BaseModel

from daiban_common.links import PublicLink, PublicPrefix, public_path


class Thing(BaseModel):
    id: int
    html_url: PublicLink


def app_with(root_path: str = "") -> FastAPI:
    app = FastAPI(root_path=root_path)

    @app.post("/v1/things", status_code=201)
    async def create(response: Response) -> Thing:
        response.headers["Location"] = "/v1/things/7"
        return Thing(id=7, html_url="/v1/things/7.html")

    @app.get("/v1/elsewhere", status_code=307)
    async def elsewhere(response: Response) -> None:
        response.headers["Location"] = "https://other.example.org/v1/x"

    app.add_middleware(PublicPrefix)
    return app


async def post(app: FastAPI, headers: dict[str, str] | None = None) -> httpx.Response:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
                                 base_url="http://test") as client:
        return await client.post("/v1/things", headers=headers or {})


@pytest.mark.parametrize(("headers", "prefix"), [
    ({}, ""),
    ({"X-Forwarded-Prefix": "/api/intake"}, "/api/intake"),
    ({"X-Forwarded-Prefix": "/api/intake/"}, "/api/intake"),
    ({"X-Forwarded-Prefix": "/api/../etc"}, ""),  # not a clean path: ignored
    ({"X-Forwarded-Prefix": "https://evil.example/x"}, ""),
])
async def test_the_forwarded_prefix_is_put_before_links_and_location(
        headers: dict[str, str], prefix: str) -> None:
    response = await post(app_with(), headers)
    assert response.status_code == 201
    assert response.headers["location"] == f"{prefix}/v1/things/7"
    assert response.json()["html_url"] == f"{prefix}/v1/things/7.html"


async def test_the_root_path_is_the_prefix_when_no_gateway_says_one() -> None:
    response = await post(app_with(root_path="/api/sla"))
    assert response.headers["location"] == "/api/sla/v1/things/7"
    assert response.json()["html_url"] == "/api/sla/v1/things/7.html"


async def test_an_absolute_url_in_location_is_left_alone() -> None:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app_with()),
                                 base_url="http://test") as client:
        response = await client.get("/v1/elsewhere", headers={"X-Forwarded-Prefix": "/api/x"})
    assert response.headers["location"] == "https://other.example.org/v1/x"


def test_a_path_gets_the_prefix_once() -> None:
    assert public_path("/v1/a", "/api/intake") == "/api/intake/v1/a"
    assert public_path("/api/intake/v1/a", "/api/intake") == "/api/intake/v1/a"
    assert public_path("//host/x", "/api/intake") == "//host/x"
    assert public_path("v1/a", "/api/intake") == "v1/a"
    assert public_path("/v1/a") == "/v1/a"  # outside a request: as the service names it
