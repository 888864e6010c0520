"""The pieces a routed case is made of: who acts, handovers (交接), returns, decisions, results."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from daiban_kernel.actor import Actor
from daiban_kernel.contracts.case import MissingItem
from daiban_kernel.contracts.matter import Tier
from daiban_kernel.contracts.relay import Delivery, Outcome


class HandoverStatus(StrEnum):
    PENDING = "pending"  # handed over, not yet received
    RECEIVED = "received"  # the receiver received it (交接 complete)
    PASSED = "passed"  # the receiving stage timed out and the case moved on by itself
    CANCELLED = "cancelled"  # the case was withdrawn meanwhile


@dataclass
class Handover:
    """One baton: the case (or its result) leaving one tier for another."""

    handover_id: str
    case_number: str
    from_tier: Tier
    to_tier: Tier
    direction: str  # "up" towards the deciding tier, "down" with the result
    handed_by: Actor | None  # None: deemed, by timeout default
    handed_at: datetime
    status: HandoverStatus = HandoverStatus.PENDING
    received_by: Actor | None = None
    received_at: datetime | None = None
    reminded_at: datetime | None = None

    @property
    def pending(self) -> bool:
        """Awaiting its receipt."""
        return self.status is HandoverStatus.PENDING

    def due_for_reminder(self, *, at: datetime, every: timedelta) -> bool:
        """Pending, and not received for ``every`` since it was handed over or last reminded."""
        return self.pending and at - (self.reminded_at or self.handed_at) >= every

    def receive(self, by: Actor, at: datetime) -> None:
        """The receiving tier took the case over."""
        self.status, self.received_by, self.received_at = HandoverStatus.RECEIVED, by, at


@dataclass(frozen=True)
class Return:
    """A return for correction (退回补正): which tier, why, and the event's flow version."""

    tier: Tier
    reasons: tuple[MissingItem, ...]
    by: Actor
    flow_version: int


@dataclass(frozen=True)
class Decision:
    """Approved, or rejected with a reason; ``deemed`` when timeout default decided it."""

    tier: Tier
    outcome: Outcome
    reason: str | None
    deemed: bool
    by: Actor | None
    at: datetime


@dataclass(frozen=True)
class ResultDelivery:
    """How the result reached the resident."""

    method: Delivery
    tracking_number: str | None
    delivered_on: date
    by: Actor
    at: datetime


@dataclass(frozen=True)
class ActionEntry:
    """One line of the case's ledger: what was done, by whom (and from which place), when."""

    move: str
    flow_version: int
    by: Actor | None
    at: datetime
    note: str | None = None
