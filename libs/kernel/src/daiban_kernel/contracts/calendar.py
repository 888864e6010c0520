"""Events about the working-day calendar (工作日历), owned by sla.

A year's arrangement is published by the State Council each year: its public holidays and the
make-up working days (调休) that move weekends. Each event carries the whole year, so a consumer
keeps the calendar from the events alone.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from daiban_kernel.events import EventData, registry


class CalendarSource(StrEnum):
    """Where a year's arrangement came from."""

    PACKAGE = "chinese_calendar"  # the pinned chinesecalendar package, for the years it covers
    ADMIN = "admin"  # loaded by an administrator through the API


class CalendarDay(BaseModel):
    """One special day of a year: a public holiday, or a make-up working day."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    date: dt.date
    name: str | None = Field(default=None, max_length=50,
                             description="the holiday, e.g. 春节 (for a make-up day: the "
                                         "holiday it makes up for, if known)")


@registry.register
class CalendarYearLoadedV1(EventData):
    """A year's arrangement of holidays and make-up working days was loaded or replaced."""

    event_type = "calendar.year_loaded"
    version = 1

    year: int = Field(ge=1900, le=2200)
    revision: int = Field(ge=1, description="1 when first loaded, one more per replacement")
    source: CalendarSource
    holidays: tuple[CalendarDay, ...] = Field(
        description="days off, including the weekend days inside a holiday break")
    working_days: tuple[CalendarDay, ...] = Field(
        description="Saturdays and Sundays that are working days (调休)")
    loaded_by: str | None = Field(default=None, max_length=64,
                                  description="the administrator's staff id; none for the package")

    def subject(self) -> str:
        return f"calendar:{self.year}"
