"""What a routed case holds, and what every move shares: the table check, the actor check,
recording events at the next ``version`` (their ``flow_version``), assignment and handovers.

The moves themselves are ``model.RoutedCase``'s methods.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Self

from daiban_kernel.actor import Actor
from daiban_kernel.contracts.case import CaseRef
from daiban_kernel.contracts.matter import Tier
from daiban_kernel.contracts.relay import CaseAssignedV1, CaseHandoverRemindedV1, CaseReceivedV1
from daiban_kernel.events import EventData
from daiban_routing.domain.errors import (
    HandoverNotFound,
    HandoverNotPending,
    MoveNotAllowed,
    NotYourTier,
    OutsideJurisdiction,
)
from daiban_routing.domain.flow import AT, FlowState, Move, allows
from daiban_routing.domain.handover import (
    ActionEntry,
    Decision,
    Handover,
    HandoverStatus,
    ResultDelivery,
    Return,
)
from daiban_routing.domain.route import TIER_ROLES, Choice, Holder, Route, place_of


@dataclass(eq=False)
class CaseFile:
    """A case routing knows of, keyed by its number: its state and its history in the making."""

    number: str
    matter_code: str
    village_code: str
    state: FlowState
    since: datetime
    version: int = 1
    matter_version: int = 1
    route: Route | None = None
    accepted_at: datetime | None = None
    accepted_by: Actor | None = None
    tier: Tier = Tier.VILLAGE
    holder: Holder | None = None
    handover: Handover | None = None
    returned: Return | None = None
    decision: Decision | None = None
    delivery: ResultDelivery | None = None
    closed_why: str | None = None
    events: list[EventData] = field(default_factory=list, repr=False)
    actions: list[ActionEntry] = field(default_factory=list, repr=False)
    touched: list[Handover] = field(default_factory=list, repr=False)

    @classmethod
    def arrive(cls, *, number: str, matter_code: str, village_code: str, at: datetime,
               matter_version: int = 1) -> Self:
        """A submitted case enters the relay at its village."""
        return cls(number, matter_code, village_code, FlowState.SUBMITTED, at,
                   matter_version=matter_version)

    @classmethod
    def known_from(cls, ref: CaseRef, *, at: datetime) -> Self:
        """A case first heard of by a later event (its ``case.submitted`` is still on its way)."""
        return cls.arrive(number=ref.case_number, matter_code=ref.matter_code,
                          village_code=ref.village_code, at=at,
                          matter_version=ref.matter_version)

    @property
    def ref(self) -> CaseRef:
        """The case as every relay event names it."""
        return CaseRef(case_number=self.number, village_code=self.village_code,
                       matter_code=self.matter_code, matter_version=self.matter_version)

    @property
    def place_code(self) -> str:
        """The place of the tier holding the case."""
        return place_of(self.tier, self.village_code)

    @property
    def is_open(self) -> bool:
        """Neither closed nor merely submitted."""
        return self.state not in (FlowState.SUBMITTED, FlowState.CLOSED)

    def the_route(self) -> Route:
        """The route, which every accepted case has."""
        if self.route is None:
            raise MoveNotAllowed(f"case {self.number} is not accepted yet",
                                 state=self.state.value)
        return self.route

    # -- checks shared by the moves -------------------------------------------------------

    def check(self, move: Move, target: FlowState) -> None:
        """Refuse a move the flow's table does not have from the current state."""
        if not allows(self.state, move, target):
            raise MoveNotAllowed(f"case {self.number} is {self.state.value}: "
                                 f"{move.value} is not possible now", state=self.state.value)

    def authorize(self, actor: Actor, tier: Tier | None = None) -> None:
        """Refuse an actor outside the case's jurisdiction, or not of the tier holding it."""
        tier = self.tier if tier is None else tier
        if not self.village_code.startswith(actor.place):
            raise OutsideJurisdiction(f"case {self.number} lies outside {actor.place}")
        if actor.role not in TIER_ROLES[tier] or actor.place != place_of(tier, self.village_code):
            roles = ", ".join(sorted(TIER_ROLES[tier]))
            raise NotYourTier(f"case {self.number} is at the {tier.value} "
                              f"{place_of(tier, self.village_code)}: only {roles} there may act")

    def pending_handover(self, handover_id: str) -> Handover:
        """The handover awaiting receipt with this id."""
        if self.handover is None or self.handover.handover_id != handover_id:
            raise HandoverNotFound(f"case {self.number} has no handover {handover_id}")
        if not self.handover.pending:
            raise HandoverNotPending(f"handover {handover_id} is {self.handover.status.value}",
                                     state=self.state.value)
        return self.handover

    # -- recording ------------------------------------------------------------------------

    def enter(self, move: Move, target: FlowState, *, at: datetime, tier: Tier | None = None
              ) -> None:
        """Take an allowed move (checked by the caller before any change)."""
        self.check(move, target)
        self.state, self.since = target, at
        if tier is not None:
            self.tier = tier

    def emit(self, event_type: type[EventData], *, by: Actor | None, at: datetime,
             note: str | None = None, **fields: Any) -> int:
        """Record a relay event at the next version, and its ledger line; returns the version."""
        self.version += 1
        if "by" in event_type.model_fields:
            fields["by"] = by
        self.events.append(event_type.model_validate(
            {"case": self.ref, "flow_version": self.version, "at": at, **fields}))
        self.actions.append(ActionEntry(event_type.event_type, self.version, by, at, note))
        return self.version

    def assign(self, choice: Choice | None, *, tier: Tier, at: datetime,
               by: Actor | None = None) -> None:
        """Give the case to the chosen member at a tier (nothing if it is theirs already)."""
        if choice is None:
            self.holder = None
            self.actions.append(ActionEntry("unassigned", self.version, by, at,
                                            f"nobody on duty at the {tier.value}"))
            return
        member = choice.member
        if self.holder is not None and self.holder.staff_id == member.staff_id \
                and self.holder.tier is tier:
            return
        self.holder = Holder(member.staff_id, member.role, member.station_code, tier)
        assignee = Actor(staff_id=member.staff_id, role=member.role.value,
                            place=member.place_code)
        self.emit(CaseAssignedV1, by=by, at=at, tier=tier, station_code=member.station_code,
                  assignee=assignee, reason=choice.reason, note=choice.reason)

    def start_handover(self, handover: Handover, target: FlowState, move: Move) -> None:
        """A baton leaves: the previous handover is settled, this one awaits receipt."""
        if self.handover is not None and self.handover.pending:
            self.handover.status = HandoverStatus.PASSED
            self.touched.append(self.handover)
        self.handover = handover
        self.touched.append(handover)
        self.enter(move, target, at=handover.handed_at, tier=handover.to_tier)

    def remind(self, *, at: datetime, every: timedelta) -> bool:
        """Remind the receiving tier of a handover unacknowledged for ``every`` (no new version)."""
        handover = self.handover
        if handover is None or not handover.due_for_reminder(at=at, every=every):
            return False
        handover.reminded_at = at
        self.touched.append(handover)
        holder = self.holder
        self.events.append(CaseHandoverRemindedV1(
            case=self.ref, flow_version=self.version, at=at, handover_id=handover.handover_id,
            to_tier=handover.to_tier, to_place=place_of(handover.to_tier, self.village_code),
            handed_at=handover.handed_at,
            waiting_seconds=int((at - handover.handed_at).total_seconds()),
            assignee=None if holder is None else Actor(
                staff_id=holder.staff_id, role=holder.role.value,
                place=holder.station_code.rsplit("-", 1)[0])))
        self.actions.append(ActionEntry(CaseHandoverRemindedV1.event_type, self.version, None, at,
                                        handover.handover_id))
        return True

    def receive(self, handover_id: str, *, by: Actor, at: datetime,
                taker: Choice | None = None) -> None:
        """The receiving tier acknowledges the handover (交接); whoever acknowledges holds it."""
        handover = self.pending_handover(handover_id)
        target = AT[handover.to_tier] if handover.direction == "up" \
            else FlowState.RESULT_AT_VILLAGE
        self.check(Move.ACKNOWLEDGE, target)
        self.authorize(by, handover.to_tier)
        handover.acknowledge(by, at)
        self.touched.append(handover)
        self.enter(Move.ACKNOWLEDGE, target, at=at)
        self.emit(CaseReceivedV1, by=by, at=at, handover_id=handover_id,
                  tier=handover.to_tier)
        if taker is not None:
            self.assign(taker, tier=handover.to_tier, at=at, by=by)

