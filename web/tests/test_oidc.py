"""Signing in with OpenID Connect (authorization code with PKCE): the web front and a real small
provider each served by uvicorn on 127.0.0.1, the browser played by httpx following every
redirect by hand with its cookies.

Who is signed in is read where the web keeps it: the session cookie, unsigned with the session
secret; the token kept there is verified as the APIs verify it, against the provider's JWKS.
"""

from __future__ import annotations

import base64
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import itsdangerous
import pytest
import yaml
from asgi_lifespan import LifespanManager

from daiban_common.auth import TokenVerifier
from daiban_common.settings import CommonSettings
from daiban_kernel.roles import Role
from daiban_web.app import create_app
from daiban_web.settings import WebSettings
from tests.support.gateway import free_port
from tests.support.oidc_provider import Grant, OidcProvider, oidc_provider, s256, serving

SESSION_SECRET = "a-session-secret-for-the-oidc-tests"
COOKIE = "daiban_workbench"


@dataclass
class SignIn:
    """The web front and its provider, both listening, and a browser of httpx."""

    web: str
    provider: OidcProvider
    browser: httpx.AsyncClient

    async def start(self) -> httpx.Response:
        """Click the button: the web's answer, a redirect to the provider."""
        return await self.browser.get(f"{self.web}/workbench/sign-in/oidc")

    async def through_provider(self) -> httpx.Response:
        """Start, let the provider approve; its answer (a redirect to the callback)."""
        started = await self.start()
        assert started.status_code == 302, started.text
        return await self.browser.get(started.headers["location"])

    async def all_the_way(self) -> httpx.Response:
        """The whole flow; the callback's answer."""
        approved = await self.through_provider()
        assert approved.status_code == 302, approved.text
        return await self.browser.get(approved.headers["location"])

    def session(self) -> dict[str, Any]:
        """What the web keeps in the browser's session cookie."""
        cookie = self.browser.cookies.get(COOKIE)
        assert cookie is not None, "no session cookie"
        data = itsdangerous.TimestampSigner(SESSION_SECRET).unsign(cookie, max_age=3600)
        kept: dict[str, Any] = json.loads(base64.b64decode(data))
        return kept


def web_settings(provider: OidcProvider, **more: Any) -> WebSettings:
    """The web front signing in with ``provider``; no development station to list, and the
    gateway where nothing listens (signing in reads no API)."""
    return WebSettings.model_validate({
        "environment": "test", "gateway_url": f"http://127.0.0.1:{free_port()}",
        "session_secret": SESSION_SECRET, "oidc_discovery_url": provider.discovery_url,
        "oidc_client_id": provider.client_id, "oidc_client_secret": provider.client_secret,
        "dev_sign_in_stations": (), **more})


@pytest.fixture
async def signing_in() -> AsyncIterator[SignIn]:
    with oidc_provider() as provider:
        async with serving(create_app(web_settings(provider))) as web, \
                httpx.AsyncClient(timeout=30) as browser:
            yield SignIn(web, provider, browser)


def query(url: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}


