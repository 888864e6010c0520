"""Audit's own loop: the checkpointer, which signs the tree every N entries or T seconds."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from daiban_audit.domain.checkpoint import SignedCheckpoint
from daiban_audit.handlers import IssueCheckpoint
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
