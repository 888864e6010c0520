"""SLA's wire models: what clients send and receive, each built ``from_domain`` (or turned into
the domain's terms ``to_days``). Times are shown in China's time (``+08:00``)."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field

from daiban_common.pagination import Page
from daiban_kernel.china import CHINA
from daiban_kernel.contracts.calendar import CalendarSource
from daiban_kernel.contracts.matter import Tier
from daiban_sla.api.deps import IsoDate
from daiban_sla.domain.calendar_year import CalendarYear
from daiban_sla.domain.clock import Clock, Light
from daiban_sla.domain.year_arrangement import SpecialDay
from daiban_sla.handlers import CaseReading, ClockReading, ComplaintReading, ResultsFound
from daiban_sla.ports import FinishedCase, OnTimeFigures

PROVISIONAL = ("the deadline (and the yellow moment) reach a year whose working-day calendar is "
               "not loaded yet: counted on weekends and statutory holidays only, and replaced "
               "by the exact one when an administrator loads the year")


def _china(at: dt.datetime | None) -> dt.datetime | None:
    return None if at is None else at.astimezone(CHINA)


class ClockOut(BaseModel):
    """One clock: a stage's share of the limit (or the whole case's), and its light now.
    Times are China Standard Time; a deadline is the end of its last working day."""

    clock_id: str
    stage: Tier | None = Field(description="the stage, or null for the whole case's clock")
    place_code: str = Field(description="the place holding the stage")
    light: Light
    budget_working_days: int
    used_working_days: int | None = Field(
        description="working days used, the current day counted; null while a year it needs "
                    "is not loaded")
    started_at: dt.datetime
    yellow_at: dt.datetime | None = Field(description="when it turns yellow; null: no yellow")
    deadline: dt.datetime | None = Field(
        description="null only when not even a provisional deadline can be counted")
    provisional: bool = Field(description=PROVISIONAL)
    paused: bool = Field(description="returned for correction (退回补正): not counting")
    paused_working_days: int
    stopped_at: dt.datetime | None
    stop_reason: str | None
    timeout_default: bool = Field(description="the stage is deemed passed when it times out")
    warned_at: dt.datetime | None
    breached_at: dt.datetime | None
    timed_out_at: dt.datetime | None
    escalated_at: dt.datetime | None
    escalated_to: str | None
    on_time: bool | None = Field(description="once stopped: whether within the deadline "
                                             "(null while the deadline is provisional)")
    days_over: int | None = Field(description="once stopped: working days past the deadline")

    @classmethod
    def from_domain(cls, reading: ClockReading) -> ClockOut:
        """A clock and its light now."""
        clock = reading.clock
        return cls(
            clock_id=clock.clock_id, stage=clock.stage, place_code=clock.place_code,
            light=reading.light, budget_working_days=clock.budget_days,
            used_working_days=reading.used_days, started_at=clock.started_at.astimezone(CHINA),
            yellow_at=_china(clock.moments.yellow_at), deadline=_china(clock.moments.deadline),
            provisional=clock.moments.provisional, paused=clock.paused,
            paused_working_days=clock.paused_days, stopped_at=_china(clock.stopped_at),
            stop_reason=clock.stop_reason, timeout_default=clock.timeout_default,
            warned_at=_china(clock.warned_at), breached_at=_china(clock.breached_at),
            timed_out_at=_china(clock.timed_out_at), escalated_at=_china(clock.escalated_at),
            escalated_to=clock.escalate_to if clock.escalated_at else None,
            on_time=clock.on_time, days_over=clock.days_over)


class ComplaintClockOut(BaseModel):
    """A complaint's clock: the working days it has to be answered in, and its light now (or as
    it was at the answer). Times are China Standard Time."""

    complaint_id: str
    case_number: str | None = Field(description="the case complained about, if any")
    place_code: str = Field(description="the place the complaint is about")
    light: Light
    budget_working_days: int
    filed_at: dt.datetime
    yellow_at: dt.datetime | None = Field(description="when it turns yellow; null: no yellow")
    deadline: dt.datetime | None = Field(
        description="the end of the last working day to answer in; null only when not even a "
                    "provisional deadline can be counted")
    provisional: bool = Field(description=PROVISIONAL)
    answered_at: dt.datetime | None
    on_time: bool | None = Field(description="once answered: whether by the deadline (null "
                                             "while the deadline is provisional)")

    @classmethod
    def from_domain(cls, reading: ComplaintReading) -> ComplaintClockOut:
        """A complaint's clock and its light now."""
        clock, moments = reading.clock, reading.moments
        return cls(
            complaint_id=clock.complaint_id, case_number=clock.case_number,
            place_code=clock.place_code, light=reading.light,
            budget_working_days=clock.budget_days, filed_at=clock.filed_at.astimezone(CHINA),
            yellow_at=_china(moments.yellow_at), deadline=_china(moments.deadline),
            provisional=moments.provisional, answered_at=_china(clock.answered_at),
            on_time=reading.on_time)


