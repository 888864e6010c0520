"""The working-day calendar over HTTP: public answers, and an administrator's loading of a year."""

from __future__ import annotations

from fastapi import APIRouter, Response, status

from daiban_sla.api.deps import Admin, Days, From, SlaDep, To, Year
from daiban_sla.api.schemas import (
    CalendarDayOut,
    CalendarYearOut,
    CalendarYearsOut,
    CalendarYearSummary,
    WorkingDateOut,
    WorkingDaysOut,
    YearArrangementIn,
)
from daiban_sla.domain.calendar import CalendarYear, SpecialDay
from daiban_sla.handlers import ArrangeYear

router = APIRouter(prefix="/v1", tags=["calendar"])


@router.get("/calendar/add-working-days", response_model=WorkingDateOut)
async def add_working_days(sla: SlaDep, start: From, days: Days) -> WorkingDateOut:
    """The day on which `days` working days after `from` have passed (`from` not counted)."""
    calendar = await sla.calendar.get()
    return WorkingDateOut(date=calendar.add_working_days(start, days))


@router.get("/calendar/working-days-between", response_model=WorkingDaysOut)
async def working_days_between(sla: SlaDep, start: From, end: To) -> WorkingDaysOut:
    """The working days in (from, to]; negative when `to` is before `from`."""
    calendar = await sla.calendar.get()
    return WorkingDaysOut(working_days=calendar.working_days_between(start, end))


@router.get("/calendar", response_model=CalendarYearsOut)
async def list_years(sla: SlaDep) -> CalendarYearsOut:
    """The years whose arrangement is loaded."""
    return CalendarYearsOut(years=[
        CalendarYearSummary(year=y.year, source=y.source, revision=y.revision,
                            loaded_at=y.loaded_at)
        for y in await sla.calendar_years()])


@router.get("/calendar/{year}", response_model=CalendarYearOut)
async def get_year(sla: SlaDep, year: Year) -> CalendarYearOut:
    """A loaded year's public holidays and make-up working days."""
    return render(await sla.calendar_year(year))


@router.put("/admin/calendar/{year}", response_model=CalendarYearOut,
            responses={201: {"model": CalendarYearOut, "description": "The year was loaded"}})
async def arrange_year(principal: Admin, sla: SlaDep, year: Year, body: YearArrangementIn,
                       response: Response) -> CalendarYearOut:
    """Load or replace a year's holidays and make-up working days (administrators only)."""
    done = await sla.arrange_year(ArrangeYear(
        year=year,
        holidays=tuple(SpecialDay(d.date, d.name) for d in body.holidays),
        working_days=tuple(SpecialDay(d.date, d.name) for d in body.working_days),
        by=principal.staff_id,
    ))
    if done.created:
        response.status_code = status.HTTP_201_CREATED
        response.headers["Location"] = f"/v1/calendar/{year}"
    return render(done.year)


def render(year: CalendarYear) -> CalendarYearOut:
    """The wire view of a loaded year."""
    return CalendarYearOut(
        year=year.year, source=year.source, revision=year.revision, loaded_at=year.loaded_at,
        holidays=[CalendarDayOut(date=d.day, name=d.name) for d in year.arrangement.holidays],
        working_days=[CalendarDayOut(date=d.day, name=d.name)
                      for d in year.arrangement.working_days],
    )
