"""How far ahead the working-day calendar is loaded, and whether next year's arrangement is due.

The State Council usually publishes the next year's arrangement in November. From 1 November on,
a calendar that does not reach into next year is overdue: clocks that run into it only have a
provisional deadline (see ``timetable``), so the operators are told (a metric and its alert, and a
warning from ``daiban migrate``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from daiban_sla.domain.working_calendar import WorkingCalendar

NEXT_YEAR_DUE_FROM = (11, 1)
"""(month, day) from which next year's arrangement should be loaded."""


@dataclass(frozen=True)
class CalendarOutlook:
    """The calendar as seen on a day (China's): where the loaded years end."""

    today: date
    unloaded_from: date
    """The first day from ``today`` on whose year is not loaded."""

    @classmethod
    def of(cls, calendar: WorkingCalendar, today: date) -> CalendarOutlook:
        """The outlook of a calendar on ``today``."""
        return cls(today, calendar.unloaded_from(today))

    @property
    def days_loaded_ahead(self) -> int:
        """Days from ``today`` until the first day of a year not loaded (0: this year is not)."""
        return (self.unloaded_from - self.today).days

    @property
    def missing_year(self) -> int:
        """The year an administrator should load next."""
        return self.unloaded_from.year

    @property
    def next_year_due(self) -> bool:
        """Whether the arrangement the calendar lacks is due: this year's at any time, next
        year's from 1 November."""
        due_from = date(self.today.year, *NEXT_YEAR_DUE_FROM)
        return self.missing_year <= self.today.year + (1 if self.today >= due_from else 0)

    def warning(self) -> str | None:
        """What an operator is told while the missing year is due; None when nothing is."""
        if not self.next_year_due:
            return None
        return (f"WARNING: the working-day calendar of {self.missing_year} is not loaded; every "
                f"deadline that runs into it is provisional (weekends and statutory holidays "
                f"only, no make-up working days). Load the State Council's arrangement with "
                f"PUT /v1/admin/calendar/{self.missing_year}.")
