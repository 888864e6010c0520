"""The ledger's export file: one JSON object a line, the fields an entry's leaf covers and its
leaf hash, so that anyone can recompute the tree (``daiban ledger verify --offline``)."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import AsyncIterator, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from daiban_audit.domain.entry import LedgerEntry, Recorded
from daiban_audit.ports import UnitOfWork
from daiban_kernel.errors import FieldProblem, InvalidInput


def export_line(entry: LedgerEntry) -> str:
    """One entry as a line of the export (newline included)."""
    r = entry.recorded
    return json.dumps({
        "seq": entry.seq, "id": r.event_id, "type": r.event_type, "source": r.source,
        "subject": r.subject, "place": r.place, "time": r.occurred_at.isoformat(),
        "data": r.data, "leaf_hash": base64.b64encode(entry.leaf_hash).decode(),
    }, ensure_ascii=False, separators=(",", ":")) + "\n"


def read_export(lines: Iterable[str]) -> Iterator[LedgerEntry]:
    """The entries of an export, in its order; InvalidInput naming the line if one is not an
    entry."""
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            item: dict[str, Any] = json.loads(line)
            recorded = Recorded.of_event(
                event_id=str(item["id"]), event_type=str(item["type"]),
                source=str(item["source"]), subject=item["subject"], place=item["place"],
                occurred_at=datetime.fromisoformat(item["time"]), data=dict(item["data"]))
            yield LedgerEntry(int(item["seq"]), recorded,
                              base64.b64decode(item["leaf_hash"], validate=True))
        except (ValueError, KeyError, TypeError, binascii.Error) as exc:
            raise InvalidInput(FieldProblem(f"line {number}", f"not a ledger entry: {exc}")
                               ) from exc


@dataclass(frozen=True)
class ExportLedger:
    """The whole ledger, a page at a time."""

    page: int = 5000


async def ledger_pages(query: ExportLedger, uow: UnitOfWork
                       ) -> AsyncIterator[list[LedgerEntry]]:
    """Every entry in position order, in one transaction."""
    return _pages(query, uow)


async def _pages(query: ExportLedger, uow: UnitOfWork) -> AsyncIterator[list[LedgerEntry]]:
    async with uow:
        after = 0
        while page := await uow.ledger.range(after=after, limit=query.page):
            yield page
            after = page[-1].seq
