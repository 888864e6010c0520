"""The workbench's own rules, in-process: who is signed in, the form token, what a page offers,
and how a refusal is read. (The whole workbench, with the services, is driven in a browser by
tests/e2e/test_workbench_in_a_browser.py.)"""

from __future__ import annotations

import json
import time
from base64 import b64encode
from collections.abc import AsyncIterator
from typing import Any

import httpx
import jwt
import pytest
from asgi_lifespan import LifespanManager
from itsdangerous import TimestampSigner
from pydantic import ValidationError

from daiban_kernel.roles import Role
from daiban_web.app import create_app
from daiban_web.pages import china_time
from daiban_web.settings import WebSettings
from daiban_web.workbench.cases import _can, return_reasons, staff_names
from daiban_web.workbench.session import Member
from daiban_web.workbench.staff_api import ApiRefused
from tests.support.gateway import free_port

SECRET = "a-test-session-secret"


def member(role: Role = Role.VILLAGE_AGENT, place: str = "110116111201", *,
           expires_in: int = 3600) -> Member:
    exp = int(time.time()) + expires_in
    token = jwt.encode({"sub": "110116-0823", "role": role.value, "place": place, "exp": exp},
                       "not-checked-here", algorithm="HS256")
    return Member(token=token, staff_id="110116-0823", role=role, place=place, name="叶海霞",
                  expires=exp, csrf="the-form-token")


def session_cookie(kept: Member) -> str:
    """The cookie Starlette's session middleware would have set for ``kept``."""
    data = b64encode(json.dumps({"member": {**kept.__dict__, "role": kept.role.value}}).encode())
    return TimestampSigner(SECRET).sign(data).decode()


@pytest.fixture
async def pages() -> AsyncIterator[httpx.AsyncClient]:
    """The web front with a gateway nobody answers at: these tests never reach the APIs."""
    settings = WebSettings(gateway_url=f"http://127.0.0.1:{free_port()}",
                           session_secret=SECRET)
    app = create_app(settings)
    async with LifespanManager(app) as managed, httpx.AsyncClient(
            transport=httpx.ASGITransport(app=managed.app), base_url="http://web") as client:
        yield client


@pytest.mark.parametrize("path", ["/workbench/", "/workbench/cases/new",
                                  "/workbench/cases/110116-20261201-000001"])
async def test_a_page_asked_without_signing_in_sends_to_the_sign_in_page(
        pages: httpx.AsyncClient, path: str) -> None:
    response = await pages.get(path)
    assert response.status_code == 303
    depth = path.count("/") - 1
    assert response.headers["location"] == "../" * depth + "workbench/sign-in"


async def test_a_session_whose_token_has_expired_signs_in_again(
        pages: httpx.AsyncClient) -> None:
    pages.cookies.set("daiban_workbench", session_cookie(member(expires_in=-1)))
    response = await pages.get("/workbench/")
    assert response.status_code == 303
    assert response.headers["location"].endswith("workbench/sign-in")


async def test_a_form_without_the_sessions_form_token_is_refused_and_not_sent_on(
        pages: httpx.AsyncClient) -> None:
    pages.cookies.set("daiban_workbench", session_cookie(member()))
    number = "110116-20261201-000001"
    for sent in ({}, {"csrf": "another-sites-guess"}):
        response = await pages.post(f"/workbench/cases/{number}/handover", data=sent)
        assert response.status_code == 403
        assert "页面已过期" in response.text  # and no API was called: none answers here


def test_production_needs_a_session_secret_and_a_provider() -> None:
    with pytest.raises(ValidationError, match="SESSION_SECRET"):
        WebSettings(environment="production", jwt_jwks_url="https://id.example/jwks",
                    pii_key="x" * 32, amqp_url="amqp://u:p@mq/")
    with pytest.raises(ValidationError, match="OIDC_DISCOVERY_URL"):
        WebSettings(environment="production", jwt_jwks_url="https://id.example/jwks",
                    pii_key="x" * 32, amqp_url="amqp://u:p@mq/",
                    session_secret="s" * 32)


def case(status: str = "accepted", receipt: Any = None) -> dict[str, Any]:
    return {"status": status, "receipt": receipt}


def relay(state: str, tier: str | None, *, deciding: str = "town",
          handover_to: str | None = None) -> dict[str, Any]:
    handover = ({"status": "pending", "to_tier": handover_to, "handover_id": "h1"}
                if handover_to else None)
    return {"state": state, "tier": tier, "route": {"deciding_tier": deciding},
            "handover": handover}


