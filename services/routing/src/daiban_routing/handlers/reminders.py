"""Reminding the receiving tier of handovers it has not acknowledged (交接 must be complete)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from daiban_routing.ports import UnitOfWork

BATCH = 100


async def remind_waiting_handovers(*, uow: UnitOfWork, now: Callable[[], datetime],
                                   every: timedelta) -> int:
    """Publish ``case.handover_reminded`` for each handover waiting ``every`` since it was
    handed over or last reminded; returns how many. One batch per call."""
    reminded = 0
    async with uow:
        at = now()
        for number in await uow.cases.awaiting_reminder(since=at - every, limit=BATCH):
            case = await uow.cases.get(number)
            if case is not None and case.remind(at=at, every=every):
                await uow.cases.save(case, expected_version=case.version)
                reminded += 1
        await uow.commit()
    return reminded
