"""Rendering cases and handovers on the wire, and the cursors of their lists."""

from __future__ import annotations

from datetime import datetime

from daiban_common.pagination import decode_cursor, encode_cursor
from daiban_kernel.errors import FieldProblem, InvalidInput
from daiban_routing.api.relay_schemas import (
    DecisionOut,
    DeliveryOut,
    HandoverOut,
    HolderOut,
    ReturnOut,
    RoutedCaseOut,
    RouteOut,
)
from daiban_routing.domain.handover import Handover
from daiban_routing.domain.model import RoutedCase
from daiban_routing.ports import Position


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
