"""Bad input to every endpoint gets a 4xx problem+json, never a 500.

The token rules run over every ``/v1`` route the five apps declare, found from the apps
themselves, so a new endpoint is covered the day it is added. The body, path and query rules are
tables per endpoint. Bodies POSTed to ``/v1/cases`` name a village outside the caller's place
unless a test says otherwise, so a body that passes validation is refused with 403 and no test
creates a case by accident.
"""

from __future__ import annotations

import base64
import json
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Any

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from fastapi.routing import APIRoute
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from daiban_common.auth import STAFF_ROLES, Role
from daiban_common.pagination import encode_cursor
from daiban_common.service import discover
from tests.api.conftest import (
    CASE_NUMBER,
    ELSEWHERE,
    ID_NUMBER,
    MAX_BODY,
    VILLAGE,
    Service,
    assert_client_problem,
    assert_problem,
    valid_case,
)

pytestmark = pytest.mark.integration

BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})
PATH_SAMPLES = {"number": CASE_NUMBER}
"""A well-formed value for each path parameter; an unknown name gets ``1``."""

ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")



# --------------------------------------------------------------------------------------------
# The routes, from the apps themselves
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Endpoint:
    """One method of one ``/v1`` route of one service."""

    service: str
    method: str
    path: str
    path_params: tuple[str, ...]
    methods_on_path: frozenset[str]

    @property
    def url(self) -> str:
        """The path with a well-formed value in every parameter."""
        url = self.path
        for name in self.path_params:
            url = url.replace("{" + name + "}", PATH_SAMPLES.get(name, "1"))
        return url

    @property
    def other_method(self) -> str:
        """A method no route on this path serves."""
        return next(m for m in ("DELETE", "PUT", "PATCH", "POST", "GET")
                    if m not in self.methods_on_path)

    def __str__(self) -> str:
        return f"{self.service} {self.method} {self.path}"


def _endpoints() -> list[Endpoint]:
    found: list[Endpoint] = []
    for name, spec in discover().items():
        app = spec.create_app(spec.settings_type(environment="test"))  # never connects
        routes = [r for r in app.routes if isinstance(r, APIRoute) and r.path.startswith("/v1/")]
        by_path: dict[str, set[str]] = {}
        for route in routes:
            by_path.setdefault(route.path, set()).update(route.methods)
        for route in routes:
            params = tuple(p.name for p in route.dependant.path_params)
            for method in sorted(route.methods):
                found.append(Endpoint(name, method, route.path, params,
                                      frozenset(by_path[route.path])))
    return found


ENDPOINTS = _endpoints()


async def call(svc: Service, ep: Endpoint, headers: dict[str, str] | None = None,
               method: str | None = None) -> httpx.Response:
    """Call ``ep`` with well-formed path parameters, and an empty JSON object as the body of a
    POST/PUT/PATCH: enough to reach authentication, which every ``/v1`` route does first."""
    method = method or ep.method
    body: dict[str, Any] | None = {} if method in BODY_METHODS else None
    return await svc.client.request(method, ep.url, headers=headers or {}, json=body)


def test_the_route_enumeration_finds_every_service_and_the_known_endpoints() -> None:
    seen = {(e.service, e.method, e.path) for e in ENDPOINTS}
    assert {e.service for e in ENDPOINTS} == {"intake", "routing", "sla", "audit", "notify"}
    assert {
        ("intake", "POST", "/v1/cases"), ("intake", "GET", "/v1/cases/{number}"),
        ("routing", "GET", "/v1/cases/{number}"), ("sla", "GET", "/v1/cases/{number}"),
        ("audit", "GET", "/v1/ledger"), ("notify", "GET", "/v1/notifications"),
    } <= seen


async def test_the_running_apps_serve_exactly_the_enumerated_routes(
    services: dict[str, Service],
) -> None:
    running = {(name, m, r.path) for name, svc in services.items() for r in svc.app.routes
               if isinstance(r, APIRoute) and r.path.startswith("/v1/") for m in r.methods}
    assert running == {(e.service, e.method, e.path) for e in ENDPOINTS}


