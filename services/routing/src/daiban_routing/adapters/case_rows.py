"""How a routed case, its handovers and its ledger lines map to rows (JSON for the parts)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from daiban_kernel.actor import Actor
from daiban_kernel.contracts.case import MissingItem
from daiban_kernel.contracts.matter import Tier
from daiban_kernel.contracts.relay import Delivery, Outcome
from daiban_kernel.roles import Role
from daiban_routing.domain.case import RoutedCase
from daiban_routing.domain.flow import FlowState
from daiban_routing.domain.handover import (
    ActionEntry,
    Decision,
    Handover,
    HandoverStatus,
    ResultDelivery,
    Return,
)
from daiban_routing.domain.route import Holder, Route, place_of


def case_row(case: RoutedCase) -> dict[str, Any]:
    """The case's columns."""
    holder = case.holder
    return {
        "number": case.number, "matter_code": case.matter_code,
        "village_code": case.village_code, "state": case.state.value, "since": case.since,
        "version": case.version, "matter_version": case.matter_version,
        "tier": case.tier.value, "place_code": case.place_code,
        "station_code": None if holder is None else holder.station_code,
        "assignee_id": None if holder is None else holder.staff_id,
        "assignee_role": None if holder is None else holder.role.value,
        "accepted_at": case.accepted_at, "accepted_by": _ref(case.accepted_by),
        "owner": _ref(case.owner),
        "route": None if case.route is None else _route(case.route),
        "returned": None if case.returned is None else _returned(case.returned),
        "decision": None if case.decision is None else _decision(case.decision),
        "delivery": None if case.delivery is None else _delivery(case.delivery),
        "closed_why": case.closed_why,
    }


def case_from_row(row: Any, handover: Handover | None) -> RoutedCase:
    """The case a row holds, with its latest handover."""
    tier = Tier(row["tier"])
    holder = None if row["assignee_id"] is None else Holder(
        row["assignee_id"], Role(row["assignee_role"]), row["station_code"], tier)
    return RoutedCase(
        row["number"], row["matter_code"], row["village_code"], FlowState(row["state"]),
        row["since"], row["version"], matter_version=row["matter_version"],
        route=None if row["route"] is None else _route_of(row["route"]),
        accepted_at=row["accepted_at"], accepted_by=_ref_of(row["accepted_by"]),
        owner=_ref_of(row["owner"]), tier=tier,
        holder=holder, handover=handover,
        returned=None if row["returned"] is None else _returned_of(row["returned"]),
        decision=None if row["decision"] is None else _decision_of(row["decision"]),
        delivery=None if row["delivery"] is None else _delivery_of(row["delivery"]),
        closed_why=row["closed_why"])


def handover_row(handover: Handover, village_code: str) -> dict[str, Any]:
    """A handover's columns; ``to_place`` is where it waits for receipt."""
    return {"handover_id": handover.handover_id, "case_number": handover.case_number,
            "from_tier": handover.from_tier.value, "to_tier": handover.to_tier.value,
            "to_place": place_of(handover.to_tier, village_code),
            "direction": handover.direction, "handed_by": _ref(handover.handed_by),
            "handed_at": handover.handed_at, "status": handover.status.value,
            "received_by": _ref(handover.received_by), "received_at": handover.received_at,
            "reminded_at": handover.reminded_at}


def handover_from_row(row: Any) -> Handover:
    """The handover a row holds."""
    return Handover(row["handover_id"], row["case_number"], Tier(row["from_tier"]),
                    Tier(row["to_tier"]), row["direction"], _ref_of(row["handed_by"]),
                    row["handed_at"], HandoverStatus(row["status"]),
                    _ref_of(row["received_by"]), row["received_at"], row["reminded_at"])


def action_row(number: str, entry: ActionEntry) -> dict[str, Any]:
    """A ledger line's columns."""
    by = entry.by
    return {"case_number": number, "flow_version": entry.flow_version, "move": entry.move,
            "staff_id": None if by is None else by.staff_id,
            "role": None if by is None else by.role, "place": None if by is None else by.place,
            "at": entry.at, "note": None if entry.note is None else entry.note[:500]}


def entry_from_row(row: Any) -> ActionEntry:
    """The ledger line a row holds."""
    by = None if row["staff_id"] is None else Actor(
        staff_id=row["staff_id"], role=row["role"], place=row["place"])
    return ActionEntry(row["move"], row["flow_version"], by, row["at"], row["note"])


def _ref(ref: Actor | None) -> dict[str, Any] | None:
    return None if ref is None else ref.model_dump(mode="json")


def _ref_of(data: dict[str, Any] | None) -> Actor | None:
    return None if data is None else Actor.model_validate(data)


def _route(route: Route) -> dict[str, Any]:
    return {"path": [t.value for t in route.path], "deciding_tier": route.deciding_tier.value,
            "department_code": route.department_code,
            "timeout_default_stages": [t.value for t in route.timeout_default_stages]}


def _route_of(data: dict[str, Any]) -> Route:
    return Route(tuple(Tier(t) for t in data["path"]), Tier(data["deciding_tier"]),
                 data["department_code"],
                 tuple(Tier(t) for t in data["timeout_default_stages"]))


def _returned(returned: Return) -> dict[str, Any]:
    return {"tier": returned.tier.value, "by": _ref(returned.by),
            "reasons": [r.model_dump(mode="json") for r in returned.reasons],
            "flow_version": returned.flow_version}


def _actor(data: dict[str, Any]) -> Actor:
    return Actor.model_validate(data)


def _returned_of(data: dict[str, Any]) -> Return:
    by = _actor(data["by"])
    return Return(Tier(data["tier"]), tuple(MissingItem.model_validate(r)
                                            for r in data["reasons"]), by, data["flow_version"])


def _decision(decision: Decision) -> dict[str, Any]:
    return {"tier": decision.tier.value, "outcome": decision.outcome.value,
            "reason": decision.reason, "deemed": decision.deemed, "by": _ref(decision.by),
            "at": decision.at.isoformat()}


def _decision_of(data: dict[str, Any]) -> Decision:
    return Decision(Tier(data["tier"]), Outcome(data["outcome"]), data["reason"],
                    data["deemed"], _ref_of(data["by"]), datetime.fromisoformat(data["at"]))


def _delivery(delivery: ResultDelivery) -> dict[str, Any]:
    return {"method": delivery.method.value, "tracking_number": delivery.tracking_number,
            "delivered_on": delivery.delivered_on.isoformat(), "by": _ref(delivery.by),
            "at": delivery.at.isoformat()}


def _delivery_of(data: dict[str, Any]) -> ResultDelivery:
    by = _actor(data["by"])
    return ResultDelivery(Delivery(data["method"]), data["tracking_number"],
                          date.fromisoformat(data["delivered_on"]), by,
                          datetime.fromisoformat(data["at"]))
