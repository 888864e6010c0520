"""Reminding the receiving tier of handovers it has not received (交接 must be complete)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from daiban_kernel.clock import Clock
from daiban_routing.ports import UnitOfWork

BATCH = 100


@dataclass(frozen=True)
class RemindWaitingHandovers:
    """Remind the receivers of handovers waiting ``every`` since handed over or last reminded."""

    every: timedelta


async def remind_waiting_handovers(cmd: RemindWaitingHandovers, uow: UnitOfWork, *,
                                   clock: Clock) -> int:
    """Publish ``case.handover_reminded`` for each handover waiting ``every`` since it was
    handed over or last reminded; returns how many. One batch per call."""
    reminded = 0
    async with uow:
        at = clock()
        for number in await uow.cases.awaiting_reminder(since=at - cmd.every, limit=BATCH):
            case = await uow.cases.get(number)
            if case is not None and case.remind(at=at, every=cmd.every):
                await uow.cases.save(case, expected_version=case.version)
                reminded += 1
        await uow.commit()
    return reminded
