"""A case life through the rule table: each person hears exactly what the table says, with the
case number, the matter's name and the dates."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

import pytest

from daiban_kernel.actor import Actor
from daiban_kernel.cases import Channel
from daiban_kernel.china import CHINA
from daiban_kernel.contracts.case import (
    CaseAcceptedV1,
    CaseIncompleteV1,
    CaseRatedV1,
    CaseTakenOverV1,
    ComplaintFiledV1,
    MissingItem,
    RatingEntry,
)
from daiban_kernel.contracts.matter import Tier
from daiban_kernel.contracts.notification import NotificationFailedV1, NotificationSentV1
from daiban_kernel.contracts.relay import (
    CaseAssignedV1,
    CaseDecidedV1,
    CaseHandedOverV1,
    CaseHandoverRemindedV1,
    CaseResultDeliveredV1,
    CaseReturnedV1,
    Delivery,
    Outcome,
)
from daiban_kernel.contracts.report import ReportMonthlyReadyV1
from daiban_kernel.contracts.sla import (
    SlaBreachedV1,
    SlaComplaintOverdueV1,
    SlaEscalatedV1,
    SlaTimedOutV1,
    SlaWarningV1,
)
from daiban_kernel.contracts.staff import Duty, StaffCreatedV1, StaffDutyChangedV1
from daiban_kernel.errors import NotYetKnown, RatingLinkExpired
from daiban_kernel.rating_link import RatingLink, verify_rating_link
from daiban_kernel.roles import Role
from daiban_notify.domain.delivery import DeliveryChannel, DeliveryStatus
from daiban_notify.domain.errors import CaseNotYetSubmitted
from daiban_notify.handlers import keep_staff_member
from daiban_notify.ports import UnitOfWork

from .conftest import (
    AGENT,
    COUNTY,
    GATEWAY,
    MORNING,
    NUMBER,
    PHONE,
    RATING_SECRET,
    REF,
    STAFF,
    TOWN,
    VILLAGE,
    Hear,
    deadline,
    person,
    started,
    submitted,
)

CLERK = Actor(staff_id="clerk-a", role=Role.TOWN_CLERK, place=TOWN, name="王芳")


async def notices(uow: UnitOfWork) -> list[tuple[str, str, str]]:
    """(rule, recipient, channel) of every notice of the case, in order."""
    async with uow:
        return [(d.rule, d.recipient, d.channel.value)
                for d in await uow.deliveries.of_case(NUMBER)]


async def text_of(uow: UnitOfWork, rule: str) -> str:
    async with uow:
        (found,) = [d for d in await uow.deliveries.of_case(NUMBER) if d.rule == rule]
    return found.text


async def test_the_agent_who_submitted_gets_the_confirmation_in_her_inbox_at_once(
    hear: Hear, county: UnitOfWork,
) -> None:
    events = await hear(submitted())
    assert await notices(county) == [("submitted_to_agent", "agent-1", "inbox")]
    (sent,) = events
    assert isinstance(sent, NotificationSentV1)
    assert sent.recipient == "agent-1"
    assert "城乡居民基本养老保险待遇申领" in await text_of(county, "submitted_to_agent")


async def test_the_resident_is_told_the_case_number_the_matter_and_the_limit_by_sms(
    hear: Hear, county: UnitOfWork,
) -> None:
    await hear(submitted())
    await hear(started())
    async with county as uow:
        (sms,) = [d for d in await uow.deliveries.of_case(NUMBER)
                  if d.rule == "accepted_to_resident"]
    assert (sms.channel, sms.address, sms.status) == (DeliveryChannel.SMS, PHONE,
                                                       DeliveryStatus.PENDING)
    assert sms.shown_address == "138****8000"
    assert sms.text == ("【代办】李林珍您好，您委托代办的“城乡居民基本养老保险待遇申领”已受理，"
                        f"案件编号{NUMBER}，承诺13个工作日内办结，办结期限2026年12月18日。")


async def test_the_clocks_start_overtaking_the_submission_waits_for_it_then_texts_the_phone(
    hear: Hear, county: UnitOfWork,
) -> None:
    """sla.started comes from another service and may reach notify before case.submitted: it is
    retried (NotYetKnown) rather than recorded to a resident with no phone."""
    with pytest.raises(CaseNotYetSubmitted) as raised:
        await hear(started())
    assert isinstance(raised.value, NotYetKnown)
    assert await notices(county) == []
    await hear(submitted())
    await hear(started())
    async with county as uow:
        (sms,) = [d for d in await uow.deliveries.of_case(NUMBER)
                  if d.rule == "accepted_to_resident"]
    assert (sms.address, sms.status) == (PHONE, DeliveryStatus.PENDING)


async def test_a_staff_only_event_does_not_wait_for_the_submission(
    hear: Hear, county: UnitOfWork,
) -> None:
    await hear(CaseHandedOverV1(case=REF, flow_version=3, at=MORNING, handover_id="h-1",
                                from_tier=Tier.VILLAGE, to_tier=Tier.TOWN, direction="up",
                                by=AGENT))
    assert [n[0] for n in await notices(county)] == ["handover_to_holder", "handover_to_holder"]


async def test_the_acceptance_alone_sends_nothing_the_clocks_start_sends_one_sms(
    hear: Hear, county: UnitOfWork,
) -> None:
    await hear(submitted())
    await hear(CaseAcceptedV1(case=REF, channel=Channel.STATION, applicant=submitted().applicant,
                              by=AGENT, at=MORNING))
    await hear(started())
    assert [n for n in await notices(county) if n[1] == f"resident:{NUMBER}"] == [
        ("accepted_to_resident", f"resident:{NUMBER}", "sms")]


async def test_a_provisional_deadline_is_named_as_expected(
    hear: Hear, county: UnitOfWork,
) -> None:
    await hear(submitted())
    await hear(started(provisional=True))
    assert "预计办结期限2026年12月18日" in await text_of(county, "accepted_to_resident")


async def test_the_one_time_notice_lists_what_is_missing_and_by_when(
    hear: Hear, county: UnitOfWork,
) -> None:
    await hear(submitted())
    await hear(CaseIncompleteV1(
        case=REF, missing=(MissingItem(name="户口簿", reason="原件"),
                           MissingItem(name="银行卡", reason="复印件")),
        supplement_by=MORNING + timedelta(days=5), notice_id="n-1", by=AGENT, at=MORNING))
    text = await text_of(county, "notice_to_resident")
    assert "户口簿、银行卡" in text
    assert "2026年12月6日前" in text


async def test_a_handover_up_reaches_the_clerks_of_the_town_and_an_absent_one_through_her_partner(
    hear: Hear, county: UnitOfWork,
) -> None:
    await hear(submitted())
    absent = next(s for s in STAFF if s.staff_id == "clerk-a")
    async with county as uow:
        await keep_staff_member(StaffDutyChangedV1(snapshot=absent.model_copy(
            update={"duty": Duty.ABSENT, "version": 2})), uow)
    await hear(CaseHandedOverV1(case=REF, flow_version=3, at=MORNING, handover_id="h-1",
                                from_tier=Tier.VILLAGE, to_tier=Tier.TOWN, direction="up",
                                by=AGENT))
    assert [n for n in await notices(county) if n[0] == "handover_to_holder"] == [
        ("handover_to_holder", "clerk-b", "inbox")]


def reminded(assignee: Actor | None) -> CaseHandoverRemindedV1:
    return CaseHandoverRemindedV1(case=REF, flow_version=3, at=MORNING, handover_id="h-1",
                                  to_tier=Tier.TOWN, to_place=TOWN,
                                  handed_at=MORNING - timedelta(hours=26),
                                  waiting_seconds=26 * 3600, assignee=assignee)


async def test_a_handover_reminder_reaches_the_assignee_in_her_inbox_and_by_sms(
    hear: Hear, county: UnitOfWork,
) -> None:
    await hear(submitted())
    await hear(reminded(CLERK))
    async with county as uow:
        found = {d.channel: d for d in await uow.deliveries.of_case(NUMBER)
                 if d.event_type == "case.handover_reminded"}
    assert set(found) == {DeliveryChannel.INBOX, DeliveryChannel.SMS}
    inbox, sms = found[DeliveryChannel.INBOX], found[DeliveryChannel.SMS]
    assert (inbox.recipient, inbox.status, inbox.rule) == (
        "clerk-a", DeliveryStatus.SENT, "reminder_to_holder")
    assert inbox.text == ("【交接催办】王芳：“城乡居民基本养老保险待遇申领”（"
                          f"{NUMBER}）移交后尚未签收，已等待26小时，请尽快签收。")
    assert (sms.recipient, sms.address, sms.status, sms.rule) == (
        "clerk-a", "13912345678", DeliveryStatus.PENDING, "reminder_sms_to_holder")
    assert sms.text == (f"【代办】王芳：“城乡居民基本养老保险待遇申领”（{NUMBER}）"
                        "移交后尚未签收，请尽快签收办理。")


async def test_a_reminder_without_an_assignee_reaches_the_clerks_of_the_receiving_town(
    hear: Hear, county: UnitOfWork,
) -> None:
    await hear(submitted())
    await hear(reminded(None))
    assert sorted(n for n in await notices(county) if n[0].startswith("reminder")) == [
        ("reminder_sms_to_holder", "clerk-a", "sms"), ("reminder_sms_to_holder", "clerk-b", "sms"),
        ("reminder_to_holder", "clerk-a", "inbox"), ("reminder_to_holder", "clerk-b", "inbox")]


async def test_the_partner_covering_is_told_the_case_moved_to_them(
    hear: Hear, county: UnitOfWork,
) -> None:
    await hear(submitted())
    partner = Actor(staff_id="clerk-b", role=Role.TOWN_CLERK, place=TOWN, name="刘洋")
    await hear(CaseAssignedV1(case=REF, flow_version=4, at=MORNING, tier=Tier.TOWN,
                              station_code=f"{TOWN}-01", assignee=partner,
                              reason="partner_cover"))
    assert [n for n in await notices(county) if n[1] == "clerk-b"] == [
        ("cover_to_partner", "clerk-b", "inbox")]
    assert "AB岗顶岗" in await text_of(county, "cover_to_partner")


async def test_a_yellow_light_reaches_the_holder_of_the_stage(
    hear: Hear, county: UnitOfWork,
) -> None:
    await hear(submitted())
    await hear(CaseAssignedV1(case=REF, flow_version=4, at=MORNING, tier=Tier.TOWN,
                              station_code=f"{TOWN}-01", assignee=CLERK, reason="initial"))
    await hear(SlaWarningV1(case=REF, clock_id="c-1", stage=Tier.TOWN, deadline=deadline(),
                            at=MORNING, place_code=TOWN, used_share=0.8))
    assert ("yellow_to_holder", "clerk-a", "inbox") in await notices(county)
    assert "截止2026年12月4日" in await text_of(county, "yellow_to_holder")


async def test_a_red_light_and_its_escalation_reach_the_supervisors_of_the_tier_above(
    hear: Hear, county: UnitOfWork,
) -> None:
    await hear(submitted())
    await hear(SlaBreachedV1(case=REF, clock_id="c-1", stage=Tier.VILLAGE, deadline=deadline(),
                             at=MORNING, place_code=REF.village_code))
    await hear(SlaEscalatedV1(case=REF, clock_id="c-1", stage=Tier.VILLAGE,
                              deadline=deadline(), at=MORNING, place_code=REF.village_code,
                              to_place=COUNTY))
    found = sorted(n for n in await notices(county) if n[0].startswith(("red", "escalated")))
    assert found == [("escalated_mail_to_supervisor", "sup-county", "email"),
                     ("escalated_to_supervisor", "sup-county", "inbox"),
                     ("red_sms_to_supervisor", "sup-town", "sms"),
                     ("red_to_supervisor", "sup-town", "inbox")]


async def test_a_timeout_default_is_reported_to_the_supervisor_above(
    hear: Hear, county: UnitOfWork,
) -> None:
    await hear(submitted())
    await hear(SlaTimedOutV1(case=REF, clock_id="c-2", stage=Tier.TOWN, deadline=deadline(),
                             at=MORNING, place_code=TOWN))
    assert ("timeout_to_supervisor", "sup-county", "inbox") in await notices(county)


async def test_the_result_back_at_the_village_reaches_the_agent_and_the_resident(
    hear: Hear, county: UnitOfWork,
) -> None:
    await hear(submitted())
    await hear(CaseHandedOverV1(case=REF, flow_version=9, at=MORNING, handover_id="h-9",
                                from_tier=Tier.TOWN, to_tier=Tier.VILLAGE, direction="down",
                                by=CLERK))
    found = await notices(county)
    assert ("back_to_agent", "agent-1", "inbox") in found
    assert ("ready_to_resident", f"resident:{NUMBER}", "sms") in found
    assert "取回" in await text_of(county, "back_to_agent")


async def test_a_return_for_correction_tells_the_resident_and_the_agent_what_to_correct(
    hear: Hear, county: UnitOfWork,
) -> None:
    await hear(submitted())
    await hear(CaseReturnedV1(case=REF, flow_version=6, at=MORNING, tier=Tier.TOWN, by=CLERK,
                              reasons=(MissingItem(name="户口簿", reason="缺户主页"),)))
    found = await notices(county)
    assert ("returned_to_resident", f"resident:{NUMBER}", "sms") in found
    assert ("returned_to_agent", "agent-1", "inbox") in found
    text = await text_of(county, "returned_to_agent")
    assert "户口簿（缺户主页）" in text
    assert NUMBER in text


async def test_after_a_take_over_the_owner_hears_what_the_agent_must_not_who_registered_it(
    hear: Hear, county: UnitOfWork,
) -> None:
    """A grid worker registered the report; the village agent took it over (首问负责): the
    return for correction and the result back at the village reach the agent."""
    grid = person("grid-1", "李网格", Role.GRID_WORKER, VILLAGE)
    async with county as uow:
        await keep_staff_member(StaffCreatedV1(snapshot=grid), uow)
    worker = Actor(staff_id="grid-1", role=Role.GRID_WORKER, place=VILLAGE, name="李网格")
    await hear(submitted().model_copy(update={"submitted_by": worker}))
    await hear(CaseTakenOverV1(case=REF, previous_owner=worker, owner=AGENT, at=MORNING))
    await hear(CaseReturnedV1(case=REF, flow_version=6, at=MORNING, tier=Tier.TOWN, by=CLERK,
                              reasons=(MissingItem(name="户口簿", reason="缺户主页"),)))
    await hear(CaseHandedOverV1(case=REF, flow_version=9, at=MORNING, handover_id="h-9",
                                from_tier=Tier.TOWN, to_tier=Tier.VILLAGE, direction="down",
                                by=CLERK))
    found = [(rule, to) for rule, to, _ in await notices(county)]
    assert ("returned_to_agent", "agent-1") in found
    assert ("back_to_agent", "agent-1") in found
    assert not [n for n in found if n[1] == "grid-1" and n[0] != "submitted_to_agent"]


async def test_a_rejection_tells_the_resident_why_and_a_mailed_result_its_tracking_number(
    hear: Hear, county: UnitOfWork,
) -> None:
    await hear(submitted())
    await hear(CaseDecidedV1(case=REF, flow_version=7, at=MORNING, tier=Tier.TOWN,
                             outcome=Outcome.REJECTED, reason="不符合申领年龄", by=CLERK))
    await hear(CaseResultDeliveredV1(case=REF, flow_version=10, at=MORNING,
                                     delivery=Delivery.MAILED, tracking_number="SF123",
                                     delivered_on=date(2026, 12, 1), by=AGENT))
    assert "原因：不符合申领年龄" in await text_of(county, "decided_to_resident")
    mailed = await text_of(county, "mailed_to_resident")
    assert "运单号SF123" in mailed
    # one SMS per event and person: the mailed result's carries the rating link itself
    assert "请您评价" in mailed
    assert _rated_case(mailed) == RatingLink(NUMBER, date(2026, 12, 31))
    assert "rate_to_resident" not in [rule for rule, _, _ in await notices(county)]


def _rated_case(text: str) -> RatingLink:
    """The case and day of the rating link in an SMS, as intake verifies it."""
    (token,) = re.findall(rf"{re.escape(GATEWAY)}/rate/([A-Za-z0-9_-]+)", text)
    return verify_rating_link(token, secret=RATING_SECRET, today=date(2026, 12, 1))


async def test_a_delivered_result_asks_the_resident_to_rate_by_a_link_for_that_case(
    hear: Hear, county: UnitOfWork,
) -> None:
    await hear(submitted())
    await hear(CaseResultDeliveredV1(case=REF, flow_version=10, at=MORNING,
                                     delivery=Delivery.COLLECTED, delivered_on=date(2026, 12, 1),
                                     by=AGENT))
    assert ("rate_to_resident", f"resident:{NUMBER}", "sms") in await notices(county)
    text = await text_of(county, "rate_to_resident")
    assert text.startswith("【代办】")
    assert "请您评价" in text
    assert NUMBER in text
    assert _rated_case(text) == RatingLink(NUMBER, date(2026, 12, 31))
    with pytest.raises(RatingLinkExpired):
        verify_rating_link(re.findall(r"/rate/([A-Za-z0-9_-]+)", text)[0],
                           secret=RATING_SECRET, today=date(2027, 1, 1))


@pytest.mark.parametrize("delivered_on", [date(9999, 12, 31), date(1960, 1, 1)])
async def test_a_delivery_day_no_rating_link_can_carry_fails_that_sms_with_its_reason(
    hear: Hear, county: UnitOfWork, delivered_on: date,
) -> None:
    """The event is handled, not retried until parked: the please-rate SMS is a recorded
    failure naming the day (routing refuses such a day now; older events may carry one)."""
    await hear(submitted())
    events = await hear(CaseResultDeliveredV1(case=REF, flow_version=10, at=MORNING,
                                              delivery=Delivery.COLLECTED,
                                              delivered_on=delivered_on, by=AGENT))
    async with county as uow:
        (sms,) = [d for d in await uow.deliveries.of_case(NUMBER)
                  if d.rule == "rate_to_resident"]
    assert sms.status is DeliveryStatus.FAILED
    assert sms.error is not None
    assert str(delivered_on) in sms.error
    assert any(isinstance(e, NotificationFailedV1) and e.recipient == f"resident:{NUMBER}"
               for e in events)


async def test_a_bad_rating_and_a_complaint_reach_the_town_supervisor_a_good_rating_nobody(
    hear: Hear, county: UnitOfWork,
) -> None:
    await hear(submitted())
    await hear(CaseRatedV1(case=REF, stars=5, at=MORNING))
    await hear(CaseRatedV1(case=REF, stars=1, comment="态度差", at=MORNING + timedelta(1)))
    await hear(ComplaintFiledV1(complaint_id="cp-1", case_number=NUMBER,
                                place_code=REF.village_code, summary="多次跑腿", at=MORNING))
    found = sorted(n for n in await notices(county) if n[1].startswith("sup"))
    assert found == [("bad_rating_to_supervisor", "sup-town", "inbox"),
                     ("complaint_mail_to_supervisor", "sup-town", "email"),
                     ("complaint_to_supervisor", "sup-town", "inbox")]


async def test_a_rating_the_resident_gave_by_link_reaches_the_agent_one_keyed_in_does_not(
    hear: Hear, county: UnitOfWork,
) -> None:
    await hear(submitted())
    await hear(CaseRatedV1(case=REF, stars=5, at=MORNING, by=AGENT))  # keyed in at the window
    assert [n for n in await notices(county) if n[0] == "rated_to_agent"] == []
    await hear(CaseRatedV1(case=REF, stars=2, comment="等太久", at=MORNING,
                           entered_by=RatingEntry.RESIDENT))
    assert [n for n in await notices(county) if n[0] == "rated_to_agent"] == [
        ("rated_to_agent", "agent-1", "inbox")]
    text = await text_of(county, "rated_to_agent")
    for wanted in ("2星评价", "等太久", NUMBER):
        assert wanted in text


async def test_a_complaint_unanswered_past_its_limit_alarms_the_town_supervisor(
    hear: Hear, county: UnitOfWork,
) -> None:
    await hear(submitted())
    limit = datetime.combine(date(2026, 12, 9), time(23, 59, 59, 999_000), CHINA)
    await hear(SlaComplaintOverdueV1(complaint_id="cp-2", case_number=NUMBER,
                                     place_code=REF.village_code, deadline=limit,
                                     at=limit + timedelta(hours=1)))
    found = sorted(n for n in await notices(county) if n[1].startswith("sup"))
    assert found == [("complaint_overdue_sms_to_supervisor", "sup-town", "sms"),
                     ("complaint_overdue_to_supervisor", "sup-town", "inbox")]
    assert await text_of(county, "complaint_overdue_to_supervisor") == (
        f"【投诉超时】陈静：投诉（{NUMBER}）已超过答复时限（截止2026年12月9日）仍未答复，请督办。")
    assert await text_of(county, "complaint_overdue_sms_to_supervisor") == (
        f"【代办】陈静：投诉（{NUMBER}）超时未答复，截止2026年12月9日，请督办。")


async def test_a_resident_without_a_phone_is_a_recorded_failure_with_its_reason(
    hear: Hear, county: UnitOfWork,
) -> None:
    await hear(submitted(phone=None))
    (failed,) = await hear(started())
    assert isinstance(failed, NotificationFailedV1)
    assert failed.reason == "the recipient has no phone number"
    assert failed.recipient == f"resident:{NUMBER}"


async def test_an_event_heard_twice_records_each_notice_once(
    hear: Hear, county: UnitOfWork,
) -> None:
    await hear(submitted(), event_id="e-1")
    again = await hear(submitted(), event_id="e-1")
    assert again == []
    assert await notices(county) == [("submitted_to_agent", "agent-1", "inbox")]


def monthly_report(*, late: bool) -> ReportMonthlyReadyV1:
    return ReportMonthlyReadyV1(
        town_code=TOWN, town_name="桥梓镇", month="2026-11", due_on=date(2026, 12, 5),
        ready_at=MORNING, late=late, received=42, decided=39, on_time=37, overdue=2,
        path=f"/v1/reports/monthly/{TOWN}?month=2026-11")


async def test_the_town_is_told_its_monthly_report_is_due_by_the_fifth(
    hear: Hear, county: UnitOfWork,
) -> None:
    await hear(monthly_report(late=False))
    async with county as uow:
        told = {owner: await uow.deliveries.inbox(owner, unread_only=False, limit=10)
                for owner in ("clerk-a", "clerk-b", "sup-town", "agent-1", "sup-county")}
    assert {owner for owner, found in told.items() if found} == {"clerk-a", "clerk-b", "sup-town"}
    (notice,) = told["sup-town"]
    assert (notice.rule, notice.channel, notice.status) == (
        "monthly_report_to_town", DeliveryChannel.INBOX, DeliveryStatus.SENT)
    assert notice.text == ("【月报待报送】陈静：桥梓镇2026年11月代办月报已生成（受理42件，"
                           "办结39件，按时办结37件，超时2件），"
                           "请于2026年12月5日前报送县便民服务中心管理办公室。")


async def test_a_late_monthly_report_says_it_is_overdue(hear: Hear, county: UnitOfWork) -> None:
    await hear(monthly_report(late=True))
    async with county as uow:
        (notice,) = await uow.deliveries.inbox("clerk-a", unread_only=False, limit=10)
    assert "已逾期，请尽快报送" in notice.text
