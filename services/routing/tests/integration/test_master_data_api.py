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
