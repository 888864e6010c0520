"""The calendar over HTTP against the real Postgres: public answers, and loading a year."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

import chinese_calendar  # type: ignore[import-untyped]  # the package ships no types
import pytest

from daiban_kernel.roles import Role

pytestmark = pytest.mark.integration

PROBLEM_JSON = "application/problem+json"
NOT_LOADED = "urn:daiban:problem:calendar-year-not-loaded"

ARRANGEMENT_2027 = {
    # made up for the tests: the State Council had not published 2027 when they were written
    "holidays": [
        {"date": "2027-01-01", "name": "元旦"}, {"date": "2027-01-02", "name": "元旦"},
        {"date": "2027-01-03", "name": "元旦"},
        *({"date": f"2027-02-{d:02d}", "name": "春节"} for d in range(5, 12)),
    ],
    "working_days": [{"date": "2027-02-13", "name": "春节"}],
}


async def add(api: Any, start: str, days: int) -> Any:
    return await api.client.get("/v1/calendar/add-working-days",
                                params={"from": start, "days": days})


async def between(api: Any, start: str, end: str) -> Any:
    return await api.client.get("/v1/calendar/working-days-between",
                                params={"from": start, "to": end})


def problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM_JSON)
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    return body


async def test_a_year_without_data_is_a_409_problem_until_an_admin_loads_it(sla_api: Any) -> None:
    for response in (await add(sla_api, "2026-12-30", 3),
                     await between(sla_api, "2026-12-30", "2027-01-05"),
                     await sla_api.client.get("/v1/calendar/2027")):
        body = problem(response, 409)
        assert (body["type"], body["year"]) == (NOT_LOADED, 2027)
        assert "2027" in body["detail"]

    put = await sla_api.client.put("/v1/admin/calendar/2027", json=ARRANGEMENT_2027,
                                   headers=sla_api.auth())
    assert put.status_code == 201, put.text
    assert put.headers["location"] == "/v1/calendar/2027"

    assert (await add(sla_api, "2026-12-30", 3)).json() == {"date": "2027-01-05"}
    assert (await add(sla_api, "2027-02-04", 2)).json() == {"date": "2027-02-13"}
    assert (await between(sla_api, "2026-12-30", "2027-01-05")).json() == {"working_days": 3}
    problem(await add(sla_api, "2027-12-30", 3), 409)  # 2028 is not loaded either


async def test_a_loaded_year_lists_its_special_days_and_loading_it_again_changes_nothing(
    sla_api: Any,
) -> None:
    first = await sla_api.client.put("/v1/admin/calendar/2027", json=ARRANGEMENT_2027,
                                     headers=sla_api.auth())
    again = await sla_api.client.put("/v1/admin/calendar/2027", json=ARRANGEMENT_2027,
                                     headers=sla_api.auth())
    assert (first.status_code, again.status_code) == (201, 200)
    year = (await sla_api.client.get("/v1/calendar/2027")).json()
    assert (year["year"], year["source"], year["revision"]) == (2027, "admin", 1)
    assert year["holidays"][0] == {"date": "2027-01-01", "name": "元旦"}
    assert year["working_days"] == [{"date": "2027-02-13", "name": "春节"}]
    years = (await sla_api.client.get("/v1/calendar")).json()["years"]
    assert [y["year"] for y in years] == list(range(2004, 2028))
    assert years[0]["source"] == "chinese_calendar"


async def test_another_replica_answers_from_the_new_year_after_it_is_loaded(
    sla_api: Any, other_replica: Any,
) -> None:
    problem(await add(other_replica, "2026-12-30", 3), 409)
    put = await sla_api.client.put("/v1/admin/calendar/2027", json=ARRANGEMENT_2027,
                                   headers=sla_api.auth())
    assert put.status_code == 201
    assert (await add(other_replica, "2026-12-30", 3)).json() == {"date": "2027-01-05"}


@pytest.mark.parametrize("role", sorted(set(Role) - {Role.ADMIN}))
async def test_only_an_admin_may_load_a_year(sla_api: Any, role: Role) -> None:
    response = await sla_api.client.put("/v1/admin/calendar/2027", json=ARRANGEMENT_2027,
                                        headers=sla_api.auth(role))
    body = problem(response, 403)
    assert role.value in body["detail"]
    problem(await sla_api.client.get("/v1/calendar/2027"), 409)


async def test_loading_a_year_without_a_token_is_a_401_problem(sla_api: Any) -> None:
    problem(await sla_api.client.put("/v1/admin/calendar/2027", json=ARRANGEMENT_2027), 401)


async def test_a_broken_arrangement_is_a_422_naming_each_problem(sla_api: Any) -> None:
    body = {
        "holidays": [{"date": "2027-01-01", "name": "元旦"}, {"date": "2026-12-31", "name": "元旦"},
                     {"date": "2027-02-06", "name": "春节"}],
        "working_days": [{"date": "2027-02-06"}, {"date": "2027-02-08", "name": "春节"}],
    }
    response = await sla_api.client.put("/v1/admin/calendar/2027", json=body,
                                        headers=sla_api.auth())
    errors = {e["field"]: e["reason"] for e in problem(response, 422)["errors"]}
    assert set(errors) == {"holidays.1.date", "working_days.0.date", "working_days.1.date"}
    assert "not in 2027" in errors["holidays.1.date"]
    assert "also listed as a holiday" in errors["working_days.0.date"]
    assert "Saturday or Sunday" in errors["working_days.1.date"]
    problem(await sla_api.client.get("/v1/calendar/2027"), 409)


@pytest.mark.parametrize(("params", "field"), [
    ({"from": "2026-2-3", "days": 1}, "from"),
    ({"from": "0", "days": 1}, "from"),
    ({"from": "2026-02-03T00:00:00", "days": 1}, "from"),
    ({"from": "2026-02-30", "days": 1}, "from"),
    ({"from": "2026-02-03", "days": -1}, "days"),
    ({"from": "2026-02-03", "days": "one"}, "days"),
    ({"from": "2026-02-03", "days": "1_0"}, "days"),
    ({"from": "2026-02-03", "days": "3.0"}, "days"),
    ({"from": "2026-02-03", "days": "٣"}, "days"),
    ({"from": "٢٠٢٦-٠٢-٠٣", "days": 1}, "from"),
    ({"days": 1}, "from"),
])
async def test_a_malformed_query_is_a_422_naming_the_parameter(
    sla_api: Any, params: dict[str, Any], field: str,
) -> None:
    response = await sla_api.client.get("/v1/calendar/add-working-days", params=params)
    assert field in {e["field"] for e in problem(response, 422)["errors"]}


@pytest.mark.parametrize("year", ["1999", "2101", "2_026", "2026.0", "２０２６", "+2026"])
async def test_a_year_outside_2000_to_2100_or_not_in_plain_digits_is_a_422(
    sla_api: Any, year: str,
) -> None:
    response = await sla_api.client.get(f"/v1/calendar/{year}")
    assert "year" in {e["field"] for e in problem(response, 422)["errors"]}


async def test_the_endpoints_agree_with_chinese_calendar_on_a_sample(sla_api: Any) -> None:
    rng = random.Random(20261125)
    first, span = date(2004, 1, 1), (date(2026, 11, 30) - date(2004, 1, 1)).days
    for start in sorted(first + timedelta(days=rng.randrange(span)) for _ in range(60)):
        n = rng.randrange(0, 20)
        expected = start if n == 0 else chinese_calendar.find_workday(n - 1,
                                                                      start + timedelta(days=1))
        assert (await add(sla_api, start.isoformat(), n)).json() == {
            "date": expected.isoformat()}, (start, n)
        end = start + timedelta(days=rng.randrange(1, 40))
        count = len(chinese_calendar.get_workdays(start + timedelta(days=1), end))
        assert (await between(sla_api, start.isoformat(), end.isoformat())).json() == {
            "working_days": count}, (start, end)


@pytest.mark.parametrize(("start", "days", "expected"), [
    ("2026-02-13", 1, "2026-02-14"), ("2026-02-13", 2, "2026-02-24"),
    ("2026-09-30", 3, "2026-10-10"), ("2025-09-30", 1, "2025-10-09"),
    ("2025-12-31", 1, "2026-01-04"),
])
async def test_the_endpoint_counts_make_up_days_and_skips_holidays(
    sla_api: Any, start: str, days: int, expected: str,
) -> None:
    assert (await add(sla_api, start, days)).json() == {"date": expected}


async def test_a_count_backwards_is_negative(sla_api: Any) -> None:
    assert (await between(sla_api, "2026-10-10", "2026-09-30")).json() == {"working_days": -3}
