"""What a clock's moments are counted with: the working-day calendar of one stored version, the
light policy, and the provisional calendar of the years not loaded yet.

Time is China's (``daiban_kernel.china``): a day is a day in China, and a working day is used up
at its end, 23:59:59.999.

A count that reaches a year whose arrangement is not loaded is never taken for exact. It falls
back on the provisional calendar: the loaded years as they are and, for the years after them,
weekends and the statutory holidays (法定节假日) alone, since a year's make-up working days (调休)
are only known once the State Council publishes its arrangement. What is counted on it is marked
provisional, and recomputed when an administrator loads the year.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Generic, TypeVar

from daiban_kernel.china import CHINA, china_date
from daiban_sla.domain.errors import CalendarYearNotLoaded
from daiban_sla.domain.light_policy import LightPolicy
from daiban_sla.domain.working_calendar import WorkingCalendar

T = TypeVar("T")
_DAY_END = time(23, 59, 59, 999_000)


def day_of(at: datetime) -> date:
    """China's calendar day of an instant."""
    return china_date(at)


def end_of(day: date) -> datetime:
    """The last instant (23:59:59.999 in China) of a day."""
    return datetime.combine(day, _DAY_END, CHINA)


@dataclass(frozen=True)
class Counted(Generic[T]):
    """A count, and whether a provisional year went into it."""

    value: T
    provisional: bool = False


@dataclass(frozen=True)
class Timetable:
    """The calendar of one stored version, the light policy, and the provisional calendar (None:
    no provisional count, as before any year is loaded)."""

    calendar: WorkingCalendar
    version: int
    policy: LightPolicy
    provisional: WorkingCalendar | None = None

    def count(self, reckon: Callable[[WorkingCalendar], T]) -> Counted[T] | None:
        """``reckon`` on the loaded years; when it reaches a year not loaded, on the provisional
        calendar (marked so); None when that does not reach far enough either."""
        try:
            return Counted(reckon(self.calendar))
        except CalendarYearNotLoaded:
            if self.provisional is None:
                return None
        try:
            return Counted(reckon(self.provisional), provisional=True)
        except CalendarYearNotLoaded:
            return None

    def working_days(self, start: date, end: date) -> int | None:
        """Working days in (start, end] on the loaded years only, or None while a year on the way
        is not loaded (what statistics are kept with)."""
        try:
            return self.calendar.working_days_between(start, end)
        except CalendarYearNotLoaded:
            return None

    def end_after(self, start: date, days: int) -> Counted[datetime] | None:
        """The end of the day ``days`` working days after ``start``, provisional when it needed a
        year not loaded; None when not even the provisional calendar reaches it."""
        return self.count(lambda calendar: end_of(calendar.add_working_days(start, days)))