# --------------------------------------------------------------------------------------------
# Tokens: every route
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


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=str)
async def test_a_valid_staff_token_is_admitted_by_every_route(
    services: dict[str, Service], endpoint: Endpoint,
) -> None:
    svc = services[endpoint.service]
    response = await call(svc, endpoint, svc.auth(Role.VILLAGE_AGENT))
    assert response.status_code not in (401, 403), response.text
    assert response.status_code < 500, response.text


@pytest.mark.parametrize("bad", BAD_TOKENS)
@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=str)
async def test_a_missing_or_bad_token_is_a_401_problem_on_every_route(
    services: dict[str, Service], endpoint: Endpoint, bad: Headers,
) -> None:
    svc = services[endpoint.service]
    assert_problem(await call(svc, endpoint, bad(svc)), 401)


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=str)
async def test_a_resident_token_is_a_403_problem_on_every_route(
    services: dict[str, Service], endpoint: Endpoint,
) -> None:
    svc = services[endpoint.service]
    body = assert_problem(await call(svc, endpoint, svc.auth(Role.RESIDENT)), 403)
    assert "resident" in body["detail"]


@pytest.mark.parametrize("role", sorted(set(Role) - {
    Role.VILLAGE_AGENT, Role.ONLINE_AGENT, Role.GRID_WORKER, Role.TOWN_CLERK}))
async def test_a_role_that_does_not_take_cases_is_a_403_problem_on_submit(
    intake: Service, role: Role,
) -> None:
    # an empty body: were the role admitted, validation would answer 422
    response = await intake.client.post("/v1/cases", json={}, headers=intake.auth(role))
    body = assert_problem(response, 403)
    assert role.value in body["detail"]


@pytest.mark.parametrize("role", sorted(STAFF_ROLES))
async def test_every_staff_role_may_read_a_case(intake: Service, role: Role) -> None:
    response = await intake.client.get(f"/v1/cases/{CASE_NUMBER}", headers=intake.auth(role))
    assert_problem(response, 404)


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


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=str)
async def test_a_405_names_the_allowed_methods(
    services: dict[str, Service], endpoint: Endpoint,
) -> None:
    svc = services[endpoint.service]
    response = await call(svc, endpoint, svc.auth(), method=endpoint.other_method)
    assert_problem(response, 405)
    allowed = {m.strip() for m in response.headers.get("allow", "").split(",")}
    assert endpoint.method in allowed


# --------------------------------------------------------------------------------------------
# POST /v1/cases: the body
# --------------------------------------------------------------------------------------------


def _case_with(path: str, value: Any) -> dict[str, Any]:
    """The valid body with the member at dotted ``path`` set to ``value`` (or removed, for
    ``MISSING``)."""
    body = valid_case()
    *parents, last = path.split(".")
    target = body
    for part in parents:
        target = target[part]
    if value is MISSING:
        del target[last]
    else:
        target[last] = value
    return body


MISSING = object()


async def post_case(svc: Service, body: Any = None, *,
                    content: bytes | AsyncIterator[bytes] | None = None,
                    headers: dict[str, str] | None = None) -> httpx.Response:
    """POST /v1/cases as a village agent of 110116; the ID number never comes back."""
    all_headers = {**svc.auth(), **(headers or {})}
    if content is None:
        response = await svc.client.post("/v1/cases", json=body, headers=all_headers)
    else:
        all_headers.setdefault("Content-Type", "application/json")
        response = await svc.client.post("/v1/cases", content=content, headers=all_headers)
    assert ID_NUMBER not in response.text, f"the full ID number is echoed: {response.text}"
    return response


async def test_a_valid_body_for_a_village_outside_the_callers_place_is_a_403_problem(
    intake: Service,
) -> None:
    body = assert_problem(await post_case(intake, valid_case()), 403)
    assert ELSEWHERE in body["detail"]


