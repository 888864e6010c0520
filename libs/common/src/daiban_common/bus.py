"""RabbitMQ topology and connections (aio-pika).

One durable topic exchange ``<ns>.events`` carries every domain event, routed by its type.
Each consuming service has

- a quorum queue ``<ns>.<service>`` bound to the types it hears, with a delivery limit (a message
  whose consumer dies that many times while holding it is parked, not redelivered forever);
- retry queues ``<ns>.<service>.retry.<n>``, one per delay of ``RETRY_DELAYS_SECONDS``, fed by
  the direct exchange ``<ns>.retry``: a message whose handler failed waits there for its delay
  (``x-message-ttl``), then dead-letters back into the service's queue;
- a parking lot ``<ns>.<service>.parked``, fed by the direct exchange ``<ns>.parked``, where a
  message lands once its retries are spent (``daiban parked replay`` sends it back).

The whole topology is declared at installation (``daiban migrate``, :func:`install_topology`),
before any process publishes, so no event published after installation is lost whatever order the
processes start in. Consumers declare their own part again at start (same arguments: a no-op).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import aio_pika
from aio_pika.abc import (
    AbstractChannel,
    AbstractExchange,
    AbstractQueue,
    AbstractRobustConnection,
)
from aio_pika.exceptions import AMQPError

from daiban_common.errors import InfrastructureError
from daiban_common.settings import CommonSettings


@dataclass(frozen=True)
class Topology:
    """The names a service uses on the broker."""

    namespace: str
    service: str

    @property
    def events_exchange(self) -> str:
        return f"{self.namespace}.events"

    @property
    def parked_exchange(self) -> str:
        return f"{self.namespace}.parked"

    @property
    def retry_exchange(self) -> str:
        return f"{self.namespace}.retry"

    @property
    def queue(self) -> str:
        return f"{self.namespace}.{self.service}"

    @property
    def parked_queue(self) -> str:
        return f"{self.namespace}.{self.service}.parked"

    def retry_queue(self, attempt: int) -> str:
        """The queue a message waits in before its ``attempt``-th retry (1-based)."""
        return f"{self.namespace}.{self.service}.retry.{attempt}"

    def retry_key(self, attempt: int) -> str:
        """The routing key on the retry exchange for that queue."""
        return f"{self.service}.{attempt}"


async def connect(settings: CommonSettings) -> AbstractRobustConnection:
    """A robust connection that reconnects and restores its topology."""
    try:
        return await aio_pika.connect_robust(
            settings.amqp_url.get_secret_value(), timeout=10,
            client_properties={"connection_name": "daiban"},
        )
    except (AMQPError, OSError) as exc:
        raise InfrastructureError(f"cannot reach the broker: {exc}") from exc


async def declare_events_exchange(channel: AbstractChannel, topology: Topology) -> AbstractExchange:
    """The durable topic exchange all domain events go through."""
    return await channel.declare_exchange(
        topology.events_exchange, aio_pika.ExchangeType.TOPIC, durable=True
    )


async def declare_service_queues(
    channel: AbstractChannel,
    topology: Topology,
    *,
    patterns: Sequence[str],
    settings: CommonSettings,
) -> AbstractQueue:
    """The service's quorum queue bound to its patterns, its retry queues and its parking lot."""
    events = await declare_events_exchange(channel, topology)
    parked = await channel.declare_exchange(
        topology.parked_exchange, aio_pika.ExchangeType.DIRECT, durable=True
    )
    lot = await channel.declare_queue(
        topology.parked_queue, durable=True, arguments={"x-queue-type": "quorum"}
    )
    await lot.bind(parked, routing_key=topology.service)
    queue = await channel.declare_queue(
        topology.queue,
        durable=True,
        arguments={
            "x-queue-type": "quorum",
            "x-delivery-limit": settings.delivery_limit,
            "x-dead-letter-exchange": topology.parked_exchange,
            "x-dead-letter-routing-key": topology.service,
            "x-dead-letter-strategy": "at-least-once",
            "x-overflow": "reject-publish",
        },
    )
    for pattern in patterns:
        await queue.bind(events, routing_key=pattern)
    await _declare_retry_queues(channel, topology, settings.retry_delays_seconds)
    return queue


async def _declare_retry_queues(channel: AbstractChannel, topology: Topology,
                                delays: Sequence[float]) -> None:
    retry = await channel.declare_exchange(
        topology.retry_exchange, aio_pika.ExchangeType.DIRECT, durable=True
    )
    for attempt, seconds in enumerate(delays, start=1):
        waiting = await channel.declare_queue(
            topology.retry_queue(attempt),
            durable=True,
            arguments={
                "x-queue-type": "quorum",
                "x-message-ttl": max(1, math.ceil(seconds * 1000)),
                # back through the default exchange into the service's own queue only
                "x-dead-letter-exchange": "",
                "x-dead-letter-routing-key": topology.queue,
                "x-dead-letter-strategy": "at-least-once",
                "x-overflow": "reject-publish",
            },
        )
        await waiting.bind(retry, routing_key=topology.retry_key(attempt))


async def install_topology(settings: CommonSettings,
                           subscriptions: Mapping[str, Sequence[str]]) -> list[str]:
    """Declare the exchanges and every consuming service's queues and bindings; returns the
    services whose queues were declared. Run at installation, before any process starts."""
    connection = await connect(settings)
    declared: list[str] = []
    async with connection:
        channel = await connection.channel()
        await declare_events_exchange(channel, Topology(settings.bus_namespace, "-"))
        for service, patterns in subscriptions.items():
            if not patterns:
                continue
            await declare_service_queues(channel, Topology(settings.bus_namespace, service),
                                         patterns=patterns, settings=settings)
            declared.append(service)
    return declared
