"""What every audit test tree shares: the in-memory ledger and checkpoints (the unit tests' unit of
work, and one side of each repository's contract suite), and a database of each test's own.

The ledger is one sequence for the whole database, and some tests lift its trigger to forge
rows, so each database test gets a copy of a template database with audit's schema at head."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Callable, Collection, Iterator, Sequence
from datetime import datetime

import pytest

from daiban_audit.adapters.orm import SCHEMA
from daiban_audit.bootstrap import postgres_units
from daiban_audit.domain import merkle
from daiban_audit.domain.case_record import CaseRecord, PlaceNode
from daiban_audit.domain.checkpoint import SignedCheckpoint
from daiban_audit.domain.entry import LedgerEntry, Recorded
from daiban_audit.domain.merkle import Subtree
from daiban_audit.domain.monthly_report import ReportIssue
from daiban_audit.domain.station_ledger import StaffPost
from daiban_audit.ports import (
    CaseRecordRepository,
    CheckpointRepository,
    LedgerRepository,
    PlaceTreeRepository,
    ReportIssueRepository,
    StaffPostRepository,
    UnitOfWork,
)
from daiban_audit.settings import AuditSettings
from daiban_common.db import create_engine
from daiban_common.migrations import upgrade
from tests.support.databases import database_url, run_admin_sql
from tests.support.fakes import FakeUnitOfWork

# ------------------------------------------------------------------------------------ fakes


class FakeLedger(LedgerRepository):
    def __init__(self) -> None:
        self.rows: list[LedgerEntry] = []
        self.subtrees: dict[Subtree, bytes] = {}
        self._edge = merkle.Frontier()

    async def append(self, recorded: Sequence[Recorded]) -> list[LedgerEntry]:
        if any(r.event_id in {e.recorded.event_id for e in self.rows} for r in recorded):
            raise ValueError("an event is recorded once")
        added = [LedgerEntry.sealed(r, seq=len(self.rows) + n)
                 for n, r in enumerate(recorded, start=1)]
        self.rows.extend(added)
        self.subtrees.update(self._edge.extend_completing(e.leaf_hash for e in added))
        return added

    async def subtree_roots(self, subtrees: Collection[Subtree]) -> dict[Subtree, bytes]:
        found = {t: self.rows[t.idx].leaf_hash for t in subtrees
                 if t.height == 0 and t.idx < len(self.rows)}
        return found | {t: self.subtrees[t] for t in subtrees if t in self.subtrees}

    async def stored_subtrees(self, *, after: Subtree | None, limit: int
                              ) -> list[tuple[Subtree, bytes]]:
        return [(t, self.subtrees[t]) for t in sorted(self.subtrees)
                if after is None or t > after][:limit]

    async def size(self) -> int:
        return len(self.rows)

    async def entry(self, seq: int) -> LedgerEntry | None:
        return self.rows[seq - 1] if 1 <= seq <= len(self.rows) else None

    async def entry_of_event(self, event_id: str) -> LedgerEntry | None:
        return next((e for e in self.rows if e.recorded.event_id == event_id), None)

    async def range(self, *, after: int, limit: int) -> list[LedgerEntry]:
        return self.rows[after:after + limit]

    async def leaf_hashes(self, size: int, *, after: int = 0) -> list[bytes]:
        return [e.leaf_hash for e in self.rows[after:size]]

    async def of_subject(self, subject: str, *, limit: int) -> list[LedgerEntry]:
        return [e for e in self.rows if e.recorded.subject == subject][:limit]

    async def of_staff(self, staff_id: str, *, since: datetime, until: datetime, after: int,
                       limit: int) -> list[LedgerEntry]:
        return [e for e in self.rows if e.recorded.who.staff_id == staff_id and e.seq > after
                and since <= e.recorded.occurred_at < until][:limit]

    async def under_place(self, place: str, *, since: datetime, until: datetime, after: int,
                          limit: int) -> list[LedgerEntry]:
        return [e for e in self.rows if (e.recorded.place or "").startswith(place)
                and e.seq > after and since <= e.recorded.occurred_at < until][:limit]


class FakeCheckpoints(CheckpointRepository):
    def __init__(self) -> None:
        self.rows: dict[int, SignedCheckpoint] = {}

    async def add(self, checkpoint: SignedCheckpoint, frontier: Sequence[bytes]) -> bool:
        if checkpoint.checkpoint.size in self.rows:
            return False
        self.rows[checkpoint.checkpoint.size] = checkpoint
        return True

    async def latest(self) -> SignedCheckpoint | None:
        return self.rows[max(self.rows)] if self.rows else None

    async def all(self) -> list[SignedCheckpoint]:
        return [self.rows[k] for k in sorted(self.rows)]


class FakeCaseRecords(CaseRecordRepository):
    def __init__(self) -> None:
        self.rows: dict[str, CaseRecord] = {}

    async def lock(self, case_number: str) -> CaseRecord:
        return self.rows.get(case_number) or CaseRecord(case_number)

    async def put(self, record: CaseRecord) -> None:
        self.rows[record.case_number] = record

    async def active_under(self, place: str, *, since: datetime, until: datetime
                           ) -> list[CaseRecord]:
        def active(r: CaseRecord) -> bool:
            opened, ended = r.opened_at or r.accepted_at, r.closed_at or r.withdrawn_at
            return (opened is not None and opened < until
                    and (ended is None or ended >= since
                         or (r.last_at is not None and r.last_at >= since)))
        return [self.rows[n] for n in sorted(self.rows)
                if (self.rows[n].village_code or "").startswith(place) and active(self.rows[n])]

    async def of_agent(self, staff_id: str, *, since: datetime, until: datetime
                       ) -> list[CaseRecord]:
        return sorted((r for r in self.rows.values() if r.agent_id == staff_id
                       and r.opened_at is not None and since <= r.opened_at < until),
                      key=lambda r: (r.opened_at or since, r.case_number))


class FakePlaceTree(PlaceTreeRepository):
    def __init__(self) -> None:
        self.rows: dict[str, PlaceNode] = {}

    async def put(self, node: PlaceNode) -> bool:
        held = self.rows.get(node.code)
        if held is not None and held.version >= node.version:
            return False
        self.rows[node.code] = node
        return True

    async def get(self, code: str) -> PlaceNode | None:
        return self.rows.get(code)

    async def under(self, code: str) -> list[PlaceNode]:
        return [self.rows[c] for c in sorted(self.rows) if c.startswith(code)]


class FakeReportIssues(ReportIssueRepository):
    def __init__(self) -> None:
        self.rows: dict[tuple[str, str], ReportIssue] = {}

    async def add(self, issue: ReportIssue) -> bool:
        if (issue.town_code, issue.month) in self.rows:
            return False
        self.rows[issue.town_code, issue.month] = issue
        return True

    async def of_month(self, month: str) -> list[ReportIssue]:
        return [self.rows[k] for k in sorted(self.rows) if k[1] == month]


class FakeStaffPosts(StaffPostRepository):
    def __init__(self) -> None:
        self.rows: dict[tuple[str, int], StaffPost] = {}

    async def put(self, post: StaffPost) -> bool:
        if (post.staff_id, post.version) in self.rows:
            return False
        self.rows[post.staff_id, post.version] = post
        return True

    async def at_station(self, station_code: str) -> list[StaffPost]:
        return [self.rows[k] for k in sorted(self.rows)
                if self.rows[k].station_code == station_code]

    async def of_staff(self, staff_ids: Collection[str]) -> list[StaffPost]:
        return [self.rows[k] for k in sorted(self.rows) if k[0] in staff_ids]


class FakeAuditUnitOfWork(FakeUnitOfWork):
    """Audit's repositories in memory, shared across transactions."""

    def __init__(self) -> None:
        super().__init__()
        self.ledger = FakeLedger()
        self.checkpoints = FakeCheckpoints()
        self.cases = FakeCaseRecords()
        self.places = FakePlaceTree()
        self.report_issues = FakeReportIssues()
        self.staff_posts = FakeStaffPosts()


