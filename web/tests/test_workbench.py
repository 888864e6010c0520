"""The workbench's own rules, in-process: who is signed in, the form token, what a page offers,
and how a refusal is read. (The whole workbench, with the services, is driven in a browser by
tests/e2e/test_workbench_in_a_browser.py.)"""

from __future__ import annotations

import json
import re
import time
from base64 import b64encode
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import httpx
import jwt
import pytest
from asgi_lifespan import LifespanManager
from fastapi import FastAPI
from fastapi.routing import APIRoute
from itsdangerous import TimestampSigner

from daiban_kernel.roles import Role
from daiban_web.app import create_app
from daiban_web.pages import china_time
from daiban_web.settings import WebSettings
from daiban_web.workbench.cases import MAX_SCAN_BYTES, _can, return_reasons, staff_names
from daiban_web.workbench.session import Member
from daiban_web.workbench.staff_api import ApiRefused
from daiban_web.workbench.work_list import UNREADABLE
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


# --- the workbench in front of services that answer as a test says ----------------------------

NUMBER = "110116-20261201-000001"
NOTICE_ID = "0123456789abcdef0123456789abcdef"
Answer = httpx.Response | Callable[[httpx.Request], httpx.Response]


def problem(status: int, title: str, **more: Any) -> httpx.Response:
    return httpx.Response(status, json={"type": "about:blank", "title": title, "status": status,
                                        **more},
                          headers={"Content-Type": "application/problem+json"})


@dataclass
class Services:
    """The gateway's APIs, answering what a test sets by method and path (a 404 problem
    otherwise), and every request they were sent."""

    answers: dict[tuple[str, str], Answer] = field(default_factory=dict)
    asked: list[httpx.Request] = field(default_factory=list)

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.asked.append(request)
        answer = self.answers.get((request.method, request.url.path))
        if answer is None:
            return problem(404, "Not found")
        return answer(request) if callable(answer) else answer

    def paths(self) -> list[str]:
        return [request.url.path for request in self.asked]


@dataclass
class Workbench:
    """The web front in front of ``services``, and a browser signed in as ``member()``."""

    app: FastAPI
    browser: httpx.AsyncClient
    services: Services


def intake_case(status: str = "submitted", **more: Any) -> dict[str, Any]:
    """A case as intake's ``GET /v1/cases/{number}`` gives it, of a matter that needs the
    resident's power of attorney."""
    return {"number": NUMBER, "status": status, "receipt": None, "authorization": None,
            "notices": [], "matter": {"code": "MZ-004", "name": "残疾人证新办",
                                      "authorization_required": True},
            "applicant": {"name": "郭跃兵", "id_number_masked": "110105********002X",
                          "phone_masked": "138****8000", "special_groups": []},
            "checklist": [{"material": {"name": "户口簿", "count": 1}, "state": "missing",
                           "attachments": []}], **more}


A_MATTER = {"code": "MZ-004", "name": "残疾人证新办", "limit_working_days": 20,
            "proxy_allowance_days": 3, "authorization_required": True,
            "materials": [{"name": "户口簿", "count": 1, "mandatory": True}]}
LATE_EVENING_IN_UTC = datetime(2026, 12, 1, 23, 30, tzinfo=UTC)  # 07:30 on 2 December in China


@pytest.fixture
async def workbench() -> AsyncIterator[Workbench]:
    services = Services()
    settings = WebSettings(gateway_url="http://gateway", session_secret=SECRET,
                           dev_sign_in_stations=())
    app = create_app(settings, transport=httpx.MockTransport(services),
                     clock=lambda: LATE_EVENING_IN_UTC)
    async with LifespanManager(app) as managed, httpx.AsyncClient(
            transport=httpx.ASGITransport(app=managed.app), base_url="http://web") as browser:
        browser.cookies.set("daiban_workbench", session_cookie(member()))
        yield Workbench(app, browser, services)


def refused_page(response: httpx.Response, status: int, *says: str) -> None:
    assert response.status_code == status, response.text
    assert "未能完成" in response.text
    for words in says:
        assert words in response.text, words


async def test_a_notice_notify_refuses_to_mark_read_is_a_chinese_page_in_its_status(
        workbench: Workbench) -> None:
    workbench.services.answers["POST", f"/api/notify/v1/inbox/{NOTICE_ID}/read"] = problem(
        422, "Invalid input", detail="notification_id: not a notice of yours")
    answer = await workbench.browser.post(f"/workbench/inbox/{NOTICE_ID}/read",
                                          data={"csrf": "the-form-token"})
    refused_page(answer, 422, "提交的内容不符合要求", "not a notice of yours")


