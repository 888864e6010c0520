"""The reports: a town's monthly report (月报) as JSON, CSV or XLSX, and the trips and kilometres
relaying saved residents over a period."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Annotated

from fastapi import APIRouter, Path, Query
from fastapi.responses import Response
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet
from pydantic import BaseModel

from daiban_audit.api.deps import AuditQueries, Staff
from daiban_audit.api.routes.views import XLSX, From, PlacePath, StaffId, To, period_of
from daiban_audit.domain.agent_ledger import AgentCaseLine
from daiban_audit.domain.monthly_report import (
    COUNTS,
    PlaceReport,
    RankLine,
    ReportRow,
    TravelCosts,
)
from daiban_audit.domain.stage_times import StageLine
from daiban_audit.handlers import (
    AgentLedgerOf,
    MonthlyReportOf,
    OverviewOf,
    RankingOf,
    ReportStatusOf,
    SavingsLine,
    SavingsOf,
    TownReportStatus,
    WeeklyReportOf,
)
from daiban_kernel.china import CHINA
from daiban_kernel.errors import FieldProblem, InvalidInput

router = APIRouter(prefix="/v1/reports", tags=["reports"])

HEADERS = {
    "received": "收件", "accepted": "受理", "decided": "办结", "delivered": "送达",
    "on_time": "按时办结", "late": "超时办结", "returned": "退回补正", "withdrawn": "撤回",
    "rejected": "不予批准", "open_at_month_end": "月末在办", "rated_good": "好评",
    "rated_average": "中评", "rated_bad": "差评", "complaints": "投诉",
    "trips_saved": "少跑趟数", "km_saved": "少跑公里数", "working_days_used": "用时(工作日)",
    "working_days_limit": "法定时限(工作日)", "over_limit": "超法定时限",
}
"""The Chinese column headers of the exported tables."""
TABLES = (("total", "合计"), ("by_town", "按镇街"), ("by_matter", "按事项"),
          ("by_department", "按部门"))
KEYS = {"total": "范围", "by_town": "镇街编码", "by_matter": "事项编码",
        "by_department": "部门编码"}
STAGE_SHEET = "各环节用时"
STAGE_NAMES = {"village": "村（社区）", "town": "镇（街道）", "county": "县（区）",
               "department": "县级部门"}
STAGE_HEADERS = {
    "stage": "环节", "cases": "经办件数", "on_time": "按时", "late": "超时",
    "timed_out": "超时默认", "days_known": "计时件数", "working_days_used": "用时合计(工作日)",
    "working_days_budget": "时限合计(工作日)", "average_working_days": "平均用时(工作日)",
    "max_working_days": "最长用时(工作日)", "used_share": "用时占时限",
    "over_budget": "超环节时限",
}
"""The columns of the stage table (各环节用时) and their Chinese headers."""
FILES: dict[int | str, dict[str, object]] = {
    200: {"content": {"application/json": {}, "text/csv": {}, XLSX: {}}}}


class ReportFormat(StrEnum):
    JSON = "json"
    CSV = "csv"
    XLSX = "xlsx"


class ReportPart(StrEnum):
    """Which table a CSV holds (a CSV is one table; the JSON and the XLSX hold both)."""

    COUNTS = "counts"
    STAGES = "stages"


class RowOut(BaseModel):
    key: str
    received: int
    accepted: int
    decided: int
    delivered: int
    on_time: int
    late: int
    returned: int
    withdrawn: int
    rejected: int
    open_at_month_end: int
    rated_good: int
    rated_average: int
    rated_bad: int
    complaints: int
    trips_saved: int
    km_saved: float
    working_days_used: int
    working_days_limit: int
    over_limit: int

    @classmethod
    def of(cls, row: ReportRow) -> RowOut:
        return cls.model_validate({"key": row.key, **{
            k: float(v) if isinstance(v, Decimal) else v for k, v in row.counts.items()}})


class StageLineOut(BaseModel):
    """One relay stage over the cases decided in the period (各环节用时)."""

    stage: str
    cases: int
    on_time: int
    late: int
    timed_out: int
    days_known: int
    working_days_used: int
    working_days_budget: int
    average_working_days: float | None
    max_working_days: int | None
    used_share: float | None
    over_budget: int

    @classmethod
    def of(cls, line: StageLine) -> StageLineOut:
        average, share = line.average_working_days, line.used_share
        return cls(stage=line.stage, cases=line.cases, on_time=line.on_time, late=line.late,
                   timed_out=line.timed_out, days_known=line.days_known,
                   working_days_used=line.working_days_used,
                   working_days_budget=line.working_days_budget,
                   average_working_days=None if average is None else float(average),
                   max_working_days=line.max_working_days,
                   used_share=None if share is None else float(share),
                   over_budget=line.over_budget)

    def cells(self) -> list[object]:
        values = self.model_dump()
        return [STAGE_NAMES[self.stage], *(values[k] for k in STAGE_HEADERS if k != "stage")]


class PlaceReportOut(BaseModel):
    """A place's report over a period: the total, a line per town, per matter and per
    department, and a line per relay stage."""

    place_code: str
    place_name: str
    period: str
    complete: bool
    total: RowOut
    by_town: list[RowOut]
    by_matter: list[RowOut]
    by_department: list[RowOut]
    stages: list[StageLineOut]

    @classmethod
    def of(cls, r: PlaceReport) -> PlaceReportOut:
        return cls(place_code=r.place.code, place_name=r.place.name, period=str(r.period),
                   complete=r.complete, total=RowOut.of(r.total),
                   by_town=[RowOut.of(x) for x in r.by_town],
                   by_matter=[RowOut.of(x) for x in r.by_matter],
                   by_department=[RowOut.of(x) for x in r.by_department],
                   stages=[StageLineOut.of(x) for x in r.stages])


Month = Annotated[str, Query(min_length=1, max_length=16, examples=["2026-11"],
                             description="the month, YYYY-MM (China time)")]
TownPath = Annotated[str, Path(min_length=1, max_length=12, examples=["110116101"])]


def _tables(report: PlaceReport) -> dict[str, list[ReportRow]]:
    return {"total": [report.total], "by_town": report.by_town, "by_matter": report.by_matter,
            "by_department": report.by_department}


def _cells(row: ReportRow) -> list[object]:
    return [row.key, *(float(row.counts[c]) if c == "km_saved" else row.counts[c]
                       for c in COUNTS)]


def _csv(report: PlaceReport, part: ReportPart) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    if part is ReportPart.STAGES:
        writer.writerow(STAGE_HEADERS.values())
        writer.writerows(StageLineOut.of(x).cells() for x in report.stages)
    else:
        writer.writerow(["表", "键", *(HEADERS[c] for c in COUNTS)])
        for name, title in TABLES:
            for row in _tables(report)[name]:
                writer.writerow([title, *_cells(row)])
    return "\ufeff" + out.getvalue()  # the BOM lets spreadsheet programs read UTF-8


def _sheet(sheet: Worksheet, title: str, key: str, rows: list[ReportRow]) -> None:
    sheet.append([title])
    sheet.append([key, *(HEADERS[c] for c in COUNTS)])
    for row in rows:
        sheet.append(_cells(row))
    printable(sheet)


def printable(sheet: Worksheet) -> None:
    """Bold headers in row 2, frozen above the data, repeated on each landscape page."""
    sheet["A1"].font = Font(bold=True, size=14)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "B3"
    sheet.print_title_rows = "2:2"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    if sheet.sheet_properties.pageSetUpPr is not None:
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.column_dimensions["A"].width = 22


def _stage_sheet(sheet: Worksheet, title: str, lines: list[StageLine]) -> None:
    sheet.append([title])
    sheet.append(list(STAGE_HEADERS.values()))
    for line in lines:
        sheet.append(StageLineOut.of(line).cells())
    share = 1 + list(STAGE_HEADERS).index("used_share")
    for (cell,) in sheet.iter_rows(min_row=3, min_col=share, max_col=share):
        cell.number_format = "0%"
    printable(sheet)


def _xlsx(report: PlaceReport, kind: str) -> bytes:
    book = Workbook()
    del book[book.sheetnames[0]]
    for name, title in TABLES:
        sheet = book.create_sheet(title)
        _sheet(sheet, f"{report.place.name} {report.period} {kind} · {title}", KEYS[name],
               _tables(report)[name])
    _stage_sheet(book.create_sheet(STAGE_SHEET),
                 f"{report.place.name} {report.period} {kind} · {STAGE_SHEET}（办结案件）",
                 report.stages)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


Part = Annotated[ReportPart | None, Query(
    description="the table of a CSV: `counts` (the default: the total and the lines per town, "
                "matter and department) or `stages` (各环节用时); only with format=csv")]


def part_only_with_csv(format: ReportFormat, part: StrEnum | None) -> None:
    """Refuse ``part`` with a format other than CSV (before any report is made)."""
    if part is not None and format is not ReportFormat.CSV:
        raise InvalidInput(FieldProblem("part", "chooses the table of a CSV (format=csv); the "
                                                "JSON and the XLSX hold every table"))


def _report(report: PlaceReport, format: ReportFormat, name: str, kind: str,
            part: ReportPart | None) -> Response:
    if part is ReportPart.STAGES:
        name = f"{name}-stages"
    disposition = {"Content-Disposition": f'attachment; filename="{name}.{format.value}"'}
    if format is ReportFormat.CSV:
        return Response(_csv(report, part or ReportPart.COUNTS),
                        media_type="text/csv; charset=utf-8", headers=disposition)
    if format is ReportFormat.XLSX:
        return Response(_xlsx(report, kind), media_type=XLSX, headers=disposition)
    return Response(PlaceReportOut.of(report).model_dump_json(),
                    media_type="application/json")


@router.get("/monthly/{town}", response_model=PlaceReportOut, responses=FILES)
async def monthly_report(actor: Staff, queries: AuditQueries, town: TownPath, month: Month,
                         format: ReportFormat = ReportFormat.JSON, part: Part = None
                         ) -> Response:
    """The town's monthly report (月报): its villages' cases by matter and by department, and
    each relay stage's working days, as JSON, CSV (one table, chosen by ``part``) or XLSX (one
    sheet per table, Chinese headers)."""
    part_only_with_csv(format, part)
    report = await queries.monthly_report(MonthlyReportOf(town=town, month=month, by=actor))
    return _report(report, format, f"monthly-{report.place.code}-{report.period}", "代办月报",
                   part)


Week = Annotated[str, Query(min_length=1, max_length=16, examples=["2026-W48"],
                            description="the ISO week, YYYY-Www (Monday to Sunday, China time)")]


@router.get("/weekly/{place}", response_model=PlaceReportOut, responses=FILES)
async def weekly_report(actor: Staff, queries: AuditQueries, place: PlacePath, week: Week,
                        format: ReportFormat = ReportFormat.JSON, part: Part = None
                        ) -> Response:
    """A place's weekly statistics (一周一统计): by town, matter and department, and by relay
    stage."""
    part_only_with_csv(format, part)
    report = await queries.weekly_report(WeeklyReportOf(place=place, week=week, by=actor))
    return _report(report, format, f"weekly-{report.place.code}-{report.period}", "代办周统计",
                   part)


@router.get("/overview/{place}", response_model=PlaceReportOut, responses=FILES)
async def overview(actor: Staff, queries: AuditQueries, place: PlacePath,
                   since: Annotated[date, Query(description="the first day (China time)")],
                   format: ReportFormat = ReportFormat.JSON, part: Part = None) -> Response:
    """A place's counts from a day until now (e.g. cases handled since the programme began)."""
    part_only_with_csv(format, part)
    report = await queries.overview(OverviewOf(place=place, since=since, by=actor))
    return _report(report, format, f"overview-{report.place.code}-{since}", "代办总览", part)


