"""Bad paths and queries to the public (no login) endpoints get a 4xx problem+json, never a 500.

The working-day calendar (sla), the published matter catalogue (intake, 公开公示), a station's
agents and notice board and the places by name (routing) and the public lights and results (sla)
are called as residents call them: without a token.
"""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest

from tests.api.conftest import (
    ARABIC_INDIC,
    COUNTY,
    FULLWIDTH,
    Service,
    assert_problem,
)

pytestmark = [pytest.mark.integration, pytest.mark.asyncio(loop_scope="package")]


def _cursor(position: Any) -> str:
    return base64.urlsafe_b64encode(json.dumps(position).encode()).decode()


# --------------------------------------------------------------------------------------------
# The working-day calendar (sla)
# --------------------------------------------------------------------------------------------

START = {"from": "2026-01-05"}
"""A Monday; five working days after it is Monday 12 January 2026."""


@pytest.mark.parametrize(("path", "params", "answer"), [
    pytest.param("/v1/calendar/add-working-days", {**START, "days": "5"},
                 {"date": "2026-01-12"}, id="add-working-days"),
    pytest.param("/v1/calendar/working-days-between", {**START, "to": "2026-01-12"},
                 {"working_days": 5}, id="working-days-between"),
])
async def test_a_well_formed_calendar_question_is_answered(
    services: dict[str, Service], path: str, params: dict[str, str], answer: dict[str, Any],
) -> None:
    response = await services["sla"].client.get(path, params=params)
    assert response.status_code == 200, response.text
    assert response.json() == answer


BAD_DATES: list[Any] = [
    pytest.param("2026-13-01", id="month 13"),
    pytest.param("2026-02-30", id="30 February"),
    pytest.param("20260105", id="no dashes"),
    pytest.param("2026-1-5", id="unpadded"),
    pytest.param("2026-01-05T00:00:00", id="a timestamp"),
    pytest.param("", id="empty"),
    pytest.param("yesterday", id="a word"),
    pytest.param("2026-01-05".translate(FULLWIDTH), id="fullwidth digits"),
    pytest.param("2026-01-05".translate(ARABIC_INDIC), id="Arabic-Indic digits"),
]

BAD_DAYS: list[Any] = [
    pytest.param("-1", id="negative"),
    pytest.param("abc", id="a word"),
    pytest.param("1.5", id="a fraction"),
    pytest.param("5.0", id="a float"),
    pytest.param("1_000", id="an underscore"),
    pytest.param("+5", id="a plus sign"),
    pytest.param("100001", id="over 100000"),
    pytest.param("9" * 30, id="overflowing"),
    pytest.param("", id="empty"),
    pytest.param("5".translate(ARABIC_INDIC), id="an Arabic-Indic digit"),
    pytest.param("5".translate(FULLWIDTH), id="a fullwidth digit"),
]

CALENDAR_QUERIES: list[Any] = [
    *[pytest.param("/v1/calendar/add-working-days", {"from": p.values[0], "days": "5"}, "from",
                   id=f"add-working-days from {p.id}") for p in BAD_DATES],
    *[pytest.param("/v1/calendar/add-working-days", {**START, "days": p.values[0]}, "days",
                   id=f"add-working-days days {p.id}") for p in BAD_DAYS],
    pytest.param("/v1/calendar/add-working-days", {"days": "5"}, "from",
                 id="add-working-days without from"),
    pytest.param("/v1/calendar/add-working-days", START, "days",
                 id="add-working-days without days"),
    pytest.param("/v1/calendar/add-working-days", {"start": "2026-01-05", "days": "5"}, "from",
                 id="add-working-days with the Python name of from"),
    *[pytest.param("/v1/calendar/working-days-between", {**START, "to": p.values[0]}, "to",
                   id=f"working-days-between to {p.id}") for p in BAD_DATES],
    pytest.param("/v1/calendar/working-days-between", {"to": "2026-01-12"}, "from",
                 id="working-days-between without from"),
    pytest.param("/v1/calendar/working-days-between", START, "to",
                 id="working-days-between without to"),
]


