"""The working-day calendar in Postgres: a row per loaded year, a row per special day."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from daiban_common.db import Aggregate
from daiban_kernel.contracts.calendar import CalendarSource
from daiban_sla.adapters.orm import calendar_days, calendar_version, calendar_years
from daiban_sla.domain.calendar_year import CalendarYear
from daiban_sla.domain.year_arrangement import SpecialDay, YearArrangement

HOLIDAY, WORKING_DAY = "holiday", "working_day"


class PostgresCalendarRepository:
    """Loaded years; every year added or loaded is tracked for its events."""

    def __init__(self, session: AsyncSession, seen: list[Aggregate]) -> None:
        self._session = session
        self._seen = seen

    async def version(self) -> int:
        """The calendar's change counter."""
        return int(await self._session.scalar(select(calendar_version.c.version)) or 0)

    async def claim_change(self) -> None:
        """Lock the counter row for this transaction (changes serialise) and move it on."""
        await self._session.execute(
            update(calendar_version).values(version=calendar_version.c.version + 1))

    async def get(self, year: int) -> CalendarYear | None:
        """The loaded year, or None."""
        found = await self._load(year)
        return found[0] if found else None

    async def all(self) -> list[CalendarYear]:
        """Every loaded year, in order."""
        return await self._load(None)

    async def add(self, year: CalendarYear) -> None:
        """Store a newly loaded year."""
        await self._session.execute(calendar_years.insert().values(**_year_row(year)))
        await self._insert_days(year)
        self._seen.append(year)

    async def save(self, year: CalendarYear) -> None:
        """Replace a year's arrangement."""
        await self._session.execute(
            update(calendar_years).where(calendar_years.c.year == year.year)
            .values(**_year_row(year)))
        await self._session.execute(delete(calendar_days)
                                    .where(calendar_days.c.year == year.year))
        await self._insert_days(year)

    async def _insert_days(self, year: CalendarYear) -> None:
        rows = list(_day_rows(year))
        if rows:
            await self._session.execute(insert(calendar_days), rows)

    async def _load(self, year: int | None) -> list[CalendarYear]:
        years_q = select(calendar_years).order_by(calendar_years.c.year)
        days_q = select(calendar_days).order_by(calendar_days.c.day)
        if year is not None:
            years_q = years_q.where(calendar_years.c.year == year)
            days_q = days_q.where(calendar_days.c.year == year)
        days: dict[int, list[Any]] = defaultdict(list)
        for row in (await self._session.execute(days_q)).mappings():
            days[row["year"]].append(row)
        found = [_year(row, days[row["year"]])
                 for row in (await self._session.execute(years_q)).mappings()]
        self._seen.extend(found)
        return found


def _year_row(year: CalendarYear) -> dict[str, Any]:
    return {"year": year.year, "source": year.source.value, "revision": year.revision,
            "loaded_by": year.loaded_by, "loaded_at": year.loaded_at}


def _day_rows(year: CalendarYear) -> Iterable[dict[str, Any]]:
    for kind, days in ((HOLIDAY, year.arrangement.holidays),
                       (WORKING_DAY, year.arrangement.working_days)):
        for d in days:
            yield {"day": d.day, "year": year.year, "kind": kind, "name": d.name}


def _year(row: Any, days: list[Any]) -> CalendarYear:
    def of(kind: str) -> tuple[SpecialDay, ...]:
        return tuple(SpecialDay(d["day"], d["name"]) for d in days if d["kind"] == kind)

    arrangement = YearArrangement(row["year"], of(HOLIDAY), of(WORKING_DAY))
    return CalendarYear(arrangement, CalendarSource(row["source"]), row["revision"],
                        row["loaded_by"], row["loaded_at"])