class SavingsLineOut(BaseModel):
    place_code: str
    place_name: str
    cases: int
    trips_saved: int
    km_saved: float
    cost_saved_yuan: float | None
    """Trips and kilometres at the configured costs; null when none are configured."""

    @classmethod
    def of(cls, line: SavingsLine, costs: TravelCosts | None) -> SavingsLineOut:
        return cls(place_code=line.place.code, place_name=line.place.name, cases=line.cases,
                   trips_saved=line.trips, km_saved=float(line.km),
                   cost_saved_yuan=None if costs is None else float(costs.of(line.trips,
                                                                             line.km)))


class SavingsOut(BaseModel):
    """Trips and road kilometres residents did not travel (让数据多跑路、群众少跑腿)."""

    total: SavingsLineOut
    by_town: list[SavingsLineOut]
    by_village: list[SavingsLineOut]


@router.get("/savings/{place}", response_model=SavingsOut)
async def savings(actor: Staff, queries: AuditQueries, place: PlacePath, since: From,
                  until: To) -> SavingsOut:
    """What relaying saved the residents of a place over a period (cases decided in it)."""
    start, end = period_of(since, until)
    found = await queries.savings(SavingsOf(place=place, since=start, until=end, by=actor))
    costs = found.costs
    return SavingsOut(total=SavingsLineOut.of(found.total, costs),
                      by_town=[SavingsLineOut.of(x, costs) for x in found.by_town],
                      by_village=[SavingsLineOut.of(x, costs) for x in found.by_village])


