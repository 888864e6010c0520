"""A case's clocks for staff in its place, and the yellow and red lights under a place for
supervisors and for the public board, over HTTP against the real Postgres."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pytest

from daiban_common.auth import issue_dev_token
from daiban_kernel.china import CHINA
from daiban_kernel.contracts.case import CaseRef, ComplaintFiledV1
from daiban_kernel.contracts.matter import Tier
from daiban_kernel.roles import Role
from daiban_sla import handlers
from daiban_sla.domain.clock import DELIVERED
from tests.support.cases import case_submitted

from .conftest import SlaDb, case_ref

pytestmark = pytest.mark.integration

MONDAY = datetime.combine(date(2026, 3, 2), time(10), CHINA)
LATER = datetime(2026, 3, 20, tzinfo=UTC)
OTHER_VILLAGE = "110116112203"


def auth(api: Any, *, role: Role = Role.SUPERVISOR, place: str = "110116") -> dict[str, str]:
    return {"Authorization": f"Bearer {issue_dev_token(api.settings, role=role, place=place)}"}


async def red_cases(sla_db: SlaDb, n: int, *, village: str = "110116111201",
                    first: int = 1) -> None:
    refs = [case_ref(i, village=village) for i in range(first, first + n)]
    await sla_db.start_clocks(refs, stage=Tier.VILLAGE, budget=1, at=MONDAY)
    await sla_db.sweeper(now=LATER).sweep()


async def submit(sla_db: SlaDb, ref: CaseRef, applicant: str) -> None:
    """Intake's ``case.submitted`` for this case and applicant, handled."""
    async with sla_db.uow_factory() as uow:
        await handlers.track_submitted_case(case_submitted(ref, applicant, MONDAY), uow)
        await uow.commit()


async def test_a_submitted_case_is_answered_before_its_clocks_start(
    sla_db: SlaDb, sla_api: Any,
) -> None:
    ref = case_ref(1)
    await submit(sla_db, ref, "李林珍")
    response = await sla_api.client.get(f"/v1/cases/{ref.case_number}",
                                        headers=auth(sla_api, role=Role.VILLAGE_AGENT,
                                                     place=ref.village_code))
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["number"], body["light"], body["clocks"]) == (ref.case_number, None, [])


async def test_a_cases_clocks_show_their_lights_and_deadlines_in_beijing_time(
    sla_db: SlaDb, sla_api: Any,
) -> None:
    await red_cases(sla_db, 1)
    await sla_db.start_clocks([case_ref(1)], stage=None, budget=13, at=MONDAY)
    response = await sla_api.client.get(f"/v1/cases/{case_ref(1).case_number}/clocks",
                                        headers=auth(sla_api, role=Role.TOWN_CLERK,
                                                     place=case_ref(1).village_code[:9]))
    assert response.status_code == 200, response.text
    body = response.json()
    case, village = body["clocks"]
    assert body["light"] == "red"
    assert (case["stage"], village["stage"]) == (None, "village")
    assert village["deadline"] == "2026-03-03T23:59:59.999000+08:00"
    assert (village["light"], village["escalated_to"]) == ("red", "110116111")
    assert village["breached_at"] is not None
    assert case["budget_working_days"] == 13


async def test_a_case_outside_the_callers_place_is_not_found(
    sla_db: SlaDb, sla_api: Any,
) -> None:
    await red_cases(sla_db, 1)
    number = case_ref(1).case_number
    response = await sla_api.client.get(f"/v1/cases/{number}/clocks",
                                        headers=auth(sla_api, place="110105"))
    assert response.status_code == 404
    assert response.json()["type"] == "urn:daiban:problem:case-not-tracked"


