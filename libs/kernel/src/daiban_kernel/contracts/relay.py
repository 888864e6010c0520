"""Events of the three-baton relay (三棒接力), owned by routing.

Each carries ``flow_version``: routing's version of the case after the change, so a consumer can
refuse or defer an event that arrives out of order (apply N only after N-1).
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from pydantic import Field

from daiban_kernel.actor import Actor
from daiban_kernel.contracts.case import CaseEvent, MissingItem
from daiban_kernel.contracts.matter import Tier
from daiban_kernel.events import registry
from daiban_kernel.places import PLACE_CODE


class Outcome(StrEnum):
    APPROVED = "approved"
    REJECTED = "rejected"


class Delivery(StrEnum):
    """How the result reaches the resident."""

    COLLECTED = "collected"  # at the village station, signed for
    MAILED = "mailed"  # with a tracking number
    BANK = "bank"  # paid to the resident's bank card


class _RelayEvent(CaseEvent):
    flow_version: int = Field(ge=1)
    at: datetime


@registry.register
class CaseRoutedV1(_RelayEvent):
    """The route is set: the tiers the case passes, and who decides."""

    event_type = "case.routed"
    version = 1

    path: tuple[Tier, ...] = Field(min_length=1)
    deciding_tier: Tier
    department_code: str | None = Field(default=None, max_length=32)


@registry.register
class CaseAssignedV1(_RelayEvent):
    """A staff member at a tier now holds the case (首问负责 until handed over)."""

    event_type = "case.assigned"
    version = 1

    tier: Tier
    station_code: str = Field(min_length=1, max_length=32)
    assignee: Actor
    reason: str = Field(pattern=r"^(initial|partner_cover|reassigned)$")
    handover_id: str | None = Field(
        default=None, min_length=1, max_length=64,
        description="the handover this assignment receives the case by, when it comes with one "
                    "(the receiver chosen for a baton, or whoever received it)")


@registry.register
class CaseHandedOverV1(_RelayEvent):
    """A baton passed: the case left one tier for the next (up, or the result down)."""

    event_type = "case.handed_over"
    version = 1

    handover_id: str = Field(min_length=1, max_length=64)
    from_tier: Tier
    to_tier: Tier
    direction: str = Field(pattern=r"^(up|down)$")
    deemed: bool = Field(default=False,
                         description="handed on by timeout default (超时默认): the stage was "
                                     "deemed passed; ``by`` is then null")
    by: Actor | None = None


@registry.register
class CaseReceivedV1(_RelayEvent):
    """The receiving tier acknowledged the handover (交接)."""

    event_type = "case.received"
    version = 1

    handover_id: str = Field(min_length=1, max_length=64)
    tier: Tier
    by: Actor


@registry.register
class CaseHandoverRemindedV1(_RelayEvent):
    """A handover has waited too long for its receipt (交接): the receiving tier is reminded.

    It changes nothing in the case, so ``flow_version`` is the case's current version.
    """

    event_type = "case.handover_reminded"
    version = 1

    handover_id: str = Field(min_length=1, max_length=64)
    to_tier: Tier
    to_place: str = Field(pattern=PLACE_CODE, description="the place that should acknowledge")
    handed_at: datetime
    waiting_seconds: int = Field(ge=0)
    assignee: Actor | None = Field(default=None,
                                      description="the member the case is assigned to there")


@registry.register
class CaseReturnedV1(_RelayEvent):
    """A tier sent the case back for correction (退回补正); its clock pauses."""

    event_type = "case.returned"
    version = 1

    tier: Tier
    reasons: tuple[MissingItem, ...] = Field(min_length=1)
    by: Actor


@registry.register
class CaseResumedV1(_RelayEvent):
    """After a supplement, the case is back at the tier that returned it."""

    event_type = "case.resumed"
    version = 1

    tier: Tier


@registry.register
class CaseDecidedV1(_RelayEvent):
    """The deciding tier approved or rejected the case (a rejection says why)."""

    event_type = "case.decided"
    version = 1

    tier: Tier
    outcome: Outcome
    reason: str | None = Field(default=None, max_length=500)
    deemed: bool = Field(default=False, description="decided by timeout default (超时默认)")
    by: Actor | None = None


@registry.register
class CaseResultDeliveredV1(_RelayEvent):
    """The result reached the resident, who signed for it."""

    event_type = "case.result_delivered"
    version = 1

    delivery: Delivery
    tracking_number: str | None = Field(default=None, max_length=64)
    delivered_on: date
    by: Actor


@registry.register
class CaseClosedV1(_RelayEvent):
    """The case is finished: delivered, withdrawn or otherwise ended."""

    event_type = "case.closed"
    version = 1

    why: str = Field(pattern=r"^(delivered|withdrawn|rejected_and_notified)$")
