"""The composition root: the only place that names SLA's concrete adapters, chooses the clock and
binds each handler to its unit of work and collaborators."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, datetime
from fractions import Fraction
from functools import partial

from daiban_common.db import create_engine, session_factory
from daiban_common.event_handlers import EventHandlers
from daiban_common.service import Runnable, Service, bound, standard_workers
from daiban_kernel.clock import Clock, Ids, random_ids, system_clock
from daiban_kernel.contracts.case import (
    CaseAcceptedV1,
    CaseSubmittedV1,
    CaseSupplementedV1,
    CaseWithdrawnV1,
    ComplaintAnsweredV1,
    ComplaintFiledV1,
)
from daiban_kernel.contracts.matter import MatterPublishedV1, MatterUnpublishedV1
from daiban_sla import handlers
from daiban_sla.adapters.clock_signal import clocks_written
from daiban_sla.adapters.orm import messaging
from daiban_sla.adapters.statutory_holidays import HolidaysPackage
from daiban_sla.adapters.uow import PostgresUnitOfWork
from daiban_sla.domain.calendar_outlook import CalendarOutlook
from daiban_sla.domain.calendar_year import CalendarYear
from daiban_sla.domain.case_clocks import RELAY_EVENTS
from daiban_sla.domain.clock import Light
from daiban_sla.domain.light_policy import LightPolicy
from daiban_sla.ports import UnitOfWork
from daiban_sla.settings import SlaSettings
from daiban_sla.workers import CalendarWatcher, Sweeper

NAME = "sla"
SOURCE = "/daiban/sla"
PUBLISHES = ("calendar.year_loaded", "sla.started", "sla.warning", "sla.breached",
             "sla.timed_out", "sla.escalated", "sla.complaint_overdue", "sla.clock_stopped")


@dataclass(frozen=True)
class Commands:
    """What changes SLA's state (each a bound async callable)."""

    arrange_year: Callable[[handlers.ArrangeYear], Awaitable[handlers.ArrangedYear]]
    take_package_years: Callable[[handlers.TakePackageYears], Awaitable[list[int]]]
    fire_due_clocks: Callable[[handlers.FireDueClocks], Awaitable[handlers.SweptBatch]]
    fire_overdue_complaints: Callable[[handlers.FireOverdueComplaints], Awaitable[int]]
    recompute_stale_clocks: Callable[[handlers.RecomputeStaleClocks], Awaitable[int]]


@dataclass(frozen=True)
class Queries:
    """What reads SLA's state."""

    case_clocks: Callable[[handlers.CaseOf], Awaitable[handlers.CaseReading]]
    complaint_clock: Callable[[handlers.ComplaintClockOf], Awaitable[handlers.ComplaintReading]]
    lights: Callable[[handlers.LightsUnder], Awaitable[handlers.LightsFound]]
    results: Callable[[handlers.ResultsUnder], Awaitable[handlers.ResultsFound]]
    calendar_year: Callable[[handlers.YearOf], Awaitable[CalendarYear]]
    calendar_years: Callable[[handlers.LoadedYears], Awaitable[list[CalendarYear]]]
    add_working_days: Callable[[handlers.WorkingDaysAfter], Awaitable[date]]
    working_days_between: Callable[[handlers.WorkingDaysBetween], Awaitable[int]]
    calendar_outlook: Callable[[handlers.OutlookToday], Awaitable[CalendarOutlook]]
    next_due: Callable[[handlers.NextDue], Awaitable[datetime | None]]
    open_clocks: Callable[[handlers.OpenClocks], Awaitable[dict[Light, int]]]


def light_policy(settings: SlaSettings) -> LightPolicy:
    """When lights change, from the settings."""
    return LightPolicy(yellow_share=Fraction(str(settings.yellow_share)),
                       yellow_days_before=settings.yellow_working_days_before,
                       escalate_after_days=settings.escalate_after_working_days)


