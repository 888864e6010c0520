"""Bearer tokens: who may call, and which places they see."""

import time
from pathlib import Path

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import ec

from daiban_common.auth import TokenVerifier, issue_dev_token, load_dev_key
from daiban_common.settings import CommonSettings
from daiban_kernel.actor import Actor
from daiban_kernel.errors import Forbidden, Unauthenticated
from daiban_kernel.roles import Role


@pytest.fixture
def settings(tmp_path: Path) -> CommonSettings:
    return CommonSettings(environment="test", jwt_dev_key_file=tmp_path / "dev.pem")


def claims(settings: CommonSettings, **over: object) -> dict[str, object]:
    now = int(time.time())
    return {"iss": settings.jwt_issuer, "aud": settings.jwt_audience, "sub": "s1",
            "role": "town_clerk", "place": "110116104", "iat": now, "exp": now + 60, **over}


def sign(settings: CommonSettings, body: dict[str, object]) -> str:
    return jwt.encode(body, load_dev_key(settings.jwt_dev_key_file), algorithm="ES256")


def test_a_dev_token_verifies_to_its_role_and_place(settings: CommonSettings) -> None:
    token = issue_dev_token(settings, role=Role.VILLAGE_AGENT, place="110116104201", subject="a")
    principal = TokenVerifier(settings).verify(token)
    assert principal == Actor(staff_id="a", role=Role.VILLAGE_AGENT, place="110116104201")


@pytest.mark.parametrize(
    ("override", "why"),
    [
        ({"exp": int(time.time()) - 10}, "expired"),
        ({"aud": "someone-else"}, "(?i)audience"),
        ({"iss": "elsewhere"}, "(?i)issuer"),
        ({"role": "mayor"}, "role"),
        ({"place": "1101"}, "place"),
        ({"place": 110116}, "place"),
    ],
)
def test_a_token_with_bad_claims_is_refused(settings: CommonSettings, override: dict[str, object],
                                            why: str) -> None:
    with pytest.raises(Unauthenticated, match=why):
        TokenVerifier(settings).verify(sign(settings, claims(settings, **override)))


def test_a_token_signed_by_another_key_is_refused(settings: CommonSettings) -> None:
    stranger = ec.generate_private_key(ec.SECP256R1())
    token = jwt.encode(claims(settings), stranger, algorithm="ES256")
    with pytest.raises(Unauthenticated, match="invalid token"):
        TokenVerifier(settings).verify(token)


def test_an_unsigned_token_is_refused(settings: CommonSettings) -> None:
    token = jwt.encode(claims(settings), key=None, algorithm="none")  # type: ignore[arg-type]
    with pytest.raises(Unauthenticated):
        TokenVerifier(settings).verify(token)


def test_production_accepts_no_dev_tokens(tmp_path: Path) -> None:
    dev = CommonSettings(environment="test", jwt_dev_key_file=tmp_path / "k.pem")
    token = issue_dev_token(dev, role=Role.ADMIN, place="110116")
    public = tmp_path / "idp.pem"
    other = ec.generate_private_key(ec.SECP256R1()).public_key()
    from cryptography.hazmat.primitives import serialization
    public.write_bytes(other.public_bytes(serialization.Encoding.PEM,
                                          serialization.PublicFormat.SubjectPublicKeyInfo))
    prod = CommonSettings(environment="production", jwt_dev_key_file=tmp_path / "k.pem",
                          jwt_public_key_file=public, pii_key="a real secret",
                          amqp_url="amqp://daiban:s3cret@mq:5672/")
    with pytest.raises(Unauthenticated):
        TokenVerifier(prod).verify(token)
    with pytest.raises(Forbidden):
        issue_dev_token(prod, role=Role.ADMIN, place="110116")


def test_a_place_covers_itself_and_its_subtree_only() -> None:
    town = Actor(staff_id="c", role=Role.TOWN_CLERK, place="110116104")
    assert town.covers("110116104")
    assert town.covers("110116104201")
    assert not town.covers("110116105201")
    assert not town.covers("110116")
    with pytest.raises(Forbidden):
        town.require_place("110116105201")
