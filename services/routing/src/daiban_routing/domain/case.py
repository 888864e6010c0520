"""The case as routing relays it (三棒接力): accepted at the village, handed up tier by tier to
the tier that decides, decided, its result handed down and delivered, closed.

Every move checks the flow's table, the state and the actor before it changes anything, so a
refused move leaves the case as it was. Who may act: a member of the role of the tier holding the
case, at that tier's place. Members to hold the case at a tier are chosen by the caller
(``route.choose``) and passed in as a ``Choice``. Events are recorded at the next ``version``
(their ``flow_version``), with a line of the case's ledger each.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any, Self

from daiban_kernel.actor import Actor
from daiban_kernel.china import china_date
from daiban_kernel.contracts.case import CaseRef, MissingItem
from daiban_kernel.contracts.matter import Tier
from daiban_kernel.contracts.relay import (
    CaseAssignedV1,
    CaseClosedV1,
    CaseDecidedV1,
    CaseHandedOverV1,
    CaseHandoverRemindedV1,
    CaseReceivedV1,
    CaseResultDeliveredV1,
    CaseResumedV1,
    CaseReturnedV1,
    CaseRoutedV1,
    Delivery,
    Outcome,
)
from daiban_kernel.contracts.staff import Duty
from daiban_kernel.errors import FieldProblem
from daiban_kernel.events import EventData
from daiban_routing.domain.errors import (
    AssigneeNotEligible,
    CaseNotFound,
    HandoverNotFound,
    HandoverNotPending,
    MemberAbsent,
    MoveNotAllowed,
    NoTierAbove,
    NotTheDecidingTier,
    NotYourTier,
    ResultIncomplete,
)
from daiban_routing.domain.flow import AT, TO, FlowState, Move, allows
from daiban_routing.domain.handover import (
    ActionEntry,
    Decision,
    Handover,
    HandoverStatus,
    ResultDelivery,
    Return,
)
from daiban_routing.domain.route import TIER_ROLES, Choice, Holder, Route, place_of
from daiban_routing.domain.staff import StaffMember


class TimeoutEffect(StrEnum):
    """What a timed-out stage did to the case."""

    DEEMED_DECISION = "deemed_decision"
    DEEMED_HANDOVER = "deemed_handover"
    ESCALATED = "escalated"
    IGNORED = "ignored"  # not the stage the case is in (late, or already moved on)


@dataclass(eq=False)
class RoutedCase:
    """A case in the relay, keyed by its number: its state, its history in the making, and the
    moves the flow allows."""

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
    owner: Actor | None = None
    """The first-inquiry owner (首问负责): the village agent who took the case at intake, who holds
    it until baton 1 and whom a return or the result comes back to."""
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
               matter_version: int = 1, submitted_by: Actor | None = None) -> Self:
        """A submitted case enters the relay at its village; a village agent who submitted it
        owns it (a grid worker's report is owned by the agent who takes it over)."""
        owner = submitted_by if submitted_by is not None \
            and submitted_by.role in TIER_ROLES[Tier.VILLAGE] else None
        return cls(number, matter_code, village_code, FlowState.SUBMITTED, at,
                   matter_version=matter_version, owner=owner)

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
        if not actor.covers(self.village_code):
            raise CaseNotFound(f"no case {self.number} in your jurisdiction")
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
               by: Actor | None = None, handover_id: str | None = None) -> None:
        """Give the case to the chosen member at a tier (nothing if it is theirs already);
        ``handover_id`` names the baton the case comes to them by."""
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
        assignee = Actor(staff_id=member.staff_id, role=member.role, place=member.place_code,
                         name=member.name)
        self.emit(CaseAssignedV1, by=by, at=at, tier=tier, station_code=member.station_code,
                  assignee=assignee, reason=choice.reason, handover_id=handover_id,
                  note=choice.reason)

    def start_handover(self, handover: Handover, target: FlowState, move: Move) -> None:
        """A baton leaves: the previous handover is settled, this one awaits receipt."""
        if self.handover is not None and self.handover.pending:
            self.handover.status = HandoverStatus.PASSED
            self.touched.append(self.handover)
        self.handover = handover
        self.touched.append(handover)
        self.enter(move, target, at=handover.handed_at, tier=handover.to_tier)

    def remind(self, *, at: datetime, every: timedelta) -> bool:
        """Remind the receiving tier of a handover not received for ``every`` (no new version)."""
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
            assignee=None if holder is None else holder.actor))
        self.actions.append(ActionEntry(CaseHandoverRemindedV1.event_type, self.version, None, at,
                                        handover.handover_id))
        return True

    def receive(self, handover_id: str, *, by: Actor, at: datetime,
                member: StaffMember | None = None) -> None:
        """The receiving tier receives the handover (交接); whoever receives it holds the case.

        ``member`` is the receiver's staff record: one marked absent (or who left) cannot take
        the case, their A/B partner covers for them.
        """
        handover = self.pending_handover(handover_id)
        target = AT[handover.to_tier] if handover.direction == "up" \
            else FlowState.RESULT_AT_VILLAGE
        self.check(Move.RECEIVE, target)
        self.authorize(by, handover.to_tier)
        if member is not None and not member.on_duty:
            duty = member.duty.value if member.active else "left"
            raise MemberAbsent(f"{member.staff_id} is marked {duty}: an absent member cannot "
                               f"receive case {self.number}; the A/B partner covers",
                               duty=duty)
        handover.receive(by, at)
        self.touched.append(handover)
        self.enter(Move.RECEIVE, target, at=at)
        self.emit(CaseReceivedV1, by=by, at=at, handover_id=handover_id,
                  tier=handover.to_tier)
        if member is not None:
            self.assign(Choice(member, "reassigned"), tier=handover.to_tier, at=at, by=by,
                        handover_id=handover_id)

    # -- the moves ------------------------------------------------------------------------

    def route_accepted(self, route: Route, *, by: Actor, at: datetime, holder: Choice | None,
                       owner: Actor | None = None) -> None:
        """Intake accepted the case: route it (``case.routed``) and give it to a village agent.

        The owner is the one intake names, else the agent who submitted it, else ``by`` (who
        pressed review)."""
        self.enter(Move.ACCEPT, FlowState.AT_VILLAGE, at=at, tier=Tier.VILLAGE)
        self.route, self.accepted_at, self.accepted_by = route, at, by
        self.owner = owner or self.owner or by
        self.emit(CaseRoutedV1, by=by, at=at, path=route.path,
                  deciding_tier=route.deciding_tier, department_code=route.department_code)
        self.assign(holder, tier=Tier.VILLAGE, at=at, by=by)

    def next_up(self) -> Tier:
        """The tier a handover from here goes to; refused at the deciding tier."""
        if self.state not in AT.values():
            raise MoveNotAllowed(f"case {self.number} is {self.state.value}: it can be handed "
                                 "over only by the tier holding it", state=self.state.value)
        upper = self.the_route().above(self.tier)
        if upper is None:
            raise NoTierAbove(f"the {self.tier.value} decides case {self.number}",
                              state=self.state.value)
        return upper

    def hand_over(self, *, by: Actor, at: datetime, handover_id: str,
                  receiver: Choice | None) -> Handover:
        """Pass the baton to the next tier up; it is complete when they receive it."""
        upper = self.next_up()
        self.check(Move.HAND_OVER, TO[upper])
        self.authorize(by)
        return self._pass(Handover(handover_id, self.number, self.tier, upper, "up", by, at),
                          move=Move.HAND_OVER, receiver=receiver)

    def hand_down(self, *, by: Actor, at: datetime, handover_id: str,
                  receiver: Choice | None) -> Handover:
        """Send the result back down to the village, which receives it."""
        self.check(Move.HAND_DOWN, FlowState.RESULT_SENT)
        if self.tier is Tier.VILLAGE:
            raise MoveNotAllowed(f"the result of case {self.number} is at the village already",
                                 state=self.state.value)
        self.authorize(by)
        handover = Handover(handover_id, self.number, self.tier, Tier.VILLAGE, "down", by,
                            at)
        return self._pass(handover, move=Move.HAND_DOWN, receiver=receiver)

    def _pass(self, handover: Handover, *, move: Move, receiver: Choice | None,
              deemed: bool = False) -> Handover:
        target = TO[handover.to_tier] if move is not Move.HAND_DOWN else FlowState.RESULT_SENT
        self.start_handover(handover, target, move)
        self.emit(CaseHandedOverV1, by=handover.handed_by, at=handover.handed_at,
                  handover_id=handover.handover_id, from_tier=handover.from_tier,
                  to_tier=handover.to_tier, direction=handover.direction, deemed=deemed)
        self.assign(receiver, tier=handover.to_tier, at=handover.handed_at, by=handover.handed_by,
                    handover_id=handover.handover_id)
        return handover

    def return_for_correction(self, *, by: Actor, at: datetime,
                              reasons: tuple[MissingItem, ...], village_holder: Choice | None
                              ) -> None:
        """Send the case back to the village for correction (退回补正); its clock pauses."""
        self.check(Move.RETURN, FlowState.RETURNED)
        self.authorize(by)
        if not reasons:
            raise ResultIncomplete(FieldProblem("reasons", "name at least one thing to correct"))
        tier = self.tier
        self.enter(Move.RETURN, FlowState.RETURNED, at=at, tier=Tier.VILLAGE)
        version = self.emit(CaseReturnedV1, by=by, at=at, tier=tier, reasons=reasons)
        self.returned = Return(tier, reasons, by, version)
        self.assign(village_holder, tier=Tier.VILLAGE, at=at, by=by)

    def resume(self, *, return_flow_version: int | None, at: datetime,
               holder: Choice | None) -> bool:
        """The resident supplemented what the return asked: back to the tier that returned it.

        False (and nothing changes) if the supplement answers no return the case is waiting on.
        """
        returned = self.returned
        if self.state is not FlowState.RETURNED or returned is None \
                or return_flow_version != returned.flow_version:
            return False
        self.enter(Move.RESUME, AT[returned.tier], at=at, tier=returned.tier)
        self.returned = None
        self.emit(CaseResumedV1, by=None, at=at, tier=returned.tier)
        self.assign(holder, tier=returned.tier, at=at)
        return True

    def decide(self, *, by: Actor, at: datetime, outcome: Outcome, reason: str | None) -> None:
        """Approve, or reject with a reason; only the deciding tier may."""
        self.check(Move.DECIDE, FlowState.DECIDED)
        if self.tier is not self.the_route().deciding_tier:
            raise NotTheDecidingTier(f"case {self.number} is decided at the "
                                     f"{self.the_route().deciding_tier.value}",
                                     state=self.state.value)
        self.authorize(by)
        if outcome is Outcome.REJECTED and not (reason or "").strip():
            raise ResultIncomplete(FieldProblem("reason", "a rejection states its reason"))
        self._decided(Decision(self.tier, outcome, reason, False, by, at), Move.DECIDE)

    def _decided(self, decision: Decision, move: Move) -> None:
        self._settle_handover(HandoverStatus.PASSED)
        self.enter(move, FlowState.DECIDED, at=decision.at, tier=decision.tier)
        self.decision = decision
        self.emit(CaseDecidedV1, by=decision.by, at=decision.at, tier=decision.tier,
                  outcome=decision.outcome, reason=decision.reason, deemed=decision.deemed,
                  note="deemed" if decision.deemed else None)

    def deemed_next(self, stage: Tier) -> Tier | None:
        """The tier a timeout of ``stage`` would hand the case on to, if it would."""
        route = self.route
        if route is None or stage not in route.timeout_default_stages \
                or self.state not in (AT[stage], TO.get(stage)):
            return None
        return route.above(stage)

    def time_out(self, stage: Tier, *, at: datetime, handover_id: str,
                 receiver: Choice | None) -> TimeoutEffect:
        """A stage's clock ran out: deemed passed where the matter says so, else escalated."""
        route = self.route
        if route is None or self.state not in (AT[stage], TO.get(stage)):
            return TimeoutEffect.IGNORED
        if stage not in route.timeout_default_stages:
            self.actions.append(ActionEntry("escalated", self.version, None, at,
                                            f"the {stage.value} stage timed out"))
            return TimeoutEffect.ESCALATED
        upper = route.above(stage)
        if upper is None:
            self.check(Move.TIME_OUT, FlowState.DECIDED)
            self._decided(Decision(stage, Outcome.APPROVED, None, True, None, at), Move.TIME_OUT)
            return TimeoutEffect.DEEMED_DECISION
        self.check(Move.TIME_OUT, TO[upper])
        self._pass(Handover(handover_id, self.number, stage, upper, "up", None, at),
                   move=Move.TIME_OUT, receiver=receiver, deemed=True)
        return TimeoutEffect.DEEMED_HANDOVER

    def deliver(self, *, by: Actor, at: datetime, method: Delivery,
                tracking_number: str | None, delivered_on: date) -> None:
        """The result reached the resident: collected at the station, mailed, or paid."""
        self.check(Move.DELIVER, FlowState.DELIVERED)
        self.authorize(by)
        if method is Delivery.COLLECTED and self.tier is not Tier.VILLAGE:
            raise MoveNotAllowed("a result is collected at the village station: hand it down "
                                 "first", state=self.state.value)
        if method is Delivery.MAILED and not (tracking_number or "").strip():
            raise ResultIncomplete(FieldProblem("tracking_number", "a mailing has a tracking "
                                                "number"))
        today = china_date(at)
        decided = None if self.decision is None else china_date(self.decision.at)
        if delivered_on > today or (decided is not None and delivered_on < decided):
            since = "" if decided is None else f"on or after the decision ({decided}) and "
            raise ResultIncomplete(FieldProblem(
                "delivered_on", f"a result is delivered {since}on or before today ({today})"))
        self.enter(Move.DELIVER, FlowState.DELIVERED, at=at)
        self.delivery = ResultDelivery(method, tracking_number, delivered_on, by, at)
        self.emit(CaseResultDeliveredV1, by=by, at=at, delivery=method,
                  tracking_number=tracking_number, delivered_on=delivered_on)

    def close(self, *, by: Actor, at: datetime) -> None:
        """Close a delivered case."""
        self.check(Move.CLOSE, FlowState.CLOSED)
        self.authorize(by)
        approved = self.decision is not None and self.decision.outcome is Outcome.APPROVED
        self._closed("delivered" if approved else "rejected_and_notified", by=by, at=at,
                     move=Move.CLOSE)

    def reassign(self, member: StaffMember, *, by: Actor, at: datetime) -> None:
        """A supervisor gives the open case to another member of the tier holding it."""
        if self.state in (FlowState.SUBMITTED, FlowState.CLOSED):
            raise MoveNotAllowed(f"case {self.number} is {self.state.value}: nobody holds it",
                                 state=self.state.value)
        place = place_of(self.tier, self.village_code)
        if not (member.active and member.duty is Duty.ON_DUTY
                and member.role in TIER_ROLES[self.tier] and member.place_code == place):
            raise AssigneeNotEligible(FieldProblem(
                "staff_id", f"{member.staff_id} is not an active, on-duty "
                            f"{' or '.join(sorted(TIER_ROLES[self.tier]))} at {place}"))
        self.assign(Choice(member, "reassigned"), tier=self.tier, at=at, by=by)

    def withdraw(self, *, reason: str, by: Actor, at: datetime) -> bool:
        """The resident withdrew (自愿委托); False if the case is finished already."""
        if self.state in (FlowState.DELIVERED, FlowState.CLOSED):
            return False
        self._settle_handover(HandoverStatus.CANCELLED)
        self._closed("withdrawn", by=by, at=at, move=Move.WITHDRAW, note=reason)
        return True

    def _closed(self, why: str, *, by: Actor, at: datetime, move: Move,
                note: str | None = None) -> None:
        self.enter(move, FlowState.CLOSED, at=at)
        self.closed_why = why
        self.emit(CaseClosedV1, by=by, at=at, why=why, note=note or why)

    def _settle_handover(self, status: HandoverStatus) -> None:
        if self.handover is not None and self.handover.pending:
            self.handover.status = status
            self.touched.append(self.handover)
