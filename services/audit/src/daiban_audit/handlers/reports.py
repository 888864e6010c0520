"""The reporting read model kept from the recorded events, and the reports read from it: the
monthly report of a town (月报) and what relaying saved residents over a period."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from decimal import Decimal
from typing import Any

from daiban_audit.domain.agent_ledger import AgentCaseLine
from daiban_audit.domain.case_record import (
    CASE_EVENT_TYPES,
    PLACE_EVENT_TYPES,
    CaseRecord,
    PlaceNode,
    case_number_of,
)
from daiban_audit.domain.errors import (
    MonthNotReportable,
    NotATown,
    PlaceNotFound,
    StationNotFound,
)
from daiban_audit.domain.monthly_report import (
    Month,
    Period,
    PlaceReport,
    RankLine,
    ReportIssue,
    Span,
    TravelCosts,
    iso_week,
    on_time_ranking,
    place_report,
    savings_of,
)
from daiban_audit.domain.station_ledger import (
    STAFF_EVENT_TYPES,
    StaffPost,
    StationLedger,
    taken_at,
)
from daiban_audit.handlers.reading import EVER, staff_named
from daiban_audit.ports import UnitOfWork
from daiban_kernel.actor import Actor
from daiban_kernel.china import CHINA
from daiban_kernel.clock import Clock
from daiban_kernel.contracts.report import ReportMonthlyReadyV1
from daiban_kernel.places import PlaceCode, PlaceTier


async def keep_read_models(event_type: str, data: Mapping[str, Any], occurred_at: datetime,
                           uow: UnitOfWork) -> None:
    """Fold one recorded event into the case records, the place tree and the staff posts. The
    ledger records whatever was published; an event without the fields its contract gives is
    kept there and left out of the reports."""
    try:
        if event_type in PLACE_EVENT_TYPES:
            await uow.places.put(PlaceNode.of_snapshot(data["snapshot"]))
            return
        if event_type in STAFF_EVENT_TYPES:
            await uow.staff_posts.put(StaffPost.of_snapshot(data["snapshot"], occurred_at))
            return
        if event_type not in CASE_EVENT_TYPES:
            return
        number = case_number_of(event_type, data)
        if number is None:
            return
        record = await uow.cases.lock(number)
        changed = record.apply(event_type, data, occurred_at)
    except (KeyError, TypeError, ValueError):
        return
    await uow.cases.put(changed)


async def _place_in_reach(place: str, actor: Actor, uow: UnitOfWork) -> PlaceNode:
    node = await uow.places.get(place)
    if node is None or not actor.covers(place):
        raise PlaceNotFound(f"no place {place} in your jurisdiction")
    return node


@dataclass(frozen=True)
class MonthlyReportOf:
    """A town's report for a month (``YYYY-MM``)."""

    town: str
    month: str
    by: Actor


def _month(text: str, now: datetime) -> Month:
    try:
        month = Month.parse(text)
    except ValueError as e:
        raise MonthNotReportable(f"{text!r} is not a month (YYYY-MM): {e}") from None
    if month > Month.of(now):
        raise MonthNotReportable(f"{month} has not begun")
    return month


async def monthly_report_of(query: MonthlyReportOf, uow: UnitOfWork, *, clock: Clock
                            ) -> PlaceReport:
    """The town's cases and its villages' over the month, by matter and by department."""
    now = clock()
    month = _month(query.month, now)
    if PlaceCode.parse(query.town) is None or PlaceCode(query.town).tier is not PlaceTier.TOWN:
        raise NotATown(f"{query.town} is not a town's code (9 digits)")
    async with uow:
        town = await _place_in_reach(query.town, query.by, uow)
        places = {p.code: p for p in await uow.places.under(town.code)}
        records = await uow.cases.active_under(town.code, since=month.start, until=month.end)
    places[town.code] = town
    return place_report(town, month, records, places, now=now)


async def _report_of(place: str, period: Period, by: Actor, uow: UnitOfWork, *,
                     now: datetime) -> PlaceReport:
    if PlaceCode.parse(place) is None:
        raise PlaceNotFound(f"{place} is not a place code")
    async with uow:
        node = await _place_in_reach(place, by, uow)
        places = {p.code: p for p in await uow.places.under(PlaceCode(place).county)}
        records = await uow.cases.active_under(node.code, since=period.start, until=period.end)
    return place_report(node, period, records, places, now=now)


@dataclass(frozen=True)
class WeeklyReportOf:
    """A place's statistics for an ISO week (一周一统计), ``YYYY-Www``."""

    place: str
    week: str
    by: Actor