async def test_a_member_signs_in_with_the_provider_and_keeps_its_access_token(
        signing_in: SignIn) -> None:
    started = await signing_in.start()
    assert started.status_code == 302
    assert started.headers["location"].startswith(f"{signing_in.provider.url}/authorize?")
    asked = query(started.headers["location"])
    assert asked["code_challenge_method"] == "S256"
    assert asked["client_id"] == signing_in.provider.client_id
    assert asked["redirect_uri"] == f"{signing_in.web}/workbench/sign-in/callback"
    assert asked["state"]
    assert asked["nonce"]
    assert len(asked["code_challenge"]) == 43  # base64url of a SHA-256
    assert "openid" in asked["scope"].split()

    approved = await signing_in.browser.get(started.headers["location"])
    done = await signing_in.browser.get(approved.headers["location"])

    assert (done.status_code, done.headers["location"]) == (303, "../")
    member = signing_in.session()["member"]
    [issued] = signing_in.provider.issued_access_tokens
    assert member["token"] == issued
    assert (member["staff_id"], member["role"], member["place"], member["name"]) == (
        "110116111201-0001", "village_agent", "110116111201", "王小明")
    assert not [k for k in signing_in.session() if k.startswith("_state_")]
    # the token kept is one the APIs accept when their JWT_JWKS_URL is the provider's
    verifier = TokenVerifier(CommonSettings(
        environment="test", jwt_jwks_url=signing_in.provider.jwks_url,
        jwt_issuer=signing_in.provider.issuer, jwt_audience="daiban",
        jwt_algorithms=("RS256",)))
    actor = verifier.verify(member["token"])
    assert (actor.staff_id, actor.role, actor.place) == (
        "110116111201-0001", Role.VILLAGE_AGENT, "110116111201")
    # and the work list now finds a member: not sent to sign in, it asks the services, which do
    # not listen here (so the member is told in Chinese they cannot be reached)
    work_list = await signing_in.browser.get(f"{signing_in.web}/workbench/")
    assert "location" not in work_list.headers
    assert work_list.status_code == 503, work_list.text


async def test_the_callback_address_is_the_one_the_browser_sees_behind_the_gateway(
        signing_in: SignIn) -> None:
    started = await signing_in.browser.get(
        f"{signing_in.web}/workbench/sign-in/oidc",
        headers={"X-Forwarded-Proto": "https", "X-Forwarded-Host": "daiban.example.org"})
    assert query(started.headers["location"])["redirect_uri"] == (
        "https://daiban.example.org/workbench/sign-in/callback")


async def test_the_provider_refuses_a_code_with_a_wrong_verifier(signing_in: SignIn) -> None:
    started = await signing_in.start()
    approved = await signing_in.browser.get(started.headers["location"])
    code = query(approved.headers["location"])["code"]
    provider = signing_in.provider
    async with httpx.AsyncClient() as client:
        refused = await client.post(f"{provider.url}/token", auth=(
            provider.client_id, provider.client_secret), data={
                "grant_type": "authorization_code", "code": code,
                "redirect_uri": query(started.headers["location"])["redirect_uri"],
                "code_verifier": "x" * 64})
    assert (refused.status_code, refused.json()["error"]) == (400, "invalid_grant")
    assert s256("x" * 64) != query(started.headers["location"])["code_challenge"]


async def test_a_code_taken_to_another_browser_is_refused_for_its_verifier(
        signing_in: SignIn) -> None:
    """A code stolen from one browser's callback and brought to another's, with that browser's
    own state: the web sends that browser's verifier, the provider refuses it."""
    approved = await signing_in.through_provider()
    stolen = query(approved.headers["location"])["code"]
    async with httpx.AsyncClient(timeout=30) as other:
        theirs = await other.get(f"{signing_in.web}/workbench/sign-in/oidc")
        state = query(theirs.headers["location"])["state"]
        answer = await other.get(f"{signing_in.web}/workbench/sign-in/callback",
                                 params={"code": stolen, "state": state})
        assert answer.status_code == 400
        assert "统一身份认证拒绝了登录" in answer.text
        assert "invalid_grant" in answer.text
        assert "member" not in _session_of(other)
    assert signing_in.provider.token_refusals == ["invalid_grant"]


def _session_of(browser: httpx.AsyncClient) -> dict[str, Any]:
    cookie = browser.cookies.get(COOKIE)
    if cookie is None:
        return {}
    data = itsdangerous.TimestampSigner(SESSION_SECRET).unsign(cookie)
    kept: dict[str, Any] = json.loads(base64.b64decode(data))
    return kept


