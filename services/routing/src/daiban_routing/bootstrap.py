"""The composition root: the only place that names routing's concrete adapters, chooses the clock
and the ids, and binds each handler to its unit of work and collaborators."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from functools import partial

from daiban_common.db import create_engine, session_factory
from daiban_common.event_handlers import EventHandlers, WithTime
from daiban_common.service import Runnable, Service, bound, standard_workers
from daiban_kernel.clock import Clock, Ids, random_ids, system_clock
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
from daiban_routing.adapters.sheet_files import CsvJsonSheets
from daiban_routing.adapters.uow import PostgresUnitOfWork
from daiban_routing.domain.case import RoutedCase
from daiban_routing.domain.handover import ActionEntry, Handover
from daiban_routing.domain.places import DepartmentRecord, PlaceRecord, StationRecord
from daiban_routing.domain.staff import StaffMember, StaffRecord
from daiban_routing.handlers import (
    cases,
    catalogue,
    cover,
    master,
    reads,
    relay,
    reminders,
    worklists,
)
from daiban_routing.handlers import staff as staff_handlers
from daiban_routing.handlers.worklists import AsOf
from daiban_routing.ports import UnitOfWork
from daiban_routing.settings import RoutingSettings
from daiban_routing.workers import HandoverReminder

NAME = "routing"
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
class Commands:
    """What changes routing's state (each a bound async callable)."""

    import_file: Callable[[master.ImportFile], Awaitable[master.ImportSummary]]
    create_record: master.CreatesRecords
    revise_record: master.RevisesRecords
    pair_partners: Callable[[staff_handlers.PairPartners], Awaitable[list[StaffRecord]]]
    deactivate_member: Callable[[staff_handlers.DeactivateMember], Awaitable[StaffRecord]]
    hand_over_case: Callable[[relay.HandOverCase], Awaitable[AsOf[Handover]]]
    receive_handover: Callable[[relay.ReceiveHandover], Awaitable[AsOf[RoutedCase]]]
    return_case: Callable[[relay.ReturnCase], Awaitable[AsOf[RoutedCase]]]
    decide_case: Callable[[relay.DecideCase], Awaitable[AsOf[RoutedCase]]]
    deliver_result: Callable[[relay.DeliverResult], Awaitable[AsOf[RoutedCase]]]
    close_case: Callable[[relay.CloseCase], Awaitable[AsOf[RoutedCase]]]
    reassign_case: Callable[[relay.ReassignCase], Awaitable[AsOf[RoutedCase]]]
    remind_waiting_handovers: Callable[[reminders.RemindWaitingHandovers], Awaitable[int]]


@dataclass(frozen=True)
class Queries:
    """What reads routing's state."""

    export_file: Callable[[master.ExportFile], Awaitable[bytes]]
    place_view: Callable[[reads.PlaceOf], Awaitable[reads.PlaceView]]
    places_under: Callable[[reads.PageUnder], Awaitable[list[PlaceRecord]]]
    stations_under: Callable[[reads.PageUnder], Awaitable[list[StationRecord]]]
    station: Callable[[reads.StationOf], Awaitable[StationRecord]]
    station_staff: Callable[[reads.StationOf], Awaitable[list[StaffRecord]]]
    member: Callable[[reads.MemberOf], Awaitable[StaffRecord]]
    departments_of: Callable[[reads.DepartmentsOf], Awaitable[list[DepartmentRecord]]]
    public_agents: Callable[[reads.PublicAgents], Awaitable[list[StaffMember]]]
    public_station: Callable[[reads.PublicStation], Awaitable[reads.StationDisclosure]]
    public_places: Callable[[reads.PublicPlaces], Awaitable[list[PlaceRecord]]]
    case_view: Callable[[worklists.CaseOf], Awaitable[AsOf[RoutedCase]]]
    case_history: Callable[[worklists.CaseOf], Awaitable[list[ActionEntry]]]
    held_by: Callable[[worklists.HeldBy], Awaitable[AsOf[list[RoutedCase]]]]
    at_station: Callable[[worklists.ListAt], Awaitable[AsOf[list[RoutedCase]]]]
    under_place: Callable[[worklists.ListAt], Awaitable[AsOf[list[RoutedCase]]]]
    pending_handovers: Callable[[worklists.ListAt], Awaitable[AsOf[list[Handover]]]]


