"""Black-box: a case posted through the gateway reaches every service and the audit ledger."""

from __future__ import annotations

import time
from typing import Any

import httpx
import pytest

from daiban_common.auth import issue_dev_token
from daiban_common.settings import CommonSettings
from daiban_kernel.roles import Role
from tests.e2e.conftest import Platform

pytestmark = pytest.mark.integration

VILLAGE = "110116111201"
CASE = {"matter_code": "MZ-001", "village_code": VILLAGE, "channel": "home_visit",
        "applicant": {"name": "李林珍", "id_number": "11010519491231002X",
                      "phone": "13800138000"}}


def token(platform: Platform, role: Role = Role.VILLAGE_AGENT, place: str = VILLAGE) -> str:
    return issue_dev_token(CommonSettings(**platform.env), role=role, place=place)  # type: ignore[arg-type]


def poll(fetch: Any, *, within: float = 15.0) -> Any:
    deadline = time.monotonic() + within
    while True:
        found = fetch()
        if found:
            return found
        if time.monotonic() > deadline:
            raise AssertionError("nothing within the deadline")
        time.sleep(0.05)


def test_a_case_posted_through_the_gateway_reaches_the_ledger(platform: Platform) -> None:
    headers = {"Authorization": f"Bearer {token(platform)}"}
    with httpx.Client(base_url=platform.gateway, timeout=10) as client:
        created = client.post("/api/intake/v1/cases", json=CASE, headers=headers)
        assert created.status_code == 201, created.text
        number = created.json()["number"]

        def ledger() -> list[str]:
            response = client.get("/api/audit/v1/ledger", params={"subject": number},
                                  headers=headers)
            assert response.status_code == 200, response.text
            return [e["type"] for e in response.json()["items"]]

        types = poll(lambda: (t := ledger()) and "notification.sent" in t and t)
        assert types[0] == "case.submitted"
        for service in ("routing", "sla"):
            seen = poll(lambda s=service: client.get(f"/api/{s}/v1/cases/{number}",
                                                     headers=headers).status_code == 200)
            assert seen


def test_metrics_are_not_served_through_the_gateway(platform: Platform) -> None:
    with httpx.Client(base_url=platform.gateway) as client:
        for service in ("intake", "routing", "sla", "audit", "notify"):
            assert client.get(f"/api/{service}/healthz").status_code == 200
            response = client.get(f"/api/{service}/metrics")
            assert response.status_code == 404
            assert response.headers["content-type"].startswith("application/problem+json")


def test_the_docs_behind_the_gateway_find_their_openapi_and_assets(platform: Platform) -> None:
    with httpx.Client(base_url=platform.gateway) as client:
        spec = client.get("/api/intake/openapi.json")
        assert spec.status_code == 200
        assert "/v1/cases" in spec.json()["paths"]
        page = client.get("/api/intake/docs")
        assert page.status_code == 200
        assert "/api/intake/openapi.json" in page.text
        assert "cdn" not in page.text.lower()
        for asset in ("swagger-ui-bundle.js", "swagger-ui.css"):
            assert f"/api/intake/docs-assets/{asset}" in page.text
            assert client.get(f"/api/intake/docs-assets/{asset}").status_code == 200


def test_the_web_front_behind_the_gateway_serves_the_board_and_a_stations_notice_board(
        platform: Platform) -> None:
    with httpx.Client(base_url=platform.gateway) as client:
        assert poll(lambda: client.get("/board/").status_code == 200, within=30)
        board = client.get("/board/110116")
        assert board.status_code == 200
        assert "办理情况公示" in board.text
        assert "怀柔区" in board.text  # the demo county by name, from routing's public places
        assert client.get("/board/110116/live").status_code == 200
        assert client.get("/assets/board.css").status_code == 200
        notice = client.get("/board/stations/110116001001-01")  # the demo county's agents
        assert notice.status_code == 200
        assert "周强" in notice.text
        assert "北大街社区便民服务室" in notice.text
        assert "010-69641001" in notice.text  # the supervision phone of its town, 泉河街道
        assert "可代办事项" in notice.text
        assert client.get("/board").headers["location"].endswith("/board/")


def test_the_gateway_passes_the_rating_page_to_the_web_front_unchanged(
        platform: Platform) -> None:
    with httpx.Client(base_url=platform.gateway) as client:
        assert poll(lambda: client.get("/board/").status_code == 200, within=30)
        invalid = client.get("/rate/" + "A" * 32)  # the shape of a token, not one minted
        assert invalid.status_code == 404
        assert "链接无效" in invalid.text
        assert 'href="../assets/rating.css"' in invalid.text
        assert client.get("/assets/rating.css").status_code == 200


def test_an_unknown_path_is_a_404_problem(platform: Platform) -> None:
    with httpx.Client(base_url=platform.gateway) as client:
        response = client.get("/nowhere")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")


def test_a_method_an_api_path_does_not_serve_is_the_services_own_405_problem(
        platform: Platform) -> None:
    with httpx.Client(base_url=platform.gateway) as client:
        response = client.put("/api/intake/v1/cases", json={})
    assert response.status_code == 405
    assert response.headers["content-type"].startswith("application/problem+json")
    problem = response.json()
    assert problem["type"] == "urn:daiban:problem:method-not-allowed"
    assert problem["instance"] == "/api/intake/v1/cases"  # the service's document
    assert "request_id" not in problem
