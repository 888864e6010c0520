"""The reliability rules of the event backbone, against the real Postgres and RabbitMQ."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import textwrap
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from prometheus_client import REGISTRY
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from daiban_audit import bootstrap as audit_bootstrap
from daiban_audit import handlers as audit_handlers
from daiban_audit.adapters.orm import ledger
from daiban_audit.settings import AuditSettings
from daiban_common.db import create_engine
from daiban_common.envelope import Envelope
from daiban_common.event_handlers import EventHandlers
from daiban_common.inbox import EventConsumer
from daiban_common.outbox import to_message
from daiban_common.parked import list_parked, replay_parked
from daiban_intake.adapters.orm import messaging as intake_messaging
from tests.support.audit import audit_consumer
from tests.support.bus import Probe, Running, eventually, publish_raw
from tests.support.infra import Infra, settle_outbox

pytestmark = pytest.mark.integration


def ping(subject: str, n: int = 0) -> Envelope:
    """A minimal event of a type no contract owns; audit records any type."""
    return Envelope(source="/tests", type="test.ping", dataschema="urn:tests:ping:v1",
                    subject=subject, data={"n": n})


def audit_consumer_on(env: dict[str, str], *, handler: Callable[[Envelope, Any], Awaitable[None]]
                   | None = None) -> tuple[EventConsumer, AsyncEngine]:
    return audit_consumer(AuditSettings.model_validate(env),
                          handlers=EventHandlers(any_event=handler) if handler else None)


async def ledger_rows(audit: AsyncEngine, subject_prefix: str) -> list[Any]:
    async with audit.connect() as conn:
        return list((await conn.execute(
            select(ledger.c.seq, ledger.c.subject, ledger.c.event_id)
            .where(ledger.c.subject.like(subject_prefix + "%")).order_by(ledger.c.seq))).all())


def consumed(outcome: str, event_type: str = "test.ping") -> float:
    value = REGISTRY.get_sample_value("daiban_events_consumed_total",
                                      {"service": "audit", "type": event_type,
                                       "outcome": outcome})
    return value or 0.0


KILL_AFTER_COMMIT = textwrap.dedent("""
    import asyncio, os, signal
    from daiban_kernel.actor import Actor
    from daiban_kernel.cases import Channel
    from daiban_intake.bootstrap import build
    from daiban_intake.handlers import SubmitCase
    from daiban_intake.settings import IntakeSettings

    async def main():
        intake = build(IntakeSettings())
        number = await intake.commands.submit_case(SubmitCase(
            matter_code="MZ-001", village_code="110116104201", channel=Channel.STATION,
            applicant_name="李林珍", applicant_id_number="11010519491231002X",
            applicant_phone="13800138000",
            by=Actor(staff_id="agent-1", role="village_agent", place="110116104201")))
        print(number, flush=True)
        os.kill(os.getpid(), signal.SIGKILL)  # dies before any relay could publish

    asyncio.run(main())
