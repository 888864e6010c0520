"""The composition root: the only place that names routing's concrete adapters."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from sqlalchemy.ext.asyncio import AsyncEngine

from daiban_common.db import AsyncUnitOfWork, create_engine, session_factory
from daiban_common.event_handlers import EventHandlers, WithTime
from daiban_kernel.contracts.case import (
    CaseAcceptedV1,
    CaseSubmittedV1,
    CaseSupplementedV1,
    CaseWithdrawnV1,
)
from daiban_kernel.contracts.matter import MatterPublishedV1, MatterUnpublishedV1
from daiban_kernel.contracts.sla import SlaTimedOutV1
from daiban_kernel.contracts.staff import StaffDeactivatedV1, StaffDutyChangedV1, StaffUpdatedV1
from daiban_routing.adapters.orm import messaging
from daiban_routing.adapters.uow import RoutingUnitOfWork
from daiban_routing.handlers import cases, catalogue, cover
from daiban_routing.ports import UnitOfWork
from daiban_routing.settings import RoutingSettings

SOURCE = "/daiban/routing"
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


@dataclass(frozen=True)
class Routing:
    """Routing's handlers, wired."""

    engine: AsyncEngine | None
    uow: Callable[[], UnitOfWork]
    event_handlers: EventHandlers
    consumer_uow: Callable[[], AsyncUnitOfWork] | None = None


def build(settings: RoutingSettings, *,
          uow_factory: Callable[[], UnitOfWork] | None = None) -> Routing:
    """Wire routing's handlers to Postgres, or to the given unit of work (tests)."""
    event_handlers = EventHandlers({
        CaseSubmittedV1: cases.record_submitted_case,
        CaseAcceptedV1: cases.route_accepted_case,
        CaseSupplementedV1: cases.resume_supplemented_case,
        CaseWithdrawnV1: cases.withdraw_case,
        SlaTimedOutV1: cases.time_out_stage,
        StaffDutyChangedV1: WithTime(cover.cover_absent_member),
        StaffUpdatedV1: WithTime(cover.cover_absent_member),
        StaffDeactivatedV1: WithTime(cover.cover_absent_member),
        MatterPublishedV1: WithTime(catalogue.record_published_matter),
        MatterUnpublishedV1: WithTime(catalogue.record_unpublished_matter),
    })
    if uow_factory is not None:
        return Routing(None, uow_factory, event_handlers)
    engine = create_engine(settings)
    postgres = partial(RoutingUnitOfWork, session_factory(engine), tables=messaging,
                       source=SOURCE)
    return Routing(engine, postgres, event_handlers, postgres)
