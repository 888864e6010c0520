"""The composition root: the only place that names audit's concrete adapters, chooses the clock
and the signing key, and binds each handler to its unit of work and collaborators."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from functools import partial

from sqlalchemy.ext.asyncio import AsyncEngine

from daiban_audit import handlers
from daiban_audit.adapters.ed25519_signer import Ed25519CheckpointSigner, ed25519_signature_check
from daiban_audit.adapters.orm import messaging
from daiban_audit.adapters.uow import PostgresUnitOfWork
from daiban_audit.domain.agent_ledger import AgentCaseLine
from daiban_audit.domain.checkpoint import SignedCheckpoint, verifier_key
from daiban_audit.domain.entry import LedgerEntry
from daiban_audit.domain.monthly_report import PlaceReport, ReportIssue, TravelCosts
from daiban_audit.domain.station_ledger import StationLedger
from daiban_audit.domain.verification import Verdict
from daiban_audit.ports import CheckpointSigner, SignatureCheck, UnitOfWork
from daiban_audit.settings import AuditSettings
from daiban_audit.workers import Checkpointer, MonthlyReporter
from daiban_common.db import create_engine, session_factory
from daiban_common.event_handlers import EventHandlers
from daiban_common.service import Runnable, Service, bound, standard_workers
from daiban_kernel.clock import Clock, Ids, random_ids, system_clock

NAME = "audit"
SOURCE = "/daiban/audit"
PUBLISHES = ("ledger.checkpoint", "report.monthly_ready")


@dataclass(frozen=True)
class Commands:
    """What changes audit's state (each a bound async callable)."""

    record_batch: Callable[[handlers.RecordBatch], Awaitable[list[LedgerEntry]]]
    issue_checkpoint: Callable[[handlers.IssueCheckpoint], Awaitable[SignedCheckpoint | None]]
    issue_monthly_reports: Callable[[handlers.IssueMonthlyReports],
                                    Awaitable[list[ReportIssue]]]


@dataclass(frozen=True)
class Queries:
    """What reads audit's state."""

    history: Callable[[handlers.HistoryOf], Awaitable[handlers.HistoryPage]]
    entries: Callable[[handlers.EntriesOfStaff | handlers.EntriesUnder],
                      Awaitable[handlers.EntryPage]]
    all_entries: Callable[[handlers.EntriesOfStaff | handlers.EntriesUnder],
                          Awaitable[AsyncIterator[list[LedgerEntry]]]]
    latest_checkpoint: Callable[[handlers.LatestCheckpoint], Awaitable[SignedCheckpoint]]
    inclusion_proof: Callable[[handlers.InclusionOf], Awaitable[handlers.InclusionProof]]
    consistency_proof: Callable[[handlers.ConsistencyBetween],
                                Awaitable[handlers.ConsistencyProof]]
    export: Callable[[handlers.ExportLedger], Awaitable[AsyncIterator[list[LedgerEntry]]]]
    verify: Callable[[handlers.VerifyLedger], Awaitable[Verdict]]
    check_checkpoint: Callable[[handlers.CheckCheckpoint], Awaitable[handlers.CheckpointFinding]]
    monthly_report: Callable[[handlers.MonthlyReportOf], Awaitable[PlaceReport]]
    weekly_report: Callable[[handlers.WeeklyReportOf], Awaitable[PlaceReport]]
    overview: Callable[[handlers.OverviewOf], Awaitable[PlaceReport]]
    savings: Callable[[handlers.SavingsOf], Awaitable[handlers.SavingsReport]]
    ranking: Callable[[handlers.RankingOf], Awaitable[handlers.Ranking]]
    agent_ledger: Callable[[handlers.AgentLedgerOf], Awaitable[list[AgentCaseLine]]]
    station_ledger: Callable[[handlers.StationLedgerOf], Awaitable[StationLedger]]
    report_status: Callable[[handlers.ReportStatusOf], Awaitable[list[handlers.TownReportStatus]]]
    verifier_key: str
    """The log's public key as a note verifier reads it."""


