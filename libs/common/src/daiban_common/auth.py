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
from pathlib import Path
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from daiban_common.settings import CommonSettings
from daiban_kernel.actor import Actor
from daiban_kernel.errors import Forbidden, Unauthenticated
from daiban_kernel.places import PLACE_CODE
from daiban_kernel.roles import Role


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

    def verify(self, token: str) -> Actor:
        """Return the actor a valid token names, or raise Unauthenticated."""
        claims = self._decode(token)
        try:
            role = Role(claims["role"])
        except (KeyError, ValueError) as exc:
            raise Unauthenticated("the token has no valid role claim") from exc
        if not _is_place_code(claims.get("place")):
            raise Unauthenticated("the token has no valid place claim")
        if not isinstance(claims["sub"], str) or not 1 <= len(claims["sub"]) <= 64:
            raise Unauthenticated("the token's sub claim must be 1 to 64 characters")
        name = claims.get("name")
        if name is not None and not (isinstance(name, str) and 1 <= len(name) <= 50):
            raise Unauthenticated("the token's name claim must be 1 to 50 characters")
        return Actor(staff_id=claims["sub"], role=role, place=claims["place"], name=name)

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

