"""Every service's app, built in-process on the real database, and problem+json assertions.

The apps are built once for the whole folder (package scope, on the package's event loop): the
tests only send requests, so sharing them keeps a run of ~4500 tests well under a minute. Every
test module marks itself ``pytest.mark.asyncio(loop_scope="package")`` to run on that loop.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack
from dataclasses import dataclass
from typing import Any

import httpx
import jwt
import pytest
import pytest_asyncio
from asgi_lifespan import LifespanManager
from fastapi import FastAPI

from daiban_common.auth import issue_dev_token, load_dev_key
from daiban_common.service import discover
from daiban_common.settings import CommonSettings
from daiban_kernel.roles import Role
from tests.support.places import placed

PROBLEM_JSON = "application/problem+json"
PROBLEM_BASE = "urn:daiban:problem:"
MAX_BODY = 2048

COUNTY = "110116"
"""怀柔区: a place that covers every sample the route-wide tests send."""

VILLAGE = "110116104201"
"""A village in 怀柔区 (110116), where the callers of these tests sit."""

TOWN = "110116104"
"""The town of ``VILLAGE``."""


def widest(role: Role) -> str:
    """The widest place in 怀柔区 that ``role`` works at: the county, else ``TOWN``, else
    ``VILLAGE`` (a token's place is of its role's tier)."""
    return placed(role, COUNTY)

ELSEWHERE = "110105001001"
"""A village in 朝阳区 (110105): outside every caller's place unless a test says otherwise."""

ID_NUMBER = "11010519491231002X"
"""A valid resident ID number (GB 11643 sample)."""

CASE_NUMBER = "110116-20240101-000001"

ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def valid_case(**overrides: Any) -> dict[str, Any]:
    """A body POST /v1/cases accepts; ``village_code`` lies outside the callers' place by default,
    so a body that passes validation is refused with 403 and never creates a case."""
    body: dict[str, Any] = {
        "matter_code": "MZ-001", "village_code": ELSEWHERE, "channel": "home_visit",
        "applicant": {"name": "李林珍", "id_number": ID_NUMBER, "phone": "13800138000"},
    }
    body.update(overrides)
    return body


@dataclass
class Service:
    """One running app and a client that talks to it in-process."""

    name: str
    app: FastAPI
    settings: CommonSettings
    client: httpx.AsyncClient

    def token(self, role: Role = Role.VILLAGE_AGENT, place: str = VILLAGE, **kw: Any) -> str:
        """A valid development token."""
        return issue_dev_token(self.settings, role=role, place=place, **kw)

    def auth(self, role: Role = Role.VILLAGE_AGENT, place: str = VILLAGE,
             **kw: Any) -> dict[str, str]:
        """An ``Authorization`` header with a valid development token."""
        return {"Authorization": f"Bearer {self.token(role, place, **kw)}"}

    def signed(self, claims: dict[str, Any], *, key: Any = None,
               algorithm: str = "ES256") -> str:
        """A token with exactly these claims, signed with the dev key unless told otherwise."""
        signing_key = key if key is not None else load_dev_key(self.settings.jwt_dev_key_file)
        return jwt.encode(claims, signing_key, algorithm=algorithm)

    def claims(self, **overrides: Any) -> dict[str, Any]:
        """The claims of a valid token; an override of ``None`` removes the claim."""
        now = int(time.time())
        claims: dict[str, Any] = {
            "iss": self.settings.jwt_issuer, "aud": self.settings.jwt_audience,
            "sub": f"test-{uuid.uuid4().hex[:8]}", "role": Role.VILLAGE_AGENT.value,
            "place": VILLAGE, "iat": now, "exp": now + 600,
        }
        claims.update(overrides)
        return {k: v for k, v in claims.items() if v is not None}


@pytest_asyncio.fixture(scope="package", loop_scope="package")
async def services(migrated: dict[str, str]) -> AsyncIterator[dict[str, Service]]:
    """All five apps by name, each running its lifespan (which disposes its engine at the end)."""
    namespace = f"t{uuid.uuid4().hex[:12]}"  # the apps never publish; a namespace of their own
    async with AsyncExitStack() as stack:
        built: dict[str, Service] = {}
        for name, spec in discover().items():
            kwargs: dict[str, Any] = {**migrated, "bus_namespace": namespace,
                                      "max_body_bytes": MAX_BODY}
            settings = spec.settings_type(**kwargs)
            app = spec.create_app(settings)
            await stack.enter_async_context(LifespanManager(app))
            # a crash must come back as the 500 a client would see, not as a raised exception
            transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
            client = await stack.enter_async_context(
                httpx.AsyncClient(transport=transport, base_url=f"http://{name}"))
            built[name] = Service(name, app, settings, client)
        yield built


@pytest.fixture(scope="package")
def intake(services: dict[str, Service]) -> Service:
    """The intake service."""
    return services["intake"]


def assert_problem(response: httpx.Response, status: int, *,
                   field: str | None = None) -> dict[str, Any]:
    """``response`` is an RFC 9457 problem of ``status``; with ``field``, a 4xx naming it in
    ``errors``. Returns the problem body."""
    assert response.status_code == status, (
        f"expected {status}, got {response.status_code}: {response.text[:500]}")
    content_type = response.headers.get("content-type", "")
    assert content_type.split(";")[0].strip() == PROBLEM_JSON, (
        f"content-type is {content_type!r}, not {PROBLEM_JSON}: {response.text[:300]}")
    body = response.json()
    assert isinstance(body, dict), body
    for member in ("type", "title", "status", "detail"):
        assert member in body, f"problem has no {member!r}: {body}"
    assert isinstance(body["type"], str), body
    assert body["type"].startswith(PROBLEM_BASE), body
    for member in ("title", "detail"):
        assert isinstance(body[member], str), body
        assert body[member].strip(), body
    assert body["status"] == status, body
    if status == 401:
        assert response.headers.get("www-authenticate", "").lower().startswith("bearer"), (
            f"a 401 without WWW-Authenticate: Bearer: {dict(response.headers)}")
    if field is not None:
        errors = body.get("errors")
        assert isinstance(errors, list), f"no errors list: {body}"
        assert errors, f"an empty errors list: {body}"
        for e in errors:
            assert isinstance(e, dict), body
            assert isinstance(e.get("field"), str), body
            assert isinstance(e.get("reason"), str), body
            assert e["reason"].strip(), body
        named = [e["field"] for e in errors]
        assert field in named, f"{field!r} is not named in errors {named}: {body}"
    return body


def assert_client_problem(response: httpx.Response) -> dict[str, Any]:
    """``response`` is a 4xx problem of any status."""
    assert 400 <= response.status_code < 500, (
        f"expected a 4xx, got {response.status_code}: {response.text[:500]}")
    return assert_problem(response, response.status_code)


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
