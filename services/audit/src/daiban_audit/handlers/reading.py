"""Reading the ledger: one subject's history in causal order, a staff member's entries (代办台账)
and a place's over a period, each within the caller's jurisdiction."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from daiban_audit.domain.entry import LedgerEntry
from daiban_audit.domain.errors import StaffNotInLedger
from daiban_audit.domain.history import causal_order
from daiban_audit.ports import UnitOfWork
from daiban_kernel.actor import Actor
from daiban_kernel.places import PlaceCode, PlaceTier

EVER = (datetime(1900, 1, 1, tzinfo=UTC), datetime(9999, 1, 1, tzinfo=UTC))
HISTORY_LIMIT = 10_000
"""The most entries one subject's history is read with (a case has dozens)."""


def visible(entry: LedgerEntry, actor: Actor) -> bool:
    """Whether the entry lies in the actor's jurisdiction (an entry of no place: county staff
    only)."""
    place = entry.recorded.place
    return actor.covers(place) if place else PlaceCode(actor.place).tier is PlaceTier.COUNTY


@dataclass(frozen=True)
class HistoryOf:
    """One subject's entries from position ``start`` in causal order."""

    subject: str
    by: Actor
    start: int = 0
    limit: int = 100


@dataclass(frozen=True)
class HistoryPage:
    items: list[LedgerEntry]
    next_start: int | None


async def history_of(query: HistoryOf, uow: UnitOfWork) -> HistoryPage:
    """The subject's history in the order things happened (see ``domain.history``)."""
    async with uow:
        entries = await uow.ledger.of_subject(query.subject, limit=HISTORY_LIMIT)
    ordered = [e for e in causal_order(entries) if visible(e, query.by)]
    page = ordered[query.start:query.start + query.limit]
    end = query.start + len(page)
    return HistoryPage(page, end if end < len(ordered) else None)


@dataclass(frozen=True, kw_only=True)
class _Period:
    since: datetime
    until: datetime
    by: Actor
    after: int = 0
    limit: int = 100


@dataclass(frozen=True, kw_only=True)
class EntriesOfStaff(_Period):
    """A staff member's entries (代办台账) for events in [since, until)."""

    staff_id: str


@dataclass(frozen=True, kw_only=True)
class EntriesUnder(_Period):
    """A place's entries (and everything under it) for events in [since, until)."""

    place: str


@dataclass(frozen=True)
class EntryPage:
    items: list[LedgerEntry]
    next_after: int | None


async def _read(query: EntriesOfStaff | EntriesUnder, uow: UnitOfWork) -> list[LedgerEntry]:
    if isinstance(query, EntriesOfStaff):
        return await uow.ledger.of_staff(query.staff_id, since=query.since, until=query.until,
                                         after=query.after, limit=query.limit)
    query.by.require_place(query.place)
    return await uow.ledger.under_place(query.place, since=query.since, until=query.until,
                                        after=query.after, limit=query.limit)


async def _known(query: EntriesOfStaff | EntriesUnder, uow: UnitOfWork) -> None:
    if isinstance(query, EntriesOfStaff):
        await staff_named(query.staff_id, uow)


async def staff_named(staff_id: str, uow: UnitOfWork) -> None:
    """A staff member the ledger never named is not found (the ledger knows staff only from the
    events that name them); inside the caller's open unit of work."""
    if not await uow.ledger.of_staff(staff_id, since=EVER[0], until=EVER[1], after=0, limit=1):
        raise StaffNotInLedger(f"no ledger entry names staff member {staff_id}")


async def entries(query: EntriesOfStaff | EntriesUnder, uow: UnitOfWork) -> EntryPage:
    """One page of a staff member's or a place's entries, in position order."""
    async with uow:
        found = await _read(query, uow)
        if not found and query.after == 0:
            await _known(query, uow)
    more = len(found) == query.limit
    return EntryPage([e for e in found if visible(e, query.by)],
                     found[-1].seq if more and found else None)


async def all_entries(query: EntriesOfStaff | EntriesUnder, uow: UnitOfWork
                      ) -> AsyncIterator[list[LedgerEntry]]:
    """Every entry of the view, a page at a time, in one transaction (for exports)."""
    if isinstance(query, EntriesUnder):
        query.by.require_place(query.place)
    async with uow:
        await _known(query, uow)
    return _pages(query, uow)


async def _pages(query: EntriesOfStaff | EntriesUnder, uow: UnitOfWork
                 ) -> AsyncIterator[list[LedgerEntry]]:
    async with uow:
        while True:
            found = await _read(query, uow)
            if not found:
                return
            yield [e for e in found if visible(e, query.by)]
            if len(found) < query.limit:
                return
            query = replace(query, after=found[-1].seq)
