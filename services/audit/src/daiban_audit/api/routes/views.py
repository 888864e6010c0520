"""A staff member's entries (代办台账) and a place's over a period, as pages or as CSV and XLSX
files streamed page by page."""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from typing import Annotated

from fastapi import APIRouter, Path, Query
from fastapi.responses import StreamingResponse
from openpyxl import Workbook

from daiban_audit.api.deps import AuditQueries, Staff
from daiban_audit.api.schemas import LedgerEntryOut
from daiban_audit.domain.entry import LedgerEntry
from daiban_audit.handlers import EntriesOfStaff, EntriesUnder, EntryPage
from daiban_common.pagination import Cursor, Limit, Page, decode_cursor, encode_cursor
from daiban_kernel.china import CHINA
from daiban_kernel.errors import FieldProblem, InvalidInput
from daiban_kernel.places import PLACE_CODE

router = APIRouter(prefix="/v1/ledger", tags=["ledger"])

StaffId = Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.:-]+$",
                              examples=["110116-0001"])]
PlacePath = Annotated[str, Path(pattern=PLACE_CODE, examples=["110116"])]
From = Annotated[date, Query(alias="from", description="the first day (China time)")]
To = Annotated[date, Query(alias="to", description="the last day, included")]
COLUMNS = ("seq", "time", "type", "subject", "place", "staff_id", "staff_name", "station_code",
           "flow_version", "source", "event_id")
EXPORT_PAGE = 2000
MAX_DAYS = 3660
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FILES: dict[int | str, dict[str, object]] = {
    200: {"content": {"text/csv": {}, XLSX: {}}}}


class FileFormat(StrEnum):
    CSV = "csv"
    XLSX = "xlsx"


FIRST_DAY, LAST_DAY = date(1, 1, 2), date(9999, 12, 30)
"""The days a period can begin and end on: the day before begins, the day after ends, beyond
the times Python can hold (China time is UTC+8)."""


def period_of(since: date, until: date) -> tuple[datetime, datetime]:
    """The moments [since's midnight, the midnight after until) in China time, in UTC; a
    problem naming the field for a period that is none or one no time can hold."""
    if until < since:
        raise InvalidInput(FieldProblem("to", "the last day is before the first"))
    if (until - since).days > MAX_DAYS:
        raise InvalidInput(FieldProblem("to", f"a period is at most {MAX_DAYS} days"))
    if since < FIRST_DAY:
        raise InvalidInput(FieldProblem("from", f"a period begins on {FIRST_DAY} or later"))
    if until > LAST_DAY:
        raise InvalidInput(FieldProblem("to", f"a period ends on {LAST_DAY} or earlier"))
    start = datetime.combine(since, time(), CHINA).astimezone(UTC)
    end = datetime.combine(until + timedelta(days=1), time(), CHINA).astimezone(UTC)
    return start, end


def _page(found: EntryPage) -> Page[LedgerEntryOut]:
    return Page[LedgerEntryOut](
        items=[LedgerEntryOut.from_domain(e) for e in found.items],
        next_cursor=None if found.next_after is None else encode_cursor({"seq": found.next_after}))


def _after(cursor: str | None) -> int:
    position = decode_cursor(cursor, fields={"seq": int})
    return int(position["seq"]) if position else 0


@router.get("/staff/{staff_id}", response_model=Page[LedgerEntryOut])
async def staff_entries(actor: Staff, queries: AuditQueries, staff_id: StaffId, since: From,
                        until: To, cursor: Cursor = None, limit: Limit = 100
                        ) -> Page[LedgerEntryOut]:
    """What a staff member did (代办台账), over a period, within the caller's jurisdiction."""
    start, end = period_of(since, until)
    return _page(await queries.entries(EntriesOfStaff(
        staff_id=staff_id, since=start, until=end, by=actor, after=_after(cursor), limit=limit)))


@router.get("/places/{place}", response_model=Page[LedgerEntryOut])
async def place_entries(actor: Staff, queries: AuditQueries, place: PlacePath, since: From,
                        until: To, cursor: Cursor = None, limit: Limit = 100
                        ) -> Page[LedgerEntryOut]:
    """Everything recorded about a place and what lies under it, over a period."""
    start, end = period_of(since, until)
    return _page(await queries.entries(EntriesUnder(
        place=place, since=start, until=end, by=actor, after=_after(cursor), limit=limit)))


@router.get("/staff/{staff_id}/export", responses=FILES)
async def export_staff(actor: Staff, queries: AuditQueries, staff_id: StaffId, since: From,
                       until: To, format: FileFormat = FileFormat.CSV) -> StreamingResponse:
    """The staff member's entries over the period as a CSV or XLSX file."""
    start, end = period_of(since, until)
    pages = await queries.all_entries(EntriesOfStaff(
        staff_id=staff_id, since=start, until=end, by=actor, limit=EXPORT_PAGE))
    return _file(pages, format, f"ledger-staff-{staff_id}-{since}-{until}")


@router.get("/places/{place}/export", responses=FILES)
async def export_place(actor: Staff, queries: AuditQueries, place: PlacePath, since: From,
                       until: To, format: FileFormat = FileFormat.CSV) -> StreamingResponse:
    """The place's entries over the period as a CSV or XLSX file."""
    start, end = period_of(since, until)
    pages = await queries.all_entries(EntriesUnder(
        place=place, since=start, until=end, by=actor, limit=EXPORT_PAGE))
    return _file(pages, format, f"ledger-place-{place}-{since}-{until}")


def _cells(e: LedgerEntry) -> list[object]:
    r = e.recorded
    return [e.seq, (r.happened_at or r.occurred_at).astimezone(CHINA).isoformat(), r.event_type,
            r.subject, r.place, r.who.staff_id, r.who.staff_name, r.who.station_code,
            r.flow_version, r.source, r.event_id]


def _file(pages: AsyncIterator[list[LedgerEntry]], kind: FileFormat,
          name: str) -> StreamingResponse:
    headers = {"Content-Disposition": f'attachment; filename="{name}.{kind.value}"'}
    if kind is FileFormat.CSV:
        return StreamingResponse(_csv(pages), media_type="text/csv; charset=utf-8",
                                 headers=headers)
    return StreamingResponse(
        _xlsx(pages), headers=headers,
        media_type=XLSX)


async def _csv(pages: AsyncIterator[list[LedgerEntry]]) -> AsyncIterator[str]:
    def rows(items: list[list[object]]) -> str:
        out = io.StringIO()
        csv.writer(out).writerows(items)
        return out.getvalue()

    yield "\ufeff" + rows([list(COLUMNS)])  # the BOM lets spreadsheet programs read UTF-8
    async for page in pages:
        yield rows([_cells(e) for e in page])


async def _xlsx(pages: AsyncIterator[list[LedgerEntry]]) -> AsyncIterator[bytes]:
    # a write-only workbook keeps only the current row in memory; the zip is spooled to disk
    book = Workbook(write_only=True)
    sheet = book.create_sheet("台账")
    sheet.append(list(COLUMNS))
    async for page in pages:
        for e in page:
            sheet.append(_cells(e))
    with tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024) as spool:
        book.save(spool)
        spool.seek(0)
        while chunk := spool.read(64 * 1024):
            yield chunk
