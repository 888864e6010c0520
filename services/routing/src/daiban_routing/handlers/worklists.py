"""What staff read of the relay: one case and its ledger, work lists, handovers awaiting receipt.

Everything is limited to the caller's place and what lies under it; a case elsewhere reads as not
found. Work lists are ordered by the time the case reached its current state (oldest first): the
due dates in working days are sla's to compute, so routing does not guess them. Each answer says
when it was read, for how long a handover has waited.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Generic, TypeVar

from daiban_kernel.clock import Clock
from daiban_routing.domain.case import RoutedCase
from daiban_routing.domain.errors import CaseNotFound, RecordNotFound
from daiban_routing.domain.handover import ActionEntry, Handover
from daiban_routing.domain.jurisdiction import Jurisdiction
from daiban_routing.ports import Position, UnitOfWork

T = TypeVar("T")


@dataclass(frozen=True)
class AsOf(Generic[T]):
    """What was read or done, and when."""

    value: T
    at: datetime


@dataclass(frozen=True)
class CaseOf:
    """A case in a jurisdiction."""

    number: str
    within: Jurisdiction


@dataclass(frozen=True)
class HeldBy:
    """The open cases a member holds, a page at a time."""

    staff_id: str
    after: Position | None
    limit: int


@dataclass(frozen=True)
class ListAt:
    """The open cases (or pending handovers) at a station or a place, a page at a time."""

    code: str
    within: Jurisdiction
    after: Position | None
    limit: int


async def case_view(query: CaseOf, uow: UnitOfWork, *, clock: Clock) -> AsOf[RoutedCase]:
    """A case in the caller's jurisdiction."""
    async with uow:
        case = await uow.cases.get(query.number)
    if case is None or not query.within.covers(case.village_code):
        raise CaseNotFound(f"no case {query.number} in your jurisdiction")
    return AsOf(case, clock())


async def case_history(query: CaseOf, uow: UnitOfWork) -> list[ActionEntry]:
    """Every action on a case in the caller's jurisdiction, in order (the case's ledger)."""
    async with uow:
        case = await uow.cases.get(query.number)
        if case is None or not query.within.covers(case.village_code):
            raise CaseNotFound(f"no case {query.number} in your jurisdiction")
        return await uow.cases.history(query.number)


async def held_by(query: HeldBy, uow: UnitOfWork, *, clock: Clock) -> AsOf[list[RoutedCase]]:
    """The open cases a member holds."""
    async with uow:
        found = await uow.cases.work_list(assignee=query.staff_id, after=query.after,
                                          limit=query.limit)
    return AsOf(found, clock())


def _inside(query: ListAt, noun: str) -> None:
    if not query.within.covers(query.code):
        raise RecordNotFound(f"no {noun} {query.code} in your jurisdiction")


async def at_station(query: ListAt, uow: UnitOfWork, *, clock: Clock
                     ) -> AsOf[list[RoutedCase]]:
    """The open cases held at a station in the caller's jurisdiction."""
    _inside(query, "station")
    async with uow:
        found = await uow.cases.work_list(station=query.code, after=query.after,
                                          limit=query.limit)
    return AsOf(found, clock())


async def under_place(query: ListAt, uow: UnitOfWork, *, clock: Clock
                      ) -> AsOf[list[RoutedCase]]:
    """The open cases held at a place or under it (a town's, the county's)."""
    _inside(query, "place")
    async with uow:
        found = await uow.cases.work_list(place=query.code, after=query.after,
                                          limit=query.limit)
    return AsOf(found, clock())


async def pending_handovers(query: ListAt, uow: UnitOfWork, *, clock: Clock
                            ) -> AsOf[list[Handover]]:
    """Handovers awaiting receipt at a place and under it, the longest waiting first."""
    _inside(query, "place")
    async with uow:
        found = await uow.cases.pending_handovers(query.code, after=query.after,
                                                  limit=query.limit)
    return AsOf(found, clock())
