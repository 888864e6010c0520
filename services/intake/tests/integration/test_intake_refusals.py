"""Retries create nothing new; bad input and a case elsewhere get a precise 4xx problem."""

from __future__ import annotations

import secrets
import uuid
from decimal import Decimal
from typing import Any

import httpx
import pytest
from asgi_lifespan import LifespanManager

from daiban_common.auth import issue_dev_token
from daiban_common.envelope import Envelope
from daiban_intake.app import create_app
from daiban_intake.settings import IntakeSettings
from daiban_kernel.contracts.place import (
    PlaceDeactivatedV1,
    PlaceSnapshot,
    PlaceUpdatedV1,
)
from daiban_kernel.events import EventData
from daiban_kernel.places import PlaceTier
from daiban_kernel.roles import Role

VILLAGE = "110116111201"
NEIGHBOUR = "110116111202"
RESIDENT = {"name": "李林珍", "id_number": "11010519491231002X", "phone": "13800138000"}
PROBLEM = "application/problem+json"


def routed(event: EventData) -> Envelope:
    return Envelope.wrap(event, source="/daiban/routing")


def problem(response: Any, status: int, slug: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM
    body = dict(response.json())
    assert body["type"] == f"urn:daiban:problem:{slug}", body
    return body


@pytest.fixture
def agent(api: Any) -> dict[str, str]:
    return dict(api.auth(Role.VILLAGE_AGENT, VILLAGE, subject=f"agent-{uuid.uuid4().hex[:8]}"))


async def test_retrying_a_submission_with_the_same_key_creates_nothing_new(
    api: Any, desk: Any, agent: dict[str, str],
) -> None:
    key = f"open-{uuid.uuid4().hex}"
    first = await desk.open(agent, matter="MZ-004", village=VILLAGE, applicant=RESIDENT, key=key)
    again = await desk.open(agent, matter="MZ-004", village=VILLAGE, applicant=RESIDENT, key=key)
    assert first.status_code == again.status_code == 201, again.text
    assert first.json()["number"] == again.json()["number"]
    assert await api.outbox_types(first.json()["number"]) == ["case.submitted"]
    other = await desk.open(agent, matter="MZ-001", village=VILLAGE, applicant=RESIDENT, key=key)
    assert problem(other, 422, "invalid-input")["errors"][0]["field"] == "Idempotency-Key"


async def test_retrying_an_upload_or_a_review_with_the_same_key_creates_nothing_new(
    api: Any, desk: Any, agent: dict[str, str],
) -> None:
    number = (await desk.open(agent, matter="MZ-004", village=VILLAGE,
                              applicant=RESIDENT)).json()["number"]
    key = f"scan-{uuid.uuid4().hex}"
    one = await desk.scan(agent, number, b"\x89PNG\r\n\x1a\n" + bytes(10),
                          content_type="image/png", item=1, key=key)
    two = await desk.scan(agent, number, b"\x89PNG\r\n\x1a\n" + bytes(10),
                          content_type="image/png", item=1, key=key)
    assert one.json()["id"] == two.json()["id"]
    case = (await api.client.get(f"/v1/cases/{number}", headers=agent)).json()
    assert case["checklist"][0]["attachments"] == [one.json()["id"]]
    review_key = {"Idempotency-Key": f"review-{uuid.uuid4().hex}"}
    for _ in range(2):
        reviewed = await api.client.post(f"/v1/cases/{number}/review", json={},
                                         headers={**agent, **review_key})
        assert reviewed.status_code == 200, reviewed.text
    assert len(reviewed.json()["notices"]) == 1
    assert await api.outbox_types(number) == ["case.submitted", "case.incomplete"]


async def test_an_invalid_id_number_is_refused_naming_the_field(desk: Any,
                                                                agent: dict[str, str]) -> None:
    wrong = {**RESIDENT, "id_number": "110105194912310021"}
    body = problem(await desk.open(agent, matter="MZ-004", village=VILLAGE, applicant=wrong),
                   422, "invalid-input")
    assert body["errors"][0]["field"] == "applicant.id_number"
    assert "check digit" in body["errors"][0]["reason"]
    assert "110105194912310021" not in str(body)


async def test_an_unknown_matter_is_refused_naming_the_field(desk: Any,
                                                             agent: dict[str, str]) -> None:
    body = problem(await desk.open(agent, matter="XX-404", village=VILLAGE, applicant=RESIDENT),
                   422, "unknown-matter")
    assert body["errors"] == [{"field": "matter_code",
                               "reason": "no published matter has the code XX-404"}]


async def test_a_scan_of_the_wrong_type_or_size_is_refused(api: Any, desk: Any,
                                                           agent: dict[str, str]) -> None:
    number = (await desk.open(agent, matter="MZ-004", village=VILLAGE,
                              applicant=RESIDENT)).json()["number"]
    word = b"PK\x03\x04" + bytes(100)
    problem(await desk.scan(agent, number, word, content_type="image/jpeg", item=1), 415,
            "unsupported-attachment-type")
    problem(await desk.scan(agent, number, b"%PDF-1.4\n" + bytes(10), content_type="image/png",
                            item=1), 415, "attachment-type-mismatch")
    big = b"\xff\xd8\xff" + bytes(api.settings.attachment_max_bytes)
    body = problem(await desk.scan(agent, number, big, content_type="image/jpeg", item=1), 413,
                   "attachment-too-large")
    assert body["limit"] == api.settings.attachment_max_bytes
    huge = b"\xff\xd8\xff" + bytes(max(api.settings.max_body_bytes, 2 * 1024 * 1024))
    problem(await desk.scan(agent, number, huge, content_type="image/jpeg"), 413,
            "payload-too-large")
    problem(await desk.scan(agent, number, b"", content_type="image/jpeg"), 422,
            "empty-attachment")
    problem(await desk.scan(agent, number, b"\xff\xd8\xff" + bytes(10),
                            content_type="image/jpeg", item=99), 422,
            "material-not-on-checklist")
    case = (await api.client.get(f"/v1/cases/{number}", headers=agent)).json()
    assert all(i["attachments"] == [] for i in case["checklist"])


async def test_a_case_outside_the_callers_station_is_refused(api: Any, desk: Any,
                                                             agent: dict[str, str]) -> None:
    problem(await desk.open(agent, matter="MZ-004", village=NEIGHBOUR, applicant=RESIDENT),
            403, "forbidden")
    number = (await desk.open(agent, matter="MZ-004", village=VILLAGE,
                              applicant=RESIDENT)).json()["number"]
    neighbour = api.auth(Role.VILLAGE_AGENT, NEIGHBOUR)
    problem(await api.client.get(f"/v1/cases/{number}", headers=neighbour), 404,
            "case-not-found")
    problem(await desk.post(neighbour, f"/v1/cases/{number}/review"), 404, "case-not-found")
    problem(await desk.scan(neighbour, number, b"\xff\xd8\xff", content_type="image/jpeg"),
            404, "case-not-found")
    problem(await api.client.get("/v1/cases", params={"village": VILLAGE}, headers=neighbour),
            403, "forbidden")
    mine = (await api.client.get("/v1/cases", headers=neighbour)).json()["items"]
    assert number not in [c["number"] for c in mine]


async def test_an_illegal_move_is_a_409_naming_the_state(desk: Any,
                                                         agent: dict[str, str]) -> None:
    number = (await desk.open(agent, matter="MZ-004", village=VILLAGE,
                              applicant=RESIDENT)).json()["number"]
    await desk.post(agent, f"/v1/cases/{number}/review")
    body = problem(await desk.post(agent, f"/v1/cases/{number}/review"), 409,
                   "case-not-awaiting-review")
    assert body["case_status"] == "incomplete"
    withdrawn = await desk.post(agent, f"/v1/cases/{number}/withdraw", {"reason": "不想办了"})
    assert withdrawn.json()["status"] == "withdrawn"
    problem(await desk.post(agent, f"/v1/cases/{number}/supplement"), 409,
            "nothing-to-supplement")
    problem(await desk.post(agent, f"/v1/cases/{number}/withdraw", {"reason": "再撤"}), 409,
            "withdrawal-after-decision")
    problem(await desk.post(agent, f"/v1/cases/{number}/rating", {"stars": 5}), 409,
            "result-not-delivered")


async def test_a_query_parameter_a_list_does_not_take_is_a_422_naming_it(
    api: Any, agent: dict[str, str],
) -> None:
    for path, headers in (("/v1/cases", agent), ("/v1/complaints", agent),
                          ("/v1/public/matters", {}), ("/v1/public/in-person-matters", {})):
        refused = await api.client.get(path, params={"ownr": "me", "limit": 5},
                                       headers=headers)
        body = problem(refused, 422, "invalid-input")
        assert [e["field"] for e in body["errors"]] == ["ownr"], path
        assert "limit" in body["errors"][0]["reason"]
    assert (await api.client.get("/v1/cases", params={"limit": 5}, headers=agent)
            ).status_code == 200


async def test_the_case_list_has_the_callers_own_cases_with_owner_me(
    api: Any, desk: Any, agent: dict[str, str],
) -> None:
    partner = dict(api.auth(Role.VILLAGE_AGENT, VILLAGE, subject=f"agent-{uuid.uuid4().hex[:8]}"))
    mine = (await desk.open(agent, matter="MZ-004", village=VILLAGE,
                            applicant=RESIDENT)).json()["number"]
    theirs = (await desk.open(partner, matter="MZ-004", village=VILLAGE,
                              applicant=RESIDENT)).json()["number"]
    own = await api.client.get("/v1/cases", params={"owner": "me", "village": VILLAGE},
                               headers=agent)
    assert own.status_code == 200, own.text
    assert [c["number"] for c in own.json()["items"]] == [mine]
    taken = await desk.post(agent, f"/v1/cases/{theirs}/take-over")
    assert taken.status_code == 200, taken.text
    own = await api.client.get("/v1/cases", params={"owner": "me"}, headers=agent)
    assert [c["number"] for c in own.json()["items"]] == [theirs, mine]
    assert (await api.client.get("/v1/cases", params={"owner": "me"}, headers=partner)
            ).json()["items"] == []


async def test_a_case_for_a_village_intake_never_heard_of_is_a_422_naming_village_code(
    api: Any, desk: Any,
) -> None:
    county_agent = dict(api.auth(Role.TOWN_CLERK, "110116108"))
    for village in ("110116108299", "110116108000"):
        refused = await desk.open(county_agent, matter="MZ-004", village=village,
                                  applicant=RESIDENT)
        body = problem(refused, 422, "unknown-village")
        assert [e["field"] for e in body["errors"]] == ["village_code"]
        assert village in body["errors"][0]["reason"]


async def test_a_village_routing_publishes_takes_cases_once_intake_hears_of_it(
    api: Any, desk: Any,
) -> None:
    # 渤海镇's villages are 201-220 in the demo county: a 9xx one is new
    village = "1101161089" + "".join(secrets.choice("0123456789") for _ in range(2))
    clerk = dict(api.auth(Role.TOWN_CLERK, village[:9]))
    problem(await desk.open(clerk, matter="MZ-004", village=village, applicant=RESIDENT), 422,
            "unknown-village")
    await api.know_village(village, "新建村")
    snapshot = PlaceSnapshot(code=village, name="新建村", tier=PlaceTier.VILLAGE,
                             parent_code=village[:9], distance_km=Decimal("1.0"), active=True,
                             version=1)
    consumer = api.consumer()
    opened = await desk.open(clerk, matter="MZ-004", village=village, applicant=RESIDENT)
    assert opened.status_code == 201, opened.text
    closed = snapshot.model_copy(update={"active": False, "version": 2})
    assert await consumer.apply(routed(PlaceDeactivatedV1(snapshot=closed))) == "applied"
    assert await consumer.apply(routed(PlaceUpdatedV1(snapshot=snapshot))) == "applied"
    problem(await desk.open(clerk, matter="MZ-004", village=village, applicant=RESIDENT), 422,
            "unknown-village")


async def test_an_empty_supplement_is_a_409_and_writes_nothing(
    api: Any, desk: Any, agent: dict[str, str],
) -> None:
    number = (await desk.open(agent, matter="MZ-004", village=VILLAGE,
                              applicant=RESIDENT)).json()["number"]
    first = (await desk.post(agent, f"/v1/cases/{number}/review")).json()
    assert first["status"] == "incomplete"
    body = problem(await desk.post(agent, f"/v1/cases/{number}/supplement", {}), 409,
                   "nothing-to-supplement")
    assert "nothing notice 1 asked for" in body["detail"]
    assert body["title"] != "No notice or return is open on the case"
    after = (await api.client.get(f"/v1/cases/{number}", headers=agent)).json()
    assert (after["status"], after["version"], after["notices"]) == (
        "incomplete", first["version"], first["notices"])
    assert await api.outbox_types(number) == ["case.submitted", "case.incomplete"]


async def test_cases_list_by_station_status_and_matter_page_by_cursor(
    api: Any, desk: Any, agent: dict[str, str],
) -> None:
    village = f"1101169{uuid.uuid4().int % 10**5:05d}"
    await api.know_village(village)
    mine = api.auth(Role.VILLAGE_AGENT, village)
    numbers = [(await desk.open(mine, matter=m, village=village, applicant=RESIDENT)
                ).json()["number"] for m in ("MZ-004", "MZ-004", "MZ-003")]
    await desk.post(mine, f"/v1/cases/{numbers[0]}/withdraw", {"reason": "不办了"})
    town = api.auth(Role.TOWN_CLERK, village[:9])
    seen: list[str] = []
    cursor = None
    while True:
        params: dict[str, Any] = {"village": village, "limit": 2}
        if cursor:
            params["cursor"] = cursor
        page = (await api.client.get("/v1/cases", params=params, headers=town)).json()
        seen += [c["number"] for c in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert seen == sorted(numbers, reverse=True)
    by_status = (await api.client.get("/v1/cases", headers=mine, params={
        "status": "withdrawn", "village": village})).json()["items"]
    assert [c["number"] for c in by_status] == [numbers[0]]
    by_matter = (await api.client.get("/v1/cases", headers=mine, params={
        "matter": "MZ-003", "village": village, "opened_from": "2000-01-01"})).json()["items"]
    assert [c["number"] for c in by_matter] == [numbers[2]]
    later = (await api.client.get("/v1/cases", headers=mine, params={
        "village": village, "opened_to": "2000-01-01"})).json()["items"]
    assert later == []


async def test_only_the_scan_upload_may_send_a_body_past_the_services_body_limit(
    env: dict[str, str],
) -> None:
    settings = IntakeSettings.model_validate(
        {**env, "max_body_bytes": 4096, "attachment_max_bytes": 65536})
    app = create_app(settings)
    token = issue_dev_token(settings, role=Role.VILLAGE_AGENT, place=VILLAGE)
    agent = {"Authorization": f"Bearer {token}"}
    async with LifespanManager(app), httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://intake") as client:
        opened = await client.post("/v1/cases", headers=agent, json={
            "matter_code": "MZ-004", "village_code": VILLAGE, "applicant": RESIDENT})
        number = opened.json()["number"]
        scan = await client.post(f"/v1/cases/{number}/attachments", params={"item": 1},
                                 content=b"\xff\xd8\xff" + bytes(20_000),
                                 headers={**agent, "Content-Type": "image/jpeg"})
        assert scan.status_code == 201, scan.text
        padded = {"matter_code": "MZ-004", "village_code": VILLAGE, "applicant": RESIDENT,
                  "pad": "x" * 5000}
        problem(await client.post("/v1/cases", headers=agent, json=padded), 413,
                "payload-too-large")
        problem(await client.put(f"/v1/cases/{number}/materials/1", headers=agent,
                                 json={"state": "provided", "note": "x" * 5000}), 413,
                "payload-too-large")
