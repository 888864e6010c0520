"""Who may call what, over every ``/v1`` route the five apps declare.

Routes are found and classified from the apps (see ``endpoints.py``), so a new endpoint is
covered the day it is added: a protected route refuses every missing or bad token with a 401,
admits exactly the roles its ``RoleCheck``s allow and refuses the others with a 403 naming the
role; a public route answers the same whatever token comes with the request.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from fastapi.routing import APIRoute

from daiban_kernel.roles import STAFF_ROLES, Role
from tests.api.conftest import (
    ARABIC_INDIC,
    CASE_NUMBER,
    FULLWIDTH,
    SUPERSCRIPT,
    VILLAGE,
    Service,
    assert_client_problem,
    assert_problem,
    valid_case,
    widest,
)
from tests.api.endpoints import BODY_METHODS, ENDPOINTS, PROTECTED, PUBLIC, Endpoint, call

pytestmark = [pytest.mark.integration, pytest.mark.asyncio(loop_scope="package")]


# --------------------------------------------------------------------------------------------
# The routes and how they are classified
# --------------------------------------------------------------------------------------------


async def test_the_route_enumeration_finds_every_service_and_the_known_endpoints() -> None:
    seen = {(e.service, e.method, e.path, e.protected) for e in ENDPOINTS}
    assert {e.service for e in ENDPOINTS} == {"intake", "routing", "sla", "audit", "notify"}
    assert {
        ("intake", "POST", "/v1/cases", True), ("intake", "GET", "/v1/cases/{number}", True),
        ("routing", "GET", "/v1/cases/{number}", True), ("sla", "GET", "/v1/cases/{number}", True),
        ("audit", "GET", "/v1/ledger", True), ("notify", "GET", "/v1/notifications", True),
        ("intake", "GET", "/v1/public/matters", False),
        ("intake", "GET", "/v1/public/matters/{code}", False),
        ("intake", "GET", "/v1/public/in-person-matters", False),
        ("sla", "GET", "/v1/calendar", False), ("sla", "GET", "/v1/calendar/{year}", False),
        ("sla", "GET", "/v1/calendar/add-working-days", False),
        ("sla", "GET", "/v1/calendar/working-days-between", False),
    } <= seen


async def test_the_running_apps_serve_exactly_the_enumerated_routes(
    services: dict[str, Service],
) -> None:
    running = {(name, m, r.path) for name, svc in services.items() for r in svc.app.routes
               if isinstance(r, APIRoute) and r.path.startswith("/v1/") for m in r.methods}
    assert running == {(e.service, e.method, e.path) for e in ENDPOINTS}


async def test_the_openapi_documents_a_bearer_exactly_on_the_protected_routes(
    services: dict[str, Service],
) -> None:
    documented = {(name, method.upper(), path): bool(operation.get("security"))
                  for name, svc in services.items()
                  for path, operations in svc.app.openapi()["paths"].items()
                  for method, operation in operations.items() if path.startswith("/v1/")}
    assert documented == {(e.service, e.method, e.path): e.protected for e in ENDPOINTS}


@pytest.mark.parametrize("endpoint", [e for e in ENDPOINTS if e.path.startswith("/v1/public/")],
                         ids=str)
async def test_a_route_under_public_needs_no_login(endpoint: Endpoint) -> None:
    assert not endpoint.protected


@pytest.mark.parametrize("endpoint", [e for e in ENDPOINTS if e.path.startswith("/v1/admin/")],
                         ids=str)
async def test_a_route_under_admin_admits_only_admins(endpoint: Endpoint) -> None:
    assert endpoint.protected
    assert endpoint.allowed == {Role.ADMIN}


@pytest.mark.parametrize("endpoint", PROTECTED, ids=str)
async def test_no_protected_route_admits_residents(endpoint: Endpoint) -> None:
    assert Role.RESIDENT not in endpoint.allowed
    assert endpoint.allowed, "a route nobody may call"


# --------------------------------------------------------------------------------------------
# Protected routes: a missing or bad token is a 401
# --------------------------------------------------------------------------------------------

OTHER_KEY = ec.generate_private_key(ec.SECP256R1())
Headers = Callable[[Service], dict[str, str]]


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _claims(**overrides: Any) -> Headers:
    return lambda svc: _bearer(svc.signed(svc.claims(**overrides)))


def _unsigned(svc: Service) -> dict[str, str]:
    return _bearer(jwt.encode(svc.claims(), None, algorithm="none"))  # type: ignore[arg-type]


BAD_TOKENS: list[Any] = [
    pytest.param(lambda svc: {}, id="no Authorization header"),
    pytest.param(lambda svc: {"Authorization": "Basic dXNlcjpwYXNz"}, id="a Basic credential"),
    pytest.param(lambda svc: {"Authorization": "Bearer "}, id="Bearer and nothing"),
    pytest.param(lambda svc: {"Authorization": svc.token()}, id="a token without the scheme"),
    pytest.param(lambda svc: _bearer("not-a-jwt"), id="garbage"),
    pytest.param(lambda svc: _bearer("eyJhbGciOiJFUzI1NiJ9.e30.AAAA"), id="garbage segments"),
    pytest.param(lambda svc: _bearer(svc.token() + "x"), id="a tampered signature"),
    pytest.param(lambda svc: _bearer(svc.signed(svc.claims(), key=OTHER_KEY)),
                 id="signed by another key"),
    pytest.param(_unsigned, id="alg none"),
    pytest.param(lambda svc: _bearer(svc.signed(svc.claims(), key="s" * 64, algorithm="HS256")),
                 id="HS256 with a shared secret"),
    pytest.param(_claims(exp=int(time.time()) - 3600), id="expired"),
    pytest.param(lambda svc: _bearer(svc.token(ttl_seconds=-60)), id="expired dev token"),
    pytest.param(_claims(nbf=int(time.time()) + 3600), id="not yet valid"),
    pytest.param(_claims(exp=None), id="without exp"),
    pytest.param(_claims(iss="someone-else"), id="another issuer"),
    pytest.param(_claims(aud="another-audience"), id="another audience"),
    pytest.param(_claims(sub=None), id="without sub"),
    pytest.param(_claims(sub=12345), id="a sub that is not a string"),
    pytest.param(_claims(role="mayor"), id="an unknown role"),
    pytest.param(_claims(role=None), id="without role"),
    pytest.param(_claims(role=["admin"]), id="a role that is a list"),
    pytest.param(_claims(place=None), id="without place"),
    pytest.param(_claims(place="11011"), id="a place of 5 digits"),
    pytest.param(_claims(place="1101161"), id="a place of 7 digits"),
    pytest.param(_claims(place="abcdef"), id="a place of letters"),
    pytest.param(_claims(place=110116), id="a place that is a number"),
    pytest.param(_claims(place="110116".translate(ARABIC_INDIC)),
                 id="a place in Arabic-Indic digits"),
    pytest.param(_claims(place="110116".translate(FULLWIDTH)),
                 id="a place in fullwidth digits"),
    pytest.param(_claims(place="110116".translate(SUPERSCRIPT)),
                 id="a place in superscript digits"),
]


@pytest.mark.parametrize("bad", BAD_TOKENS)
@pytest.mark.parametrize("endpoint", PROTECTED, ids=str)
async def test_a_missing_or_bad_token_is_a_401_problem_on_every_protected_route(
    services: dict[str, Service], endpoint: Endpoint, bad: Headers,
) -> None:
    svc = services[endpoint.service]
    assert_problem(await call(svc, endpoint, bad(svc)), 401)


@pytest.mark.parametrize("subject", [
    pytest.param("", id="empty"), pytest.param("s" * 65, id="longer than 64"),
])
async def test_a_token_whose_subject_cannot_name_a_staff_member_is_a_401_problem(
    intake: Service, subject: str,
) -> None:
    token = intake.signed(intake.claims(sub=subject))
    response = await intake.client.post("/v1/cases", json=valid_case(village_code=VILLAGE),
                                        headers=_bearer(token))
    assert_problem(response, 401)


# --------------------------------------------------------------------------------------------
# Protected routes: each role admitted or refused as the route declares
# --------------------------------------------------------------------------------------------

ADMITTED = [pytest.param(e, r, id=f"{e}-{r.value}")
            for e in PROTECTED for r in sorted(Role) if r in e.allowed]
REFUSED = [pytest.param(e, r, id=f"{e}-{r.value}")
           for e in PROTECTED for r in sorted(Role) if r not in e.allowed]


def assert_past_authorisation(response: httpx.Response, endpoint: Endpoint) -> None:
    """The request got past the token and role checks and was answered without a crash; a 4xx
    is a problem that does not blame the sample path, and a method that writes wrote nothing."""
    assert response.status_code not in (401, 403), response.text
    assert response.status_code < 500, response.text
    if endpoint.writes:
        assert response.status_code >= 400, f"a write went through: {response.text}"
    if response.status_code >= 400:
        body = assert_client_problem(response)
        named = {e.get("field") for e in body.get("errors", [])}
        assert not named & set(endpoint.path_params), (
            f"the sample path {endpoint.url} is refused: give it a sample; {body}")


@pytest.mark.parametrize(("endpoint", "role"), ADMITTED)
async def test_a_role_the_route_admits_gets_past_authorisation(
    services: dict[str, Service], endpoint: Endpoint, role: Role,
) -> None:
    svc = services[endpoint.service]
    place = widest(role)  # a place in the path is the caller's own: inside its jurisdiction
    url = endpoint.url_with(place=place) if "place" in endpoint.path_params else None
    response = await call(svc, endpoint, svc.auth(role, place=place), url=url)
    assert_past_authorisation(response, endpoint)


@pytest.mark.parametrize(("endpoint", "role"), REFUSED)
async def test_a_role_the_route_does_not_admit_is_a_403_problem_naming_it(
    services: dict[str, Service], endpoint: Endpoint, role: Role,
) -> None:
    # the body, when there is one, is an empty object: the role check answers before validation
    svc = services[endpoint.service]
    body = assert_problem(await call(svc, endpoint, svc.auth(role, place=widest(role))), 403)
    assert f"role {role.value} " in body["detail"], body


@pytest.mark.parametrize("role", sorted(set(Role) - {
    Role.VILLAGE_AGENT, Role.ONLINE_AGENT, Role.GRID_WORKER, Role.TOWN_CLERK}))
async def test_a_role_that_does_not_take_cases_is_a_403_problem_on_a_valid_submission(
    intake: Service, role: Role,
) -> None:
    # a body that would open a case in the caller's place, were the role admitted
    response = await intake.client.post("/v1/cases", json=valid_case(village_code=VILLAGE),
                                        headers=intake.auth(role, place=widest(role)))
    body = assert_problem(response, 403)
    assert f"role {role.value} " in body["detail"], body


@pytest.mark.parametrize("role", sorted(STAFF_ROLES))
async def test_every_staff_role_may_read_a_case(intake: Service, role: Role) -> None:
    response = await intake.client.get(f"/v1/cases/{CASE_NUMBER}",
                                      headers=intake.auth(role, place=widest(role)))
    assert_problem(response, 404)


# --------------------------------------------------------------------------------------------
# Public routes: answered without looking at the token
# --------------------------------------------------------------------------------------------


def assert_answered_in_public(response: httpx.Response) -> None:
    """Answered without asking who calls, and without a crash."""
    assert response.status_code not in (401, 403), response.text
    assert response.status_code < 500, response.text
    if response.status_code >= 400:
        assert_client_problem(response)


@pytest.mark.parametrize("endpoint", PUBLIC, ids=str)
async def test_a_public_route_answers_a_well_formed_request_without_a_token(
    services: dict[str, Service], endpoint: Endpoint,
) -> None:
    response = await call(services[endpoint.service], endpoint)
    assert_answered_in_public(response)
    if endpoint.method in BODY_METHODS:  # the empty object sent lacks a public write's fields
        assert response.status_code in (201, 404, 422), response.text
    else:
        assert response.status_code in (200, 404), response.text


@pytest.mark.parametrize("bad", BAD_TOKENS)
@pytest.mark.parametrize("endpoint", PUBLIC, ids=str)
async def test_a_public_route_ignores_a_missing_or_bad_token(
    services: dict[str, Service], endpoint: Endpoint, bad: Headers,
) -> None:
    svc = services[endpoint.service]
    without = await call(svc, endpoint)
    response = await call(svc, endpoint, bad(svc))
    assert_answered_in_public(response)
    assert (response.status_code, response.content) == (without.status_code, without.content)


@pytest.mark.parametrize("role", sorted(Role))
@pytest.mark.parametrize("endpoint", PUBLIC, ids=str)
async def test_a_public_route_answers_every_role_as_it_answers_nobody(
    services: dict[str, Service], endpoint: Endpoint, role: Role,
) -> None:
    svc = services[endpoint.service]
    without = await call(svc, endpoint)
    response = await call(svc, endpoint, svc.auth(role, place=widest(role)))
    assert_answered_in_public(response)
    assert (response.status_code, response.content) == (without.status_code, without.content)


# --------------------------------------------------------------------------------------------
# The order of the checks
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [None, Role.RESIDENT, Role.SUPERVISOR])
async def test_a_body_that_is_not_json_is_a_400_problem_before_the_token_is_looked_at(
    intake: Service, role: Role | None,
) -> None:
    # FastAPI parses a JSON body before it resolves any dependency, so a body that is not JSON
    # is refused as such even without a token or from a role that may not submit; a body that
    # is JSON but invalid (422) never hides a 401 or 403 (the role tests send ``{}``)
    headers = {"Content-Type": "application/json"}
    if role is not None:
        headers.update(intake.auth(role, place=widest(role)))
    response = await intake.client.post("/v1/cases", content=b"{", headers=headers)
    assert_problem(response, 400)


@pytest.mark.parametrize(("role", "status"), [
    pytest.param(None, 401, id="no token"), pytest.param(Role.VILLAGE_AGENT, 403, id="refused"),
    pytest.param(Role.ADMIN, 422, id="admitted"),
])
async def test_the_token_and_the_role_are_checked_before_the_path_and_the_body(
    intake: Service, role: Role | None, status: int,
) -> None:
    headers = {} if role is None else intake.auth(role, place=widest(role))
    response = await intake.client.post("/v1/admin/matters/mz-001/versions", json={"x": 1},
                                        headers=headers)
    assert_problem(response, status, field="code" if status == 422 else None)
