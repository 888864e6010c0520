"""Through the real gateway, a ``Location`` header and a link in a body lead where the client
can follow them: under ``/api/<service>``, the prefix the gateway strips."""

from __future__ import annotations

import uuid

import httpx
import pytest

from daiban_common.auth import issue_dev_token
from daiban_common.settings import CommonSettings
from daiban_kernel.roles import Role
from tests.support.cases import town_matter
from tests.support.gateway import ApisBehindGateway

pytestmark = pytest.mark.integration

VILLAGE = "110116111201"  # 宝山镇郑栅子村, in the demo county


def bearer(apis: ApisBehindGateway, role: Role, place: str) -> dict[str, str]:
    settings = CommonSettings(**apis.env)  # type: ignore[arg-type]
    return {"Authorization": "Bearer " + issue_dev_token(settings, role=role, place=place)}


def test_a_new_case_s_location_and_its_notice_links_are_under_the_gateway_prefix(
        apis: ApisBehindGateway) -> None:
    agent = bearer(apis, Role.VILLAGE_AGENT, VILLAGE)
    admin = bearer(apis, Role.ADMIN, "110116")
    # a matter of this test's own: the fuzz of the admin routes may have changed the demo ones
    code = "L" + uuid.uuid4().hex[:8].upper() + "-001"
    with httpx.Client(base_url=apis.url, timeout=30) as client:
        for path, body in (("/api/intake/v1/admin/matters", town_matter(code)),
                           (f"/api/intake/v1/admin/matters/{code}/publish", None)):
            written = client.post(path, headers=admin, json=body)
            assert written.status_code in (200, 201), written.text
        created = client.post("/api/intake/v1/cases", headers={
            **agent, "Idempotency-Key": f"links-{uuid.uuid4().hex[:12]}"}, json={
            "matter_code": code, "village_code": VILLAGE, "channel": "home_visit",
            "applicant": {"name": "李林珍", "id_number": "11010519491231002X",
                          "phone": "13800138000"}})
        assert created.status_code == 201, created.text
        number = created.json()["number"]
        assert created.headers["location"] == f"/api/intake/v1/cases/{number}"
        followed = client.get(created.headers["location"], headers=agent)
        assert followed.status_code == 200, followed.text
        assert followed.json()["number"] == number
        reviewed = client.post(f"/api/intake/v1/cases/{number}/review", headers=agent,
                               json={"supplement_by": "2099-01-31"})
        assert reviewed.status_code == 200, reviewed.text
        notices = reviewed.json()["notices"]
        assert notices, "a case reviewed without its papers gets the one-time notice"
        for notice in notices:
            for link in (notice["html_url"], notice["pdf_url"]):
                assert link.startswith(f"/api/intake/v1/cases/{number}/notices/"), link
                page = client.get(link, headers=agent)
                assert page.status_code == 200, (link, page.text[:300])


def test_an_admin_write_s_location_is_under_the_gateway_prefix(apis: ApisBehindGateway) -> None:
    admin = bearer(apis, Role.ADMIN, "110116")
    code = f"110116111{uuid.uuid4().int % 900 + 100}"
    with httpx.Client(base_url=apis.url, timeout=30) as client:
        created = client.post("/api/routing/v1/admin/places", headers=admin, json={
            "code": code, "name": "新村", "parent_code": "110116111", "distance_km": "3.5"})
        assert created.status_code == 201, created.text
        assert created.headers["location"] == f"/api/routing/v1/places/{code}"
        followed = client.get(created.headers["location"], headers=admin)
        assert followed.status_code == 200, followed.text


def test_a_problem_names_the_instance_the_client_called(apis: ApisBehindGateway) -> None:
    agent = bearer(apis, Role.VILLAGE_AGENT, VILLAGE)
    path = "/api/intake/v1/cases/110116-20990101-000001"
    with httpx.Client(base_url=apis.url, timeout=30) as client:
        missing = client.get(path, headers=agent)
    assert missing.status_code == 404
    assert missing.headers["content-type"] == "application/problem+json"
    assert missing.json()["instance"] == path
