"""What intake hears back from routing's relay, applied to its case.

Routing numbers its changes of a case (``flow_version``). Intake hears only some of them, so it
keeps the last it applied (``relay_version``): an event not newer than that is a redelivery or
overtaken, and changes nothing. An event that needs one intake has not heard yet (a delivery
before the decision) raises ``RelayEventEarly``, and the broker brings it again later. A withdrawn
case stays withdrawn whatever routing says after.
"""

from __future__ import annotations

from datetime import datetime

from daiban_intake.domain import checklist as cl
from daiban_intake.domain.case_errors import RelayEventEarly
from daiban_intake.domain.model import Case, NoticeTerms
from daiban_intake.domain.records import Decision, Notice, ReturnRecord
from daiban_intake.domain.status import IN_RELAY, CaseStatus
from daiban_kernel.actor import Actor
from daiban_kernel.contracts.case import MissingItem
from daiban_kernel.contracts.matter import MatterVersion
from daiban_kernel.contracts.relay import Outcome

S = CaseStatus


def heard(case: Case, flow_version: int) -> bool:
    """Whether this relay event is news to the case (newer, and the case is not withdrawn)."""
    if flow_version <= case.relay_version:
        return False
    if case.status is S.WITHDRAWN:
        case.relay_version = flow_version
        return False
    return True


def hear_return(case: Case, matter: MatterVersion, *, flow_version: int, tier: str,
                reasons: tuple[MissingItem, ...], by: Actor, at: datetime,
                terms: NoticeTerms) -> Notice | None:
    """A tier returned the case for correction: its checklist reopens with the reasons, and the
    resident gets a notice of all of them. None if the event is not news."""
    if not heard(case, flow_version):
        return None
    _require(case, IN_RELAY, "case.returned", flow_version)
    checklist, corrections = cl.reopened(case.checklist, reasons)
    case.checklist = checklist
    if any(cl.names_authorization(r) for r in reasons):
        case.authorization = None
        case.checklist = cl.with_authorization(case.checklist, None)
    case.returns = (*case.returns, ReturnRecord(flow_version=flow_version, tier=tier,
                                                reasons=reasons, corrections=corrections,
                                                by=by, at=at))
    if case.status is not S.RETURNED:
        case.move(S.RETURNED)
    case.relay_version = flow_version
    owner = case.owner or case.opened_by
    return case.issue_notice(matter, terms, (*case.missing(matter), *corrections), by=owner,
                             at=at, after_return_by=tier)


def hear_decision(case: Case, *, flow_version: int, tier: str, outcome: Outcome,
                  reason: str | None, deemed: bool, at: datetime) -> None:
    """The deciding tier approved or rejected the case."""
    if not heard(case, flow_version):
        return
    _require(case, IN_RELAY, "case.decided", flow_version)
    case.decision = Decision(outcome=outcome, reason=reason, tier=tier, deemed=deemed, at=at)
    case.move(S.DECIDED)
    case.relay_version = flow_version


def hear_delivery(case: Case, *, flow_version: int) -> None:
    """The result reached the resident (collected, mailed or paid)."""
    if not heard(case, flow_version):
        return
    _require(case, frozenset({S.DECIDED, S.DELIVERED}), "case.result_delivered", flow_version)
    if case.status is S.DECIDED:
        case.move(S.DELIVERED)
    case.relay_version = flow_version


def hear_closing(case: Case, *, flow_version: int, why: str) -> None:
    """Routing closed the case; a decided case whose result went out counts as delivered."""
    if not heard(case, flow_version):
        return
    if why != "withdrawn":
        _require(case, frozenset({S.DECIDED, S.DELIVERED, S.RATED}), "case.closed",
                 flow_version)
        if case.status is S.DECIDED:
            case.move(S.DELIVERED)
    case.closed_why = why
    case.relay_version = flow_version


def _require(case: Case, states: frozenset[CaseStatus], event: str, flow_version: int) -> None:
    if case.status not in states:
        raise RelayEventEarly(
            f"{event} (flow version {flow_version}) for case {case.number}, which is "
            f"{case.status}: it needs an earlier event first")
