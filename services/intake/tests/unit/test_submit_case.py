"""Submitting a case: numbering, first-inquiry owner, the event, idempotent retries."""

from datetime import UTC, datetime
from typing import Any

import pytest

from daiban_common.idempotency import RetryKey
from daiban_common.service import Service
from daiban_intake import bootstrap
from daiban_intake.bootstrap import Commands, Queries
from daiban_intake.domain.errors import (
    CaseNotFound,
    MatterCannotBeProxied,
    UnknownMatter,
    UnknownVillage,
)
from daiban_intake.handlers import CaseOf, SubmitCase
from daiban_intake.settings import IntakeSettings
from daiban_kernel.actor import Actor
from daiban_kernel.cases import Channel
from daiban_kernel.contracts.case import CaseSubmittedV1
from daiban_kernel.contracts.matter import MatterKind, Tier
from daiban_kernel.errors import InvalidInput
from daiban_kernel.roles import Role

AGENT = Actor(staff_id="agent-7", role="village_agent", place="110116104201")
ID = "11010519491231002X"


def key(fingerprint: str) -> RetryKey:
    return RetryKey("agent-7", "key-00000001", fingerprint)


def command(**over: object) -> SubmitCase:
    values: dict[str, object] = {
        "matter_code": "MZ-001", "village_code": "110116104201", "channel": Channel.HOME_VISIT,
        "applicant_name": "李林珍", "applicant_id_number": ID,
        "applicant_phone": "13800138000", "by": AGENT}
    return SubmitCase(**{**values, **over})  # type: ignore[arg-type]


def wired(uow: Any, at: datetime = datetime(2026, 11, 24, 17, 0, tzinfo=UTC)
          ) -> Service[Commands, Queries]:
    return bootstrap.build(IntakeSettings(environment="test"), uow_factory=lambda: uow,
                           clock=lambda: at)


@pytest.fixture(autouse=True)
def catalogue(uow: Any, terms: Any) -> None:
    """MZ-001 published in version 1; GA-001 an in-person matter."""
    uow.matters.versions[("MZ-001", 1)] = terms()
    uow.matters.state["MZ-001"] = (1, True)
    uow.matters.versions[("GA-001", 1)] = terms(
        name="首次申领居民身份证", department_code="ga", kind=MatterKind.IN_PERSON,
        proxy_allowance_days=0,
        stage_days={Tier.VILLAGE: 0, Tier.TOWN: 0, Tier.COUNTY: 0, Tier.DEPARTMENT: 20})
    uow.matters.state["GA-001"] = (1, True)
    uow.places.village("110116104201", "北宅村")


async def test_case_numbers_count_per_county_and_china_day(uow: Any) -> None:
    intake = wired(uow)
    first = await intake.commands.submit_case(command())
    second = await intake.commands.submit_case(command())
    # 17:00 UTC on the 24th is already the 25th in China
    assert (first, second) == ("110116-20261125-000001", "110116-20261125-000002")


async def test_submitting_records_case_submitted_with_the_id_number_masked(
    uow: Any,
) -> None:
    number = await wired(uow).commands.submit_case(command())
    (event,) = uow.published
    assert isinstance(event, CaseSubmittedV1)
    assert event.case_number == number
    assert event.applicant.id_number_masked == "110105********002X"
    assert ID not in event.model_dump_json()


async def test_the_agent_who_takes_the_case_is_its_first_owner(uow: Any) -> None:
    number = await wired(uow).commands.submit_case(command())
    assert uow.cases.rows[number].opened_by == AGENT


async def test_the_id_number_is_stored_sealed_not_in_clear(uow: Any) -> None:
    number = await wired(uow).commands.submit_case(command())
    stored = uow.cases.rows[number].applicant.id_number
    assert ID.encode() not in stored.sealed
    assert stored.masked == "110105********002X"


async def test_a_retry_with_the_same_key_creates_nothing_new(uow: Any) -> None:
    intake = wired(uow)
    first = await intake.commands.submit_case(command(retry=key("f")))
    again = await intake.commands.submit_case(command(retry=key("f")))
    assert first == again
    assert len(uow.cases.rows) == 1
    assert len(uow.published) == 1


async def test_the_same_key_for_a_different_request_is_refused(uow: Any) -> None:
    intake = wired(uow)
    await intake.commands.submit_case(command(retry=key("f")))
    with pytest.raises(InvalidInput):
        await intake.commands.submit_case(command(retry=key("g")))
    assert len(uow.cases.rows) == 1


async def test_a_case_outside_the_callers_place_is_not_found(uow: Any) -> None:
    intake = wired(uow)
    number = await intake.commands.submit_case(command())
    town = Actor(staff_id="c1", role=Role.TOWN_CLERK, place="110116104")
    neighbour = Actor(staff_id="c2", role=Role.TOWN_CLERK, place="110116105")
    assert (await intake.queries.case(CaseOf(number, town))).case.number == number
    with pytest.raises(CaseNotFound):
        await intake.queries.case(CaseOf(number, neighbour))


async def test_a_case_is_opened_only_for_a_known_active_village(uow: Any) -> None:
    intake = wired(uow)
    uow.places.village("110116104202", "旧村", active=False)
    for village, why in (("110116104299", "no village of the division tree"),
                         ("110116104202", "旧村, which is not active")):
        with pytest.raises(UnknownVillage) as refused:
            await intake.commands.submit_case(command(village_code=village))
        assert refused.value.problems[0].field == "village_code"
        assert why in refused.value.problems[0].reason
    assert uow.cases.rows == {}
    assert uow.published == []


async def test_a_case_for_a_matter_not_in_the_catalogue_is_refused(uow: Any) -> None:
    with pytest.raises(UnknownMatter) as refused:
        await wired(uow).commands.submit_case(command(matter_code="XX-999"))
    assert refused.value.problems[0].field == "matter_code"
    assert uow.cases.rows == {}


async def test_an_unpublished_matter_takes_no_cases(uow: Any) -> None:
    uow.matters.state["MZ-001"] = (1, False)
    with pytest.raises(UnknownMatter):
        await wired(uow).commands.submit_case(command())


async def test_an_in_person_matter_cannot_be_opened_as_a_proxy_case(uow: Any) -> None:
    with pytest.raises(MatterCannotBeProxied, match="in person"):
        await wired(uow).commands.submit_case(command(matter_code="GA-001"))
    assert uow.cases.rows == {}


async def test_a_case_keeps_the_matter_version_it_was_opened_under(uow: Any, terms: Any) -> None:
    intake = wired(uow)
    number = await intake.commands.submit_case(command())
    uow.matters.versions[("MZ-001", 2)] = terms(limit_working_days=15, stage_days={
        Tier.VILLAGE: 2, Tier.TOWN: 3, Tier.COUNTY: 2, Tier.DEPARTMENT: 13}, materials=())
    uow.matters.state["MZ-001"] = (2, True)
    reader = Actor(staff_id="a", role=Role.VILLAGE_AGENT, place="110116104201")
    view = await intake.queries.case(CaseOf(number, reader))
    case, matter = view.case, view.matter
    assert case.matter_version == 1
    assert matter.version == 1
    assert matter.limit_working_days == 20
    assert [m.name for m in matter.materials] == ["居民身份证", "户口簿"]
    newer = await intake.commands.submit_case(command())
    assert uow.cases.rows[newer].matter_version == 2
