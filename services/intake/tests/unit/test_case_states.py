"""The intake case's state machine: every move the rules allow, and the named refusals."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from daiban_intake.domain.case import Applicant, Case, NoticeTerms, ProtectedIdNumber
from daiban_intake.domain.case_history import Authorization
from daiban_intake.domain.checklist import MaterialState
from daiban_intake.domain.errors import (
    CaseNotAwaitingReview,
    ChecklistClosed,
    IllegalCaseMove,
    NoAuthorizationToRevoke,
    NothingToSupplement,
    WithdrawalAfterDecision,
)
from daiban_intake.domain.status import MOVES, CaseStatus
from daiban_kernel.actor import Actor
from daiban_kernel.cases import Channel
from daiban_kernel.contracts.case import (
    CaseAcceptedV1,
    CaseIncompleteV1,
    CaseSupplementedV1,
    CaseWithdrawnV1,
)
from daiban_kernel.contracts.matter import MatterVersion

AGENT = Actor(staff_id="agent-1", role="village_agent", place="110116200202")
AT = datetime(2026, 11, 25, 2, 0, tzinfo=UTC)
TERMS = NoticeTerms(supplement_by=date(2026, 12, 10), agent_name="张言平")
S = CaseStatus


def open_case(matter: MatterVersion) -> Case:
    applicant = Applicant("王井权", ProtectedIdNumber(b"x", "h", "110116********0018"),
                          "13900000001")
    case = Case.submit(number="110116-20261125-000001", matter=matter,
                       village_code="110116200202", channel=Channel.HOME_VISIT,
                       applicant=applicant, by=AGENT, at=AT)
    case.events.clear()
    return case


def authorization(case: Case) -> Authorization:
    return Authorization(
        id="a1", principal_name=case.applicant.name, principal_id_masked="x", agent_name="张言平",
        agent_staff_id="agent-1", matter_code=case.matter_code, matter_name="五保",
        signed_on=date(2026, 11, 24), countersigned_by="村主任", scan_attachment_id="s1",
        recorded_by=AGENT, recorded_at=AT)


def complete(case: Case) -> None:
    for item in (1, 2, 3):
        case.mark(item, MaterialState.ORIGINAL_SEEN, None)
    case.authorize(authorization(case))


def test_a_complete_case_is_accepted_with_its_authorization(matter: MatterVersion) -> None:
    case = open_case(matter)
    complete(case)
    case.review(matter, TERMS, by=AGENT, at=AT)
    assert case.status is S.ACCEPTED
    (event,) = case.events
    assert isinstance(event, CaseAcceptedV1)
    assert event.authorization_id == "a1"


def test_an_incomplete_case_gets_one_notice_listing_every_missing_item(
    matter: MatterVersion,
) -> None:
    case = open_case(matter)
    case.mark(1, MaterialState.ORIGINAL_SEEN, None)
    case.mark(2, MaterialState.PROVIDED, None)
    case.review(matter, TERMS, by=AGENT, at=AT)
    assert case.status is S.INCOMPLETE
    (event,) = case.events
    assert isinstance(event, CaseIncompleteV1)
    assert [m.name for m in event.missing] == [
        "户口簿", "本人银行卡（存折）复印件",
        "授权委托书（本人签字，村集体经济组织负责人签字证明）"]
    assert event.missing[0].reason == "已提交复印件，须出示原件核验"
    assert event.notice_id == case.notices[0].id
    assert event.supplement_by.isoformat() == "2026-12-10T23:59:59+08:00"


def test_a_supplement_that_still_lacks_something_gets_a_further_notice(
    matter: MatterVersion,
) -> None:
    case = open_case(matter)
    case.review(matter, TERMS, by=AGENT, at=AT)
    case.mark(1, MaterialState.ORIGINAL_SEEN, None)
    case.events.clear()
    case.supplement(matter, TERMS, by=AGENT, at=AT)
    assert case.status is S.INCOMPLETE
    supplemented, incomplete = case.events
    assert isinstance(supplemented, CaseSupplementedV1)
    assert supplemented.supplied == ("特困人员供养申请书",)
    assert isinstance(incomplete, CaseIncompleteV1)
    assert len(case.notices) == 2
    assert "特困人员供养申请书" not in [m.name for m in case.notices[1].missing]


def test_a_supplement_that_brings_nothing_asked_is_refused_and_changes_nothing(
    matter: MatterVersion,
) -> None:
    case = open_case(matter)
    case.review(matter, TERMS, by=AGENT, at=AT)
    case.events.clear()
    before = (case.status, case.version, case.notices)
    with pytest.raises(NothingToSupplement, match="nothing notice 1 asked for"):
        case.supplement(matter, TERMS, by=AGENT, at=AT)
    assert (case.status, case.version, case.notices, case.events) == (*before, [])


def test_a_further_notice_keeps_the_first_notices_date_unless_the_agent_sets_one(
    matter: MatterVersion,
) -> None:
    case = open_case(matter)
    case.review(matter, TERMS, by=AGENT, at=AT)
    later = NoticeTerms(supplement_by=date(2026, 12, 20), agent_name="张言平")
    case.mark(1, MaterialState.ORIGINAL_SEEN, None)
    case.supplement(matter, later, by=AGENT, at=AT)
    assert case.notices[1].supplement_by == date(2026, 12, 10)
    chosen = NoticeTerms(supplement_by=date(2026, 12, 31), agent_name="张言平",
                         date_set_by_agent=True)
    case.mark(2, MaterialState.ORIGINAL_SEEN, None)
    case.supplement(matter, chosen, by=AGENT, at=AT)
    assert case.notices[2].supplement_by == date(2026, 12, 31)
    incomplete = [e for e in case.events if isinstance(e, CaseIncompleteV1)]
    assert [e.supplement_by.date() for e in incomplete] == [
        date(2026, 12, 10), date(2026, 12, 10), date(2026, 12, 31)]


def test_a_case_is_pre_reviewed_once(matter: MatterVersion) -> None:
    case = open_case(matter)
    case.review(matter, TERMS, by=AGENT, at=AT)
    with pytest.raises(CaseNotAwaitingReview, match="incomplete"):
        case.review(matter, TERMS, by=AGENT, at=AT)


def test_nothing_is_supplemented_before_a_notice_or_a_return(matter: MatterVersion) -> None:
    case = open_case(matter)
    with pytest.raises(NothingToSupplement):
        case.supplement(matter, TERMS, by=AGENT, at=AT)


def test_an_accepted_case_has_its_checklist_closed(matter: MatterVersion) -> None:
    case = open_case(matter)
    complete(case)
    case.review(matter, TERMS, by=AGENT, at=AT)
    with pytest.raises(ChecklistClosed):
        case.mark(1, MaterialState.MISSING, None)


@pytest.mark.parametrize("status", sorted(set(S) - {S.DECIDED, S.DELIVERED, S.RATED, S.WITHDRAWN}))
def test_a_resident_may_withdraw_before_the_decision(matter: MatterVersion,
                                                     status: CaseStatus) -> None:
    case = open_case(matter)
    case.status = status
    case.withdraw("不办了", by=AGENT, at=AT)
    assert case.status is S.WITHDRAWN
    assert isinstance(case.events[-1], CaseWithdrawnV1)


@pytest.mark.parametrize("status", [S.DECIDED, S.DELIVERED, S.RATED, S.WITHDRAWN])
def test_a_decided_or_withdrawn_case_cannot_be_withdrawn(matter: MatterVersion,
                                                         status: CaseStatus) -> None:
    case = open_case(matter)
    case.status = status
    with pytest.raises(WithdrawalAfterDecision) as refused:
        case.withdraw("不办了", by=AGENT, at=AT)
    assert refused.value.status == 409
    assert refused.value.extensions["case_status"] == status


def test_revoking_the_authorization_withdraws_the_case(matter: MatterVersion) -> None:
    case = open_case(matter)
    with pytest.raises(NoAuthorizationToRevoke):
        case.revoke_authorization("改为本人办理", by=AGENT, at=AT)
    case.authorize(authorization(case))
    case.revoke_authorization("改为本人办理", by=AGENT, at=AT)
    assert case.status is S.WITHDRAWN
    assert case.authorization is not None
    assert not case.authorization.in_force
    (event,) = case.events
    assert isinstance(event, CaseWithdrawnV1)
    assert event.authorization_revoked


def test_every_move_outside_the_machine_is_refused(matter: MatterVersion) -> None:
    for current, allowed in MOVES.items():
        for target in set(S) - allowed:
            case = open_case(matter)
            case.status = current
            with pytest.raises(IllegalCaseMove):
                case.move(target)


def test_the_machine_reaches_rated_only_through_decided_and_delivered() -> None:
    assert S.RATED in MOVES[S.DELIVERED]
    assert [s for s, nxt in MOVES.items() if S.DELIVERED in nxt] == [S.DECIDED]
    assert all(S.WITHDRAWN not in MOVES[s] for s in (S.DECIDED, S.DELIVERED, S.RATED))
