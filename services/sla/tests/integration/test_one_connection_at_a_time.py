"""With a single free connection in its pool, every SLA API call, the sweeper, the calendar
watcher and the consumer's handlers still answer: none of them waits for a second connection
while it holds one (a nested one would time out against the real Postgres pool)."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, time
from typing import Any

import httpx
import pytest
from sqlalchemy import text

from daiban_common.auth import issue_dev_token
from daiban_common.envelope import Envelope
from daiban_common.inbox import EventConsumer
from daiban_kernel.actor import Actor
from daiban_kernel.cases import Channel
from daiban_kernel.china import CHINA
from daiban_kernel.contracts.case import Applicant, CaseAcceptedV1
from daiban_kernel.roles import Role
from daiban_sla.app import create_app
from daiban_sla.bootstrap import api_loops
from daiban_sla.handlers import OutlookToday
from daiban_sla.workers import CalendarWatcher, Sweeper

from .conftest import CLOCK_TERMS, Sla, SlaDb, case_ref, engine_of, loop_of, settings_of

pytestmark = pytest.mark.integration

ONE_CONNECTION: dict[str, object] = {"db_pool_size": 2, "db_pool_timeout_seconds": 2,
                                     "calendar_recheck_seconds": 0}
"""Two connections, one of which the test holds (``one_left``); a recheck of the calendar on
every use, so each call also reads the calendar's version."""


@contextlib.asynccontextmanager
async def one_left(sla: Sla) -> AsyncIterator[None]:
    """Hold one of the pool's two connections for the length of the block."""
    async with engine_of(sla).connect() as held:
        await held.execute(text("SELECT 1"))
        yield
MONDAY = datetime.combine(date(2026, 3, 2), time(10), CHINA)


async def test_the_api_answers_on_a_pool_of_one_connection(
    sla_db: SlaDb, sla_env: dict[str, str],
) -> None:
    ref = case_ref(1)
    await sla_db.start_clocks([ref], stage=None, budget=13, at=MONDAY)
    settings = settings_of(sla_env, **ONE_CONNECTION)
    app = create_app(settings)
    service: Sla = app.state.service
    token = issue_dev_token(settings, role=Role.ADMIN, place="110116")
    headers = {"Authorization": f"Bearer {token}"}
    async with one_left(service), httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://sla") as client:
        for path in (f"/v1/cases/{ref.case_number}", f"/v1/cases/{ref.case_number}/clocks",
                     "/v1/lights?light=red", "/v1/public/lights?place=110116&light=red",
                     "/v1/public/results?place=110116",
                     "/v1/calendar", "/v1/calendar/2026",
                     "/v1/calendar/add-working-days?from=2026-02-13&days=2"):
            response = await client.get(path, headers=headers)
            assert response.status_code == 200, (path, response.text)
        put = await client.put("/v1/admin/calendar/2027", headers=headers, json={
            "holidays": [{"date": "2027-01-01", "name": "元旦"}]})
        assert put.status_code == 201, put.text
        after = await client.get("/v1/calendar/working-days-between",
                                 params={"from": "2026-12-31", "to": "2027-01-04"})
        assert after.json() == {"working_days": 1}
    await service.close()


async def test_the_workers_loops_run_on_a_pool_of_one_connection_each(
    sla_db: SlaDb,
) -> None:
    later = datetime(2026, 3, 20, tzinfo=UTC)
    await sla_db.start_clocks([case_ref(2)], stage=None, budget=1, at=MONDAY)
    sweeping = sla_db.service(later, **ONE_CONNECTION)
    async with one_left(sweeping):
        assert await loop_of(sweeping, Sweeper).sweep() == 2

    watched = sla_db.service(**ONE_CONNECTION)
    [watcher] = api_loops(sla_db.settings, watched.queries)
    assert isinstance(watcher, CalendarWatcher)
    async with one_left(watched):
        watcher.observe(await watched.queries.calendar_outlook(OutlookToday()))

    consuming = sla_db.service(**ONE_CONNECTION)
    consumer: EventConsumer = loop_of(consuming, EventConsumer)
    accepted = CaseAcceptedV1(
        case=case_ref(3).model_copy(update={"matter_code": CLOCK_TERMS.code}), by=Actor(
            staff_id="a-1", role="village_agent", place="110116111201"),
        channel=Channel.STATION, at=MONDAY,
        applicant=Applicant(name="李林珍", id_number_masked="110105********002X"))
    async with one_left(consuming):
        await consumer_ready(consumer)
        assert await consumer.apply(Envelope.wrap(accepted, source="/test")) == "applied"
    clocks = await sla_db.sql_rows("SELECT stage FROM sla.clocks WHERE case_number = :n",
                                   n=case_ref(3).case_number)
    assert sorted(r[0] for r in clocks) == ["case", "village"]


async def consumer_ready(consumer: Any) -> None:
    """What the consumer does before its first message: load the calendar into memory."""
    await consumer._ready()
