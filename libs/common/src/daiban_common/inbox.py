"""The idempotent consumer: one service's queue, its handlers, and the inbox.

For each message: parse the CloudEvent, start a span that is a child of the publisher's trace, then
in ONE transaction claim the event id in the inbox and run the handler; ack only after the commit.
A duplicate (the inbox already has the id) is acked with no effect. A handler error rolls back; the
message is then published (with a confirm) to the service's retry queue for its attempt, where it
waits ``RETRY_DELAYS_SECONDS[attempt - 1]`` before it comes back, and only then is the delivery
acked. Once the delays are spent it is parked. A transient cause (a read model one event behind, a
lock timeout, a restarted database) thus heals by itself. A message that is not a CloudEvent at
all, or whose data breaks its contract, is parked at once.

Concurrency: the consumer handles at most ``concurrency`` messages at once (the channel's
prefetch), and each holds one pool connection, so the caller sizes it below the pool.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Mapping
from typing import Any, Literal, TypeVar

import aio_pika
from aio_pika.abc import AbstractExchange, AbstractIncomingMessage
from opentelemetry import trace

from daiban_common.bus import Topology, connect, declare_service_queues
from daiban_common.db import AsyncUnitOfWork
from daiban_common.errors import NotYetKnown
from daiban_common.events import Envelope, EventData, EventRegistry, MalformedEvent, registry
from daiban_common.lifecycle import keep_running, wait_or_stop
from daiban_common.observability import (
    EVENTS_CONSUMED,
    HANDLER_DURATION,
    QUEUE_DEPTH,
    context_from_headers,
    tracer,
)
from daiban_common.settings import CommonSettings

log = logging.getLogger(__name__)

EventHandler = Callable[[Envelope, AsyncUnitOfWork], Awaitable[None]]
Outcome = Literal["applied", "duplicate", "ignored"]
E = TypeVar("E", bound=EventData)
ANY_EVENT = "#"  # a handler under this key receives every event type without its own


class EventConsumer:
    """Consumes a service's queue into its handlers, exactly once in effect."""

    def __init__(
        self,
        settings: CommonSettings,
        *,
        service: str,
        handlers: Mapping[str, EventHandler],
        patterns: list[str],
        uow_factory: Callable[[], AsyncUnitOfWork],
        concurrency: int | None = None,
        ready: Callable[[], Awaitable[object]] | None = None,
    ) -> None:
        self._settings = settings
        self.concurrency = concurrency or settings.consumer_prefetch
        self._retry: AbstractExchange | None = None
        self._ready = ready
        """Loads what handlers read from memory (a calendar) before the first message."""
        self._service = service
        self._handlers = handlers
        self._patterns = patterns
        self._uow_factory = uow_factory
        self._topology = Topology(settings.bus_namespace, service)
        self._tracer = tracer(f"daiban.{service}.consumer")
        self._start_series_at_zero()

    def _start_series_at_zero(self) -> None:
        """Alerts on ``increase()`` miss a series whose first sample is already 1."""
        types = set(self._handlers) - {ANY_EVENT}
        if ANY_EVENT in self._handlers:
            types |= {model.event_type for model in registry.models()}
        for event_type in types:
            for outcome in ("failed", "parked"):
                EVENTS_CONSUMED.labels(self._service, event_type, outcome)

    async def run(self, stop: asyncio.Event) -> None:
        """Consume until ``stop`` is set, surviving outages; then finish in-flight messages."""
        await keep_running(self._consume, stop, name=f"{self._service} consumer")

    async def _consume(self, stop: asyncio.Event) -> None:
        if self._ready is not None:
            await self._ready()
        connection = await connect(self._settings)
        async with connection:
            channel = await connection.channel(publisher_confirms=True)
            await channel.set_qos(prefetch_count=self.concurrency)
            queue = await declare_service_queues(
                channel, self._topology, patterns=self._patterns, settings=self._settings)
            self._retry = await channel.get_exchange(self._topology.retry_exchange)
            tag = await queue.consume(self.on_message)
            while not stop.is_set():
                QUEUE_DEPTH.labels(self._service).set(
                    (await queue.declare()).message_count or 0)
                await wait_or_stop(stop, 10)
            await queue.cancel(tag)

    async def on_message(self, message: AbstractIncomingMessage) -> None:
        """Handle one delivery: ack after commit, requeue on failure, park if malformed."""
        headers = dict(message.headers or {})
        try:
            envelope = Envelope.from_amqp(headers, message.body)
        except MalformedEvent as exc:
            log.error("parking a malformed message %s: %s", message.message_id, exc)
            EVENTS_CONSUMED.labels(self._service, str(message.type), "parked").inc()
            await message.reject(requeue=False)
            return
        span_name = f"{envelope.type} process"
        with self._tracer.start_as_current_span(
            span_name,
            context=context_from_headers(headers),
            kind=trace.SpanKind.CONSUMER,
            attributes={
                "messaging.system": "rabbitmq",
                "messaging.operation.type": "process",
                "messaging.destination.name": self._topology.queue,
                "messaging.message.id": envelope.id,
                "cloudevents.event_type": envelope.type,
                "cloudevents.event_subject": envelope.subject or "",
            },
        ):
            await self._process(message, envelope)

    async def _process(self, message: AbstractIncomingMessage, envelope: Envelope) -> None:
        started = time.perf_counter()
        try:
            outcome = await self.apply(envelope)
        except MalformedEvent as exc:
            log.error("parking %s %s: its data breaks the contract: %s",
                      envelope.type, envelope.id, exc)
            EVENTS_CONSUMED.labels(self._service, envelope.type, "parked").inc()
            await message.reject(requeue=False)
            return
        except Exception as exc:  # noqa: BLE001 - any handler failure is retried, then parked
            await self._retry_later(message, envelope, exc)
            return
        finally:
            HANDLER_DURATION.labels(self._service, envelope.type).observe(
                time.perf_counter() - started
            )
        EVENTS_CONSUMED.labels(self._service, envelope.type, outcome).inc()
        await message.ack()

    async def apply(self, envelope: Envelope) -> Outcome:
        """Run the handler and the inbox claim in one transaction."""
        handler = self._handlers.get(envelope.type) or self._handlers.get(ANY_EVENT)
        if handler is None:
            return "ignored"
        async with self._uow_factory() as uow:
            if not await uow.claim(envelope):
                return "duplicate"
            await handler(envelope, uow)
            await uow.commit()
        return "applied"

    async def _retry_later(self, message: AbstractIncomingMessage, envelope: Envelope,
                           exc: Exception) -> None:
        attempt = _attempts(message) + 1
        delays = self._settings.retry_delays_seconds
        trace.get_current_span().set_status(trace.StatusCode.ERROR)
        if attempt > len(delays):
            log.error("parking %s %s: its handler failed %d times, the last: %r",
                      envelope.type, envelope.id, attempt, exc)
            EVENTS_CONSUMED.labels(self._service, envelope.type, "parked").inc()
            await message.reject(requeue=False)
            return
        delay = delays[attempt - 1]
        if isinstance(exc, NotYetKnown):
            log.warning("%s %s waits for an earlier event (%s); retry %d in %.1fs",
                        envelope.type, envelope.id, exc.detail, attempt, delay)
        else:
            log.exception("handler for %s %s failed; retry %d in %.1fs",
                          envelope.type, envelope.id, attempt, delay)
        EVENTS_CONSUMED.labels(self._service, envelope.type, "failed").inc()
        try:
            assert self._retry is not None, "retries are scheduled only while consuming"
            await self._retry.publish(_retry_copy(message, attempt),
                                      routing_key=self._topology.retry_key(attempt))
        except Exception:
            log.exception("could not schedule the retry of %s; returning it to the queue",
                          envelope.id)
            await message.nack(requeue=True)
            return
        await message.ack()


