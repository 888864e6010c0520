"""A clock: the working days one stage of a case (or the whole case) may take, and its lights.

A clock counts its budget of working days from the CST day it started (that day not counted),
moved on by the working days it was paused. Its levels fire at most once each, in order:
yellow (``sla.warning``), red (``sla.breached``), the timeout default where the matter allows it
for the stage (``sla.timed_out``), and the escalation of a red clock to the supervisor of the tier
above (``sla.escalated``). A level not yet fired when a higher one fires is passed over.

A clock whose deadline is provisional (counted into a year not loaded yet) lights and escalates,
its events marked ``provisional``, but never times a stage out: a timeout default deems the stage
passed, which nothing undoes, so it waits for the exact deadline the loaded year gives.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from enum import StrEnum

from daiban_kernel.contracts.case import CaseRef
from daiban_kernel.contracts.matter import Tier
from daiban_kernel.contracts.sla import (
    SlaBreachedV1,
    SlaClockStoppedV1,
    SlaEscalatedV1,
    SlaTimedOutV1,
    SlaWarningV1,
)
from daiban_kernel.events import EventData
from daiban_kernel.places import PlaceCode, PlaceTier
from daiban_sla.domain.moments import Moments
from daiban_sla.domain.timetable import Timetable, day_of

CASE_CLOCK = "case"
"""The stage key of the whole case's clock."""
DELIVERED = "delivered"
"""Why a clock stopped when the result reached the resident."""
_HOLDING_PLACE = {Tier.VILLAGE: PlaceTier.VILLAGE, Tier.TOWN: PlaceTier.TOWN,
                  Tier.COUNTY: PlaceTier.COUNTY, Tier.DEPARTMENT: PlaceTier.COUNTY,
                  None: PlaceTier.COUNTY}
"""The place whose staff hold a stage: the county answers for the department's stage and for the
whole case."""


class Light(StrEnum):
    GREEN = "green"
    YELLOW = "yellow"
    RED = "red"

    @property
    def rank(self) -> int:
        """Green 0, yellow 1, red 2."""
        return list(Light).index(self)


class Level(StrEnum):
    """What a clock fires, in the order it fires them."""

    WARNING = "warning"
    BREACH = "breach"
    TIMEOUT = "timeout"
    ESCALATION = "escalation"


def light_shown(moments: Moments, t: datetime) -> Light:
    """The light a budget's moments show at ``t``: red past the deadline, yellow from its yellow
    moment, else green (also while the moments are not known)."""
    if moments.red_at is not None and t >= moments.red_at:
        return Light.RED
    if moments.yellow_at is not None and t >= moments.yellow_at:
        return Light.YELLOW
    return Light.GREEN


def stage_key(stage: Tier | None) -> str:
    """How a stage is named in storage and in a clock's id."""
    return CASE_CLOCK if stage is None else stage.value


def stage_of(key: str) -> Tier | None:
    """The stage a storage key names."""
    return None if key == CASE_CLOCK else Tier(key)


@dataclass(frozen=True)
class Pause:
    """A time the clock did not count: a correction (退回补正), or between two visits of a stage."""

    start: datetime
    end: datetime | None = None


@dataclass(frozen=True)
class Fired:
    """A level that fired, and how late after its moment."""

    level: Level
    stage: Tier | None
    due: datetime
    at: datetime

    @property
    def lag(self) -> timedelta:
        """How long after its moment it fired."""
        return self.at - self.due


