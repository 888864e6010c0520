"""POST /v1/cases (intake) against bad bodies: every one a 4xx problem+json, never a 500.

Bodies name a village outside the caller's place unless a test says otherwise, so a body that
passes validation is refused with 403 and no test opens a case by accident.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.api.conftest import (
    ARABIC_INDIC,
    CASE_NUMBER,
    ELSEWHERE,
    FULLWIDTH,
    ID_NUMBER,
    VILLAGE,
    Service,
    assert_client_problem,
    assert_problem,
    post_case,
    valid_case,
)

pytestmark = [pytest.mark.integration, pytest.mark.asyncio(loop_scope="package")]


# --------------------------------------------------------------------------------------------
# POST /v1/cases: the body
# --------------------------------------------------------------------------------------------


def _case_with(path: str, value: Any) -> dict[str, Any]:
    """The valid body with the member at dotted ``path`` set to ``value`` (or removed, for
    ``MISSING``)."""
    body = valid_case()
    *parents, last = path.split(".")
    target = body
    for part in parents:
        target = target[part]
    if value is MISSING:
        del target[last]
    else:
        target[last] = value
    return body


MISSING = object()


async def test_a_valid_body_for_a_village_outside_the_callers_place_is_a_403_problem(
    intake: Service,
) -> None:
    body = assert_problem(await post_case(intake, valid_case()), 403)
    assert ELSEWHERE in body["detail"]


WRONG_BODIES: list[Any] = [
    # wrong types
    pytest.param("matter_code", 1, "matter_code", id="matter_code is a number"),
    pytest.param("matter_code", ["MZ-001"], "matter_code", id="matter_code is a list"),
    pytest.param("village_code", 110105001001, "village_code", id="village_code is a number"),
    pytest.param("channel", 1, "channel", id="channel is a number"),
    pytest.param("applicant", "李林珍", "applicant", id="applicant is a string"),
    pytest.param("applicant", [], "applicant", id="applicant is a list"),
    pytest.param("applicant", None, "applicant", id="applicant is null"),
    pytest.param("applicant.name", 1, "applicant.name", id="name is a number"),
    pytest.param("applicant.name", {"zh": "李"}, "applicant.name", id="name is an object"),
    pytest.param("applicant.phone", 13800138000, "applicant.phone", id="phone is a number"),
    pytest.param("applicant.id_number", 110105194912310021, "applicant.id_number",
                 id="id_number is a number"),
    # values out of range or shape
    pytest.param("matter_code", "", "matter_code", id="matter_code is empty"),
    pytest.param("matter_code", "MZ 001", "matter_code", id="matter_code has a space"),
    pytest.param("matter_code", "M" * 65, "matter_code", id="matter_code is too long"),
    pytest.param("village_code", "11010500100", "village_code", id="village_code of 11 digits"),
    pytest.param("village_code", "11010500100a", "village_code", id="village_code has a letter"),
    pytest.param("village_code", "110105001001".translate(ARABIC_INDIC), "village_code",
                 id="village_code in Arabic-Indic digits"),
    pytest.param("village_code", "110105001001".translate(FULLWIDTH), "village_code",
                 id="village_code in fullwidth digits"),
    pytest.param("channel", "carrier_pigeon", "channel", id="an unknown channel"),
    pytest.param("applicant.name", "", "applicant.name", id="name is empty"),
    pytest.param("applicant.name", "李" * 51, "applicant.name", id="name is too long"),
    pytest.param("applicant.phone", "12345", "applicant.phone", id="phone is too short"),
    pytest.param("applicant.phone", "23800138000", "applicant.phone", id="phone starts with 2"),
    pytest.param("applicant.phone", "1" + "3800138000".translate(ARABIC_INDIC),
                 "applicant.phone", id="phone in Arabic-Indic digits"),
    # missing members
    pytest.param("matter_code", MISSING, "matter_code", id="no matter_code"),
    pytest.param("village_code", MISSING, "village_code", id="no village_code"),
    pytest.param("applicant", MISSING, "applicant", id="no applicant"),
    pytest.param("applicant.name", MISSING, "applicant.name", id="no name"),
    pytest.param("applicant.id_number", MISSING, "applicant.id_number", id="no id_number"),
    pytest.param("applicant.phone", MISSING, "applicant.phone", id="no phone"),
    # unknown members
    pytest.param("status", "closed", "status", id="an unknown status at the top"),
    pytest.param("number", CASE_NUMBER, "number", id="a client-chosen case number"),
    pytest.param("opened_by", {"staff_id": "x"}, "opened_by", id="a forged opened_by"),
    pytest.param("applicant.id_number_masked", "110105********002X",
                 "applicant.id_number_masked", id="an unknown member of applicant"),
    pytest.param("applicant.email", "a@b.cn", "applicant.email", id="an email in applicant"),
]


@pytest.mark.parametrize(("path", "value", "field"), WRONG_BODIES)
async def test_a_body_with_a_wrong_missing_or_unknown_member_is_a_422_naming_it(
    intake: Service, path: str, value: Any, field: str,
) -> None:
    assert_problem(await post_case(intake, _case_with(path, value)), 422, field=field)


async def test_a_body_missing_everything_names_every_required_member(intake: Service) -> None:
    body = assert_problem(await post_case(intake, {}), 422, field="matter_code")
    named = {e["field"] for e in body["errors"]}
    assert {"matter_code", "village_code", "applicant"} <= named


async def test_a_lone_surrogate_in_a_name_is_a_422_naming_it(intake: Service) -> None:
    raw = json.dumps(_case_with("applicant.name", "李\ud800")).encode()
    assert_problem(await post_case(intake, content=raw), 422, field="applicant.name")


async def test_a_nul_character_in_a_name_is_a_422_naming_it(intake: Service) -> None:
    body = _case_with("applicant.name", "李\x00林珍")
    body["village_code"] = VILLAGE  # inside the caller's place: the body reaches the database
    assert_problem(await post_case(intake, body), 422, field="applicant.name")


ID_NUMBERS: list[Any] = [
    pytest.param(ID_NUMBER[:-1] + "1", id="a wrong check digit"),
    pytest.param(ID_NUMBER[:-1] + "Y", id="a letter other than X as check digit"),
    pytest.param(ID_NUMBER[:-1], id="17 characters"),
    pytest.param(ID_NUMBER + "0", id="19 characters"),
    pytest.param(ID_NUMBER[:6], id="far too short"),
    pytest.param(ID_NUMBER + "000", id="far too long"),
    pytest.param("", id="empty"),
    pytest.param("110105194913310021", id="birth month 13"),
    pytest.param("110105194902300020", id="born on 30 February"),
    pytest.param("1101051949123100AX", id="letters in the body"),
    pytest.param(ID_NUMBER.translate(ARABIC_INDIC), id="Arabic-Indic digits"),
]


@pytest.mark.parametrize("id_number", ID_NUMBERS)
async def test_an_invalid_id_number_is_a_422_naming_it_without_echoing_it(
    intake: Service, id_number: str,
) -> None:
    response = await post_case(intake, _case_with("applicant.id_number", id_number))
    body = assert_problem(response, 422, field="applicant.id_number")
    reasons = [e["reason"] for e in body["errors"] if e["field"] == "applicant.id_number"]
    assert all(r.strip() for r in reasons), body
    if len(id_number) >= 15:
        assert id_number not in response.text, f"the ID number is echoed: {response.text}"
        assert id_number[:17] not in response.text, f"the ID number is echoed: {response.text}"


@pytest.mark.parametrize("id_number", [
    pytest.param(ID_NUMBER.lower(), id="a lowercase x"),
    pytest.param(f" {ID_NUMBER} ", id="surrounding spaces"),
    pytest.param(ID_NUMBER.translate(FULLWIDTH), id="fullwidth digits"),
])
async def test_an_id_number_that_only_needs_normalising_is_accepted(
    intake: Service, id_number: str,
) -> None:
    # accepted by validation, then refused for the place
    assert_problem(await post_case(intake, _case_with("applicant.id_number", id_number)), 403)


@pytest.mark.parametrize("value", [[], [valid_case()], "x", 1, 1.5, True])
async def test_a_body_that_is_not_a_json_object_is_a_422_naming_the_body(
    intake: Service, value: Any,
) -> None:
    assert_problem(await post_case(intake, value), 422, field="body")


@pytest.mark.parametrize("raw", [
    pytest.param(b"", id="empty"), pytest.param(b"null", id="null"),
])
async def test_an_empty_or_null_body_is_a_422_naming_the_body(intake: Service, raw: bytes) -> None:
    assert_problem(await post_case(intake, content=raw), 422, field="body")


VALID_JSON = json.dumps(valid_case(), ensure_ascii=False).encode()


@pytest.mark.parametrize("raw", [
    pytest.param(b"{", id="an open brace"),
    pytest.param(VALID_JSON[:-1], id="truncated"),
    pytest.param(VALID_JSON[:-1] + b",}", id="a trailing comma"),
    pytest.param(b"{'matter_code': 'MZ-001'}", id="single quotes"),
    pytest.param(b"matter_code=MZ-001", id="a form"),
    pytest.param(b"not json", id="words"),
    pytest.param(VALID_JSON + b"{}", id="two documents"),
])
async def test_a_body_that_is_not_json_is_a_400_problem(intake: Service, raw: bytes) -> None:
    assert_problem(await post_case(intake, content=raw), 400)


@pytest.mark.parametrize("raw", [
    pytest.param(b"\xff\xfe{}", id="a UTF-16 byte order mark"),
    pytest.param(b'{"matter_code": "\xff"}', id="not UTF-8"),
    pytest.param(b"[" * 1000 + b"]" * 1000, id="nested a thousand deep"),
])
async def test_a_body_json_cannot_decode_is_a_4xx_problem(intake: Service, raw: bytes) -> None:
    response = await post_case(intake, content=raw)
    assert response.status_code in (400, 422), response.text
    assert_client_problem(response)


@pytest.mark.parametrize("content_type", [
    "text/plain", "application/x-www-form-urlencoded", "application/xml",
    "multipart/form-data; boundary=x",
])
async def test_a_body_of_another_content_type_is_a_415_or_422_problem(
    intake: Service, content_type: str,
) -> None:
    response = await post_case(intake, content=VALID_JSON,
                               headers={"Content-Type": content_type})
    assert response.status_code in (415, 422), response.text
    assert_client_problem(response)


# --------------------------------------------------------------------------------------------
# A case opened on purpose, read back from inside and outside the caller's place
# --------------------------------------------------------------------------------------------


async def test_a_case_outside_the_callers_place_is_a_404_problem_and_never_shows_the_id(
    intake: Service,
) -> None:
    created = await intake.client.post("/v1/cases", json=valid_case(village_code=VILLAGE),
                                       headers=intake.auth())
    assert created.status_code == 201, created.text
    assert ID_NUMBER not in created.text
    number = created.json()["number"]
    mine = await intake.client.get(f"/v1/cases/{number}", headers=intake.auth())
    assert mine.status_code == 200, mine.text
    assert ID_NUMBER not in mine.text
    theirs = await intake.client.get(f"/v1/cases/{number}",
                                     headers=intake.auth(place="110105001001"))
    body = assert_problem(theirs, 404)
    assert ID_NUMBER not in theirs.text
    assert number in body["detail"]


# --------------------------------------------------------------------------------------------
# Any JSON at all
# --------------------------------------------------------------------------------------------

JSON_SCALARS = (st.none() | st.booleans() | st.integers() | st.floats()
                | st.text(max_size=30))
JSON_VALUES = st.recursive(
    JSON_SCALARS,
    lambda children: (st.lists(children, max_size=4)
                      | st.dictionaries(st.text(max_size=12), children, max_size=4)),
    max_leaves=12,
)
CASE_PATHS = ["matter_code", "village_code", "channel", "applicant", "applicant.name",
              "applicant.id_number", "applicant.phone", "extra", "applicant.extra"]


@st.composite
def _mutated_case(draw: st.DrawFn) -> dict[str, Any]:
    """The valid body with one member replaced by, or added as, any JSON value."""
    path = draw(st.sampled_from(CASE_PATHS))
    body = valid_case()
    *parents, last = path.split(".")
    target = body
    for part in parents:
        target = target[part]
    target[last] = draw(JSON_VALUES)
    return body


@settings(max_examples=60, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=JSON_VALUES | _mutated_case())
async def test_any_json_body_is_answered_with_a_4xx_problem_never_a_5xx(
    intake: Service, value: Any,
) -> None:
    raw = json.dumps(value).encode()
    response = await post_case(intake, content=raw)
    assert response.status_code < 500, response.text
    assert_client_problem(response)