async def weekly_report(query: WeeklyReportOf, uow: UnitOfWork, *, clock: Clock
                        ) -> PlaceReport:
    """The week's counts of the place's cases, by town, matter and department."""
    now = clock()
    try:
        week = iso_week(query.week)
    except ValueError as e:
        raise MonthNotReportable(f"{query.week!r} is not a week (YYYY-Www): {e}",
                                 field="week") from None
    if week.start > now:
        raise MonthNotReportable(f"{week} has not begun", field="week")
    return await _report_of(query.place, week, query.by, uow, now=now)


@dataclass(frozen=True)
class OverviewOf:
    """A place's counts from a day (China time) until now: e.g. the county's "2.1万件"."""

    place: str
    since: date
    by: Actor


async def overview(query: OverviewOf, uow: UnitOfWork, *, clock: Clock) -> PlaceReport:
    """Everything the place's cases did from the day until now."""
    now = clock()
    # a day before anything was recorded counts from the first record (and 0001-01-01 in China
    # would fall outside what a UTC time can hold)
    start = datetime.combine(max(query.since, EVER[0].date()), time(), CHINA).astimezone(UTC)
    if start > now:
        raise MonthNotReportable(f"{query.since} is in the future", field="since")
    return await _report_of(query.place, Span(start, now, f"{query.since}/"), query.by, uow,
                            now=now)


@dataclass(frozen=True)
class SavingsOf:
    """What relaying saved the residents of a place over [since, until) (cases decided then)."""

    place: str
    since: datetime
    until: datetime
    by: Actor


@dataclass(frozen=True)
class SavingsLine:
    place: PlaceNode
    cases: int
    trips: int
    km: Decimal


@dataclass(frozen=True)
class SavingsReport:
    place: PlaceNode
    total: SavingsLine
    by_village: list[SavingsLine]
    by_town: list[SavingsLine]
    costs: TravelCosts | None
    """What a trip and a kilometre cost, when the settings say."""


async def savings(query: SavingsOf, uow: UnitOfWork, *, costs: TravelCosts | None = None
                  ) -> SavingsReport:
    """Trips and kilometres saved, summed per village, per town and in all."""
    async with uow:
        root = await _place_in_reach(query.place, query.by, uow)
        county = PlaceCode(root.code).county
        places = {p.code: p for p in await uow.places.under(county)}
        records = await uow.cases.active_under(root.code, since=query.since, until=query.until)
    sums: dict[str, SavingsLine] = {}
    for record in records:
        if record.decided_at is None or not query.since <= record.decided_at < query.until:
            continue
        saved = savings_of(record, places)
        village = record.village_code or ""
        for code in {village, village[:9], root.code}:
            held = sums.get(code) or SavingsLine(
                places.get(code) or PlaceNode(code, code, "", None, None, 0), 0, 0, Decimal(0))
            sums[code] = SavingsLine(held.place, held.cases + 1, held.trips + saved.trips,
                                     held.km + saved.km)

    def line(code: str) -> SavingsLine:
        return sums.get(code) or SavingsLine(places.get(code) or root, 0, 0, Decimal(0))

    codes = sorted(sums)
    return SavingsReport(
        place=root, total=line(root.code),
        by_village=[line(c) for c in codes if len(c) == 12],
        by_town=[line(c) for c in codes if len(c) == 9], costs=costs)


@dataclass(frozen=True)
class RankingOf:
    """The county's on-time ranking of its towns and of its departments for a month."""

    county: str
    month: str
    by: Actor


@dataclass(frozen=True)
class Ranking:
    county: PlaceNode
    month: Month
    towns: list[RankLine]
    departments: list[RankLine]


async def ranking(query: RankingOf, uow: UnitOfWork, *, clock: Clock) -> Ranking:
    """一月一通报: towns and departments by the share of their decided cases that were on time."""
    month = _month(query.month, clock())
    code = PlaceCode.parse(query.county)
    if code is None or code.tier is not PlaceTier.COUNTY:
        raise NotATown(f"{query.county} is not a county's code (6 digits)", field="county")
    async with uow:
        county = await _place_in_reach(query.county, query.by, uow)
        towns = [p for p in await uow.places.under(county.code) if p.tier == PlaceTier.TOWN]
        records = await uow.cases.active_under(county.code, since=month.start, until=month.end)
    by_town: dict[str, list[CaseRecord]] = {t.code: [] for t in towns}
    by_department: dict[str, list[CaseRecord]] = {}
    for r in records:
        by_town.setdefault((r.village_code or "")[:9], []).append(r)
        if r.department_code:
            by_department.setdefault(r.department_code, []).append(r)
    return Ranking(county, month, on_time_ranking(by_town, month),
                   on_time_ranking(by_department, month))


