"""Clocks as the wire models show them; times in China Standard Time."""

from __future__ import annotations

from datetime import datetime

from daiban_sla.api.schemas import ClockOut, LightOut, PublicLightOut
from daiban_sla.domain.clock import Clock, Light
from daiban_sla.domain.moments import CST, Timetable


def _cst(at: datetime | None) -> datetime | None:
    return None if at is None else at.astimezone(CST)


def clock_out(clock: Clock, *, now: datetime, timetable: Timetable) -> ClockOut:
    """A clock and its light at ``now``."""
    return ClockOut(
        clock_id=clock.clock_id, stage=clock.stage, place_code=clock.place_code,
        light=clock.light_at(now), budget_working_days=clock.budget_days,
        used_working_days=clock.used_days_at(now, timetable),
        started_at=clock.started_at.astimezone(CST), yellow_at=_cst(clock.moments.yellow_at),
        deadline=_cst(clock.moments.deadline), paused=clock.paused,
        paused_working_days=clock.paused_days, stopped_at=_cst(clock.stopped_at),
        stop_reason=clock.stop_reason, timeout_default=clock.timeout_default,
        warned_at=_cst(clock.warned_at), breached_at=_cst(clock.breached_at),
        timed_out_at=_cst(clock.timed_out_at), escalated_at=_cst(clock.escalated_at),
        escalated_to=clock.escalate_to if clock.escalated_at else None,
        on_time=clock.on_time, days_over=clock.days_over)


def worst_light(clocks: list[ClockOut]) -> Light | None:
    """The most urgent light among a case's clocks."""
    return max((c.light for c in clocks), key=lambda light: light.rank, default=None)


def light_out(clock: Clock, matter_name: str | None) -> LightOut:
    """An open yellow or red clock, for supervisors."""
    return LightOut(
        clock_id=clock.clock_id, case_number=clock.case.case_number, stage=clock.stage,
        village_code=clock.case.village_code, place_code=clock.place_code,
        matter_code=clock.case.matter_code, matter_name=matter_name, light=clock.light,
        deadline=_cst(clock.moments.deadline), warned_at=_cst(clock.warned_at),
        breached_at=_cst(clock.breached_at), timed_out_at=_cst(clock.timed_out_at),
        escalated_at=_cst(clock.escalated_at),
        escalated_to=clock.escalate_to if clock.escalated_at else None)


def public_light_out(clock: Clock, matter_name: str | None) -> PublicLightOut:
    """An open yellow or red clock for the public board."""
    return PublicLightOut(
        case_number=clock.case.case_number, matter_name=matter_name, stage=clock.stage,
        place_code=clock.place_code, light=clock.light, deadline=_cst(clock.moments.deadline))
