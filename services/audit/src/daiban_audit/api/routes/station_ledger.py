"""A station's 代办台账: the cases its agents took there over a period, a line per agent, as
JSON, CSV or XLSX."""

from __future__ import annotations

import csv
import io
from enum import StrEnum
from typing import Annotated

from fastapi import APIRouter, Path, Query
from fastapi.responses import Response
from openpyxl import Workbook
from pydantic import BaseModel

from daiban_audit.api.deps import AuditQueries, Staff
from daiban_audit.api.routes.reports import (
    AGENT_COLUMNS,
    FILES,
    AgentCaseOut,
    MatterCode,
    ReportFormat,
    part_only_with_csv,
    printable,
)
from daiban_audit.api.routes.views import XLSX, From, To, period_of
from daiban_audit.domain.station_ledger import AgentTally, StationCaseLine, StationLedger
from daiban_audit.handlers import StationLedgerOf
from daiban_kernel.places import STATION_CODE

router = APIRouter(prefix="/v1/reports", tags=["reports"])

StationPath = Annotated[str, Path(pattern=STATION_CODE, examples=["110116101001-01"],
                                  description="the station's code (its place's code, -NN)")]
TALLY_COLUMNS = {
    "staff_id": "代办员工号", "name": "代办员", "taken": "代办件数", "decided": "办结",
    "on_time": "按时办结", "late": "超时", "open": "在办", "withdrawn": "撤回",
    "returned": "退回补正", "complaints": "投诉数",
}
"""The columns of the line per agent and their Chinese headers."""
CASE_COLUMNS = {"staff_id": "代办员工号", "staff_name": "代办员", **AGENT_COLUMNS}
"""The columns of the station's case list and their Chinese headers."""


class StationPart(StrEnum):
    """Which table a CSV holds (a CSV is one table; the JSON and the XLSX hold both)."""

    CASES = "cases"
    AGENTS = "agents"


class AgentTallyOut(BaseModel):
    staff_id: str
    name: str | None
    taken: int
    decided: int
    on_time: int
    late: int
    open: int
    withdrawn: int
    returned: int
    """Cases returned for correction at least once."""
    complaints: int

    @classmethod
    def of(cls, tally: AgentTally) -> AgentTallyOut:
        return cls(staff_id=tally.staff_id, name=tally.name, taken=tally.taken,
                   decided=tally.decided, on_time=tally.on_time, late=tally.late,
                   open=tally.open, withdrawn=tally.withdrawn, returned=tally.returned,
                   complaints=tally.complaints)

    def cells(self) -> list[object]:
        values = self.model_dump()
        return [values[k] for k in TALLY_COLUMNS]


class StationCaseOut(AgentCaseOut):
    staff_id: str
    staff_name: str | None

    @classmethod
    def of_station(cls, case: StationCaseLine) -> StationCaseOut:
        return cls.model_validate({**AgentCaseOut.of(case.line).model_dump(),
                                   "staff_id": case.agent.staff_id,
                                   "staff_name": case.agent.name})

    def cells(self) -> list[object]:
        return [self.staff_id, self.staff_name, *super().cells()]


class StationLedgerOut(BaseModel):
    """The cases taken at a station in the period (its agent was posted there when they took
    it), oldest first, and a line per agent."""

    station_code: str
    by_agent: list[AgentTallyOut]
    cases: list[StationCaseOut]

    @classmethod
    def of(cls, ledger: StationLedger) -> StationLedgerOut:
        return cls(station_code=ledger.station_code,
                   by_agent=[AgentTallyOut.of(x) for x in ledger.by_agent],
                   cases=[StationCaseOut.of_station(x) for x in ledger.cases])


Part = Annotated[StationPart | None, Query(
    description="the table of a CSV: `cases` (the default: a line per case) or `agents` (a "
                "line per agent); only with format=csv")]


def _csv(ledger: StationLedgerOut, part: StationPart) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    if part is StationPart.AGENTS:
        writer.writerow(TALLY_COLUMNS.values())
        writer.writerows(x.cells() for x in ledger.by_agent)
    else:
        writer.writerow(CASE_COLUMNS.values())
        writer.writerows(x.cells() for x in ledger.cases)
    return "\ufeff" + out.getvalue()  # the BOM lets spreadsheet programs read UTF-8


def _xlsx(ledger: StationLedgerOut, title: str) -> bytes:
    book = Workbook()
    del book[book.sheetnames[0]]
    for name, columns, rows in (
            ("按代办员", TALLY_COLUMNS, [x.cells() for x in ledger.by_agent]),
            ("代办台账", CASE_COLUMNS, [x.cells() for x in ledger.cases])):
        sheet = book.create_sheet(name)
        sheet.append([f"{title} · {name}"])
        sheet.append(list(columns.values()))
        for row in rows:
            sheet.append(row)
        printable(sheet)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@router.get("/stations/{code}", response_model=StationLedgerOut, responses=FILES)
async def station_ledger(actor: Staff, queries: AuditQueries, code: StationPath, since: From,
                         until: To, matter: MatterCode = None,
                         format: ReportFormat = ReportFormat.JSON, part: Part = None
                         ) -> Response:
    """The station's 代办台账: every case its agents took there in the period (open and
    closed), a line per agent, within the caller's jurisdiction."""
    part_only_with_csv(format, part)
    start, end = period_of(since, until)
    ledger = StationLedgerOut.of(await queries.station_ledger(StationLedgerOf(
        station_code=code, since=start, until=end, by=actor, matter_code=matter)))
    name = f"station-{code}-{since}-{until}" + ("-agents" if part is StationPart.AGENTS else "")
    disposition = {"Content-Disposition": f'attachment; filename="{name}.{format.value}"'}
    if format is ReportFormat.CSV:
        return Response(_csv(ledger, part or StationPart.CASES),
                        media_type="text/csv; charset=utf-8", headers=disposition)
    if format is ReportFormat.XLSX:
        return Response(_xlsx(ledger, f"代办站台账 {code} {since} 至 {until}"), media_type=XLSX,
                        headers=disposition)
    return Response(ledger.model_dump_json(), media_type="application/json")
