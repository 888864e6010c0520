"""The flow events start, stop and pause a case's clocks, in routing's order (flow_version),
however they arrive."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

import pytest

from daiban_kernel.actor import Actor
from daiban_kernel.cases import Channel
from daiban_kernel.china import CHINA
from daiban_kernel.contracts.case import (
    Applicant,
    CaseAcceptedV1,
    CaseRef,
    CaseSupplementedV1,
    CaseWithdrawnV1,
)
from daiban_kernel.contracts.matter import Tier
from daiban_kernel.contracts.relay import (
    CaseDecidedV1,
    CaseHandedOverV1,
    CaseReceivedV1,
    CaseResultDeliveredV1,
    CaseResumedV1,
    CaseReturnedV1,
    CaseRoutedV1,
    Outcome,
)
from daiban_kernel.contracts.sla import SlaBreachedV1, SlaClockStoppedV1, SlaStartedV1
from daiban_kernel.errors import NotYetKnown
from daiban_sla.domain.clock import Clock
from daiban_sla.domain.errors import MatterVersionNotKnown
from daiban_sla.domain.matter_terms import MatterTerms
from daiban_sla.handlers import FireDueClocks, TakePackageYears
from tests.support.fakes import Moment

from .conftest import Sla

REF = CaseRef(case_number="110116-20260302-000001", village_code="110116111201",
              matter_code="CL-001", matter_version=2)
AGENT = Actor(staff_id="agent-1", role="village_agent", place="110116111201")
CLERK = Actor(staff_id="clerk-1", role="town_clerk", place="110116111")
TERMS = MatterTerms(code="CL-001", version=2, name="残疾人证办理", deciding_tier=Tier.DEPARTMENT,
                    limit_working_days=10, proxy_allowance_days=3,
                    stage_days={Tier.VILLAGE: 1, Tier.TOWN: 2, Tier.COUNTY: 1,
                                Tier.DEPARTMENT: 9},
                    timeout_default_stages=frozenset({Tier.TOWN}), published=True)


def at(day: int, hour: int = 10) -> datetime:
    return datetime.combine(date(2026, 3, day), time(hour), CHINA)


def accepted(day: int = 2) -> CaseAcceptedV1:
    return CaseAcceptedV1(case=REF, channel=Channel.STATION,
                          applicant=Applicant(name="李林珍", id_number_masked="110105********002X"),
                          by=AGENT, at=at(day))


def routed(v: int = 1) -> CaseRoutedV1:
    return CaseRoutedV1(case=REF, flow_version=v, at=at(2, 11),
                        path=(Tier.VILLAGE, Tier.TOWN, Tier.COUNTY, Tier.DEPARTMENT),
                        deciding_tier=Tier.DEPARTMENT, department_code="CL")


def handed(v: int, day: int, up: tuple[Tier, Tier], direction: str = "up") -> CaseHandedOverV1:
    return CaseHandedOverV1(case=REF, flow_version=v, at=at(day), handover_id=f"h{v}",
                            from_tier=up[0], to_tier=up[1], direction=direction, by=AGENT)


@pytest.fixture
async def sla_with_calendar(sla: Sla, uow: Any, package: TakePackageYears) -> Sla:
    await sla.commands.take_package_years(package)
    uow.matters.rows[("CL-001", 2)] = TERMS
    return sla


async def deliver(sla: Sla, uow: Any, *events: Any) -> None:
    """Each event as the consumer applies it: its handler from the service's map, in one
    transaction each (a handler that opened another unit of work would fail here)."""
    for event in events:
        handler: Any = sla.event_handlers.by_contract[type(event)]
        async with uow:
            await handler(event, uow)
            await uow.commit()


def clocks(uow: Any) -> dict[str, Clock]:
    return {key[1]: clock for key, clock in uow.clocks.rows.items() if key[0] == REF.case_number}


async def test_acceptance_starts_the_whole_cases_clock_and_the_villages(
    sla_with_calendar: Sla, uow: Any,
) -> None:
    await deliver(sla_with_calendar, uow, accepted())
    found = clocks(uow)
    assert set(found) == {"case", "village"}
    assert (found["case"].budget_days, found["village"].budget_days) == (13, 1)
    assert found["village"].moments.deadline == datetime.combine(
        date(2026, 3, 3), time(23, 59, 59, 999_000), CHINA)
    assert uow.cases.rows[REF.case_number].accepted_at == at(2)


async def test_acceptance_publishes_the_whole_cases_deadline_date_once(
    sla_with_calendar: Sla, uow: Any,
) -> None:
    await deliver(sla_with_calendar, uow, accepted(), accepted())
    started = [e for e in uow.committed if isinstance(e, SlaStartedV1)]
    assert started == [SlaStartedV1(case=REF, at=at(2), matter_name="残疾人证办理",
                                    limit_working_days=13, deadline_date=date(2026, 3, 19),
                                    provisional=False)]


async def test_a_handover_up_stops_the_givers_clock_with_its_statistics_and_starts_the_next(
    sla_with_calendar: Sla, uow: Any,
) -> None:
    await deliver(sla_with_calendar, uow, accepted(), routed(),
                  handed(2, 4, (Tier.VILLAGE, Tier.TOWN)))
    found = clocks(uow)
    village, town = found["village"], found["town"]
    assert (village.stop_reason, village.used_days, village.on_time, village.days_over) == (
        "handed_over", 2, False, 1)
    assert (town.started_at, town.budget_days, town.timeout_default) == (at(4), 2, True)
    assert town.stopped_at is None


async def test_a_relay_event_that_comes_early_waits_for_the_one_before_it(
    sla_with_calendar: Sla, uow: Any,
) -> None:
    await deliver(sla_with_calendar, uow, accepted(), handed(2, 3, (Tier.VILLAGE, Tier.TOWN)))
    assert "town" not in clocks(uow)
    assert list(uow.deferred.rows) == [(REF.case_number, 2)]
    await deliver(sla_with_calendar, uow, routed())
    assert clocks(uow)["town"].started_at == at(3)
    assert uow.cases.rows[REF.case_number].flow_version == 2
    assert uow.deferred.rows == {}


async def test_relay_events_before_the_acceptance_apply_once_it_comes(
    sla_with_calendar: Sla, uow: Any,
) -> None:
    await deliver(sla_with_calendar, uow, handed(2, 3, (Tier.VILLAGE, Tier.TOWN)), routed())
    assert clocks(uow) == {}
    await deliver(sla_with_calendar, uow, accepted())
    assert set(clocks(uow)) == {"case", "village", "town"}
    assert clocks(uow)["village"].stopped_at == at(3)


async def test_an_event_applied_already_is_passed_over(
    sla_with_calendar: Sla, uow: Any,
) -> None:
    await deliver(sla_with_calendar, uow, accepted(), routed(),
                  handed(2, 3, (Tier.VILLAGE, Tier.TOWN)))
    stale = handed(2, 9, (Tier.VILLAGE, Tier.TOWN))
    await deliver(sla_with_calendar, uow, stale,
                  CaseReceivedV1(case=REF, flow_version=1, at=at(9), handover_id="x",
                                 tier=Tier.TOWN, by=CLERK))
    assert clocks(uow)["town"].started_at == at(3)
    assert uow.deferred.rows == {}


async def test_an_acceptance_under_a_matter_version_not_heard_of_waits_to_be_retried(
    sla: Sla, uow: Any, package: TakePackageYears,
) -> None:
    await sla.commands.take_package_years(package)
    with pytest.raises(MatterVersionNotKnown) as caught:
        await deliver(sla, uow, accepted())
    assert isinstance(caught.value, NotYetKnown)  # the consumer retries it after a delay


async def test_a_return_pauses_the_tiers_clock_and_the_cases_until_the_supplement(
    sla_with_calendar: Sla, uow: Any,
) -> None:
    returned = CaseReturnedV1(case=REF, flow_version=3, at=at(5), tier=Tier.TOWN,
                              reasons=({"name": "户口簿", "reason": "复印件不清晰"},),
                              by=CLERK)
    await deliver(sla_with_calendar, uow, accepted(), routed(),
                  handed(2, 4, (Tier.VILLAGE, Tier.TOWN)), returned)
    assert (clocks(uow)["town"].paused, clocks(uow)["case"].paused) == (True, True)
    await deliver(sla_with_calendar, uow,
                  CaseSupplementedV1(case=REF, by=AGENT, at=at(6)))  # the notice's, not this
    assert clocks(uow)["town"].paused
    await deliver(sla_with_calendar, uow,
                  CaseSupplementedV1(case=REF, return_flow_version=3, by=AGENT, at=at(10)))
    town = clocks(uow)["town"]
    assert (town.paused, town.paused_days) == (False, 3)  # returned Thu: Fri, Mon, Tue not counted
    await deliver(sla_with_calendar, uow,
                  CaseResumedV1(case=REF, flow_version=4, at=at(11), tier=Tier.TOWN))
    assert clocks(uow)["town"].paused_days == 3


async def test_a_returned_case_is_held_by_the_village_and_resumes_where_it_was_returned(
    sla_with_calendar: Sla, uow: Any,
) -> None:
    """Routing's rule: while returned the village holds the case (no village clock runs); the
    returning tier's stage is paused and resumes there, on case.resumed or on the supplement
    that answers this return (not on one answering an earlier return)."""
    def returned(v: int, day: int) -> CaseReturnedV1:
        return CaseReturnedV1.model_validate({
            "case": REF, "flow_version": v, "at": at(day), "tier": "county", "by": CLERK,
            "reasons": [{"name": "诊断证明", "reason": "缺少医院盖章"}]})

    await deliver(sla_with_calendar, uow, accepted(), routed(),
                  handed(2, 3, (Tier.VILLAGE, Tier.TOWN)), handed(3, 3, (Tier.TOWN, Tier.COUNTY)),
                  returned(4, 4))
    case, found = uow.cases.rows[REF.case_number], clocks(uow)
    assert (case.holding_tier, case.returned_by) == (Tier.VILLAGE, Tier.COUNTY)
    assert (found["county"].paused, found["case"].paused) == (True, True)
    assert (found["village"].stopped_at, found["town"].stopped_at) == (at(3), at(3))

    await deliver(sla_with_calendar, uow, CaseResumedV1(case=REF, flow_version=5, at=at(6),
                                                        tier=Tier.COUNTY), returned(6, 9))
    await deliver(sla_with_calendar, uow,  # answers the first return, not the one waited on
                  CaseSupplementedV1(case=REF, return_flow_version=4, by=AGENT, at=at(10)))
    assert clocks(uow)["county"].paused
    assert uow.cases.rows[REF.case_number].holding_tier is Tier.VILLAGE

    await deliver(sla_with_calendar, uow,
                  CaseSupplementedV1(case=REF, return_flow_version=6, by=AGENT, at=at(11)))
    county = clocks(uow)["county"]
    assert (county.paused, county.paused_days) == (False, 4)  # Thu 5, Fri 6; Tue 10, Wed 11
    assert uow.cases.rows[REF.case_number].holding_tier is Tier.COUNTY
    assert "village" not in {k for k, c in clocks(uow).items() if c.stopped_at is None}


async def test_the_decision_stops_the_deciding_stage_and_delivery_the_whole_case(
    sla_with_calendar: Sla, uow: Any,
) -> None:
    await deliver(
        sla_with_calendar, uow, accepted(), routed(),
        handed(2, 3, (Tier.VILLAGE, Tier.TOWN)), handed(3, 4, (Tier.TOWN, Tier.COUNTY)),
        handed(4, 5, (Tier.COUNTY, Tier.DEPARTMENT)),
        CaseDecidedV1(case=REF, flow_version=5, at=at(12), tier=Tier.DEPARTMENT,
                      outcome=Outcome.APPROVED),
        handed(6, 13, (Tier.DEPARTMENT, Tier.COUNTY), direction="down"))
    found = clocks(uow)
    assert found["department"].stop_reason == "decided"
    assert found["county"].stop_reason == "handed_over"
    assert found["case"].stopped_at is None
    await deliver(sla_with_calendar, uow, CaseResultDeliveredV1(
        case=REF, flow_version=7, at=at(16), delivery="collected",
        delivered_on=date(2026, 3, 16), by=AGENT))
    case = clocks(uow)["case"]
    assert (case.stop_reason, case.used_days, case.on_time) == ("delivered", 10, True)


async def test_each_clock_that_stops_says_once_what_it_used_against_its_budget(
    sla_with_calendar: Sla, uow: Any,
) -> None:
    await deliver(sla_with_calendar, uow, accepted(), routed(),
                  handed(2, 4, (Tier.VILLAGE, Tier.TOWN)))
    stopped = [e for e in uow.committed if isinstance(e, SlaClockStoppedV1)]
    assert stopped == [SlaClockStoppedV1(
        case=REF, clock_id=f"{REF.case_number}/village", stage=Tier.VILLAGE,
        budget_working_days=1, used_working_days=2, days_over=1, on_time=False,
        reason="handed_over", at=at(4))]
    await deliver(sla_with_calendar, uow,
                  CaseWithdrawnV1(case=REF, reason="不办了", by=AGENT, at=at(5)),
                  CaseWithdrawnV1(case=REF, reason="不办了", by=AGENT, at=at(6)))
    stopped = [e for e in uow.committed if isinstance(e, SlaClockStoppedV1)]
    assert [(e.stage, e.budget_working_days, e.used_working_days, e.days_over, e.on_time,
             e.reason) for e in stopped[1:]] == [
        (None, 13, 3, 0, True, "withdrawn"), (Tier.TOWN, 2, 1, 0, True, "withdrawn")]


async def test_a_case_withdrawn_before_its_acceptance_starts_no_clock_and_says_nothing(
    sla_with_calendar: Sla, uow: Any,
) -> None:
    await deliver(sla_with_calendar, uow,
                  CaseWithdrawnV1(case=REF, reason="不办了", by=AGENT, at=at(2, 9)), accepted())
    assert clocks(uow) == {}
    assert [e for e in uow.committed if isinstance(e, SlaStartedV1)] == []


async def test_a_withdrawal_stops_every_clock(sla_with_calendar: Sla, uow: Any) -> None:
    await deliver(sla_with_calendar, uow, accepted(), routed(),
                  handed(2, 3, (Tier.VILLAGE, Tier.TOWN)),
                  CaseWithdrawnV1(case=REF, reason="不办了", by=AGENT, at=at(4)))
    assert all(c.stopped_at is not None for c in clocks(uow).values())
    assert uow.cases.rows[REF.case_number].closed_why == "withdrawn"


async def test_the_sweeper_fires_a_due_clock_once_and_publishes_its_event(
    sla_with_calendar: Sla, uow: Any, moment: Moment,
) -> None:
    await deliver(sla_with_calendar, uow, accepted())
    moment.now = at(4)  # the village's single day ended on Tue; the case's 13 run on
    first = await sla_with_calendar.commands.fire_due_clocks(FireDueClocks(limit=100))
    second = await sla_with_calendar.commands.fire_due_clocks(FireDueClocks(limit=100))
    assert (first.claimed, second.claimed) == (1, 0)
    assert [type(e) for e in uow.committed if isinstance(e, SlaBreachedV1)] == [SlaBreachedV1]


async def test_a_stage_moved_on_by_timeout_default_stops_as_deemed_passed(
    sla_with_calendar: Sla, uow: Any, moment: Moment,
) -> None:
    await deliver(sla_with_calendar, uow, accepted(), routed(),
                  handed(2, 3, (Tier.VILLAGE, Tier.TOWN)))
    moment.now = at(6)
    timed_out = await sla_with_calendar.commands.fire_due_clocks(FireDueClocks(limit=100))
    assert "timeout" in [f.level.value for f in timed_out.fired]
    deemed = CaseHandedOverV1(case=REF, flow_version=3, at=at(6), handover_id="h3",
                              from_tier=Tier.TOWN, to_tier=Tier.COUNTY, direction="up",
                              deemed=True)
    await deliver(sla_with_calendar, uow, deemed)
    town = clocks(uow)["town"]
    assert (town.stop_reason, town.on_time, town.days_over) == ("deemed_passed", False, 1)
