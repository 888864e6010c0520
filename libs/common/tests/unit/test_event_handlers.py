"""A service's event handlers are declared once; its queue's bindings come from them."""

from __future__ import annotations

from typing import Any

import pytest

from daiban_common.envelope import Envelope
from daiban_common.event_handlers import EventHandlers, WithTime
from daiban_kernel.contracts.matter import MatterUnpublishedV1
from daiban_kernel.contracts.sla import SlaTimedOutV1
from daiban_kernel.events import MalformedEvent


async def _nothing(event: Any, uow: Any) -> None:
    return None


def test_the_routing_keys_are_the_types_of_the_handled_contracts() -> None:
    handlers = EventHandlers({SlaTimedOutV1: _nothing, MatterUnpublishedV1: _nothing})
    assert handlers.routing_keys == ("matter.unpublished", "sla.timed_out")


def test_a_handler_of_any_event_binds_everything() -> None:
    assert EventHandlers(any_event=_nothing).routing_keys == ("#",)


async def test_an_event_reaches_its_contracts_handler_with_its_time_when_asked() -> None:
    seen: list[tuple[Any, Any]] = []

    async def keep(event: Any, uow: Any, *, at: Any) -> None:
        seen.append((event, at))

    handlers = EventHandlers({MatterUnpublishedV1: WithTime(keep)})
    data = MatterUnpublishedV1(code="MZ-001", matter_version=2)
    envelope = Envelope.wrap(data, source="/tests")
    handler = handlers.handler_for(envelope)
    assert handler is not None
    await handler(envelope, object())
    assert seen == [(data, envelope.time)]


def test_an_event_type_the_service_does_not_hear_has_no_handler() -> None:
    handlers = EventHandlers({SlaTimedOutV1: _nothing})
    envelope = Envelope(source="/tests", type="test.ping", dataschema="urn:tests:ping:v1",
                        data={})
    assert handlers.handler_for(envelope) is None


def test_a_version_of_a_heard_type_without_a_handler_is_malformed() -> None:
    handlers = EventHandlers({SlaTimedOutV1: _nothing})
    envelope = Envelope(source="/tests", type="sla.timed_out",
                        dataschema="urn:daiban:schema:sla.timed_out:v9", data={})
    with pytest.raises(MalformedEvent):
        handlers.handler_for(envelope)
