"""A complaint's clock is kept from intake's complaint events on the real broker, an answer that
comes before its filing waiting until the filing has come."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

import pytest

from daiban_common.envelope import Envelope
from daiban_common.outbox import to_message
from daiban_kernel.actor import Actor
from daiban_kernel.china import CHINA
from daiban_kernel.contracts.case import ComplaintAnsweredV1, ComplaintFiledV1
from daiban_kernel.events import EventData
from daiban_sla.domain.complaint_clock import ComplaintClock
from tests.support.bus import Running, eventually, publish_raw

from .conftest import SlaDb

pytestmark = pytest.mark.integration

SUPERVISOR = Actor(staff_id="sup-1", role="supervisor", place="110116")


def at(day: int, hour: int = 10) -> datetime:
    return datetime.combine(date(2026, 3, day), time(hour), CHINA)


async def publish(sla_db: SlaDb, *events: EventData) -> None:
    settings = sla_db.settings
    await publish_raw(settings.amqp_url.get_secret_value(), settings.bus_namespace, *(
        (to_message(Envelope.wrap(e, source="/test"), {}), e.event_type) for e in events))


async def test_a_complaints_clock_starts_at_the_filing_and_stops_at_the_answer_in_any_order(
    sla_db: SlaDb, declare_queues: Any,
) -> None:
    await declare_queues(sla_db.settings, "sla", list(sla_db.sla.event_handlers.routing_keys))
    async with Running(sla_db.consumer()):
        await publish(
            sla_db,
            ComplaintAnsweredV1(complaint_id="bus-c1", place_code="110116111",
                                answer="已核实并回复", by=SUPERVISOR, at=at(5)),
            ComplaintFiledV1(complaint_id="bus-c1", place_code="110116111",
                             summary="窗口无人值守", at=at(2)))

        async def answered() -> ComplaintClock | None:
            async with sla_db.uow_factory() as uow:
                found = await uow.complaints.get("bus-c1")
            return found if found is not None and found.answered_at is not None else None

        clock = await eventually(answered, what="the complaint's clock stopped")
    assert (clock.place_code, clock.case_number, clock.filed_at, clock.answered_at,
            clock.budget_days) == ("110116111", None, at(2), at(5),
                                   sla_db.settings.complaint_answer_working_days)