WRONG_BODIES: list[Any] = [
    # wrong types
    pytest.param("matter_code", 1, "matter_code", id="matter_code is a number"),
    pytest.param("matter_code", ["MZ-001"], "matter_code", id="matter_code is a list"),
    pytest.param("village_code", 110105001001, "village_code", id="village_code is a number"),
    pytest.param("channel", 1, "channel", id="channel is a number"),
    pytest.param("applicant", "李林珍", "applicant", id="applicant is a string"),
    pytest.param("applicant", [], "applicant", id="applicant is a list"),
    pytest.param("applicant", None, "applicant", id="applicant is null"),
    pytest.param("applicant.name", 1, "applicant.name", id="name is a number"),
    pytest.param("applicant.name", {"zh": "李"}, "applicant.name", id="name is an object"),
    pytest.param("applicant.phone", 13800138000, "applicant.phone", id="phone is a number"),
    pytest.param("applicant.id_number", 110105194912310021, "applicant.id_number",
                 id="id_number is a number"),
    # values out of range or shape
    pytest.param("matter_code", "", "matter_code", id="matter_code is empty"),
    pytest.param("matter_code", "MZ 001", "matter_code", id="matter_code has a space"),
    pytest.param("matter_code", "M" * 65, "matter_code", id="matter_code is too long"),
    pytest.param("village_code", "11010500100", "village_code", id="village_code of 11 digits"),
    pytest.param("village_code", "11010500100a", "village_code", id="village_code has a letter"),
    pytest.param("village_code", "110105001001".translate(ARABIC_INDIC), "village_code",
                 id="village_code in Arabic-Indic digits"),
    pytest.param("village_code", "110105001001".translate(FULLWIDTH), "village_code",
                 id="village_code in fullwidth digits"),
    pytest.param("channel", "carrier_pigeon", "channel", id="an unknown channel"),
    pytest.param("applicant.name", "", "applicant.name", id="name is empty"),
    pytest.param("applicant.name", "李" * 51, "applicant.name", id="name is too long"),
    pytest.param("applicant.phone", "12345", "applicant.phone", id="phone is too short"),
    pytest.param("applicant.phone", "23800138000", "applicant.phone", id="phone starts with 2"),
    pytest.param("applicant.phone", "1" + "3800138000".translate(ARABIC_INDIC),
                 "applicant.phone", id="phone in Arabic-Indic digits"),
    # missing members
    pytest.param("matter_code", MISSING, "matter_code", id="no matter_code"),
    pytest.param("village_code", MISSING, "village_code", id="no village_code"),
    pytest.param("applicant", MISSING, "applicant", id="no applicant"),
    pytest.param("applicant.name", MISSING, "applicant.name", id="no name"),
    pytest.param("applicant.id_number", MISSING, "applicant.id_number", id="no id_number"),
    pytest.param("applicant.phone", MISSING, "applicant.phone", id="no phone"),
    # unknown members
    pytest.param("status", "closed", "status", id="an unknown status at the top"),
    pytest.param("number", CASE_NUMBER, "number", id="a client-chosen case number"),
    pytest.param("opened_by", {"staff_id": "x"}, "opened_by", id="a forged opened_by"),
    pytest.param("applicant.id_number_masked", "110105********002X",
                 "applicant.id_number_masked", id="an unknown member of applicant"),
    pytest.param("applicant.email", "a@b.cn", "applicant.email", id="an email in applicant"),
]


@pytest.mark.parametrize(("path", "value", "field"), WRONG_BODIES)
async def test_a_body_with_a_wrong_missing_or_unknown_member_is_a_422_naming_it(
    intake: Service, path: str, value: Any, field: str,
) -> None:
    assert_problem(await post_case(intake, _case_with(path, value)), 422, field=field)


async def test_a_body_missing_everything_names_every_required_member(intake: Service) -> None:
    body = assert_problem(await post_case(intake, {}), 422, field="matter_code")
    named = {e["field"] for e in body["errors"]}
    assert {"matter_code", "village_code", "applicant"} <= named


async def test_a_lone_surrogate_in_a_name_is_a_422_naming_it(intake: Service) -> None:
    raw = json.dumps(_case_with("applicant.name", "李\ud800")).encode()
    assert_problem(await post_case(intake, content=raw), 422, field="applicant.name")


