"""Once a month has ended each town's report is made once and announced (report.monthly_ready),
due at the county by the 5th of the next month; one made later, or still missing after the 5th,
is flagged late for the county."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from daiban_audit.handlers import IssueMonthlyReports, ReportStatusOf
from daiban_audit.ports import UnitOfWork
from daiban_common.envelope import Envelope
from daiban_kernel.actor import Actor
from daiban_kernel.contracts.place import PlaceCreatedV1, PlaceSnapshot
from daiban_kernel.contracts.report import ReportMonthlyReadyV1
from daiban_kernel.events import EventData
from daiban_kernel.places import PlaceTier
from daiban_kernel.roles import Role
from tests.support.fakes import FakeUnitOfWork, Moment

from .conftest import Audit

COUNTY = Actor(staff_id="110116-0009", role=Role.SUPERVISOR, place="110116")
FIRST_OF_DECEMBER = datetime(2026, 11, 30, 17, tzinfo=UTC)  # 01:00 on 1 December in China


def committed(uow: UnitOfWork) -> list[EventData]:
    assert isinstance(uow, FakeUnitOfWork)
    return uow.committed


async def towns(audit: Audit, uow: UnitOfWork, *codes: str) -> None:
    snapshots = [PlaceSnapshot(code="110116", name="怀柔区", tier=PlaceTier.COUNTY,
                               parent_code=None, distance_km=None, active=True, version=1),
                 *(PlaceSnapshot(code=c, name=f"镇{c}", tier=PlaceTier.TOWN, parent_code="110116",
                                 distance_km=Decimal("10.0"), active=True, version=1)
                   for c in codes)]
    for snapshot in snapshots:
        envelope = Envelope.wrap(PlaceCreatedV1(snapshot=snapshot), source="/daiban/routing")
        handler = audit.event_handlers.handler_for(envelope)
        assert handler is not None
        await handler(envelope, uow)


async def test_each_towns_report_is_made_once_after_month_end_and_late_ones_are_flagged(
        audit: Audit, uow: UnitOfWork, moment: Moment) -> None:
    await towns(audit, uow, "110116101", "110116102")
    moment.now = FIRST_OF_DECEMBER
    made = await audit.commands.issue_monthly_reports(IssueMonthlyReports())
    assert [(i.town_code, i.month, i.late) for i in made] == [
        ("110116101", "2026-11", False), ("110116102", "2026-11", False)]
    ready = [e for e in committed(uow) if isinstance(e, ReportMonthlyReadyV1)]
    assert [(e.town_code, e.due_on, e.late) for e in ready] == [
        ("110116101", date(2026, 12, 5), False), ("110116102", date(2026, 12, 5), False)]
    assert await audit.commands.issue_monthly_reports(IssueMonthlyReports()) == []

    await towns(audit, uow, "110116103")  # a town the tree learnt of later
    moment.now = FIRST_OF_DECEMBER + timedelta(days=5)  # 6 December, 01:00 in China
    status = await audit.queries.report_status(ReportStatusOf("110116", "2026-11", COUNTY))
    assert [(s.town.code, s.ready_at is not None, s.late) for s in status] == [
        ("110116101", True, False), ("110116102", True, False), ("110116103", False, True)]
    late = await audit.commands.issue_monthly_reports(IssueMonthlyReports())
    assert [(i.town_code, i.late) for i in late] == [("110116103", True)]
    status = await audit.queries.report_status(ReportStatusOf("110116", "2026-11", COUNTY))
    assert [s.late for s in status] == [False, False, True]