@pytest.mark.parametrize("state", ["forged-state", None])
async def test_a_callback_whose_state_this_browser_did_not_start_is_refused(
        signing_in: SignIn, state: str | None) -> None:
    approved = await signing_in.through_provider()
    code = query(approved.headers["location"])["code"]
    params = {"code": code} if state is None else {"code": code, "state": state}
    answer = await signing_in.browser.get(f"{signing_in.web}/workbench/sign-in/callback",
                                          params=params)
    assert answer.status_code == 400
    assert "登录请求已失效或不是从本页发起的" in answer.text
    assert "member" not in _session_of(signing_in.browser)
    assert signing_in.provider.issued_access_tokens == []  # the code was never exchanged


async def test_a_member_who_declines_at_the_provider_is_told_in_chinese(
        signing_in: SignIn) -> None:
    signing_in.provider.deny = True
    answer = await signing_in.all_the_way()
    assert answer.status_code == 403
    assert "取消了授权" in answer.text
    assert 'href="sign-in/oidc"' in answer.text  # the button again, to try once more
    assert "member" not in _session_of(signing_in.browser)


@pytest.mark.parametrize("fault", ["nonce", "audience", "issuer", "signature"])
async def test_an_id_token_that_fails_its_checks_signs_nobody_in(
        signing_in: SignIn, fault: Any) -> None:
    signing_in.provider.id_token_fault = fault
    answer = await signing_in.all_the_way()
    assert answer.status_code == 400
    assert "身份令牌未通过校验" in answer.text
    assert "member" not in _session_of(signing_in.browser)


async def test_an_answer_without_an_id_token_signs_nobody_in(signing_in: SignIn) -> None:
    signing_in.provider.id_token_fault = "missing"
    answer = await signing_in.all_the_way()
    assert answer.status_code == 400
    assert "没有返回身份令牌" in answer.text
    assert "member" not in _session_of(signing_in.browser)


@pytest.mark.parametrize(("user", "says"), [
    ({"sub": "someone", "name": "李四"}, "缺少 role、place"),
    ({"sub": "someone", "role": "village_agent"}, "缺少 place"),
    ({"sub": "someone", "role": "chief", "place": "110116111201"}, "角色或所在地区无效"),
    ({"sub": "someone", "role": "village_agent", "place": "110116"}, "角色与所在地区不符"),
    ({"sub": "someone", "role": "resident", "place": "110116"}, "不是工作人员"),
])
async def test_an_access_token_without_a_staff_role_and_place_signs_nobody_in(
        signing_in: SignIn, user: dict[str, str], says: str) -> None:
    signing_in.provider.user = user
    answer = await signing_in.all_the_way()
    assert answer.status_code == 403
    assert says in answer.text
    assert "请联系系统管理员" in answer.text or "无法使用工作台" in answer.text
    assert "member" not in _session_of(signing_in.browser)


async def test_an_access_token_for_another_member_than_the_id_tokens_signs_nobody_in(
        signing_in: SignIn, monkeypatch: pytest.MonkeyPatch) -> None:
    provider = signing_in.provider
    issue = provider._access_token

    def for_another_member(grant: Grant) -> str:
        return issue(replace(grant, user={**grant.user, "sub": "110116111201-0002"}))

    monkeypatch.setattr(provider, "_access_token", for_another_member)
    answer = await signing_in.all_the_way()
    assert answer.status_code == 400
    assert "不是同一个账号" in answer.text
    assert "member" not in _session_of(signing_in.browser)


async def test_a_token_endpoint_that_refuses_the_client_is_said_so(signing_in: SignIn) -> None:
    approved = await signing_in.through_provider()
    # the client secret the web sends is no longer the provider's: it refuses the client
    signing_in.provider.client_secret = "changed"
    answer = await signing_in.browser.get(approved.headers["location"])
    assert answer.status_code == 400
    assert "invalid_client" in answer.text
    assert "member" not in _session_of(signing_in.browser)