async def test_a_nul_character_in_a_name_is_a_422_naming_it(intake: Service) -> None:
    body = _case_with("applicant.name", "李\x00林珍")
    body["village_code"] = VILLAGE  # inside the caller's place: the body reaches the database
    assert_problem(await post_case(intake, body), 422, field="applicant.name")


ID_NUMBERS: list[Any] = [
    pytest.param(ID_NUMBER[:-1] + "1", id="a wrong check digit"),
    pytest.param(ID_NUMBER[:-1] + "Y", id="a letter other than X as check digit"),
    pytest.param(ID_NUMBER[:-1], id="17 characters"),
    pytest.param(ID_NUMBER + "0", id="19 characters"),
    pytest.param(ID_NUMBER[:6], id="far too short"),
    pytest.param(ID_NUMBER + "000", id="far too long"),
    pytest.param("", id="empty"),
    pytest.param("110105194913310021", id="birth month 13"),
    pytest.param("110105194902300020", id="born on 30 February"),
    pytest.param("1101051949123100AX", id="letters in the body"),
    pytest.param(ID_NUMBER.translate(ARABIC_INDIC), id="Arabic-Indic digits"),
]


@pytest.mark.parametrize("id_number", ID_NUMBERS)
async def test_an_invalid_id_number_is_a_422_naming_it_without_echoing_it(
    intake: Service, id_number: str,
) -> None:
    response = await post_case(intake, _case_with("applicant.id_number", id_number))
    body = assert_problem(response, 422, field="applicant.id_number")
    reasons = [e["reason"] for e in body["errors"] if e["field"] == "applicant.id_number"]
    assert all(r.strip() for r in reasons), body
    if len(id_number) >= 15:
        assert id_number not in response.text, f"the ID number is echoed: {response.text}"
        assert id_number[:17] not in response.text, f"the ID number is echoed: {response.text}"


@pytest.mark.parametrize("id_number", [
    pytest.param(ID_NUMBER.lower(), id="a lowercase x"),
    pytest.param(f" {ID_NUMBER} ", id="surrounding spaces"),
    pytest.param(ID_NUMBER.translate(FULLWIDTH), id="fullwidth digits"),
])
async def test_an_id_number_that_only_needs_normalising_is_accepted(
    intake: Service, id_number: str,
) -> None:
    # accepted by validation, then refused for the place
    assert_problem(await post_case(intake, _case_with("applicant.id_number", id_number)), 403)


@pytest.mark.parametrize("value", [[], [valid_case()], "x", 1, 1.5, True])
async def test_a_body_that_is_not_a_json_object_is_a_422_naming_the_body(
    intake: Service, value: Any,
) -> None:
    assert_problem(await post_case(intake, value), 422, field="body")


@pytest.mark.parametrize("raw", [
    pytest.param(b"", id="empty"), pytest.param(b"null", id="null"),
])
async def test_an_empty_or_null_body_is_a_422_naming_the_body(intake: Service, raw: bytes) -> None:
    assert_problem(await post_case(intake, content=raw), 422, field="body")


VALID_JSON = json.dumps(valid_case(), ensure_ascii=False).encode()


@pytest.mark.parametrize("raw", [
    pytest.param(b"{", id="an open brace"),
    pytest.param(VALID_JSON[:-1], id="truncated"),
    pytest.param(VALID_JSON[:-1] + b",}", id="a trailing comma"),
    pytest.param(b"{'matter_code': 'MZ-001'}", id="single quotes"),
    pytest.param(b"matter_code=MZ-001", id="a form"),
    pytest.param(b"not json", id="words"),
    pytest.param(VALID_JSON + b"{}", id="two documents"),
])
async def test_a_body_that_is_not_json_is_a_400_problem(intake: Service, raw: bytes) -> None:
    assert_problem(await post_case(intake, content=raw), 400)


