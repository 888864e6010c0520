"""Quiet hours: no SMS to a resident at night (21:00–08:00 China time) except alarms; what falls
in them is held until the morning."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from daiban_kernel.china import CHINA


@dataclass(frozen=True)
class QuietHours:
    """The night, in China time: from ``start`` to ``end`` the next morning."""

    start: time = time(21, 0)
    end: time = time(8, 0)

    def holds(self, moment: datetime) -> bool:
        """Whether ``moment`` falls in the quiet hours."""
        local = moment.astimezone(CHINA).time()
        if self.start > self.end:
            return local >= self.start or local < self.end
        return self.start <= local < self.end

    def next_morning(self, moment: datetime) -> datetime:
        """The end of the quiet hours ``moment`` falls in (``moment`` itself outside them)."""
        if not self.holds(moment):
            return moment
        local = moment.astimezone(CHINA)
        day = local.date() if local.time() < self.end else local.date() + timedelta(days=1)
        return datetime.combine(day, self.end, tzinfo=CHINA)
