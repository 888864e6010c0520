"""Audit's HTTP routes: reading the ledger."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel

from daiban_audit.adapters.uow import AuditUnitOfWork
from daiban_audit.bootstrap import Audit
from daiban_audit.domain.model import LedgerEntry
from daiban_common.api_deps import require_roles
from daiban_common.pagination import Cursor, Limit, Page, decode_cursor, encode_cursor
from daiban_kernel.actor import Actor
from daiban_kernel.fields import PLAIN_TEXT
from daiban_kernel.roles import STAFF_ROLES

router = APIRouter(prefix="/v1")
Staff = Annotated[Actor, Depends(require_roles(*STAFF_ROLES))]


class LedgerEntryOut(BaseModel):
    """One sealed ledger entry."""

    seq: int
    event_id: str
    type: str
    source: str
    subject: str | None
    place: str | None
    time: datetime
    data: dict[str, Any]
    prev_hash: str
    hash: str


def _audit(request: Request) -> Audit:
    audit: Audit = request.app.state.audit
    return audit


def _visible(entry: LedgerEntry, principal: Actor) -> bool:
    place = entry.recorded.place
    return principal.covers(place) if place else len(principal.place) == 6


def _out(e: LedgerEntry) -> LedgerEntryOut:
    r = e.recorded
    return LedgerEntryOut(seq=e.seq, event_id=r.event_id, type=r.event_type, source=r.source,
                          subject=r.subject, place=r.place, time=r.occurred_at, data=r.data,
                          prev_hash=e.prev_hash, hash=e.hash)


@router.get("/ledger", response_model=Page[LedgerEntryOut])
async def ledger_of_subject(
    principal: Staff, audit: Annotated[Audit, Depends(_audit)],
    subject: Annotated[str, Query(min_length=1, max_length=128, pattern=PLAIN_TEXT,
                                  description="a case number, or e.g. matter:<code>")],
    cursor: Cursor = None, limit: Limit = 100,
) -> Page[LedgerEntryOut]:
    """Every recorded event about one subject, in order, within the caller's jurisdiction."""
    position = decode_cursor(cursor, fields={"seq": int})
    uow = audit.uow_factory()
    assert isinstance(uow, AuditUnitOfWork)
    async with uow:
        entries = await uow.ledger.of_subject(subject, after=int(position["seq"]) if position
                                              else 0, limit=limit)
    items = [_out(e) for e in entries if _visible(e, principal)]
    next_cursor = encode_cursor({"seq": entries[-1].seq}) if len(entries) == limit else None
    return Page[LedgerEntryOut](items=items, next_cursor=next_cursor)
