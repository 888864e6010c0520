"""A complaint's clock: the working days it has to be answered in (投诉举报限时答复), and its light.

A complaint (``complaint.filed``, directly or from a bad rating) gets one budget of working days
(the setting ``complaint_answer_working_days``), counted like a case's clock from the CST day it
was filed (that day not counted), on the same calendar and with the same light policy: yellow at
the policy's share of the budget or its days before the deadline, red past the deadline. The
answer (``complaint.answered``) stops it; its light then stays as it was at the answer.

The light is read when asked. One moment fires: a complaint still unanswered past its deadline
is overdue (``sla.complaint_overdue``, once), so that the supervisors of the tier above hear of
it. Its clock keeps the deadline it was started with (``due_at``) for the sweeper to find it;
at the deadline the sweeper reckons it again on the current calendar, and a deadline a calendar
change moved later is kept for later instead of firing. A provisional deadline (its year's
calendar not loaded even when it passed) fires as counted: the complaint waits either way.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from daiban_kernel.contracts.sla import SlaComplaintOverdueV1
from daiban_sla.domain.clock import Light, light_shown
from daiban_sla.domain.moments import Moments
from daiban_sla.domain.timetable import Timetable, day_of


@dataclass(eq=False)
class ComplaintClock:
    """The time one complaint has to be answered in."""

    complaint_id: str
    place_code: str
    case_number: str | None
    filed_at: datetime
    budget_days: int
    answered_at: datetime | None = None
    due_at: datetime | None = None
    """When the sweeper looks at it: its deadline, until it fired or was answered."""
    overdue_at: datetime | None = None
    """When it was seen overdue (and ``sla.complaint_overdue`` fired)."""

    def reckon(self, timetable: Timetable) -> None:
        """Set when the sweeper is to look at it: its deadline on ``timetable``'s calendar."""
        self.due_at = None if self.answered_at or self.overdue_at else \
            self.moments(timetable).deadline

    def answer(self, at: datetime) -> bool:
        """The complaint was answered at ``at``: the clock stops; False if it had already."""
        if self.answered_at is not None:
            return False
        self.answered_at = max(at, self.filed_at)
        self.due_at = None
        return True

    def fire_overdue(self, now: datetime, timetable: Timetable) -> SlaComplaintOverdueV1 | None:
        """The event if the complaint is unanswered past its deadline at ``now`` (once);
        otherwise None, and ``due_at`` moves to the deadline as reckoned now."""
        moments = self.moments(timetable)
        deadline = moments.deadline
        if self.answered_at or self.overdue_at or deadline is None or now <= deadline:
            self.reckon(timetable)
            return None
        self.overdue_at = now
        self.due_at = None
        return SlaComplaintOverdueV1(complaint_id=self.complaint_id,
                                     case_number=self.case_number, place_code=self.place_code,
                                     deadline=deadline, at=now)

    def moments(self, timetable: Timetable) -> Moments:
        """When the light turns yellow and the deadline, on ``timetable``'s calendar."""
        return Moments.reckon(timetable, start=day_of(self.filed_at), budget=self.budget_days,
                              paused_days=0)

    def light_at(self, now: datetime, timetable: Timetable) -> Light:
        """The light shown at ``now``, or as it was at the answer."""
        return light_shown(self.moments(timetable), self.answered_at or now)

    def on_time(self, timetable: Timetable) -> bool | None:
        """Whether the answer came by the deadline (None: not answered, or no exact deadline)."""
        moments = self.moments(timetable)
        if self.answered_at is None or moments.deadline is None or moments.provisional:
            return None
        return self.answered_at <= moments.deadline
