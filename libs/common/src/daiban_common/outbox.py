"""The outbox relay: publishes committed outbox rows with publisher confirms.

The relay sleeps until the committing transaction's NOTIFY wakes it (or a poll interval passes, in
case a notification was missed while it was reconnecting). A row is marked published only after the
broker confirmed it. A crash between the confirm and the
mark publishes the row again on restart; consumers' inboxes make that harmless (at-least-once
delivery, exactly-once effect). Several relays may run: rows are claimed with SKIP LOCKED.

Every event is published ``mandatory``: one that no queue is bound to comes back from the broker,
and is counted (``daiban_events_unroutable_total``) and logged rather than silently dropped. The
topology is declared at installation, so that only happens to a type nobody subscribes to.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from typing import Any

import aio_pika
import asyncpg
from aio_pika.abc import AbstractExchange
from aio_pika.exceptions import DeliveryError
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from daiban_common.bus import Topology, connect, declare_events_exchange
from daiban_common.db import MessagingTables
from daiban_common.events import CONTENT_TYPE, Envelope
from daiban_common.lifecycle import keep_running
from daiban_common.observability import EVENTS_PUBLISHED, EVENTS_UNROUTABLE, OUTBOX_BACKLOG
from daiban_common.settings import CommonSettings, libpq_url

log = logging.getLogger(__name__)


def to_message(envelope: Envelope, trace_headers: dict[str, Any]) -> aio_pika.Message:
    """The AMQP message for an envelope: CloudEvents binary mode plus the trace context."""
    return aio_pika.Message(
        body=envelope.body(),
        content_type=CONTENT_TYPE,
        message_id=envelope.id,
        timestamp=envelope.time,
        type=envelope.type,
        delivery_mode=aio_pika.DeliveryMode.PERSISTENT,
        headers={**envelope.attribute_headers(), **trace_headers},
    )


class OutboxRelay:
    """Moves outbox rows of one service schema to the events exchange."""

    def __init__(
        self,
        settings: CommonSettings,
        *,
        engine: AsyncEngine,
        tables: MessagingTables,
        service: str,
    ) -> None:
        self._settings = settings
        self._engine = engine
        self._outbox = tables.outbox
        self._service = service
        self._topology = Topology(settings.bus_namespace, service)
        self._wake_channel = tables.wake_channel

    async def run(self, stop: asyncio.Event) -> None:
        """Relay until ``stop`` is set, surviving outages of the database or the broker."""
        await keep_running(self._relay, stop, name=f"{self._service} outbox relay")

    async def _relay(self, stop: asyncio.Event) -> None:
        wake = asyncio.Event()
        listener = await asyncpg.connect(libpq_url(self._settings.database_url))
        await listener.add_listener(self._wake_channel, lambda *_: wake.set())
        connection = await connect(self._settings)
        try:
            async with connection:
                channel = await connection.channel(publisher_confirms=True,
                                                   on_return_raises=True)
                exchange = await declare_events_exchange(channel, self._topology)
                while not stop.is_set():
                    wake.clear()
                    if await self.relay_batch(exchange) == 0:
                        await _first_of(wake, stop, seconds=self._settings.outbox_poll_seconds)
        finally:
            await listener.close()

    async def relay_batch(self, exchange: AbstractExchange) -> int:
        """Publish one batch of unpublished rows and mark them; returns how many were sent."""
        table = self._outbox
        async with self._engine.begin() as conn:
            rows = (
                await conn.execute(
                    select(table.c.seq, table.c.envelope, table.c.trace_headers)
                    .where(table.c.published_at.is_(None))
                    .order_by(table.c.seq)
                    .limit(self._settings.outbox_batch_size)
                    .with_for_update(skip_locked=True)
                )
            ).all()
            if rows:
                await self._publish_all(exchange, rows)
                await conn.execute(
                    update(table)
                    .where(table.c.seq.in_([r.seq for r in rows]))
                    .values(published_at=func.now(), attempts=table.c.attempts + 1)
                )
            backlog = await conn.scalar(
                select(func.count()).select_from(table).where(table.c.published_at.is_(None))
            )
        OUTBOX_BACKLOG.labels(self._service).set(max(0, (backlog or 0) - len(rows)))
        return len(rows)

    async def _publish_all(self, exchange: AbstractExchange, rows: Sequence[Any]) -> None:
        envelopes = [Envelope.model_validate(r.envelope) for r in rows]
        confirms = [
            exchange.publish(to_message(env, r.trace_headers), routing_key=env.type,
                             mandatory=True)
            for env, r in zip(envelopes, rows, strict=True)
        ]
        outcomes = await asyncio.gather(*confirms, return_exceptions=True)
        failures = [o for o in outcomes
                    if isinstance(o, BaseException) and not isinstance(o, DeliveryError)]
        if failures:
            raise failures[0]  # the batch stays unpublished and is sent again
        for env, outcome in zip(envelopes, outcomes, strict=True):
            if isinstance(outcome, DeliveryError):
                EVENTS_UNROUTABLE.labels(self._service, env.type).inc()
                log.warning("%s %s was returned unroutable: no queue is bound to its type",
                            env.type, env.id)
            else:
                EVENTS_PUBLISHED.labels(self._service, env.type).inc()



async def _first_of(wake: asyncio.Event, stop: asyncio.Event, *, seconds: float) -> None:
    waiters = [asyncio.ensure_future(wake.wait()), asyncio.ensure_future(stop.wait())]
    _, pending = await asyncio.wait(waiters, timeout=seconds,
                                    return_when=asyncio.FIRST_COMPLETED)
    for waiter in pending:
        waiter.cancel()
