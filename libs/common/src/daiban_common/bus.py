"""RabbitMQ topology and connections (aio-pika).

One durable topic exchange ``<ns>.events`` carries every domain event, routed by its type.
Each service has a quorum queue ``<ns>.<service>`` with a delivery limit; a message refused that
many times is dead-lettered through ``<ns>.parked`` into the service's parking-lot queue
``<ns>.<service>.parked``, from which ``daiban parked replay`` sends it back to that service only.
"""

from __future__ import annotations

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
    def queue(self) -> str:
        return f"{self.namespace}.{self.service}"

    @property
    def parked_queue(self) -> str:
        return f"{self.namespace}.{self.service}.parked"


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
    patterns: list[str],
    delivery_limit: int,
) -> AbstractQueue:
    """The service's quorum queue bound to its patterns, and its parking lot."""
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
            "x-delivery-limit": delivery_limit,
            "x-dead-letter-exchange": topology.parked_exchange,
            "x-dead-letter-routing-key": topology.service,
            "x-dead-letter-strategy": "at-least-once",
            "x-overflow": "reject-publish",
        },
    )
    for pattern in patterns:
        await queue.bind(events, routing_key=pattern)
    return queue
