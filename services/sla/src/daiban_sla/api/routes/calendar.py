"""The working-day calendar over HTTP: public answers, and an administrator's loading of a year."""

from __future__ import annotations

from fastapi import APIRouter, Response, status

from daiban_sla.api.deps import Admin, Days, From, SlaCommands, SlaQueries, To, Year
from daiban_sla.api.schemas import (
    CalendarYearOut,
    CalendarYearsOut,
    WorkingDateOut,
    WorkingDaysOut,
    YearArrangementIn,
)
from daiban_sla.handlers import (
    ArrangeYear,
    LoadedYears,
    WorkingDaysAfter,
    WorkingDaysBetween,
    YearOf,
)

router = APIRouter(prefix="/v1", tags=["calendar"])


@router.get("/calendar/add-working-days", response_model=WorkingDateOut)
async def add_working_days(queries: SlaQueries, start: From, days: Days) -> WorkingDateOut:
    """The day on which `days` working days after `from` have passed (`from` not counted)."""
    return WorkingDateOut(date=await queries.add_working_days(WorkingDaysAfter(start, days)))


@router.get("/calendar/working-days-between", response_model=WorkingDaysOut)
async def working_days_between(queries: SlaQueries, start: From, end: To) -> WorkingDaysOut:
    """The working days in (from, to]; negative when `to` is before `from`."""
    return WorkingDaysOut(
        working_days=await queries.working_days_between(WorkingDaysBetween(start, end)))


@router.get("/calendar", response_model=CalendarYearsOut)
async def list_years(queries: SlaQueries) -> CalendarYearsOut:
    """The years whose arrangement is loaded."""
    return CalendarYearsOut.from_domain(await queries.calendar_years(LoadedYears()))


@router.get("/calendar/{year}", response_model=CalendarYearOut)
async def get_year(queries: SlaQueries, year: Year) -> CalendarYearOut:
    """A loaded year's public holidays and make-up working days."""
    return CalendarYearOut.from_domain(await queries.calendar_year(YearOf(year)))


@router.put("/admin/calendar/{year}", response_model=CalendarYearOut,
            responses={201: {"model": CalendarYearOut, "description": "The year was loaded"}})
async def arrange_year(actor: Admin, commands: SlaCommands, year: Year,
                       body: YearArrangementIn, response: Response) -> CalendarYearOut:
    """Load or replace a year's holidays and make-up working days (administrators only).

    Clocks counted provisionally into the year get their exact moments from the sweeper."""
    holidays, working_days = body.to_days()
    done = await commands.arrange_year(ArrangeYear(year=year, holidays=holidays,
                                                   working_days=working_days,
                                                   by=actor.staff_id))
    if done.created:
        response.status_code = status.HTTP_201_CREATED
        response.headers["Location"] = f"/v1/calendar/{year}"
    return CalendarYearOut.from_domain(done.year)