@pytest.mark.parametrize(("path", "params", "field"), CALENDAR_QUERIES)
async def test_a_bad_calendar_question_is_a_422_naming_the_parameter(
    services: dict[str, Service], path: str, params: dict[str, str], field: str,
) -> None:
    response = await services["sla"].client.get(path, params=params)
    assert_problem(response, 422, field=field)


@pytest.mark.parametrize("year", [
    pytest.param("abcd", id="letters"),
    pytest.param("1999", id="before 2000"),
    pytest.param("2101", id="after 2100"),
    pytest.param("-2026", id="negative"),
    pytest.param("+2026", id="a plus sign"),
    pytest.param("2026.0", id="a float"),
    pytest.param("2_026", id="an underscore"),
    pytest.param("%202026", id="a leading space"),
    pytest.param("9" * 30, id="overflowing"),
    pytest.param("2026".translate(ARABIC_INDIC), id="Arabic-Indic digits"),
    pytest.param("2026".translate(FULLWIDTH), id="fullwidth digits"),
])
async def test_a_malformed_calendar_year_is_a_422_naming_it(
    services: dict[str, Service], year: str,
) -> None:
    response = await services["sla"].client.get(f"/v1/calendar/{year}")
    assert_problem(response, 422, field="year")


async def test_a_year_whose_calendar_is_loaded_is_answered(services: dict[str, Service]) -> None:
    response = await services["sla"].client.get("/v1/calendar/2026")
    assert response.status_code == 200, response.text
    assert response.json()["year"] == 2026


async def test_a_well_formed_year_that_is_not_loaded_is_a_409_problem_naming_it(
    services: dict[str, Service],
) -> None:
    body = assert_problem(await services["sla"].client.get("/v1/calendar/2099"), 409)
    assert "2099" in body["detail"]


# --------------------------------------------------------------------------------------------
# The matter catalogue (intake): public, and the staff reads of the same codes
# --------------------------------------------------------------------------------------------

BAD_MATTER_CODES: list[Any] = [
    pytest.param("mz-001", id="lowercase"),
    pytest.param("-MZ-001", id="a leading dash"),
    pytest.param("MZ%20001", id="a space"),
    pytest.param("MZ-001%20", id="a trailing space"),
    pytest.param("M" * 65, id="over 64 characters"),
    pytest.param("MZ-00%00", id="a NUL"),
    pytest.param("MZ-001%E2%80%8B", id="a zero-width space"),
    pytest.param("ＭＺ-001", id="fullwidth letters"),
    pytest.param("MZ-001".translate(ARABIC_INDIC), id="Arabic-Indic digits"),
    pytest.param("MZ~001", id="a tilde"),
]


@pytest.mark.parametrize("code", BAD_MATTER_CODES)
@pytest.mark.parametrize("path", ["/v1/public/matters/{}", "/v1/matters/{}",
                                  "/v1/matters/{}/versions/1"])
async def test_a_malformed_matter_code_is_a_422_naming_it(
    services: dict[str, Service], path: str, code: str,
) -> None:
    intake = services["intake"]
    response = await intake.client.get(path.format(code), headers=intake.auth())
    assert_problem(response, 422, field="code")


@pytest.mark.parametrize("path", ["/v1/public/matters/{}", "/v1/matters/{}",
                                  "/v1/matters/{}/versions/1"])
async def test_a_matter_code_with_a_slash_is_no_route_a_404_problem(
    services: dict[str, Service], path: str,
) -> None:
    intake = services["intake"]
    response = await intake.client.get(path.format("MZ%2F001"), headers=intake.auth())
    assert_problem(response, 404)


@pytest.mark.parametrize("path", ["/v1/public/matters/{}", "/v1/matters/{}",
                                  "/v1/matters/{}/versions/1"])
async def test_a_well_formed_matter_code_nobody_holds_is_a_404_problem_naming_it(
    services: dict[str, Service], path: str,
) -> None:
    intake = services["intake"]
    response = await intake.client.get(path.format("ZZ-404"), headers=intake.auth())
    body = assert_problem(response, 404)
    assert "ZZ-404" in body["detail"]