@pytest.mark.parametrize("raw", [
    pytest.param(b"\xff\xfe{}", id="a UTF-16 byte order mark"),
    pytest.param(b'{"matter_code": "\xff"}', id="not UTF-8"),
    pytest.param(b"[" * 1000 + b"]" * 1000, id="nested a thousand deep"),
])
async def test_a_body_json_cannot_decode_is_a_4xx_problem(intake: Service, raw: bytes) -> None:
    response = await post_case(intake, content=raw)
    assert response.status_code in (400, 422), response.text
    assert_client_problem(response)


@pytest.mark.parametrize("content_type", [
    "text/plain", "application/x-www-form-urlencoded", "application/xml",
    "multipart/form-data; boundary=x",
])
async def test_a_body_of_another_content_type_is_a_415_or_422_problem(
    intake: Service, content_type: str,
) -> None:
    response = await post_case(intake, content=VALID_JSON,
                               headers={"Content-Type": content_type})
    assert response.status_code in (415, 422), response.text
    assert_client_problem(response)


# --------------------------------------------------------------------------------------------
# Body size
# --------------------------------------------------------------------------------------------


def _padded(size: int) -> bytes:
    """A JSON body of exactly ``size`` bytes."""
    empty = json.dumps(valid_case(pad="")).encode()
    raw = json.dumps(valid_case(pad="x" * (size - len(empty)))).encode()
    assert len(raw) == size
    return raw


async def _chunks(raw: bytes, size: int = 512) -> AsyncIterator[bytes]:
    for i in range(0, len(raw), size):
        yield raw[i:i + size]


async def test_a_body_over_the_limit_by_its_content_length_is_a_413_problem(
    intake: Service,
) -> None:
    body = assert_problem(await post_case(intake, content=_padded(MAX_BODY + 1)), 413)
    assert str(MAX_BODY) in body["detail"]


async def test_a_body_at_the_limit_is_read_and_validated(intake: Service) -> None:
    # the unknown `pad` member is refused: the body got past the size limit
    assert_problem(await post_case(intake, content=_padded(MAX_BODY)), 422, field="pad")


async def test_a_streamed_body_under_the_limit_is_read_and_validated(intake: Service) -> None:
    response = await post_case(intake, content=_chunks(_padded(MAX_BODY)))
    assert "content-length" not in {k.lower() for k in response.request.headers}
    assert_problem(response, 422, field="pad")


async def test_a_streamed_body_over_the_limit_is_a_413_problem(intake: Service) -> None:
    response = await post_case(intake, content=_chunks(_padded(MAX_BODY * 4)))
    assert "content-length" not in {k.lower() for k in response.request.headers}
    assert_problem(response, 413)


async def test_a_content_length_that_is_not_a_number_is_a_4xx_problem(intake: Service) -> None:
    response = await post_case(intake, content=b"{}", headers={"Content-Length": "abc"})
    assert response.request.headers["content-length"] == "abc"
    assert_client_problem(response)


@pytest.mark.parametrize("name", SERVICES)
async def test_every_service_refuses_an_oversized_body_with_a_413_problem(
    services: dict[str, Service], name: str,
) -> None:
    svc = services[name]
    response = await svc.client.post("/v1/anything", content=b"x" * (MAX_BODY + 1),
                                     headers={**svc.auth(), "Content-Type": "application/json"})
    assert_problem(response, 413)


# --------------------------------------------------------------------------------------------
# Idempotency-Key
# --------------------------------------------------------------------------------------------


async def test_a_well_formed_idempotency_key_is_accepted(intake: Service) -> None:
    response = await post_case(intake, valid_case(), headers={"Idempotency-Key": "retry-0001"})
    assert_problem(response, 403)


@pytest.mark.parametrize("key", [
    pytest.param("short", id="under 8 characters"),
    pytest.param("k" * 129, id="over 128 characters"),
    pytest.param("has a space", id="a space"),
    pytest.param("slash/in/key", id="a slash"),
    pytest.param("", id="empty"),
])
async def test_an_invalid_idempotency_key_is_a_422_naming_the_header(
    intake: Service, key: str,
) -> None:
    response = await post_case(intake, valid_case(), headers={"Idempotency-Key": key})
    assert_problem(response, 422, field="Idempotency-Key")


