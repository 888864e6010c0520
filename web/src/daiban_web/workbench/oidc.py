"""Signing in with the county's OpenID provider: the authorization code flow with PKCE (S256).

``GET /workbench/sign-in/oidc`` sends the browser to the provider's authorize endpoint with a
state, a nonce and an S256 code challenge, kept for the callback in the session cookie;
``GET /workbench/sign-in/callback`` exchanges the code and its verifier at the token endpoint,
checks the ID token (signature by the provider's JWKS, issuer, audience = our client id, nonce)
and keeps the ACCESS token, the one the APIs verify, as the session's, if it names the member
the ID token names (the same ``sub``). The provider is read from
``OIDC_DISCOVERY_URL``; without it both routes are the 404 page.

The callback's address is the one the browser sees (``X-Forwarded-Proto`` and
``X-Forwarded-Host`` from the gateway), so it must be registered with the provider as
``https://<the gateway's host>/workbench/sign-in/callback``.
"""

from __future__ import annotations

from typing import Any

import httpx
import jwt
from authlib.integrations.starlette_client import OAuth, OAuthError
from authlib.integrations.starlette_client.apps import StarletteOAuth2App
from authlib.jose.errors import JoseError
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from daiban_common.auth import RoleNotAtPlace, check_role_at_place
from daiban_kernel.roles import STAFF_ROLES, Role
from daiban_web.pages import render
from daiban_web.settings import WebSettings
from daiban_web.workbench import sign_in as sign_in_page
from daiban_web.workbench.session import sign_in

router = APIRouter(prefix="/workbench")

PROVIDER = "county"
TIMEOUT_SECONDS = 10

CANCELLED = "您在统一身份认证页面取消了授权，未能登录。"
STALE = "登录请求已失效或不是从本页发起的，请重新点击“使用统一身份认证登录”。"
UNREACHABLE = "暂时无法连接统一身份认证，请稍后再试。"
NO_IDENTITY = "统一身份认证没有返回身份令牌（ID token），未能登录。"
IDENTITY_REFUSED = ("统一身份认证返回的身份令牌未通过校验（签名、签发方、受众或 nonce 不符），"
                    "未能登录。")
ANOTHER_MEMBER = ("统一身份认证返回的访问令牌与身份令牌不是同一个账号（sub 不同），未能登录，"
                  "请联系系统管理员。")


class NotAStaffToken(Exception):
    """The provider's access token does not name a member of staff the APIs would accept."""


class AnotherMembersToken(NotAStaffToken):
    """The access token names another member than the (verified) ID token."""


def _settings(request: Request) -> WebSettings:
    settings: WebSettings = request.app.state.settings
    return settings


def _provider(request: Request) -> StarletteOAuth2App | None:
    """The provider's client, made on first use (it reads the discovery document once)."""
    settings = _settings(request)
    if settings.oidc_discovery_url is None:
        return None
    client: StarletteOAuth2App | None = getattr(request.app.state, "oidc_client", None)
    if client is None:
        kept = settings.oidc_client_secret
        secret = (kept.get_secret_value() if kept else "") or None  # empty: a public client
        oauth = OAuth()
        client = oauth.register(
            PROVIDER, server_metadata_url=settings.oidc_discovery_url,
            client_id=settings.oidc_client_id, client_secret=secret,
            client_kwargs={"scope": settings.oidc_scope, "code_challenge_method": "S256",
                           "token_endpoint_auth_method": ("client_secret_basic" if secret
                                                          else "none"),
                           "timeout": TIMEOUT_SECONDS})
        request.app.state.oidc_client = client
    return client


def callback_url(request: Request) -> str:
    """The callback's address as the browser sees it, behind the gateway too."""
    headers = request.headers
    scheme = _first(headers.get("x-forwarded-proto")) or request.url.scheme
    host = _first(headers.get("x-forwarded-host")) or headers.get("host") or request.url.netloc
    root = request.scope.get("root_path", "").rstrip("/")
    return f"{scheme}://{host}{root}/workbench/sign-in/callback"