class RankLineOut(BaseModel):
    rank: int
    key: str
    decided: int
    on_time: int
    late: int
    on_time_rate: float | None

    @classmethod
    def of(cls, line: RankLine) -> RankLineOut:
        return cls(rank=line.rank, key=line.key, decided=line.decided, on_time=line.on_time,
                   late=line.late, on_time_rate=line.on_time_rate)


class RankingOut(BaseModel):
    """The month's on-time ranking (一月一通报): towns and departments."""

    county_code: str
    month: str
    towns: list[RankLineOut]
    departments: list[RankLineOut]


@router.get("/ranking/{county}", response_model=RankingOut)
async def on_time_ranking(actor: Staff, queries: AuditQueries, county: PlacePath,
                          month: Month) -> RankingOut:
    """The county's towns and departments ranked by the share of the month's decided cases
    that were on time."""
    found = await queries.ranking(RankingOf(county=county, month=month, by=actor))
    return RankingOut(county_code=found.county.code, month=str(found.month),
                      towns=[RankLineOut.of(x) for x in found.towns],
                      departments=[RankLineOut.of(x) for x in found.departments])


class TownReportStatusOut(BaseModel):
    town_code: str
    town_name: str
    due_on: date
    ready_at: datetime | None
    late: bool

    @classmethod
    def of(cls, s: TownReportStatus) -> TownReportStatusOut:
        return cls(town_code=s.town.code, town_name=s.town.name, due_on=s.due_on,
                   ready_at=s.ready_at, late=s.late)


