"""The parking lot: list a service's parked messages and replay them into its queue.

Replay publishes to the service's own queue through the default exchange, so only the service that
parked a message sees it again, never the other subscribers of its type.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import aio_pika
from aio_pika.abc import AbstractIncomingMessage

from daiban_common.bus import Topology, connect
from daiban_common.envelope import HEADER_PREFIX
from daiban_common.settings import CommonSettings

_BROKER_HEADERS = ("x-death", "x-delivery-count", "x-first-death-exchange",
                   "x-first-death-queue", "x-first-death-reason", "x-last-death-exchange",
                   "x-last-death-queue", "x-last-death-reason")


@dataclass(frozen=True)
class ParkedMessage:
    """What an operator needs to decide about one parked message."""

    event_id: str
    event_type: str
    subject: str
    reason: str
    deaths: int


def _describe(message: AbstractIncomingMessage) -> ParkedMessage:
    headers: dict[str, Any] = dict(message.headers or {})
    deaths = headers.get("x-death") or []
    first: dict[str, Any] = deaths[0] if deaths and isinstance(deaths[0], dict) else {}
    return ParkedMessage(
        event_id=str(headers.get(HEADER_PREFIX + "id", message.message_id or "?")),
        event_type=str(headers.get(HEADER_PREFIX + "type", message.type or "?")),
        subject=str(headers.get(HEADER_PREFIX + "subject", "")),
        reason=str(first.get("reason", headers.get("x-first-death-reason", "?"))),
        deaths=int(first.get("count", 1)) if first else 1,
    )


async def list_parked(settings: CommonSettings, service: str, *, limit: int = 100
                      ) -> list[ParkedMessage]:
    """Peek at up to ``limit`` parked messages; they stay parked."""
    topology = Topology(settings.bus_namespace, service)
    connection = await connect(settings)
    async with connection:
        channel = await connection.channel()
        queue = await channel.get_queue(topology.parked_queue, ensure=True)
        found: list[ParkedMessage] = []
        while len(found) < limit:
            message = await queue.get(no_ack=False, fail=False, timeout=5)
            if message is None:
                break
            found.append(_describe(message))
        # closing the channel returns every unacknowledged message to the parking lot
        await channel.close()
    return found


async def replay_parked(settings: CommonSettings, service: str, *,
                        event_id: str | None = None, limit: int = 1000) -> list[ParkedMessage]:
    """Send parked messages (all, or the one with ``event_id``) back to the service's queue."""
    topology = Topology(settings.bus_namespace, service)
    connection = await connect(settings)
    replayed: list[ParkedMessage] = []
    async with connection:
        channel = await connection.channel(publisher_confirms=True)
        queue = await channel.get_queue(topology.parked_queue, ensure=True)
        for _ in range(limit):
            message = await queue.get(no_ack=False, fail=False, timeout=5)
            if message is None:
                break
            described = _describe(message)
            if event_id is not None and described.event_id != event_id:
                continue
            await channel.default_exchange.publish(_fresh_copy(message), routing_key=topology.queue)
            await message.ack()
            replayed.append(described)
        await channel.close()
    return replayed


def _fresh_copy(message: AbstractIncomingMessage) -> aio_pika.Message:
    headers = {k: v for k, v in (message.headers or {}).items() if k not in _BROKER_HEADERS}
    return aio_pika.Message(
        body=message.body,
        headers=headers,
        content_type=message.content_type,
        message_id=message.message_id,
        timestamp=message.timestamp,
        type=message.type,
        delivery_mode=aio_pika.DeliveryMode.PERSISTENT,
    )