async def test_a_provider_that_cannot_be_reached_is_said_so() -> None:
    nowhere = OidcProvider(url=f"http://127.0.0.1:{free_port()}")  # nothing listens there
    async with serving(create_app(web_settings(nowhere))) as web, httpx.AsyncClient(
            timeout=30) as browser:
        answer = await browser.get(f"{web}/workbench/sign-in/oidc")
        assert answer.status_code == 503
        assert "暂时无法连接统一身份认证" in answer.text


async def test_without_a_provider_the_oidc_routes_are_the_404_page() -> None:
    settings = WebSettings(environment="test", session_secret=SESSION_SECRET,
                           gateway_url=f"http://127.0.0.1:{free_port()}",
                           dev_sign_in_stations=())
    async with LifespanManager(create_app(settings)) as managed, httpx.AsyncClient(
            transport=httpx.ASGITransport(app=managed.app), base_url="http://web") as client:
        for path in ("/workbench/sign-in/oidc", "/workbench/sign-in/callback?code=x&state=y"):
            answer = await client.get(path)
            assert answer.status_code == 404
            assert "找不到这个页面" in answer.text
        page = await client.get("/workbench/sign-in")
        assert 'href="sign-in/oidc"' not in page.text


PRODUCTION = {"environment": "production", "session_secret": SESSION_SECRET,
              "oidc_discovery_url": "https://id.example.org/.well-known/openid-configuration",
              "oidc_client_id": "daiban-workbench"}
"""What the web needs in production, and nothing the services need (no PII_KEY, broker or
JWKS: the web uses none of them)."""


async def test_in_production_the_development_sign_in_does_not_exist() -> None:
    settings = WebSettings.model_validate(
        {**PRODUCTION, "gateway_url": f"http://127.0.0.1:{free_port()}"})
    async with LifespanManager(create_app(settings)) as managed, httpx.AsyncClient(
            transport=httpx.ASGITransport(app=managed.app), base_url="https://web") as client:
        page = await client.get("/workbench/sign-in")
        assert page.status_code == 200
        assert 'href="sign-in/oidc"' in page.text
        assert "sign-in/dev" not in page.text
        assert "开发环境" not in page.text
        listed = await client.get("/workbench/sign-in", params={"station": "110116111201-01"})
        assert "sign-in/dev" not in listed.text
        posted = await client.post("/workbench/sign-in/dev", data={
            "station": "110116111201-01", "staff_id": "110116111201-0001"})
        assert posted.status_code == 404
        assert "找不到这个页面" in posted.text
        assert COOKIE not in client.cookies


@pytest.mark.parametrize("missing", ["session_secret", "oidc_discovery_url", "oidc_client_id"])
def test_production_needs_a_session_secret_and_a_provider(missing: str) -> None:
    with pytest.raises(ValueError, match=missing.upper()):
        WebSettings.model_validate({k: v for k, v in PRODUCTION.items() if k != missing})


def test_the_web_starts_in_production_with_the_environment_its_deployment_gives_it() -> None:
    """deploy/k8s/base: the shared ConfigMap and the web's own variables (its secrets as the
    Secret daiban-web holds them), and no PII_KEY or AMQP_URL, which only the services get."""
    base = Path(__file__).resolve().parents[2] / "deploy/k8s/base"
    (config,) = [d for d in yaml.safe_load_all((base / "config.yaml").read_text())
                 if d and d["kind"] == "ConfigMap"]
    (deployment,) = [d for d in yaml.safe_load_all((base / "web.yaml").read_text())
                     if d and d["kind"] == "Deployment"]
    (web,) = deployment["spec"]["template"]["spec"]["containers"]
    environment = {**config["data"], **{
        e["name"]: e.get("value", f"a-secret-{e['name'].lower()}") for e in web["env"]}}
    assert environment["ENVIRONMENT"] == "production"
    assert not {"PII_KEY", "AMQP_URL"} & environment.keys()
    settings = WebSettings.model_validate({k.lower(): v for k, v in environment.items()})
    assert settings.environment == "production"
    assert not settings.dev_sign_in_allowed
