"""Wire models of the relay: a case as routing sees it, handovers, and the commands' bodies."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field

from daiban_kernel.actor import Actor
from daiban_kernel.contracts.case import MissingItem
from daiban_kernel.contracts.matter import Tier
from daiban_kernel.contracts.relay import Delivery, Outcome
from daiban_kernel.contracts.staff import STAFF_ID
from daiban_kernel.fields import PLAIN_TEXT


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ReturnIn(_In):
    """What is wrong: each item the resident must correct or supply (退回补正)."""

    reasons: list[MissingItem] = Field(min_length=1, max_length=50)


class DecisionIn(_In):
    """Approved, or rejected with the reason."""

    outcome: Outcome
    reason: str | None = Field(default=None, min_length=1, max_length=500, pattern=PLAIN_TEXT)


class DeliveryIn(_In):
    """How the result reached the resident."""

    delivery: Delivery
    tracking_number: str | None = Field(default=None, min_length=1, max_length=64,
                                        pattern=r"^[A-Za-z0-9-]+$")
    delivered_on: date | None = Field(default=None, description="default: today (China)")


class AssigneeIn(_In):
    """Who should hold the case from now on, at the tier holding it."""

    staff_id: str = Field(pattern=STAFF_ID)


class RouteOut(BaseModel):
    path: list[Tier]
    deciding_tier: Tier
    department_code: str
    timeout_default_stages: list[Tier]


class HolderOut(BaseModel):
    staff_id: str
    role: str
    station_code: str
    tier: Tier


class HandoverOut(BaseModel):
    """One baton: awaiting receipt (``pending``), received, passed on by timeout, or cancelled."""

    handover_id: str
    case_number: str
    from_tier: Tier
    to_tier: Tier
    direction: str
    status: str
    handed_by: Actor | None
    handed_at: datetime
    received_by: Actor | None
    received_at: datetime | None
    waiting_seconds: int | None = Field(
        default=None, description="how long a pending handover has waited for its receipt")


class ReturnOut(BaseModel):
    tier: Tier
    reasons: list[MissingItem]
    by: Actor
    flow_version: int


class DecisionOut(BaseModel):
    tier: Tier
    outcome: Outcome
    reason: str | None
    deemed: bool
    by: Actor | None
    at: datetime


class DeliveryOut(BaseModel):
    delivery: Delivery
    tracking_number: str | None
    delivered_on: date
    by: Actor
    at: datetime


class RoutedCaseOut(BaseModel):
    """Where a case stands in the relay, who holds it, and what was decided."""

    number: str
    matter_code: str
    matter_version: int
    village_code: str
    state: str
    tier: Tier
    place_code: str
    since: datetime
    version: int
    accepted_at: datetime | None
    route: RouteOut | None
    holder: HolderOut | None
    handover: HandoverOut | None
    returned: ReturnOut | None
    decision: DecisionOut | None
    delivery: DeliveryOut | None
    closed_why: str | None


class ActionOut(BaseModel):
    """One line of a case's ledger."""

    move: str
    flow_version: int
    by: Actor | None
    at: datetime
    note: str | None