def build(settings: RoutingSettings, *, uow_factory: Callable[[], UnitOfWork] | None = None,
          clock: Clock = system_clock, ids: Ids = random_ids) -> Service[Commands, Queries]:
    """Wire routing to Postgres, or to the given unit of work (tests)."""
    engine = None
    postgres = None
    if uow_factory is None:
        engine = create_engine(settings)
        postgres = partial(PostgresUnitOfWork, session_factory(engine), tables=messaging,
                           source=SOURCE)
        uow_factory = postgres
    factory = uow_factory
    commands = _commands(factory, clock=clock, ids=ids)
    queries = _queries(factory, clock=clock)
    event_handlers = _event_handlers(ids)
    workers: tuple[Runnable, ...] = ()
    if postgres is not None and engine is not None:
        reminder = HandoverReminder(settings, commands.remind_waiting_handovers)
        workers = standard_workers(settings, service=NAME, engine=engine, tables=messaging,
                                   handlers=event_handlers, uow_factory=postgres,
                                   own_loops=(reminder,))
    return Service(name=NAME, commands=commands, queries=queries,
                   event_handlers=event_handlers, workers=workers, engine=engine)


def _commands(factory: Callable[[], UnitOfWork], *, clock: Clock, ids: Ids) -> Commands:
    files = CsvJsonSheets()
    return Commands(
        import_file=bound(partial(master.import_file, files=files), factory),
        create_record=bound(master.create_record, factory),
        revise_record=bound(master.revise_record, factory),
        pair_partners=bound(staff_handlers.pair_partners, factory),
        deactivate_member=bound(staff_handlers.deactivate_member, factory),
        hand_over_case=bound(partial(relay.hand_over_case, clock=clock, ids=ids), factory),
        receive_handover=bound(partial(relay.receive_handover, clock=clock), factory),
        return_case=bound(partial(relay.return_case, clock=clock), factory),
        decide_case=bound(partial(relay.decide_case, clock=clock), factory),
        deliver_result=bound(partial(relay.deliver_result, clock=clock), factory),
        close_case=bound(partial(relay.close_case, clock=clock), factory),
        reassign_case=bound(partial(relay.reassign_case, clock=clock), factory),
        remind_waiting_handovers=bound(partial(reminders.remind_waiting_handovers,
                                               clock=clock), factory),
    )


def _queries(factory: Callable[[], UnitOfWork], *, clock: Clock) -> Queries:
    return Queries(
        export_file=bound(partial(master.export_file, files=CsvJsonSheets()), factory),
        place_view=bound(reads.place_view, factory),
        places_under=bound(reads.places_under, factory),
        stations_under=bound(reads.stations_under, factory),
        station=bound(reads.station, factory),
        station_staff=bound(reads.station_staff, factory),
        member=bound(reads.member, factory),
        departments_of=bound(reads.departments_of, factory),
        public_agents=bound(reads.public_agents, factory),
        public_station=bound(reads.public_station, factory),
        public_places=bound(reads.public_places, factory),
        case_view=bound(partial(worklists.case_view, clock=clock), factory),
        case_history=bound(worklists.case_history, factory),
        held_by=bound(partial(worklists.held_by, clock=clock), factory),
        at_station=bound(partial(worklists.at_station, clock=clock), factory),
        under_place=bound(partial(worklists.under_place, clock=clock), factory),
        pending_handovers=bound(partial(worklists.pending_handovers, clock=clock), factory),
    )


def _event_handlers(ids: Ids) -> EventHandlers:
    return EventHandlers({
        CaseSubmittedV1: cases.record_submitted_case,
        CaseAcceptedV1: cases.route_accepted_case,
        CaseSupplementedV1: cases.resume_supplemented_case,
        CaseWithdrawnV1: cases.withdraw_case,
        SlaTimedOutV1: partial(cases.time_out_stage, ids=ids),
        StaffDutyChangedV1: WithTime(cover.cover_absent_member),
        StaffUpdatedV1: WithTime(cover.cover_absent_member),
        StaffDeactivatedV1: WithTime(cover.cover_absent_member),
        MatterPublishedV1: WithTime(catalogue.record_published_matter),
        MatterUnpublishedV1: WithTime(catalogue.record_unpublished_matter),
    })
