"""A case's clocks, started, paused, resumed and stopped by the events of its life.

- ``case.accepted``: the whole case's clock (limit + proxy allowance) and the village's start.
- ``case.handed_over`` up: the giving tier's clock stops, the receiving tier's starts (or goes on,
  if the case comes back to a tier it left); down (the result going back): the giving tier's stops.
- ``case.returned``: the returning tier's clock and the case's pause (退回补正 is not counted), and
  the village holds the case; ``case.resumed``, or a ``case.supplemented`` that answers this
  return, resumes them at the returning tier (whichever comes first; the second changes nothing).
- ``case.decided``: the deciding tier's clock stops.
- A handover or decision by timeout default (``deemed``) stops the clock as ``deemed_passed``.
- ``case.result_delivered``, ``case.closed``, ``case.withdrawn``: every clock still open stops.
- ``case.routed``, ``case.assigned``, ``case.received`` change no clock; they keep the order.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from daiban_kernel.contracts.matter import Tier
from daiban_kernel.contracts.relay import (
    CaseAssignedV1,
    CaseClosedV1,
    CaseDecidedV1,
    CaseHandedOverV1,
    CaseReceivedV1,
    CaseResultDeliveredV1,
    CaseResumedV1,
    CaseReturnedV1,
    CaseRoutedV1,
)
from daiban_kernel.contracts.sla import SlaClockStoppedV1
from daiban_sla.domain.clock import DELIVERED, Clock
from daiban_sla.domain.errors import MatterVersionNotKnown
from daiban_sla.domain.matter_terms import MatterTerms
from daiban_sla.domain.timetable import Timetable
from daiban_sla.domain.tracked_case import TrackedCase

RelayEvent = (CaseRoutedV1 | CaseAssignedV1 | CaseHandedOverV1 | CaseReceivedV1 | CaseReturnedV1
              | CaseResumedV1 | CaseDecidedV1 | CaseResultDeliveredV1 | CaseClosedV1)
RELAY_EVENTS: tuple[type[RelayEvent], ...] = (
    CaseRoutedV1, CaseAssignedV1, CaseHandedOverV1, CaseReceivedV1, CaseReturnedV1,
    CaseResumedV1, CaseDecidedV1, CaseResultDeliveredV1, CaseClosedV1)


@dataclass
class CaseClocks:
    """A tracked case with its clocks, by stage (None: the whole case's)."""

    case: TrackedCase
    terms: MatterTerms | None
    clocks: dict[Tier | None, Clock] = field(default_factory=dict)
    stopped: list[SlaClockStoppedV1] = field(default_factory=list)
    """What each clock that stopped here used, in the order they stopped (``sla.clock_stopped``)."""

    def accept(self, at: datetime, timetable: Timetable) -> None:
        """The legal clock starts: the whole case's and the village's (a withdrawn case's don't)."""
        if self.case.accepted_at is not None:
            return
        self.case.accepted_at, self.case.holding_tier = at, Tier.VILLAGE
        if self.case.closed_at is None:
            self._start(None, at, timetable)
            self._start(Tier.VILLAGE, at, timetable)

    def apply(self, event: RelayEvent, timetable: Timetable) -> None:
        """A relay event, in its turn."""
        self.case.flow_version = event.flow_version
        match event:
            case CaseRoutedV1():
                self.case.path = event.path
            case CaseHandedOverV1():
                self._stop(event.from_tier, event.at,
                           "deemed_passed" if event.deemed else "handed_over", timetable)
                self.case.holding_tier = event.to_tier
                if event.direction == "up":
                    self._start(event.to_tier, event.at, timetable)
            case CaseReturnedV1():
                self.case.return_for_correction(event.tier, event.flow_version)
                for stage in (event.tier, None):
                    if stage in self.clocks:
                        self.clocks[stage].pause(event.at)
            case CaseResumedV1():
                self._resume(event.tier, event.at, timetable)
            case CaseDecidedV1():
                self._stop(event.tier, event.at,
                           "deemed_passed" if event.deemed else "decided", timetable)
            case CaseResultDeliveredV1():
                self._stop_all(event.at, DELIVERED, timetable)
            case CaseClosedV1():
                self.case.close(event.at, event.why)
                self._stop_all(event.at, event.why, timetable)

    def supplement(self, return_flow_version: int | None, at: datetime,
                   timetable: Timetable) -> None:
        """The resident supplied what a return asked: if it answers the return the case waits
        on, the case resumes at the returning tier from ``at``; otherwise nothing changes."""
        tier = self.case.answered_by(return_flow_version)
        if tier is not None:
            self._resume(tier, at, timetable)

    def _resume(self, tier: Tier, at: datetime, timetable: Timetable) -> None:
        self.case.resume(tier)
        for stage in (tier, None):
            if stage in self.clocks:
                self.clocks[stage].resume(at, timetable)

    def withdraw(self, at: datetime, timetable: Timetable) -> None:
        """The resident withdrew the case: every clock stops."""
        self.case.close(at, "withdrawn")
        self._stop_all(at, "withdrawn", timetable)

    def _start(self, stage: Tier | None, at: datetime, timetable: Timetable) -> None:
        if stage in self.clocks:
            self.clocks[stage].restart(at, timetable)
            return
        terms = self.terms
        if terms is None:
            raise MatterVersionNotKnown(
                f"matter {self.case.matter_code} version {self.case.matter_version} "
                "was never published here")
        budget = (terms.total_working_days if stage is None
                  else terms.stage_days.get(stage, 0))
        self.clocks[stage] = Clock.start(
            self.case.ref, stage, budget=budget, at=at, timetable=timetable,
            timeout_default=stage is not None and stage in terms.timeout_default_stages)

    def _stop(self, stage: Tier, at: datetime, reason: str, timetable: Timetable) -> None:
        if stage in self.clocks:
            self._stop_clock(self.clocks[stage], at, reason, timetable)

    def _stop_all(self, at: datetime, reason: str, timetable: Timetable) -> None:
        for clock in self.clocks.values():
            self._stop_clock(clock, at, reason, timetable)

    def _stop_clock(self, clock: Clock, at: datetime, reason: str, timetable: Timetable) -> None:
        if clock.stopped_at is not None:
            return
        clock.stop(at, reason, timetable)
        if (stopped := clock.stopped_event()) is not None:
            self.stopped.append(stopped)
