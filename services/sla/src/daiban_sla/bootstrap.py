"""The composition root: the only place that names SLA's concrete adapters."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from fractions import Fraction
from functools import partial

from sqlalchemy.ext.asyncio import AsyncEngine

from daiban_common.db import AsyncUnitOfWork, create_engine, session_factory
from daiban_common.event_handlers import EventHandlers
from daiban_kernel.contracts.case import (
    CaseAcceptedV1,
    CaseSubmittedV1,
    CaseSupplementedV1,
    CaseWithdrawnV1,
)
from daiban_kernel.contracts.matter import MatterPublishedV1, MatterUnpublishedV1
from daiban_sla import handlers
from daiban_sla.adapters.calendar_package import package_arrangements
from daiban_sla.adapters.orm import messaging
from daiban_sla.adapters.uow import SlaUnitOfWork
from daiban_sla.domain.calendar import CalendarYear
from daiban_sla.domain.case_clocks import RELAY_EVENTS
from daiban_sla.domain.moments import LightPolicy
from daiban_sla.ports import UnitOfWork
from daiban_sla.settings import SlaSettings

SOURCE = "/daiban/sla"
# every relay event type moves routing's flow_version on, so sla hears them all to keep the order
SUBSCRIBES = ("case.submitted", "case.accepted", "case.withdrawn", "case.supplemented",
              *(model.event_type for model in RELAY_EVENTS),
              "matter.published", "matter.unpublished")
PUBLISHES = ("calendar.year_loaded", "sla.warning", "sla.breached", "sla.timed_out",
             "sla.escalated")


@dataclass(frozen=True)
class Sla:
    """SLA's handlers, wired."""

    engine: AsyncEngine | None
    uow_factory: Callable[[], UnitOfWork]
    consumer_uow_factory: Callable[[], AsyncUnitOfWork] | None
    event_handlers: EventHandlers
    calendar: handlers.CurrentCalendar
    keeping: handlers.ClockKeeping
    arrange_year: Callable[[handlers.ArrangeYear], Awaitable[handlers.ArrangedYear]]
    calendar_year: Callable[[int], Awaitable[CalendarYear]]
    calendar_years: Callable[[], Awaitable[list[CalendarYear]]]
    load_package_calendar: Callable[[], Awaitable[list[int]]]


def light_policy(settings: SlaSettings) -> LightPolicy:
    """When lights change, from the settings."""
    return LightPolicy(yellow_share=Fraction(str(settings.yellow_share)),
                       yellow_days_before=settings.yellow_working_days_before,
                       escalate_after_days=settings.escalate_after_working_days)


def build(
    settings: SlaSettings,
    *,
    uow_factory: Callable[[], UnitOfWork] | None = None,
    now: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> Sla:
    """Wire SLA's handlers to Postgres, or to the given unit of work (tests)."""
    engine, consumer_factory = None, None
    if uow_factory is None:
        engine = create_engine(settings)
        consumer_factory = partial(SlaUnitOfWork, session_factory(engine), tables=messaging,
                                   source=SOURCE)
        uow_factory = consumer_factory
    factory = uow_factory
    calendar = handlers.CurrentCalendar(factory,
                                        recheck_seconds=settings.calendar_recheck_seconds)
    keeping = handlers.ClockKeeping(calendar, light_policy(settings))

    async def arrange(cmd: handlers.ArrangeYear) -> handlers.ArrangedYear:
        return await handlers.arrange_year(cmd, factory(), calendar=calendar, now=now)

    async def load_package() -> list[int]:
        return await handlers.take_package_years(package_arrangements(), factory(),
                                                 calendar=calendar, now=now)

    return Sla(
        engine=engine,
        uow_factory=factory,
        consumer_uow_factory=consumer_factory,
        event_handlers=_event_handlers(keeping),
        calendar=calendar,
        keeping=keeping,
        arrange_year=arrange,
        calendar_year=lambda year: handlers.calendar_year(year, factory()),
        calendar_years=lambda: handlers.calendar_years(factory()),
        load_package_calendar=load_package,
    )


def _event_handlers(keeping: handlers.ClockKeeping) -> EventHandlers:
    relay = partial(handlers.follow_relay, keeping=keeping)
    return EventHandlers({
        CaseSubmittedV1: handlers.track_submitted_case,
        CaseAcceptedV1: partial(handlers.start_clocks, keeping=keeping),
        CaseWithdrawnV1: partial(handlers.stop_withdrawn_case, keeping=keeping),
        CaseSupplementedV1: partial(handlers.resume_supplemented_case, keeping=keeping),
        **dict.fromkeys(RELAY_EVENTS, relay),
        MatterPublishedV1: handlers.keep_published_matter,
        MatterUnpublishedV1: handlers.withdraw_unpublished_matter,
    })
