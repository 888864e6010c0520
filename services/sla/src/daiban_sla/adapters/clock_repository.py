"""SLA's clocks in Postgres: a row per stage of a case, found when due through ``next_due_at``.

The sweeper claims due rows with ``FOR UPDATE SKIP LOCKED``, so sweepers in several replicas
never fire the same clock; the fired levels are written to the row in the transaction that writes
their outbox rows. A clock written with a moment to come wakes the sweepers (NOTIFY at commit).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, func, literal, select, text, tuple_
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from daiban_common.db import Aggregate
from daiban_kernel.contracts.case import CaseRef
from daiban_sla.adapters.orm import clocks, matters, tracked_cases
from daiban_sla.domain.clock import DELIVERED, Clock, Light, Pause, stage_key, stage_of
from daiban_sla.domain.moments import Moments
from daiban_sla.ports import FinishedCase, LightsPosition, OnTimeFigures

WAKE_CHANNEL = "daiban_sla_clocks"
_KEY = ["case_number", "stage"]


class PostgresClockRepository:
    """Clocks; every clock read is tracked for the events it records."""

    def __init__(self, session: AsyncSession, seen: list[Aggregate]) -> None:
        self._session = session
        self._seen = seen

    async def of_case(self, case_number: str, *, lock: bool) -> list[Clock]:
        """A case's clocks, locked for this transaction when ``lock``."""
        query = select(clocks).where(clocks.c.case_number == case_number)
        return await self._load(query.with_for_update() if lock else query)

    async def save(self, found: Sequence[Clock], *, wake: bool) -> None:
        """Insert or update clocks; ``wake`` tells the sweepers at commit when one has a moment
        to come."""
        if not found:
            return
        stmt = insert(clocks)
        await self._session.execute(
            stmt.on_conflict_do_update(
                index_elements=_KEY,
                set_={c.name: stmt.excluded[c.name] for c in clocks.c if c.name not in _KEY}),
            [_row(c) for c in found])
        if wake and any(c.next_due_at is not None for c in found):
            await self._session.execute(text("SELECT pg_notify(:channel, '')"),
                                        {"channel": WAKE_CHANNEL})

    async def due(self, now: datetime, *, limit: int) -> list[Clock]:
        """Clocks whose next moment has come, earliest first, locked; rows another sweeper
        holds are skipped."""
        return await self._load(
            select(clocks).where(clocks.c.next_due_at <= now).order_by(clocks.c.next_due_at)
            .limit(limit).with_for_update(skip_locked=True))

    async def stale(self, version: int, *, limit: int) -> list[Clock]:
        """Open clocks (and stopped ones whose statistics are unknown) computed with an older
        calendar, locked; rows another transaction holds are skipped."""
        return await self._load(
            select(clocks).where(clocks.c.stopped_at.is_(None) | clocks.c.used_days.is_(None)
                                 | clocks.c.on_time.is_(None),
                                 clocks.c.calendar_version < version)
            .limit(limit).with_for_update(skip_locked=True))

    async def earliest_due(self) -> datetime | None:
        """The next moment any clock falls due."""
        found: datetime | None = await self._session.scalar(
            select(func.min(clocks.c.next_due_at)))
        return found

    async def open_by_light(self) -> dict[Light, int]:
        """How many open clocks show each light (as last fired)."""
        rows = await self._session.execute(
            select(clocks.c.light, func.count()).where(clocks.c.stopped_at.is_(None))
            .group_by(clocks.c.light))
        counts = dict.fromkeys(Light, 0)
        counts.update({Light(light): n for light, n in rows.tuples()})
        return counts

    async def lights(self, place: str, light: Light, *, after: LightsPosition | None,
                     limit: int) -> list[tuple[Clock, str | None]]:
        """Open clocks of this light for cases under ``place``, by village, case and stage,
        with their matter's name."""
        where: list[ColumnElement[bool]] = [
            clocks.c.stopped_at.is_(None), clocks.c.light == light.value,
            clocks.c.village_code.startswith(place, autoescape=True)]
        if after is not None:
            where.append(tuple_(clocks.c.village_code, clocks.c.case_number, clocks.c.stage)
                         > tuple_(*(literal(v) for v in after)))
        query = (select(clocks, matters.c.name.label("matter_name"))
                 .outerjoin(matters, (matters.c.code == clocks.c.matter_code)
                            & (matters.c.version == clocks.c.matter_version))
                 .where(*where)
                 .order_by(clocks.c.village_code, clocks.c.case_number, clocks.c.stage)
                 .limit(limit))
        rows = (await self._session.execute(query)).mappings().all()
        return [(_clock(r), r["matter_name"]) for r in rows]

    async def finished(self, place: str, *, limit: int) -> list[FinishedCase]:
        """The latest delivered cases under ``place``, newest first, with their matter's name
        and the applicant's masked name."""
        query = (select(clocks.c.case_number, clocks.c.village_code, clocks.c.stopped_at,
                        clocks.c.on_time, matters.c.name.label("matter_name"),
                        tracked_cases.c.applicant_masked)
                 .outerjoin(matters, (matters.c.code == clocks.c.matter_code)
                            & (matters.c.version == clocks.c.matter_version))
                 .outerjoin(tracked_cases, tracked_cases.c.number == clocks.c.case_number)
                 .where(*_delivered_under(place))
                 .order_by(clocks.c.stopped_at.desc(), clocks.c.case_number)
                 .limit(limit))
        rows = (await self._session.execute(query)).mappings().all()
        return [FinishedCase(case_number=r["case_number"], village_code=r["village_code"],
                             matter_name=r["matter_name"], applicant_masked=r["applicant_masked"],
                             finished_at=r["stopped_at"], on_time=r["on_time"]) for r in rows]

    async def on_time_since(self, place: str, since: datetime) -> OnTimeFigures:
        """Delivered cases under ``place`` since ``since``, on time and late."""
        row = (await self._session.execute(
            select(func.count(), func.count().filter(clocks.c.on_time.is_(True)),
                   func.count().filter(clocks.c.on_time.is_(False)))
            .where(*_delivered_under(place), clocks.c.stopped_at >= since))).one()
        return OnTimeFigures(finished=row[0], on_time=row[1], late=row[2])

    async def _load(self, query: Any) -> list[Clock]:
        found = [_clock(r) for r in (await self._session.execute(query)).mappings()]
        self._seen.extend(found)
        return found