def test_the_page_offers_what_the_members_tier_may_do_next() -> None:
    agent, clerk = member(), member(Role.TOWN_CLERK, "110116111")
    assert _can(agent, case("submitted"), None) == {"checklist", "review"}
    assert _can(agent, case("incomplete"), None) == {"checklist", "supplement"}
    assert _can(clerk, case("submitted"), None) == set()
    assert _can(agent, case(), relay("at_village", "village")) == {"hand_over"}
    assert _can(clerk, case(), relay("at_village", "village")) == set()
    assert _can(clerk, case(), relay("to_town", "town", handover_to="town")) == {"acknowledge"}
    assert _can(agent, case(), relay("to_town", "town", handover_to="town")) == set()
    assert _can(clerk, case(), relay("at_town", "town")) == {"decide", "return"}
    assert _can(clerk, case(), relay("at_town", "town", deciding="county")) == {
        "hand_over", "return"}
    assert _can(clerk, case("decided"), relay("decided", "town")) == {"hand_down"}
    assert _can(agent, case("decided"), relay("result_sent", "village",
                                              handover_to="village")) == {"acknowledge"}
    assert _can(agent, case("decided"), relay("result_at_village", "village")) == {"deliver"}
    assert _can(agent, case("delivered"), relay("delivered", "village")) == {"receipt"}
    assert _can(agent, case("delivered", receipt={"signed": True}),
                relay("delivered", "village")) == set()


def test_a_refusal_is_read_by_field_as_the_form_names_it() -> None:
    response = httpx.Response(422, json={
        "type": "about:blank", "title": "Invalid input", "status": 422, "detail": "2 fields",
        "errors": [{"field": "applicant.id_number", "reason": "bad check digit"},
                   {"field": "body.village_code", "reason": "not a village"},
                   {"field": "applicant.id_number", "reason": "a second reason"}]})
    refused = ApiRefused.of(response)
    assert (refused.status, refused.title, refused.detail) == (422, "Invalid input", "2 fields")
    assert refused.fields == {"applicant.id_number": "bad check digit",
                              "village_code": "not a village"}
    assert ApiRefused.of(httpx.Response(409, text="<html>")).fields == {}


def test_instants_are_shown_as_a_clock_in_china_shows_them() -> None:
    assert china_time("2026-12-01T15:49:00+00:00") == "2026-12-01 23:49"
    assert china_time("2026-12-31T16:30:00Z", "%Y-%m-%d") == "2027-01-01"
    assert china_time(None) == ""


def test_a_return_names_one_paper_a_line_with_its_reason() -> None:
    assert return_reasons("户口簿：缺户主页\n\n  居民身份证: 已过期 \n结婚证") == [
        {"name": "户口簿", "reason": "缺户主页"}, {"name": "居民身份证", "reason": "已过期"},
        {"name": "结婚证", "reason": "请补正"}]
    assert return_reasons("  \n") == []


async def test_when_the_services_do_not_answer_the_member_is_told_in_chinese_not_a_500(
        pages: httpx.AsyncClient) -> None:
    pages.cookies.set("daiban_workbench", session_cookie(member()))
    for path in ("/workbench/", "/workbench/inbox", "/workbench/lights",
                 "/workbench/cases/110116-20261201-000001"):
        response = await pages.get(path)
        assert response.status_code == 503, path
        assert "暂时无法办理" in response.text


async def test_a_form_missing_what_it_must_carry_is_a_422_page_not_sent_on(
        pages: httpx.AsyncClient) -> None:
    pages.cookies.set("daiban_workbench", session_cookie(member()))
    response = await pages.post("/workbench/cases/110116-20261201-000001/materials/1",
                                data={"csrf": "the-form-token"})  # no state
    assert response.status_code == 422
    assert "没有提交" in response.text


def test_the_history_names_its_members_and_assignees_by_name_and_leaves_the_unnamed_out() -> None:
    history: list[dict[str, Any]] = [
        {"type": "case.submitted", "who": {"staff_id": "110116-0823", "staff_name": "叶海霞",
                                           "station_code": None}},
        {"type": "sla.started", "who": {"staff_id": None, "staff_name": None,
                                        "station_code": None}},
        {"type": "case.assigned", "who": {"staff_id": "110116-0823", "staff_name": None},
         "data": {"tier": "town", "assignee": {"staff_id": "110116-0821", "role": "town_clerk",
                                               "place": "110116111", "name": "贺秋菊"}}},
        {"type": "notification.sent", "data": {"recipient": "110116-0821"}},
    ]
    assert staff_names(history) == {"110116-0823": "叶海霞", "110116-0821": "贺秋菊"}
