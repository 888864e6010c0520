"""A complaint gets a time limit in working days and a light like a case: its clock starts when
it is filed, turns yellow and red by the case clocks' policy, counts holidays out, and stops at
the answer; unanswered past its deadline it fires ``sla.complaint_overdue`` once."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

import pytest

from daiban_kernel.actor import Actor
from daiban_kernel.china import CHINA
from daiban_kernel.contracts.case import ComplaintAnsweredV1, ComplaintFiledV1
from daiban_kernel.contracts.sla import SlaComplaintOverdueV1
from daiban_kernel.errors import NotYetKnown
from daiban_sla.domain.clock import Light
from daiban_sla.domain.errors import ComplaintNotTracked
from daiban_sla.handlers import (
    ComplaintClockOf,
    FireOverdueComplaints,
    TakePackageYears,
    WorkingDaysAfter,
)
from tests.support.fakes import Moment

from .conftest import Sla

VILLAGE = "110116111201"
STAFF = Actor(staff_id="agent-1", role="village_agent", place=VILLAGE)
SUPERVISOR = Actor(staff_id="sup-1", role="supervisor", place="110116")


def at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), CHINA)


def filed(complaint_id: str, day: date) -> ComplaintFiledV1:
    return ComplaintFiledV1(complaint_id=complaint_id, case_number="110116-20260302-000001",
                            place_code=VILLAGE, summary="差评（1星）：态度不好", from_rating=True,
                            by=STAFF, at=at(day))


def answered(complaint_id: str, day: date) -> ComplaintAnsweredV1:
    return ComplaintAnsweredV1(complaint_id=complaint_id, case_number="110116-20260302-000001",
                               place_code=VILLAGE, answer="已核实并致歉", by=SUPERVISOR,
                               at=at(day))


@pytest.fixture
async def sla_with_calendar(sla: Sla, package: TakePackageYears) -> Sla:
    await sla.commands.take_package_years(package)
    return sla


async def deliver(sla: Sla, uow: Any, *events: Any) -> None:
    for event in events:
        handler: Any = sla.event_handlers.by_contract[type(event)]
        async with uow:
            await handler(event, uow)
            await uow.commit()


async def test_a_complaint_turns_yellow_then_red_in_five_working_days(
    sla_with_calendar: Sla, uow: Any, moment: Moment,
) -> None:
    sla = sla_with_calendar
    await deliver(sla, uow, filed("c1", date(2026, 3, 2)))  # a Monday
    seen = []
    for day in (date(2026, 3, 6), date(2026, 3, 7), date(2026, 3, 9), date(2026, 3, 10)):
        moment.now = at(day)
        reading = await sla.queries.complaint_clock(ComplaintClockOf("c1", SUPERVISOR))
        seen.append(reading.light)
    assert seen == [Light.GREEN, Light.YELLOW, Light.YELLOW, Light.RED]
    assert reading.clock.budget_days == 5
    assert reading.moments.deadline == datetime.combine(date(2026, 3, 9),
                                                        time(23, 59, 59, 999_000), CHINA)
    assert reading.on_time is None


async def test_holidays_are_not_counted_and_the_answer_stops_the_light(
    sla_with_calendar: Sla, uow: Any, moment: Moment,
) -> None:
    sla = sla_with_calendar
    spring_festival_eve = date(2026, 2, 13)
    await deliver(sla, uow, filed("c2", spring_festival_eve))
    last = await sla.queries.add_working_days(WorkingDaysAfter(spring_festival_eve, 5))
    moment.now = at(last)
    reading = await sla.queries.complaint_clock(ComplaintClockOf("c2", STAFF))
    assert reading.moments.deadline is not None
    assert reading.moments.deadline.date() == last > date(2026, 2, 23)
    assert reading.light is Light.YELLOW
    await deliver(sla, uow, answered("c2", last))
    moment.now = at(date(2026, 4, 1))
    reading = await sla.queries.complaint_clock(ComplaintClockOf("c2", STAFF))
    assert (reading.light, reading.on_time) == (Light.YELLOW, True)
    assert reading.clock.answered_at == at(last)


async def test_a_late_answer_is_red_and_not_on_time_and_a_repeat_changes_nothing(
    sla_with_calendar: Sla, uow: Any, moment: Moment,
) -> None:
    sla = sla_with_calendar
    await deliver(sla, uow, filed("c3", date(2026, 3, 2)), filed("c3", date(2026, 3, 20)),
                  answered("c3", date(2026, 3, 12)), answered("c3", date(2026, 3, 3)))
    reading = await sla.queries.complaint_clock(ComplaintClockOf("c3", SUPERVISOR))
    assert (reading.clock.filed_at, reading.clock.answered_at) == (
        at(date(2026, 3, 2)), at(date(2026, 3, 12)))
    assert (reading.light, reading.on_time) == (Light.RED, False)


async def test_an_answer_before_its_filing_waits_and_another_place_does_not_see_it(
    sla_with_calendar: Sla, uow: Any,
) -> None:
    sla = sla_with_calendar
    with pytest.raises(NotYetKnown):
        await deliver(sla, uow, answered("c4", date(2026, 3, 3)))
    await deliver(sla, uow, filed("c4", date(2026, 3, 2)), answered("c4", date(2026, 3, 3)))
    elsewhere = Actor(staff_id="agent-2", role="village_agent", place="110116111202")
    with pytest.raises(ComplaintNotTracked):
        await sla.queries.complaint_clock(ComplaintClockOf("c4", elsewhere))
    with pytest.raises(ComplaintNotTracked):
        await sla.queries.complaint_clock(ComplaintClockOf("c404", SUPERVISOR))


def overdue(uow: Any) -> list[SlaComplaintOverdueV1]:
    return [e for e in uow.committed if isinstance(e, SlaComplaintOverdueV1)]


async def test_an_unanswered_complaint_fires_overdue_once_past_its_deadline(
    sla_with_calendar: Sla, uow: Any, moment: Moment,
) -> None:
    sla = sla_with_calendar
    await deliver(sla, uow, filed("c5", date(2026, 3, 2)))  # deadline: Monday 9 March
    fire = sla.commands.fire_overdue_complaints
    moment.now = at(date(2026, 3, 9), hour=23)
    assert await fire(FireOverdueComplaints(10)) == 0
    moment.now = datetime.combine(date(2026, 3, 9), time(23, 59, 59, 999_000), CHINA)
    await fire(FireOverdueComplaints(10))
    assert overdue(uow) == []
    moment.now = at(date(2026, 3, 10), hour=0)
    assert await fire(FireOverdueComplaints(10)) == 1
    moment.now = at(date(2026, 3, 11))
    assert await fire(FireOverdueComplaints(10)) == 0
    [event] = overdue(uow)
    assert (event.complaint_id, event.place_code, event.case_number) == (
        "c5", VILLAGE, "110116-20260302-000001")
    assert event.deadline == datetime.combine(date(2026, 3, 9), time(23, 59, 59, 999_000), CHINA)
    assert event.at == at(date(2026, 3, 10), hour=0)


async def test_a_complaint_answered_in_time_never_fires_overdue(
    sla_with_calendar: Sla, uow: Any, moment: Moment,
) -> None:
    sla = sla_with_calendar
    await deliver(sla, uow, filed("c6", date(2026, 3, 2)), answered("c6", date(2026, 3, 6)))
    moment.now = at(date(2026, 4, 1))
    assert await sla.commands.fire_overdue_complaints(FireOverdueComplaints(10)) == 0
    assert overdue(uow) == []


async def test_a_clock_claimed_before_its_deadline_waits_for_it(
    sla_with_calendar: Sla, uow: Any, moment: Moment,
) -> None:
    sla = sla_with_calendar
    await deliver(sla, uow, filed("c7", date(2026, 3, 2)))
    uow.complaints.rows["c7"].due_at = at(date(2026, 3, 2))  # as a clock from before due_at
    moment.now = at(date(2026, 3, 3))
    assert await sla.commands.fire_overdue_complaints(FireOverdueComplaints(10)) == 1
    assert overdue(uow) == []
    assert uow.complaints.rows["c7"].due_at == datetime.combine(
        date(2026, 3, 9), time(23, 59, 59, 999_000), CHINA)
