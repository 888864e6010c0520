"""The resident rates by the link the SMS brought, without login: once per case, until the
link's day, and only with a link Daiban minted; every refusal is problem+json naming why."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from daiban_kernel.china import china_date
from daiban_kernel.contracts.matter import Tier
from daiban_kernel.contracts.relay import CaseDecidedV1, CaseResultDeliveredV1, Delivery, Outcome
from daiban_kernel.rating_link import mint_rating_link
from daiban_kernel.roles import Role

from .test_relay_news import TOWN_CLERK, VILLAGE, accepted_case, routed

pytestmark = pytest.mark.integration

async def delivered_case(api: Any, desk: Any, agent: dict[str, str]) -> str:
    """A case whose result routing delivered (intake heard the decision and the delivery)."""
    number, ref = await accepted_case(api, desk, agent)
    now = datetime.now(UTC)
    consumer = api.consumer()
    assert await consumer.apply(routed(CaseDecidedV1(
        case=ref, flow_version=7, at=now, tier=Tier.DEPARTMENT,
        outcome=Outcome.APPROVED))) == "applied"
    assert await consumer.apply(routed(CaseResultDeliveredV1(
        case=ref, flow_version=8, at=now, delivery=Delivery.COLLECTED,
        delivered_on=china_date(now), by=TOWN_CLERK))) == "applied"
    return number


def link(api: Any, number: str, *, days: int = 30) -> tuple[str, date]:
    """The path of the link notify would mint for ``number``, ``days`` from today in China,
    and the last day it names."""
    expires_on = china_date(datetime.now(UTC)) + timedelta(days)
    token = mint_rating_link(number, expires_on=expires_on, secret=api.settings.rating_link_key)
    return f"/v1/public/rating-links/{token}", expires_on


def problem(response: Any, status: int, slug: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = response.json()
    assert body["type"] == f"urn:daiban:problem:{slug}"
    return body


async def test_the_resident_rates_once_by_link_and_the_rating_says_so(api: Any,
                                                                       desk: Any) -> None:
    agent = api.auth(Role.VILLAGE_AGENT, VILLAGE)
    number = await delivered_case(api, desk, agent)
    path, expires_on = link(api, number)
    opened = await api.client.get(path)
    assert opened.status_code == 200, opened.text
    matter = (await api.client.get(f"/v1/cases/{number}", headers=agent)).json()["matter"]
    assert opened.json() == {
        "case_number": number, "matter_name": matter["name"], "state": "open",
        "expires_on": str(expires_on), "stars": None}

    rated = await api.client.post(path, json={"stars": 4, "comment": "办得快"})
    assert rated.status_code == 201, rated.text
    assert (rated.json()["state"], rated.json()["stars"]) == ("rated", 4)

    case = (await api.client.get(f"/v1/cases/{number}", headers=agent)).json()
    assert case["status"] == "rated"
    assert {k: case["rating"][k] for k in ("stars", "comment", "entered_by", "recorded_by")} == {
        "stars": 4, "comment": "办得快", "entered_by": "resident", "recorded_by": None}
    (event,) = await api.outbox_data(number, "case.rated")
    assert (event["entered_by"], event["by"], event["stars"]) == ("resident", None, 4)

    again = await api.client.post(path, json={"stars": 5})
    problem(again, 409, "case-already-rated")
    assert (await api.client.get(path)).json()["state"] == "rated"


async def test_a_bad_rating_by_link_files_a_complaint_as_at_the_window(api: Any,
                                                                         desk: Any) -> None:
    agent = api.auth(Role.VILLAGE_AGENT, VILLAGE)
    number = await delivered_case(api, desk, agent)
    rated = await api.client.post(link(api, number)[0], json={"stars": 1, "comment": "态度差"})
    assert rated.status_code == 201, rated.text
    (filed,) = await api.outbox_data(number, "complaint.filed")
    assert (filed["from_rating"], filed["by"]) == (True, None)
    assert "态度差" in filed["summary"]


async def test_a_retried_rating_with_its_key_answers_as_the_first_did(api: Any,
                                                                       desk: Any) -> None:
    agent = api.auth(Role.VILLAGE_AGENT, VILLAGE)
    number = await delivered_case(api, desk, agent)
    path, _ = link(api, number)
    key = {"Idempotency-Key": "rate-" + number}
    first = await api.client.post(path, json={"stars": 5}, headers=key)
    retried = await api.client.post(path, json={"stars": 5}, headers=key)
    assert (first.status_code, retried.status_code) == (201, 201), retried.text
    assert retried.json() == first.json()
    assert len(await api.outbox_data(number, "case.rated")) == 1


async def test_an_expired_link_is_a_410_naming_its_day(api: Any, desk: Any) -> None:
    agent = api.auth(Role.VILLAGE_AGENT, VILLAGE)
    number = await delivered_case(api, desk, agent)
    path, expires_on = link(api, number, days=-1)
    body = problem(await api.client.get(path), 410, "rating-link-expired")
    assert body["expires_on"] == str(expires_on)
    problem(await api.client.post(path, json={"stars": 5}), 410, "rating-link-expired")
    case = (await api.client.get(f"/v1/cases/{number}", headers=agent)).json()
    assert case["rating"] is None


async def test_a_forged_or_foreign_link_is_a_404_and_rates_nothing(api: Any, desk: Any) -> None:
    agent = api.auth(Role.VILLAGE_AGENT, VILLAGE)
    number = await delivered_case(api, desk, agent)
    token = link(api, number)[0].rsplit("/", 1)[1]
    forged = token[:-1] + ("A" if token[-1] != "A" else "B")
    problem(await api.client.get(f"/v1/public/rating-links/{forged}"), 404,
            "rating-link-invalid")
    problem(await api.client.post(f"/v1/public/rating-links/{forged}", json={"stars": 5}), 404,
            "rating-link-invalid")
    foreign = mint_rating_link(number, expires_on=china_date(datetime.now(UTC)) + timedelta(9),
                               secret=b"not-this-deployments-secret")
    problem(await api.client.get(f"/v1/public/rating-links/{foreign}"), 404,
            "rating-link-invalid")
    nobody = mint_rating_link("110116-19990101-000001",
                              expires_on=china_date(datetime.now(UTC)) + timedelta(9),
                              secret=api.settings.rating_link_key)
    problem(await api.client.get(f"/v1/public/rating-links/{nobody}"), 404,
            "rating-link-invalid")
    short = problem(await api.client.get(f"/v1/public/rating-links/{token[:20]}"), 422,
                    "invalid-input")
    assert [e["field"] for e in short["errors"]] == ["token"]
    assert (await api.client.get(f"/v1/cases/{number}", headers=agent)).json()["rating"] is None


async def test_bad_stars_a_stray_field_or_parameter_is_a_422_naming_it(api: Any,
                                                                       desk: Any) -> None:
    agent = api.auth(Role.VILLAGE_AGENT, VILLAGE)
    number = await delivered_case(api, desk, agent)
    path, _ = link(api, number)
    for body, field in (({"stars": 6}, "stars"), ({"stars": 0}, "stars"), ({}, "stars"),
                        ({"stars": "五"}, "stars"), ({"stars": 5, "who": "me"}, "who"),
                        ({"stars": 5, "comment": ""}, "comment")):
        refused = problem(await api.client.post(path, json=body), 422, "invalid-input")
        assert field in [e["field"] for e in refused["errors"]], (body, refused)
    stray = problem(await api.client.get(path, params={"lang": "zh"}), 422, "invalid-input")
    assert [e["field"] for e in stray["errors"]] == ["lang"]
    assert (await api.client.get(path)).json()["state"] == "open"


async def test_a_link_before_the_result_is_delivered_waits_and_cannot_rate(api: Any,
                                                                           desk: Any) -> None:
    agent = api.auth(Role.VILLAGE_AGENT, VILLAGE)
    number, _ = await accepted_case(api, desk, agent)
    path, _ = link(api, number)
    assert (await api.client.get(path)).json()["state"] == "waiting"
    problem(await api.client.post(path, json={"stars": 5}), 409, "result-not-delivered")
