"""The matter catalogue's HTTP API on the real Postgres: public reads, admin writes, bulk files."""

from __future__ import annotations

import json
from typing import Any

import pytest

from daiban_intake.domain.matter_records import COLUMNS
from daiban_kernel.roles import Role

pytestmark = pytest.mark.integration

PROBLEM_JSON = "application/problem+json"


def body_of(row: dict[str, Any]) -> dict[str, Any]:
    """The create body of a file row: everything but the publication."""
    return {k: v for k, v in row.items() if k != "published"}


def as_file(rows: list[dict[str, Any]]) -> bytes:
    """Rows as a canonical JSON catalogue file."""
    return (json.dumps(rows, ensure_ascii=False, indent=2) + "\n").encode()


async def import_file(api: Any, body: bytes, media: str = "application/json") -> Any:
    return await api.client.post("/v1/admin/matters/import", content=body,
                                 headers={**api.auth(), "Content-Type": media})


async def export_file(api: Any, department: str, fmt: str = "json") -> Any:
    return await api.client.get("/v1/admin/matters/export", headers=api.auth(),
                                params={"department": department, "format": fmt})


async def test_the_published_catalogue_is_readable_without_login(
    api: Any, row: Any, prefix: str, department: str
) -> None:
    rows = [row(f"{prefix}-001", department),
            row(f"{prefix}-002", department, name="首次申领居民身份证", kind="in_person",
                proxy_allowance_days=0, authorization_required=False,
                stage_days={"village": 0, "town": 0, "county": 0, "department": 20}),
            row(f"{prefix}-003", department, published=False)]
    assert (await import_file(api, as_file(rows))).status_code == 200
    one = await api.client.get(f"/v1/public/matters/{prefix}-001")
    assert one.status_code == 200, one.text
    assert [m["name"] for m in one.json()["materials"]] == ["居民身份证", "户口簿"]
    listed = await api.client.get("/v1/public/matters", params={"department": department})
    assert [m["code"] for m in listed.json()["items"]] == [f"{prefix}-001", f"{prefix}-002"]
    searched = await api.client.get("/v1/public/matters",
                                    params={"department": department, "q": "身份证"})
    assert [m["code"] for m in searched.json()["items"]] == [f"{prefix}-002"]
    unpublished = await api.client.get(f"/v1/public/matters/{prefix}-003")
    assert unpublished.status_code == 404
    assert unpublished.headers["content-type"].startswith(PROBLEM_JSON)


async def test_the_in_person_list_is_published_without_login(
    api: Any, row: Any, prefix: str, department: str
) -> None:
    in_person = row(f"{prefix}-001", department, kind="in_person", proxy_allowance_days=0,
                    authorization_required=False,
                    stage_days={"village": 0, "town": 0, "county": 0, "department": 20})
    await import_file(api, as_file([in_person, row(f"{prefix}-002", department)]))
    codes: list[str] = []
    cursor = None
    while True:
        page = (await api.client.get("/v1/public/in-person-matters",
                                     params={"limit": 100, **({"cursor": cursor} if cursor
                                                              else {})})).json()
        codes += [m["code"] for m in page["items"]]
        assert all(m["kind"] == "in_person" for m in page["items"])
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert f"{prefix}-001" in codes
    assert f"{prefix}-002" not in codes


async def test_the_public_list_pages_by_cursor(
    api: Any, row: Any, prefix: str, department: str
) -> None:
    await import_file(api, as_file([row(f"{prefix}-{n:03d}", department) for n in range(1, 6)]))
    seen: list[str] = []
    params: dict[str, Any] = {"department": department, "limit": 2}
    while True:
        page = (await api.client.get("/v1/public/matters", params=params)).json()
        seen += [m["code"] for m in page["items"]]
        if page["next_cursor"] is None:
            break
        params["cursor"] = page["next_cursor"]
    assert seen == [f"{prefix}-{n:03d}" for n in range(1, 6)]


