"""The moments a clock's lights change: yellow, the deadline, the escalation.

A deadline is the end (23:59:59.999 China time) of the working day ``add_working_days`` gives:
working days are used up at their end. A light turns one millisecond later, at midnight. Moments
counted into a year not loaded yet are provisional (see ``timetable``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from daiban_sla.domain.timetable import Timetable, day_of

TICK = timedelta(milliseconds=1)


@dataclass(frozen=True)
class Moments:
    """When a clock turns yellow, its deadline, and when it is escalated (None: no such moment,
    or not known even provisionally); ``provisional``: counted with a year not loaded yet."""

    yellow_at: datetime | None = None
    deadline: datetime | None = None
    escalate_at: datetime | None = None
    provisional: bool = False

    @property
    def red_at(self) -> datetime | None:
        """The first instant past the deadline."""
        return None if self.deadline is None else self.deadline + TICK

    @classmethod
    def reckon(cls, timetable: Timetable, *, start: date, budget: int, paused_days: int,
               provisional: bool = False) -> Moments:
        """The moments of a budget counted from ``start``, moved on by the paused days
        (``provisional`` when those were counted provisionally)."""
        policy = timetable.policy
        deadline = timetable.end_after(start, budget + paused_days)
        yellow_day = policy.yellow_day(budget)
        yellow = (None if yellow_day is None
                  else timetable.end_after(start, yellow_day + paused_days))
        escalate = (None if deadline is None
                    else timetable.end_after(day_of(deadline.value), policy.escalate_after_days))
        return cls(
            yellow_at=None if yellow is None else yellow.value + TICK,
            deadline=None if deadline is None else deadline.value,
            escalate_at=None if escalate is None else escalate.value + TICK,
            provisional=deadline is not None and (
                provisional or deadline.provisional
                or (yellow is not None and yellow.provisional)),
        )
