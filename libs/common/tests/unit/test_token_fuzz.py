"""Any token, whatever its header says, is a 401 or a verified caller: never a crash.

The verifier holds an RSA public key (``JWT_PUBLIC_KEY_FILE``) and the EC development key, so
that a header naming an algorithm of one key's type is tried against the other's too. Hypothesis
draws the header (every JOSE algorithm, ``none``, junk, stray parameters), the claims (the right
ones and any JSON) and the signature (the real one, HMAC with the public key as its secret,
random bytes); a test app shows the same over HTTP: 401 problem+json.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from pathlib import Path
from typing import Any

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from fastapi import FastAPI
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jwt.algorithms import ECAlgorithm, RSAAlgorithm

from daiban_common.api_deps import CurrentActor
from daiban_common.auth import TokenVerifier, load_dev_key
from daiban_common.problems import install_problem_handlers
from daiban_common.settings import CommonSettings
from daiban_kernel.actor import Actor
from daiban_kernel.errors import Unauthenticated
from daiban_kernel.roles import Role

ALGORITHMS = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512",
              "HS256", "HS384", "HS512", "EdDSA", "none", "None", "NONE", ""]
JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False)
                    | st.text(max_size=20),
                    lambda inner: st.lists(inner, max_size=3)
                    | st.dictionaries(st.text(max_size=8), inner, max_size=3), max_leaves=8)


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


@pytest.fixture(scope="module")
def keys(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("keys")
    idp = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    public_pem = idp.public_key().public_bytes(serialization.Encoding.PEM,
                                               serialization.PublicFormat.SubjectPublicKeyInfo)
    (folder / "idp.pem").write_bytes(public_pem)
    config = CommonSettings(environment="test", jwt_dev_key_file=folder / "dev.pem",
                            jwt_public_key_file=folder / "idp.pem")
    return {"settings": config, "idp": idp, "public_pem": public_pem,
            "dev": load_dev_key(config.jwt_dev_key_file), "verifier": TokenVerifier(config)}


def good_claims(config: CommonSettings) -> dict[str, Any]:
    now = int(time.time())
    return {"iss": config.jwt_issuer, "aud": config.jwt_audience, "sub": "staff-1",
            "role": "town_clerk", "place": "110116104", "iat": now, "exp": now + 600}


@st.composite
def tokens(draw: st.DrawFn, keys: dict[str, Any]) -> tuple[str, str]:
    """A token and what the verifier must do with it: "accept", "refuse" or "either" (a well
    signed token with unusual header parameters: no crash is all that is asked)."""
    config: CommonSettings = keys["settings"]
    alg = draw(st.sampled_from([*ALGORITHMS, "junk"]))  # JOSE's names mostly, some junk
    header: dict[str, Any] = {"alg": draw(st.text(max_size=10)) if alg == "junk" else alg}
    header.update(draw(st.dictionaries(st.sampled_from(["typ", "kid", "crit", "jku", "x5u",
                                                        "jwk", "b64", "zip"]), JSON,
                                       max_size=3)))
    claims: Any = good_claims(config)
    changed = draw(st.booleans())
    if changed:
        claims = draw(st.one_of(
            JSON,
            st.fixed_dictionaries({}, optional=dict.fromkeys(claims, JSON)),
            st.builds(lambda over: {**good_claims(config), **over},
                      st.dictionaries(st.sampled_from([*claims, "name"]), JSON,
                                      min_size=1, max_size=3))))
    signing = (b64(json.dumps(header).encode()) + "."
               + b64(json.dumps(claims).encode())).encode()
    how = draw(st.sampled_from(["real", "hmac-public", "random", "empty"]))
    signer = {"RS256": (RSAAlgorithm(RSAAlgorithm.SHA256), keys["idp"]),
              "ES256": (ECAlgorithm(ECAlgorithm.SHA256), keys["dev"])}.get(header["alg"])
    if how == "real" and signer is not None:
        algorithm, key = signer
        signature = algorithm.sign(signing, key)
        plain = set(header) == {"alg"} or header == {"alg": header["alg"], "typ": "JWT"}
        expected = "refuse" if changed else "accept" if plain else "either"
    elif how == "hmac-public":  # the classic: HS256 keyed with the verifier's public key
        signature = hmac.new(keys["public_pem"], signing, hashlib.sha256).digest()
        expected = "refuse"
    elif how == "empty":
        signature, expected = b"", "refuse"
    else:
        signature, expected = draw(st.binary(max_size=300)), "refuse"
    return signing.decode() + "." + b64(signature), expected


@settings(max_examples=400, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_any_token_is_refused_as_unauthenticated_or_verified(keys: dict[str, Any],
                                                            data: st.DataObject) -> None:
    token, expected = data.draw(tokens(keys))
    verifier: TokenVerifier = keys["verifier"]
    try:
        actor = verifier.verify(token)
    except Unauthenticated:
        assert expected != "accept", token
        return
    assert expected != "refuse", token
    assert actor == Actor(staff_id="staff-1", role=Role.TOWN_CLERK, place="110116104")


@pytest.mark.parametrize("alg", ["RS256", "PS256", "ES256", "ES384", "HS256", "none"])
def test_a_header_naming_any_algorithm_with_a_junk_signature_is_unauthenticated(
        keys: dict[str, Any], alg: str) -> None:
    header = b64(json.dumps({"alg": alg, "typ": "JWT"}).encode())
    payload = b64(json.dumps({"sub": "x"}).encode())
    with pytest.raises(Unauthenticated, match="invalid token"):
        keys["verifier"].verify(f"{header}.{payload}.AAAA")


def test_an_rs256_header_is_unauthenticated_with_the_ec_development_key_alone(
        tmp_path: Path) -> None:
    header = b64(b'{"alg":"RS256","typ":"JWT"}')
    payload = b64(b'{"sub":"x"}')
    verifier = TokenVerifier(CommonSettings(environment="test",
                                            jwt_dev_key_file=tmp_path / "dev.pem"))
    load_dev_key(tmp_path / "dev.pem")
    with pytest.raises(Unauthenticated):
        verifier.verify(f"{header}.{payload}.AAAA")


def test_both_keys_verify_their_own_algorithm(keys: dict[str, Any]) -> None:
    claims = good_claims(keys["settings"])
    for key, alg in ((keys["idp"], "RS256"), (keys["dev"], "ES256")):
        assert keys["verifier"].verify(jwt.encode(claims, key, algorithm=alg)).place == "110116104"


def test_a_token_signed_by_an_rsa_key_but_labelled_es256_is_refused(keys: dict[str, Any]) -> None:
    other = ec.generate_private_key(ec.SECP256R1())
    token = jwt.encode(good_claims(keys["settings"]), other, algorithm="ES256")
    with pytest.raises(Unauthenticated):
        keys["verifier"].verify(token)


@pytest.mark.parametrize("algorithms", [("HS256",), ("RS256", "none"), ()])
def test_settings_accept_only_asymmetric_algorithms(algorithms: tuple[str, ...]) -> None:
    with pytest.raises(ValueError, match=r"algorithm|at least 1"):
        CommonSettings(jwt_algorithms=algorithms)


async def test_over_http_a_forged_header_is_a_401_problem(keys: dict[str, Any]) -> None:
    app = FastAPI()
    app.state.token_verifier = keys["verifier"]
    install_problem_handlers(app)

    @app.get("/v1/me")
    async def me(actor: CurrentActor) -> dict[str, str]:
        return {"place": actor.place}

    header = b64(b'{"alg":"RS256","typ":"JWT"}')
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
                                 base_url="http://test") as client:
        for alg in ("RS256", "HS256", "none", "ES512"):
            header = b64(json.dumps({"alg": alg, "typ": "JWT"}).encode())
            response = await client.get(
                "/v1/me", headers={"Authorization": f"Bearer {header}.{b64(b'{}')}.AAAA"})
            assert response.status_code == 401, response.text
            assert response.headers["content-type"] == "application/problem+json"
            assert response.json()["type"] == "urn:daiban:problem:unauthenticated"
