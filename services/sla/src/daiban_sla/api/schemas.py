"""SLA's wire models: what clients send and receive."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field

from daiban_common.pagination import Page
from daiban_kernel.contracts.calendar import CalendarSource
from daiban_kernel.contracts.matter import Tier
from daiban_sla.api.deps import IsoDate
from daiban_sla.domain.clock import Light


class ClockOut(BaseModel):
    """One clock: a stage's share of the limit (or the whole case's), and its light now.
    Times are China Standard Time; a deadline is the end of its last working day."""

    clock_id: str
    stage: Tier | None = Field(description="the stage, or null for the whole case's clock")
    place_code: str = Field(description="the place holding the stage")
    light: Light
    budget_working_days: int
    used_working_days: int | None = Field(
        description="working days used, the current day counted; null while a year it needs "
                    "is not loaded")
    started_at: dt.datetime
    yellow_at: dt.datetime | None = Field(description="when it turns yellow; null: no yellow")
    deadline: dt.datetime | None = Field(
        description="null until the calendar of the year it falls in is loaded")
    paused: bool = Field(description="returned for correction (退回补正): not counting")
    paused_working_days: int
    stopped_at: dt.datetime | None
    stop_reason: str | None
    timeout_default: bool = Field(description="the stage is deemed passed when it times out")
    warned_at: dt.datetime | None
    breached_at: dt.datetime | None
    timed_out_at: dt.datetime | None
    escalated_at: dt.datetime | None
    escalated_to: str | None
    on_time: bool | None = Field(description="once stopped: whether within the deadline")
    days_over: int | None = Field(description="once stopped: working days past the deadline")


class CaseClocksOut(BaseModel):
    """A case's clocks; ``light`` is the worst light among them (null before acceptance)."""

    number: str
    light: Light | None
    clocks: list[ClockOut]


class TrackedCaseOut(CaseClocksOut):
    """A case SLA keeps time for, with its clocks."""

    matter_code: str
    matter_version: int
    village_code: str
    submitted_at: dt.datetime | None
    accepted_at: dt.datetime | None
    holding_tier: Tier | None
    closed_at: dt.datetime | None
    closed_why: str | None


class LightOut(BaseModel):
    """An open clock showing yellow or red, for supervisors."""

    clock_id: str
    case_number: str
    stage: Tier | None
    village_code: str
    place_code: str
    matter_code: str
    matter_name: str | None
    light: Light
    deadline: dt.datetime | None
    warned_at: dt.datetime | None
    breached_at: dt.datetime | None
    timed_out_at: dt.datetime | None
    escalated_at: dt.datetime | None
    escalated_to: str | None


class PublicLightOut(BaseModel):
    """A case showing yellow or red on the public board: no person, no staff."""

    case_number: str
    matter_name: str | None
    stage: Tier | None
    place_code: str
    light: Light
    deadline: dt.datetime | None


LightPage = Page[LightOut]
PublicLightPage = Page[PublicLightOut]


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
