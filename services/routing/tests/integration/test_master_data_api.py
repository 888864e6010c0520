"""The admin API of master data against Postgres: round trips, refusals, roles, reads."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from daiban_kernel.roles import Role

pytestmark = pytest.mark.integration

CSV = {"Content-Type": "text/csv"}
JSON = {"Content-Type": "application/json"}
NOUNS = ("places", "departments", "stations", "staff")


async def load(client: Any, admin: dict[str, str], files: dict[str, bytes]) -> None:
    for noun in NOUNS:
        response = await client.post(f"/v1/admin/{noun}/import", content=files[noun],
                                     headers={**admin, **CSV})
        assert response.status_code == 200, response.text


async def test_import_then_export_gives_the_same_file(
    client: Any, county: str, token: Any, county_files: Any
) -> None:
    admin = token(Role.ADMIN, county)
    files = county_files(county)
    await load(client, admin, files)
    for noun in NOUNS:
        exported = await client.get(f"/v1/admin/{noun}/export", params={"format": "csv"},
                                    headers=admin)
        assert exported.status_code == 200
        assert exported.headers["content-type"] == "text/csv; charset=utf-8"
        assert exported.content == files[noun], noun


async def test_a_json_export_imports_back_unchanged_and_exports_identically(
    client: Any, county: str, token: Any, county_files: Any,
    outbox_count: Callable[[str], Awaitable[int]],
) -> None:
    admin = token(Role.ADMIN, county)
    await load(client, admin, county_files(county))
    events = await outbox_count(county)
    for noun in NOUNS:
        body = (await client.get(f"/v1/admin/{noun}/export?format=json", headers=admin)).content
        summary = (await client.post(f"/v1/admin/{noun}/import", content=body,
                                     headers={**admin, **JSON})).json()
        assert summary["unchanged"] == summary["rows"] > 0
        again = await client.get(f"/v1/admin/{noun}/export?format=json", headers=admin)
        assert again.content == body
    assert await outbox_count(county) == events == 26


async def test_a_bad_file_is_refused_whole_and_nothing_of_it_is_applied(
    client: Any, county: str, token: Any, county_files: Any,
    outbox_count: Callable[[str], Awaitable[int]],
) -> None:
    admin = token(Role.ADMIN, county)
    files = county_files(county)
    bad = files["places"] + (
        f"{county}109201,新村,{county}109,3.0,true\n"
        f"{county}107201,重名村,{county}107,2.0,true\n"
        f"{county}107,镇,{county},5.0\n").encode()
    response = await client.post("/v1/admin/places/import", content=bad,
                                 headers={**admin, **CSV})
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert problem["type"] == "urn:daiban:problem:records-refused"
    assert [e["field"] for e in problem["errors"]] == [
        "rows[10]", "rows[9].code", "rows[8].parent_code"]
    exported = await client.get("/v1/admin/places/export", headers=admin)
    assert exported.content == b"code,name,parent_code,distance_km,active\n"
    assert await outbox_count(county) == 0


async def test_a_staff_file_with_a_partner_at_another_station_is_refused(
    client: Any, county: str, token: Any, county_files: Any,
    outbox_count: Callable[[str], Awaitable[int]],
) -> None:
    admin = token(Role.ADMIN, county)
    files = county_files(county)
    await load(client, admin, {**files, "staff": files["staff"].splitlines(True)[0]})
    before = await outbox_count(county)
    moved = files["staff"].replace(f"online_agent,{county}107202-01".encode(),
                                   f"online_agent,{county}107201-01".encode())
    response = await client.post("/v1/admin/staff/import", content=moved,
                                 headers={**admin, **CSV})
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == [
        "rows[7].partner_id", "rows[8].partner_id"]
    assert (await client.get(f"/v1/stations/{county}107202-01/staff", headers=admin)).json() == []
    assert await outbox_count(county) == before


@pytest.mark.parametrize("role", [Role.VILLAGE_AGENT, Role.TOWN_CLERK, Role.SUPERVISOR])
async def test_non_admins_cannot_change_master_data(
    client: Any, county: str, token: Any, county_files: Any, role: Role
) -> None:
    place = {Role.VILLAGE_AGENT: f"{county}101201", Role.TOWN_CLERK: f"{county}101"}
    caller = token(role, place.get(role, county))  # a place of the role's tier
    attempts = [
        client.post("/v1/admin/places/import", content=county_files(county)["places"],
                    headers={**caller, **CSV}),
        client.post("/v1/admin/places", json={"code": county, "name": "区"}, headers=caller),
        client.patch(f"/v1/admin/places/{county}", json={"name": "区"}, headers=caller),
        client.post(f"/v1/admin/staff/{county}-0001/deactivate", headers=caller),
        client.get("/v1/admin/staff/export", headers=caller),
    ]
    for attempt in attempts:
        response = await attempt
        assert response.status_code == 403, response.text
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json()["type"] == "urn:daiban:problem:forbidden"


async def test_an_import_that_is_neither_csv_nor_json_is_unsupported(
    client: Any, county: str, token: Any
) -> None:
    response = await client.post("/v1/admin/places/import", content=b"<xml/>",
                                 headers={**token(Role.ADMIN, county),
                                          "Content-Type": "application/xml"})
    assert response.status_code == 415
    assert response.headers["content-type"] == "application/problem+json"


async def test_an_admin_creates_changes_and_deactivates_a_place(
    client: Any, county: str, token: Any, county_files: Any
) -> None:
    admin = token(Role.ADMIN, county)
    await load(client, admin, county_files(county))
    body = {"code": f"{county}107203", "name": "新地村", "parent_code": f"{county}107",
            "distance_km": "7.5"}
    key = {"Idempotency-Key": f"create-{county}-1"}
    created = await client.post("/v1/admin/places", json=body, headers={**admin, **key})
    retried = await client.post("/v1/admin/places", json=body, headers={**admin, **key})
    assert (created.status_code, retried.status_code) == (201, 201)
    assert created.headers["Location"] == f"/v1/places/{county}107203"
    assert retried.json() == created.json()
    again = await client.post("/v1/admin/places", json=body, headers=admin)
    assert again.status_code == 409
    changed = await client.patch(f"/v1/admin/places/{county}107203", json={"distance_km": 8},
                                 headers=admin)
    assert (changed.json()["distance_km"], changed.json()["version"]) == (8.0, 2)
    closed = await client.post(f"/v1/admin/places/{county}107203/deactivate", headers=admin)
    assert (closed.json()["active"], closed.json()["version"]) == (False, 3)
    refused = await client.post(f"/v1/admin/places/{county}107/deactivate", headers=admin)
    assert refused.status_code == 422


async def test_an_admin_pairs_partners_and_sets_duty(
    client: Any, county: str, token: Any, county_files: Any
) -> None:
    admin = token(Role.ADMIN, county)
    await load(client, admin, county_files(county))
    newcomer = {"staff_id": f"{county}-0100", "name": "马春生", "phone": "13800000100",
                "role": "village_agent", "station_code": f"{county}107202-01",
                "skills": ["RS", "MZ"]}
    assert (await client.post("/v1/admin/staff", json=newcomer, headers=admin)).status_code == 201
    paired = await client.put(f"/v1/admin/staff/{county}-0100/partner",
                              json={"partner_id": f"{county}-0006"}, headers=admin)
    assert {m["staff_id"]: m["partner_id"] for m in paired.json()} == {
        f"{county}-0100": f"{county}-0006", f"{county}-0006": f"{county}-0100",
        f"{county}-0007": None}
    duty = await client.put(f"/v1/admin/staff/{county}-0100/duty", json={"duty": "absent"},
                            headers=admin)
    assert duty.json()["duty"] == "absent"


async def test_a_distance_is_the_same_number_in_the_place_read_and_the_json_export(
    client: Any, county: str, token: Any, county_files: Any
) -> None:
    admin = token(Role.ADMIN, county)
    await load(client, admin, county_files(county))
    read = (await client.get(f"/v1/places/{county}107", headers=admin)).json()["place"]
    exported = (await client.get("/v1/admin/places/export", params={"format": "json"},
                                 headers=admin)).json()
    town = next(row for row in exported if row["code"] == f"{county}107")
    assert read["distance_km"] == town["distance_km"] == 68.0
    assert isinstance(read["distance_km"], float)


async def test_staff_read_their_place_and_below(
    client: Any, county: str, token: Any, county_files: Any
) -> None:
    await load(client, token(Role.ADMIN, county), county_files(county))
    clerk = token(Role.TOWN_CLERK, f"{county}107")
    town = await client.get(f"/v1/places/{county}107", headers=clerk)
    assert [c["name"] for c in town.json()["children"]] == ["汤河口村", "二号沟门村"]
    assert [c["distance_km"] for c in town.json()["children"]] == [2.0, 20.0]
    assert (await client.get(f"/v1/places/{county}", headers=clerk)).status_code == 404
    first = (await client.get("/v1/places", params={"limit": 1}, headers=clerk)).json()
    rest = (await client.get("/v1/places", params={"cursor": first["next_cursor"]},
                             headers=clerk)).json()
    assert [p["code"] for p in first["items"] + rest["items"]] == [f"{county}107201",
                                                                 f"{county}107202"]
    stations = (await client.get("/v1/stations", headers=clerk)).json()["items"]
    assert [(s["code"], s["kind"]) for s in stations] == [
        (f"{county}107-01", "service_centre"), (f"{county}107201-01", "service_room"),
        (f"{county}107202-01", "service_room")]
    staff = await client.get(f"/v1/stations/{county}107202-01/staff", headers=clerk)
    assert [m["phone"] for m in staff.json()] == ["13800000006", "13800000007", "13800000008"]
    assert (await client.get("/v1/places", headers={})).status_code == 401


async def test_the_public_board_shows_a_stations_agents_without_login_or_phone(
    client: Any, county: str, token: Any, county_files: Any
) -> None:
    await load(client, token(Role.ADMIN, county), county_files(county))
    response = await client.get(f"/v1/public/stations/{county}107202-01/agents")
    assert response.status_code == 200
    assert response.json() == [{"name": "于国云", "role": "village_agent"},
                               {"name": "陈海燕", "role": "online_agent"}]
    assert (await client.get(f"/v1/public/stations/{county}109201-01/agents")).status_code == 404


async def test_a_stations_notice_board_names_it_its_town_and_phones_and_masks_the_agents(
    client: Any, county: str, token: Any, county_files: Any
) -> None:
    await load(client, token(Role.ADMIN, county), county_files(county))
    response = await client.get(f"/v1/public/stations/{county}107202-01")
    assert response.status_code == 200, response.text
    assert response.json() == {
        "code": f"{county}107202-01", "name": "二号沟门村便民服务室",
        "place_code": f"{county}107202", "place_name": "二号沟门村",
        "town_code": f"{county}107", "town_name": "汤河口镇",
        "phone": None, "supervision_phone": "010-69641107",
        "agents": [{"name": "于国云", "role": "village_agent", "phone": "138****0006"},
                   {"name": "陈海燕", "role": "online_agent", "phone": "138****0007"}]}
    assert "13800000006" not in response.text


async def test_a_county_stations_notice_board_has_no_town(
    client: Any, county: str, token: Any, county_files: Any
) -> None:
    await load(client, token(Role.ADMIN, county), county_files(county))
    body = (await client.get(f"/v1/public/stations/{county}-01")).json()
    assert (body["place_name"], body["town_code"], body["town_name"]) == ("示范区", None, None)
    assert (body["phone"], body["supervision_phone"]) == ("010-69644000", "12388")
    assert [a["phone"] for a in body["agents"]] == ["138****0002", "138****0003"]


async def test_the_notice_board_of_a_closed_or_unknown_station_is_a_404_problem(
    client: Any, county: str, token: Any, county_files: Any
) -> None:
    admin = token(Role.ADMIN, county)
    await load(client, admin, county_files(county))
    for code in (f"{county}109201-01", f"{county}107201-01"):  # unknown; no active staff left
        if code.endswith("107201-01"):
            closed = await client.post(f"/v1/admin/stations/{code}/deactivate", headers=admin)
            assert closed.status_code == 200, closed.text
        response = await client.get(f"/v1/public/stations/{code}")
        assert response.status_code == 404
        assert response.headers["content-type"] == "application/problem+json"
        assert code in response.json()["detail"]


async def test_an_admin_states_and_changes_a_stations_supervision_phone(
    client: Any, county: str, token: Any, county_files: Any
) -> None:
    admin = token(Role.ADMIN, county)
    await load(client, admin, county_files(county))
    body = {"code": f"{county}001001-02", "place_code": f"{county}001001", "name": "第二服务室",
            "phone": "010-69641234", "supervision_phone": "12388"}
    created = await client.post("/v1/admin/stations", json=body, headers=admin)
    assert created.status_code == 201, created.text
    assert created.json()["supervision_phone"] == "12388"
    changed = await client.patch(f"/v1/admin/stations/{county}001001-02",
                                 json={"supervision_phone": "010-69641001"}, headers=admin)
    assert (changed.json()["supervision_phone"], changed.json()["phone"],
            changed.json()["version"]) == ("010-69641001", "010-69641234", 2)
    cleared = await client.patch(f"/v1/admin/stations/{county}001001-02",
                                 json={"supervision_phone": None}, headers=admin)
    assert cleared.json()["supervision_phone"] is None


@pytest.mark.parametrize("phone", ["纪委", "69641001", "010 69641001", "1234"])
async def test_a_supervision_phone_that_is_not_a_phone_is_a_422_naming_it(
    client: Any, county: str, token: Any, county_files: Any, phone: str
) -> None:
    admin = token(Role.ADMIN, county)
    await load(client, admin, county_files(county))
    created = await client.post("/v1/admin/stations", headers=admin, json={
        "code": f"{county}001001-02", "place_code": f"{county}001001", "name": "第二服务室",
        "supervision_phone": phone})
    changed = await client.patch(f"/v1/admin/stations/{county}001001-01", headers=admin,
                                 json={"supervision_phone": phone})
    for response in (created, changed):
        assert response.status_code == 422, response.text
        assert response.headers["content-type"] == "application/problem+json"
        assert [e["field"] for e in response.json()["errors"]] == ["supervision_phone"]


async def test_the_public_places_under_a_county_are_its_tree_by_name_a_page_at_a_time(
    client: Any, county: str, token: Any, county_files: Any
) -> None:
    await load(client, token(Role.ADMIN, county), county_files(county))
    first = await client.get("/v1/public/places", params={"under": county, "limit": 4})
    assert first.status_code == 200, first.text
    rest = await client.get("/v1/public/places",
                            params={"under": county, "cursor": first.json()["next_cursor"]})
    items = first.json()["items"] + rest.json()["items"]
    assert rest.json()["next_cursor"] is None
    assert [(p["code"], p["name"], p["tier"], p["parent_code"]) for p in items] == [
        (county, "示范区", "county", None),
        (f"{county}001", "城关街道", "town", county),
        (f"{county}001001", "城关社区", "village", f"{county}001"),
        (f"{county}107", "汤河口镇", "town", county),
        (f"{county}107201", "汤河口村", "village", f"{county}107"),
        (f"{county}107202", "二号沟门村", "village", f"{county}107")]
    town = await client.get("/v1/public/places", params={"under": f"{county}107"})
    assert [p["code"] for p in town.json()["items"]] == [
        f"{county}107", f"{county}107201", f"{county}107202"]


@pytest.mark.parametrize(("params", "field"), [
    pytest.param({}, "under", id="no under"),
    pytest.param({"under": "110116111201"}, "under", id="a village"),
    pytest.param({"under": "abc"}, "under", id="letters"),
    pytest.param({"under": "110116", "parent": "110116"}, "parent", id="an unknown parameter"),
    pytest.param({"under": "110116", "cursor": "!!!"}, "cursor", id="a cursor of garbage"),
])
async def test_a_bad_public_places_query_is_a_422_naming_the_parameter(
    client: Any, params: dict[str, str], field: str
) -> None:
    response = await client.get("/v1/public/places", params=params)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert field in [e["field"] for e in response.json()["errors"]]


async def test_the_public_places_under_an_unknown_place_are_a_404_problem(
    client: Any, county: str
) -> None:
    response = await client.get("/v1/public/places", params={"under": county})
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert county in response.json()["detail"]