async def test_red_lights_under_a_place_come_in_cursor_pages(
    sla_db: SlaDb, sla_api: Any,
) -> None:
    await red_cases(sla_db, 5)
    await red_cases(sla_db, 2, village=OTHER_VILLAGE, first=6)
    seen: list[str] = []
    cursor = None
    while True:
        params = {"place": "110116111", "light": "red", "limit": 2,
                  **({"cursor": cursor} if cursor else {})}
        response = await sla_api.client.get("/v1/lights", params=params, headers=auth(sla_api))
        assert response.status_code == 200, response.text
        page = response.json()
        seen += [item["clock_id"] for item in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == [f"{case_ref(i).case_number}/village" for i in range(1, 6)]
    everything = await sla_api.client.get("/v1/lights", params={"light": "red"},
                                          headers=auth(sla_api))
    assert len(everything.json()["items"]) == 7
    item = everything.json()["items"][0]
    assert (item["matter_name"], item["light"], item["escalated_to"]) == (
        "残疾人证办理", "red", "110116111")
    yellow = await sla_api.client.get("/v1/lights", params={"light": "yellow"},
                                      headers=auth(sla_api))
    assert yellow.json()["items"] == []


async def test_lights_of_a_place_outside_the_callers_are_forbidden(sla_api: Any) -> None:
    response = await sla_api.client.get("/v1/lights", params={"light": "red", "place": "110105"},
                                        headers=auth(sla_api, place="110116"))
    assert response.status_code == 403
    assert (await sla_api.client.get("/v1/lights", params={"light": "red"})).status_code == 401


async def test_the_public_board_shows_red_cases_without_staff_or_people(
    sla_db: SlaDb, sla_api: Any,
) -> None:
    await red_cases(sla_db, 2)
    response = await sla_api.client.get("/v1/public/lights",
                                        params={"place": "110116111201", "light": "red"})
    assert response.status_code == 200, response.text
    items = response.json()["items"]
    assert [i["case_number"] for i in items] == [case_ref(1).case_number,
                                                 case_ref(2).case_number]
    assert set(items[0]) == {"case_number", "matter_name", "stage", "place_code", "light",
                             "deadline", "provisional"}
    green = await sla_api.client.get("/v1/public/lights",
                                     params={"place": "110116111201", "light": "green"})
    assert green.status_code == 422


async def test_the_public_board_shows_delivered_cases_with_the_applicants_name_masked(
    sla_db: SlaDb, sla_api: Any,
) -> None:
    ref, late = case_ref(1), case_ref(2)
    await submit(sla_db, ref, "王小华")
    now = datetime.now(UTC)
    clocks = await sla_db.start_clocks([ref, late], stage=None, budget=13,
                                       at=now - timedelta(minutes=5))
    async with sla_db.uow_factory() as uow:
        await uow.clocks.save([replace(c, stopped_at=now, stop_reason=DELIVERED,
                                       on_time=c.case == ref) for c in clocks], wake=False)
        await uow.commit()
    response = await sla_api.client.get("/v1/public/results", params={"place": "110116111"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert "小" not in response.text
    assert "110105" not in response.text
    shown = {item["case_number"]: item for item in body["latest"]}
    assert shown[ref.case_number]["applicant"] == "王*华"
    assert shown[ref.case_number]["matter_name"] == "残疾人证办理"
    assert (shown[ref.case_number]["on_time"], shown[late.case_number]["on_time"]) == (True,
                                                                                        False)
    for period in ("today", "this_month"):
        assert body[period] == {"finished": 2, "on_time": 1, "late": 1, "on_time_rate": 0.5}


async def test_the_public_results_name_the_place_they_refuse(sla_api: Any) -> None:
    response = await sla_api.client.get("/v1/public/results", params={"place": "11011"})
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")
    assert "place" in response.text


async def test_a_complaints_clock_is_read_by_staff_of_its_place_only(
    sla_db: SlaDb, sla_api: Any,
) -> None:
    keeping = await sla_db.keeping()
    async with sla_db.uow_factory() as uow:
        await handlers.start_complaint_clock(ComplaintFiledV1(
            complaint_id="api-c1", case_number=case_ref(1).case_number,
            place_code="110116111201", summary="差评（2星）：等候太久", from_rating=True,
            at=MONDAY), uow, budget_days=5, keeping=keeping)
        await uow.commit()
    response = await sla_api.client.get("/v1/complaints/api-c1/clock", headers=auth(sla_api))
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["light"], body["budget_working_days"], body["answered_at"], body["on_time"]) == (
        "red", 5, None, None)  # filed on 2 March, read today
    assert (body["filed_at"], body["deadline"], body["provisional"]) == (
        "2026-03-02T10:00:00+08:00", "2026-03-09T23:59:59.999000+08:00", False)
    assert body["yellow_at"] == "2026-03-07T00:00:00+08:00"
    elsewhere = auth(sla_api, role=Role.VILLAGE_AGENT, place=OTHER_VILLAGE)
    for headers, path in ((elsewhere, "/v1/complaints/api-c1/clock"),
                          (auth(sla_api), "/v1/complaints/api-c404/clock")):
        missing = await sla_api.client.get(path, headers=headers)
        assert missing.status_code == 404, missing.text
        assert missing.json()["type"].endswith("complaint-not-tracked")