def _first(value: str | None) -> str | None:
    """The first of a forwarded header's comma-separated values (the hop nearest the browser)."""
    if not value:
        return None
    return value.split(",")[0].strip() or None


@router.get("/sign-in/oidc", response_class=HTMLResponse)
async def start(request: Request) -> Response:
    provider = _provider(request)
    if provider is None:
        return render(request, "not_found.html", status_code=404)
    try:
        redirect: Response = await provider.authorize_redirect(request, callback_url(request))
    except (httpx.HTTPError, ValueError, KeyError, RuntimeError):
        return await sign_in_page.page_saying(request, UNREACHABLE, 503)
    return redirect


@router.get("/sign-in/callback", response_class=HTMLResponse)
async def callback(request: Request) -> Response:
    provider = _provider(request)
    if provider is None:
        return render(request, "not_found.html", status_code=404)
    error = request.query_params.get("error")
    if error == "access_denied":
        return await sign_in_page.page_saying(request, CANCELLED, 403)
    try:
        token: dict[str, Any] = await provider.authorize_access_token(request)
    except OAuthError as refused:
        if refused.error == "mismatching_state":
            return await sign_in_page.page_saying(request, STALE, 400)
        return await sign_in_page.page_saying(request, _refusal(refused), 400)
    except JoseError:
        return await sign_in_page.page_saying(request, IDENTITY_REFUSED, 400)
    except (httpx.HTTPError, ValueError, KeyError, RuntimeError):
        return await sign_in_page.page_saying(request, UNREACHABLE, 503)
    if "userinfo" not in token:
        return await sign_in_page.page_saying(request, NO_IDENTITY, 400)
    try:
        access_token = _staff_token(token.get("access_token"), token["userinfo"].get("sub"))
    except AnotherMembersToken:
        return await sign_in_page.page_saying(request, ANOTHER_MEMBER, 400)
    except NotAStaffToken as exc:
        return await sign_in_page.page_saying(request, str(exc), 403)
    sign_in(request, access_token)
    return RedirectResponse("../", status_code=303)


def _refusal(refused: OAuthError) -> str:
    what = f"{refused.error}：{refused.description}" if refused.description else refused.error
    return f"统一身份认证拒绝了登录（{what}），请重新登录或联系系统管理员。"


def _staff_token(access_token: object, subject: object) -> str:
    """The access token, unless the workbench cannot use it: not a JWT, without the ``sub``,
    ``role``, ``place`` and ``exp`` claims of a member of staff, or whose ``sub`` is not
    ``subject``, the verified ID token's (the APIs check the signature and the rest again on
    every call)."""
    if not isinstance(access_token, str):
        raise NotAStaffToken("统一身份认证没有返回访问令牌，未能登录。")
    try:
        claims: dict[str, Any] = jwt.decode(access_token, options={"verify_signature": False})
    except jwt.PyJWTError as exc:
        raise NotAStaffToken("统一身份认证返回的访问令牌不是 JWT，业务系统无法识别，"
                             "请联系系统管理员。") from exc
    missing = [claim for claim in ("sub", "role", "place", "exp") if claims.get(claim) is None]
    if missing:
        raise NotAStaffToken(f"您的账号在统一身份认证中缺少 {'、'.join(missing)}"
                             "（角色或所在地区），无法使用工作台，请联系系统管理员。")
    if not isinstance(subject, str) or str(claims["sub"]) != subject:
        raise AnotherMembersToken(ANOTHER_MEMBER)
    try:
        role = Role(claims["role"])
        if role not in STAFF_ROLES:
            raise NotAStaffToken(f"角色 {role.value} 不是工作人员，无法使用工作台。")
        check_role_at_place(role, str(claims["place"]))
        int(claims["exp"])
    except (ValueError, TypeError) as exc:  # RoleNotAtPlace is a ValueError
        if isinstance(exc, RoleNotAtPlace):
            reason = f"角色与所在地区不符（{exc}）"
        else:
            reason = "角色或所在地区无效"
        raise NotAStaffToken(f"您的账号在统一身份认证中的{reason}，无法使用工作台，"
                             "请联系系统管理员。") from exc
    return access_token