class CaseClocksOut(BaseModel):
    """A case's clocks; ``light`` is the worst light among them (null before acceptance)."""

    number: str
    light: Light | None
    clocks: list[ClockOut]

    @classmethod
    def from_domain(cls, reading: CaseReading) -> CaseClocksOut:
        """A case's clocks read now."""
        return cls(number=reading.case.number, light=reading.light,
                   clocks=[ClockOut.from_domain(c) for c in reading.clocks])


class TrackedCaseOut(CaseClocksOut):
    """A case SLA keeps time for, with its clocks."""

    matter_code: str
    matter_version: int
    village_code: str
    submitted_at: dt.datetime | None
    accepted_at: dt.datetime | None
    holding_tier: Tier | None = Field(
        description="the tier holding the case: the village while it is returned for correction")
    closed_at: dt.datetime | None
    closed_why: str | None

    @classmethod
    def from_domain(cls, reading: CaseReading) -> TrackedCaseOut:
        """The tracked case and its clocks read now."""
        case = reading.case
        return cls(
            number=case.number, light=reading.light,
            clocks=[ClockOut.from_domain(c) for c in reading.clocks],
            matter_code=case.matter_code, matter_version=case.matter_version,
            village_code=case.village_code, submitted_at=case.submitted_at,
            accepted_at=case.accepted_at, holding_tier=case.holding_tier,
            closed_at=case.closed_at, closed_why=case.closed_why)


class LightOut(BaseModel):
    """An open clock showing yellow or red, for supervisors."""

    clock_id: str
    case_number: str
    stage: Tier | None
    village_code: str
    place_code: str
    matter_code: str
    matter_name: str | None
    light: Light
    deadline: dt.datetime | None
    provisional: bool = Field(description=PROVISIONAL)
    warned_at: dt.datetime | None
    breached_at: dt.datetime | None
    timed_out_at: dt.datetime | None
    escalated_at: dt.datetime | None
    escalated_to: str | None

    @classmethod
    def from_domain(cls, clock: Clock, matter_name: str | None) -> LightOut:
        """An open yellow or red clock, for supervisors."""
        return cls(
            clock_id=clock.clock_id, case_number=clock.case.case_number, stage=clock.stage,
            village_code=clock.case.village_code, place_code=clock.place_code,
            matter_code=clock.case.matter_code, matter_name=matter_name, light=clock.light,
            deadline=_china(clock.moments.deadline), provisional=clock.moments.provisional,
            warned_at=_china(clock.warned_at), breached_at=_china(clock.breached_at),
            timed_out_at=_china(clock.timed_out_at), escalated_at=_china(clock.escalated_at),
            escalated_to=clock.escalate_to if clock.escalated_at else None)


class PublicLightOut(BaseModel):
    """A case showing yellow or red on the public board: no person, no staff."""

    case_number: str
    matter_name: str | None
    stage: Tier | None
    place_code: str
    light: Light
    deadline: dt.datetime | None
    provisional: bool = Field(description=PROVISIONAL)

    @classmethod
    def from_domain(cls, clock: Clock, matter_name: str | None) -> PublicLightOut:
        """An open yellow or red clock for the public board."""
        return cls(case_number=clock.case.case_number, matter_name=matter_name,
                   stage=clock.stage, place_code=clock.place_code, light=clock.light,
                   deadline=_china(clock.moments.deadline),
                   provisional=clock.moments.provisional)


class PublicResultOut(BaseModel):
    """A delivered case on the public board: the applicant's name masked (王*华)."""

    case_number: str
    village_code: str
    matter_name: str | None
    applicant: str | None = Field(description="the applicant's name, masked: 王*华")
    finished_at: dt.datetime
    on_time: bool | None = Field(description="null while the deadline is provisional")

    @classmethod
    def from_domain(cls, found: FinishedCase) -> PublicResultOut:
        """A delivered case for the public board."""
        return cls(case_number=found.case_number, village_code=found.village_code,
                   matter_name=found.matter_name, applicant=found.applicant_masked,
                   finished_at=found.finished_at.astimezone(CHINA), on_time=found.on_time)


