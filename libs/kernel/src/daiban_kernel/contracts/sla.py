"""Events of the time limits (限时办结、黄灯提醒、红灯报警、超时默认), owned by sla."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import Field

from daiban_kernel.cases import CASE_NUMBER
from daiban_kernel.contracts.case import CaseEvent
from daiban_kernel.contracts.matter import Tier
from daiban_kernel.events import EventData, registry
from daiban_kernel.places import PLACE_CODE


class _ClockEvent(CaseEvent):
    clock_id: str = Field(min_length=1, max_length=64)
    stage: Tier | None = Field(description="the stage's clock, or null for the whole case")
    deadline: datetime = Field(description="the end (23:59:59.999 CST) of the last working day")
    at: datetime
    place_code: str | None = Field(
        default=None, pattern=PLACE_CODE,
        description="the place holding the stage: the village, its town, or its county (the "
                    "county for the department's stage and for the whole case)")
    budget_working_days: int | None = Field(
        default=None, ge=0, description="the clock's share of the matter's limit, in working days")
    provisional: bool = Field(
        default=False,
        description="the deadline reaches a year whose working-day calendar is not loaded yet: "
                    "counted on weekends and statutory holidays only (no make-up working days); "
                    "sla recomputes it when the year is loaded. A provisional deadline never "
                    "times a stage out")


@registry.register
class SlaWarningV1(_ClockEvent):
    """Yellow light: most of the stage's time is used (黄灯提醒)."""

    event_type = "sla.warning"
    version = 1

    used_share: float = Field(ge=0, description="the share of the budget used when it turned "
                                                "yellow")


@registry.register
class SlaBreachedV1(_ClockEvent):
    """Red light: the limit has passed (红灯报警)."""

    event_type = "sla.breached"
    version = 1


@registry.register
class SlaTimedOutV1(_ClockEvent):
    """The stage timed out where the matter allows timeout default: it is deemed passed."""

    event_type = "sla.timed_out"
    version = 1


@registry.register
class SlaEscalatedV1(_ClockEvent):
    """A red case was escalated to the supervisor of the tier above."""

    event_type = "sla.escalated"
    version = 1

    to_place: str = Field(pattern=PLACE_CODE)


@registry.register
class SlaStartedV1(CaseEvent):
    """The legal clock started at acceptance (限时办结): the whole case's deadline, so that the
    resident's acceptance notice can name the date."""

    event_type = "sla.started"
    version = 1

    at: datetime = Field(description="when the case was accepted and its clocks started")
    matter_name: str = Field(min_length=1, max_length=200)
    limit_working_days: int = Field(
        ge=0, description="the whole case's limit, in working days (the matter's limit and the "
                          "agent's allowance)")
    deadline_date: date | None = Field(
        description="the whole case's last working day, in China; null when not known even "
                    "provisionally")
    provisional: bool = Field(
        default=False,
        description="the deadline reaches a year whose working-day calendar is not loaded yet "
                    "(see sla.warning)")


@registry.register
class SlaComplaintOverdueV1(EventData):
    """A complaint was not answered by its deadline (投诉举报限时答复): the supervisors of the
    tier above its place hear of it. Fired once per complaint, only while it is unanswered."""

    event_type = "sla.complaint_overdue"
    version = 1

    complaint_id: str = Field(min_length=1, max_length=64)
    case_number: str | None = Field(default=None, pattern=CASE_NUMBER)
    place_code: str = Field(pattern=PLACE_CODE, description="the place the complaint is about")
    deadline: datetime = Field(description="the end (23:59:59.999 CST) of its last working day")
    at: datetime = Field(description="when sla saw it overdue")

    def subject(self) -> str:
        return self.case_number or f"complaint:{self.complaint_id}"

    def place(self) -> str:
        return self.place_code


@registry.register
class SlaClockStoppedV1(CaseEvent):
    """A clock stopped (a stage's, or the whole case's): the working days it used against its
    budget, for the reports. A stage the case comes back to stops again later; the last stop of
    a clock holds its days used in all. A stop published with statistics not known yet is
    published again, with the same ``at``, once the calendar gives them."""

    event_type = "sla.clock_stopped"
    version = 1

    clock_id: str = Field(min_length=1, max_length=64)
    stage: Tier | None = Field(description="the stage's clock, or null for the whole case")
    budget_working_days: int = Field(
        ge=0, description="the clock's share of the matter's limit, in working days (the whole "
                          "case's: the matter's limit and the agent's allowance)")
    used_working_days: int | None = Field(
        ge=0, description="working days used, the stop's day counted, paused days not; null "
                          "while the stop's year has no working-day calendar loaded")
    days_over: int | None = Field(
        ge=0, description="working days past the deadline, 0 when on time; null while not known "
                          "(a provisional deadline)")
    on_time: bool | None = Field(description="stopped by its deadline; null while not known")
    reason: str = Field(min_length=1, max_length=32,
                        description="why it stopped: handed_over, decided, deemed_passed, "
                                    "delivered, withdrawn, or the closing's reason")
    at: datetime = Field(description="when it stopped")