async def test_a_notice_id_notify_would_refuse_is_not_sent_on(workbench: Workbench) -> None:
    answer = await workbench.browser.post("/workbench/inbox/abc/read",
                                          data={"csrf": "the-form-token"})
    assert answer.status_code == 422
    assert "没有提交" in answer.text
    assert workbench.services.asked == []


async def test_a_channel_notify_does_not_know_is_a_chinese_page_in_its_status(
        workbench: Workbench) -> None:
    workbench.services.answers["PUT", "/api/notify/v1/preferences"] = problem(
        422, "Invalid input", errors=[{"field": "body.muted.0", "reason": "unknown channel"}])
    answer = await workbench.browser.post("/workbench/inbox/preferences",
                                          data={"csrf": "the-form-token", "muted": "fax"})
    refused_page(answer, 422, "muted.0", "unknown channel")


async def test_a_case_intake_does_not_show_this_member_is_a_chinese_403_page(
        workbench: Workbench) -> None:
    workbench.services.answers["GET", f"/api/intake/v1/cases/{NUMBER}"] = problem(
        403, "Forbidden", detail="the case is not at your place")
    answer = await workbench.browser.get(f"/workbench/cases/{NUMBER}")
    refused_page(answer, 403, "您没有权限", "the case is not at your place")
    assert "叶海霞" in answer.text  # the member's header: still signed in


async def test_one_case_a_service_refuses_does_not_hide_the_rest_of_the_work_list(
        workbench: Workbench) -> None:
    other = "110116-20261201-000002"
    answers = workbench.services.answers
    answers["GET", "/api/routing/v1/worklist"] = httpx.Response(200, json={"items": [
        {"number": NUMBER, "state": "at_village"}, {"number": other, "state": "at_village"}]})
    answers["GET", "/api/routing/v1/handovers/pending"] = httpx.Response(200, json={"items": []})
    answers["GET", "/api/intake/v1/cases"] = httpx.Response(200, json={"items": []})
    answers["GET", "/api/notify/v1/inbox"] = httpx.Response(200, json=[])
    answers["GET", f"/api/intake/v1/cases/{NUMBER}"] = httpx.Response(
        200, json=intake_case("accepted"))
    answers["GET", f"/api/intake/v1/cases/{other}"] = problem(403, "Forbidden")
    answer = await workbench.browser.get("/workbench/")
    assert answer.status_code == 200, answer.text
    assert "残疾人证新办" in answer.text
    assert other in answer.text
    assert UNREADABLE in answer.text


async def test_an_answer_that_is_not_json_is_the_services_being_unavailable(
        workbench: Workbench) -> None:
    workbench.services.answers["GET", f"/api/intake/v1/cases/{NUMBER}"] = httpx.Response(
        200, text="<html>a proxy's page</html>")
    answer = await workbench.browser.get(f"/workbench/cases/{NUMBER}")
    assert answer.status_code == 503
    assert "暂时无法办理" in answer.text


@pytest.mark.parametrize("station", ["110116111/../../..", "110116-01/staff",
                                     "110116111201-01\n", "110116111"])
async def test_a_station_that_is_no_stations_code_is_refused_before_any_call(
        workbench: Workbench, station: str) -> None:
    listed = await workbench.browser.get("/workbench/sign-in", params={"station": station})
    assert listed.status_code == 422
    assert "不是服务站代码" in listed.text
    posted = await workbench.browser.post("/workbench/sign-in/dev", data={
        "station": station, "staff_id": "110116111201-0001"})
    assert posted.status_code == 422
    assert "不是服务站代码" in posted.text
    assert workbench.services.asked == []  # no call, with the administrator's token or any


@pytest.mark.parametrize("matter", ["../../cases", "..", "MZ-004/versions/1", "mz-004"])
async def test_a_matter_that_is_no_matters_code_is_refused_before_any_call(
        workbench: Workbench, matter: str) -> None:
    answer = await workbench.browser.get("/workbench/cases/new", params={"matter": matter})
    assert answer.status_code == 422
    assert "事项代码无效" in answer.text
    assert workbench.services.asked == []


async def test_the_dates_a_case_page_proposes_are_todays_in_china(workbench: Workbench) -> None:
    workbench.services.answers["GET", f"/api/intake/v1/cases/{NUMBER}"] = httpx.Response(
        200, json=intake_case())
    answer = await workbench.browser.get(f"/workbench/cases/{NUMBER}")
    assert answer.status_code == 200, answer.text
    # 23:30 UTC on 1 December is 07:30 on 2 December in China
    assert 'id="signed_on" name="signed_on" value="2026-12-02"' in answer.text


