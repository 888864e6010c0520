"""The composition root: the only place that names routing's concrete adapters."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from functools import partial
from typing import Any, TypeVar

from sqlalchemy.ext.asyncio import AsyncEngine

from daiban_common.db import AsyncUnitOfWork, create_engine, session_factory
from daiban_common.envelope import Envelope
from daiban_common.inbox import EventHandler, typed
from daiban_kernel.contracts import registry
from daiban_kernel.contracts.case import (
    CaseAcceptedV1,
    CaseSubmittedV1,
    CaseSupplementedV1,
    CaseWithdrawnV1,
)
from daiban_kernel.contracts.matter import MatterPublishedV1, MatterUnpublishedV1
from daiban_kernel.contracts.sla import SlaTimedOutV1
from daiban_kernel.contracts.staff import StaffDeactivatedV1, StaffDutyChangedV1, StaffUpdatedV1
from daiban_kernel.events import EventData, MalformedEvent
from daiban_routing.adapters.orm import messaging
from daiban_routing.adapters.uow import RoutingUnitOfWork
from daiban_routing.handlers import cases, catalogue, cover
from daiban_routing.ports import UnitOfWork
from daiban_routing.settings import RoutingSettings

SOURCE = "/daiban/routing"
SUBSCRIBES = (
    "case.submitted", "case.accepted", "case.supplemented", "case.withdrawn", "sla.timed_out",
    "matter.published", "matter.unpublished",
    # its own: an absent or departed member's cases pass to their A/B partner
    "staff.duty_changed", "staff.updated", "staff.deactivated",
)
RELAY_EVENTS = (
    "case.routed", "case.assigned", "case.handed_over", "case.received", "case.returned",
    "case.resumed", "case.decided", "case.result_delivered", "case.closed",
    "case.handover_reminded",
)
PUBLISHES = (
    *RELAY_EVENTS,
    "place.created", "place.updated", "place.deactivated",
    "place.station_created", "place.station_updated", "place.station_deactivated",
    "place.department_created", "place.department_updated", "place.department_deactivated",
    "staff.created", "staff.updated", "staff.deactivated", "staff.duty_changed",
)
E = TypeVar("E", bound=EventData)


@dataclass(frozen=True)
class Routing:
    """Routing's handlers, wired."""

    engine: AsyncEngine | None
    uow: Callable[[], UnitOfWork]
    event_handlers: dict[str, EventHandler]
    consumer_uow: Callable[[], AsyncUnitOfWork] | None = None


def build(settings: RoutingSettings, *,
          uow_factory: Callable[[], UnitOfWork] | None = None) -> Routing:
    """Wire routing's handlers to Postgres, or to the given unit of work (tests)."""
    event_handlers = {
        "case.submitted": typed(CaseSubmittedV1, cases.record_submitted_case, registry),
        "case.accepted": typed(CaseAcceptedV1, cases.route_accepted_case, registry),
        "case.supplemented": typed(CaseSupplementedV1, cases.resume_supplemented_case, registry),
        "case.withdrawn": typed(CaseWithdrawnV1, cases.withdraw_case, registry),
        "sla.timed_out": typed(SlaTimedOutV1, cases.time_out_stage, registry),
        "staff.duty_changed": stamped(StaffDutyChangedV1, cover.cover_absent_member),
        "staff.updated": stamped(StaffUpdatedV1, cover.cover_absent_member),
        "staff.deactivated": stamped(StaffDeactivatedV1, cover.cover_absent_member),
        "matter.published": stamped(MatterPublishedV1, catalogue.record_published_matter),
        "matter.unpublished": stamped(MatterUnpublishedV1,
                                      catalogue.record_unpublished_matter),
    }
    if uow_factory is not None:
        return Routing(None, uow_factory, event_handlers)
    engine = create_engine(settings)
    postgres = partial(RoutingUnitOfWork, session_factory(engine), tables=messaging,
                       source=SOURCE)
    return Routing(engine, postgres, event_handlers, postgres)


def stamped(model: type[E], handler: Callable[..., Awaitable[None]]) -> EventHandler:
    """Like ``typed``, and passes the event's time (``at=``) for ordering late deliveries."""

    async def handle(envelope: Envelope, uow: Any) -> None:
        data = registry.parse(envelope)
        if not isinstance(data, model):
            raise MalformedEvent(f"{envelope.dataschema} is not a {model.__name__}")
        await handler(data, uow, at=envelope.time)

    return handle
