"""Every Daiban error renders as problem+json with its own status, type and detail."""

import httpx
import pytest
from fastapi import FastAPI

from daiban_common.problems import PROBLEM_JSON, install_problem_handlers
from daiban_kernel import errors
from daiban_kernel.errors import DaibanError, FieldProblem, InvalidInput


def all_error_classes(base: type[DaibanError] = DaibanError) -> list[type[DaibanError]]:
    found = [base]
    for sub in base.__subclasses__():
        found.extend(all_error_classes(sub))
    return found


def app_raising(exc: Exception) -> FastAPI:
    app = FastAPI()
    install_problem_handlers(app)

    @app.get("/boom")
    async def boom() -> None:
        raise exc

    return app


async def get(app: FastAPI) -> httpx.Response:
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        return await client.get("/boom")


SHARED = [c for c in all_error_classes()
          if c.__module__ == errors.__name__ and not issubclass(c, InvalidInput)]
"""The shared classes only: which service modules are imported by collection time varies, and
the services' own errors (with their own constructors) are tested where they are raised."""


@pytest.mark.parametrize("cls", SHARED)
async def test_each_error_class_renders_its_status_and_type(cls: type[DaibanError]) -> None:
    response = await get(app_raising(cls("what went wrong")))
    assert response.status_code == cls.status
    assert response.headers["content-type"] == PROBLEM_JSON
    body = response.json()
    assert body["type"] == "urn:daiban:problem:" + cls.slug
    assert body["status"] == cls.status
    assert body["detail"] == "what went wrong"


async def test_invalid_input_names_each_field() -> None:
    exc = InvalidInput(FieldProblem("applicant.id_number", "the check digit does not match"))
    body = (await get(app_raising(exc))).json()
    assert body["errors"] == [{"field": "applicant.id_number",
                               "reason": "the check digit does not match"}]


async def test_an_unexpected_crash_is_a_500_problem_without_internals() -> None:
    response = await get(app_raising(RuntimeError("secret internals 11010519491231002X")))
    assert response.status_code == 500
    assert response.headers["content-type"] == PROBLEM_JSON
    assert "secret" not in response.text


def test_the_hierarchy_maps_every_class_to_a_client_or_server_status() -> None:
    for cls in all_error_classes():
        assert 400 <= cls.status < 600, cls
    client_errors = {400, 401, 403, 404, 409, 410, 413, 415, 422}
    assert {c.status for c in all_error_classes(errors.DomainError)} <= client_errors


async def test_a_405_allows_the_methods_of_the_most_literal_resource() -> None:
    import httpx
    from fastapi import FastAPI

    from daiban_common.problems import install_problem_handlers

    app = FastAPI()
    install_problem_handlers(app)

    @app.get("/v1/places/export")
    async def export() -> dict[str, str]:
        return {}

    @app.patch("/v1/places/{code}")
    async def amend(code: str) -> dict[str, str]:
        return {"code": code}

    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
                                 base_url="http://test") as client:
        literal = await client.options("/v1/places/export")
        templated = await client.delete("/v1/places/110116")
    assert (literal.status_code, literal.headers["allow"]) == (405, "GET")
    assert (templated.status_code, templated.headers["allow"]) == (405, "PATCH")
    assert literal.headers["content-type"] == "application/problem+json"


async def test_a_literal_resource_refuses_a_method_only_the_template_beside_it_serves() -> None:
    import httpx
    from fastapi import APIRouter, Depends, FastAPI, Query

    from daiban_common.problems import install_problem_handlers, literal_resource_first

    app = FastAPI()
    install_problem_handlers(app)
    router = APIRouter()
    amended: list[str] = []

    @router.get("/v1/places/export")
    async def export(format: str = Query("csv")) -> dict[str, str]:
        return {"format": format}

    @router.patch("/v1/places/{code}")
    async def amend(code: str) -> dict[str, str]:
        amended.append(code)
        return {"code": code}

    app.include_router(router, dependencies=[Depends(literal_resource_first)])
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
                                 base_url="http://test") as client:
        literal = await client.patch("/v1/places/export", params={"format": "csv"})
        templated = await client.patch("/v1/places/110116")
        served = await client.get("/v1/places/export")
    assert (literal.status_code, literal.headers["allow"]) == (405, "GET")
    assert literal.headers["content-type"] == "application/problem+json"
    assert (templated.status_code, served.status_code) == (200, 200)
    assert amended == ["110116"]
