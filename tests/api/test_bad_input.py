"""Bad paths and queries to every endpoint get a 4xx problem+json, never a 500.

Unknown routes and methods are tried on every service; malformed path parameters and queries
are tables per endpoint (the public ones in ``test_public_input.py``, bodies in
``test_case_body.py``, tokens and roles in ``test_auth.py``).
"""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest

from daiban_common.pagination import encode_cursor
from daiban_common.service import discover
from tests.api.conftest import (
    ARABIC_INDIC,
    CASE_NUMBER,
    FULLWIDTH,
    Service,
    assert_client_problem,
    assert_problem,
)
from tests.api.endpoints import ENDPOINTS, Endpoint, call

pytestmark = [pytest.mark.integration, pytest.mark.asyncio(loop_scope="package")]


# --------------------------------------------------------------------------------------------
# Unknown routes and methods: every service
# --------------------------------------------------------------------------------------------

SERVICES = sorted(discover())


@pytest.mark.parametrize("name", SERVICES)
@pytest.mark.parametrize("path", ["/v1/no-such-thing", "/v2/cases", "/", "/v1/cases/a/b/c"])
async def test_an_unknown_route_is_a_404_problem(
    services: dict[str, Service], name: str, path: str,
) -> None:
    svc = services[name]
    assert_problem(await svc.client.get(path, headers=svc.auth()), 404)


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=str)
async def test_a_method_the_route_does_not_serve_is_a_405_problem(
    services: dict[str, Service], endpoint: Endpoint,
) -> None:
    svc = services[endpoint.service]
    response = await call(svc, endpoint, svc.auth(), method=endpoint.other_method)
    assert_problem(response, 405)


@pytest.mark.parametrize("endpoint", [pytest.param(e, id=str(e)) for e in ENDPOINTS])
async def test_a_405_names_every_method_the_path_serves(
    services: dict[str, Service], endpoint: Endpoint,
) -> None:
    svc = services[endpoint.service]
    response = await call(svc, endpoint, svc.auth(), method=endpoint.other_method)
    assert_problem(response, 405)
    allowed = {m.strip() for m in response.headers.get("allow", "").split(",")}
    assert endpoint.methods_on_path <= allowed, response.headers


# --------------------------------------------------------------------------------------------
# GET /v1/cases/{number}: intake, routing, sla
# --------------------------------------------------------------------------------------------

CASE_READERS = [pytest.param(name, path, id=f"{name} {path}") for name, path in [
    ("intake", "/v1/cases/{}"), ("routing", "/v1/cases/{}"), ("sla", "/v1/cases/{}"),
    ("sla", "/v1/cases/{}/clocks"),
]]


@pytest.mark.parametrize(("name", "path"), CASE_READERS)
async def test_a_well_formed_case_number_nobody_holds_is_a_404_problem(
    services: dict[str, Service], name: str, path: str,
) -> None:
    svc = services[name]
    response = await svc.client.get(path.format(CASE_NUMBER), headers=svc.auth())
    assert_problem(response, 404)


@pytest.mark.parametrize("number", [
    pytest.param("abc", id="letters"),
    pytest.param("110116-2024010-000001", id="a short date"),
    pytest.param("110116-20240101-0000011", id="a long sequence"),
    pytest.param("11011620240101000001", id="no dashes"),
    pytest.param("110116-20240101-000001 ", id="a trailing space"),
    pytest.param("110116-20240101-00000%00", id="a NUL"),
    pytest.param("%E2%80%8B110116-20240101-000001", id="a zero-width space"),
    pytest.param(CASE_NUMBER.translate(ARABIC_INDIC), id="Arabic-Indic digits"),
])
@pytest.mark.parametrize(("name", "path"), CASE_READERS)
async def test_a_malformed_case_number_in_the_path_is_a_422_naming_it(
    services: dict[str, Service], name: str, path: str, number: str,
) -> None:
    svc = services[name]
    response = await svc.client.get(path.format(number), headers=svc.auth())
    assert_problem(response, 422, field="number")


# --------------------------------------------------------------------------------------------
# GET /v1/ledger (audit)
# --------------------------------------------------------------------------------------------