class OnTimeOut(BaseModel):
    """Cases delivered in a period; ``on_time`` + ``late`` may be less than ``finished`` while
    some deadlines are provisional."""

    finished: int
    on_time: int
    late: int
    on_time_rate: float | None = Field(description="on_time / (on_time + late), null if none")

    @classmethod
    def from_domain(cls, figures: OnTimeFigures) -> OnTimeOut:
        """The figures of one period."""
        known = figures.on_time + figures.late
        return cls(finished=figures.finished, on_time=figures.on_time, late=figures.late,
                   on_time_rate=round(figures.on_time / known, 4) if known else None)


class PublicResultsOut(BaseModel):
    """The public board's results under a place."""

    latest: list[PublicResultOut]
    today: OnTimeOut
    this_month: OnTimeOut

    @classmethod
    def from_domain(cls, found: ResultsFound) -> PublicResultsOut:
        """The latest results and the figures of today and this month."""
        return cls(latest=[PublicResultOut.from_domain(f) for f in found.latest],
                   today=OnTimeOut.from_domain(found.today),
                   this_month=OnTimeOut.from_domain(found.this_month))


LightPage = Page[LightOut]
PublicLightPage = Page[PublicLightOut]


class HolidayIn(BaseModel):
    """A public holiday, or a weekend day inside a holiday break."""

    model_config = ConfigDict(extra="forbid")

    date: IsoDate = Field(examples=["2027-01-01"])
    name: str = Field(min_length=1, max_length=50, examples=["元旦"])


class WorkingDayIn(BaseModel):
    """A Saturday or Sunday that is worked (调休)."""

    model_config = ConfigDict(extra="forbid")

    date: IsoDate = Field(examples=["2027-02-06"])
    name: str | None = Field(default=None, min_length=1, max_length=50,
                             description="the holiday it makes up for", examples=["春节"])


class YearArrangementIn(BaseModel):
    """A year's arrangement as the State Council's notice lists it."""

    model_config = ConfigDict(extra="forbid")

    holidays: list[HolidayIn] = Field(max_length=366)
    working_days: list[WorkingDayIn] = Field(default=[], max_length=366)

    def to_days(self) -> tuple[tuple[SpecialDay, ...], tuple[SpecialDay, ...]]:
        """The holidays and the make-up working days, as the domain names them."""
        return (tuple(SpecialDay(d.date, d.name) for d in self.holidays),
                tuple(SpecialDay(d.date, d.name) for d in self.working_days))


class CalendarDayOut(BaseModel):
    """A special day of the year."""

    date: dt.date
    name: str | None


class CalendarYearOut(BaseModel):
    """A loaded year: its holidays and make-up working days; every other day follows the week."""

    year: int
    source: CalendarSource
    revision: int
    loaded_at: dt.datetime
    holidays: list[CalendarDayOut]
    working_days: list[CalendarDayOut]

    @classmethod
    def from_domain(cls, year: CalendarYear) -> CalendarYearOut:
        """The wire view of a loaded year."""
        return cls(
            year=year.year, source=year.source, revision=year.revision,
            loaded_at=year.loaded_at,
            holidays=[CalendarDayOut(date=d.day, name=d.name)
                      for d in year.arrangement.holidays],
            working_days=[CalendarDayOut(date=d.day, name=d.name)
                          for d in year.arrangement.working_days])


class CalendarYearSummary(BaseModel):
    """A loaded year, without its days."""

    year: int
    source: CalendarSource
    revision: int
    loaded_at: dt.datetime


class CalendarYearsOut(BaseModel):
    """The loaded years, in order."""

    years: list[CalendarYearSummary]

    @classmethod
    def from_domain(cls, years: list[CalendarYear]) -> CalendarYearsOut:
        """The loaded years, without their days."""
        return cls(years=[CalendarYearSummary(year=y.year, source=y.source, revision=y.revision,
                                              loaded_at=y.loaded_at) for y in years])


class WorkingDateOut(BaseModel):
    """The day a count of working days ends on."""

    date: dt.date


class WorkingDaysOut(BaseModel):
    """A count of working days."""

    working_days: int
