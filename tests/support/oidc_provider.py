"""A small OpenID provider of the tests' own, served by uvicorn on 127.0.0.1.

It does what the workbench needs of the county's provider and checks what a real one checks:
the discovery document, an authorize endpoint that approves the configured user at once
(``deny`` makes it answer ``error=access_denied``), a token endpoint that authenticates the
client (HTTP Basic) and refuses a code whose ``code_verifier`` does not hash (S256) to the
challenge it was issued for, or that comes with another redirect URI, or a second time
(``invalid_grant``), and a JWKS with its RSA key. The ID token carries the nonce; the access
token is the JWT the APIs verify (``iss``, ``aud``, ``sub``, ``role``, ``place``, ``name``,
``exp``). ``id_token_fault`` spoils one thing of the ID token, to see that the client notices.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import secrets
import threading
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass, field
from typing import Any, Literal
from urllib.parse import urlencode

import jwt
import uvicorn
from cryptography.hazmat.primitives.asymmetric import rsa
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from tests.support.gateway import free_port

IdTokenFault = Literal["nonce", "audience", "issuer", "signature", "missing"]


def s256(verifier: str) -> str:
    """The S256 code challenge of ``verifier`` (RFC 7636)."""
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


@dataclass
class Grant:
    """What an authorization code was issued for."""

    client_id: str
    redirect_uri: str
    challenge: str
    nonce: str | None
    user: dict[str, Any]


@dataclass
class OidcProvider:
    """The provider's configuration and what it saw; ``url`` once it listens."""

    client_id: str = "daiban-workbench"
    client_secret: str = field(default_factory=lambda: secrets.token_urlsafe(16))
    api_audience: str = "daiban"
    user: dict[str, Any] = field(default_factory=lambda: {
        "sub": "110116111201-0001", "role": "village_agent", "place": "110116111201",
        "name": "王小明"})
    deny: bool = False
    id_token_fault: IdTokenFault | None = None
    url: str = ""
    authorize_requests: list[dict[str, str]] = field(default_factory=list)
    token_refusals: list[str] = field(default_factory=list)
    issued_access_tokens: list[str] = field(default_factory=list)
    _key: rsa.RSAPrivateKey = field(
        default_factory=lambda: rsa.generate_private_key(public_exponent=65537, key_size=2048))
    _grants: dict[str, Grant] = field(default_factory=dict)

    @property
    def issuer(self) -> str:
        return self.url

    @property
    def discovery_url(self) -> str:
        return f"{self.url}/.well-known/openid-configuration"

    @property
    def jwks_url(self) -> str:
        return f"{self.url}/jwks"

    def app(self) -> Starlette:
        return Starlette(routes=[
            Route("/.well-known/openid-configuration", self._discovery),
            Route("/authorize", self._authorize),
            Route("/token", self._token, methods=["POST"]),
            Route("/jwks", self._jwks),
        ])

    async def _discovery(self, _: Request) -> Response:
        return JSONResponse({
            "issuer": self.issuer, "authorization_endpoint": f"{self.url}/authorize",
            "token_endpoint": f"{self.url}/token", "jwks_uri": self.jwks_url,
            "response_types_supported": ["code"], "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "code_challenge_methods_supported": ["S256"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic"],
            "scopes_supported": ["openid", "profile"]})

    async def _authorize(self, request: Request) -> Response:
        asked = dict(request.query_params)
        self.authorize_requests.append(asked)
        redirect_uri = asked.get("redirect_uri", "")
        problems = [name for name, ok in (
            ("response_type", asked.get("response_type") == "code"),
            ("client_id", asked.get("client_id") == self.client_id),
            ("redirect_uri", redirect_uri.startswith(("http://", "https://"))),
            ("scope", "openid" in asked.get("scope", "").split()),
            ("code_challenge_method", asked.get("code_challenge_method") == "S256"),
            ("code_challenge", bool(asked.get("code_challenge"))),
        ) if not ok]
        if problems:  # a real provider shows its own error page then, and never redirects
            return JSONResponse({"error": "invalid_request", "wrong": problems}, 400)
        answer: dict[str, str] = {}
        if self.deny:
            answer["error"] = "access_denied"
        else:
            code = secrets.token_urlsafe(24)
            self._grants[code] = Grant(self.client_id, redirect_uri, asked["code_challenge"],
                                       asked.get("nonce"), dict(self.user))
            answer["code"] = code
        if "state" in asked:
            answer["state"] = asked["state"]
        return RedirectResponse(f"{redirect_uri}?{urlencode(answer)}", status_code=302)

    async def _token(self, request: Request) -> Response:
        form = await request.form()
        sent = {k: str(v) for k, v in form.items()}
        if not self._client_authenticated(request):
            return self._refuse("invalid_client", "client authentication failed", 401)
        if sent.get("grant_type") != "authorization_code":
            return self._refuse("unsupported_grant_type", "authorization_code only")
        grant = self._grants.pop(sent.get("code", ""), None)  # a code is good once
        if grant is None:
            return self._refuse("invalid_grant", "unknown or used code")
        if sent.get("redirect_uri") != grant.redirect_uri:
            return self._refuse("invalid_grant", "redirect_uri differs from the authorize one")
        verifier = sent.get("code_verifier")
        if verifier is None or not hmac.compare_digest(s256(verifier), grant.challenge):
            return self._refuse("invalid_grant", "code_verifier does not match the challenge")
        access_token = self._access_token(grant)
        self.issued_access_tokens.append(access_token)
        answer = {"access_token": access_token, "token_type": "Bearer", "expires_in": 3600,
                  "id_token": self._id_token(grant), "scope": "openid profile"}
        if self.id_token_fault == "missing":
            del answer["id_token"]
        return JSONResponse(answer, headers={"Cache-Control": "no-store"})

    def _client_authenticated(self, request: Request) -> bool:
        scheme, _, credentials = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "basic":
            return False
        try:
            client_id, _, secret = base64.b64decode(credentials).decode().partition(":")
        except ValueError:
            return False
        return client_id == self.client_id and hmac.compare_digest(secret, self.client_secret)

    def _refuse(self, error: str, description: str, status: int = 400) -> Response:
        self.token_refusals.append(error)
        return JSONResponse({"error": error, "error_description": description}, status)

    async def _jwks(self, _: Request) -> Response:
        jwk = jwt.algorithms.RSAAlgorithm.to_jwk(self._key.public_key(), as_dict=True)
        return JSONResponse({"keys": [{**jwk, "kid": "test-1", "use": "sig", "alg": "RS256"}]})

    def _sign(self, claims: dict[str, Any], key: rsa.RSAPrivateKey | None = None) -> str:
        return jwt.encode(claims, key or self._key, algorithm="RS256",
                          headers={"kid": "test-1"})

    def _access_token(self, grant: Grant) -> str:
        now = int(time.time())
        return self._sign({**grant.user, "iss": self.issuer, "aud": self.api_audience,
                           "iat": now, "exp": now + 3600})

    def _id_token(self, grant: Grant) -> str:
        now = int(time.time())
        fault = self.id_token_fault
        claims: dict[str, Any] = {
            "iss": "https://elsewhere.example.org" if fault == "issuer" else self.issuer,
            "aud": "another-client" if fault == "audience" else grant.client_id,
            "sub": grant.user.get("sub", "nobody"), "iat": now, "exp": now + 600,
            "auth_time": now}
        if grant.nonce is not None:
            claims["nonce"] = "another-nonce" if fault == "nonce" else grant.nonce
        if "name" in grant.user:
            claims["name"] = grant.user["name"]
        other = (rsa.generate_private_key(public_exponent=65537, key_size=2048)
                 if fault == "signature" else None)
        return self._sign(claims, other)


