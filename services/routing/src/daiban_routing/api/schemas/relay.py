"""Wire models of the relay: a case as routing sees it, handovers, the commands' bodies, and the
cursors of the work lists."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field

from daiban_common.pagination import decode_cursor, encode_cursor
from daiban_kernel.actor import Actor
from daiban_kernel.contracts.case import MissingItem
from daiban_kernel.contracts.matter import Tier
from daiban_kernel.contracts.relay import Delivery, Outcome
from daiban_kernel.contracts.staff import STAFF_ID
from daiban_kernel.errors import FieldProblem, InvalidInput
from daiban_kernel.fields import PLAIN_TEXT
from daiban_routing.domain.case import RoutedCase
from daiban_routing.domain.handover import Handover
from daiban_routing.ports import Position


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


def handover_out(handover: Handover, *, now: datetime) -> HandoverOut:
    """A handover, with how long it has waited if it still waits."""
    waiting = int((now - handover.handed_at).total_seconds()) if handover.pending else None
    return HandoverOut(
        handover_id=handover.handover_id, case_number=handover.case_number,
        from_tier=handover.from_tier, to_tier=handover.to_tier, direction=handover.direction,
        status=handover.status.value, handed_by=handover.handed_by,
        handed_at=handover.handed_at, received_by=handover.received_by,
        received_at=handover.received_at, waiting_seconds=waiting)


def case_out(case: RoutedCase, *, now: datetime) -> RoutedCaseOut:
    """A case as routing sees it."""
    route, holder, ret, dec, dlv = (case.route, case.holder, case.returned, case.decision,
                                    case.delivery)
    return RoutedCaseOut(
        number=case.number, matter_code=case.matter_code, matter_version=case.matter_version,
        village_code=case.village_code, state=case.state.value, tier=case.tier,
        place_code=case.place_code, since=case.since, version=case.version,
        accepted_at=case.accepted_at,
        route=None if route is None else RouteOut(
            path=list(route.path), deciding_tier=route.deciding_tier,
            department_code=route.department_code,
            timeout_default_stages=list(route.timeout_default_stages)),
        holder=None if holder is None else HolderOut(
            staff_id=holder.staff_id, role=holder.role.value,
            station_code=holder.station_code, tier=holder.tier),
        handover=None if case.handover is None else handover_out(case.handover, now=now),
        returned=None if ret is None else ReturnOut(tier=ret.tier, reasons=list(ret.reasons),
                                                    by=ret.by, flow_version=ret.flow_version),
        decision=None if dec is None else DecisionOut(
            tier=dec.tier, outcome=dec.outcome, reason=dec.reason, deemed=dec.deemed,
            by=dec.by, at=dec.at),
        delivery=None if dlv is None else DeliveryOut(
            delivery=dlv.method, tracking_number=dlv.tracking_number,
            delivered_on=dlv.delivered_on, by=dlv.by, at=dlv.at),
        closed_why=case.closed_why)


def position(cursor: str | None) -> Position | None:
    """The (time, key) a list cursor names."""
    found = decode_cursor(cursor, fields={"at": str, "key": str})
    if found is None:
        return None
    try:
        at = datetime.fromisoformat(str(found["at"]))
    except ValueError as exc:
        raise InvalidInput(FieldProblem("cursor", "not a cursor this service issued")) from exc
    return at, str(found["key"])


def next_cursor(at: datetime, key: str) -> str:
    """The cursor after an item."""
    return encode_cursor({"at": at.isoformat(), "key": key})
