"""Routing's news applied in order, and the rules of receipt, rating and complaint."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from daiban_intake.domain.case import Applicant, Case, NoticeTerms, ProtectedIdNumber
from daiban_intake.domain.errors import (
    CaseAlreadyRated,
    ComplaintAlreadyAnswered,
    PapersStillMissing,
    ReceiptAlreadySigned,
    RelayEventEarly,
    ResultNotDelivered,
)
from daiban_intake.domain.status import CaseStatus
from daiban_kernel.actor import Actor
from daiban_kernel.cases import Channel
from daiban_kernel.contracts.case import (
    CaseRatedV1,
    ComplaintAnsweredV1,
    ComplaintFiledV1,
    MissingItem,
)
from daiban_kernel.contracts.matter import MatterVersion
from daiban_kernel.contracts.relay import Outcome

S = CaseStatus
AGENT = Actor(staff_id="agent-1", role="village_agent", place="110116200202")
CLERK = Actor(staff_id="clerk-1", role="town_clerk", place="110116200")
AT = datetime(2026, 11, 25, tzinfo=UTC)
MASKED = "110116********0018"
TERMS = NoticeTerms(supplement_by=date(2026, 12, 10), agent_name=None)


def accepted(matter: MatterVersion) -> Case:
    case = Case.submit(number="110116-20261125-000001", matter=matter,
                       village_code="110116200202", channel=Channel.STATION,
                       applicant=Applicant("王", ProtectedIdNumber(b"", "", MASKED), "1"),
                       by=AGENT, at=AT)
    case.status = S.ACCEPTED
    case.events.clear()
    return case


def decide(case: Case, flow_version: int = 5) -> None:
    case.hear_decision(flow_version=flow_version, tier="department",
                        outcome=Outcome.APPROVED, reason=None, deemed=False, at=AT)


def test_a_return_reopens_the_checklist_and_issues_a_notice_to_the_owner(
    matter: MatterVersion,
) -> None:
    case = accepted(matter)
    notice = case.hear_return(matter, flow_version=3, tier="town",
                               reasons=(MissingItem(name="户口簿", reason="不清晰"),), by=CLERK,
                               at=AT, terms=TERMS)
    assert case.status is S.RETURNED
    assert notice is not None
    assert notice.agent == AGENT
    assert notice.after_return_by == "town"
    assert case.open_return is not None
    assert case.open_return.flow_version == 3


def test_a_returned_case_goes_back_only_with_every_paper_and_says_which_are_missing(
    matter: MatterVersion,
) -> None:
    case = accepted(matter)
    case.hear_return(matter, flow_version=3, tier="town",
                     reasons=(MissingItem(name="户口簿", reason="不清晰"),), by=CLERK, at=AT,
                     terms=TERMS)
    with pytest.raises(PapersStillMissing, match=r"still lacks: .*户口簿") as refused:
        case.supplement(matter, TERMS, by=AGENT, at=AT)
    assert refused.value.title == "Papers the return asked for are still missing"
    assert case.status is S.RETURNED


def test_a_redelivered_or_overtaken_relay_event_changes_nothing(matter: MatterVersion) -> None:
    case = accepted(matter)
    decide(case, 5)
    assert case.hear_return(matter, flow_version=4, tier="town",
                             reasons=(MissingItem(name="户口簿", reason="x"),), by=CLERK, at=AT,
                             terms=TERMS) is None
    decide(case, 5)
    assert (case.status, case.relay_version) == (S.DECIDED, 5)


def test_a_delivery_before_the_decision_waits(matter: MatterVersion) -> None:
    case = accepted(matter)
    with pytest.raises(RelayEventEarly):
        case.hear_delivery(flow_version=6)
    assert case.relay_version == 0


def test_a_signed_receipt_delivers_a_decided_case_once(matter: MatterVersion) -> None:
    case = accepted(matter)
    decide(case)
    case.sign_receipt(received_on=date(2026, 11, 30), feedback="满意", by=AGENT, at=AT)
    assert case.status is S.DELIVERED
    with pytest.raises(ReceiptAlreadySigned):
        case.sign_receipt(received_on=date(2026, 11, 30), feedback=None, by=AGENT, at=AT)


def test_a_case_is_rated_once_and_only_after_delivery(matter: MatterVersion) -> None:
    case = accepted(matter)
    with pytest.raises(ResultNotDelivered):
        case.rate(stars=5, comment=None, by=AGENT, at=AT, complaint_id="c1")
    decide(case)
    case.hear_delivery(flow_version=6)
    assert case.rate(stars=4, comment="好", by=AGENT, at=AT, complaint_id="c1") is None
    assert case.status is S.RATED
    with pytest.raises(CaseAlreadyRated):
        case.rate(stars=1, comment=None, by=AGENT, at=AT, complaint_id="c2")


@pytest.mark.parametrize("stars", [1, 2])
def test_a_bad_rating_opens_a_complaint_that_is_answered_once(matter: MatterVersion,
                                                               stars: int) -> None:
    case = accepted(matter)
    decide(case)
    case.hear_delivery(flow_version=6)
    complaint = case.rate(stars=stars, comment="太慢", by=AGENT, at=AT, complaint_id="c1")
    assert complaint is not None
    assert complaint.from_rating
    (rated,) = case.events
    assert isinstance(rated, CaseRatedV1)
    assert rated.complaint_id == "c1"
    (filed,) = complaint.events
    assert isinstance(filed, ComplaintFiledV1)
    assert filed.case_number == case.number
    complaint.respond("已整改", by=CLERK, at=AT)
    assert isinstance(complaint.events[-1], ComplaintAnsweredV1)
    with pytest.raises(ComplaintAlreadyAnswered):
        complaint.respond("再答", by=CLERK, at=AT)