@pytest.mark.parametrize("role", [r for r in Role if r is not Role.ADMIN])
async def test_only_an_admin_may_change_master_data(
    api: Any, row: Any, prefix: str, department: str, role: Role
) -> None:
    code = f"{prefix}-001"
    headers = api.auth(role)
    body = body_of(row(code, department))
    writes = [
        await api.client.post("/v1/admin/matters", json=body, headers=headers),
        await api.client.post(f"/v1/admin/matters/{code}/versions",
                              json={k: v for k, v in body.items() if k != "code"},
                              headers=headers),
        await api.client.post(f"/v1/admin/matters/{code}/publish", headers=headers),
        await api.client.post(f"/v1/admin/matters/{code}/unpublish", headers=headers),
        await api.client.post("/v1/admin/matters/import", content=as_file([row(code, department)]),
                              headers={**headers, "Content-Type": "application/json"}),
        await api.client.get("/v1/admin/matters/export", headers=headers),
    ]
    for response in writes:
        assert response.status_code == 403, response.text
        assert response.headers["content-type"].startswith(PROBLEM_JSON)
    assert (await api.client.get(f"/v1/matters/{code}", headers=api.auth())).status_code == 404
    assert await api.outbox_count(code) == 0


async def test_writes_without_a_token_are_unauthenticated(api: Any, prefix: str) -> None:
    response = await api.client.post(f"/v1/admin/matters/{prefix}-001/publish")
    assert response.status_code == 401
    assert response.headers["content-type"].startswith(PROBLEM_JSON)


async def test_a_bad_file_is_refused_whole_naming_each_row_and_nothing_is_applied(
    api: Any, row: Any, prefix: str, department: str
) -> None:
    good = row(f"{prefix}-001", department)
    rows = [good,
            row(f"{prefix}-002", department,
                stage_days={"village": 2, "town": 3, "county": 2, "department": 10}),
            row(f"{prefix}-001", department, name="重复的代码"),
            row(f"{prefix}-004", department, proxy_allowance_days=6,
                stage_days={"village": 2, "town": 4, "county": 2, "department": 18}),
            row(f"{prefix}-005", department, kind="deliver"),
            row(f"{prefix}-006", department, deciding_tier="province")]
    response = await import_file(api, as_file(rows))
    assert response.status_code == 422
    assert response.headers["content-type"].startswith(PROBLEM_JSON)
    errors = {e["field"]: e["reason"] for e in response.json()["errors"]}
    assert set(errors) == {"rows[2].stage_days", "rows[3].code",
                           "rows[4].proxy_allowance_days", "rows[5].kind",
                           "rows[6].deciding_tier"}
    assert all(reason.strip() for reason in errors.values())
    assert (await export_file(api, department)).content == b"[]\n"
    assert (await api.client.get(f"/v1/public/matters/{prefix}-001")).status_code == 404
    assert await api.outbox_count(f"{prefix}-001") == 0


@pytest.mark.parametrize(("fmt", "media"), [("json", "application/json"), ("csv", "text/csv")])
async def test_import_then_export_gives_the_same_file(
    api: Any, row: Any, prefix: str, department: str, fmt: str, media: str
) -> None:
    rows = [row(f"{prefix}-001", department, department_fee_yuan="12.50"),
            row(f"{prefix}-002", department, deciding_tier="town", limit_working_days=10,
                proxy_allowance_days=2, stage_days={"village": 2, "town": 10},
                timeout_default_stages=["village"], published=False, materials=[]),
            row(f"{prefix}-003", department, deciding_tier="village", kind="accept",
                limit_working_days=5, proxy_allowance_days=0, stage_days={"village": 5},
                authorization_required=False, timeout_default_stages=[])]
    body = as_file(rows)
    if fmt == "csv":
        json_import = await import_file(api, body)
        assert json_import.status_code == 200, json_import.text
        body = (await export_file(api, department, "csv")).content
        assert body.decode().splitlines()[0] == ",".join(COLUMNS)
        department_of_csv = department + "c"
        body = body.replace(department.encode(), department_of_csv.encode()).replace(
            prefix.encode(), (prefix + "C").encode())
        department = department_of_csv
    imported = await import_file(api, body, media)
    assert imported.status_code == 200, imported.text
    assert imported.json()["created"] == 3
    exported = await export_file(api, department, fmt)
    assert exported.status_code == 200
    assert exported.headers["content-type"].startswith(media)
    assert exported.content == body


