"""A matter change while a case is open does not change that case's materials or limits."""

from __future__ import annotations

from typing import Any

from daiban_kernel.roles import Role

VILLAGE = "110116111201"


def terms_of(row: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in row.items() if k not in ("code", "published")}


async def test_an_open_case_keeps_the_materials_and_limits_of_its_version(
    api: Any, row: Any, prefix: str, department: str
) -> None:
    code = f"{prefix}-001"
    first = row(code, department)
    created = await api.client.post("/v1/admin/matters",
                                    json={k: v for k, v in first.items() if k != "published"},
                                    headers=api.auth())
    assert created.status_code == 201, created.text
    await api.client.post(f"/v1/admin/matters/{code}/publish", headers=api.auth())
    agent = api.auth(Role.VILLAGE_AGENT, VILLAGE)
    opened = await api.client.post("/v1/cases", headers=agent, json={
        "matter_code": code, "village_code": VILLAGE, "channel": "station",
        "applicant": {"name": "李林珍", "id_number": "11010519491231002X",
                      "phone": "13800138000"}})
    assert opened.status_code == 201, opened.text
    number = opened.json()["number"]

    changed = await api.client.post(f"/v1/admin/matters/{code}/versions", headers=api.auth(),
                                    json={**terms_of(first), "limit_working_days": 10,
                                          "stage_days": {"village": 2, "town": 3, "county": 2,
                                                         "department": 8},
                                          "materials": [{"name": "申请表", "form": "original",
                                                         "count": 2, "mandatory": True}]})
    assert changed.status_code == 201, changed.text
    assert changed.json()["version"] == 2

    case = (await api.client.get(f"/v1/cases/{number}", headers=agent)).json()
    assert case["matter"]["version"] == 1
    assert case["matter"]["limit_working_days"] == 20
    assert case["matter"]["stage_days"]["department"] == 18
    assert [m["name"] for m in case["matter"]["materials"]] == ["居民身份证", "户口簿"]

    later = await api.client.post("/v1/cases", headers=agent, json={
        "matter_code": code, "village_code": VILLAGE,
        "applicant": {"name": "王", "id_number": "11010519491231002X",
                      "phone": "13800138000"}})
    assert later.json()["matter"]["version"] == 2
    assert [m["name"] for m in later.json()["matter"]["materials"]] == ["申请表"]


async def test_an_in_person_matter_is_refused_saying_why(api: Any, row: Any, prefix: str,
                                                         department: str) -> None:
    code = f"{prefix}-002"
    in_person = row(code, department, kind="in_person", proxy_allowance_days=0,
                    authorization_required=False, timeout_default_stages=[],
                    stage_days={"village": 0, "town": 0, "county": 0, "department": 20})
    created = await api.client.post(
        "/v1/admin/matters", json={k: v for k, v in in_person.items() if k != "published"},
        headers=api.auth())
    assert created.status_code == 201, created.text
    await api.client.post(f"/v1/admin/matters/{code}/publish", headers=api.auth())
    refused = await api.client.post("/v1/cases", headers=api.auth(Role.VILLAGE_AGENT, VILLAGE),
                                    json={"matter_code": code, "village_code": VILLAGE,
                                          "applicant": {"name": "王",
                                                        "id_number": "11010519491231002X",
                                                        "phone": "13800138000"}})
    assert refused.status_code == 422
    problem = refused.json()
    assert problem["type"].endswith("matter-cannot-be-proxied")
    assert problem["errors"][0]["field"] == "matter_code"
    assert "本人办理" in problem["errors"][0]["reason"]