@router.get("/monthly-status/{county}", response_model=list[TownReportStatusOut])
async def monthly_status(actor: Staff, queries: AuditQueries, county: PlacePath,
                         month: Month) -> list[TownReportStatusOut]:
    """Whether each town's report of the month was made, due by the 5th of the next month; a
    late one (or one missing after its due day) is flagged."""
    found = await queries.report_status(ReportStatusOf(county=county, month=month, by=actor))
    return [TownReportStatusOut.of(s) for s in found]


AGENT_COLUMNS = {
    "case_number": "案件编号", "matter_code": "事项编码", "village_code": "村（社区）",
    "channel": "渠道", "opened_at": "收件时间", "accepted_at": "受理时间",
    "decided_at": "办结时间", "outcome": "结果", "delivered_at": "送达时间",
    "withdrawn_at": "撤回时间", "status": "状态", "timeliness": "时效", "returns": "退回次数",
    "stars": "评价星级", "complaints": "投诉数",
}
"""The columns of the agent's ledger and their Chinese headers."""


class AgentCaseOut(BaseModel):
    case_number: str
    matter_code: str | None
    village_code: str | None
    channel: str | None
    opened_at: datetime | None
    accepted_at: datetime | None
    decided_at: datetime | None
    outcome: str | None
    delivered_at: datetime | None
    withdrawn_at: datetime | None
    status: str
    timeliness: str
    returns: int
    stars: int | None
    complaints: int

    @classmethod
    def of(cls, line: AgentCaseLine) -> AgentCaseOut:
        r = line.record
        return cls(case_number=r.case_number, matter_code=r.matter_code,
                   village_code=r.village_code, channel=r.channel, opened_at=r.opened_at,
                   accepted_at=r.accepted_at, decided_at=r.decided_at, outcome=r.outcome,
                   delivered_at=r.delivered_at, withdrawn_at=r.withdrawn_at, status=line.status,
                   timeliness=line.timeliness, returns=len(r.returns), stars=r.stars,
                   complaints=len(r.complaints))

    def cells(self) -> list[object]:
        values = self.model_dump()
        return [v.astimezone(CHINA).strftime("%Y-%m-%d %H:%M") if isinstance(v, datetime)
                else v for v in (values[k] for k in AGENT_COLUMNS)]


MatterCode = Annotated[str | None, Query(min_length=1, max_length=64,
                                         pattern=r"^[A-Za-z0-9_.-]+$")]


@router.get("/agents/{staff_id}", response_model=list[AgentCaseOut], responses=FILES)
async def agent_ledger(actor: Staff, queries: AuditQueries, staff_id: StaffId, since: From,
                       until: To, matter: MatterCode = None,
                       format: ReportFormat = ReportFormat.JSON) -> Response:
    """The agent's 代办台账: every case they took in the period (open and closed), with its
    status, outcome and timeliness, within the caller's jurisdiction."""
    start, end = period_of(since, until)
    lines = [AgentCaseOut.of(x) for x in await queries.agent_ledger(AgentLedgerOf(
        staff_id=staff_id, since=start, until=end, by=actor, matter_code=matter))]
    name = f"agent-{staff_id}-{since}-{until}"
    disposition = {"Content-Disposition": f'attachment; filename="{name}.{format.value}"'}
    if format is ReportFormat.CSV:
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(AGENT_COLUMNS.values())
        writer.writerows(x.cells() for x in lines)
        return Response("\ufeff" + out.getvalue(), media_type="text/csv; charset=utf-8",
                        headers=disposition)
    if format is ReportFormat.XLSX:
        book = Workbook()
        del book[book.sheetnames[0]]
        sheet = book.create_sheet("代办台账")
        sheet.append([f"代办台账 {staff_id} {since} 至 {until}"])
        sheet.append(list(AGENT_COLUMNS.values()))
        for x in lines:
            sheet.append(x.cells())
        printable(sheet)
        data = io.BytesIO()
        book.save(data)
        return Response(data.getvalue(), media_type=XLSX, headers=disposition)
    return Response(f"[{','.join(x.model_dump_json() for x in lines)}]",
                    media_type="application/json")