async def test_reimporting_an_unchanged_file_writes_no_version_and_publishes_nothing(
    api: Any, row: Any, prefix: str, department: str
) -> None:
    body = as_file([row(f"{prefix}-001", department), row(f"{prefix}-002", department,
                                                          published=False)])
    first = (await import_file(api, body)).json()
    assert (first["created"], first["published"]) == (2, 1)
    events = [await api.outbox_count(f"{prefix}-001"), await api.outbox_count(f"{prefix}-002")]
    assert events == [2, 1]
    again = (await import_file(api, body)).json()
    assert again == {"rows": 2, "created": 0, "new_versions": 0, "published": 0,
                     "unpublished": 0, "unchanged": 2}
    assert [await api.outbox_count(f"{prefix}-001"),
            await api.outbox_count(f"{prefix}-002")] == events
    current = await api.client.get(f"/v1/matters/{prefix}-001", headers=api.auth())
    assert current.json()["version"] == 1


async def test_a_change_writes_a_new_version_and_the_old_one_stays_readable_unchanged(
    api: Any, row: Any, prefix: str, department: str
) -> None:
    code = f"{prefix}-001"
    body = body_of(row(code, department))
    created = await api.client.post("/v1/admin/matters", json=body, headers=api.auth())
    assert created.status_code == 201, created.text
    assert created.headers["location"] == f"/v1/matters/{code}/versions/1"
    await api.client.post(f"/v1/admin/matters/{code}/publish", headers=api.auth())
    old = (await api.client.get(f"/v1/matters/{code}/versions/1", headers=api.auth())).json()
    terms = {k: v for k, v in body.items() if k != "code"}
    changed = await api.client.post(f"/v1/admin/matters/{code}/versions",
                                    json={**terms, "name": "最低生活保障审批"},
                                    headers=api.auth())
    assert changed.status_code == 201, changed.text
    assert (changed.json()["version"], changed.json()["published"]) == (2, True)
    again = await api.client.get(f"/v1/matters/{code}/versions/1",
                                 headers=api.auth(Role.VILLAGE_AGENT, "110116104201"))
    assert again.status_code == 200
    assert {**again.json(), "published": True} == old
    assert again.json()["name"] == "最低生活保障申请"
    public = (await api.client.get(f"/v1/public/matters/{code}")).json()
    assert (public["version"], public["name"]) == (2, "最低生活保障审批")
    same = await api.client.post(f"/v1/admin/matters/{code}/versions",
                                 json={**terms, "name": "最低生活保障审批"},
                                 headers=api.auth())
    assert (same.status_code, same.json()["version"]) == (200, 2)


async def test_a_matter_breaking_a_rule_is_refused_naming_the_rule(
    api: Any, row: Any, prefix: str, department: str
) -> None:
    body = body_of(row(f"{prefix}-001", department, deciding_tier="town"))
    response = await api.client.post("/v1/admin/matters", json=body, headers=api.auth())
    assert response.status_code == 422
    problem = response.json()
    assert problem["type"] == "urn:daiban:problem:stages-off-the-path"
    assert [e["field"] for e in problem["errors"]] == ["stage_days"]


async def test_publication_state_conflicts_are_409(
    api: Any, row: Any, prefix: str, department: str
) -> None:
    code = f"{prefix}-001"
    await api.client.post("/v1/admin/matters", json=body_of(row(code, department)),
                          headers=api.auth())
    unpublish = await api.client.post(f"/v1/admin/matters/{code}/unpublish", headers=api.auth())
    assert (unpublish.status_code, unpublish.json()["type"]) == (
        409, "urn:daiban:problem:matter-not-published")
    twice = await api.client.post("/v1/admin/matters", json=body_of(row(code, department)),
                                  headers=api.auth())
    assert twice.status_code == 409


async def test_a_file_neither_csv_nor_json_is_unsupported(api: Any) -> None:
    response = await import_file(api, b"<matters/>", "application/xml")
    assert response.status_code == 415
    assert response.headers["content-type"].startswith(PROBLEM_JSON)