def _cursor(position: Any) -> str:
    return base64.urlsafe_b64encode(json.dumps(position).encode()).decode()


async def test_a_ledger_query_with_a_cursor_the_service_issued_is_answered(
    services: dict[str, Service],
) -> None:
    audit = services["audit"]
    response = await audit.client.get("/v1/ledger", headers=audit.auth(), params={
        "subject": CASE_NUMBER, "cursor": encode_cursor({"at": 0}), "limit": 10})
    assert response.status_code == 200, response.text
    assert isinstance(response.json()["items"], list)


LEDGER_QUERIES: list[Any] = [
    pytest.param({}, "subject", id="no subject"),
    pytest.param({"subject": ""}, "subject", id="an empty subject"),
    pytest.param({"subject": "s" * 129}, "subject", id="a subject over 128"),
    pytest.param({"subject": "x", "limit": "0"}, "limit", id="limit 0"),
    pytest.param({"subject": "x", "limit": "501"}, "limit", id="limit 501"),
    pytest.param({"subject": "x", "limit": "-1"}, "limit", id="a negative limit"),
    pytest.param({"subject": "x", "limit": "ten"}, "limit", id="a word for limit"),
    pytest.param({"subject": "x", "limit": "1.5"}, "limit", id="a fractional limit"),
    pytest.param({"subject": "x", "cursor": "c" * 201}, "cursor", id="a cursor over 200"),
    pytest.param({"subject": "x", "cursor": "!!!"}, "cursor", id="a cursor of garbage"),
    pytest.param({"subject": "x", "cursor": "e30"}, "cursor", id="unpadded base64"),
    pytest.param({"subject": "x", "cursor": _cursor([])}, "cursor", id="a list cursor"),
    pytest.param({"subject": "x", "cursor": _cursor({})}, "cursor", id="an empty cursor"),
    pytest.param({"subject": "x", "cursor": _cursor({"at": 1, "x": 2})}, "cursor",
                 id="a cursor with an extra key"),
    pytest.param({"subject": "x", "cursor": base64.urlsafe_b64encode(b"\xff\xfe").decode()},
                 "cursor", id="a cursor that is not UTF-8"),
    pytest.param({"subject": "x", "cursor": _cursor({"at": "abc"})}, "cursor",
                 id="a cursor whose position is a word"),
    pytest.param({"subject": "x", "cursor": _cursor({"at": None})}, "cursor",
                 id="a cursor whose position is null"),
    pytest.param({"subject": "x", "cursor": _cursor({"at": [1]})}, "cursor",
                 id="a cursor whose position is a list"),
    pytest.param({"subject": "x", "cursor": _cursor({"at": 10 ** 20})}, "cursor",
                 id="a cursor whose position overflows"),
    pytest.param({"subject": "x", "cursor": _cursor({"at": -1})}, "cursor",
                 id="a cursor whose position is negative"),
    pytest.param({"subject": "x\x00"}, "subject", id="a NUL in the subject"),
]


@pytest.mark.parametrize(("params", "field"), LEDGER_QUERIES)
async def test_a_bad_ledger_query_is_a_422_naming_the_parameter(
    services: dict[str, Service], params: dict[str, str], field: str,
) -> None:
    audit = services["audit"]
    response = await audit.client.get("/v1/ledger", headers=audit.auth(), params=params)
    assert_problem(response, 422, field=field)


# --------------------------------------------------------------------------------------------
# GET /v1/notifications (notify)
# --------------------------------------------------------------------------------------------


async def test_the_notifications_of_a_well_formed_case_number_are_answered(
    services: dict[str, Service],
) -> None:
    notify = services["notify"]
    response = await notify.client.get("/v1/notifications", headers=notify.auth(),
                                       params={"case_number": CASE_NUMBER})
    assert response.status_code == 200, response.text


