"""Counting in working days over the loaded years, without looping day by day.

The calendar keeps one sorted list of the ordinals of every working day of the loaded years.
``bisect`` finds how many working days lie up to a date, so adding N working days or counting
them between two dates costs O(log n) whatever N is: the SLA sweeper asks this for every clock.
A date, or a count, that reaches a year whose arrangement is not loaded raises
``CalendarYearNotLoaded`` naming the year: the calendar never guesses from weekends alone.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from datetime import date

from daiban_kernel.errors import FieldProblem, InvalidInput
from daiban_sla.domain.errors import CalendarYearNotLoaded
from daiban_sla.domain.year_arrangement import YearArrangement

PROVISIONAL_YEARS_AHEAD = 2
"""How many years past the last loaded one a provisional count may reach (a clock's budget is
well under a year of working days)."""


class WorkingCalendar:
    """Which days are working days, and counting in them (期间开始之日不计算在内)."""

    def __init__(self, years: Iterable[YearArrangement]) -> None:
        ordered = sorted(years, key=lambda a: a.year)
        self._working = [o for a in ordered for o in a.working_ordinals()]
        self._working_set = frozenset(self._working)
        self._run_end = _last_year_of_each_run({a.year for a in ordered})

    @property
    def years(self) -> frozenset[int]:
        """The years whose arrangement is loaded."""
        return frozenset(self._run_end)

    def unloaded_from(self, today: date) -> date:
        """The first day from ``today`` on that falls in a year whose arrangement is not loaded."""
        if today.year not in self._run_end:
            return today
        return date(self._run_end[today.year] + 1, 1, 1)

    def unloaded_years_ahead(self, ahead: int = PROVISIONAL_YEARS_AHEAD) -> list[int]:
        """The years not loaded between the first loaded year and ``ahead`` years past the last:
        those a provisional calendar fills in from weekends and statutory holidays."""
        if not self._run_end:
            return []
        return [y for y in range(min(self._run_end), max(self._run_end) + ahead + 1)
                if y not in self._run_end]

    def is_working_day(self, day: date) -> bool:
        """Whether people work on ``day``."""
        self._require_years(day.year, day.year)
        return day.toordinal() in self._working_set

    def add_working_days(self, start: date, days: int) -> date:
        """The day on which ``days`` working days after ``start`` have passed, ``start`` itself
        not counted; ``start`` when ``days`` is 0, else always a working day."""
        if days < 0:
            raise InvalidInput(FieldProblem("days", "must be 0 or more"))
        self._require_years(start.year, start.year)
        if days == 0:
            return start
        index = bisect_right(self._working, start.toordinal()) + days - 1
        if index >= len(self._working):
            raise CalendarYearNotLoaded(self._run_end[start.year] + 1)
        end = date.fromordinal(self._working[index])
        self._require_years(start.year, end.year)
        return end

    def working_days_between(self, start: date, end: date) -> int:
        """The working days in (start, end]; negative, -(working days in (end, start]), when
        ``end`` is before ``start``. ``add_working_days(start, n) == end`` gives ``n``."""
        if end < start:
            return -self.working_days_between(end, start)
        self._require_years(start.year, end.year)
        return (bisect_right(self._working, end.toordinal())
                - bisect_right(self._working, start.toordinal()))

    def _require_years(self, first: int, last: int) -> None:
        if first not in self._run_end:
            raise CalendarYearNotLoaded(first)
        if last > self._run_end[first]:
            raise CalendarYearNotLoaded(self._run_end[first] + 1)


def _last_year_of_each_run(years: set[int]) -> dict[int, int]:
    """For each loaded year, the last year of the unbroken run of loaded years it starts or is in:
    a span of years is loaded exactly when it ends no later than its first year's run."""
    run_end: dict[int, int] = {}
    for year in sorted(years, reverse=True):
        run_end[year] = run_end.get(year + 1, year)
    return run_end
