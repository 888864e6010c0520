"""Audit's own loops: the checkpointer, which signs the tree every N entries or T seconds, and
the monthly reporter, which makes each town's report once its month has ended."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from daiban_audit.domain.checkpoint import SignedCheckpoint
from daiban_audit.domain.monthly_report import ReportIssue
from daiban_audit.handlers import IssueCheckpoint, IssueMonthlyReports
from daiban_common.lifecycle import keep_running, wait_or_stop

LOOK_AT_LEAST_EVERY = 1.0


class Checkpointer:
    """Looks at the ledger's size often and checkpoints it when due (several replicas may run
    it: a tree size is checkpointed once)."""

    def __init__(self, issue: Callable[[IssueCheckpoint], Awaitable[SignedCheckpoint | None]],
                 *, every_entries: int, every_seconds: float) -> None:
        self._issue = issue
        self._command = IssueCheckpoint(every_entries, every_seconds)
        self._look_every = max(LOOK_AT_LEAST_EVERY, min(every_seconds / 4, 10.0))

    async def run(self, stop: asyncio.Event) -> None:
        """Checkpoint until ``stop`` is set, surviving database outages."""
        await keep_running(self._until, stop, name="audit checkpointer")

    async def _until(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            await self._issue(self._command)
            await wait_or_stop(stop, self._look_every)


class MonthlyReporter:
    """Looks every ``every_seconds`` for towns whose report of the month just ended is not made
    yet, and makes them (several replicas may run it: a town's month is made once)."""

    def __init__(self, issue: Callable[[IssueMonthlyReports], Awaitable[list[ReportIssue]]],
                 *, every_seconds: float) -> None:
        self._issue = issue
        self._every = every_seconds

    async def run(self, stop: asyncio.Event) -> None:
        await keep_running(self._until, stop, name="audit monthly reporter")

    async def _until(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            await self._issue(IssueMonthlyReports())
            await wait_or_stop(stop, self._every)
