"""What a service does with each event it hears, declared once: a map from contract to handler.

The routing keys its queue binds are derived from the map, so a handler cannot exist without its
subscription, nor a subscription without its handler. Audit, which records every event whatever
its type, declares one handler for any event instead.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from daiban_common.envelope import Envelope
from daiban_kernel.contracts import registry
from daiban_kernel.events import EventData, EventRegistry, MalformedEvent

ContractHandler = Callable[[Any, Any], Awaitable[None]]
"""``async def handler(event: SomeEventV1, uow: UnitOfWork) -> None``: runs inside the consumer's
transaction and never commits."""
EnvelopeHandler = Callable[[Envelope, Any], Awaitable[None]]
"""A handler of the raw envelope, whatever its type (audit's ledger)."""

ANY_EVENT = "#"


@dataclass(frozen=True)
class WithTime:
    """A handler that also takes the event's CloudEvents ``time`` (as ``at=``): for read models
    that order late deliveries by when the event happened."""

    handler: Callable[..., Awaitable[None]]


@dataclass(frozen=True)
class WithEventId:
    """A handler that also takes the event's CloudEvents ``id`` and ``time`` (as ``event_id=``
    and ``at=``): for effects deduplicated per event (a notice per event, recipient and
    channel)."""

    handler: Callable[..., Awaitable[None]]


@dataclass(frozen=True)
class EventHandlers:
    """A service's event handlers, by the contract (type and version) each handles."""

    by_contract: Mapping[type[EventData], ContractHandler | WithTime | WithEventId] = field(
        default_factory=dict)
    any_event: EnvelopeHandler | None = None
    registry: EventRegistry = registry

    @property
    def routing_keys(self) -> tuple[str, ...]:
        """The event types the service's queue is bound to (``#`` for any event)."""
        if self.any_event is not None:
            return (ANY_EVENT,)
        return tuple(sorted({model.event_type for model in self.by_contract}))

    @property
    def event_types(self) -> frozenset[str]:
        """The event types handled by contract (every type, for a handler of any event)."""
        if self.any_event is not None:
            return frozenset(model.event_type for model in self.registry.models())
        return frozenset(model.event_type for model in self.by_contract)

    def handler_for(self, envelope: Envelope) -> EnvelopeHandler | None:
        """What to run for an envelope, or None when the service does not hear its type; a
        version of a heard type that no handler takes is a ``MalformedEvent`` (parked)."""
        if self.any_event is not None:
            return self.any_event
        if envelope.type not in self.event_types:
            return None
        data = self.registry.parse(envelope)
        handler = self.by_contract.get(type(data))
        if handler is None:
            raise MalformedEvent(f"{envelope.dataschema} has no handler in this service")

        async def handle(envelope: Envelope, uow: Any) -> None:
            if isinstance(handler, WithTime):
                await handler.handler(data, uow, at=envelope.time)
            elif isinstance(handler, WithEventId):
                await handler.handler(data, uow, event_id=envelope.id, at=envelope.time)
            else:
                await handler(data, uow)

        return handle
