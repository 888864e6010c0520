"""The consumer keeps the clocks from flow events published on the real broker, in routing's
order whatever order they arrive in; a calendar change recomputes the open clocks."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

import pytest

from daiban_common.envelope import Envelope
from daiban_common.outbox import to_message
from daiban_kernel.actor import Actor
from daiban_kernel.cases import Channel
from daiban_kernel.china import CHINA
from daiban_kernel.contracts.case import Applicant, CaseAcceptedV1
from daiban_kernel.contracts.matter import Tier
from daiban_kernel.contracts.relay import (
    CaseHandedOverV1,
    CaseResumedV1,
    CaseReturnedV1,
    CaseRoutedV1,
)
from daiban_kernel.events import EventData
from daiban_sla.domain.clock import Clock
from daiban_sla.domain.year_arrangement import SpecialDay
from daiban_sla.handlers import ArrangeYear
from tests.support.bus import Running, eventually, publish_raw

from .conftest import SlaDb, case_ref

pytestmark = pytest.mark.integration

REF = case_ref(1)
AGENT = Actor(staff_id="agent-1", role="village_agent", place="110116111201")
CLERK = Actor(staff_id="clerk-1", role="town_clerk", place="110116111")


def at(day: int, hour: int = 10) -> datetime:
    return datetime.combine(date(2026, 3, day), time(hour), CHINA)


def day_end(day: date) -> datetime:
    return datetime.combine(day, time(23, 59, 59, 999_000), CHINA)


async def publish(sla_db: SlaDb, *events: EventData) -> None:
    settings = sla_db.settings
    await publish_raw(settings.amqp_url.get_secret_value(), settings.bus_namespace, *(
        (to_message(Envelope.wrap(e, source="/test"), {}), e.event_type) for e in events))


async def clocks_of(sla_db: SlaDb, number: str) -> dict[str, Clock]:
    async with sla_db.uow_factory() as uow:
        found = await uow.clocks.of_case(number, lock=False)
    return {c.clock_id.rsplit("/", 1)[1]: c for c in found}


async def test_clocks_follow_flow_events_published_out_of_order(
    sla_db: SlaDb, declare_queues: Any,
) -> None:
    await declare_queues(sla_db.settings, "sla",
                         list(sla_db.sla.event_handlers.routing_keys))
    returned = CaseReturnedV1.model_validate({
        "case": REF, "flow_version": 3, "at": at(4), "tier": "town", "by": CLERK,
        "reasons": [{"name": "户口簿", "reason": "复印件不清晰"}]})
    async with Running(sla_db.consumer()):
        await publish(
            sla_db,
            CaseResumedV1(case=REF, flow_version=4, at=at(9), tier=Tier.TOWN),
            returned,
            CaseHandedOverV1(case=REF, flow_version=2, at=at(3), handover_id="h1",
                             from_tier=Tier.VILLAGE, to_tier=Tier.TOWN, direction="up",
                             by=AGENT),
            CaseAcceptedV1(case=REF, channel=Channel.STATION,
                           applicant=Applicant(name="李林珍",
                                               id_number_masked="110105********002X"),
                           by=AGENT, at=at(2)),
            CaseRoutedV1(case=REF, flow_version=1, at=at(2, 11),
                         path=(Tier.VILLAGE, Tier.TOWN, Tier.COUNTY, Tier.DEPARTMENT),
                         deciding_tier=Tier.DEPARTMENT))

        async def resumed() -> dict[str, Clock] | None:
            found = await clocks_of(sla_db, REF.case_number)
            town = found.get("town")
            return found if town is not None and town.pauses and not town.paused else None

        found = await eventually(resumed, what="the town's clock resumed")
    village, town, case = found["village"], found["town"], found["case"]
    assert (village.stop_reason, village.used_days, village.on_time) == ("handed_over", 1, True)
    assert (town.started_at, town.paused_days) == (at(3), 3)  # Thu 5, Fri 6, Mon 9
    assert town.moments.deadline == day_end(date(2026, 3, 10))
    assert case.paused_days == 3
    assert case.moments.deadline == day_end(date(2026, 3, 24))  # 13 days + 3 paused


async def test_a_case_opened_in_december_runs_on_a_provisional_deadline_until_the_year_is_loaded(
    sla_db: SlaDb,
) -> None:
    december = datetime.combine(date(2026, 12, 28), time(10), CHINA)
    [waiting] = await sla_db.start_clocks([case_ref(7, day="20261228")], stage=None,
                                          budget=10, at=december)
    # 29, 30, 31, then 2027 on weekends and the statutory 元旦 (Fri 01-01) only: 4..8, 11, 12
    assert (waiting.moments.deadline, waiting.moments.provisional) == (
        day_end(date(2027, 1, 12)), True)
    assert waiting.next_due_at is not None

    on_monday = datetime.combine(date(2027, 1, 11), time(9), CHINA)
    assert await sla_db.sweeper(now=on_monday).sweep() == 1
    assert await sla_db.sql_rows(
        "SELECT event_type, envelope->'data'->>'provisional' FROM sla.outbox "
        "WHERE event_type LIKE 'sla.%'") == [("sla.warning", "true")]

    new_year = tuple(SpecialDay(date(2027, 1, d), "元旦") for d in (1, 2, 3))
    make_up = (SpecialDay(date(2027, 1, 9), "元旦"),)  # made up for the test: a worked Saturday
    await sla_db.sla.commands.arrange_year(ArrangeYear(2027, new_year, make_up, by="admin-1"))
    await sla_db.sweeper(now=on_monday).sweep()
    [clock] = (await clocks_of(sla_db, waiting.case.case_number)).values()
    assert (clock.moments.deadline, clock.moments.provisional) == (
        day_end(date(2027, 1, 11)), False)

    with_a_day_off = (*new_year, SpecialDay(date(2027, 1, 11), "调整"))
    await sla_db.sla.commands.arrange_year(ArrangeYear(2027, with_a_day_off, (),
                                                       by="admin-1"))
    await sla_db.sweeper(now=on_monday).sweep()
    [clock] = (await clocks_of(sla_db, waiting.case.case_number)).values()
    assert (clock.moments.deadline, clock.moments.provisional) == (
        day_end(date(2027, 1, 13)), False)
    assert clock.next_due_at is not None
