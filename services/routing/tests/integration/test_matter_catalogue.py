"""Routing keeps the matter catalogue from intake's events on the real bus."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
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
from daiban_routing import bootstrap
from daiban_routing.adapters.orm import matters
from daiban_routing.settings import RoutingSettings
from tests.support.bus import Running, eventually, publish_raw
from tests.support.infra import Infra

pytestmark = pytest.mark.integration


def matter(code: str) -> MatterVersion:
    return MatterVersion(code=code, version=1, name="残疾人证办理", department_code="CL",
                         kind=MatterKind.PROXY, deciding_tier=Tier.DEPARTMENT,
                         limit_working_days=15, proxy_allowance_days=2,
                         stage_days={Tier.VILLAGE: 1, Tier.TOWN: 2, Tier.DEPARTMENT: 14},
                         published=True)


async def publish(infra: Infra, namespace: str, data: EventData) -> None:
    envelope = Envelope.wrap(data, source="/daiban/intake")
    await publish_raw(infra.amqp_url, namespace, (to_message(envelope, {}), envelope.type))


async def test_published_and_withdrawn_versions_reach_routings_read_model(
    env: dict[str, str], infra: Infra, namespace: str, cleanup_namespace: None,
    declare: Callable[[str, list[str]], Awaitable[None]],
) -> None:
    settings = RoutingSettings.model_validate(env)
    routing = bootstrap.build(settings)
    engine = routing.engine
    consumer = next(w for w in routing.workers if isinstance(w, EventConsumer))
    code = f"T-{uuid.uuid4().hex[:12]}"
    await declare("routing", list(routing.event_handlers.routing_keys))
    await publish(infra, namespace, MatterPublishedV1(matter=matter(code)))

    async def entry(published: bool) -> Any:
        async with engine.connect() as conn:  # type: ignore[union-attr]
            row = (await conn.execute(select(matters).where(matters.c.code == code))).first()
        return row if row is not None and row.published is published else None

    async with Running(consumer):
        row = await eventually(lambda: entry(True), what="the published matter")
        assert row.version == 1
        assert MatterVersion.model_validate(row.matter) == matter(code)
        await publish(infra, namespace, MatterUnpublishedV1(code=code, matter_version=1))
        await eventually(lambda: entry(False), what="the withdrawal")
    await routing.close()