def signature_check() -> SignatureCheck:
    """How signatures are checked (the offline verifier needs nothing else)."""
    return ed25519_signature_check


def travel_costs(settings: AuditSettings) -> TravelCosts | None:
    """The savings report's cost of a trip and of a kilometre, when both are set."""
    if settings.savings_cost_per_trip_yuan is None or settings.savings_cost_per_km_yuan is None:
        return None
    return TravelCosts(settings.savings_cost_per_trip_yuan, settings.savings_cost_per_km_yuan)


def postgres_units(engine: AsyncEngine) -> Callable[[], PostgresUnitOfWork]:
    """Units of work on Postgres through ``engine``."""
    return partial(PostgresUnitOfWork, session_factory(engine), tables=messaging, source=SOURCE)


def build(settings: AuditSettings, *, uow_factory: Callable[[], UnitOfWork] | None = None,
          clock: Clock = system_clock, ids: Ids = random_ids) -> Service[Commands, Queries]:
    """Wire audit to Postgres, or to the given unit of work (tests)."""
    engine = None
    postgres = None
    if uow_factory is None:
        engine = create_engine(settings)
        postgres = postgres_units(engine)
        uow_factory = postgres
    factory = uow_factory
    signer: CheckpointSigner = Ed25519CheckpointSigner.from_settings(settings)
    check = signature_check()
    commands = Commands(
        record_batch=bound(handlers.record_batch, factory),
        issue_checkpoint=bound(partial(handlers.issue_checkpoint, signer=signer,
                                       origin=settings.ledger_origin, clock=clock), factory),
        issue_monthly_reports=bound(partial(handlers.issue_monthly_reports, clock=clock), factory),
    )
    queries = Queries(
        history=bound(handlers.history_of, factory),
        entries=bound(handlers.entries, factory),
        all_entries=bound(handlers.all_entries, factory),
        latest_checkpoint=bound(handlers.latest_checkpoint, factory),
        inclusion_proof=bound(handlers.inclusion_proof, factory),
        consistency_proof=bound(handlers.consistency_proof, factory),
        export=bound(handlers.ledger_pages, factory),
        verify=bound(partial(handlers.verify_ledger, key=signer.key, check=check), factory),
        check_checkpoint=bound(partial(handlers.check_checkpoint, key=signer.key, check=check),
                               factory),
        monthly_report=bound(partial(handlers.monthly_report_of, clock=clock), factory),
        weekly_report=bound(partial(handlers.weekly_report, clock=clock), factory),
        overview=bound(partial(handlers.overview, clock=clock), factory),
        savings=bound(partial(handlers.savings, costs=travel_costs(settings)), factory),
        ranking=bound(partial(handlers.ranking, clock=clock), factory),
        agent_ledger=bound(handlers.agent_ledger, factory),
        station_ledger=bound(handlers.station_ledger, factory),
        report_status=bound(partial(handlers.report_status, clock=clock), factory),
        verifier_key=verifier_key(signer.key.name, signer.key.public_key),
    )
    event_handlers = EventHandlers(any_event=handlers.record_event)
    workers: tuple[Runnable, ...] = ()
    if postgres is not None and engine is not None:
        checkpointer = Checkpointer(commands.issue_checkpoint,
                                    every_entries=settings.checkpoint_every_entries,
                                    every_seconds=settings.checkpoint_every_seconds)
        workers = standard_workers(settings, service=NAME, engine=engine, tables=messaging,
                                   handlers=event_handlers, uow_factory=postgres,
                                   own_loops=(checkpointer, MonthlyReporter(
                                       commands.issue_monthly_reports,
                                       every_seconds=settings.monthly_reports_look_every_seconds)))
    return Service(name=NAME, commands=commands, queries=queries,
                   event_handlers=event_handlers, workers=workers, engine=engine)