@asynccontextmanager
async def serving(app: Any, *, proxy_headers: bool = True) -> AsyncIterator[str]:
    """``app`` served by uvicorn on a free port of 127.0.0.1; its URL (no trailing slash)."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port,
                                           log_level="warning", lifespan="on", ws="none",
                                           proxy_headers=proxy_headers))
    task = asyncio.create_task(server.serve())
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 20
    while not server.started:
        assert not task.done(), "the server did not start"
        assert loop.time() < deadline, "the server is not up"
        await asyncio.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await task


@contextmanager
def oidc_provider(provider: OidcProvider | None = None) -> Iterator[OidcProvider]:
    """The provider listening on 127.0.0.1, in a thread with its own event loop: the services'
    token verifier fetches its JWKS without awaiting, and must not stall the provider."""
    provider = provider or OidcProvider()
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(provider.app(), host="127.0.0.1", port=port,
                                           log_level="warning", lifespan="off", ws="none"))
    thread = threading.Thread(target=server.run, name="oidc-provider", daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert thread.is_alive(), "the provider did not start"
        assert time.monotonic() < deadline, "the provider is not up"
        time.sleep(0.05)
    provider.url = f"http://127.0.0.1:{port}"
    try:
        yield provider
    finally:
        server.should_exit = True
        thread.join(timeout=20)