@pytest.mark.parametrize("params", [
    pytest.param({}, id="no case_number"),
    pytest.param({"case_number": ""}, id="empty"),
    pytest.param({"case_number": "abc"}, id="letters"),
    pytest.param({"case_number": CASE_NUMBER + "0"}, id="too long"),
    pytest.param({"case_number": CASE_NUMBER[:-1] + "\x00"}, id="a NUL"),
    pytest.param({"case_number": CASE_NUMBER.translate(FULLWIDTH)}, id="fullwidth digits"),
])
async def test_a_bad_notifications_query_is_a_422_naming_case_number(
    services: dict[str, Service], params: dict[str, str],
) -> None:
    notify = services["notify"]
    response = await notify.client.get("/v1/notifications", headers=notify.auth(),
                                       params=params)
    assert_problem(response, 422, field="case_number")


# --------------------------------------------------------------------------------------------
# Any path or query parameter of every route: odd values are a 4xx problem, never a 500
# --------------------------------------------------------------------------------------------

ODD_VALUES: list[Any] = [
    pytest.param("%00", id="a NUL"),
    pytest.param("%E2%80%8B", id="a zero-width space"),
    pytest.param("%F0%9F%98%80", id="an emoji"),
    pytest.param("x" * 300, id="300 characters"),
    pytest.param("9" * 30, id="30 nines"),
    pytest.param("-1", id="minus one"),
    pytest.param("%25", id="a percent sign"),
    pytest.param("9999-12-31", id="the last day a date can hold"),
]
PATH_PARAMS = [pytest.param(e, name, id=f"{e} {name}") for e in ENDPOINTS
               for name in e.path_params]
QUERY_PARAMS = [pytest.param(e, name, id=f"{e} {name}") for e in ENDPOINTS
                for name in e.query_params]


@pytest.mark.parametrize("value", ODD_VALUES)
@pytest.mark.parametrize(("endpoint", "name"), PATH_PARAMS)
async def test_an_odd_path_parameter_is_a_4xx_problem_on_every_route(
    services: dict[str, Service], endpoint: Endpoint, name: str, value: str,
) -> None:
    # the caller is admitted, so what answers is the parameter's validation or the lookup
    svc = services[endpoint.service]
    response = await call(svc, endpoint, endpoint.headers(svc),
                          url=endpoint.url_with(**{name: value}))
    assert response.status_code not in (401, 403), response.text
    assert_client_problem(response)


@pytest.mark.parametrize("value", [
    pytest.param("\x00", id="a NUL"), pytest.param("\u200b", id="a zero-width space"),
    pytest.param("x" * 300, id="300 characters"), pytest.param("9" * 30, id="30 nines"),
    pytest.param("", id="empty"),
    pytest.param("9999-12-31", id="the last day a date can hold"),
    pytest.param("0001-01-01", id="the first day a date can hold"),
])
@pytest.mark.parametrize(("endpoint", "name"), QUERY_PARAMS)
async def test_an_odd_query_parameter_is_answered_never_a_5xx_on_every_route(
    services: dict[str, Service], endpoint: Endpoint, name: str, value: str,
) -> None:
    svc = services[endpoint.service]
    response = await call(svc, endpoint, endpoint.headers(svc),
                          params={**dict(endpoint.query), name: value})
    assert response.status_code not in (401, 403), response.text
    assert response.status_code < 500, response.text
    if endpoint.writes:
        assert response.status_code >= 400, f"a write went through: {response.text}"
    if response.status_code >= 400:
        assert_client_problem(response)


# --------------------------------------------------------------------------------------------
# A query parameter the route does not take: every service refuses it, naming it
# --------------------------------------------------------------------------------------------

REFUSING_UNKNOWN_QUERY = frozenset({"intake", "routing", "sla", "audit", "notify"})


@pytest.mark.parametrize("endpoint", [pytest.param(e, id=str(e)) for e in ENDPOINTS
                                      if e.service in REFUSING_UNKNOWN_QUERY])
async def test_an_unknown_query_parameter_is_a_422_naming_it_on_every_route(
    services: dict[str, Service], endpoint: Endpoint,
) -> None:
    svc = services[endpoint.service]
    response = await call(svc, endpoint, endpoint.headers(svc),
                          params={**dict(endpoint.query), "no_such_filter": "1"})
    body = assert_problem(response, 422, field="no_such_filter")
    assert "is not a parameter of this route" in body["errors"][0]["reason"]
