"""SLA's wire models: what clients send and receive."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field

from daiban_common.contracts.calendar import CalendarSource
from daiban_sla.api.deps import IsoDate


class TrackedCaseOut(BaseModel):
    """A case SLA keeps time for."""

    number: str
    matter_code: str
    village_code: str
    submitted_at: dt.datetime


class HolidayIn(BaseModel):
    """A public holiday, or a weekend day inside a holiday break."""

    model_config = ConfigDict(extra="forbid")

    date: IsoDate = Field(examples=["2027-01-01"])
    name: str = Field(min_length=1, max_length=50, examples=["元旦"])


class WorkingDayIn(BaseModel):
    """A Saturday or Sunday that is worked (调休)."""

    model_config = ConfigDict(extra="forbid")

    date: IsoDate = Field(examples=["2027-02-06"])
    name: str | None = Field(default=None, min_length=1, max_length=50,
                             description="the holiday it makes up for", examples=["春节"])


class YearArrangementIn(BaseModel):
    """A year's arrangement as the State Council's notice lists it."""

    model_config = ConfigDict(extra="forbid")

    holidays: list[HolidayIn] = Field(max_length=366)
    working_days: list[WorkingDayIn] = Field(default=[], max_length=366)


class CalendarDayOut(BaseModel):
    """A special day of the year."""

    date: dt.date
    name: str | None


class CalendarYearOut(BaseModel):
    """A loaded year: its holidays and make-up working days; every other day follows the week."""

    year: int
    source: CalendarSource
    revision: int
    loaded_at: dt.datetime
    holidays: list[CalendarDayOut]
    working_days: list[CalendarDayOut]


class CalendarYearSummary(BaseModel):
    """A loaded year, without its days."""

    year: int
    source: CalendarSource
    revision: int
    loaded_at: dt.datetime


class CalendarYearsOut(BaseModel):
    """The loaded years, in order."""

    years: list[CalendarYearSummary]


class WorkingDateOut(BaseModel):
    """The day a count of working days ends on."""

    date: dt.date


class WorkingDaysOut(BaseModel):
    """A count of working days."""

    working_days: int