ATTEMPT_HEADER = "x-daiban-attempt"
"""How many times a handler has failed on this message (set on its retry copies)."""


def _attempts(message: AbstractIncomingMessage) -> int:
    value = (message.headers or {}).get(ATTEMPT_HEADER, 0)
    return int(value) if isinstance(value, int | str) else 0


def _retry_copy(message: AbstractIncomingMessage, attempt: int) -> aio_pika.Message:
    headers = {k: v for k, v in (message.headers or {}).items()
               if not k.startswith("x-") or k == ATTEMPT_HEADER}
    headers[ATTEMPT_HEADER] = attempt
    return aio_pika.Message(
        body=message.body, headers=headers, content_type=message.content_type,
        message_id=message.message_id, timestamp=message.timestamp, type=message.type,
        delivery_mode=aio_pika.DeliveryMode.PERSISTENT)


def typed(
    model: type[E], handler: Callable[[E, Any], Awaitable[None]], registry: EventRegistry
) -> EventHandler:
    """Adapt a handler of one event model to the consumer: parse, check the model, call."""

    async def handle(envelope: Envelope, uow: AsyncUnitOfWork) -> None:
        data = registry.parse(envelope)
        if not isinstance(data, model):
            raise MalformedEvent(f"{envelope.dataschema} is not a {model.__name__}")
        await handler(data, uow)

    return handle