@dataclass(frozen=True)
class IssueMonthlyReports:
    """Make the reports of the month just ended for every town that has none yet."""


async def issue_monthly_reports(command: IssueMonthlyReports, uow: UnitOfWork, *,
                                clock: Clock) -> list[ReportIssue]:
    """Each town's report of the last month, made once and announced with
    ``report.monthly_ready`` (several replicas may run it: a town's month is made once)."""
    now = clock()
    month = Month.of(now).previous()
    made: list[ReportIssue] = []
    async with uow:
        done = {i.town_code for i in await uow.report_issues.of_month(str(month))}
        towns = [p for p in await uow.places.under("") if p.tier == PlaceTier.TOWN
                 and p.code not in done]
        for town in towns:
            issue = ReportIssue(town.code, str(month), now, month.late_at(now))
            if not await uow.report_issues.add(issue):
                continue
            records = await uow.cases.active_under(town.code, since=month.start,
                                                   until=month.end)
            report = place_report(town, month, records, {}, now=now)
            totals = report.total.counts
            uow.emit(ReportMonthlyReadyV1(
                town_code=town.code, town_name=town.name, month=str(month),
                due_on=month.due_on, ready_at=now, late=issue.late,
                received=int(totals["received"]), decided=int(totals["decided"]),
                on_time=int(totals["on_time"]), overdue=int(totals["late"]),
                path=f"/v1/reports/monthly/{town.code}?month={month}"))
            made.append(issue)
        await uow.commit()
    return made


@dataclass(frozen=True)
class ReportStatusOf:
    """Which of a county's towns have their month's report, and whether in time."""

    county: str
    month: str
    by: Actor


@dataclass(frozen=True)
class TownReportStatus:
    town: PlaceNode
    due_on: date
    ready_at: datetime | None
    late: bool
    """Made after its due day, or not made and the due day has passed."""


async def report_status(query: ReportStatusOf, uow: UnitOfWork, *, clock: Clock
                        ) -> list[TownReportStatus]:
    """The county's view of the month's reports: due by the 5th, late ones flagged."""
    now = clock()
    month = _month(query.month, now)
    async with uow:
        county = await _place_in_reach(query.county, query.by, uow)
        towns = [p for p in await uow.places.under(county.code) if p.tier == PlaceTier.TOWN]
        issues = {i.town_code: i for i in await uow.report_issues.of_month(str(month))}
    lines = []
    for town in towns:
        issue = issues.get(town.code)
        lines.append(TownReportStatus(
            town, month.due_on, issue.ready_at if issue else None,
            issue.late if issue else month.late_at(now)))
    return lines


@dataclass(frozen=True)
class AgentLedgerOf:
    """The cases an agent took in [since, until), optionally of one matter, that lie in the
    caller's jurisdiction."""

    staff_id: str
    since: datetime
    until: datetime
    by: Actor
    matter_code: str | None = None


async def agent_ledger(query: AgentLedgerOf, uow: UnitOfWork) -> list[AgentCaseLine]:
    """代办台账: every case the agent took, oldest first."""
    async with uow:
        await staff_named(query.staff_id, uow)
        records = await uow.cases.of_agent(query.staff_id, since=query.since, until=query.until)
    return [AgentCaseLine(r) for r in records
            if query.by.covers(r.village_code or "")
            and query.matter_code in (None, r.matter_code)]


@dataclass(frozen=True)
class StationLedgerOf:
    """The cases taken at a station in [since, until), optionally of one matter, that lie in
    the caller's jurisdiction."""

    station_code: str
    since: datetime
    until: datetime
    by: Actor
    matter_code: str | None = None


async def station_ledger(query: StationLedgerOf, uow: UnitOfWork) -> StationLedger:
    """A station's 代办台账: the cases its agents took there, oldest first, by agent."""
    if not query.by.covers(query.station_code.partition("-")[0]):
        raise StationNotFound(f"no station {query.station_code} in your jurisdiction")
    async with uow:
        here = await uow.staff_posts.at_station(query.station_code)
        if not here:
            raise StationNotFound(f"no staff member was ever at station {query.station_code}")
        posts: dict[str, list[StaffPost]] = {}
        for post in await uow.staff_posts.of_staff({p.staff_id for p in here}):
            posts.setdefault(post.staff_id, []).append(post)
        records = [r for staff_id in sorted(posts) for r in await uow.cases.of_agent(
            staff_id, since=query.since, until=query.until)]
    lines = [AgentCaseLine(r) for r in records if query.by.covers(r.village_code or "")
             and query.matter_code in (None, r.matter_code)]
    return taken_at(query.station_code, lines, posts)
