"""The reporting read model in Postgres: a row per case (its record as JSON, with the columns
the reports select by), the place tree, staff members' posts, and the monthly reports made."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from daiban_audit.adapters.orm import case_record, monthly_report_issue, place_node, staff_post
from daiban_audit.domain.case_record import CaseRecord, PlaceNode
from daiban_audit.domain.monthly_report import ReportIssue
from daiban_audit.domain.station_ledger import StaffPost


class PostgresCaseRecordRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def lock(self, case_number: str) -> CaseRecord:
        empty = CaseRecord(case_number)
        await self._session.execute(insert(case_record).values(
            case_number=case_number, data=empty.to_json()).on_conflict_do_nothing())
        data = (await self._session.execute(
            select(case_record.c.data).where(case_record.c.case_number == case_number)
            .with_for_update())).scalar_one()
        return CaseRecord.of_json(data)

    async def put(self, record: CaseRecord) -> None:
        values = {"village_code": record.village_code, "agent_id": record.agent_id,
                  "opened_at": record.opened_at or record.accepted_at,
                  "ended_at": record.closed_at or record.withdrawn_at,
                  "last_at": record.last_at, "data": record.to_json()}
        await self._session.execute(
            insert(case_record).values(case_number=record.case_number, **values)
            .on_conflict_do_update(index_elements=[case_record.c.case_number], set_=values))

    async def active_under(self, place: str, *, since: datetime, until: datetime
                           ) -> list[CaseRecord]:
        c = case_record.c
        rows = await self._session.execute(
            select(c.data).where(c.village_code.startswith(place, autoescape=True),
                                 c.opened_at < until,
                                 or_(c.ended_at.is_(None), c.ended_at >= since,
                                     c.last_at >= since))
            .order_by(c.case_number))
        return [CaseRecord.of_json(data) for data in rows.scalars()]

    async def of_agent(self, staff_id: str, *, since: datetime, until: datetime
                       ) -> list[CaseRecord]:
        c = case_record.c
        rows = await self._session.execute(
            select(c.data).where(c.agent_id == staff_id, c.opened_at >= since,
                                 c.opened_at < until).order_by(c.opened_at, c.case_number))
        return [CaseRecord.of_json(data) for data in rows.scalars()]


class PostgresPlaceTreeRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def put(self, node: PlaceNode) -> bool:
        values = {"name": node.name, "tier": node.tier, "parent_code": node.parent_code,
                  "distance_km": node.distance_km, "version": node.version}
        done = await self._session.execute(
            insert(place_node).values(code=node.code, **values)
            .on_conflict_do_update(index_elements=[place_node.c.code], set_=values,
                                   where=place_node.c.version < node.version)
            .returning(place_node.c.code))
        return done.first() is not None

    async def get(self, code: str) -> PlaceNode | None:
        row = (await self._session.execute(
            select(place_node).where(place_node.c.code == code))).mappings().first()
        return None if row is None else PlaceNode(**row)

    async def under(self, code: str) -> list[PlaceNode]:
        rows = await self._session.execute(
            select(place_node).where(place_node.c.code.startswith(code, autoescape=True))
            .order_by(place_node.c.code))
        return [PlaceNode(**row) for row in rows.mappings()]


class PostgresReportIssueRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, issue: ReportIssue) -> bool:
        done = await self._session.execute(
            insert(monthly_report_issue).values(
                town_code=issue.town_code, month=issue.month, ready_at=issue.ready_at,
                late=issue.late).on_conflict_do_nothing()
            .returning(monthly_report_issue.c.town_code))
        return done.first() is not None

    async def of_month(self, month: str) -> list[ReportIssue]:
        rows = await self._session.execute(
            select(monthly_report_issue).where(monthly_report_issue.c.month == month)
            .order_by(monthly_report_issue.c.town_code))
        return [ReportIssue(**row) for row in rows.mappings()]


class PostgresStaffPostRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def put(self, post: StaffPost) -> bool:
        done = await self._session.execute(
            insert(staff_post).values(staff_id=post.staff_id, version=post.version,
                                      station_code=post.station_code, name=post.name,
                                      since=post.since)
            .on_conflict_do_nothing().returning(staff_post.c.staff_id))
        return done.first() is not None

    async def at_station(self, station_code: str) -> list[StaffPost]:
        rows = await self._session.execute(
            select(staff_post).where(staff_post.c.station_code == station_code)
            .order_by(staff_post.c.staff_id, staff_post.c.version))
        return [StaffPost(**row) for row in rows.mappings()]

    async def of_staff(self, staff_ids: Collection[str]) -> list[StaffPost]:
        rows = await self._session.execute(
            select(staff_post).where(staff_post.c.staff_id.in_(list(staff_ids)))
            .order_by(staff_post.c.staff_id, staff_post.c.version))
        return [StaffPost(**row) for row in rows.mappings()]
