"""Broker helpers for tests: a probe queue on the events exchange, polling with deadlines."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import TypeVar

import aio_pika
import pytest
from aio_pika.abc import AbstractIncomingMessage, AbstractQueue

from daiban_common.bus import Topology
from tests.support.infra import Infra

T = TypeVar("T")


async def eventually(probe: Callable[[], Awaitable[T | None]], *, within: float = 10.0,
                     every: float = 0.05, what: str = "condition") -> T:
    """Poll ``probe`` until it returns something truthy, or fail after ``within`` seconds."""
    deadline = time.monotonic() + within
    while True:
        value = await probe()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {within}s waiting for {what}")
        await asyncio.sleep(every)


MOST_RETRY_QUEUES = 20
"""The most retry queues a service can have (``RETRY_DELAYS_SECONDS`` holds at most 20 delays)."""


async def drop_namespace(amqp_url: str, namespace: str) -> None:
    """Delete every queue and exchange of a bus namespace: each quorum queue holds the broker's
    file handles, so a test that leaves its queues behind starves every later test."""
    connection = await aio_pika.connect(amqp_url)
    async with connection:
        channel = await connection.channel()
        for svc in ("intake", "routing", "sla", "audit", "notify", "probe"):
            topology = Topology(namespace, svc)
            names = [topology.queue, topology.parked_queue,
                     *(topology.retry_queue(n) for n in range(1, MOST_RETRY_QUEUES + 1))]
            for name in names:
                await channel.queue_delete(name)
        for kind in ("events", "parked", "retry"):
            await channel.exchange_delete(f"{namespace}.{kind}")


@pytest.fixture
async def cleanup_namespace(infra: Infra, namespace: str) -> AsyncIterator[None]:
    """Delete the test's queues and exchanges afterwards."""
    yield
    await drop_namespace(infra.amqp_url, namespace)


class Probe:
    """A temporary queue bound to the events exchange that collects what is published."""

    def __init__(self, queue: AbstractQueue) -> None:
        self.queue = queue

    async def next(self, *, within: float = 10.0) -> AbstractIncomingMessage:
        """The next message, or fail after ``within`` seconds."""
        async def get() -> AbstractIncomingMessage | None:
            return await self.queue.get(no_ack=True, fail=False)

        return await eventually(get, within=within, what="a published event")


@pytest.fixture
async def probe(infra: Infra, namespace: str, cleanup_namespace: None
                ) -> AsyncIterator[Probe]:
    """A probe bound to every event type in the test's namespace."""
    connection = await aio_pika.connect(infra.amqp_url)
    async with connection:
        channel = await connection.channel()
        exchange = await channel.declare_exchange(f"{namespace}.events",
                                                  aio_pika.ExchangeType.TOPIC, durable=True)
        queue = await channel.declare_queue(exclusive=True)
        await queue.bind(exchange, routing_key="#")
        yield Probe(queue)


class Running:
    """Runs a worker loop (consumer, relay) in the background for the length of a block."""

    def __init__(self, *workers: object) -> None:
        self._workers = workers
        self._stop = asyncio.Event()
        self._tasks: list[asyncio.Task[None]] = []

    async def __aenter__(self) -> Running:
        self._tasks = [asyncio.create_task(w.run(self._stop))  # type: ignore[attr-defined]
                       for w in self._workers]
        await asyncio.sleep(0)
        return self

    async def __aexit__(self, *exc: object) -> None:
        self._stop.set()
        await asyncio.wait_for(asyncio.gather(*self._tasks), timeout=15)


async def publish_raw(amqp_url: str, namespace: str, *messages: tuple[aio_pika.Message, str]
                      ) -> None:
    """Publish messages to the events exchange with confirms, as another system would."""
    connection = await aio_pika.connect(amqp_url)
    async with connection:
        channel = await connection.channel(publisher_confirms=True)
        exchange = await channel.declare_exchange(f"{namespace}.events",
                                                  aio_pika.ExchangeType.TOPIC, durable=True)
        for message, key in messages:
            await exchange.publish(message, routing_key=key)
