"""The cases SLA keeps time for, and the order in which routing's relay events apply to them.

Every relay event carries ``flow_version``, routing's version of the case after the change: an
event applies only after the one before it. The first applies when it is version 1 or the route
(``case.routed``), whichever routing starts with. An event that comes early waits (is deferred)
until the gap is filled; one already applied is passed over.

Which tier holds the case is routing's rule: a case returned for correction (退回补正) is held by
the village, where the resident supplies what is missing, and it resumes at the tier that
returned it, on routing's ``case.resumed`` or on intake's ``case.supplemented`` that answers that
return (its ``return_flow_version`` is the return's ``flow_version``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import Enum

from daiban_kernel.contracts.case import CaseRef
from daiban_kernel.contracts.matter import Tier


class Order(Enum):
    """What to do with a relay event now."""

    APPLY = "apply"
    DEFER = "defer"
    STALE = "stale"


@dataclass
class TrackedCase:
    """A case SLA has heard of: submitted, accepted (its clocks run), routed, closed."""

    number: str
    matter_code: str
    matter_version: int
    village_code: str
    applicant_masked: str | None = None
    """The applicant's name as the public board shows it (王*华); the full name is not kept."""
    submitted_at: datetime | None = None
    accepted_at: datetime | None = None
    flow_version: int | None = None
    path: tuple[Tier, ...] = ()
    holding_tier: Tier | None = None
    closed_at: datetime | None = None
    closed_why: str | None = None
    returned_by: Tier | None = None
    """While returned for correction: the tier that returned it (its clock is paused)."""
    return_version: int | None = None
    """While returned for correction: the ``flow_version`` of the return."""

    @classmethod
    def referred_to(cls, ref: CaseRef) -> TrackedCase:
        """The case as an event names it."""
        return cls(ref.case_number, ref.matter_code, ref.matter_version, ref.village_code)

    @property
    def ref(self) -> CaseRef:
        """The fields every case event repeats."""
        return CaseRef(case_number=self.number, village_code=self.village_code,
                       matter_code=self.matter_code, matter_version=self.matter_version)

    def order_of(self, flow_version: int, *, starts_flow: bool) -> Order:
        """Whether a relay event of this version applies now, waits, or was applied already."""
        if self.accepted_at is None:
            return Order.DEFER
        if self.flow_version is None:
            return Order.APPLY if flow_version == 1 or starts_flow else Order.DEFER
        if flow_version <= self.flow_version:
            return Order.STALE
        return Order.APPLY if flow_version == self.flow_version + 1 else Order.DEFER

    def return_for_correction(self, by: Tier, flow_version: int) -> None:
        """Sent back to the village for correction by ``by``: the village holds it now."""
        self.returned_by, self.return_version = by, flow_version
        self.holding_tier = Tier.VILLAGE

    def resume(self, at: Tier) -> None:
        """Back at the tier that returned it (routing's ``case.resumed``)."""
        self.returned_by = self.return_version = None
        self.holding_tier = at

    def answered_by(self, return_flow_version: int | None) -> Tier | None:
        """The tier a supplement resumes the case at: the returning tier when the supplement
        answers the return the case waits on, else None (it answers no waiting return)."""
        if return_flow_version is None or return_flow_version != self.return_version:
            return None
        return self.returned_by

    def close(self, at: datetime, why: str) -> None:
        """The case ended (delivered, withdrawn, rejected and notified); first word stands."""
        if self.closed_at is None:
            self.closed_at, self.closed_why = at, why