def form_limits(app: FastAPI, path: str) -> dict[str, int]:
    """The longest value the POST route at ``path`` takes, by form field."""
    (route,) = [r for r in app.routes if isinstance(r, APIRoute) and r.path == path
                and "POST" in r.methods]
    limits = {}
    for param in route.dependant.body_params:
        for rule in param.field_info.metadata:
            if getattr(rule, "max_length", None) is not None:
                limits[param.alias] = rule.max_length
    return limits


def maxlengths(page: str) -> dict[str, int]:
    """The maxlength of each input and textarea a page writes, by name."""
    found = {}
    for tag in re.findall(r"<(?:input|textarea)\b[^>]*>", page):
        name, limit = re.search(r'name="([^"]+)"', tag), re.search(r'maxlength="(\d+)"', tag)
        if name and limit:
            found[name[1]] = int(limit[1])
    return found


async def test_every_field_a_form_limits_is_limited_as_much_in_the_page(
        workbench: Workbench) -> None:
    """A value longer than the route takes would be the stale-form page, and lose what was
    typed: the page stops the member at the same length."""
    answers = workbench.services.answers
    answers["GET", "/api/intake/v1/public/matters/MZ-004"] = httpx.Response(200, json=A_MATTER)
    answers["GET", f"/api/intake/v1/cases/{NUMBER}"] = httpx.Response(200, json=intake_case())
    new_case = await workbench.browser.get("/workbench/cases/new", params={"matter": "MZ-004"})
    case_page = await workbench.browser.get(f"/workbench/cases/{NUMBER}")
    for page, path, typed in (
            (new_case, "/workbench/cases/new",
             {"name", "id_number", "phone", "village_code"}),
            (case_page, "/workbench/cases/{number}/authorization",
             {"agent_name", "countersigned_by", "signed_on"})):
        assert page.status_code == 200, page.text
        limits, shown = form_limits(workbench.app, path), maxlengths(page.text)
        assert {name: shown.get(name) for name in typed} == {
            name: limits[name] for name in typed}, path


async def test_a_scan_the_workbench_would_refuse_is_refused_in_the_browser_before_it_is_sent(
        workbench: Workbench) -> None:
    workbench.services.answers["GET", f"/api/intake/v1/cases/{NUMBER}"] = httpx.Response(
        200, json=intake_case())
    page = (await workbench.browser.get(f"/workbench/cases/{NUMBER}")).text
    assert f'data-max-bytes="{MAX_SCAN_BYTES}"' in page
    assert f"scan.size > {MAX_SCAN_BYTES}" in page  # the power of attorney's form
    assert page.count('class="field-problem scan-too-large" role="alert" hidden') == 2


@pytest.mark.parametrize(("method", "path"), [
    ("GET", "/workbench/sign-in"), ("GET", "/workbench/"), ("GET", f"/workbench/cases/{NUMBER}"),
    ("GET", "/workbench/nowhere"), ("POST", f"/workbench/cases/{NUMBER}/handover"),
    ("POST", "/workbench/cases/new")])
async def test_no_workbench_answer_is_kept_by_a_cache(workbench: Workbench, method: str,
                                                      path: str) -> None:
    """Its pages carry applicants' names, and a refused form what was typed."""
    workbench.services.answers["GET", f"/api/intake/v1/cases/{NUMBER}"] = httpx.Response(
        200, json=intake_case())
    answer = await workbench.browser.request(method, path, data={"csrf": "the-form-token"}
                                             if method == "POST" else None)
    assert answer.headers["cache-control"] == "no-store", (answer.status_code, answer.text)
    workbench.browser.cookies.clear()  # and signed out: the redirect to sign in too
    again = await workbench.browser.request(method, path)
    assert again.headers["cache-control"] == "no-store"


async def test_the_public_pages_may_be_kept_by_a_cache(workbench: Workbench) -> None:
    assert "cache-control" not in (await workbench.browser.get("/board/")).headers


async def test_the_notice_page_links_our_print_assets_relative_to_itself(
        workbench: Workbench) -> None:
    workbench.services.answers["GET", f"/api/intake/v1/cases/{NUMBER}/notices/1.html"] = (
        httpx.Response(200, text="<html><head><title>一次性告知书</title></head><body></body>"))
    page = await workbench.browser.get(f"/workbench/cases/{NUMBER}/notices/1")
    assert page.status_code == 200
    base = httpx.URL(f"http://web/workbench/cases/{NUMBER}/notices/1")
    assets = re.findall(r'(?:href|src)="([^"]+)"', page.text)
    assert {base.join(a).path for a in assets} == {
        "/assets/fonts.css", "/assets/notice.css", "/assets/notice.js"}

