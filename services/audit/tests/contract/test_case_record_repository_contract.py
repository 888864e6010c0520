"""CaseRecordRepository, PlaceTreeRepository, ReportIssueRepository and StaffPostRepository: the
fake and the Postgres adapter give the same answers."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from daiban_audit.domain.case_record import CaseRecord, PlaceNode, StageDays
from daiban_audit.domain.monthly_report import ReportIssue
from daiban_audit.domain.station_ledger import StaffPost
from daiban_audit.ports import UnitOfWork

NOV = datetime(2026, 10, 31, 16, tzinfo=UTC)
DEC = datetime(2026, 11, 30, 16, tzinfo=UTC)


def case(n: int, village: str, opened: datetime, *, closed: datetime | None = None,
         last: datetime | None = None) -> CaseRecord:
    return CaseRecord(f"110116-20261101-{n:06d}", village_code=village, matter_code="MZ-001",
                      opened_at=opened, closed_at=closed, last_at=last or closed or opened,
                      returns={2: opened + timedelta(days=1)},
                      late_stages={"town": opened + timedelta(days=2)}, path=("village", "town"),
                      complaints={"q-1": opened},
                      stage_days={"town": StageDays(2, 3, opened + timedelta(days=2)),
                                  "case": StageDays(13, None, opened + timedelta(days=4))})


async def test_a_record_is_locked_empty_then_kept_and_read_back_whole(
        units: Callable[[], UnitOfWork]) -> None:
    record = case(1, "110116101001", NOV + timedelta(days=3))
    async with units() as uow:
        assert await uow.cases.lock(record.case_number) == CaseRecord(record.case_number)
        await uow.cases.put(record)
        await uow.commit()
    async with units() as uow:
        assert await uow.cases.lock(record.case_number) == record


async def test_the_month_reads_the_cases_under_a_place_open_or_changed_in_it(
        units: Callable[[], UnitOfWork]) -> None:
    inside = case(1, "110116101001", NOV + timedelta(days=3))
    carried = case(2, "110116101002", NOV - timedelta(days=40))
    rated_late = case(3, "110116101001", NOV - timedelta(days=40),
                      closed=NOV - timedelta(days=20), last=NOV + timedelta(days=2))
    finished_before = case(4, "110116101001", NOV - timedelta(days=40),
                           closed=NOV - timedelta(days=20))
    next_month = case(5, "110116101001", DEC + timedelta(days=1))
    other_town = case(6, "110116102001", NOV + timedelta(days=3))
    async with units() as uow:
        for r in (inside, carried, rated_late, finished_before, next_month, other_town):
            await uow.cases.put(r)
        await uow.commit()
    async with units() as uow:
        found = await uow.cases.active_under("110116101", since=NOV, until=DEC)
    assert found == [inside, carried, rated_late]


async def test_a_place_is_kept_at_its_newest_version(units: Callable[[], UnitOfWork]) -> None:
    town = PlaceNode("110116101", "泉河街道", "town", "110116", Decimal("12.5"), 2)
    village = PlaceNode("110116101001", "村一", "village", "110116101", Decimal("3.2"), 1)
    async with units() as uow:
        assert await uow.places.put(town)
        assert await uow.places.put(village)
        assert not await uow.places.put(PlaceNode("110116101", "旧名", "town", "110116",
                                                  Decimal("9.0"), 1))
        await uow.commit()
    async with units() as uow:
        assert await uow.places.get("110116101") == town
        assert await uow.places.get("110116102") is None
        assert await uow.places.under("110116101") == [town, village]
        moved = PlaceNode("110116101", "泉河街道", "town", "110116", Decimal("13.0"), 3)
        assert await uow.places.put(moved)
        assert await uow.places.get("110116101") == moved


async def test_a_towns_monthly_report_is_made_once(units: Callable[[], UnitOfWork]) -> None:
    first = ReportIssue("110116101", "2026-11", DEC + timedelta(hours=2), False)
    async with units() as uow:
        assert await uow.report_issues.add(first)
        assert await uow.report_issues.add(ReportIssue("110116102", "2026-11", DEC, True))
        assert await uow.report_issues.add(ReportIssue("110116101", "2026-10", NOV, False))
        await uow.commit()
    async with units() as uow:
        assert not await uow.report_issues.add(ReportIssue("110116101", "2026-11", DEC, True))
        assert [(i.town_code, i.late) for i in await uow.report_issues.of_month("2026-11")] == [
            ("110116101", False), ("110116102", True)]
        assert (await uow.report_issues.of_month("2026-11"))[0] == first


async def test_an_agents_cases_are_those_they_took_in_the_period(
        units: Callable[[], UnitOfWork]) -> None:
    mine = [CaseRecord(f"110116-20261101-{n:06d}", village_code="110116101001",
                       agent_id="110116-0001", opened_at=NOV + timedelta(days=d),
                       last_at=NOV + timedelta(days=d)) for n, d in ((3, 5), (1, 9), (2, 40))]
    other = CaseRecord("110116-20261101-000009", village_code="110116101001",
                       agent_id="110116-0002", opened_at=NOV, last_at=NOV)
    async with units() as uow:
        for r in (*mine, other):
            await uow.cases.put(r)
        await uow.commit()
    async with units() as uow:
        assert await uow.cases.of_agent("110116-0001", since=NOV, until=DEC) == mine[:2]


async def test_a_members_posts_are_kept_once_per_version_and_found_by_station(
        units: Callable[[], UnitOfWork]) -> None:
    first = StaffPost("110116-0001", 1, "110116101001-01", "李代办", NOV)
    moved = StaffPost("110116-0001", 2, "110116101002-01", "李代办", NOV + timedelta(days=9))
    other = StaffPost("110116-0002", 1, "110116101001-01", "王代办", NOV)
    async with units() as uow:
        for post in (moved, other, first):
            assert await uow.staff_posts.put(post)
        assert not await uow.staff_posts.put(StaffPost("110116-0001", 2, "110116101003-01",
                                                       "李代办", DEC))
        await uow.commit()
    async with units() as uow:
        assert await uow.staff_posts.at_station("110116101001-01") == [first, other]
        assert await uow.staff_posts.at_station("110116101009-01") == []
        assert await uow.staff_posts.of_staff({"110116-0001"}) == [first, moved]
        assert await uow.staff_posts.of_staff(set()) == []
