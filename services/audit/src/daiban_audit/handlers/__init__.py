"""Audit's commands, queries and event handler, one async function each.

Each takes its message and a unit of work, and its collaborators by keyword (bound once, in
``bootstrap``). The event handler runs inside the consumer's transaction and never commits.
"""

from daiban_audit.handlers.checkpoints import (
    ConsistencyBetween,
    ConsistencyProof,
    InclusionOf,
    InclusionProof,
    IssueCheckpoint,
    LatestCheckpoint,
    consistency_proof,
    inclusion_proof,
    issue_checkpoint,
    latest_checkpoint,
)
from daiban_audit.handlers.export import ExportLedger, export_line, ledger_pages, read_export
from daiban_audit.handlers.reading import (
    EntriesOfStaff,
    EntriesUnder,
    EntryPage,
    HistoryOf,
    HistoryPage,
    all_entries,
    entries,
    history_of,
)
from daiban_audit.handlers.recording import RecordBatch, record_batch, record_event
from daiban_audit.handlers.reports import (
    MonthlyReportOf,
    Ranking,
    RankingOf,
    SavingsLine,
    SavingsOf,
    SavingsReport,
    keep_read_models,
    monthly_report_of,
    ranking,
    savings,
)
from daiban_audit.handlers.verification import (
    CheckCheckpoint,
    CheckpointFinding,
    VerifyLedger,
    check_checkpoint,
    verify_ledger,
    verify_offline,
)

__all__ = [
    "CheckCheckpoint",
    "CheckpointFinding",
    "ConsistencyBetween",
    "ConsistencyProof",
    "EntriesOfStaff",
    "EntriesUnder",
    "EntryPage",
    "ExportLedger",
    "HistoryOf",
    "HistoryPage",
    "InclusionOf",
    "InclusionProof",
    "IssueCheckpoint",
    "LatestCheckpoint",
    "MonthlyReportOf",
    "Ranking",
    "RankingOf",
    "RecordBatch",
    "SavingsLine",
    "SavingsOf",
    "SavingsReport",
    "VerifyLedger",
    "all_entries",
    "check_checkpoint",
    "consistency_proof",
    "entries",
    "export_line",
    "history_of",
    "inclusion_proof",
    "issue_checkpoint",
    "keep_read_models",
    "latest_checkpoint",
    "ledger_pages",
    "monthly_report_of",
    "ranking",
    "read_export",
    "record_batch",
    "record_event",
    "savings",
    "verify_ledger",
    "verify_offline",
]
