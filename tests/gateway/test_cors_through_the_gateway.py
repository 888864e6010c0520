"""A portal on another origin calls the API through the gateway: its preflight is answered, its
answers carry the CORS headers; any other origin gets none, and a refused preflight is a
problem."""

from __future__ import annotations

import httpx
import pytest

from tests.support.gateway import PORTAL, SERVICES, ApisBehindGateway

pytestmark = pytest.mark.integration


@pytest.mark.parametrize("service", SERVICES)
def test_the_portal_s_preflight_is_answered_by_every_service(apis: ApisBehindGateway,
                                                             service: str) -> None:
    answer = httpx.options(f"{apis.url}/api/{service}/v1/anything", timeout=30, headers={
        "Origin": PORTAL, "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization, content-type, idempotency-key"})
    assert answer.status_code == 200, answer.text
    assert answer.headers["access-control-allow-origin"] == PORTAL
    assert "POST" in answer.headers["access-control-allow-methods"]
    allowed = answer.headers["access-control-allow-headers"].lower()
    assert {"authorization", "content-type", "idempotency-key"} <= {
        h.strip() for h in allowed.split(",")}


def test_the_portal_reads_the_public_catalogue_and_a_refusal(apis: ApisBehindGateway) -> None:
    with httpx.Client(base_url=apis.url, timeout=30, headers={"Origin": PORTAL}) as client:
        catalogue = client.get("/api/intake/v1/public/matters")
        refused = client.get("/api/intake/v1/cases")
    assert catalogue.status_code == 200
    assert catalogue.headers["access-control-allow-origin"] == PORTAL
    assert refused.status_code == 401  # a browser can read why
    assert refused.headers["access-control-allow-origin"] == PORTAL
    assert "WWW-Authenticate" in refused.headers["access-control-expose-headers"]


def test_another_origin_gets_no_cors_headers_and_its_preflight_is_a_problem(
        apis: ApisBehindGateway) -> None:
    stranger = "https://elsewhere.example.com"
    with httpx.Client(base_url=apis.url, timeout=30) as client:
        plain = client.get("/api/intake/v1/public/matters", headers={"Origin": stranger})
        preflight = client.options("/api/intake/v1/public/matters", headers={
            "Origin": stranger, "Access-Control-Request-Method": "GET"})
    assert plain.status_code == 200
    assert "access-control-allow-origin" not in plain.headers
    assert preflight.status_code == 400
    assert preflight.headers["content-type"] == "application/problem+json"
    assert "access-control-allow-origin" not in preflight.headers
