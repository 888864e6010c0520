"""Bearer JWT authentication and role/place authorization.

Tokens are verified with RS256/ES256 (or another asymmetric algorithm of ``JWT_ALGORITHMS``)
against a JWKS URL (any OIDC provider) or a PEM public key; outside production a local development
key (``daiban token``) is accepted too. Each key is tried only with the algorithms of its type (an
RSA key with RS*/PS*, an EC key with ES*), so a token's header chooses nothing but which of them.
The ``role`` claim decides what an endpoint allows, the ``place`` claim (a statistical division
code) decides which places' records the caller may see: its own place and everything under it;
the two must agree (a village agent's place is a village, see ``daiban_kernel.roles``).
"""

from __future__ import annotations

import os
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from daiban_common.settings import EC_ALGORITHMS, RSA_ALGORITHMS, CommonSettings
from daiban_kernel.actor import Actor
from daiban_kernel.errors import Forbidden, Unauthenticated
from daiban_kernel.places import DIGITS, PlaceCode
from daiban_kernel.roles import ROLE_TIERS, Role, works_at


class RoleNotAtPlace(ValueError):
    """A role given a place of a tier it does not work at (a village agent at a county)."""


def check_role_at_place(role: Role, place: str) -> None:
    """Refuse a role at a place of the wrong tier, naming the tiers the role works at."""
    code = PlaceCode.parse(place)
    if code is None:
        raise RoleNotAtPlace(f"{place!r} is not a 6, 9 or 12 digit division code")
    if not works_at(role, code.tier):
        tiers = " or ".join(f"a {t.value} ({DIGITS[t]} digits)"
                            for t in sorted(ROLE_TIERS[role], key=DIGITS.__getitem__))
        raise RoleNotAtPlace(f"a {role.value} works at {tiers}; {place} is a {code.tier.value}")


def _algorithms_for(key: Any, allowed: tuple[str, ...]) -> list[str]:
    """The allowed algorithms that can verify with ``key`` (none for a key of another type)."""
    if isinstance(key, rsa.RSAPublicKey):
        family = RSA_ALGORITHMS
    elif isinstance(key, ec.EllipticCurvePublicKey):
        family = EC_ALGORITHMS
    else:
        return []
    return [a for a in allowed if a in family]


class TokenVerifier:
    """Verifies bearer tokens with the configured keys."""

    def __init__(self, settings: CommonSettings) -> None:
        self._settings = settings
        self._jwks = jwt.PyJWKClient(settings.jwt_jwks_url) if settings.jwt_jwks_url else None
        self._static_keys: list[Any] = []
        if settings.jwt_public_key_file:
            self._static_keys.append(
                serialization.load_pem_public_key(settings.jwt_public_key_file.read_bytes()))
        self._dev_key_file = settings.jwt_dev_key_file if settings.dev_tokens_allowed else None
        self._dev_key: tuple[tuple[int, int, int], Any] | None = None

    def verify(self, token: str) -> Actor:
        """Return the actor a valid token names, or raise Unauthenticated."""
        claims = self._decode(token)
        try:
            role = Role(claims["role"])
        except (KeyError, ValueError, TypeError) as exc:
            raise Unauthenticated("the token has no valid role claim") from exc
        place = claims.get("place")
        if not isinstance(place, str) or PlaceCode.parse(place) is None:
            raise Unauthenticated("the token has no valid place claim")
        try:
            check_role_at_place(role, place)
        except RoleNotAtPlace as exc:
            raise Unauthenticated(f"the token's role and place disagree: {exc}") from exc
        subject = claims["sub"]
        if not isinstance(subject, str) or not 1 <= len(subject) <= 64:
            raise Unauthenticated("the token's sub claim must be 1 to 64 characters")
        name = claims.get("name")
        if name is not None and not (isinstance(name, str) and 1 <= len(name) <= 50):
            raise Unauthenticated("the token's name claim must be 1 to 50 characters")
        return Actor(staff_id=subject, role=role, place=place, name=name)

    def _decode(self, token: str) -> dict[str, Any]:
        errors: list[str] = []
        for key in self._keys(token):
            algorithms = _algorithms_for(key, self._settings.jwt_algorithms)
            if not algorithms:
                continue
            try:
                claims: dict[str, Any] = jwt.decode(
                    token,
                    key,
                    algorithms=algorithms,
                    audience=self._settings.jwt_audience,
                    issuer=self._settings.jwt_issuer,
                    options={"require": ["exp", "sub", "iss", "aud"]},
                )
                return claims
            except jwt.PyJWTError as exc:
                errors.append(str(exc))
            except (TypeError, ValueError) as exc:
                # pyjwt checks registered claims' types only in part: a signed "iat": null
                # reaches int(None)
                errors.append(f"a registered claim has the wrong type ({exc})")
        raise Unauthenticated("invalid token: " + ("; ".join(errors) or "no verification key"))

    def _keys(self, token: str) -> list[Any]:
        keys: list[Any] = list(self._static_keys)
        if self._jwks is not None:
            try:
                keys.append(self._jwks.get_signing_key_from_jwt(token).key)
            except jwt.PyJWTError as exc:
                # outside production a token of the development key names no key of the
                # provider's: it is tried with the development key below
                if self._dev_key_file is None:
                    raise Unauthenticated(f"invalid token: {exc}") from exc
        if self._dev_key_file is not None:
            dev = self._dev_public_key(self._dev_key_file)
            if dev is not None:
                keys.append(dev)
        return keys

    def _dev_public_key(self, path: Path) -> Any | None:
        """The development key's public half, parsed once per version of the file (a stat per
        token, not a PEM parse: the key is read again only when the file is replaced)."""
        try:
            stat = path.stat()
        except FileNotFoundError:
            return None
        version = (stat.st_ino, stat.st_mtime_ns, stat.st_size)
        if self._dev_key is None or self._dev_key[0] != version:
            self._dev_key = (version, load_dev_key(path).public_key())
        return self._dev_key[1]


def load_dev_key(path: Path) -> ec.EllipticCurvePrivateKey:
    """The local development signing key, created on first use (atomically: several processes
    starting at once end up with one key)."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        key = ec.generate_private_key(ec.SECP256R1())
        pem = key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        fd, draft = tempfile.mkstemp(dir=path.parent, prefix=".draft-")  # mode 0600
        try:
            os.write(fd, pem)
            os.close(fd)
            os.link(draft, path)  # fails if another process created it first: theirs wins
        except FileExistsError:
            pass
        finally:
            os.unlink(draft)
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
    """A token signed by the development key; refused in production, and for a role at a place
    of a tier it does not work at (``RoleNotAtPlace``)."""
    if not settings.dev_tokens_allowed:
        raise Forbidden("development tokens are not available in production")
    check_role_at_place(role, place)
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
