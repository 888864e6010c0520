"""Bearer JWT authentication and role/place authorization.

Tokens are verified with RS256/ES256 against a JWKS URL (any OIDC provider) or a PEM public key;
outside production a local development key (``daiban token``) is accepted too. The ``role`` claim
decides what an endpoint allows, the ``place`` claim (a statistical division code) decides which
places' records the caller may see: its own place and everything under it.
"""

from __future__ import annotations

import re
import time
import uuid
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from daiban_common.errors import Forbidden, Unauthenticated
from daiban_common.fields import PLACE_CODE
from daiban_common.settings import CommonSettings


class Role(StrEnum):
    """The people who act in Daiban (DOMAIN.md, "People")."""

    RESIDENT = "resident"
    VILLAGE_AGENT = "village_agent"
    ONLINE_AGENT = "online_agent"
    GRID_WORKER = "grid_worker"
    TOWN_CLERK = "town_clerk"
    COUNTY_COORDINATOR = "county_coordinator"
    DEPARTMENT_OFFICER = "department_officer"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"


STAFF_ROLES = frozenset(Role) - {Role.RESIDENT}


@dataclass(frozen=True)
class Principal:
    """Who is calling: a staff member (or resident) with a role and a place."""

    subject: str
    role: Role
    place: str
    name: str | None = None

    def covers(self, place_code: str) -> bool:
        """Whether ``place_code`` is the caller's place or lies under it."""
        return place_code.startswith(self.place)

    def require_place(self, place_code: str) -> None:
        """Refuse a place outside the caller's subtree."""
        if not self.covers(place_code):
            raise Forbidden(f"place {place_code} is outside your jurisdiction {self.place}")


def _is_place_code(value: object) -> bool:
    return isinstance(value, str) and re.fullmatch(PLACE_CODE, value) is not None


class TokenVerifier:
    """Verifies bearer tokens with the configured keys."""

    def __init__(self, settings: CommonSettings) -> None:
        self._settings = settings
        self._jwks = jwt.PyJWKClient(settings.jwt_jwks_url) if settings.jwt_jwks_url else None
        self._static_keys: list[Any] = []
        if settings.jwt_public_key_file:
            self._static_keys.append(settings.jwt_public_key_file.read_bytes())
        self._dev_key_file = settings.jwt_dev_key_file if settings.dev_tokens_allowed else None

    def verify(self, token: str) -> Principal:
        """Return the principal of a valid token, or raise Unauthenticated."""
        claims = self._decode(token)
        try:
            role = Role(claims["role"])
        except (KeyError, ValueError) as exc:
            raise Unauthenticated("the token has no valid role claim") from exc
        if not _is_place_code(claims.get("place")):
            raise Unauthenticated("the token has no valid place claim")
        if not isinstance(claims["sub"], str) or not 1 <= len(claims["sub"]) <= 64:
            raise Unauthenticated("the token's sub claim must be 1 to 64 characters")
        return Principal(claims["sub"], role, claims["place"], claims.get("name"))

    def _decode(self, token: str) -> dict[str, Any]:
        errors: list[str] = []
        for key in self._keys(token):
            try:
                claims: dict[str, Any] = jwt.decode(
                    token,
                    key,
                    algorithms=list(self._settings.jwt_algorithms),
                    audience=self._settings.jwt_audience,
                    issuer=self._settings.jwt_issuer,
                    options={"require": ["exp", "sub", "iss", "aud"]},
                )
                return claims
            except jwt.PyJWTError as exc:
                errors.append(str(exc))
        raise Unauthenticated("invalid token: " + ("; ".join(errors) or "no verification key"))

    def _keys(self, token: str) -> list[Any]:
        keys: list[Any] = list(self._static_keys)
        if self._jwks is not None:
            try:
                keys.append(self._jwks.get_signing_key_from_jwt(token).key)
            except jwt.PyJWTError as exc:
                raise Unauthenticated(f"invalid token: {exc}") from exc
        if self._dev_key_file is not None and self._dev_key_file.exists():
            keys.append(load_dev_key(self._dev_key_file).public_key())
        return keys


def load_dev_key(path: Path) -> ec.EllipticCurvePrivateKey:
    """The local development signing key, created on first use."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        key = ec.generate_private_key(ec.SECP256R1())
        pem = key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        path.write_bytes(pem)
        path.chmod(0o600)
    loaded = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(loaded, ec.EllipticCurvePrivateKey):
        raise ValueError(f"{path} is not an EC private key")
    return loaded


def issue_dev_token(
    settings: CommonSettings,
    *,
    role: Role,
    place: str,
    subject: str | None = None,
    name: str | None = None,
    ttl_seconds: int = 12 * 3600,
) -> str:
    """A token signed by the development key; refused in production."""
    if not settings.dev_tokens_allowed:
        raise Forbidden("development tokens are not available in production")
    if not _is_place_code(place):
        raise ValueError("place must be a 6, 9 or 12 digit division code")
    now = int(time.time())
    claims = {
        "iss": settings.jwt_issuer,
        "aud": settings.jwt_audience,
        "sub": subject or f"dev-{role.value}-{uuid.uuid4().hex[:8]}",
        "role": role.value,
        "place": place,
        "iat": now,
        "exp": now + ttl_seconds,
    }
    if name:
        claims["name"] = name
    return jwt.encode(claims, load_dev_key(settings.jwt_dev_key_file), algorithm="ES256")

