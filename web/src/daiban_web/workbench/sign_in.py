"""Signing in and out of the workbench.

In production staff sign in with the county's OpenID provider (``oidc``). Outside production a
development page lists the staff of a few stations (``DEV_SIGN_IN_STATIONS``, or any station
typed in) and signs in as the one chosen, with a token of the development key that names their
real role and place; in production that page does not exist. A station is read from routing
with a county administrator's token, so only a station's code (``110116111201-01``) is asked
for: anything else is refused (422) before any call.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from daiban_common.auth import RoleNotAtPlace, issue_dev_token
from daiban_kernel.roles import STAFF_ROLES, Role
from daiban_web.pages import render
from daiban_web.roles import ROLE_NAMES
from daiban_web.settings import WebSettings, is_station_code
from daiban_web.workbench.session import Member, NotSignedIn, sign_in, sign_out
from daiban_web.workbench.staff_api import ApiRefused, StaffApi

router = APIRouter(prefix="/workbench")

DEV_KEY_NOT_TRUSTED = ("接口不接受开发密钥签发的令牌（它们按 JWT_JWKS_URL 校验令牌），"
                     "无法列出演示人员。")


def not_a_station(code: str) -> str:
    return f"“{code}”不是服务站代码：服务站代码是区划代码加两位站号，如 110116111201-01。"


def _settings(request: Request) -> WebSettings:
    settings: WebSettings = request.app.state.settings
    return settings


@router.get("/sign-in", response_class=HTMLResponse)
async def sign_in_page(request: Request, station: str | None = None) -> Response:
    return await _page(request, station)


async def page_saying(request: Request, problem: str, status_code: int) -> Response:
    """The sign-in page again, saying why signing in did not succeed."""
    return await _page(request, None, problem, status_code)


async def _page(request: Request, station: str | None, problem: str | None = None,
                status_code: int = 200) -> Response:
    settings = _settings(request)
    context: dict[str, Any] = {"oidc": settings.oidc_discovery_url is not None,
                               "dev": settings.dev_sign_in_allowed, "roles": ROLE_NAMES,
                               "stations": [], "station": station or "", "sign_in_problem": problem}
    if settings.dev_sign_in_allowed and station and not is_station_code(station):
        context["sign_in_problem"] = problem or not_a_station(station)
        return render(request, "workbench/sign_in.html", context, status_code=422)
    if settings.dev_sign_in_allowed:
        codes = [station] if station else list(settings.dev_sign_in_stations)
        for code in codes:
            try:
                context["stations"].append(await _station_with_staff(request, code))
            except ApiRefused as refused:
                context["sign_in_problem"] = (context["sign_in_problem"] or refused.detail
                                              or refused.title)
            except NotSignedIn:  # not a redirect to this very page
                context["sign_in_problem"] = (context["sign_in_problem"]
                                              or DEV_KEY_NOT_TRUSTED)
    return render(request, "workbench/sign_in.html", context, status_code=status_code)


@router.post("/sign-in/dev", response_class=HTMLResponse)
async def dev_sign_in(request: Request, station: Annotated[str, Form(max_length=20)],
                      staff_id: Annotated[str, Form(max_length=64)]) -> Response:
    settings = _settings(request)
    if not settings.dev_sign_in_allowed:
        return render(request, "not_found.html", status_code=404)
    try:
        found = await _station_with_staff(request, station)
    except ApiRefused as refused:
        return await _page(request, None, refused.detail or refused.title, 422)
    member = next((m for m in found["staff"] if m["staff_id"] == staff_id and m["active"]),
                  None)
    if member is None:
        return await _page(request, None, f"服务站 {station} 没有在岗的 {staff_id}", 422)
    try:
        token = issue_dev_token(settings, role=Role(member["role"]),
                                place=found["station"]["place_code"], subject=staff_id,
                                name=member["name"], ttl_seconds=settings.session_hours * 3600)
    except RoleNotAtPlace as exc:
        return await _page(request, None, f"{member['name']} 的角色与服务站的层级不符：{exc}", 422)
    sign_in(request, token)
    return RedirectResponse("../", status_code=303)


@router.post("/sign-out")
async def sign_out_now(request: Request) -> Response:
    sign_out(request)
    return RedirectResponse("sign-in", status_code=303)


async def _station_with_staff(request: Request, code: str) -> dict[str, Any]:
    """A station and its staff, read with a development administrator's token of its county."""
    settings = _settings(request)
    if not is_station_code(code):  # it goes into the URLs below, called as an administrator
        raise ApiRefused(status=422, title="", detail=not_a_station(code))
    county = code[:6]
    token = issue_dev_token(settings, role=Role.ADMIN, place=county, ttl_seconds=60)
    admin = StaffApi(request.app.state.client, Member(token=token, staff_id="dev-sign-in",
                                                      role=Role.ADMIN, place=county, name=None,
                                                      expires=0, csrf=""))
    station = await admin.get(f"/api/routing/v1/stations/{code}")
    staff = await admin.get(f"/api/routing/v1/stations/{code}/staff")
    return {"station": station,
            "staff": [m for m in staff if m["active"] and Role(m["role"]) in STAFF_ROLES]}
