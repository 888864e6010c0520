"""A loaded year of the working-day calendar: its arrangement, where it came from, its revision,
and the ``calendar.year_loaded`` event every change records."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from daiban_kernel.contracts.calendar import CalendarDay, CalendarSource, CalendarYearLoadedV1
from daiban_kernel.events import EventData
from daiban_sla.domain.year_arrangement import YearArrangement


@dataclass(eq=False)
class CalendarYear:
    """A loaded year as SLA keeps it: the arrangement, where it came from, and its revision."""

    arrangement: YearArrangement
    source: CalendarSource
    revision: int
    loaded_by: str | None
    loaded_at: datetime
    events: list[EventData] = field(default_factory=list, repr=False)

    @property
    def year(self) -> int:
        """The calendar year."""
        return self.arrangement.year

    @classmethod
    def load(cls, arrangement: YearArrangement, *, source: CalendarSource, by: str | None,
             at: datetime) -> CalendarYear:
        """A year loaded for the first time."""
        year = cls(arrangement, source, 1, by, at)
        year.events.append(year._loaded_event())
        return year

    def offer(self, arrangement: YearArrangement, *, source: CalendarSource, by: str | None,
              at: datetime) -> bool:
        """Take a new arrangement; False, with no event, when it changes nothing or when the
        package offers to replace an administrator's year (the administrator's word stands)."""
        if self.source is CalendarSource.ADMIN and source is CalendarSource.PACKAGE:
            return False
        if arrangement == self.arrangement and source is self.source:
            return False
        self.arrangement, self.source, self.loaded_by, self.loaded_at = arrangement, source, by, at
        self.revision += 1
        self.events.append(self._loaded_event())
        return True

    def _loaded_event(self) -> CalendarYearLoadedV1:
        return CalendarYearLoadedV1(
            year=self.year,
            revision=self.revision,
            source=self.source,
            holidays=tuple(CalendarDay(date=d.day, name=d.name)
                           for d in self.arrangement.holidays),
            working_days=tuple(CalendarDay(date=d.day, name=d.name)
                               for d in self.arrangement.working_days),
            loaded_by=self.loaded_by,
        )
