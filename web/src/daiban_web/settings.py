"""The web front's settings, read from the environment (the platform's shared ones included:
``ENVIRONMENT``, the token issuer and audience, the development key).

The web uses no database, broker or ``PII_KEY``: in production it needs only what it signs the
session with and the provider staff sign in with (``WebSettings`` checks those and not the
services' secrets, which its Deployment is not given)."""

from __future__ import annotations

import hashlib
import re
from typing import Self

from pydantic import Field, SecretStr, model_validator

from daiban_common.auth import load_dev_key
from daiban_common.settings import CommonSettings
from daiban_kernel.places import STATION_CODE

_STATION = re.compile(STATION_CODE)


def is_station_code(code: str) -> bool:
    """Whether ``code`` is a station's code (``110116111201-01``), the whole of it."""
    return _STATION.fullmatch(code) is not None


class WebSettings(CommonSettings):
    """Where the APIs are, how staff sign in, and how their session is kept."""

    gateway_url: str = "http://127.0.0.1:8080"
    session_secret: SecretStr | None = Field(
        default=None,
        description="signs the workbench's session cookie; required in production (outside it, "
                    "derived from the development key, so that every replica agrees)")
    session_hours: int = Field(default=10, ge=1, le=24)
    secure_cookies: bool = Field(
        default=False, description="send the session cookie over HTTPS only (on in production)")
    oidc_discovery_url: str | None = Field(
        default=None,
        description="the provider's /.well-known/openid-configuration; sign-in by OpenID Connect "
                    "(authorization code with PKCE) when set")
    oidc_client_id: str | None = None
    oidc_client_secret: SecretStr | None = None
    oidc_scope: str = "openid profile"
    dev_sign_in_stations: tuple[str, ...] = Field(
        default=("110116111201-01", "110116111-01", "110116-01"),
        description="the stations whose staff the development sign-in page lists first")

    @model_validator(mode="after")
    def _fail_closed_outside_development(self) -> Self:
        """In production, what the web itself uses: the session's secret and the provider.

        It replaces (same name) the services' check, which demands ``PII_KEY``, a broker account
        and ``JWT_JWKS_URL``: the web reads no ID number, no broker and verifies no API token
        (the APIs do; the provider's ID token is checked with the keys its discovery document
        names), and in production it issues none either."""
        if self.environment == "production":
            if self.session_secret is None:
                raise ValueError("SESSION_SECRET is required in production")
            if not (self.oidc_discovery_url and self.oidc_client_id):
                raise ValueError("OIDC_DISCOVERY_URL and OIDC_CLIENT_ID are required in "
                                 "production: staff sign in with the provider")
        for station in self.dev_sign_in_stations:
            if not is_station_code(station):
                raise ValueError(f"DEV_SIGN_IN_STATIONS: {station!r} is not a station code")
        return self

    @property
    def dev_sign_in_allowed(self) -> bool:
        """The page listing the demo staff: never in production."""
        return self.dev_tokens_allowed

    def session_key(self) -> str:
        """The secret that signs the session cookie."""
        if self.session_secret is not None:
            return self.session_secret.get_secret_value()
        pem = load_dev_key(self.jwt_dev_key_file).private_numbers().private_value
        return hashlib.sha256(b"daiban-web-session:" + str(pem).encode()).hexdigest()
