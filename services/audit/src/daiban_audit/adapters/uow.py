"""Audit's unit of work: the ledger, its checkpoints and the reporting read model (staff posts
included) on one transaction."""

from __future__ import annotations

from typing import Self

from daiban_audit.adapters.case_record_repository import (
    PostgresCaseRecordRepository,
    PostgresPlaceTreeRepository,
    PostgresReportIssueRepository,
    PostgresStaffPostRepository,
)
from daiban_audit.adapters.checkpoint_repository import PostgresCheckpointRepository
from daiban_audit.adapters.ledger_repository import PostgresLedgerRepository
from daiban_common.db import AsyncUnitOfWork


class PostgresUnitOfWork(AsyncUnitOfWork):
    """The ledger and its checkpoints, committed with the inbox claim and the outbox rows."""

    ledger: PostgresLedgerRepository
    checkpoints: PostgresCheckpointRepository
    cases: PostgresCaseRecordRepository
    places: PostgresPlaceTreeRepository
    report_issues: PostgresReportIssueRepository
    staff_posts: PostgresStaffPostRepository

    async def __aenter__(self) -> Self:
        await super().__aenter__()
        self.ledger = PostgresLedgerRepository(self.session)
        self.checkpoints = PostgresCheckpointRepository(self.session)
        self.cases = PostgresCaseRecordRepository(self.session)
        self.places = PostgresPlaceTreeRepository(self.session)
        self.report_issues = PostgresReportIssueRepository(self.session)
        self.staff_posts = PostgresStaffPostRepository(self.session)
        return self