def build(settings: SlaSettings, *, uow_factory: Callable[[], UnitOfWork] | None = None,
          clock: Clock = system_clock, ids: Ids = random_ids) -> Service[Commands, Queries]:
    """Wire SLA to Postgres, or to the given unit of work (tests)."""
    engine = None
    postgres = None
    if uow_factory is None:
        engine = create_engine(settings)
        postgres = partial(PostgresUnitOfWork, session_factory(engine), tables=messaging,
                           source=SOURCE)
        uow_factory = postgres
    factory = uow_factory
    calendar = handlers.CurrentCalendar(HolidaysPackage(),
                                        recheck_seconds=settings.calendar_recheck_seconds)
    keeping = handlers.ClockKeeping(calendar, light_policy(settings))
    commands = Commands(
        arrange_year=bound(partial(handlers.arrange_year, calendar=calendar, clock=clock),
                           factory),
        take_package_years=bound(
            partial(handlers.take_package_years, calendar=calendar, clock=clock), factory),
        fire_due_clocks=bound(partial(handlers.fire_due_clocks, keeping=keeping, clock=clock),
                              factory),
        fire_overdue_complaints=bound(
            partial(handlers.fire_overdue_complaints, keeping=keeping, clock=clock), factory),
        recompute_stale_clocks=bound(partial(handlers.recompute_stale_clocks, keeping=keeping),
                                     factory),
    )
    queries = Queries(
        case_clocks=bound(partial(handlers.case_clocks, keeping=keeping, clock=clock), factory),
        complaint_clock=bound(partial(handlers.complaint_clock, keeping=keeping, clock=clock),
                              factory),
        lights=bound(handlers.lights, factory),
        results=bound(partial(handlers.results, clock=clock), factory),
        calendar_year=bound(handlers.calendar_year, factory),
        calendar_years=bound(handlers.calendar_years, factory),
        add_working_days=bound(partial(handlers.add_working_days, calendar=calendar), factory),
        working_days_between=bound(partial(handlers.working_days_between, calendar=calendar),
                                   factory),
        calendar_outlook=bound(partial(handlers.calendar_outlook, calendar=calendar,
                                       clock=clock), factory),
        next_due=bound(handlers.next_due, factory),
        open_clocks=bound(handlers.open_clocks_by_light, factory),
    )
    event_handlers = _event_handlers(keeping, settings)
    workers: tuple[Runnable, ...] = ()
    if postgres is not None and engine is not None:
        sweeper = Sweeper(settings, fire_due=commands.fire_due_clocks,
                          fire_overdue=commands.fire_overdue_complaints,
                          recompute_stale=commands.recompute_stale_clocks,
                          next_due=queries.next_due, open_clocks=queries.open_clocks,
                          wakes=partial(clocks_written, settings), clock=clock)
        workers = standard_workers(
            settings, service=NAME, engine=engine, tables=messaging, handlers=event_handlers,
            uow_factory=postgres, own_loops=(sweeper, *api_loops(settings, queries)),
            ready=lambda: calendar.get(factory()))
    return Service(name=NAME, commands=commands, queries=queries,
                   event_handlers=event_handlers, workers=workers, engine=engine)


def api_loops(settings: SlaSettings, queries: Queries) -> tuple[Runnable, ...]:
    """The loops an SLA process runs beside its work, the API's too: the calendar watcher,
    which keeps the process's calendar fresh and exports how far ahead it is loaded."""
    return (CalendarWatcher(queries.calendar_outlook,
                            every_seconds=settings.calendar_recheck_seconds),)


def _event_handlers(keeping: handlers.ClockKeeping, settings: SlaSettings) -> EventHandlers:
    # every relay event type moves routing's flow_version on, so sla hears them all to keep the
    # order
    relay = partial(handlers.follow_relay, keeping=keeping)
    return EventHandlers({
        CaseSubmittedV1: handlers.track_submitted_case,
        CaseAcceptedV1: partial(handlers.start_clocks, keeping=keeping),
        CaseWithdrawnV1: partial(handlers.stop_withdrawn_case, keeping=keeping),
        CaseSupplementedV1: partial(handlers.resume_supplemented_case, keeping=keeping),
        **dict.fromkeys(RELAY_EVENTS, relay),
        ComplaintFiledV1: partial(handlers.start_complaint_clock,
                                  budget_days=settings.complaint_answer_working_days,
                                  keeping=keeping),
        ComplaintAnsweredV1: handlers.stop_complaint_clock,
        MatterPublishedV1: handlers.keep_published_matter,
        MatterUnpublishedV1: handlers.withdraw_unpublished_matter,
    })
