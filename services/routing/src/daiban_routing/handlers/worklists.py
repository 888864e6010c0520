"""What staff read of the relay: one case and its ledger, work lists, handovers awaiting receipt.

Everything is limited to the caller's place and what lies under it; a case elsewhere reads as not
found. Work lists are ordered by the time the case reached its current state (oldest first): the
due dates in working days are sla's to compute, so routing does not guess them.
"""

from __future__ import annotations

from daiban_routing.domain.errors import CaseNotFound, RecordNotFound
from daiban_routing.domain.handover import ActionEntry, Handover
from daiban_routing.domain.model import RoutedCase
from daiban_routing.ports import Position, UnitOfWork


async def case_view(number: str, *, scope: str, uow: UnitOfWork) -> RoutedCase:
    """A case in the caller's jurisdiction."""
    async with uow:
        case = await uow.cases.get(number)
    if case is None or not case.village_code.startswith(scope):
        raise CaseNotFound(f"no case {number} in your jurisdiction")
    return case


async def case_history(number: str, *, scope: str, uow: UnitOfWork) -> list[ActionEntry]:
    """Every action on a case in the caller's jurisdiction, in order (the case's ledger)."""
    await case_view(number, scope=scope, uow=uow)
    async with uow:
        return await uow.cases.history(number)


async def held_by(staff_id: str, *, after: Position | None, limit: int,
                  uow: UnitOfWork) -> list[RoutedCase]:
    """The open cases a member holds."""
    async with uow:
        return await uow.cases.work_list(assignee=staff_id, after=after, limit=limit)


async def at_station(code: str, *, scope: str, after: Position | None, limit: int,
                     uow: UnitOfWork) -> list[RoutedCase]:
    """The open cases held at a station in the caller's jurisdiction."""
    if not code.startswith(scope):
        raise RecordNotFound(f"no station {code} in your jurisdiction")
    async with uow:
        return await uow.cases.work_list(station=code, after=after, limit=limit)


async def under_place(code: str, *, scope: str, after: Position | None, limit: int,
                      uow: UnitOfWork) -> list[RoutedCase]:
    """The open cases held at a place or under it (a town's, the county's)."""
    if not code.startswith(scope):
        raise RecordNotFound(f"no place {code} in your jurisdiction")
    async with uow:
        return await uow.cases.work_list(place=code, after=after, limit=limit)


async def pending_handovers(place: str, *, scope: str, after: Position | None, limit: int,
                            uow: UnitOfWork) -> list[Handover]:
    """Handovers awaiting receipt at a place and under it, the longest waiting first."""
    if not place.startswith(scope):
        raise RecordNotFound(f"no place {place} in your jurisdiction")
    async with uow:
        return await uow.cases.pending_handovers(place, after=after, limit=limit)
