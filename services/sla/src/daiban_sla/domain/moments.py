"""China Standard Time, the ends of working days, and the moments a clock's lights change.

A deadline is the end (23:59:59.999 CST) of the working day ``add_working_days`` gives: working
days are used up at their end. A light turns one millisecond later, at midnight CST. Time is
Asia/Shanghai, a fixed UTC+8 (China has kept no daylight saving time since 1991).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from fractions import Fraction

from daiban_sla.domain.errors import CalendarYearNotLoaded
from daiban_sla.domain.working_calendar import WorkingCalendar

CST = timezone(timedelta(hours=8), "CST")
TICK = timedelta(milliseconds=1)
_DAY_END = time(23, 59, 59, 999_000)


def day_of(at: datetime) -> date:
    """The CST calendar day of an instant."""
    return at.astimezone(CST).date()


def end_of(day: date) -> datetime:
    """The last instant (23:59:59.999 CST) of a day."""
    return datetime.combine(day, _DAY_END, CST)


@dataclass(frozen=True)
class LightPolicy:
    """When the yellow light turns on and when a red clock is escalated (the settings)."""

    yellow_share: Fraction
    yellow_days_before: int
    escalate_after_days: int

    def yellow_day(self, budget: int) -> int | None:
        """The working days used when yellow turns on: the share of the budget, rounded up, or
        the budget less the days before, whichever is fewer; None when that is not before red."""
        by_share = -((-self.yellow_share.numerator * budget) // self.yellow_share.denominator)
        used = max(0, min(by_share, budget - self.yellow_days_before))
        return used if used < budget else None


@dataclass(frozen=True)
class Timetable:
    """The working calendar of one stored version, and the light policy: what a clock's
    moments are computed with."""

    calendar: WorkingCalendar
    version: int
    policy: LightPolicy

    def working_days(self, start: date, end: date) -> int | None:
        """Working days in (start, end], or None while a year on the way is not loaded."""
        try:
            return self.calendar.working_days_between(start, end)
        except CalendarYearNotLoaded:
            return None

    def end_after(self, start: date, days: int) -> datetime | None:
        """The end of the day ``days`` working days after ``start``, or None while a year on
        the way is not loaded."""
        try:
            return end_of(self.calendar.add_working_days(start, days))
        except CalendarYearNotLoaded:
            return None


@dataclass(frozen=True)
class Moments:
    """When a clock turns yellow, its deadline, and when it is escalated (None: no such moment,
    or not known until the year it falls in is loaded)."""

    yellow_at: datetime | None = None
    deadline: datetime | None = None
    escalate_at: datetime | None = None

    @property
    def red_at(self) -> datetime | None:
        """The first instant past the deadline."""
        return None if self.deadline is None else self.deadline + TICK

    @classmethod
    def reckon(cls, timetable: Timetable, *, start: date, budget: int,
               paused_days: int) -> Moments:
        """The moments of a budget counted from ``start``, moved on by the paused days."""
        policy = timetable.policy
        deadline = timetable.end_after(start, budget + paused_days)
        yellow_day = policy.yellow_day(budget)
        yellow = (None if yellow_day is None
                  else timetable.end_after(start, yellow_day + paused_days))
        escalate = (None if deadline is None
                    else timetable.end_after(day_of(deadline), policy.escalate_after_days))
        return cls(
            yellow_at=None if yellow is None else yellow + TICK,
            deadline=deadline,
            escalate_at=None if escalate is None else escalate + TICK,
        )
