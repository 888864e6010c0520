"""With the five APIs running behind it, the gateway still refuses what never reaches them as a
problem (the reproductions: a NUL in the path, dot segments above the root, TRACE, a header or
a request line over 8 KB), and what it passes on gets the service's own answer."""

from __future__ import annotations

import base64
import json
from urllib.parse import urlsplit

import pytest

from tests.support.gateway import ApisBehindGateway, exchange, get

pytestmark = pytest.mark.integration


def port(apis: ApisBehindGateway) -> int:
    found = urlsplit(apis.url).port
    assert found is not None
    return found


@pytest.mark.parametrize(("raw", "status", "slug"), [
    (get("/api/intake/v1/cases/%00"), 400, "bad-request"),
    (get("/api/../../../etc/passwd"), 400, "bad-request"),
    (get("/api/intake/v1/public/matters", method="TRACE"), 405, "method-not-allowed"),
    (get("/api/intake/v1/public/matters", "X-Padding: " + "a" * 9000), 431,
     "request-header-fields-too-large"),
    (get("/api/intake/v1/public/matters?q=" + "a" * 9000), 414, "uri-too-long"),
], ids=["NUL", "dot segments", "TRACE", "header over 8k", "request line over 8k"])
def test_a_refusal_of_the_gateway_in_front_of_live_services_is_a_problem(
        apis: ApisBehindGateway, raw: bytes, status: int, slug: str) -> None:
    answer = exchange(port(apis), raw, timeout=30)
    assert answer.status == status
    document = answer.problem()
    assert (document["status"], document["type"]) == (status, f"urn:daiban:problem:{slug}")


def test_what_the_gateway_passes_on_is_the_service_s_own_answer(apis: ApisBehindGateway) -> None:
    answer = exchange(port(apis), get("/api/intake/v1/cases"), timeout=30)
    assert answer.status == 401
    assert answer.problem()["instance"] == "/api/intake/v1/cases"  # intake's, not nginx's


@pytest.mark.parametrize("alg", ["RS256", "HS256", "none", "ES512"])
def test_a_token_whose_header_names_any_algorithm_is_a_401_problem(apis: ApisBehindGateway,
                                                                   alg: str) -> None:
    def b64(text: str) -> str:
        return base64.urlsafe_b64encode(text.encode()).rstrip(b"=").decode()

    token = f'{b64(json.dumps({"alg": alg, "typ": "JWT"}))}.{b64(json.dumps({"sub": "x"}))}.AAAA'
    answer = exchange(port(apis), get("/api/intake/v1/cases", f"Authorization: Bearer {token}"),
                      timeout=30)
    assert answer.status == 401
    assert answer.problem()["type"] == "urn:daiban:problem:unauthenticated"
