"""The broker topology is installed before any process runs, unroutable publishes are counted,
and a failing handler is retried after a delay instead of at once."""

from __future__ import annotations

import asyncio
import os
import sys
import time
import uuid
from typing import Any

import pytest
from prometheus_client import REGISTRY
from sqlalchemy import select

from daiban_audit import handlers as audit_handlers
from daiban_audit.adapters.orm import ledger
from daiban_audit.settings import AuditSettings
from daiban_common.bus import Topology, install_topology
from daiban_common.db import create_engine
from daiban_common.envelope import Envelope
from daiban_common.event_handlers import EventHandlers
from daiban_common.outbox import OutboxRelay, to_message
from daiban_common.parked import list_parked
from daiban_common.service import discover, subscriptions
from daiban_intake.adapters.orm import messaging as intake_messaging
from daiban_intake.settings import IntakeSettings
from tests.support.audit import audit_consumer, queue_declared
from tests.support.bus import Running, drop_namespace, eventually, publish_raw
from tests.support.infra import Infra, settle_outbox

pytestmark = pytest.mark.integration


def _ping(subject: str) -> Envelope:
    return Envelope(source="/tests", type="test.ping", dataschema="urn:tests:ping:v1",
                    subject=subject, data={"n": 0})


async def _intake_relay_with(event: Envelope, settings: IntakeSettings, engine: Any
                             ) -> OutboxRelay:
    """Intake's relay, with one event committed to its outbox as a handler would leave it."""
    async with engine.begin() as conn:
        await conn.execute(intake_messaging.outbox.insert().values(
            event_id=event.id, event_type=event.type, subject=event.subject,
            envelope=event.model_dump(mode="json"), trace_headers={}))
    return OutboxRelay(settings, engine=engine, tables=intake_messaging, service="intake")


def _sample(name: str, labels: dict[str, str]) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


async def test_migrate_declares_every_consuming_services_queue_before_any_process_starts(
    env: dict[str, str], infra: Infra, namespace: str
) -> None:
    specs = discover()
    declared = await install_topology(AuditSettings(**env),  # type: ignore[arg-type]
                                      subscriptions(specs, **env))
    try:
        assert sorted(declared) == sorted(name for name, keys in subscriptions(specs, **env).items()
                                          if keys)
        for service in declared:
            topology = Topology(namespace, service)
            assert await queue_declared(infra.amqp_url, topology.queue), service
            assert await queue_declared(infra.amqp_url, topology.parked_queue), service
            assert await queue_declared(infra.amqp_url, topology.retry_queue(1)), service
    finally:
        await drop_namespace(infra.amqp_url, namespace)


async def test_an_event_published_before_its_consumers_ever_ran_reaches_them(
    env: dict[str, str], infra: Infra, namespace: str
) -> None:
    """The worst start order: the publisher's relay runs and publishes before any consumer
    process has started; installation declared the queues, so nothing is lost."""
    specs = discover()
    settings = IntakeSettings(**env)  # type: ignore[arg-type]
    await install_topology(settings, subscriptions(specs, **env))
    engine = create_engine(settings)
    await settle_outbox(engine, intake_messaging.outbox)
    event = _ping(f"{namespace}-early")
    try:
        relay = await _intake_relay_with(event, settings, engine)
        async with Running(relay):
            async def published() -> bool:
                async with engine.connect() as conn:
                    return bool(await conn.scalar(
                        select(intake_messaging.outbox.c.published_at)
                        .where(intake_messaging.outbox.c.event_id == event.id)))
            await eventually(published, what="the event confirmed by the broker")

        # only now does any consumer start: audit's worker as its own process
        worker = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "daiban_common.cli", "worker", "audit",
            env={**os.environ, **{k.upper(): v for k, v in env.items()}},
            stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL)
        try:
            async def ledgered() -> list[Any]:
                async with engine.connect() as conn:
                    return list((await conn.execute(
                        select(ledger.c.event_id).where(ledger.c.subject == event.subject)
                    )).all())
            rows = await eventually(ledgered, within=30, what="the early event in the ledger")
        finally:
            worker.terminate()
            await asyncio.wait_for(worker.wait(), timeout=20)
        assert [r.event_id for r in rows] == [event.id]
    finally:
        await engine.dispose()
        await drop_namespace(infra.amqp_url, namespace)


async def test_an_event_no_queue_is_bound_to_is_counted_as_unroutable(
    env: dict[str, str], infra: Infra, namespace: str
) -> None:
    settings = IntakeSettings(**env)  # type: ignore[arg-type]
    engine = create_engine(settings)
    await settle_outbox(engine, intake_messaging.outbox)
    event = _ping(f"{namespace}-nowhere")
    labels = {"service": "intake", "type": "test.ping"}
    before = _sample("daiban_events_unroutable_total", labels)
    try:
        relay = await _intake_relay_with(event, settings, engine)
        async with Running(relay):
            async def counted() -> bool:
                return _sample("daiban_events_unroutable_total", labels) >= before + 1
            await eventually(counted, what="the returned event counted")
        assert _sample("daiban_events_unroutable_total", labels) == before + 1
    finally:
        await engine.dispose()
        await drop_namespace(infra.amqp_url, namespace)


async def test_a_handler_that_fails_twice_is_applied_once_after_a_delay_and_not_parked(
    env: dict[str, str], infra: Infra, namespace: str
) -> None:
    delays = (0.4, 0.4, 0.4)
    settings = AuditSettings(**{**env, "retry_delays_seconds": delays})  # type: ignore[arg-type]
    engine = create_engine(settings)
    event = _ping(f"{namespace}-flaky-{uuid.uuid4().hex[:6]}")
    attempts: list[float] = []

    async def flaky(envelope: Envelope, uow: Any) -> None:
        attempts.append(time.monotonic())
        if len(attempts) <= 2:
            raise RuntimeError("a transient cause")
        await audit_handlers.record_event(envelope, uow)

    consumer, audit_engine = audit_consumer(settings, handlers=EventHandlers(any_event=flaky))
    failed = {"service": "audit", "type": "test.ping", "outcome": "failed"}
    failed_before = _sample("daiban_events_consumed_total", failed)
    try:
        async with Running(consumer):
            await eventually(lambda: queue_declared(infra.amqp_url, f"{namespace}.audit"),
                             what="audit's queue")
            await publish_raw(infra.amqp_url, namespace, (to_message(event, {}), event.type))

            async def recorded() -> bool:  # committed, not only attempted a third time
                async with engine.connect() as conn:
                    return bool((await conn.execute(select(ledger.c.event_id).where(
                        ledger.c.subject == event.subject))).all())
            await eventually(recorded, within=20, what="the event in the ledger")
        assert len(attempts) == 3
        # each retry came back only after its delay, not at once
        assert attempts[1] - attempts[0] >= delays[0] * 0.9
        assert attempts[2] - attempts[1] >= delays[1] * 0.9
        assert _sample("daiban_events_consumed_total", failed) == failed_before + 2
        async with engine.connect() as conn:
            rows = (await conn.execute(select(ledger.c.event_id)
                                       .where(ledger.c.subject == event.subject))).all()
        assert [r.event_id for r in rows] == [event.id]
        assert await list_parked(settings, "audit") == []
    finally:
        await audit_engine.dispose()
        await engine.dispose()
        await drop_namespace(infra.amqp_url, namespace)
