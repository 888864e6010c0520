"""One subject's history, in the order things happened."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from daiban_audit.api.deps import AuditQueries, Staff
from daiban_audit.api.schemas import LedgerEntryOut
from daiban_audit.domain.errors import InvalidCursor
from daiban_audit.handlers import HistoryOf
from daiban_common.pagination import Cursor, Limit, Page, decode_cursor, encode_cursor
from daiban_kernel.errors import FieldProblem
from daiban_kernel.fields import PLAIN_TEXT

router = APIRouter(prefix="/v1", tags=["ledger"])


@router.get("/ledger", response_model=Page[LedgerEntryOut])
async def ledger_of_subject(
    actor: Staff, queries: AuditQueries,
    subject: Annotated[str, Query(min_length=1, max_length=128, pattern=PLAIN_TEXT,
                                  description="a case number, or e.g. matter:<code>")],
    cursor: Cursor = None, limit: Limit = 100,
) -> Page[LedgerEntryOut]:
    """Every recorded event about one subject in causal order (routing's flow version, then the
    source's time), within the caller's jurisdiction."""
    position = decode_cursor(cursor, fields={"at": int})
    start = int(position["at"]) if position else 0
    if start < 0:
        raise InvalidCursor(FieldProblem("cursor", "not a cursor this service issued"))
    found = await queries.history(HistoryOf(subject, actor, start, limit))
    return Page[LedgerEntryOut](
        items=[LedgerEntryOut.from_domain(e) for e in found.items],
        next_cursor=None if found.next_start is None else encode_cursor({"at": found.next_start}))
