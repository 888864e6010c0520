"""A route refuses a query parameter it does not take (422 naming it, and a required one missing
beside it), through the shared router wrapper every service's app uses."""

from typing import Annotated

import httpx
from fastapi import APIRouter, Depends, FastAPI, Query

from daiban_common.api_deps import known_query_routes
from daiban_common.problems import install_problem_handlers


def _page(limit: Annotated[int, Query(ge=1)] = 10) -> int:
    return limit


def app() -> FastAPI:
    router = APIRouter()

    @router.get("/cases")
    async def cases(page: Annotated[int, Depends(_page)],
                    status: Annotated[str | None, Query()] = None) -> dict[str, object]:
        return {"limit": page, "status": status}

    @router.get("/count")
    async def count(start: Annotated[str, Query(alias="from")]) -> dict[str, str]:
        return {"from": start}

    built = FastAPI()
    install_problem_handlers(built)
    built.include_router(known_query_routes(router))
    return built


async def get(path: str, **params: str) -> httpx.Response:
    transport = httpx.ASGITransport(app=app())
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        return await client.get(path, params=params)


async def test_parameters_the_route_and_its_dependencies_take_are_answered() -> None:
    response = await get("/cases", status="open", limit="3")
    assert (response.status_code, response.json()) == (200, {"limit": 3, "status": "open"})


async def test_an_unknown_parameter_is_a_422_naming_it_and_what_the_route_takes() -> None:
    response = await get("/cases", owner="me")
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["errors"] == [
        {"field": "owner", "reason": "is not a parameter of this route (it takes: limit, status)"}]


async def test_a_misspelt_required_parameter_is_named_both_ways() -> None:
    response = await get("/count", start="2026-01-05")
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["start", "from"]