# --------------------------------------------------------------------------------------------
# GET /v1/cases/{number}: intake, routing, sla
# --------------------------------------------------------------------------------------------

CASE_READERS = ["intake", "routing", "sla"]


@pytest.mark.parametrize("name", CASE_READERS)
async def test_a_well_formed_case_number_nobody_holds_is_a_404_problem(
    services: dict[str, Service], name: str,
) -> None:
    svc = services[name]
    response = await svc.client.get(f"/v1/cases/{CASE_NUMBER}", headers=svc.auth())
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
@pytest.mark.parametrize("name", CASE_READERS)
async def test_a_malformed_case_number_in_the_path_is_a_422_naming_it(
    services: dict[str, Service], name: str, number: str,
) -> None:
    svc = services[name]
    response = await svc.client.get(f"/v1/cases/{number}", headers=svc.auth())
    assert_problem(response, 422, field="number")


async def test_a_case_outside_the_callers_place_is_a_404_problem_and_never_shows_the_id(
    intake: Service,
) -> None:
    created = await intake.client.post("/v1/cases", json=valid_case(village_code=VILLAGE),
                                       headers=intake.auth())
    assert created.status_code == 201, created.text
    assert ID_NUMBER not in created.text
    number = created.json()["number"]
    mine = await intake.client.get(f"/v1/cases/{number}", headers=intake.auth())
    assert mine.status_code == 200, mine.text
    assert ID_NUMBER not in mine.text
    theirs = await intake.client.get(f"/v1/cases/{number}",
                                     headers=intake.auth(place="110105"))
    body = assert_problem(theirs, 404)
    assert ID_NUMBER not in theirs.text
    assert number in body["detail"]


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
        "subject": CASE_NUMBER, "cursor": encode_cursor({"seq": 0}), "limit": 10})
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
    pytest.param({"subject": "x", "cursor": _cursor({"seq": 1, "x": 2})}, "cursor",
                 id="a cursor with an extra key"),
    pytest.param({"subject": "x", "cursor": base64.urlsafe_b64encode(b"\xff\xfe").decode()},
                 "cursor", id="a cursor that is not UTF-8"),
    pytest.param({"subject": "x", "cursor": _cursor({"seq": "abc"})}, "cursor",
                 id="a cursor whose seq is a word"),
    pytest.param({"subject": "x", "cursor": _cursor({"seq": None})}, "cursor",
                 id="a cursor whose seq is null"),
    pytest.param({"subject": "x", "cursor": _cursor({"seq": [1]})}, "cursor",
                 id="a cursor whose seq is a list"),
    pytest.param({"subject": "x", "cursor": _cursor({"seq": 10 ** 20})}, "cursor",
                 id="a cursor whose seq overflows"),
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
# Any JSON at all
# --------------------------------------------------------------------------------------------

JSON_SCALARS = (st.none() | st.booleans() | st.integers() | st.floats()
                | st.text(max_size=30))
JSON_VALUES = st.recursive(
    JSON_SCALARS,
    lambda children: (st.lists(children, max_size=4)
                      | st.dictionaries(st.text(max_size=12), children, max_size=4)),
    max_leaves=12,
)
CASE_PATHS = ["matter_code", "village_code", "channel", "applicant", "applicant.name",
              "applicant.id_number", "applicant.phone", "extra", "applicant.extra"]


@st.composite
def _mutated_case(draw: st.DrawFn) -> dict[str, Any]:
    """The valid body with one member replaced by, or added as, any JSON value."""
    path = draw(st.sampled_from(CASE_PATHS))
    body = valid_case()
    *parents, last = path.split(".")
    target = body
    for part in parents:
        target = target[part]
    target[last] = draw(JSON_VALUES)
    return body


@settings(max_examples=60, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=JSON_VALUES | _mutated_case())
async def test_any_json_body_is_answered_with_a_4xx_problem_never_a_5xx(
    intake: Service, value: Any,
) -> None:
    raw = json.dumps(value).encode()
    response = await post_case(intake, content=raw)
    assert response.status_code < 500, response.text
    assert_client_problem(response)