@pytest.fixture
def uow() -> FakeAuditUnitOfWork:
    """A fresh in-memory unit of work."""
    return FakeAuditUnitOfWork()


# --------------------------------------------------------------------- a database per test




@pytest.fixture(scope="session")
def audit_template(migrated: dict[str, str]) -> Iterator[str]:
    """The name of a database with audit's schema at head and an empty ledger, to copy."""
    base, name = migrated["database_url"], f"daiban_audit_template_{uuid.uuid4().hex[:8]}"
    asyncio.run(run_admin_sql(base, f'CREATE DATABASE "{name}"'))
    settings = AuditSettings.model_validate({**migrated,
                                             "database_url": database_url(base, name)})
    upgrade(settings, package="daiban_audit", schema=SCHEMA)
    yield name
    asyncio.run(run_admin_sql(base, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture
async def audit_env(env: dict[str, str], audit_template: str,
                    tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[dict[str, str]]:
    """Settings for one test whose audit database holds an empty ledger, and a signing key of
    its own."""
    base, name = env["database_url"], f"daiban_audit_{uuid.uuid4().hex[:12]}"
    await run_admin_sql(base, f'CREATE DATABASE "{name}" TEMPLATE "{audit_template}"')
    key = tmp_path_factory.mktemp("ledger-key") / "key.pem"
    yield {**env, "database_url": database_url(base, name), "ledger_dev_key_file": str(key)}
    await run_admin_sql(base, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["fake", "postgres"])
async def units(request: pytest.FixtureRequest, uow: FakeAuditUnitOfWork,
                audit_env: dict[str, str]) -> AsyncIterator[Callable[[], UnitOfWork]]:
    """Where a repository contract runs: the in-memory fakes, or Postgres (a database of the
    test's own); a fresh unit of work on each call."""
    if request.param == "fake":
        yield lambda: uow
        return
    engine = create_engine(AuditSettings.model_validate(audit_env))
    yield postgres_units(engine)
    await engine.dispose()