def _delivered_under(place: str) -> list[ColumnElement[bool]]:
    return [clocks.c.stage == stage_key(None), clocks.c.stop_reason == DELIVERED,
            clocks.c.village_code.startswith(place, autoescape=True)]


def _row(clock: Clock) -> dict[str, Any]:
    m = clock.moments
    return {
        "case_number": clock.case.case_number, "stage": stage_key(clock.stage),
        "village_code": clock.case.village_code, "matter_code": clock.case.matter_code,
        "matter_version": clock.case.matter_version, "budget_days": clock.budget_days,
        "timeout_default": clock.timeout_default, "started_at": clock.started_at,
        "pauses": [{"start": p.start.isoformat(),
                    "end": None if p.end is None else p.end.isoformat()} for p in clock.pauses],
        "paused_days": clock.paused_days, "stopped_at": clock.stopped_at,
        "stop_reason": clock.stop_reason, "light": clock.light.value,
        "yellow_days": clock.yellow_days, "yellow_at": m.yellow_at, "deadline": m.deadline,
        "escalate_at": m.escalate_at, "provisional": m.provisional, "warned_at": clock.warned_at,
        "breached_at": clock.breached_at, "timed_out_at": clock.timed_out_at,
        "escalated_at": clock.escalated_at, "next_due_at": clock.next_due_at,
        "calendar_version": clock.calendar_version, "used_days": clock.used_days,
        "on_time": clock.on_time, "days_over": clock.days_over,
    }


def _clock(row: Any) -> Clock:
    ref = CaseRef(case_number=row["case_number"], village_code=row["village_code"],
                  matter_code=row["matter_code"], matter_version=row["matter_version"])
    return Clock(
        case=ref, stage=stage_of(row["stage"]), budget_days=row["budget_days"],
        timeout_default=row["timeout_default"], started_at=row["started_at"],
        pauses=tuple(Pause(datetime.fromisoformat(p["start"]),
                           None if p["end"] is None else datetime.fromisoformat(p["end"]))
                     for p in row["pauses"]),
        paused_days=row["paused_days"], stopped_at=row["stopped_at"],
        stop_reason=row["stop_reason"], light=Light(row["light"]),
        warned_at=row["warned_at"], breached_at=row["breached_at"],
        timed_out_at=row["timed_out_at"], escalated_at=row["escalated_at"],
        moments=Moments(row["yellow_at"], row["deadline"], row["escalate_at"],
                        row["provisional"]),
        yellow_days=row["yellow_days"], calendar_version=row["calendar_version"],
        next_due_at=row["next_due_at"], used_days=row["used_days"], on_time=row["on_time"],
        days_over=row["days_over"],
    )