async def test_a_published_matter_is_shown_without_login(services: dict[str, Service]) -> None:
    response = await services["intake"].client.get("/v1/public/matters/MZ-001")
    assert response.status_code == 200, response.text
    assert response.json()["code"] == "MZ-001"


@pytest.mark.parametrize("version", [
    pytest.param("0", id="zero"), pytest.param("-1", id="negative"),
    pytest.param("abc", id="a word"), pytest.param("1.5", id="a fraction"),
    pytest.param(str(2 ** 31), id="over 2^31-1"), pytest.param("9" * 30, id="overflowing"),
])
async def test_a_malformed_matter_version_is_a_422_naming_it(
    services: dict[str, Service], version: str,
) -> None:
    intake = services["intake"]
    response = await intake.client.get(f"/v1/matters/MZ-001/versions/{version}",
                                       headers=intake.auth())
    assert_problem(response, 422, field="version")


CATALOGUE_QUERIES: list[Any] = [
    pytest.param({"department": "1mz"}, "department", id="a department starting with a digit"),
    pytest.param({"department": "m" * 33}, "department", id="a department over 32"),
    pytest.param({"department": ""}, "department", id="an empty department"),
    pytest.param({"kind": "magic"}, "kind", id="an unknown kind"),
    pytest.param({"deciding_tier": "province"}, "deciding_tier", id="an unknown tier"),
    pytest.param({"q": ""}, "q", id="an empty q"),
    pytest.param({"q": "低" * 51}, "q", id="a q over 50"),
    pytest.param({"q": "低\x00保"}, "q", id="a NUL in q"),
    pytest.param({"limit": "0"}, "limit", id="limit 0"),
    pytest.param({"limit": "501"}, "limit", id="limit 501"),
    pytest.param({"limit": "ten"}, "limit", id="a word for limit"),
    pytest.param({"cursor": "c" * 201}, "cursor", id="a cursor over 200"),
    pytest.param({"cursor": "!!!"}, "cursor", id="a cursor of garbage"),
    pytest.param({"cursor": _cursor({})}, "cursor", id="an empty cursor"),
    pytest.param({"cursor": _cursor({"code": 1})}, "cursor", id="a cursor whose code is 1"),
    pytest.param({"cursor": _cursor({"seq": 1})}, "cursor", id="another service's cursor"),
]


@pytest.mark.parametrize(("params", "field"), CATALOGUE_QUERIES)
async def test_a_bad_catalogue_query_is_a_422_naming_the_parameter(
    services: dict[str, Service], params: dict[str, str], field: str,
) -> None:
    response = await services["intake"].client.get("/v1/public/matters", params=params)
    assert_problem(response, 422, field=field)


@pytest.mark.parametrize(("params", "field"), [
    p for p in CATALOGUE_QUERIES if p.values[1] in ("limit", "cursor")])
async def test_a_bad_in_person_list_query_is_a_422_naming_the_parameter(
    services: dict[str, Service], params: dict[str, str], field: str,
) -> None:
    response = await services["intake"].client.get("/v1/public/in-person-matters",
                                                   params=params)
    assert_problem(response, 422, field=field)


# --------------------------------------------------------------------------------------------
# A station's agents and notice board and the places by name (routing) and the public lights (sla)
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("code", [
    pytest.param("abc", id="letters"),
    pytest.param("110116111201", id="a place without a number"),
    pytest.param("110116111201-1", id="a one-digit number"),
    pytest.param("110116111201-001", id="a three-digit number"),
    pytest.param("11011611120-01", id="an 11-digit place"),
    pytest.param("110116111201-01".translate(FULLWIDTH), id="fullwidth digits"),
    pytest.param("110116111201-0%00", id="a NUL"),
])
@pytest.mark.parametrize("path", ["/v1/public/stations/{code}/agents",
                                  "/v1/public/stations/{code}"])
async def test_a_malformed_station_code_is_a_422_naming_it(
    services: dict[str, Service], code: str, path: str,
) -> None:
    response = await services["routing"].client.get(path.format(code=code))
    assert_problem(response, 422, field="code")


