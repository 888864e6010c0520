"""The reports refuse what they cannot answer as problem+json naming the field (a month not
begun, not a month, not a town, an unknown format, a CSV's table asked of another format, a
period, week or month beyond the times Python can hold), and answer only within the caller's
jurisdiction: a town sees its own, the county all, and a place beyond reach is not found."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from daiban_audit.handlers import RecordBatch
from daiban_common.envelope import Envelope
from daiban_kernel.roles import Role

from .conftest import AuditApi
from .test_monthly_report_equals_the_events import place_events

PROBLEM = "application/problem+json"
TOWN, OTHER_TOWN = "110116101", "110116102"


@pytest.fixture
async def places(audit_api: AuditApi) -> AuditApi:
    await audit_api.service.commands.record_batch(RecordBatch(
        [Envelope.wrap(e, source="/daiban/test") for e in place_events()]))
    return audit_api


def _future_month() -> str:
    later = datetime.now(UTC) + timedelta(days=40)
    return f"{later.year:04d}-{later.month:02d}"


@pytest.mark.parametrize(("town", "params", "field"), [
    (TOWN, {"month": "future"}, "month"),
    (TOWN, {"month": "2026-13"}, "month"),
    (TOWN, {"month": "november"}, "month"),
    ("110116101001", {"month": "2026-11"}, "town"),
    (TOWN, {"month": "2026-11", "format": "pdf"}, "format"),
    (TOWN, {"month": "2026-11", "part": "stages"}, "part"),
    (TOWN, {"month": "2026-11", "format": "xlsx", "part": "stages"}, "part"),
    (TOWN, {"month": "2026-11", "format": "csv", "part": "everything"}, "part"),
])
async def test_what_no_report_answers_is_a_problem_naming_the_field(
        places: AuditApi, town: str, params: dict[str, str], field: str) -> None:
    if params["month"] == "future":
        params = {**params, "month": _future_month()}
    response = await places.client.get(f"/v1/reports/monthly/{town}", params=params,
                                       headers=places.auth(Role.SUPERVISOR, "110116"))
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == PROBLEM
    assert [e["field"] for e in response.json()["errors"]] == [field]


async def test_a_town_sees_its_own_report_and_not_its_neighbours(places: AuditApi) -> None:
    own = await places.client.get(f"/v1/reports/monthly/{TOWN}", params={"month": "2026-11"},
                                  headers=places.auth(Role.SUPERVISOR, TOWN))
    assert own.status_code == 200
    for place, role, caller in ((OTHER_TOWN, Role.SUPERVISOR, TOWN),
                                (TOWN, Role.VILLAGE_AGENT, "110116101001"),
                                ("110116199", Role.SUPERVISOR, "110116")):
        response = await places.client.get(
            f"/v1/reports/monthly/{place}", params={"month": "2026-11"},
            headers=places.auth(role, caller))
        assert response.status_code == 404, (place, caller)
        assert response.headers["content-type"] == PROBLEM
    savings = await places.client.get(f"/v1/reports/savings/{OTHER_TOWN}",
                                      params={"from": "2026-11-01", "to": "2026-11-30"},
                                      headers=places.auth(Role.SUPERVISOR, TOWN))
    assert savings.status_code == 404


async def test_the_county_sees_every_town(places: AuditApi) -> None:
    for town in (TOWN, OTHER_TOWN):
        response = await places.client.get(
            f"/v1/reports/monthly/{town}", params={"month": "2026-11"},
            headers=places.auth(Role.SUPERVISOR, "110116"))
        assert response.status_code == 200
        assert response.json()["place_code"] == town
    savings = await places.client.get("/v1/reports/savings/110116",
                                      params={"from": "2026-11-01", "to": "2026-11-30"},
                                      headers=places.auth(Role.SUPERVISOR, "110116"))
    assert savings.status_code == 200
    assert savings.json()["total"]["cases"] == 0


FIRST_DAYS = {"from": "0001-01-01", "to": "0001-01-02"}
LAST_DAYS = {"from": "9999-12-30", "to": "9999-12-31"}
PERIOD_ROUTES = ["/v1/reports/stations/110116101001-01", "/v1/reports/agents/110116-0001",
                 "/v1/reports/savings/110116", "/v1/ledger/staff/110116-0001",
                 "/v1/ledger/places/110116", "/v1/ledger/staff/110116-0001/export",
                 "/v1/ledger/places/110116/export"]


@pytest.mark.parametrize(("path", "params", "field"), [
    *((path, FIRST_DAYS, "from") for path in PERIOD_ROUTES),
    *((path, LAST_DAYS, "to") for path in PERIOD_ROUTES),
    ("/v1/reports/weekly/110116", {"week": "9999-W52"}, "week"),
    ("/v1/reports/weekly/110116", {"week": "0001-W01"}, "week"),
    ("/v1/reports/monthly/110116101", {"month": "0001-01"}, "month"),
    ("/v1/reports/ranking/110116", {"month": "0001-01"}, "month"),
    ("/v1/reports/monthly-status/110116", {"month": "0001-01"}, "month"),
])
async def test_days_beyond_what_a_time_can_hold_are_a_problem_naming_the_field(
        places: AuditApi, path: str, params: dict[str, str], field: str) -> None:
    response = await places.client.get(path, params=params, headers=places.auth())
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == PROBLEM
    assert [e["field"] for e in response.json()["errors"]] == [field]


@pytest.mark.parametrize(("path", "params"), [
    *((path, {"from": "0001-01-02", "to": "0001-01-03"}) for path in PERIOD_ROUTES),
    *((path, {"from": "9999-12-29", "to": "9999-12-30"}) for path in PERIOD_ROUTES),
    ("/v1/reports/weekly/110116", {"week": "0001-W02"}),
    ("/v1/reports/monthly/110116101", {"month": "0001-02"}),
    ("/v1/reports/ranking/110116", {"month": "0001-02"}),
    ("/v1/reports/monthly-status/110116", {"month": "0001-02"}),
])
async def test_the_first_and_last_days_a_time_can_hold_are_answered(
        places: AuditApi, path: str, params: dict[str, str]) -> None:
    response = await places.client.get(path, params=params, headers=places.auth())
    assert response.status_code in (200, 404), response.text


@pytest.mark.parametrize(("path", "params"), [
    ("/v1/reports/monthly/110116199", {"month": "2026-11"}),
    ("/v1/reports/weekly/110116199", {"week": "2026-W46"}),
    ("/v1/reports/overview/110116199", {"since": "2026-11-01"}),
])
async def test_a_csvs_table_asked_of_another_format_is_refused_before_the_report_is_made(
        places: AuditApi, path: str, params: dict[str, str]) -> None:
    # the place does not exist: making the report would answer 404
    response = await places.client.get(path, headers=places.auth(),
                                       params={**params, "part": "stages"})
    assert response.status_code == 422, response.text
    assert [e["field"] for e in response.json()["errors"]] == ["part"]
