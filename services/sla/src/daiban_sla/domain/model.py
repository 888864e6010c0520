"""The cases SLA keeps time for, and the order in which routing's relay events apply to them.

Every relay event carries ``flow_version``, routing's version of the case after the change: an
event applies only after the one before it. The first applies when it is version 1 or the route
(``case.routed``), whichever routing starts with. An event that comes early waits (is deferred)
until the gap is filled; one already applied is passed over.
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
    submitted_at: datetime | None = None
    accepted_at: datetime | None = None
    flow_version: int | None = None
    path: tuple[Tier, ...] = ()
    holding_tier: Tier | None = None
    closed_at: datetime | None = None
    closed_why: str | None = None

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

    def close(self, at: datetime, why: str) -> None:
        """The case ended (delivered, withdrawn, rejected and notified); first word stands."""
        if self.closed_at is None:
            self.closed_at, self.closed_why = at, why