@pytest.mark.parametrize("path", ["/v1/public/stations/{code}/agents",
                                  "/v1/public/stations/{code}"])
async def test_a_station_nobody_runs_is_a_404_problem_naming_it(
    services: dict[str, Service], path: str,
) -> None:
    response = await services["routing"].client.get(path.format(code="110116999999-99"))
    body = assert_problem(response, 404)
    assert "110116999999-99" in body["detail"]


@pytest.mark.parametrize(("params", "field"), [
    pytest.param({}, "under", id="no under"),
    pytest.param({"under": "abc"}, "under", id="letters"),
    pytest.param({"under": "1101161"}, "under", id="7 digits"),
    pytest.param({"under": "110116111201"}, "under", id="a village, which has none under it"),
    pytest.param({"under": COUNTY.translate(FULLWIDTH)}, "under", id="fullwidth digits"),
    pytest.param({"under": COUNTY, "place": COUNTY}, "place", id="the name of another list's"),
    pytest.param({"under": COUNTY, "limit": "0"}, "limit", id="limit 0"),
    pytest.param({"under": COUNTY, "limit": "501"}, "limit", id="limit 501"),
    pytest.param({"under": COUNTY, "cursor": "!!!"}, "cursor", id="a cursor of garbage"),
    pytest.param({"under": COUNTY, "cursor": _cursor({"id": 1})}, "cursor",
                 id="a cursor of another list"),
])
async def test_a_bad_public_places_query_is_a_422_naming_the_parameter(
    services: dict[str, Service], params: dict[str, str], field: str,
) -> None:
    response = await services["routing"].client.get("/v1/public/places", params=params)
    assert_problem(response, 422, field=field)


@pytest.mark.parametrize(("params", "field"), [
    pytest.param({"light": "red"}, "place", id="no place"),
    pytest.param({"place": "abc", "light": "red"}, "place", id="a place of letters"),
    pytest.param({"place": "1101161", "light": "red"}, "place", id="a place of 7 digits"),
    pytest.param({"place": COUNTY.translate(FULLWIDTH), "light": "red"}, "place",
                 id="a place in fullwidth digits"),
    pytest.param({"place": COUNTY}, "light", id="no light"),
    pytest.param({"place": COUNTY, "light": "green"}, "light", id="green, which is not shown"),
    pytest.param({"place": COUNTY, "light": "RED"}, "light", id="an uppercase light"),
    pytest.param({"place": COUNTY, "light": "red", "limit": "0"}, "limit", id="limit 0"),
    pytest.param({"place": COUNTY, "light": "red", "cursor": "!!!"}, "cursor",
                 id="a cursor of garbage"),
])
async def test_a_bad_public_lights_query_is_a_422_naming_the_parameter(
    services: dict[str, Service], params: dict[str, str], field: str,
) -> None:
    response = await services["sla"].client.get("/v1/public/lights", params=params)
    assert_problem(response, 422, field=field)


@pytest.mark.parametrize(("params", "field"), [
    pytest.param({}, "place", id="no place"),
    pytest.param({"place": "abc"}, "place", id="a place of letters"),
    pytest.param({"place": "1101161"}, "place", id="a place of 7 digits"),
    pytest.param({"place": COUNTY.translate(ARABIC_INDIC)}, "place",
                 id="a place in Arabic-Indic digits"),
    pytest.param({"place": COUNTY, "limit": "0"}, "limit", id="limit 0"),
    pytest.param({"place": COUNTY, "limit": "101"}, "limit", id="limit 101"),
    pytest.param({"place": COUNTY, "limit": "ten"}, "limit", id="a limit of letters"),
])
async def test_a_bad_public_results_query_is_a_422_naming_the_parameter(
    services: dict[str, Service], params: dict[str, str], field: str,
) -> None:
    response = await services["sla"].client.get("/v1/public/results", params=params)
    assert_problem(response, 422, field=field)


async def test_the_public_results_of_a_place_with_none_are_empty(
    services: dict[str, Service],
) -> None:
    response = await services["sla"].client.get("/v1/public/results",
                                                params={"place": "110116999"})
    assert response.status_code == 200, response.text
    assert response.json()["latest"] == []