@dataclass(eq=False)
class Clock:
    """One stage's clock (``stage`` None: the whole case's)."""

    case: CaseRef
    stage: Tier | None
    budget_days: int
    timeout_default: bool
    started_at: datetime
    pauses: tuple[Pause, ...] = ()
    paused_days: int = 0
    stopped_at: datetime | None = None
    stop_reason: str | None = None
    light: Light = Light.GREEN
    warned_at: datetime | None = None
    breached_at: datetime | None = None
    timed_out_at: datetime | None = None
    escalated_at: datetime | None = None
    moments: Moments = field(default_factory=Moments)
    yellow_days: int | None = None
    calendar_version: int = -1
    next_due_at: datetime | None = None
    used_days: int | None = None
    on_time: bool | None = None
    days_over: int | None = None
    events: list[EventData] = field(default_factory=list, repr=False)

    @classmethod
    def start(cls, case: CaseRef, stage: Tier | None, *, budget: int, timeout_default: bool,
              at: datetime, timetable: Timetable) -> Clock:
        """A clock started at ``at``."""
        clock = cls(case, stage, budget, timeout_default, at)
        clock.recompute(timetable)
        return clock

    @property
    def clock_id(self) -> str:
        """``<case number>/<stage>``, ``/case`` for the whole case."""
        return f"{self.case.case_number}/{stage_key(self.stage)}"

    @property
    def place_code(self) -> PlaceCode:
        """The place holding the stage: the village, its town, or its county."""
        return PlaceCode(self.case.village_code).at(_HOLDING_PLACE[self.stage])

    @property
    def escalate_to(self) -> PlaceCode:
        """The place whose supervisor a red clock is escalated to: the place above the holder
        (village → town → county); a county's own stages stay at the county."""
        holder = self.place_code
        return holder.parent or holder

    @property
    def paused(self) -> bool:
        return bool(self.pauses) and self.pauses[-1].end is None

    @property
    def running(self) -> bool:
        return self.stopped_at is None and not self.paused

    def pause(self, at: datetime) -> None:
        """Stop counting (a correction); nothing fires until it resumes."""
        if self.stopped_at is None and not self.paused:
            self.pauses = (*self.pauses, Pause(at))
            self._schedule()

    def resume(self, at: datetime, timetable: Timetable) -> None:
        """Count again; the paused working days move every moment on."""
        if self.stopped_at is None and self.paused:
            self._close_pause(at)
            self.recompute(timetable)

    def stop(self, at: datetime, reason: str, timetable: Timetable) -> None:
        """The stage ended: keep its statistics."""
        if self.stopped_at is not None:
            return
        if self.paused:
            self._close_pause(at)
        self.stopped_at, self.stop_reason = max(at, self.started_at), reason
        self.recompute(timetable)

    def stopped_event(self) -> SlaClockStoppedV1 | None:
        """What a stopped clock used against its budget (None while it runs)."""
        if self.stopped_at is None or self.stop_reason is None:
            return None
        return SlaClockStoppedV1(
            case=self.case, clock_id=self.clock_id, stage=self.stage,
            budget_working_days=self.budget_days, used_working_days=self.used_days,
            days_over=self.days_over, on_time=self.on_time, reason=self.stop_reason,
            at=self.stopped_at)

    def restart(self, at: datetime, timetable: Timetable) -> None:
        """The case is back at this stage: the time away is not counted."""
        if self.stopped_at is None:
            return
        self.pauses = (*self.pauses, Pause(self.stopped_at, max(at, self.stopped_at)))
        self.stopped_at = self.stop_reason = None
        self.used_days = self.on_time = self.days_over = None
        self.recompute(timetable)

    def recompute(self, timetable: Timetable) -> None:
        """Moments and statistics from the start, the pauses and the calendar of
        ``timetable``; unknown (None) while a year they need is not loaded."""
        self.calendar_version = timetable.version
        self.yellow_days = timetable.policy.yellow_day(self.budget_days)
        spans = [(day_of(p.start), day_of(p.end)) for p in self.pauses if p.end is not None]
        paused = timetable.count(lambda calendar: sum(
            calendar.working_days_between(start, end) for start, end in spans))
        if paused is None:
            self.moments = Moments()
        else:
            self.paused_days = paused.value
            self.moments = Moments.reckon(timetable, start=day_of(self.started_at),
                                          budget=self.budget_days, paused_days=paused.value,
                                          provisional=paused.provisional)
        self._settle(timetable)
        self._schedule()

    def fire_due(self, now: datetime) -> list[Fired]:
        """Fire every level whose moment has come, each once; records the events."""
        m = self.moments
        if not self.running or m.red_at is None:
            return []
        fired: list[Fired] = []
        if now >= m.red_at:
            if self.light is not Light.RED:
                fired.append(self._fire(Level.BREACH, m.red_at, now))
            if self._timeout_pending:
                fired.append(self._fire(Level.TIMEOUT, m.red_at, now))
        elif self.light is Light.GREEN and m.yellow_at is not None and now >= m.yellow_at:
            fired.append(self._fire(Level.WARNING, m.yellow_at, now))
        if (self.light is Light.RED and self.escalated_at is None
                and m.escalate_at is not None and now >= m.escalate_at):
            fired.append(self._fire(Level.ESCALATION, m.escalate_at, now))
        self._schedule()
        return fired

    def light_at(self, now: datetime) -> Light:
        """The light shown at ``now``: as of the stop or the pause if there was one, never
        below a level already fired."""
        t = self.stopped_at or (self.pauses[-1].start if self.paused else now)
        return max(light_shown(self.moments, t), self.light, key=lambda light: light.rank)

    def used_days_at(self, now: datetime, timetable: Timetable) -> int | None:
        """Working days used so far, the current day counted."""
        if self.stopped_at is not None:
            return self.used_days
        until = self.pauses[-1].start if self.paused else now
        days = timetable.working_days(day_of(self.started_at), day_of(until))
        return None if days is None else max(0, days - self.paused_days)

    def _close_pause(self, at: datetime) -> None:
        last = self.pauses[-1]
        self.pauses = (*self.pauses[:-1], replace(last, end=max(at, last.start)))

    def _settle(self, timetable: Timetable) -> None:
        if self.stopped_at is None:
            return
        stop_day, deadline = day_of(self.stopped_at), self.moments.deadline
        used = timetable.working_days(day_of(self.started_at), stop_day)
        self.used_days = None if used is None else max(0, used - self.paused_days)
        if deadline is None or self.moments.provisional:
            self.on_time = self.days_over = None  # known once the year is loaded
            return
        over = timetable.working_days(day_of(deadline), stop_day)
        self.on_time = self.stopped_at <= deadline
        self.days_over = None if over is None else max(0, over)

    def _schedule(self) -> None:
        m = self.moments
        due: list[datetime] = []
        if self.running and m.red_at is not None:
            if self.light is Light.GREEN and m.yellow_at is not None:
                due.append(m.yellow_at)
            if self.light is not Light.RED or self._timeout_pending:
                due.append(m.red_at)
            if self.escalated_at is None and m.escalate_at is not None:
                due.append(m.escalate_at)
        self.next_due_at = min(due, default=None)

    @property
    def _timeout_pending(self) -> bool:
        """A timeout default still to fire, which waits for an exact deadline."""
        return (self.timeout_default and self.timed_out_at is None
                and not self.moments.provisional)

    def _fire(self, level: Level, due: datetime, now: datetime) -> Fired:
        self.events.append(self._event(level, now))
        if level is Level.WARNING:
            self.light, self.warned_at = Light.YELLOW, now
        elif level is Level.BREACH:
            self.light, self.breached_at = Light.RED, now
        elif level is Level.TIMEOUT:
            self.timed_out_at = now
        else:
            self.escalated_at = now
        return Fired(level, self.stage, due, now)

    def _event(self, level: Level, now: datetime) -> EventData:
        data: dict[str, object] = {
            "case": self.case, "clock_id": self.clock_id, "stage": self.stage,
            "deadline": self.moments.deadline, "at": now, "place_code": self.place_code,
            "budget_working_days": self.budget_days, "provisional": self.moments.provisional}
        if level is Level.WARNING:
            data["used_share"] = round((self.yellow_days or 0) / (self.budget_days or 1), 4)
        if level is Level.ESCALATION:
            data["to_place"] = self.escalate_to
        return _EVENTS[level].model_validate(data)


_EVENTS: dict[Level, type[EventData]] = {
    Level.WARNING: SlaWarningV1, Level.BREACH: SlaBreachedV1,
    Level.TIMEOUT: SlaTimedOutV1, Level.ESCALATION: SlaEscalatedV1,
}
