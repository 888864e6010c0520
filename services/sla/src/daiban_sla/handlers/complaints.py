"""The clock of each complaint, kept by intake's complaint events, and what staff read of it
(see ``domain.complaint_clock``). The event handlers run in the consumer's transaction and never
commit."""

from __future__ import annotations

from dataclasses import dataclass

from daiban_kernel.actor import Actor
from daiban_kernel.clock import Clock as Now
from daiban_kernel.contracts.case import ComplaintAnsweredV1, ComplaintFiledV1
from daiban_sla.domain.clock import Light
from daiban_sla.domain.complaint_clock import ComplaintClock
from daiban_sla.domain.errors import ComplaintNotTracked, ComplaintNotYetFiled
from daiban_sla.domain.moments import Moments
from daiban_sla.handlers.clocks import ClockKeeping
from daiban_sla.ports import UnitOfWork


async def start_complaint_clock(event: ComplaintFiledV1, uow: UnitOfWork, *,
                                budget_days: int, keeping: ClockKeeping) -> None:
    """A complaint was filed: its clock starts with the budget of the settings, due at its
    deadline."""
    started = ComplaintClock(
        complaint_id=event.complaint_id, place_code=event.place_code,
        case_number=event.case_number, filed_at=event.at, budget_days=budget_days)
    started.reckon(keeping.in_memory())
    await uow.complaints.start(started)


async def stop_complaint_clock(event: ComplaintAnsweredV1, uow: UnitOfWork) -> None:
    """A complaint was answered: its clock stops (an answer heard before its filing waits)."""
    clock = await uow.complaints.get(event.complaint_id, lock=True)
    if clock is None:
        raise ComplaintNotYetFiled(f"complaint {event.complaint_id} was answered before "
                                   "complaint.filed reached sla")
    if clock.answer(event.at):
        await uow.complaints.save(clock)


@dataclass(frozen=True)
class FireOverdueComplaints:
    """Fire ``sla.complaint_overdue`` for up to ``limit`` complaints unanswered past their
    deadline."""

    limit: int


async def fire_overdue_complaints(cmd: FireOverdueComplaints, uow: UnitOfWork, *,
                                  keeping: ClockKeeping, clock: Now) -> int:
    """Claim up to ``limit`` complaint clocks whose deadline has come and fire each overdue one
    once, in the transaction that marks it; returns how many were claimed."""
    timetable = await keeping.timetable(uow)  # before the batch: one connection at a time
    now = clock()
    async with uow:
        due = await uow.complaints.due(now, limit=cmd.limit)
        for found in due:
            overdue = found.fire_overdue(now, timetable)
            if overdue is not None:
                uow.emit(overdue)
            await uow.complaints.save(found)
        await uow.commit()
    return len(due)


@dataclass(frozen=True)
class ComplaintClockOf:
    """A complaint's clock, as staff whose place covers the complaint's see it."""

    complaint_id: str
    by: Actor


@dataclass(frozen=True)
class ComplaintReading:
    """A complaint's clock read now: its moments, its light and whether it was answered in
    time."""

    clock: ComplaintClock
    moments: Moments
    light: Light
    on_time: bool | None


async def complaint_clock(query: ComplaintClockOf, uow: UnitOfWork, *, keeping: ClockKeeping,
                          clock: Now) -> ComplaintReading:
    """The complaint's clock; outside the caller's jurisdiction it is not tracked."""
    timetable = await keeping.timetable(uow)  # before the read: one connection at a time
    async with uow:
        found = await uow.complaints.get(query.complaint_id)
    if found is None or not query.by.covers(found.place_code):
        raise ComplaintNotTracked(f"no complaint {query.complaint_id} in your jurisdiction")
    return ComplaintReading(found, found.moments(timetable), found.light_at(clock(), timetable),
                            found.on_time(timetable))