""")


def _child_env(env: dict[str, str]) -> dict[str, str]:
    return {**os.environ, **{k.upper(): v for k, v in env.items()}}


async def test_outbox_row_is_published_after_the_process_dies_before_publishing(
    env: dict[str, str], probe: Probe
) -> None:
    engine = create_engine(AuditSettings.model_validate(env))
    outbox = intake_messaging.outbox
    await settle_outbox(engine, outbox)
    child = await asyncio.create_subprocess_exec(
        sys.executable, "-c", KILL_AFTER_COMMIT, env=_child_env(env),
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    out, err = await asyncio.wait_for(child.communicate(), timeout=60)
    assert child.returncode == -signal.SIGKILL, err.decode()
    number = out.decode().strip()

    async with engine.connect() as conn:
        row = (await conn.execute(select(outbox.c.published_at, outbox.c.event_type)
                                  .where(outbox.c.subject == number))).one()
    assert row.event_type == "case.submitted"
    assert row.published_at is None

    worker = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "daiban_common.cli", "worker", "intake", env=_child_env(env),
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL)
    try:
        message = await probe.next(within=20)
        while message.headers.get("cloudEvents_subject") != number:
            message = await probe.next(within=20)
    finally:
        worker.terminate()
        await asyncio.wait_for(worker.wait(), timeout=20)
    assert message.type == "case.submitted"

    async def published() -> bool:
        async with engine.connect() as conn:
            return bool(await conn.scalar(select(outbox.c.published_at)
                                          .where(outbox.c.subject == number)))
    await eventually(published, what="the row marked published")
    await engine.dispose()


async def test_a_redelivered_event_changes_nothing_the_second_time(
    env: dict[str, str], namespace: str, infra: Infra, cleanup_namespace: None
) -> None:
    consumer, audit = audit_consumer_on(env)
    event = ping(f"{namespace}-dup")
    duplicates_before = consumed("duplicate")
    async with Running(consumer):
        await asyncio.sleep(0.5)
        await publish_raw(infra.amqp_url, namespace, (to_message(event, {}), event.type),
                          (to_message(event, {}), event.type))

        async def second_seen() -> bool:
            return consumed("duplicate") >= duplicates_before + 1
        await eventually(second_seen, what="the second delivery to be handled")
    rows = await ledger_rows(audit, f"{namespace}-dup")
    assert [r.event_id for r in rows] == [event.id]
    await audit.dispose()


async def test_a_failing_handler_parks_its_message_while_the_queue_keeps_flowing(
    env: dict[str, str], namespace: str, infra: Infra, cleanup_namespace: None
) -> None:
    poison = ping(f"{namespace}-poison")
    good = [ping(f"{namespace}-good", n) for n in range(5)]
    repaired = asyncio.Event()

    async def flaky(envelope: Envelope, uow: Any) -> None:
        if envelope.id == poison.id and not repaired.is_set():
            raise RuntimeError("this handler cannot take the poison message")
        await audit_handlers.record_event(envelope, uow)

    consumer, audit = audit_consumer_on(env, handler=flaky)
    async with Running(consumer):
        await asyncio.sleep(0.5)
        await publish_raw(infra.amqp_url, namespace,
                          *[(to_message(e, {}), e.type) for e in [poison, *good]])

        async def good_applied() -> bool:
            return len(await ledger_rows(audit, f"{namespace}-good")) == len(good)
        await eventually(good_applied, what="the good messages behind the poison one")

        settings = AuditSettings.model_validate(env)

        async def parked_now() -> list[Any]:
            return await list_parked(settings, "audit")
        parked = await eventually(parked_now, within=20, what="the poison message parked")
        assert [p.event_id for p in parked] == [poison.id]
        assert await ledger_rows(audit, f"{namespace}-poison") == []

        repaired.set()
        replayed = await replay_parked(settings, "audit")
        assert [p.event_id for p in replayed] == [poison.id]

        async def poison_applied() -> bool:
            return len(await ledger_rows(audit, f"{namespace}-poison")) == 1
        await eventually(poison_applied, what="the replayed message applied")
    assert await list_parked(settings, "audit") == []
    await audit.dispose()


async def test_two_replicas_of_one_consumer_never_apply_an_event_twice(
    env: dict[str, str], namespace: str, infra: Infra, cleanup_namespace: None
) -> None:
    first, audit = audit_consumer_on(env)
    second, other = audit_consumer_on(env)
    events = [ping(f"{namespace}-rep-{n:03d}", n) for n in range(120)]
    redelivered = events[::3]
    applied_before = consumed("applied")
    async with Running(first, second):
        await asyncio.sleep(0.5)
        await publish_raw(infra.amqp_url, namespace,
                          *[(to_message(e, {}), e.type) for e in [*events, *redelivered]])

        async def all_handled() -> bool:
            return len(await ledger_rows(audit, f"{namespace}-rep-")) >= len(events)
        await eventually(all_handled, within=30, what="every event applied")

        async def duplicates_settled() -> bool:
            done = consumed("applied") - applied_before
            return done >= len(events)
        await eventually(duplicates_settled, what="the applied count")
    rows = await ledger_rows(audit, f"{namespace}-rep-")
    assert sorted(r.event_id for r in rows) == sorted(e.id for e in events)
    assert consumed("applied") - applied_before == len(events)

    async with audit_bootstrap.postgres_units(audit)() as uow:
        entries = await uow.ledger.range(after=rows[0].seq - 1,
                                         limit=rows[-1].seq - rows[0].seq + 1)
    assert [e.seq for e in entries] == list(range(rows[0].seq, rows[-1].seq + 1))
    assert all(e.holds() for e in entries)
    await audit.dispose()
    await other.dispose()


