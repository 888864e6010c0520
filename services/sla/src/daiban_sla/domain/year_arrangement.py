"""A year's arrangement of the working-day calendar (工作日历): its public holidays and make-up
working days, and the rules an arrangement keeps.

Weekends are days off and Monday to Friday working days, except where the year's arrangement
(published by the State Council each year) says otherwise: a public holiday is a day off, a
make-up working day (调休) is a Saturday or Sunday that is worked.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from daiban_kernel.errors import FieldProblem, InvalidInput

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(frozen=True, order=True)
class SpecialDay:
    """A day the arrangement names, with the holiday it belongs to (e.g. 春节)."""

    day: date
    name: str | None = None


@dataclass(frozen=True)
class YearArrangement:
    """One year's public holidays and make-up working days, each list sorted by date."""

    year: int
    holidays: tuple[SpecialDay, ...]
    working_days: tuple[SpecialDay, ...]

    @classmethod
    def checked(cls, year: int, *, holidays: Sequence[SpecialDay],
                working_days: Sequence[SpecialDay]) -> YearArrangement:
        """The arrangement, or InvalidInput naming every rule it breaks (fields as in the body)."""
        problems = arrangement_problems(year, holidays=holidays, working_days=working_days)
        if problems:
            raise InvalidInput(*problems)
        return cls(year, tuple(sorted(holidays)), tuple(sorted(working_days)))

    def working_ordinals(self) -> list[int]:
        """The proleptic ordinals of the year's working days, ascending."""
        off = {d.day.toordinal() for d in self.holidays}
        on = {d.day.toordinal() for d in self.working_days}
        first, last = date(self.year, 1, 1).toordinal(), date(self.year, 12, 31).toordinal()
        # date.weekday() is (ordinal + 6) % 7; computing it here avoids a date per day
        return [o for o in range(first, last + 1)
                if o in on or (o not in off and (o + 6) % 7 < 5)]


def arrangement_problems(year: int, *, holidays: Sequence[SpecialDay],
                         working_days: Sequence[SpecialDay]) -> list[FieldProblem]:
    """Every broken rule of a year's arrangement; fields are ``holidays.<i>.date`` (0-based)."""
    problems: list[FieldProblem] = []
    if not holidays:
        problems.append(FieldProblem(
            "holidays", f"no public holidays listed for {year}; every year has some (元旦)"))
    for name, days in (("holidays", holidays), ("working_days", working_days)):
        problems += _outside_year(year, name, days)
        problems += _listed_twice(name, days)
    problems += _both_holiday_and_working(holidays, working_days)
    problems += _working_days_not_on_weekends(working_days)
    return problems


def _outside_year(year: int, name: str, days: Sequence[SpecialDay]) -> list[FieldProblem]:
    return [FieldProblem(f"{name}.{i}.date", f"{d.day} is not in {year}")
            for i, d in enumerate(days) if d.day.year != year]


def _listed_twice(name: str, days: Sequence[SpecialDay]) -> list[FieldProblem]:
    first: dict[date, int] = {}
    problems = []
    for i, d in enumerate(days):
        if d.day in first:
            problems.append(FieldProblem(f"{name}.{i}.date",
                                         f"{d.day} is listed twice (also {name}.{first[d.day]})"))
        first.setdefault(d.day, i)
    return problems


def _both_holiday_and_working(holidays: Sequence[SpecialDay],
                              working_days: Sequence[SpecialDay]) -> list[FieldProblem]:
    holiday_at = {d.day: i for i, d in enumerate(holidays)}
    return [FieldProblem(f"working_days.{i}.date",
                         f"{d.day} is also listed as a holiday (holidays.{holiday_at[d.day]}); "
                         "a day is either a day off or a working day")
            for i, d in enumerate(working_days) if d.day in holiday_at]


def _working_days_not_on_weekends(working_days: Sequence[SpecialDay]) -> list[FieldProblem]:
    return [FieldProblem(f"working_days.{i}.date",
                         f"{d.day} is a {WEEKDAYS[d.day.weekday()]}, a working day anyway; "
                         "a make-up working day (调休) falls on a Saturday or Sunday")
            for i, d in enumerate(working_days) if d.day.weekday() < 5]
