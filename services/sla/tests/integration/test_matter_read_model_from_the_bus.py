"""SLA keeps matter versions from intake's events as they arrive through the real broker."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from sqlalchemy import select

from daiban_common.envelope import Envelope
from daiban_common.inbox import EventConsumer
from daiban_common.outbox import to_message
from daiban_kernel.contracts.matter import (
    MatterKind,
    MatterPublishedV1,
    MatterUnpublishedV1,
    MatterVersion,
    Tier,
)
from daiban_kernel.events import EventData
from daiban_sla import bootstrap
from daiban_sla.adapters.orm import matters
from tests.support.bus import Running, eventually, publish_raw

from .conftest import engine_of, loop_of, settings_of

pytestmark = pytest.mark.integration


def published(code: str, version: int, limit: int) -> MatterPublishedV1:
    return MatterPublishedV1(matter=MatterVersion(
        code=code, version=version, name="残疾人证办理", department_code="CL",
        kind=MatterKind.PROXY, deciding_tier=Tier.DEPARTMENT, limit_working_days=limit,
        proxy_allowance_days=5,
        stage_days={Tier.VILLAGE: 1, Tier.TOWN: 2, Tier.COUNTY: 2, Tier.DEPARTMENT: limit},
        published=True))


async def publish(env: dict[str, str], *events: EventData) -> None:
    await publish_raw(env["amqp_url"], env["bus_namespace"], *(
        (to_message(Envelope.wrap(e, source="/daiban/intake"), {}), e.event_type)
        for e in events))


async def test_published_versions_are_kept_and_an_unpublished_one_keeps_its_limits(
    env: dict[str, str], declare_queues: Any,
) -> None:
    settings = settings_of(env)
    sla = bootstrap.build(settings)
    await declare_queues(settings, "sla", list(sla.event_handlers.routing_keys))
    code = f"CL-{uuid.uuid4().hex[:8]}"

    async def rows() -> dict[int, Any]:
        async with engine_of(sla).connect() as conn:
            found = (await conn.execute(select(matters).where(matters.c.code == code))).mappings()
            return {r["version"]: r for r in found}

    async with Running(loop_of(sla, EventConsumer)):
        await publish(env, published(code, 1, 20), published(code, 2, 15))
        kept = await eventually(lambda: _both(rows), what="both versions in sla's read model")
        assert (kept[1]["limit_working_days"], kept[2]["limit_working_days"]) == (20, 15)
        assert kept[2]["stage_days"] == {"village": 1, "town": 2, "county": 2, "department": 15}
        assert (kept[1]["published"], kept[2]["published"]) == (True, True)

        await publish(env, MatterUnpublishedV1(code=code, matter_version=1))

        async def withdrawn() -> Any:
            now = await rows()
            return now if not now[1]["published"] else None

        after = await eventually(withdrawn, what="version 1 marked unpublished")
    assert (after[1]["limit_working_days"], after[2]["published"]) == (20, True)
    await sla.close()


async def _both(rows: Any) -> dict[int, Any] | None:
    found: dict[int, Any] = await rows()
    return found if len(found) == 2 else None
