"""Events about the supervision reports (月报制度), owned by audit."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import Field

from daiban_kernel.events import EventData, registry
from daiban_kernel.places import TOWN_CODE

MONTH = r"^[0-9]{4}-(0[1-9]|1[0-2])$"


@registry.register
class ReportMonthlyReadyV1(EventData):
    """A town's monthly report for a month that has ended is ready (notify tells the town; the
    county's management office expects it by ``due_on``)."""

    event_type = "report.monthly_ready"
    version = 1

    town_code: str = Field(pattern=TOWN_CODE)
    town_name: str = Field(min_length=1, max_length=50)
    month: str = Field(pattern=MONTH, description="YYYY-MM, China time")
    due_on: date = Field(description="the day the county expects it by (the 5th of the next "
                                     "month)")
    ready_at: datetime
    late: bool = Field(description="made after the end of ``due_on`` (China time)")
    received: int = Field(ge=0)
    decided: int = Field(ge=0)
    on_time: int = Field(ge=0)
    overdue: int = Field(ge=0, description="decided cases with a red or timed-out clock")
    path: str = Field(min_length=1, max_length=200,
                      description="where audit's API serves the report, under /api/audit")

    def subject(self) -> str:
        return f"report:monthly:{self.town_code}:{self.month}"

    def place(self) -> str:
        return self.town_code
