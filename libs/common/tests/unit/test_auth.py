"""Bearer tokens: who may call, and which places they see."""

import time
from pathlib import Path

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from fastapi import FastAPI

from daiban_common.api_deps import CurrentActor
from daiban_common.auth import RoleNotAtPlace, TokenVerifier, issue_dev_token, load_dev_key
from daiban_common.problems import install_problem_handlers
from daiban_common.settings import CommonSettings
from daiban_kernel.actor import Actor
from daiban_kernel.errors import Forbidden, Unauthenticated
from daiban_kernel.places import PlaceTier
from daiban_kernel.roles import ROLE_TIERS, Role, works_at


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


def test_a_replaced_development_key_is_the_one_tokens_verify_with(
        settings: CommonSettings) -> None:
    verifier = TokenVerifier(settings)
    old = issue_dev_token(settings, role=Role.TOWN_CLERK, place="110116104", subject="a")
    assert verifier.verify(old).staff_id == "a"
    settings.jwt_dev_key_file.unlink()
    new = issue_dev_token(settings, role=Role.TOWN_CLERK, place="110116104", subject="b")
    assert verifier.verify(new).staff_id == "b"
    with pytest.raises(Unauthenticated):
        verifier.verify(old)


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


PLACES = {PlaceTier.COUNTY: "110116", PlaceTier.TOWN: "110116104",
          PlaceTier.VILLAGE: "110116104201"}
ROLE_AT_TIER = [(role, tier) for role in Role for tier in PlaceTier]


@pytest.mark.parametrize(("role", "tier"), ROLE_AT_TIER,
                         ids=[f"{r.value}@{t.value}" for r, t in ROLE_AT_TIER])
def test_a_role_is_verified_only_at_a_place_of_its_tier(settings: CommonSettings, role: Role,
                                                       tier: PlaceTier) -> None:
    token = sign(settings, claims(settings, role=role.value, place=PLACES[tier]))
    if works_at(role, tier):
        assert TokenVerifier(settings).verify(token).place == PLACES[tier]
        assert issue_dev_token(settings, role=role, place=PLACES[tier])
        return
    with pytest.raises(Unauthenticated, match=f"role and place disagree: a {role.value} works at"):
        TokenVerifier(settings).verify(token)
    with pytest.raises(RoleNotAtPlace, match=f"is a {tier.value}"):
        issue_dev_token(settings, role=role, place=PLACES[tier])


def test_the_tiers_are_the_programme_s() -> None:
    village_roles = {Role.VILLAGE_AGENT, Role.ONLINE_AGENT, Role.GRID_WORKER}
    for role in village_roles:
        assert ROLE_TIERS[role] == {PlaceTier.VILLAGE}
    assert ROLE_TIERS[Role.TOWN_CLERK] == {PlaceTier.TOWN}
    assert ROLE_TIERS[Role.COUNTY_COORDINATOR] == {PlaceTier.COUNTY}
    assert ROLE_TIERS[Role.DEPARTMENT_OFFICER] == {PlaceTier.COUNTY}


async def test_over_http_a_village_agent_token_for_a_county_is_a_401_problem(
        settings: CommonSettings) -> None:
    app = FastAPI()
    app.state.token_verifier = TokenVerifier(settings)
    install_problem_handlers(app)

    @app.get("/v1/cases")
    async def cases(actor: CurrentActor) -> dict[str, str]:
        return {"place": actor.place}

    token = sign(settings, claims(settings, role="village_agent", place="110116"))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
                                 base_url="http://test") as client:
        response = await client.get("/v1/cases", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 401
    assert response.headers["content-type"] == "application/problem+json"
    assert "village (12 digits)" in response.json()["detail"]


def test_outside_production_a_dev_token_verifies_beside_a_provider_that_does_not_know_it(
        settings: CommonSettings, tmp_path: Path) -> None:
    from tests.support.gateway import free_port
    nowhere = f"http://127.0.0.1:{free_port()}/jwks"  # the provider's keys cannot be read
    beside = settings.model_copy(update={"jwt_jwks_url": nowhere})
    token = issue_dev_token(beside, role=Role.TOWN_CLERK, place="110116104", subject="c")
    assert TokenVerifier(beside).verify(token).staff_id == "c"
    stranger = jwt.encode(claims(beside), ec.generate_private_key(ec.SECP256R1()),
                          algorithm="ES256")
    with pytest.raises(Unauthenticated):
        TokenVerifier(beside).verify(stranger)
    production = CommonSettings(environment="production", jwt_jwks_url=nowhere,
                                jwt_dev_key_file=tmp_path / "dev.pem", pii_key="p" * 32,
                                amqp_url="amqp://u:p@mq/")
    with pytest.raises(Unauthenticated):
        TokenVerifier(production).verify(token)
